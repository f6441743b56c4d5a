"""Every briefing on warm kernels (``de06 briefings --force --jobs 2``, what ``make briefings`` runs) against the same
briefings rendered one by one, each by a cold ``de06 briefing … --force`` (a new process and a new kernel).

Goals, measured in the same run: the time per briefing per core of the warm batch (wall time × workers ÷ briefings)
at most 0.25 × one cold ``de06 briefing --period 2025-10 --place vinh-long-2025 --lang vi --force``; the speed-up
over the one-by-one renders at least 1.7×; and the batch's HTML byte-identical to the single renders'.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from _common import REPEAT, ROOT, VENV_BIN, main_of, row, run, spread

JOBS = 2
COLD = ("2025-10", "vinh-long-2025", "vi")  # the briefing the README times


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
    serial, cold, warm, same = [], [], [], True
    for _ in range(max(1, REPEAT - 1)):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            t = 0.0
            for period, place, lang in jobs:
                dt = run([de06, "briefing", "--period", period, "--place", place, "--lang", lang, "--out", a, "--force"])
                t += dt
                if (period, place, lang) == COLD:
                    cold.append(dt)
            serial.append(t)
            warm.append(run([de06, "briefings", "--force", "--jobs", str(JOBS), "--out", b]))
            same = same and _digest(Path(a)) == _digest(Path(b)) and len(_digest(Path(b))) == len(jobs)
    s, c, w = spread(serial), spread(cold), spread(warm)
    per_core = [x * JOBS / len(jobs) for x in warm]
    pc = spread(per_core)
    ratio = pc["median"] / c["median"]
    speedup = s["median"] / w["median"]
    return [row("batch: one cold `de06 briefing … --force` (2025-10 vinh-long-2025 vi)", c["median"], "s", "—", True, spread=c),
            row(f"batch: {len(jobs)} briefings one by one, cold (sum)", s["median"], "s", "—", True, spread=s),
            row(f"batch: de06 briefings --force --jobs {JOBS} (warm kernels)", w["median"], "s", "—", True, spread=w),
            row("batch: warm, time per briefing per core", pc["median"], "s", "—", True, spread=pc),
            row("batch: warm per briefing per core / one cold briefing", ratio, "×", "≤ 0.25", ratio <= 0.25),
            row("batch: speed-up over one by one", speedup, "×", "≥ 1.7", speedup >= 1.7, cores=JOBS),
            row("batch: warm outputs identical to single renders", float(same), "bool", "true", same)]


if __name__ == "__main__":
    main_of(measure)
