"""The target table and the Assessment of every target against its own territory's points."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from de06.compare import PROCESSED, load_observations
from de06.indicators import REFERENCE
from de06.progress import STATUSES
from de06.targets import ASSESSMENT_COLUMNS, assess_targets, load_targets, series


@pytest.fixture(scope="module")
def observations():
    return load_observations()


@pytest.fixture(scope="module")
def assessed():
    return assess_targets()


def _obs(**kw):
    row = {"doc": "x", "indicator": "health_book_vneid_rate", "value": 10.0, "numerator": None, "denominator": None,
           "value_source": "stated", "scope": "cumulative", "as_of": "", "period": "", "jurisdiction": "hue",
           "breakdown": "", "quote": "", "flags": "", "origin": "extracted", "source_date": "", "source_url": ""}
    row.update(kw)
    return row


def _target(**kw):
    t = {"target_id": "t", "jurisdiction": "hue", "indicator": "health_book_vneid_rate", "comparator": ">=",
         "value": 80, "deadline": "2025-12-31", "unit": "percent"}
    t.update(kw)
    return pd.Series(t)


def test_every_processed_target_and_every_curated_target_is_assessed(assessed):
    with (PROCESSED / "targets.csv").open(encoding="utf-8") as f:
        processed = {(r["jurisdiction"], r["indicator"], r["deadline"]) for r in csv.DictReader(f)}
    with (REFERENCE / "targets.csv").open(encoding="utf-8") as f:
        curated = {(r["jurisdiction"], r["indicator"], r["deadline"]) for r in csv.DictReader(f)}
    got = set(zip(assessed["jurisdiction"], assessed["indicator"], assessed["deadline"]))
    assert processed | curated == got
    assert list(assessed.columns) == ASSESSMENT_COLUMNS
    assert assessed["status"].isin(STATUSES).all() and assessed["method"].ne("").all()
    assert assessed["target_id"].is_unique


def test_a_target_stated_in_two_documents_is_one_row_naming_both():
    t = load_targets()
    hb = t[(t["jurisdiction"] == "vinh-long-2025") & (t["indicator"] == "health_book_vneid_rate")]
    assert len(hb) == 1
    assert len(hb.iloc[0]["docs"].split(";")) == 2 and hb.iloc[0]["value"] == 80


def test_health_book_target_uses_every_vinh_long_2025_point_and_no_other_territory(assessed, observations):
    # 000: "… tích hợp thông tin Sổ sức khỏe điện tử … đạt 25,45%" as of 03/10/2025; plan: "đạt từ 80%" by end 2025
    r = assessed[assessed["target_id"] == "vinh-long-2025:health_book_vneid_rate:2025-12-31"].iloc[0]
    own = observations[(observations["indicator"] == "health_book_vneid_rate")
                       & (observations["jurisdiction"] == "vinh-long-2025") & (observations["breakdown"] == "")]
    assert r["n_points"] == len(own) >= 1
    assert set(r["series_docs"].split(";")) == set(own["doc"])
    assert r["status"] == "insufficient_data" and r["current"] == 25.45 and r["current_as_of"] == "2025-10-03"
    assert r["required_pace"] == pytest.approx(18.66, abs=0.01)
    assert pd.isna(r["observed_pace"])


def test_points_of_an_absorbed_province_stay_out_and_a_note_says_so():
    obs = pd.DataFrame([_obs(jurisdiction="tra-vinh", as_of="2024-06-30", value=30.0),
                        _obs(jurisdiction="vinh-long-2025", as_of="2025-10-03", value=25.45)])
    points, docs, notes = series(_target(jurisdiction="vinh-long-2025"), obs)
    assert points == [("2025-10-03", 25.45)]
    assert any("tra-vinh set aside: a different territory" in n for n in notes)


def test_a_rename_is_the_same_territory():
    obs = pd.DataFrame([_obs(jurisdiction="thua-thien-hue", as_of="2024-06-30", value=30.0),
                        _obs(jurisdiction="hue", as_of="2025-06-30", value=50.0)])
    points, _, notes = series(_target(), obs)
    assert points == [("2024-06-30", 30.0), ("2025-06-30", 50.0)]


def test_scope_mixing_and_same_date_conflicts_are_resolved_with_notes():
    obs = pd.DataFrame([
        _obs(as_of="2025-01-31", value=12.0, scope="period"),
        _obs(as_of="2025-03-31", value=20.0, origin="manual", doc="manual"),
        _obs(as_of="2025-03-31", value=21.0, origin="extracted", doc="r1"),
        _obs(as_of="2025-05-31", value=30.0, breakdown="ward"),  # a sub-series, not the headline
        _obs(as_of="2025-06-30", value=33.0),
    ])
    points, docs, notes = series(_target(), obs)
    assert points == [("2025-03-31", 21.0), ("2025-06-30", 33.0)]
    assert any("scope other than 'cumulative'" in n for n in notes)
    assert any("20 (manual) set aside for 21 (r1)" in n for n in notes)


def test_a_target_without_points_is_insufficient_data_with_no_observations():
    targets = load_targets().head(1).assign(jurisdiction="ha-noi", target_id="x")
    out = assess_targets(targets, load_observations())
    assert out.iloc[0]["status"] == "insufficient_data" and out.iloc[0]["method"] == "no_observations"
    assert out.iloc[0]["n_points"] == 0


def test_growing_series_is_assessed_with_a_pace(observations):
    extra = pd.DataFrame([_obs(as_of=d, value=v, doc=f"d{i}")
                          for i, (d, v) in enumerate([("2025-01-31", 40.0), ("2025-04-30", 55.0),
                                                      ("2025-07-31", 68.0), ("2025-09-30", 76.0)])])
    targets = load_targets().head(1).assign(jurisdiction="hue", indicator="health_book_vneid_rate", value=80,
                                            deadline="2025-12-31", comparator=">=", unit="percent", target_id="h")
    r = assess_targets(targets, extra).iloc[0]
    assert r["method"] == "wls_logit" and r["status"] == "on_track" and r["n_points"] == 4
    assert r["interval95_low"] <= r["interval80_low"] <= r["projected"] <= r["interval80_high"] <= r["interval95_high"]
