"""Tests for de06.documents: a report's kind, place, period, date and number, read from its text.

Expected values come from tests/data/gold/seed_documents.csv; each case quotes the seed
sentence (data/raw/reports/) the value is read from.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from de06.documents import describe, is_reference_date
from de06.text import read_text

HERE = Path(__file__).parent
SEEDS = HERE / "data" / "seeds"
GOLD = HERE / "data" / "gold" / "seed_documents.csv"


def _gold() -> dict[str, dict]:
    with GOLD.open(encoding="utf-8", newline="") as f:
        return {r["doc"]: r for r in csv.DictReader(f)}


GOLD_ROWS = _gold()
_DESCRIBED: dict[str, object] = {}


def described(doc: str):
    if doc not in _DESCRIBED:
        _DESCRIBED[doc] = describe(read_text(SEEDS / f"{doc}.txt"), doc)
    return _DESCRIBED[doc]


def test_gold_covers_every_seed():
    assert sorted(GOLD_ROWS) == sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize(
    "doc",
    [
        # 000: "BÁO CÁO ... trong tháng 10/2025" / "Ủy ban nhân dân (UBND) tỉnh Vĩnh Long báo cáo kết quả"
        "000_758c85fa00e9b683",
        # 001: " KẾ HOẠCH ... trên địa bàn tỉnh Vĩnh Long 04 tháng cuối năm 2025"
        "001_1757523d643b6cab",
        # 002: "Ngày 11/9/2025, UBND tỉnh Vĩnh Long đã ban hành Kế hoạch triển khai thực hiện nhiệm vụ Đề án ..."
        "002_22e83e04b4d45b45",
        # 003: "Tổ công tác Đề án 06 xã Vĩnh Phúc báo cáo kết quả như sau:"
        "003_bfe5fe3f71bb72dc",
        # 004: "BÁO CÁO ... trên địa bàn tỉnh Trà Vinh năm 2022"
        "004_81f65567ca32de7e",
    ],
)
def test_kind_and_place(doc):
    gold, d = GOLD_ROWS[doc], described(doc)
    assert d.doc == doc
    assert (d.kind, d.jurisdiction, d.level) == (gold["kind"], gold["jurisdiction"], gold["level"])


@pytest.mark.parametrize(
    ("doc", "start", "end"),
    [
        # 000: "Kết quả triển khai thực hiện Đề án ... trong tháng 10/2025"
        ("000_758c85fa00e9b683", date(2025, 10, 1), date(2025, 10, 31)),
        # 003: "Kết quả làm sạch dữ liệu tính đến ngày 15/9/2024 như sau:" (no period in the header)
        ("003_bfe5fe3f71bb72dc", date(2024, 9, 1), date(2024, 9, 15)),
        # 004: "trên địa bàn tỉnh Trà Vinh năm 2022"
        ("004_81f65567ca32de7e", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_period(doc, start, end):
    d = described(doc)
    assert d.period == GOLD_ROWS[doc]["period"]
    assert (d.period_start, d.period_end) == (start, end)


@pytest.mark.parametrize(
    "doc",
    [
        # 000: "Vĩnh Long, ngày 16 tháng 10 năm 2025" and "Số: 367/BC-UBND"
        "000_758c85fa00e9b683",
        # 003, 004: the documents state no date or number of their own (gold: empty)
        "003_bfe5fe3f71bb72dc",
        "004_81f65567ca32de7e",
    ],
)
def test_report_dated_and_reference(doc):
    gold, d = GOLD_ROWS[doc], described(doc)
    assert d.kind == "report"
    assert d.dated == (date.fromisoformat(gold["dated"]) if gold["dated"] else None)
    assert d.reference == gold["reference"]


def test_report_000_details():
    d = described("000_758c85fa00e9b683")
    # 000: "Vĩnh Long, ngày 16 tháng 10 năm 2025"
    assert d.dated == date(2025, 10, 16) == d.on
    # 000: "Số: 367/BC-UBND"
    assert d.reference == "367/BC-UBND"
    # 000: "... trong tháng 10/2025" names the window; a report is not forward-looking
    assert d.states_window and not d.forward


@pytest.mark.parametrize(
    "doc",
    [
        # 001: " KẾ HOẠCH " — a plan: every figure is a target
        "001_1757523d643b6cab",
        # 002: "UBND tỉnh Vĩnh Long đã ban hành Kế hoạch triển khai ..." — news announcing a plan
        "002_22e83e04b4d45b45",
    ],
)
def test_plan_and_plan_news_are_forward(doc):
    assert described(doc).forward


def test_news_lead_date():
    # 002: "Ngày 11/9/2025, UBND tỉnh Vĩnh Long đã ban hành Kế hoạch ..."
    assert described("002_22e83e04b4d45b45").dated == date(2025, 9, 11)


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        # 000: "Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án ..."
        ("Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ", "06/01/2022", True),
        # 000: "Căn cứ Công văn số 1580/TCTTKĐA ngày 22/5/2023 của Tổ công tác triển khai Đề án 06 Chính phủ"
        ("Căn cứ Công văn số 1580/TCTTKĐA ngày 22/5/2023 của Tổ công tác", "22/5/2023", True),
        # 000: "... Nghị định số 69/2024/NĐ-CP ngày 25/6/2024 của Chính phủ quy định về định danh ..."
        ("Nghị định số 69/2024/NĐ-CP ngày 25/6/2024 của Chính phủ", "25/6/2024", True),
        # 004: "Thực hiện Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ"
        ("Thực hiện Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng", "06 tháng 01", True),
        # 000: "Đến ngày 03/10/2025, trên địa bàn tỉnh Vĩnh Long có 1.073.204 trường hợp ..."
        ("Đến ngày 03/10/2025, trên địa bàn tỉnh Vĩnh Long có 1.073.204 trường hợp", "03/10/2025", False),
        # 000: "lũy kế đến ngày 09/10/2025 có tổng số 15.136.492 lượt tra cứu"
        ("lũy kế đến ngày 09/10/2025 có tổng số 15.136.492 lượt tra cứu", "09/10/2025", False),
        # 000: "từ ngày 11/9/2025 đến ngày 09/10/2025, đã phát hiện và ngăn chặn: 64.118 sự kiện"
        ("từ ngày 11/9/2025 đến ngày 09/10/2025, đã phát hiện", "11/9/2025", False),
    ],
)
def test_is_reference_date(text, needle, expected):
    assert is_reference_date(text, text.index(needle)) is expected


def test_reference_date_then_as_of_date_in_one_sentence():
    t = "Kế hoạch số 50/KH-UBND ngày 11/9/2025; đến ngày 03/10/2025 đạt 25,45%"
    assert is_reference_date(t, t.index("11/9/2025"))
    assert not is_reference_date(t, t.index("03/10/2025"))


COMMUNE_REPORT = (
    "BÁO CÁO\n"
    "Kết quả thực hiện các nhiệm vụ của Đề án 06 trên địa bàn xã Vĩnh Phúc\n"
    "Thực hiện Kế hoạch số 24/KH-UBND ngày 13/02/2023 của UBND huyện Vĩnh Lộc, "
    "Tổ công tác Đề án 06 xã Vĩnh Phúc báo cáo kết quả như sau:\n"
    "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN.\n"
    "Phối hợp với BHXH huyện Vĩnh Lộc rà soát; thực hiện theo Kế hoạch của tỉnh Thanh Hóa.\n"
    "Tính đến ngày 15/9/2024 tiếp nhận hồ sơ trực tuyến đạt 97,73%.\n"
)


def test_synthetic_commune_report():
    # modelled on 003: "trên địa bàn xã Vĩnh Phúc", "UBND huyện Vĩnh Lộc", "tỉnh Thanh Hóa",
    # "Kết quả làm sạch dữ liệu tính đến ngày 15/9/2024 như sau:"
    d = describe(COMMUNE_REPORT, "commune")
    assert (d.kind, d.jurisdiction, d.level) == ("report", "thanh-hoa/vinh-phuc", "commune")
    assert d.period == "2024-09"
    assert d.period_end == date(2024, 9, 15)
    # the plan's own date (13/02/2023) is a reference date, not the period
    assert d.dated is None and d.reference == "" and not d.states_window


@pytest.mark.parametrize(
    ("text", "kind", "jurisdiction", "period"),
    [
        # the describe() docstring example
        ("BÁO CÁO\nKết quả Đề án 06 trên địa bàn tỉnh Trà Vinh năm 2022\nThực hiện …", "report", "tra-vinh", "2022"),
        ("KẾ HOẠCH\nTriển khai Đề án 06 trên địa bàn tỉnh Trà Vinh năm 2023\nCăn cứ …", "plan", "tra-vinh", "2023"),
        ("BÁO CÁO\nKết quả Đề án 06 trên địa bàn tỉnh Trà Vinh Quý III/2022\nThực hiện …", "report", "tra-vinh",
         "2022-07..2022-09"),
    ],
)
def test_describe_synthetic_headers(text, kind, jurisdiction, period):
    d = describe(text, "x")
    assert (d.kind, d.jurisdiction, d.level, d.period) == (kind, jurisdiction, "province", period)


@pytest.mark.parametrize(
    ("letterhead", "jurisdiction", "level"),
    [
        # the superior body over the issuing one: the commune's report, not the district's
        ("UBND HUYỆN HẢI HẬU\nỦY BAN NHÂN DÂN XÃ HẢI AN\n", "nam-dinh/hai-an", "commune"),
        # the issuing body alone: the district's report
        ("ỦY BAN NHÂN DÂN HUYỆN HẢI HẬU\n", "nam-dinh/huyen-hai-hau", "district"),
    ],
)
def test_letterhead_names_the_issuer_below_its_superior(letterhead, jurisdiction, level):
    text = (letterhead + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nBÁO CÁO\n"
            "Kết quả thực hiện Đề án 06 tháng 8/2024\nThực hiện chỉ đạo của UBND huyện Hải Hậu, tỉnh Nam Định, "
            "UBND huyện Hải Hậu báo cáo như sau:\n")
    d = describe(text, "x")
    assert (d.jurisdiction, d.level) == (jurisdiction, level)


def test_a_police_letterhead_names_the_issuer_below_its_superior():
    text = ("CÔNG AN TỈNH NAM ĐỊNH\nCÔNG AN HUYỆN HẢI HẬU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nBÁO CÁO\n"
            "Kết quả thực hiện Đề án 06 tháng 8/2024\nCông an tỉnh chỉ đạo …\n")
    d = describe(text, "x")
    assert (d.jurisdiction, d.level) == ("nam-dinh/huyen-hai-hau", "district")


@pytest.mark.parametrize(
    ("line", "start", "end", "period"),
    [
        ("(Số liệu tính từ ngày 15/10/2022 đến ngày 14/11/2022)", date(2022, 10, 15), date(2022, 11, 14), "2022-11"),
        ("Số 38/BT-VP (từ ngày 22/9/2025 đến ngày 26/9/2025)", date(2025, 9, 22), date(2025, 9, 26), "2025-09"),
    ],
)
def test_a_window_of_two_days_in_the_header_is_the_reporting_period(line, start, end, period):
    d = describe(f"BÁO CÁO\nKết quả thực hiện Đề án 06 tỉnh Lai Châu\n{line}\nThực hiện …\n", "x")
    assert (d.period_start, d.period_end, d.period, d.states_window) == (start, end, period, True)
