"""Progress toward a target: methods chosen by the data, statuses by the thresholds in de06.progress."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from de06.errors import De06Error
from de06.progress import DAYS_PER_MONTH, Assessment, assess, meets

D0 = dt.date(2024, 1, 1)


def _expit(z):
    return 1 / (1 + np.exp(-z))


def _linear(values, step_days=30, start=D0):
    """Points ``step_days`` apart; the pace per month is Δvalue × 30.4375 / step_days."""
    return [(start + dt.timedelta(days=step_days * i), float(v)) for i, v in enumerate(values)]


def _logistic(a, b, n, step_days=30, noise=0.0, seed=0, start=D0):
    """v(t) = 100 / (1 + exp(-(a + b·t))), t in exact months since ``start``, seeded normal noise on the logit scale."""
    days = np.arange(n) * step_days
    eps = np.random.default_rng(seed).normal(0, noise, n) if noise else np.zeros(n)
    v = 100 * _expit(a + b * days / DAYS_PER_MONTH + eps)
    return [(start + dt.timedelta(days=int(d)), float(x)) for d, x in zip(days, v)]


# --- the acceptance case from a report ------------------------------------------------------------

def test_vinh_long_e_health_book_single_point_gives_required_pace_only():
    # 000 (Vĩnh Long, 16/10/2025): "(13) … Đến ngày 03/10/2025 … đạt tỷ lệ 25,45%"
    # 002 (plan): "Phấn đấu tỷ lệ người dân tích hợp Sổ sức khỏe điện tử trên VNeID đạt từ 80% trở lên"
    # 80 − 25,45 = 54,55 points over 89 days (03/10 → 31/12) = 54,55 / (89 / 30,4375) = 18,66 points per month
    a = assess([(dt.date(2025, 10, 3), 25.45)], 80, dt.date(2025, 12, 31))
    assert a.status == "insufficient_data"
    assert a.method == "required_pace_only"
    assert a.observed_pace is None and a.projected is None and a.eta is None
    assert a.interval80 is None and a.interval95 is None
    assert abs(a.required_pace - 18.66) <= 0.01
    assert "one data point: only the required pace can be computed" in a.notes


# --- the fitted logit model -----------------------------------------------------------------------

def test_logistic_series_projection_and_truth_inside_95_interval_which_narrows_with_more_points():
    # truth: logit(v/100) = -3 + 0.1·t; the deadline is 913 days (≈ 30 months) after the first point,
    # where the true value is 100·expit(-3 + 0.1·913/30.4375) ≈ 49.99 %
    a_true, b_true, deadline_days = -3.0, 0.1, 913
    deadline = D0 + dt.timedelta(days=deadline_days)
    truth = float(100 * _expit(a_true + b_true * deadline_days / DAYS_PER_MONTH))
    full = _logistic(a_true, b_true, 24, noise=0.05, seed=6)
    widths = []
    for n in (6, 12, 24):  # the same monthly points, more of them as time goes on
        r = assess(full[:n], 80, deadline)
        assert r.method == "wls_logit"
        low95, high95 = r.interval95
        low80, high80 = r.interval80
        assert low95 <= low80 <= r.projected <= high80 <= high95
        assert low95 <= truth <= high95, (n, r.interval95, truth)
        widths.append(high95 - low95)
    assert widths[0] > widths[1] > widths[2], widths


def test_zero_and_hundred_are_clamped_before_the_logit_and_noted():
    r = assess(_linear([0, 0, 5, 10, 20]), 80, D0 + dt.timedelta(days=400))
    assert r.method == "wls_logit"
    assert any("clamped to 0.01–99.99" in n for n in r.notes)
    assert all(0 <= x <= 100 for x in (r.projected, *r.interval95))


# --- statuses -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "values, target, comparator, method",
    [
        ([60, 58], 80, ">=", "pace_between_points"),
        ([60, 58, 56, 54, 52], 80, ">=", "wls_logit"),
        ([10, 12, 14], 5, "<=", "pace_between_points"),
        ([10, 12, 14, 16], 5, "<=", "wls_logit"),
    ],
)
def test_pace_away_from_the_target_is_regressing(values, target, comparator, method):
    r = assess(_linear(values), target, D0 + dt.timedelta(days=700), comparator)
    assert (r.status, r.method) == ("regressing", method)
    assert (r.observed_pace < 0) == (comparator == ">=")


@pytest.mark.parametrize(
    "values, target, comparator",
    [
        ([85], 80, ">="),
        ([95, 86], 80, ">="),  # falling fast, still above
        ([95, 92, 90, 88, 86], 80, ">="),
        ([2, 3, 4, 4.5], 5, "<="),  # rising toward a ceiling, still under it
        ([99.6], 100, ">="),
    ],
)
def test_a_met_target_is_achieved_whatever_the_trend(values, target, comparator):
    r = assess(_linear(values), target, D0 + dt.timedelta(days=700), comparator)
    assert r.status == "achieved"
    assert r.required_pace == 0.0


# Two points 30 days apart ending at 50 %, target ≥ 80 % at 609 days (20,008 months) after the latest:
# projected = 50 + Δ × 30,4375/30 × 20,008, gap = 30.
#   Δ = 2,0 → 90,6 (meets 80)            → on_track
#   Δ = 1,0 → 70,3 (covers 20,3/30 = 68 %) → needs_acceleration
#   Δ = 0,4 → 58,1 (covers  8,1/30 = 27 %) → off_track
@pytest.mark.parametrize(
    "delta, expected",
    [(2.0, "on_track"), (1.0, "needs_acceleration"), (0.4, "off_track")],
)
@pytest.mark.parametrize("n", [2, 3])
def test_pace_between_points_statuses(delta, expected, n):
    values = [50 - delta * k for k in range(n - 1, -1, -1)]
    series = _linear(values)
    deadline = series[-1][0] + dt.timedelta(days=609)
    r = assess(series, 80, deadline)
    projected = 50 + delta * DAYS_PER_MONTH / 30 * 609 / DAYS_PER_MONTH
    assert r.method == "pace_between_points" and r.interval95 is None
    assert r.observed_pace == pytest.approx(delta * DAYS_PER_MONTH / 30)
    assert r.projected == pytest.approx(projected)
    assert r.status == expected


# Six monthly points on logit(v/100) = b·t (t in months, 0 at the latest point, v = 50 % there), target ≥ 80 %,
# deadline 20 months after the latest: projected ≈ 100·expit(20·b), gap = 30.
#   b = 0,1   → 88,1 %                      → on_track
#   b = 0,045 → 71,1 % (covers 21,1/30 = 70 %) → needs_acceleration
#   b = 0,015 → 57,4 % (covers  7,4/30 = 25 %) → off_track
@pytest.mark.parametrize(
    "b, expected",
    [(0.1, "on_track"), (0.045, "needs_acceleration"), (0.015, "off_track")],
)
def test_fitted_logit_statuses(b, expected):
    n = 6
    series = _logistic(-b * 150 / DAYS_PER_MONTH, b, n, noise=0.01, seed=1)  # t = 0 at day 150, the 6th point
    latest = series[-1][0]
    deadline = latest + dt.timedelta(days=round(20 * DAYS_PER_MONTH))
    r = assess(series, 80, deadline)
    assert r.method == "wls_logit"
    assert r.projected == pytest.approx(100 * _expit(20 * b), abs=1.5)
    assert r.status == expected


# "<=": a rate that should fall to 10 % within 24 months of the latest 30 % (gap −20).
#   Δ = −2,0 per 30 days → 30 − 48,7 → clipped 0   → on_track
#   Δ = −0,5 per 30 days → 30 − 12,2 = 17,8 (61 %)  → needs_acceleration
#   Δ = −0,2 per 30 days → 30 −  4,9 = 25,1 (24 %)  → off_track
@pytest.mark.parametrize(
    "delta, expected",
    [(-2.0, "on_track"), (-0.5, "needs_acceleration"), (-0.2, "off_track")],
)
def test_lower_is_better_target_is_symmetric(delta, expected):
    series = _linear([30 - delta, 30])
    r = assess(series, 10, series[-1][0] + dt.timedelta(days=round(24 * DAYS_PER_MONTH)), comparator="<=")
    assert r.status == expected
    assert r.required_pace == pytest.approx(-20 / (round(24 * DAYS_PER_MONTH) / DAYS_PER_MONTH))


def test_lower_is_better_fitted_on_track():
    # logit(v/100) falling 0,15 per month from 50 %: 100·expit(−0,15·24) ≈ 2,7 % ≤ 10 % at 24 months
    series = _logistic(0.15 * 150 / DAYS_PER_MONTH, -0.15, 6, noise=0.01, seed=2)
    r = assess(series, 10, series[-1][0] + dt.timedelta(days=round(24 * DAYS_PER_MONTH)), comparator="<=")
    assert (r.method, r.status) == ("wls_logit", "on_track")
    assert r.projected == pytest.approx(100 * _expit(-3.6), abs=1.0)


def test_deadline_passed_has_no_required_pace_and_says_so():
    series = _linear([40, 45, 50])
    r = assess(series, 80, series[-1][0] - dt.timedelta(days=10))
    assert r.required_pace is None and r.projected is None
    assert r.status == "missed"
    assert any("has passed" in n for n in r.notes)


# --- counts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, method", [(2, "pace_between_points"), (5, "wls_linear")])
def test_count_series_is_linear(n, method):
    # value = 1000 + 10·days → 10 × 30,4375 = 304,375 per month; ≥ 10 000 first on day 900 after the first point
    series = [(D0 + dt.timedelta(days=30 * i), 1000.0 + 10 * 30 * i) for i in range(n)]
    r = assess(series, 10_000, D0 + dt.timedelta(days=1120), unit="count")
    assert r.method == method
    assert r.observed_pace == pytest.approx(304.375)
    assert r.projected == pytest.approx(1000 + 10 * 1120)
    assert r.status == "on_track"
    assert r.eta == D0 + dt.timedelta(days=900)
    assert (r.interval95 is None) == (method == "pace_between_points")


def test_count_target_of_100_has_no_rounding_rule():
    assert assess([(D0, 99.6)], 100, "2025-01-01", unit="count").status == "insufficient_data"


# --- the 100 % rule -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, target, comparator, unit, expected",
    [
        (99.6, 100, ">=", "percent", True),  # a report's "100%" is a rounded ≥ 99,5
        (99.5, 100, ">=", "percent", True),
        (99.4, 100, ">=", "percent", False),
        (99.6, 100, ">=", "count", False),
        (0.4, 0, "<=", "percent", True),
        (0.6, 0, "<=", "percent", False),
        (79.9, 80, ">=", "percent", False),
        (80.0, 80, ">=", "percent", True),
        (5.0, 5, "<=", "percent", True),
        (5.1, 5, "<=", "percent", False),
    ],
)
def test_meets(value, target, comparator, unit, expected):
    assert meets(value, target, comparator, unit) is expected


@pytest.mark.parametrize("value, status", [(99.6, "achieved"), (99.4, "insufficient_data")])
def test_hundred_percent_rule_for_status(value, status):
    assert assess([(D0, value)], 100, "2025-12-31").status == status


def test_bounded_fit_toward_100_has_an_eta():
    # logit(v/100) = 0,3·t, noise-free: 99,5 % at t = logit(0,995)/0,3 = 17,644 months = 537,05 days → day 538 after the first point
    series = _logistic(0.0, 0.3, 8)
    r = assess(series, 100, D0 + dt.timedelta(days=730))
    t_star = math.log(0.995 / 0.005) / 0.3
    assert r.method == "wls_logit" and r.status == "on_track"
    assert r.eta is not None
    assert (r.eta - D0).days == math.ceil(t_star * DAYS_PER_MONTH) == 538
    assert any("100% target counts as reached" in n for n in r.notes)


def test_pace_between_points_eta_toward_100():
    # 95 → 99,5 at 5 points per 30 days: 4,5 / 5 × 30 = 27 days after the latest point
    series = _linear([90, 95])
    r = assess(series, 100, series[-1][0] + dt.timedelta(days=365))
    assert r.eta == series[-1][0] + dt.timedelta(days=27)


# --- inputs, outputs, determinism -----------------------------------------------------------------

def test_deterministic_and_dataframe_equals_pairs():
    series = _logistic(-1.0, 0.08, 10, noise=0.05, seed=3)
    frame = pd.DataFrame({"as_of": pd.to_datetime([d for d, _ in series]), "value": [v for _, v in series]})
    first = assess(series, 80, "2026-06-30")
    assert first == assess(series, 80, "2026-06-30")
    assert first == assess(frame, 80, "2026-06-30")
    assert first == assess(list(reversed(series)), 80, "2026-06-30")


def test_to_dict_is_plain_json():
    r = assess(_logistic(-1.0, 0.08, 10, noise=0.05, seed=3), 80, "2026-06-30")
    d = json.loads(json.dumps(r.to_dict()))
    assert isinstance(r, Assessment)
    assert d["deadline"] == "2026-06-30" and d["current_as_of"] == r.current_as_of.isoformat()
    assert d["interval95"] == list(r.interval95) and d["notes"] == list(r.notes)
    assert d["eta"] in (None, r.eta and r.eta.isoformat())


@pytest.mark.parametrize(
    "series, kwargs, message",
    [
        ([], {}, "empty"),
        ([(D0, 10.0), (D0, 12.0)], {}, "several values for one date"),
        ([(D0, 120.0)], {}, "outside 0–100"),
        ([(D0, 10.0)], {"comparator": ">"}, "comparator"),
        ([(D0, 10.0)], {"unit": "people"}, "unit"),
        ([("03/10/2025", 10.0)], {}, "not a date"),
    ],
)
def test_bad_input_fails_loudly(series, kwargs, message):
    with pytest.raises(De06Error, match=message):
        assess(series, 80, "2026-01-01", **kwargs)


def test_import_is_light():
    code = "import sys, de06.progress; print(sorted(m for m in ('numpy', 'pandas', 'statsmodels') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_achieved_after_the_deadline_says_when_it_was_first_met():
    a = assess([("2022-11-07", 12.5), ("2024-06-30", 75.7)], 40, "2023-06-30", unit="count")
    assert a.status == "achieved_late"
    assert any("first seen met on 2024-06-30, after the deadline 2023-06-30" in n for n in a.notes)
    b = assess([("2023-05-31", 41.0), ("2024-06-30", 75.7)], 40, "2023-06-30", unit="count")
    assert b.status == "achieved"
    assert any("met by 2023-05-31, on or before the deadline" in n for n in b.notes)


# --- the day of judgement: missed, achieved late, stale ------------------------------------------

# 004 (Trà Vinh, 2022): "BHXH phấn đấu đến hết năm 2022 đạt tỷ lệ từ 90% đến 100%"; its figure of 72% stood on
# 12/12/2022. Judged after 31/12/2022 the target was missed, not "not enough data".
@pytest.mark.parametrize(
    "points, target, deadline, comparator, as_of, expected",
    [
        ([("2022-12-12", 72.0)], 90, "2022-12-31", ">=", "2023-01-31", "missed"),  # one point, deadline passed
        ([("2022-12-12", 72.0)], 90, "2022-12-31", ">=", "2022-12-31", "insufficient_data"),  # judged on the day
        ([("2022-12-12", 72.0)], 90, "2022-12-31", ">=", None, "insufficient_data"),  # as_of = the latest point
        ([("2022-06-30", 60.0), ("2022-12-31", 72.0)], 90, "2022-12-31", ">=", None, "missed"),  # two, at the deadline
        ([("2022-06-30", 60.0), ("2022-12-31", 72.0)], 90, "2022-12-31", ">=", "2023-03-31", "missed"),
        ([("2022-06-30", 80.0), ("2022-12-31", 72.0)], 90, "2022-12-31", ">=", None, "missed"),  # not regressing
        ([("2022-06-30", 60.0), ("2023-02-28", 75.0)], 90, "2022-12-31", ">=", None, "missed"),  # latest after it
        ([("2022-06-30", 20.0), ("2022-12-31", 8.0)], 5, "2022-12-31", "<=", None, "missed"),
        ([("2022-06-30", 20.0)], 5, "2022-12-31", "<=", "2023-06-30", "missed"),
        # met, first seen met after the deadline → achieved late (the national e-ID target: 40 M by 30/06/2023)
        ([("2022-11-07", 12.5), ("2024-06-30", 75.7)], 40, "2023-06-30", ">=", None, "achieved_late"),
        ([("2024-06-30", 75.7)], 40, "2023-06-30", ">=", "2025-10-31", "achieved_late"),
        ([("2022-06-30", 20.0), ("2023-01-31", 4.0)], 5, "2022-12-31", "<=", None, "achieved_late"),
        # met on or before the deadline → achieved, however late it is judged
        ([("2023-05-31", 41.0), ("2024-06-30", 75.7)], 40, "2023-06-30", ">=", "2025-10-31", "achieved"),
        ([("2023-06-30", 40.0)], 40, "2023-06-30", ">=", "2025-10-31", "achieved"),
        ([("2022-11-30", 91.5), ("2023-02-20", 96.0)], 90, "2022-12-31", ">=", None, "achieved"),
        # before the deadline nothing is missed yet
        ([("2025-10-03", 25.45)], 80, "2025-12-31", ">=", "2025-10-31", "insufficient_data"),
    ],
)
def test_statuses_judged_on_a_day(points, target, deadline, comparator, as_of, expected):
    unit = "count" if target == 40 else "percent"
    a = assess(points, target, deadline, comparator, unit=unit, as_of=as_of)
    assert a.status == expected
    assert a.as_of == dt.date.fromisoformat(as_of or points[-1][0])


@pytest.mark.parametrize(
    "latest, as_of, stale",
    [
        ("2023-06-30", "2025-10-31", True),  # a 2023 point judged in October 2025
        ("2025-10-03", "2025-10-31", False),  # a point from October 2025
        ("2025-04-30", "2025-10-31", False),  # exactly six months older: not more than six
        ("2025-04-29", "2025-10-31", True),
        ("2025-02-28", "2025-08-31", False),  # six months before 31 Aug is 28 Feb
        ("2025-02-27", "2025-08-31", True),
        ("2025-10-03", None, False),  # judged on the day of the latest point
    ],
)
def test_stale_when_the_latest_point_is_more_than_six_months_older_than_as_of(latest, as_of, stale):
    a = assess([(latest, 40.0)], 80, "2026-12-31", as_of=as_of)
    assert a.stale is stale
    assert any("more than 6 months older" in n for n in a.notes) is stale


def test_points_after_the_day_of_judgement_are_set_aside():
    series = [("2025-01-31", 40.0), ("2025-06-30", 50.0), ("2025-11-30", 85.0)]
    a = assess(series, 80, "2025-12-31", as_of="2025-10-31")
    assert (a.current, a.current_as_of, a.n_points) == (50.0, dt.date(2025, 6, 30), 2)
    assert a.status != "achieved" and "1 point(s) after 2025-10-31 set aside" in a.notes
    with pytest.raises(De06Error, match="no point on or before as_of 2024-12-31"):
        assess(series, 80, "2025-12-31", as_of="2024-12-31")
