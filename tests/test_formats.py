"""Vietnamese and English numbers, dates and phrases of the briefings."""

from __future__ import annotations

import re

import pytest

from de06 import formats
from de06.errors import De06Error


@pytest.mark.parametrize("v, lang, expected", [
    (1073204, "vi", "1.073.204"), (1073204, "en", "1,073,204"), (0, "vi", "0"), (18.6558, "vi", "18,66"),
    (18.6558, "en", "18.66"), (52.3, "vi", "52,3"),
])
def test_number(v, lang, expected):
    assert formats.number(v, lang) == expected


@pytest.mark.parametrize("v, unit, lang, expected", [
    (25.45, "percent", "vi", "25,45%"), (25.45, "percent", "en", "25.45%"), (100, "percent", "vi", "100%"),
    (64434342768, "vnd", "vi", "64.434.342.768 đồng"), (64434342768, "vnd", "en", "64,434,342,768 VND"),
    (170978, "count", "vi", "170.978"),
])
def test_value(v, unit, lang, expected):
    assert formats.value(v, unit, lang) == expected


@pytest.mark.parametrize("d, lang, expected", [
    ("2025-10-03", "vi", "03/10/2025"), ("2025-10-03", "en", "3 Oct 2025"), ("2022-12-14", "vi", "14/12/2022"),
])
def test_date(d, lang, expected):
    assert formats.date(d, lang) == expected


def test_change_signs_and_units():
    assert formats.change(55.17, 52.0, "percent", "vi") == "+3,17 điểm %"
    assert formats.change(50.0, 52.5, "percent", "en") == "−2.5 points"
    assert formats.change(80, 100, "count", "vi") == "−20 (−20%)"
    assert formats.change(5, 5, "count", "en") == "±0 (±0%)"


@pytest.mark.parametrize("message, vi, en", [
    ("states 69,09% for 124.546 of 179.788, which is 69,27%", "nêu 69,09% cho 124.546/179.788, tính ra 69,27%",
     "states 69.09% for 124,546 of 179,788, which is 69.27%"),
    ("parts add up to 263.797, more than the stated total 263.796",
     "các phần cộng lại được 263.797, lớn hơn tổng đã nêu 263.796",
     "parts add up to 263,797, more than the stated total 263,796"),
    ("parts add up to 10, less than the stated total 12", "các phần cộng lại được 10, nhỏ hơn tổng đã nêu 12",
     "parts add up to 10, less than the stated total 12"),
    ("id_card_applications stated as 31.491 and as 31.419",
     "Số hồ sơ cấp CCCD/Căn cước đã thu nhận được nêu là 31.491 và là 31.419",
     "Chip ID card applications stated as 31,491 and as 31,419"),
    ("manual row 3: states 7,84% for 128.045 of 1.439.411, which is 8,90%",
     "dòng nhập tay 3: nêu 7,84% cho 128.045/1.439.411, tính ra 8,90%",
     "manual row 3: states 7.84% for 128,045 of 1,439,411, which is 8.90%"),
])
def test_audit_messages_in_the_briefing_s_language(message, vi, en):
    assert formats.audit_message(message, "vi") == vi
    assert formats.audit_message(message, "en") == en


def test_every_phrase_exists_in_both_languages():
    for key, (vi, en) in formats.WORDS.items():
        assert vi and en, key
        assert sorted(re.findall(r"{\w+}", vi)) == sorted(re.findall(r"{\w+}", en)), key


def test_unknown_language_is_a_clear_error():
    with pytest.raises(De06Error, match="lang must be one of vi, en"):
        formats.number(1, "fr")
