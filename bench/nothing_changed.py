"""``make briefing PERIOD=2025-10`` right after a render: under 1 s, and no file rewritten (mtimes unchanged)."""

from __future__ import annotations

from _common import REPEAT, ROOT, main_of, row, run, spread


def _mtimes():
    out = ROOT / "outputs"
    return {p: p.stat().st_mtime_ns for p in sorted(out.rglob("*")) if p.is_file()}


def measure() -> list[dict]:
    run(["make", "briefing", "PERIOD=2025-10"])  # make sure it is rendered
    before = _mtimes()
    times = [run(["make", "briefing", "PERIOD=2025-10"]) for _ in range(REPEAT)]
    after = _mtimes()
    s = spread(times)
    return [row("nothing changed: make briefing PERIOD=2025-10", s["median"], "s", "< 1", s["median"] < 1, spread=s),
            row("nothing changed: files rewritten", float(sum(before.get(p) != m for p, m in after.items())), "files",
                "0", before == after)]


if __name__ == "__main__":
    main_of(measure)
