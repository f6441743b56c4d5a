"""Peak resident memory of a single briefing render and of ``de06 briefings`` (largest process: a worker or a kernel)."""

from __future__ import annotations

import os
import tempfile

from _common import VENV_BIN, main_of, peak_rss_mb, row


def measure() -> list[dict]:
    de06 = str(VENV_BIN / "de06")
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        single = peak_rss_mb([de06, "briefing", "--period", "2025-10", "--place", "vinh-long-2025", "--lang", "vi",
                              "--out", a])
        batch = peak_rss_mb([de06, "briefings", "--jobs", str(os.cpu_count() or 1), "--out", b])
    return [row("memory: single briefing, largest process", single, "MB", "≤ 400", single <= 400),
            row("memory: de06 briefings, largest process (per worker)", batch, "MB", "≤ 400", batch <= 400)]


if __name__ == "__main__":
    main_of(measure)
