"""Comparisons across places and periods, each row with what makes it (not) comparable."""

from __future__ import annotations

import pytest

from de06.compare import comparable, territory_note


@pytest.fixture(scope="module")
def online():
    return comparable("online_application_rate")


def _row(df, jur, value):
    hit = df[(df["jurisdiction"] == jur) & ((df["value"] - value).abs() < 1e-6)]
    assert len(hit) == 1, (jur, value)
    return hit.iloc[0]


def test_tra_vinh_2022_is_a_computed_year_to_date_of_a_territory_now_in_vinh_long(online):
    # 004: "Tổng số 263.796 hồ sơ, trong đó … 39.215 hồ sơ tiếp nhận trực tuyến" (01/01–14/12/2022)
    r = _row(online, "tra-vinh", 14.87)
    assert r["value_source"] == "computed" and r["successor"] == "vinh-long-2025"
    assert "part of Vĩnh Long since 1 Jul 2025" in r["comparability"] and "year to date" in r["comparability"]


def test_commune_row_says_it_is_a_commune(online):
    # 003: "từ 01/01/2024 đến 15/09/2024 tiếp nhận hồ sơ trực tuyến đạt 97,73%"
    r = _row(online, "thanh-hoa/vinh-phuc", 97.73)
    assert r["level"] == "commune" and "commune, not a province" in r["comparability"]


def test_vinh_long_2025_row_is_one_month_of_a_merged_territory(online):
    # 000: "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%"
    r = _row(online, "vinh-long-2025", 55.17)
    assert "one month (October 2025)" in r["comparability"]
    assert r["absorbed"] == "ben-tre;tra-vinh;vinh-long" and "merged from former Bến Tre, former Trà Vinh" in r["comparability"]


def test_rows_are_sorted_by_date_and_work_for_any_places(online):
    assert list(online["date"]) == sorted(online["date"])
    assert online["jurisdiction"].nunique() >= 5  # seeds and the manual rows from public material


def test_counts_per_1000_only_where_a_sourced_population_exists():
    df = comparable("id_card_applications")
    assert df[df["jurisdiction"] == "tra-vinh"]["per_1000"].isna().all()  # no sourced population for Trà Vinh
    vl = df[(df["jurisdiction"] == "vinh-long-2025") & (df["value"] == 4152807)].iloc[0]
    # "lũy kế … đã thu nhận 4.152.807 hồ sơ" over 4.257.581 registered residents (merger dossier)
    assert vl["per_1000"] == pytest.approx(1000 * 4152807 / 4257581, abs=1e-3)
    assert vl["population_basis"].startswith("registered residents")
    import pandas as pd

    obs = pd.DataFrame([{"doc": "d", "indicator": "health_book_vneid_count", "value": 128045.0, "numerator": None,
                         "denominator": None, "value_source": "stated", "scope": "cumulative", "as_of": "2024-12-04",
                         "period": "2024-12", "jurisdiction": "khanh-hoa", "breakdown": "", "quote": "", "flags": "",
                         "origin": "manual", "source_url": "u"}])
    r = comparable("health_book_vneid_count", obs).iloc[0]
    assert r["per_1000"] == pytest.approx(1000 * 128045 / 1439411, abs=1e-3)
    assert "denominator used by the province" in r["population_basis"]


@pytest.mark.parametrize("place, successor, absorbed", [
    ("tra-vinh", "vinh-long-2025", ""),
    ("vinh-long-2025", "", "ben-tre;tra-vinh;vinh-long"),
    ("thanh-hoa", "", ""),
])
def test_territory_lineage_both_ways(place, successor, absorbed):
    s, a, _ = territory_note(place)
    assert (s, a) == (successor, absorbed)
