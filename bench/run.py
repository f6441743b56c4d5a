"""``make bench``: every benchmark, a table of figures with their goals, and ``outputs/bench.json``."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch  # noqa: E402
import briefing_vs_floor  # noqa: E402
import extraction  # noqa: E402
import memory  # noqa: E402
import nothing_changed  # noqa: E402
from _common import ROOT  # noqa: E402

SUITES = [("extraction", extraction), ("briefing_vs_floor", briefing_vs_floor), ("nothing_changed", nothing_changed),
          ("batch", batch), ("memory", memory)]


def main() -> int:
    only = set(sys.argv[1:])
    rows, started = [], time.perf_counter()
    for name, mod in SUITES:
        if only and name not in only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows += mod.measure()
    width = max(len(r["name"]) for r in rows)
    print(f"{'measurement':<{width}}  {'value':>10}  {'unit':<6} {'goal':<8} met")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['value']:>10.3f}  {r['unit']:<6} {r['goal']:<8} {'yes' if r['met'] else 'NO'}")
    report = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
              "seconds": round(time.perf_counter() - started, 1), "results": rows}
    out = ROOT / "outputs" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    met = sum(r["met"] for r in rows)
    print(f"{met} of {len(rows)} goals met; {out}  ({report['seconds']} s)")
    return 0  # a report, not a gate: a missed goal is a finding, printed above


if __name__ == "__main__":
    sys.exit(main())
