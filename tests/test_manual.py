"""Hand-entered rows: what counts as a number and a date, and the plain words of each refusal."""

from __future__ import annotations

import pytest

from de06 import manual
from de06.cli import _user_names
from de06.schemas import _plain


@pytest.mark.parametrize("text, value", [
    ("14638905", 14638905.0), ("7.84", 7.84), ("1e3", 1000.0), ("0", 0.0),
    ("inf", None), ("-inf", None), ("nan", None), ("1e308", None), ("0/0", None), ("12a", None), ("abc", None),
    ("7,84", None), ("-5", None), ("", None),
])
def test_number(text, value):
    assert manual.number(text) == value


@pytest.mark.parametrize("text, real", [
    ("2024-10-02", True), ("2024-10", True), ("2024-02-29", True), ("2023-02-29", False),
    ("2024-13-45", False), ("2024-99-99", False), ("2024-00", False), ("24-10-02", False), ("0001-01-01", False),
])
def test_real_date(text, real):
    assert manual._real_date(text) is real


def test_problems_name_row_and_column_in_plain_words():
    rows = [(2, {"value": "inf", "as_of": "2024-13-45", "jurisdiction": "vn", "indicator": "x", "source_doc": "",
                 "numerator": "", "denominator": "", "quote": "", "note": "=1+2", "source_url": "https://a.vn",
                 "scope": "period", "source_date": "2024-10", "breakdown": ""})]
    with pytest.raises(manual.ManualError) as err:
        manual.check_observations("observations.csv", rows)
    assert str(err.value).startswith('observations.csv: row 2, column value: "inf" is not a finite number; ')
    assert 'column as_of: "2024-13-45" is not a real date' in str(err.value) and "formula" in str(err.value)
    assert {(r, c) for r, c, _ in err.value.problems} == {(2, "value"), (2, "note"), (2, "as_of")}


@pytest.mark.parametrize("check, words", [("coerce_dtype('float64')", "is not a number"),
                                          ("not_nullable", "is empty, and a value is required"),
                                          ("column_in_schema", "is not a known column"),
                                          ("field_uniqueness", "is repeated; each value must be unique"),
                                          ("numerator above denominator", "numerator above denominator")])
def test_pandera_checks_in_plain_words(check, words):
    assert _plain(check) == words


def test_an_error_about_a_stored_copy_names_the_users_file():
    class Item:
        doc, source = "tra-vinh_2025-10_3f2a9c0d1b7e", "Báo cáo tháng 10.html"

    msg = "nothing ingested: data/raw/reports/tra-vinh_2025-10_3f2a9c0d1b7e.txt: file over 50 MB"
    assert _user_names(msg, [Item]) == "nothing ingested: Báo cáo tháng 10.html: file over 50 MB"
