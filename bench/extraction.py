"""Extraction throughput and growth: seeds ×1, ×4, ×16 and 5 MB of generated report-like text, in-process;
``de06 extract`` on the five seeds and on the development corpus ×10 (410 files) as whole processes; seed 000
joined into one 2 MB line (time and peak memory: linear in paragraph length); what importing ``de06.extract`` loads.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPEAT, ROOT, VENV_BIN, main_of, peak_rss_mb, row, run, spread

sys.path.insert(0, str(ROOT))


def _seeds() -> str:
    from de06.text import read_text

    return "\n\n".join(read_text(p) for p in SEEDS)


SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.txt"))
CORPUS = sorted((ROOT / "tests/data/corpus/docs").glob("*.txt"))


def _corpus_x10(folder: Path) -> list[str]:
    """The development corpus copied ten times over, as the 410 separate files a batch would bring.

    Each copy ends with a line of its own, so that no two files have the same text: what a process keeps per text
    (its dates, figures, places) is not found again in a copy, as it would not be in 410 different reports.
    """
    out = []
    for k in range(10):
        for p in CORPUS:
            q = folder / f"{p.stem}_{k}.txt"
            shutil.copyfile(p, q)
            with q.open("a", encoding="utf-8") as f:
                f.write(f"\nBản lưu số {k + 1}.\n")
            out.append(str(q))
    return out


def _generated(size: int, seed: int = 6) -> str:
    """Report-like Vietnamese sentences full of numbers, rates, fractions and dates (deterministic)."""
    rng = random.Random(seed)
    forms = [
        "Trong tháng, đã tiếp nhận {a} hồ sơ trực tuyến, đạt tỷ lệ {p}%.",
        "Lũy kế đến ngày {d}, đã thu nhận {a} hồ sơ cấp Căn cước, trả {b} thẻ.",
        "Tỷ lệ tích hợp sổ sức khỏe điện tử trên VNeID đạt {p}% ({a}/{c}).",
        "Chi trả an sinh xã hội không dùng tiền mặt cho {a}/{c} đối tượng, đạt {p}%.",
        "Tra cứu thông tin thẻ BHYT bằng CCCD gắn chíp thành công {a} lượt, đạt {p}%.",
        "Thu nhận {a} hồ sơ định danh điện tử mức 2 và {b} hồ sơ mức 1.",
    ]
    out, n = ["BÁO CÁO tháng 10/2025 tỉnh Vĩnh Long\n"], 0
    while n < size:
        a, b = rng.randint(10, 999_999), rng.randint(10, 99_999)
        c = a + rng.randint(1, 999_999)
        s = rng.choice(forms).format(a=f"{a:,}".replace(",", "."), b=f"{b:,}".replace(",", "."),
                                     c=f"{c:,}".replace(",", "."), p=f"{100 * a / c:.2f}".replace(".", ","),
                                     d=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025")
        out.append(s + ("\n" if rng.random() < 0.3 else " "))
        n += len(s.encode()) + 1
    return "".join(out)


def _time(text: str) -> float:
    from de06.extract import extract_text

    best = []
    for r in range(REPEAT):
        variant = text + " " * (r + 1)  # a new text each time: nothing read per text is found again
        t = time.perf_counter()
        extract_text(variant, "bench")
        best.append(time.perf_counter() - t)
    return spread(best)["median"]


def measure() -> list[dict]:
    from de06.extract import extract_text

    seeds = _seeds()
    # catalog, places and regexes loaded once, as in any long run; warmed on another text than the one timed, or
    # ×1 would find its dates, numbers and places already read (kept per text) and the growth ratio would flatter
    extract_text(seeds + " ", "warm")
    t = {k: _time(seeds * k) for k in (1, 4, 16)}
    mb = len(seeds.encode()) / 1e6
    big = _generated(5_000_000)
    t_big = _time(big)
    rate_seeds = 16 * mb / t[16]
    rate_big = len(big.encode()) / 1e6 / t_big
    growth = t[16] / (16 * t[1])
    whole = spread([run([str(VENV_BIN / "de06"), "extract", *map(str, SEEDS)]) for _ in range(REPEAT)])
    with tempfile.TemporaryDirectory() as tmp:
        files = _corpus_x10(Path(tmp))
        corpus_mb = sum(Path(f).stat().st_size for f in files) / 1e6
        corpus = spread([run([str(VENV_BIN / "de06"), "extract", *files, "--format", "jsonl"]) for _ in range(REPEAT)])
        line = Path(tmp) / "one-line.txt"
        from de06.text import read_text
        one = read_text(SEEDS[0]).replace("\n", " ")
        line.write_text((one + " ") * max(1, int(2e6 // len(one.encode()))), encoding="utf-8")
        line_mb = line.stat().st_size / 1e6
        line_t = spread([run([str(VENV_BIN / "de06"), "extract", str(line)]) for _ in range(REPEAT)])
        line_rss = peak_rss_mb([str(VENV_BIN / "de06"), "extract", str(line)])
    corpus_rate = corpus_mb / corpus["median"]
    code = "import sys, de06.extract; print(sorted(m for m in ('pandas', 'matplotlib', 'statsmodels') if m in sys.modules))"
    heavy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout.strip()
    return [
        row("extraction: seeds ×1", t[1], "s", "—", True, mb=round(mb, 3)),
        row("extraction: seeds ×4", t[4], "s", "—", True),
        row("extraction: seeds ×16", t[16], "s", "—", True),
        row("extraction: throughput, seeds ×16", rate_seeds, "MB/s", "≥ 1", rate_seeds >= 1),
        row("extraction: throughput, 5 MB generated", rate_big, "MB/s", "≥ 1", rate_big >= 1, seconds=round(t_big, 3)),
        row("extraction: time ×16 / (16 × time ×1)", growth, "ratio", "≤ 1.1", growth <= 1.1),
        row("extraction: de06 extract on the five seeds (whole process)", whole["median"], "s", "< 1",
            whole["median"] < 1, spread=whole),
        row("extraction: de06 extract on the corpus ×10, 410 files (whole process)", corpus_rate, "MB/s", "≥ 1",
            corpus_rate >= 1, mb=round(corpus_mb, 2), spread=corpus),
        row(f"extraction: seed 000 as one {line_mb:.1f} MB line (whole process)", line_t["median"], "s", "≤ 5",
            line_t["median"] <= 5, spread=line_t),
        row("extraction: peak RSS, the one-line document", line_rss, "MB", "≤ 500", line_rss <= 500),
        row("extraction: heavy modules loaded by import de06.extract", float(heavy != "[]"), "count", "none",
            heavy == "[]", loaded=heavy),
    ]


if __name__ == "__main__":
    main_of(measure)
