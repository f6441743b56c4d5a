"""The audit of a report's own arithmetic, on the seeds and on fixtures made to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from de06.audit import audit, consistent
from de06.extract import extract_file, extract_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = {p.stem: p for p in (Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt")}  # fixtures, never the live data/raw
HEAD = "BÁO CÁO\nKết quả Đề án 06 trên địa bàn tỉnh Nghệ An tháng 9/2025\nThực hiện …\n"


def findings(body: str):
    return audit(extract_text(HEAD + body, "x"))


@pytest.fixture(scope="module")
def seed_findings():
    return {doc: audit(extract_file(p)) for doc, p in REPORTS.items()}


def test_seed_004_electricity_mismatch_is_found(seed_findings):
    # "chiếm tỷ lệ 69,09% (124.546/179.788 khách hàng)": 124.546 / 179.788 = 69,27%
    hits = [f for f in seed_findings["004_81f65567ca32de7e"] if f.check == "rate_vs_fraction"]
    assert len(hits) == 1 and "69,09%" in hits[0].message and "69,27%" in hits[0].message
    assert "124.546/179.788" in hits[0].quotes


@pytest.mark.parametrize("doc, quote", [
    ("000_758c85fa00e9b683", "170.978/309.901"),   # 55,17% is 170.978/309.901 rounded
    ("004_81f65567ca32de7e", "551 dịch vụ"),        # 29,65% of 1.858 is truncation (29,655…)
    ("004_81f65567ca32de7e", "224.581"),           # 224.581 + 39.215 = 263.796
    ("000_758c85fa00e9b683", "Mức 1: 15.643"),     # 15.643 + 59.758 = 75.401
    ("000_758c85fa00e9b683", "17.519.721.768"),    # budget parts = 64.434.342.768
])
def test_consistent_statements_raise_nothing(seed_findings, doc, quote):
    assert not [f for f in seed_findings[doc] if quote in f.quotes]


def test_the_seeds_raise_only_the_electricity_finding(seed_findings):
    assert sum(len(v) for v in seed_findings.values()) == 1


@pytest.mark.parametrize("stated, num, den, text, ok", [
    (55.17, 170978, 309901, "55,17%", True),
    (29.65, 551, 1858, "29,65%", True),       # truncated
    (29.66, 551, 1858, "29,66%", True),       # rounded
    (69.09, 124546, 179788, "69,09%", False),
    (7.84, 128045, 1439411, "7,84%", False),  # Khánh Hòa: the counts give 8,90%
    (100, 41, 41, "100%", True),
])
def test_consistent(stated, num, den, text, ok):
    assert consistent(stated, num, den, text) is ok


@pytest.mark.parametrize("body, check", [
    ("Trong tháng, tiếp nhận 1.000/2.000 hồ sơ trực tuyến, đạt tỷ lệ 55%.", "rate_vs_fraction"),
    ("Tổng số 10.000 hồ sơ, trong đó có 6.000 hồ sơ tiếp nhận trực tiếp, 3.000 hồ sơ tiếp nhận trực tuyến.", "parts_vs_total"),
    ("Thu nhận 75.401 hồ sơ tài khoản định danh điện tử (Mức 1: 15.643; Mức 2: 69.758).", "parts_vs_total"),
    ("Tổng kinh phí bố trí: 60.000.000 đồng, trong đó:\n- Kinh phí đầu tư: 40.000.000 đồng.\n- Kinh phí hoạt động: 30.000.000 đồng.", "parts_vs_total"),
    ("Trong kỳ thu nhận 31.491 hồ sơ cấp Căn cước. Mô hình công dân số: trong kỳ đã thu nhận 31.941 hồ sơ cấp Căn cước.", "repeated_figure"),
])
def test_inconsistencies_are_found(body, check):
    assert [f.check for f in findings(body)] == [check]


@pytest.mark.parametrize("body", [
    "Ngày 09/10 và tháng 12/2025 đạt 50%.",
    "Cấp điện mới từ lưới điện hạ áp (220/380V) đạt 99%.",
    "Thực hiện Quyết định số 06/QĐ-TTg, đạt 3%.",
])
def test_dates_voltages_and_references_are_not_fractions(body):
    assert findings(body) == []
