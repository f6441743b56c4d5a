"""Progress toward a target: is an indicator on track to meet its target by the deadline?

:func:`assess` takes dated values of one indicator, a target, a deadline and a
comparator (``">="`` higher is better, ``"<="`` lower is better) and returns an
:class:`Assessment`. The method is chosen by the data: one point gives only the
pace required (``required_pace_only``); two or three give the ordinary least
squares pace between them (``pace_between_points``); four or more give a
statsmodels WLS fit weighting point *k* (0 = latest) by 0.8**k, in the spirit of
UNESCAP's Anticipated Progress Index — on the logit scale for percentages
(``wls_logit``, so projections stay within 0–100), linear for counts
(``wls_linear``). Paces are in units per month, a month being 30.4375 days.

The day of judgement is ``as_of`` (a briefing passes its period's end; by
default the latest point). Points dated after ``as_of`` are set aside: nobody
knew them on that day.

Status, decided in this order (the first that applies wins):

* ``achieved`` — the latest value meets the target, and the first point that
  met it is on or before the deadline (whatever the trend since).
* ``achieved_late`` — the latest value meets the target, but the first point
  that met it comes after the deadline.
* ``missed`` — the target is not met and its deadline is over: it has passed
  at ``as_of``, or falls on or before the latest point. A single point counts:
  72% on 12/12/2022 against "≥ 90% by 31/12/2022", judged on 31/01/2023, missed.
* ``insufficient_data`` — a single point that does not meet the target, before
  the deadline.
* ``regressing`` — the observed pace moves away from the target (negative for
  ``">="``, positive for ``"<="``).
* ``on_track`` — the projected value at the deadline meets the target.
* ``needs_acceleration`` — the projection covers at least half of the remaining
  gap, ``(projected - current) >= 0.5 * (target - current)`` (with the signs of
  a ``"<="`` target: ``(projected - current) / (target - current) >= 0.5``), but
  does not meet the target.
* ``off_track`` — the projection covers less than half of the remaining gap
  (including a flat pace).

Independently of the status, :attr:`Assessment.stale` is true when the latest
point is more than :data:`STALE_MONTHS` (6) calendar months older than
``as_of``: a projection from such a figure says little about today, and a
briefing must say how old it is rather than show "on track".

A bounded model never reaches 100% exactly, and a report's "100%" is a rounded
figure: for percentages a target of 100 counts as reached when the value is at
least 99.5 (and, symmetrically, a ``"<="`` target of 0 when the value is at most
0.5). :func:`meets` applies this rule to the latest value, the projection and
the eta alike.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from de06.errors import De06Error

__all__ = ["Assessment", "assess", "meets", "months_between", "DAYS_PER_MONTH", "RECENCY_WEIGHT", "STATUSES",
           "STALE_MONTHS"]

DAYS_PER_MONTH = 30.4375  # 365.25 / 12
RECENCY_WEIGHT = 0.8  # weight of a point = RECENCY_WEIGHT ** (rank from the latest point)
ETA_HORIZON_DAYS = round(20 * 365.25)  # eta is searched up to 20 years after the latest point
FULL_RATE_THRESHOLD = 99.5  # a 100% target is reached at 99.5 (0.5 for a "<=" target of 0)
LOGIT_CLAMP = (0.01, 99.99)  # exact 0 and 100 have no logit
_EPS = 1e-9  # floating-point noise tolerated when comparing with a target
COMPARATORS = (">=", "<=")
UNITS = ("percent", "count")
STALE_MONTHS = 6  # a latest point more than this many calendar months before as_of is stale
STATUSES = ("achieved", "achieved_late", "missed", "on_track", "needs_acceleration", "off_track", "regressing",
            "insufficient_data")


@dataclass(frozen=True)
class Assessment:
    """Where an indicator stands against its target, how it was judged, and why.

    >>> a = assess([(dt.date(2025, 10, 3), 25.45)], 80, dt.date(2025, 12, 31))
    >>> a.to_dict()["current_as_of"], a.status
    ('2025-10-03', 'insufficient_data')
    """

    status: str
    current: float
    current_as_of: dt.date
    target: float
    deadline: dt.date
    comparator: str
    unit: str
    required_pace: float | None
    observed_pace: float | None
    projected: float | None
    interval80: tuple[float, float] | None
    interval95: tuple[float, float] | None
    eta: dt.date | None
    method: str
    n_points: int
    notes: tuple[str, ...] = field(default=())
    as_of: dt.date | None = None
    stale: bool = False

    def to_dict(self) -> dict:
        """Plain JSON-able values: dates as ISO strings, intervals as two-item lists.

        >>> assess([("2025-01-01", 5.0)], 5, "2025-06-30", unit="count").to_dict()["interval95"] is None
        True
        """
        out: dict = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            if isinstance(v, dt.date):
                v = v.isoformat()
            elif isinstance(v, tuple):
                v = list(v)
            out[k] = v
        return out


def meets(value: float, target: float, comparator: str = ">=", unit: str = "percent") -> bool:
    """True when ``value`` meets ``target``; a 100% target counts as reached from 99.5 (a rounded "100%").

    >>> meets(99.6, 100), meets(99.4, 100), meets(99.6, 100, unit="count"), meets(4.0, 5, "<=")
    (True, False, False, True)
    """
    if comparator not in COMPARATORS:
        raise De06Error(f"comparator must be one of {COMPARATORS}, not {comparator!r}")
    threshold = _threshold(target, comparator, unit)
    return value >= threshold - _EPS if comparator == ">=" else value <= threshold + _EPS


def _threshold(target: float, comparator: str, unit: str) -> float:
    """The value at which a target counts as met: 99.5 for a 100% target, 0.5 for a "<=" 0% target, else the target."""
    if unit == "percent" and comparator == ">=" and target == 100:
        return FULL_RATE_THRESHOLD
    if unit == "percent" and comparator == "<=" and target == 0:
        return 100 - FULL_RATE_THRESHOLD
    return target


def months_between(start: dt.date, end: dt.date) -> float:
    """Exact months from ``start`` to ``end``: days / 30.4375 (negative when ``end`` is earlier).

    >>> round(months_between(dt.date(2025, 10, 3), dt.date(2025, 12, 31)), 4)
    2.924
    """
    return (end - start).days / DAYS_PER_MONTH


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, or the last day of that month when it is shorter.

    >>> months_before(dt.date(2025, 10, 31), 6), months_before(dt.date(2025, 8, 31), 6)
    (datetime.date(2025, 4, 30), datetime.date(2025, 2, 28))
    """
    import calendar

    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _as_date(x, what: str) -> dt.date:
    """A ``datetime.date`` from a date, a datetime/Timestamp, or an ISO string; anything else fails loudly."""
    if isinstance(x, dt.datetime):  # pandas.Timestamp is a datetime
        return x.date()
    if isinstance(x, dt.date):
        return x
    if isinstance(x, str):
        try:
            return dt.date.fromisoformat(x)
        except ValueError:
            pass
    raise De06Error(f"{what} is not a date: {x!r}")


def _points(series, unit: str) -> list[tuple[dt.date, float]]:
    """(as_of, value) pairs sorted by date, from pairs or a DataFrame with ``as_of`` and ``value`` columns."""
    if hasattr(series, "columns"):  # a DataFrame, recognised without importing pandas
        missing = {"as_of", "value"} - set(series.columns)
        if missing:
            raise De06Error(f"series lacks column(s): {', '.join(sorted(missing))}")
        pairs: Iterable = zip(series["as_of"], series["value"])
    else:
        pairs = series
    out = []
    for pair in pairs:
        try:
            as_of, value = pair
        except (TypeError, ValueError):
            raise De06Error(f"series item is not an (as_of, value) pair: {pair!r}") from None
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise De06Error(f"value is not a number: {value!r}") from None
        if not math.isfinite(v):
            raise De06Error(f"value is not finite: {value!r}")
        if unit == "percent" and not 0 <= v <= 100:
            raise De06Error(f"percent value outside 0–100: {v}")
        out.append((_as_date(as_of, "as_of"), v))
    if not out:
        raise De06Error("series is empty")
    out.sort(key=lambda p: p[0])
    dates = [d for d, _ in out]
    dupes = sorted({d for d in dates if dates.count(d) > 1})
    if dupes:
        raise De06Error(f"several values for one date: {', '.join(d.isoformat() for d in dupes)}")
    return out


def _clip(value: float, unit: str) -> float:
    """A projection kept within what the unit allows: 0–100 for a percent, ≥ 0 for a count."""
    return min(max(value, 0.0), 100.0) if unit == "percent" else max(value, 0.0)


def _ols_slope(xs: list[float], ys: list[float]) -> float:
    """Ordinary least squares slope of ys on xs (for two points, the slope between them)."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _toward(pace: float, comparator: str) -> int:
    """+1 when a pace moves toward the target's side, -1 away, 0 flat."""
    s = (pace > 0) - (pace < 0)
    return s if comparator == ">=" else -s


def _pace_eta(current: float, pace: float, latest: dt.date, target: float, comparator: str, unit: str):
    """First day on which current + pace × months meets the target, within the horizon, else None."""
    if _toward(pace, comparator) <= 0:
        return None
    threshold = _threshold(target, comparator, unit)
    day = max(0, math.ceil((threshold - current) / pace * DAYS_PER_MONTH - _EPS))
    for d in (day - 1, day, day + 1):  # settle rounding at day resolution
        if 0 <= d <= ETA_HORIZON_DAYS and meets(current + pace * d / DAYS_PER_MONTH, target, comparator, unit):
            return latest + dt.timedelta(days=d)
    return None


def _fit(points, latest: dt.date, deadline: dt.date, target: float, comparator: str, unit: str, notes: list):
    """WLS fit of value (or logit of value/100) on months since the latest point; returns pace, projection, intervals, eta."""
    import numpy as np
    import statsmodels.api as sm

    x = np.array([months_between(latest, d) for d, _ in points])
    v = np.array([val for _, val in points])
    weights = RECENCY_WEIGHT ** np.arange(len(points) - 1, -1, -1, dtype=float)
    logit = unit == "percent"
    if logit:
        lo, hi = LOGIT_CLAMP
        clamped = int(((v < lo) | (v > hi)).sum())
        if clamped:
            notes.append(f"{clamped} value(s) of exactly 0 or 100 clamped to {lo}–{hi} before the logit")
        p = np.clip(v, lo, hi) / 100
        y = np.log(p / (1 - p))
        notes.append(f"fitted logit(value/100) linear in months by WLS, weights {RECENCY_WEIGHT}^(rank from latest)")
    else:
        y = v
        notes.append(f"fitted value linear in months by WLS, weights {RECENCY_WEIGHT}^(rank from latest)")
    res = sm.WLS(y, sm.add_constant(x), weights=weights).fit()
    a, b = float(res.params[0]), float(res.params[1])

    def back(z):
        return 100 / (1 + np.exp(-z)) if logit else z

    if logit:
        fitted_now = float(back(a))
        pace = b * fitted_now * (100 - fitted_now) / 100  # d/dt of 100·expit(a + b·t) at t = 0
        notes.append("observed pace is the slope of the fitted curve at the latest point")
    else:
        pace = b

    projected = interval80 = interval95 = None
    horizon = months_between(latest, deadline)
    if horizon > 0:
        pred = res.get_prediction(np.array([[1.0, horizon]]), weights=np.array([1.0]))  # the latest point's weight
        projected = _clip(float(back(pred.predicted_mean[0])), unit)
        bounds = []
        for alpha in (0.2, 0.05):
            frame = pred.summary_frame(alpha=alpha)
            low, high = float(frame["obs_ci_lower"].iloc[0]), float(frame["obs_ci_upper"].iloc[0])
            bounds.append((_clip(float(back(low)), unit), _clip(float(back(high)), unit)))
        interval80, interval95 = bounds
        notes.append("intervals are WLS prediction intervals at the deadline" + (", mapped back through the inverse logit" if logit else ""))

    eta = None
    if _toward(b, comparator) > 0:
        days = np.arange(ETA_HORIZON_DAYS + 1)
        central = back(a + b * days / DAYS_PER_MONTH)
        threshold = _threshold(target, comparator, unit)  # as in meets()
        ok = central >= threshold - _EPS if comparator == ">=" else central <= threshold + _EPS
        hit = np.flatnonzero(ok)
        if hit.size:
            eta = latest + dt.timedelta(days=int(hit[0]))
        else:
            notes.append("the central projection does not reach the target within 20 years")
    return pace, projected, interval80, interval95, eta


def assess(series, target: float, deadline, comparator: str = ">=", unit: str = "percent",
           as_of=None) -> Assessment:
    """Judge progress of dated values toward ``target`` by ``deadline`` on the day ``as_of`` (default: the latest point).

    >>> a = assess([("2025-01-31", 40.0), ("2025-07-31", 52.0)], 80, "2025-12-31")
    >>> a.method, a.status, round(a.observed_pace, 2), round(a.projected, 1)
    ('pace_between_points', 'off_track', 2.02, 62.1)
    >>> assess([("2022-12-12", 72.0)], 90, "2022-12-31", as_of="2023-01-31").status  # Trà Vinh, 004
    'missed'
    >>> assess([("2023-06-30", 40.0)], 80, "2025-12-31", as_of="2025-10-31").stale
    True
    """
    if comparator not in COMPARATORS:
        raise De06Error(f"comparator must be one of {COMPARATORS}, not {comparator!r}")
    if unit not in UNITS:
        raise De06Error(f"unit must be one of {UNITS}, not {unit!r}")
    target = float(target)
    deadline = _as_date(deadline, "deadline")
    points = _points(series, unit)
    notes: list[str] = []
    if as_of is not None:
        as_of = _as_date(as_of, "as_of")
        later = [d for d, _ in points if d > as_of]
        if later:
            points = [p for p in points if p[0] <= as_of]
            if not points:
                raise De06Error(f"no point on or before as_of {as_of.isoformat()}")
            notes.append(f"{len(later)} point(s) after {as_of.isoformat()} set aside")
    latest, current = points[-1]
    as_of = as_of or latest
    stale = latest < months_before(as_of, STALE_MONTHS)
    if stale:
        notes.append(f"the latest point, {latest.isoformat()}, is more than {STALE_MONTHS} months older than {as_of.isoformat()}")
    n = len(points)

    horizon = months_between(latest, deadline)
    required_pace = None
    if horizon > 0:
        # a target already met needs no further pace
        required_pace = 0.0 if meets(current, target, comparator, unit) else (target - current) / horizon
    elif horizon == 0:
        notes.append(f"the deadline {deadline.isoformat()} is the date of the latest point: no required pace")
    else:
        notes.append(f"the deadline {deadline.isoformat()} has passed (latest point {latest.isoformat()}): no required pace")
    if _threshold(target, comparator, unit) != target:
        notes.append(f"a {target:g}% target counts as reached at {'≥ 99.5' if target == 100 else '≤ 0.5'}")

    observed_pace = projected = interval80 = interval95 = eta = None
    if n == 1:
        method = "required_pace_only"
        notes.append("one data point: only the required pace can be computed")
    elif n <= 3:
        method = "pace_between_points"
        xs = [months_between(points[0][0], d) for d, _ in points]
        observed_pace = _ols_slope(xs, [v for _, v in points])
        notes.append(f"{n} data points: pace is the least-squares slope through them, extrapolated linearly from the latest value")
        if horizon > 0:
            raw = current + observed_pace * horizon
            projected = _clip(raw, unit)
            if projected != raw:
                notes.append("projection clipped to " + ("0–100" if unit == "percent" else "zero"))
        eta = _pace_eta(current, observed_pace, latest, target, comparator, unit)
        if eta is None and _toward(observed_pace, comparator) > 0:
            notes.append("the linear projection does not reach the target within 20 years")
    else:
        method = "wls_logit" if unit == "percent" else "wls_linear"
        observed_pace, projected, interval80, interval95, eta = _fit(points, latest, deadline, target, comparator, unit, notes)

    if meets(current, target, comparator, unit):
        first = next(d for d, v in points if meets(v, target, comparator, unit))
        status = "achieved" if first <= deadline else "achieved_late"
        if latest > deadline:
            notes.append(f"met by {first.isoformat()}, on or before the deadline" if first <= deadline else
                         f"first seen met on {first.isoformat()}, after the deadline {deadline.isoformat()}")
    elif deadline < as_of or deadline <= latest:
        status = "missed"
        notes.append("the target was not met by the deadline")
    elif n == 1:
        status = "insufficient_data"
    elif _toward(observed_pace, comparator) < 0:
        status = "regressing"
    elif meets(projected, target, comparator, unit):
        status = "on_track"
    elif (projected - current) / (target - current) >= 0.5 - _EPS:
        status = "needs_acceleration"
    else:
        status = "off_track"

    return Assessment(
        status=status, current=current, current_as_of=latest, target=target, deadline=deadline,
        comparator=comparator, unit=unit, required_pace=required_pace, observed_pace=observed_pace,
        projected=projected, interval80=interval80, interval95=interval95, eta=eta, method=method,
        n_points=n, notes=tuple(notes), as_of=as_of, stale=stale,
    )
