"""Pandera schemas for the tables that cross de06's boundaries: manual input in, processed tables out.

A build validates everything it is about to write (PUDL's "validate at the
boundary"); a table that fails is reported row by row and nothing is written.
Row numbers in messages are the CSV line numbers (header = line 1).
"""

from __future__ import annotations


import pandas as pd
import pandera.pandas as pa

from de06 import places
from de06.errors import De06Error
from de06.indicators import catalog

__all__ = ["ValidationFailed", "observations", "targets", "documents", "audit", "manual_observations",
           "corrections", "validate"]

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATE_OR_MONTH = r"^(?:\d{4}-\d{2}(?:-\d{2})?)?$"
_PERIOD = r"^\d{4}(?:-\d{2})?(?:\.\.\d{4}-\d{2})?$"


class ValidationFailed(De06Error):
    """A table breaks its schema; ``failures`` lists ``(row, column, reason)``."""

    def __init__(self, table: str, failures: list[tuple[int | None, str, str]]):
        lines = [(f"row {r}, column {c}: {why}" if c != "row" else f"row {r}: {why}") if r is not None
                 else f"column {c}: {why}" for r, c, why in failures]
        super().__init__(f"{len(failures)} problem(s): " + "; ".join(lines[:20]), path=table)
        self.failures = failures


def _emitted() -> list[str]:
    return sorted(k for k, v in catalog().items() if v.emit)


def _known_place(pid: str) -> bool:
    head = pid.split("/")[0]
    try:
        places.lineage(head)
    except De06Error:
        return False
    return pid.count("/") <= 1


def _percent_in_range(df: pd.DataFrame) -> pd.Series:
    cat = catalog()
    is_pct = df["indicator"].map(lambda i: i in cat and cat[i].unit == "percent")
    v = pd.to_numeric(df["value"], errors="coerce")
    return ~is_pct | v.between(0, 100)


def _num_le_den(df: pd.DataFrame) -> pd.Series:
    n = pd.to_numeric(df["numerator"], errors="coerce")
    d = pd.to_numeric(df["denominator"], errors="coerce")
    return n.isna() | d.isna() | (n <= d)


def _nonneg(s: pd.Series) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce")
    return v.isna() | (v >= 0)


def _str(nullable: bool = True, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=True, **kw)


def _num(nullable: bool = True) -> pa.Column:
    return pa.Column(float, pa.Check(lambda s: s.isna() | (s >= 0), error="negative"), nullable=nullable, coerce=True)


def _common_obs_columns() -> dict:
    return {
        "indicator": _str(False, checks=pa.Check.isin(_emitted(), error="indicator not in the catalog")),
        "value": _num(False),
        "numerator": _num(),
        "denominator": _num(),
        "scope": _str(False, checks=pa.Check.isin(["period", "cumulative"], error="scope is period or cumulative")),
        "as_of": _str(checks=pa.Check.str_matches(_DATE_OR_MONTH, error="as_of is YYYY-MM-DD or YYYY-MM")),
        "jurisdiction": _str(False, checks=pa.Check(lambda s: s.map(_known_place), element_wise=False,
                                                     error="unknown place id")),
        "breakdown": _str(checks=pa.Check.str_matches(r"^(?:[a-z_]+=[a-z0-9_]+(?:;[a-z_]+=[a-z0-9_]+)*)?$",
                                                     error="breakdown is key=value;key=value")),
    }


_FRAME_CHECKS = [
    pa.Check(_percent_in_range, error="percent outside 0–100"),
    pa.Check(_num_le_den, error="numerator above denominator"),
]


def manual_observations() -> pa.DataFrameSchema:
    """``data/manual/observations.csv``: every row needs a source and a quote or note."""
    cols = _common_obs_columns()
    cols.update({
        "source_url": _str(), "source_doc": _str(),
        "source_date": _str(False, checks=pa.Check.str_matches(r"^\d{4}-\d{2}(?:-\d{2})?$",
                                                               error="source_date is YYYY-MM-DD or YYYY-MM")),
        "quote": _str(), "note": _str(), "note_vi": _str(),
    })
    has_source = pa.Check(lambda df: (df["source_url"].fillna("") != "") | (df["source_doc"].fillna("") != ""),
                          error="no source (source_url or source_doc)")
    has_words = pa.Check(lambda df: (df["quote"].fillna("") != "") | (df["note"].fillna("") != ""),
                         error="no quote or note")
    return pa.DataFrameSchema(cols, checks=_FRAME_CHECKS + [has_source, has_words], strict=True, coerce=True)


def corrections() -> pa.DataFrameSchema:
    """``data/manual/corrections.csv``: what to drop, set, add or accept, and why.

    A row with a ``ref`` names its figure by ref (``*``: the whole document, see ``de06.corrections``); a row
    without one (the older form) names it by doc, indicator, breakdown and value, so those are required there.
    """
    needs_key = pa.Check(lambda df: (df["ref"].fillna("") != "") | (df["indicator"].notna() & df["value"].notna()),
                         error="a row without a ref needs indicator and value")
    return pa.DataFrameSchema({
        "doc": _str(False), "indicator": _str(checks=pa.Check.isin(_emitted(), error="indicator not in the catalog")),
        "breakdown": _str(), "value": _num(),
        "action": _str(False, checks=pa.Check.isin(["drop", "set", "add", "accept"],
                                                   error="action is drop, set, add or accept")),
        "field": _str(), "new_value": _str(),
        "reason": _str(False, checks=pa.Check.str_length(min_value=3, error="a reason is required")),
        "ref": _str(checks=pa.Check.str_matches(r"^(?:[0-9a-f]{8}|\*)$", error="ref is 8 hex digits or *")),
    }, checks=[needs_key], strict=True, coerce=True)


def observations() -> pa.DataFrameSchema:
    """``data/processed/observations.csv``."""
    cols = _common_obs_columns()
    cols.update({
        "doc": _str(False),
        "value_source": _str(False, checks=pa.Check.isin(["stated", "computed"])),
        "period": _str(False, checks=pa.Check.str_matches(_PERIOD, error="period is YYYY, YYYY-MM or a range")),
        "quote": _str(), "start": pa.Column("Int64", nullable=True, coerce=True),
        "end": pa.Column("Int64", nullable=True, coerce=True), "flags": _str(),
        "confidence": pa.Column(float, pa.Check.in_range(0, 1, error="confidence is between 0 and 1"), coerce=True),
        "reasons": _str(), "ref": _str(False, checks=pa.Check.str_matches(r"^[0-9a-f]{8}$", error="ref is 8 hex digits")),
        "origin": _str(False, checks=pa.Check.isin(["extracted", "manual", "corrected"])),
        "source_url": _str(), "source_date": _str(), "note": _str(), "note_vi": _str(),
    })
    computed_has_parts = pa.Check(
        lambda df: (df["value_source"] != "computed") | (df["numerator"].notna() & df["denominator"].notna()),
        error="a computed value needs numerator and denominator")
    return pa.DataFrameSchema(cols, checks=_FRAME_CHECKS + [computed_has_parts], strict=True, coerce=True)


def targets() -> pa.DataFrameSchema:
    """``data/processed/targets.csv``."""
    return pa.DataFrameSchema({
        "doc": _str(False), "indicator": _str(False, checks=pa.Check.isin(_emitted())),
        "comparator": _str(False, checks=pa.Check.isin([">=", "<=", "=="])), "value": _num(False),
        "deadline": _str(checks=pa.Check.str_matches(r"^(?:\d{4}-\d{2}-\d{2})?$")),
        "jurisdiction": _str(False, checks=pa.Check(lambda s: s.map(_known_place), error="unknown place id")),
        "set_in": _str(checks=pa.Check.str_matches(r"^(?:\d{4}-\d{2}-\d{2})?$")), "quote": _str(),
        "start": pa.Column("Int64", nullable=True, coerce=True), "end": pa.Column("Int64", nullable=True, coerce=True),
        "ref": _str(False, checks=pa.Check.str_matches(r"^[0-9a-f]{8}$", error="ref is 8 hex digits")),
        "origin": _str(False, checks=pa.Check.isin(["extracted", "manual", "corrected"])),
    }, checks=[pa.Check(_percent_in_range, error="percent outside 0–100")], strict=True, coerce=True)


def documents() -> pa.DataFrameSchema:
    """``data/processed/documents.csv``."""
    return pa.DataFrameSchema({
        "doc": _str(False, unique=True), "kind": _str(False, checks=pa.Check.isin(["report", "plan", "news"])),
        "jurisdiction": _str(False, checks=pa.Check(lambda s: s.map(_known_place), error="unknown place id")),
        "level": _str(False, checks=pa.Check.isin(["province", "district", "commune", "country"])),
        "period": _str(checks=pa.Check.str_matches(r"^(?:\d{4}(?:-\d{2})?(?:\.\.\d{4}-\d{2})?)?$")),
        "dated": _str(checks=pa.Check.str_matches(r"^(?:\d{4}-\d{2}-\d{2})?$")), "reference": _str(),
        "sha256": _str(False, checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
    }, strict=True, coerce=True)


def audit() -> pa.DataFrameSchema:
    """``data/processed/audit.csv``."""
    return pa.DataFrameSchema({
        "doc": _str(False), "check": _str(False, checks=pa.Check.isin(["rate_vs_fraction", "parts_vs_total", "repeated_figure"])),
        "severity": _str(False, checks=pa.Check.isin(["error", "warning"])), "message": _str(False),
        "quotes": _str(), "start": pa.Column("Int64", nullable=True, coerce=True),
    }, strict=True, coerce=True)


_PLAIN = [  # pandera's check names → what they mean to the person who typed the row
    (r"^coerce_dtype\('(?:float|int|Int)\d*'\)$", "is not a number"),
    (r"^coerce_dtype", "has the wrong type"),
    (r"^not_nullable$", "is empty, and a value is required"),
    (r"^field_uniqueness$|^unique", "is repeated; each value must be unique"),
    (r"^column_in_dataframe$", "is missing from the header"),
    (r"^column_in_schema$", "is not a known column"),
    (r"^isin\(", "is not one of the allowed values"),
    (r"^str_matches\(", "is not in the expected format"),
    (r"^str_length\(", "is too short"),
    (r"^<lambda>$", "fails a check"),
]


def _plain(check: str) -> str:
    """A pandera check name in plain words (a check given an ``error=`` text keeps it).

    >>> _plain("coerce_dtype('float64')"), _plain("not_nullable"), _plain("percent outside 0–100")
    ('is not a number', 'is empty, and a value is required', 'percent outside 0–100')
    """
    import re

    for pattern, words in _PLAIN:
        if re.search(pattern, check):
            return words
    return check


def validate(schema: pa.DataFrameSchema, rows: list[dict], table: str, *, first_row: int = 2,
             lines: list[int] | None = None) -> None:
    """Validate rows (dicts of strings) against a schema; raise ValidationFailed naming each bad row and column.

    ``lines`` gives each row's line number in its file (default: ``first_row`` onwards).
    """
    cols = list(schema.columns)
    df = pd.DataFrame(rows, columns=cols if rows else cols, dtype=object).replace({"": None})
    extra = sorted(set().union(*(r.keys() for r in rows)) - set(cols)) if rows else []
    if extra:
        raise ValidationFailed(table, [(None, c, "is not a known column") for c in extra])
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        by_problem: dict[tuple[int | None, str], set[str]] = {}
        for _, r in exc.failure_cases.iterrows():
            idx = r.get("index")
            if idx is not None and not pd.isna(idx):
                row = lines[int(idx)] if lines and int(idx) < len(lines) else int(idx) + first_row
            else:
                row = None
            column = r.get("column")
            column = "" if column is None or pd.isna(column) or column == table else str(column)
            by_problem.setdefault((row, _plain(str(r.get("check")))), set()).add(column)
        failures = sorted({(row, next(iter(c)) if len(c) == 1 and next(iter(c)) else "row", why)
                           for (row, why), c in by_problem.items()}, key=lambda f: (f[0] or 0, f[1], f[2]))
        raise ValidationFailed(table, failures) from None
