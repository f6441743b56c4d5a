"""Tests for de06.numbers: Vietnamese numerals, figures in running text, and date spans.

Expected values that come from a seed report (data/raw/reports/*.txt) quote the
sentence they were read from; the others are constructed to exercise one rule.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from de06.numbers import (
    Span,
    find_dates,
    find_numbers,
    format_vi,
    parse_date,
    parse_number,
)

PROPERTY = settings(derandomize=True, max_examples=200, deadline=None, database=None)


# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("token", "percent", "expected"),
    [
        # 000: "có 1.073.204 trường hợp tích hợp thông tin sổ sức khỏe điện tử trên VNeID, đạt tỷ lệ 25,45%"
        ("1.073.204", False, 1073204),
        ("25,45", True, 25.45),
        ("25,45", False, 25.45),
        # a dot-decimal percent pasted from a spreadsheet
        ("98.08", True, 98.08),
        # 000: "ban hành 03 văn bản triển khai thực hiện"
        ("03", False, 3),
        # 000: "Tổng kinh phí bố trí trong năm 2025: 64.434.342.768 đồng"
        ("64.434.342.768", False, 64434342768),
        # English-style thousands commas
        ("1,073,204", False, 1073204),
        ("52,3", False, 52.3),
        # mixed: dot thousands with a comma decimal
        ("1.073,5", False, 1073.5),
        # 004 table cell "62.76%": a dot-decimal percent with trailing zero dropped
        ("62.760", True, 62.76),
        ("  1.000  ", False, 1000),
    ],
)
def test_parse_number(token, percent, expected):
    got = parse_number(token, percent=percent)
    assert got == pytest.approx(expected, abs=1e-9)
    assert type(got) is type(expected) or isinstance(expected, float)


@pytest.mark.parametrize("token", ["1.2.3", "abc", "", "1,2,3", "12a", "-", "1..000"])
def test_parse_number_rejects_non_numerals(token):
    with pytest.raises(ValueError, match="not a Vietnamese numeral"):
        parse_number(token)


# ---------------------------------------------------------------- find_numbers


def _read(text: str) -> list[tuple[float, bool, bool]]:
    return [(n.value, n.percent, n.approximate) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scale words
        ("đạt 1,07 triệu lượt", [(1070000, False, False)]),
        ("khoảng 1,5 nghìn hồ sơ", [(1500, False, True)]),
        ("kinh phí 3,5 tỷ đồng", [(3500000000, False, False)]),
        # 004: "toàn tỉnh đã có 108/108 cơ sở KCB BHYT ... với hơn 63.136 lượt tra cứu"
        ("với hơn 63.136 lượt tra cứu", [(63136, False, True)]),
        # 000: "Thực hiện số hóa khoảng 142.884 hồ sơ giải quyết TTHC"
        ("Thực hiện số hóa khoảng 142.884 hồ sơ giải quyết TTHC", [(142884, False, True)]),
        ("Khoảng 500 hồ sơ", [(500, False, True)]),
        ("gần 1.000 lượt", [(1000, False, True)]),
        ("ước đạt 90%", [(90, True, True)]),
        # 000: "trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%" — "tỷ lệ" is "rate", not "billion"
        ("trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%", [(170978, False, False), (55.17, True, False)]),
        ("tỷ lệ 55,17 %", [(55.17, True, False)]),
        ("đạt 55,17 phần trăm", [(55.17, True, False)]),
        # a number followed by "tỉ lệ" is not multiplied by a billion
        ("có 2 tỉ lệ khác nhau", [(2, False, False)]),
        # dot-decimal percent
        ("đạt 98.08%", [(98.08, True, False)]),
        # glued list numbers are not figures
        ("4Đăng ký thường trú: 6.510 hồ sơ", [(6510, False, False)]),
        # 004: "10Đăng ký, cấp biển số xe mô tô, xe gắn máy: 158 hồ sơ."
        ("10Đăng ký, cấp biển số xe mô tô, xe gắn máy: 158 hồ sơ.", [(158, False, False)]),
        # 000: "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%"
        ("đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến", [(170978, False, False)]),
        ("170.978 hồ sơ¹⁵ trực tuyến", [(170978, False, False)]),
        # dates, document numbers, voltage, phone: no figure
        ("Vĩnh Long, ngày 16/10/2025", []),
        # 000: "Số: 367/BC-UBND"
        ("Số: 367/BC-UBND", []),
        # 000: "... một số điều của Nghị định số 69/2024/NĐ-CP ngày 25/6/2024 của Chính phủ"
        ("Nghị định số 69/2024/NĐ-CP", []),
        # 000: "(24) Cấp điện mới từ lưới điện hạ áp (220/380V)"
        ("Cấp điện mới từ lưới điện hạ áp (220/380V)", []),
        # 001: "chính về trật tự xã hội, điện thoại: 02703.833.114) để được trao đổi, hướng dẫn"
        ("điện thoại: 02703.833.114) để được trao đổi", []),
        ("đường dây nóng 0913456789", []),  # an undotted phone number would parse as an integer
        ("trong tháng 10/2025", []),
        ("ngày 09/10 vừa qua", []),
        # fractions: both sides are figures
        # 000: "Tiếp nhận, giải quyết tổng số 170.978/309.901 hồ sơ qua hình thức trực tuyến, tỷ lệ 55,17%."
        ("tổng số 170.978/309.901 hồ sơ", [(170978, False, False), (309901, False, False)]),
        # 000: "tổng số là 3.103.532 người/3.118.563 thẻ BHYT còn giá trị sử dụng, đạt tỷ lệ 99,52%."
        ("3.103.532 người/3.118.563 thẻ BHYT", [(3103532, False, False), (3118563, False, False)]),
        # 004: "toàn tỉnh đã có 108/108 cơ sở KCB BHYT triển khai sử dụng CCCD"
        ("108/108 cơ sở", [(108, False, False), (108, False, False)]),
        ("IP14 và 5G", []),
    ],
)
def test_find_numbers(text, expected):
    got = _read(text)
    assert len(got) == len(expected), got
    for (v, p, a), (ev, ep, ea) in zip(got, expected):
        assert v == pytest.approx(ev)
        assert (p, a) == (ep, ea)


def test_find_numbers_spans_slice_the_text():
    text = "đạt 1,07 triệu lượt, hơn 63.136 lượt tra cứu, tỷ lệ 55,17%; 170.978/309.901 hồ sơ"
    found = find_numbers(text)
    assert [n.text for n in found] == ["1,07 triệu", "63.136", "55,17%", "170.978", "309.901"]
    for n in found:
        assert text[n.start:n.end] == n.text


def test_find_numbers_respects_window():
    text = "có 12 hồ sơ và 34 hồ sơ"
    cut = text.index("và")
    assert [n.value for n in find_numbers(text, 0, cut)] == [12]
    assert [n.value for n in find_numbers(text, cut)] == [34]


# Regression: at commit 43815cc these raised AttributeError (_tidy called int.is_integer, absent on Python 3.11).
@pytest.mark.parametrize(
    ("text", "expected"),
    [("kinh phí 5 tỷ đồng", 5_000_000_000), ("đạt 3 triệu lượt", 3_000_000), ("1.000 tỷ đồng", 1_000_000_000_000)],
)
def test_find_numbers_integer_with_scale_word(text, expected):
    assert [n.value for n in find_numbers(text)] == [expected]


# Regression: at commit 43815cc the cue "ước" matched the tail of "nước", so these read as approximate.
@pytest.mark.parametrize("text", ["ngân sách nhà nước 64.434.342.768 đồng", "cả nước 5 tỉnh"])
def test_nuoc_is_not_an_approximation_cue(text):
    assert [n.approximate for n in find_numbers(text)] == [False]


# ---------------------------------------------------------------- dates


def _d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(
    ("text", "year", "kind", "start", "end"),
    [
        ("16/10/2025", None, "day", "2025-10-16", "2025-10-16"),
        # 000: "lũy kế đến ngày 09/10/2025 có tổng số 15.136.492 lượt tra cứu"
        ("ngày 09/10/2025", None, "day", "2025-10-09", "2025-10-09"),
        # 000: "Vĩnh Long, ngày 16 tháng 10 năm 2025"
        ("Vĩnh Long, ngày 16 tháng 10 năm 2025", None, "day", "2025-10-16", "2025-10-16"),
        ("16 / 10 / 2025", None, "day", "2025-10-16", "2025-10-16"),
        ("29/02/2024", None, "day", "2024-02-29", "2024-02-29"),
        # 000: "Trong tháng 10/2025, công tác lãnh đạo, chỉ đạo thực hiện Đề án 06"
        ("Trong tháng 10/2025, công tác lãnh đạo", None, "month", "2025-10-01", "2025-10-31"),
        ("tháng 02 năm 2024", None, "month", "2024-02-01", "2024-02-29"),
        # 004: "Ban Chỉ đạo triển khai Đề án 06 tỉnh Trà Vinh báo cáo kết quả thực hiện năm 2022"
        ("báo cáo kết quả thực hiện năm 2022", None, "year", "2022-01-01", "2022-12-31"),
        # 001: "- Thời gian thực hiện: Hoàn thành trong Quý III/2025."
        ("Hoàn thành trong Quý III/2025.", None, "quarter", "2025-07-01", "2025-09-30"),
        ("quý 4 năm 2024", None, "quarter", "2024-10-01", "2024-12-31"),
        # 003: "tiếp nhận hồ sơ trực tuyến đạt 97,73%, riêng 6 tháng đầu năm đạt 98%."
        ("riêng 6 tháng đầu năm đạt 98%.", 2024, "first_months", "2024-01-01", "2024-06-30"),
        ("6 tháng đầu năm 2023", None, "first_months", "2023-01-01", "2023-06-30"),
        # 000: "... trên địa bàn tỉnh Vĩnh Long 04 tháng cuối năm 2025."
        ("tỉnh Vĩnh Long 04 tháng cuối năm 2025.", None, "last_months", "2025-09-01", "2025-12-31"),
        ("ngày 09/10", 2025, "day", "2025-10-09", "2025-10-09"),
    ],
)
def test_parse_date(text, year, kind, start, end):
    span = parse_date(text, year)
    assert span == Span(_d(start), _d(end), kind)
    assert span.is_day == (kind == "day")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("31/02/2025", None),
        ("ngày 31/02/2025", None),
        ("29/02/2023", None),
        ("tháng 13/2025", None),
        ("Quý V/2025", None),
        ("năm 1800", None),
        ("ngày 31/4", 2025),
        # without a year these cannot be placed
        ("ngày 09/10", None),
        ("6 tháng đầu năm", None),
        ("13 tháng đầu năm", 2024),
        ("không có ngày tháng", None),
    ],
)
def test_parse_date_none(text, year):
    assert parse_date(text, year) is None
    assert find_dates(text, year) == []


def test_find_dates_offsets_and_order():
    # 000: "Từ ngày 10/9/2025 đến ngày 09/10/2025, phát hình ..."
    text = "Từ ngày 10/9/2025 đến ngày 09/10/2025 và trong tháng 11/2025"
    found = find_dates(text)
    assert [text[s:e] for s, e, _ in found] == ["10/9/2025", "09/10/2025", "tháng 11/2025"]
    assert [sp.kind for _, _, sp in found] == ["day", "day", "month"]
    assert [s for s, _, _ in found] == sorted(s for s, _, _ in found)


# ---------------------------------------------------------------- properties


@PROPERTY
@given(st.integers(min_value=0, max_value=10**12))
def test_format_vi_int_round_trips(n):
    s = format_vi(n)
    assert "," not in s
    assert parse_number(s) == n


@PROPERTY
@given(st.integers(min_value=0, max_value=10_000).map(lambda k: k / 100))
def test_format_vi_two_decimals_round_trips(x):
    s = format_vi(x, 2)
    assert s.count(",") == 1 and len(s.split(",")[1]) == 2
    assert abs(parse_number(s) - x) < 1e-9


@PROPERTY
@given(st.integers(min_value=0, max_value=10_000).map(lambda k: k / 100))
def test_percent_in_text_round_trips(x):
    found = find_numbers(f"đạt {format_vi(x, 2)}%")
    assert len(found) == 1
    assert found[0].percent and not found[0].approximate
    assert abs(found[0].value - x) < 1e-9


@PROPERTY
@given(st.integers(min_value=1, max_value=10**12))
def test_count_in_text_round_trips(n):
    found = find_numbers(f"đã tiếp nhận {format_vi(n)} hồ sơ")
    assert [(f.value, f.percent) for f in found] == [(n, False)]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1073204, None, "1.073.204"), (25.45, 2, "25,45"), (64434342768, None, "64.434.342.768"),
     (3.0, None, "3"), (1073204.5, None, "1.073.204,5"), (0.0001, None, "0,0001")],
)
def test_format_vi(value, decimals, expected):
    assert format_vi(value, decimals) == expected


@pytest.mark.parametrize(("value", "expected"), [(1e-05, "0,00001"), (1.5e-05, "0,000015")])
def test_format_vi_small_floats(value, expected):
    assert format_vi(value) == expected


def test_digit_led_reads_what_a_scan_reads(report_texts):
    """Every pattern read only at the starts of digit runs finds what scanning the whole text finds, on every
    fixture text and on edge cases: digits after other digits, slashes, a run inside another match."""
    import de06.figures as figures
    import de06.numbers as numbers

    groups = [numbers._DATES_LED, figures._NOT_FIGURES_LED]
    assert sum(len(g.patterns) for g in groups) >= 10  # the six date forms and the not-figure forms that open with a digit
    edge = ("ngày 1/2/2025/3 và 12/2025, 123/2025; 01/7 - 05/7/2025 thứ 9/63; gần 3/4; 12 phần 10 phần 3; "
            "hơn 9 phần 10 hồ sơ; từ đủ 14 tuổi, 6 tháng đầu năm 2025, đề án 06 tháng 9 năm 2025; 1-2-2025")
    texts = [numbers.lowered(t) for t in report_texts] + [edge]
    for group in groups:
        for low in texts:
            found_by = group.scan(low)
            for rx in group.patterns:
                found = found_by[id(rx)]
                assert [m.span() for m in found] == [m.span() for m in rx.finditer(low)], rx.pattern
