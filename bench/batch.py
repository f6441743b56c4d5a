"""Every briefing in parallel (``de06 briefings``, what ``make briefings`` runs) against the same renders one by one.

Goal: ≥ 1.7× faster on 2 cores, and the outputs byte-identical to the serial renders.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from _common import REPEAT, ROOT, VENV_BIN, main_of, row, run, spread


def _jobs() -> list[tuple[str, str, str]]:
    import sys

    sys.path.insert(0, str(ROOT))
    from de06.briefing import plan_all

    return [(j.period, j.place, j.lang) for j in plan_all()]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((folder / "briefings").rglob("*.html"))}


def measure() -> list[dict]:
    jobs = _jobs()
    de06 = str(VENV_BIN / "de06")
    serial, parallel, same = [], [], True
    cores = os.cpu_count() or 1
    for _ in range(max(1, REPEAT - 1)):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            t = 0.0
            for period, place, lang in jobs:
                t += run([de06, "briefing", "--period", period, "--place", place, "--lang", lang, "--out", a])
            serial.append(t)
            parallel.append(run([de06, "briefings", "--jobs", str(cores), "--out", b]))
            same = same and _digest(Path(a)) == _digest(Path(b)) and len(_digest(Path(b))) == len(jobs)
    s, p = spread(serial), spread(parallel)
    speedup = s["median"] / p["median"]
    return [row(f"batch: {len(jobs)} briefings one by one (sum)", s["median"], "s", "—", True, spread=s),
            row(f"batch: de06 briefings --jobs {cores}", p["median"], "s", "—", True, spread=p),
            row("batch: speed-up", speedup, "×", "≥ 1.7", speedup >= 1.7, cores=cores),
            row("batch: outputs identical to serial", float(same), "bool", "true", same)]


if __name__ == "__main__":
    main_of(measure)
