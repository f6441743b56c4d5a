"""Targets and how each stands: the extracted targets of plans and reports plus the curated national ones.

:func:`load_targets` joins ``data/processed/targets.csv`` (what the extraction
read, e.g. "Phấn đấu tỷ lệ người dân tích hợp sổ sức khỏe điện tử trên VNeID
đạt từ 80%") with ``data/reference/targets.csv`` (national targets, each with
its legal source). A target stated in several documents is one row that names
them all. :func:`assess_targets` judges every row with
:func:`de06.progress.assess` against the observations of the same place — its
headline series, and the series of a one-to-one rename of the same territory —
never against another territory: the points of Trà Vinh 2022 say nothing about
``vinh-long-2025``, which is three provinces.
"""

from __future__ import annotations

from pathlib import Path

from de06 import places
from de06.compare import PROCESSED, load_observations, observation_date, read_rows
from de06.errors import De06Error
from de06.indicators import REFERENCE, catalog
from de06.progress import assess

__all__ = ["load_targets", "series", "assess_one", "assess_targets", "newest_date", "TARGET_COLUMNS", "ASSESSMENT_COLUMNS"]

TARGET_COLUMNS = ["target_id", "jurisdiction", "indicator", "comparator", "value", "deadline", "unit", "origin",
                  "docs", "set_in", "legal_source", "quote", "source_url"]
ASSESSMENT_COLUMNS = TARGET_COLUMNS + [
    "status", "current", "current_as_of", "required_pace", "observed_pace", "projected",
    "interval80_low", "interval80_high", "interval95_low", "interval95_high", "eta", "method", "n_points",
    "stale", "series_docs", "notes"]
_ORIGIN_RANK = {"corrected": 0, "extracted": 1, "manual": 2}  # which figure wins when two give the same date


def _unit(indicator: str) -> str:
    cat = catalog()
    if indicator not in cat:
        raise De06Error(f"unknown indicator {indicator!r} in the targets")
    return "percent" if cat[indicator].unit == "percent" else "count"


def _num(s: str) -> float:
    v = float(s)
    return int(v) if v.is_integer() else v


def load_targets(processed: Path | None = None, reference: Path | None = None):
    """One row per distinct target (place, indicator, comparator, value, deadline), with every document that states it.

    ``target_id`` is ``place:indicator:deadline`` (plus the value when one place has two targets for the same
    indicator and deadline), stable across rebuilds.
    """
    import pandas as pd

    rows: dict[tuple, dict] = {}
    for r in read_rows(processed or PROCESSED / "targets.csv"):
        key = (r["jurisdiction"], r["indicator"], r["comparator"], _num(r["value"]), r["deadline"])
        row = rows.get(key)
        if row is None:
            rows[key] = {"jurisdiction": key[0], "indicator": key[1], "comparator": key[2], "value": key[3],
                         "deadline": key[4], "unit": _unit(key[1]), "origin": "extracted", "docs": [r["doc"]],
                         "set_in": r["set_in"], "legal_source": "", "quote": r["quote"], "source_url": ""}
        else:
            row["docs"].append(r["doc"])
            row["set_in"] = row["set_in"] or r["set_in"]
    for r in read_rows(reference or REFERENCE / "targets.csv"):
        key = (r["jurisdiction"], r["indicator"], r["comparator"], _num(r["value"]), r["deadline"])
        row = rows.setdefault(key, {
            "jurisdiction": key[0], "indicator": key[1], "comparator": key[2], "value": key[3], "deadline": key[4],
            "unit": _unit(key[1]), "origin": "curated", "docs": [], "set_in": r["source_date"],
            "legal_source": r["legal_source"], "quote": r["note"], "source_url": r["source_url"]})
        row["legal_source"] = row["legal_source"] or r["legal_source"]
        row["source_url"] = row["source_url"] or r["source_url"]
    counts: dict[tuple, int] = {}
    for k in rows:
        counts[(k[0], k[1], k[4])] = counts.get((k[0], k[1], k[4]), 0) + 1
    out = []
    for k in sorted(rows, key=lambda k: (k[0], k[1], k[4], k[2], k[3])):
        row = rows[k]
        tid = f"{k[0]}:{k[1]}:{k[4]}" + (f":{k[2]}{k[3]:g}" if counts[(k[0], k[1], k[4])] > 1 else "")
        out.append({"target_id": tid, **row, "docs": ";".join(sorted(row["docs"]))})
    return pd.DataFrame(out, columns=TARGET_COLUMNS)


def series(target, observations) -> tuple[list[tuple[str, float]], list[str], list[str]]:
    """The dated points a target is judged on: (points, docs, notes), points as sorted (ISO date, value) pairs.

    Headline rows (no breakdown) of the target's indicator for the same territory. Where the rows mix scopes
    (a month against a running total), only the scope of the latest row is kept; where two rows give the same
    date, a corrected figure wins over an extracted one, which wins over a hand-entered one. Each choice is a note.
    """
    ids = places.same_territory(target["jurisdiction"])
    obs = observations[(observations["indicator"] == target["indicator"]) & (observations["breakdown"] == "")]
    notes = []
    others = obs[~obs["jurisdiction"].isin(ids)]
    related = set()
    for pid in ids:
        try:
            lin = places.lineage(pid)
        except De06Error:
            continue
        related |= set(lin["absorbed"]) | ({lin["successor"]} if lin["successor"] else set())
    related -= set(ids)
    set_aside = sorted(set(others["jurisdiction"]) & related)
    if set_aside:
        notes.append(f"points of {', '.join(set_aside)} set aside: a different territory")
    obs = obs[obs["jurisdiction"].isin(ids)]
    if len(ids) > 1 and len(set(obs["jurisdiction"])) > 1:
        notes.append(f"one territory under several names: {', '.join(ids)}")
    rows = [dict(r) for _, r in obs.iterrows()]
    for r in rows:
        r["_date"] = observation_date(r)
    rows = [r for r in rows if r["_date"] and r["value"] == r["value"]]  # NaN never equals itself
    if rows:
        latest = max(rows, key=lambda r: (r["_date"], -_ORIGIN_RANK.get(r["origin"], 9)))
        mixed = [r for r in rows if r["scope"] != latest["scope"]]
        if mixed:
            notes.append(f"{len(mixed)} point(s) with scope other than '{latest['scope']}' set aside")
            rows = [r for r in rows if r["scope"] == latest["scope"]]
    by_date: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: (r["_date"], _ORIGIN_RANK.get(r["origin"], 9), r["doc"])):
        kept = by_date.setdefault(r["_date"], r)
        if kept is not r and kept["value"] != r["value"]:
            notes.append(f"{r['_date']}: {r['value']:g} ({r['doc']}) set aside for {kept['value']:g} ({kept['doc']})")
    points = [(d, float(by_date[d]["value"])) for d in sorted(by_date)]
    docs = sorted({by_date[d]["doc"] for d in by_date})
    return points, docs, notes


def _round(v, nd: int = 4):
    return None if v is None else round(float(v), nd)


def newest_date(observations) -> str:
    """The date of the newest figure in a dataset: the day an overview of every target is judged on (never the
    wall clock, so the same data give the same statuses)."""
    return max(observation_date(r) for r in observations.to_dict("records"))


def assess_one(target, observations, as_of=None):
    """(points, docs, notes, Assessment or None) for one target row judged on ``as_of``; None when its place has no point."""
    points, docs, notes = series(target, observations)
    if not points:
        return points, docs, notes + [f"no observation of {target['indicator']} for {target['jurisdiction']}"], None
    return points, docs, notes, assess(points, target["value"], target["deadline"], target["comparator"],
                                       unit=target["unit"], as_of=as_of)


def assess_targets(targets=None, observations=None, as_of=None):
    """Every target with its Assessment on ``as_of`` (default: each one's latest point), one row each; a target with
    no point of its own place is ``insufficient_data``."""
    import pandas as pd

    targets = load_targets() if targets is None else targets
    observations = load_observations() if observations is None else observations
    out = []
    for _, t in targets.iterrows():
        points, docs, notes, a = assess_one(t, observations, as_of)
        row = {c: t[c] for c in TARGET_COLUMNS}
        if a is None:
            row.update(status="insufficient_data", method="no_observations", n_points=0, stale=False, series_docs="",
                       notes="; ".join(notes))
            out.append(row)
            continue
        i80, i95 = a.interval80 or (None, None), a.interval95 or (None, None)
        row.update(
            status=a.status, current=a.current, current_as_of=a.current_as_of.isoformat(),
            required_pace=_round(a.required_pace), observed_pace=_round(a.observed_pace), projected=_round(a.projected),
            interval80_low=_round(i80[0]), interval80_high=_round(i80[1]),
            interval95_low=_round(i95[0]), interval95_high=_round(i95[1]),
            eta=a.eta.isoformat() if a.eta else None, method=a.method, n_points=a.n_points, stale=a.stale,
            series_docs=";".join(docs), notes="; ".join(notes + list(a.notes)))
        out.append(row)
    return pd.DataFrame(out, columns=ASSESSMENT_COLUMNS)
