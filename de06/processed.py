"""The one loader of the processed tables (``data/processed/*.csv``): each is checked against its schema on read.

A table edited by hand after ``de06 build`` is caught here, not published: a malformed value, a non-numeric
figure, and a stated figure whose quote does not contain it — ``55.17`` beside a quote that says ``55,17%`` is
fine, ``56.17`` beside it fails, naming the file and the row.
"""

from __future__ import annotations

import re
from pathlib import Path

from de06.errors import De06Error

__all__ = ["TABLES", "NUMERAL", "columns", "check", "load", "check_quotes", "quote_states"]

TABLES = ("observations", "candidates", "targets", "audit", "documents")
NUMERAL = re.compile(r"\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*")  # "1.316", "55,17", "1 234 567"
_SCALES = (1, 1e3, 1e6, 1e9)


class ProcessedTableError(De06Error):
    """A processed table that does not match its schema, or a figure its quote does not state."""


def _schema(name: str):
    from de06 import schemas

    return {"observations": schemas.observations, "candidates": schemas.observations, "targets": schemas.targets,
            "audit": schemas.audit, "documents": schemas.documents}[name]()


def columns(name: str) -> tuple[str, ...]:
    from de06.audit import FINDING_FIELDS
    from de06.dataset import DOC_COLUMNS, OBS_COLUMNS, TARGET_COLUMNS

    return {"observations": OBS_COLUMNS, "candidates": OBS_COLUMNS, "targets": TARGET_COLUMNS, "audit": FINDING_FIELDS,
            "documents": DOC_COLUMNS}[name]


def _readings(token: str) -> set[float]:
    """The values a numeral may mean: Vietnamese (``1.316`` = 1316, ``55,17`` = 55.17) or English (``97.34``, ``5,517``).

    >>> sorted(_readings("55,17")), sorted(_readings("1.316")), sorted(_readings("97.34"))
    ([55.17, 5517.0], [1.316, 1316.0], [97.34, 9734.0])
    """
    out = set()
    token = re.sub(r"[ \u00a0\u202f]", "", token)
    vi = token.replace(".", "").replace(",", ".")
    for s in (vi, token.replace(",", "")):
        try:
            out.add(float(s))
        except ValueError:
            pass
    return out


def quote_states(quote: str, *values) -> bool:
    """Whether ``quote`` writes one of ``values`` (any reading of its numerals, at any scale word: nghìn, triệu, tỷ).

    >>> quote_states("đạt tỷ lệ 55,17%", 55.17), quote_states("đạt tỷ lệ 55,17%", 56.17)
    (True, False)
    >>> quote_states("1,07 triệu lượt", 1070000), quote_states("cho 1 234 567 công dân", 1234567)
    (True, True)
    """
    found = {r for t in NUMERAL.findall(quote) for r in _readings(t)}
    for v in values:
        if v is None or v == "":
            continue
        v = float(v)
        if any(abs(r * s - v) <= max(1e-6, 5e-4 * abs(v)) for r in found for s in _SCALES):
            return True
    return False


def check_quotes(rows: list[dict], table: str) -> None:
    """Raise naming the first row whose stated value is missing from its quote.

    Only the value: a rate's numerator and denominator may come from another sentence or a footnote. A figure an
    analyst corrected (``origin=corrected``) may differ from its quote: the correction file says why.
    """
    for n, r in enumerate(rows, start=2):
        if (r.get("value_source") != "stated" or not r.get("quote") or r.get("value") in ("", None)
                or r.get("origin") == "corrected"):
            continue
        if not quote_states(r["quote"], r["value"]):
            raise ProcessedTableError(f"row {n}: {r['indicator']} value {r['value']} is not in its quote "
                                      f"{' '.join(r['quote'].split())[:80]!r}", path=table)


def check(name: str, rows: list[dict], head: tuple[str, ...], path: Path | str) -> None:
    """Check rows read from processed table ``name``: its columns, its schema, and (figures) their quotes."""
    from de06 import schemas

    if name not in TABLES:
        raise De06Error(f"unknown processed table {name!r} (one of {', '.join(TABLES)})")
    if tuple(head) != columns(name):
        raise ProcessedTableError(f"columns are {list(head)}, expected {list(columns(name))}; run `make data`",
                                  path=str(path))
    schemas.validate(_schema(name), rows, str(path))
    if name in ("observations", "candidates"):
        check_quotes(rows, str(path))


def load(name: str, data: Path | str | None = None) -> list[dict]:
    """The rows of one processed table as dicts of strings, checked; a missing file says to run ``make data``.

    Reads through ``de06.compare.read_rows`` (the manifest check and unescaping of spreadsheet-safe cells).
    ``data`` defaults to ``de06.compare.PROCESSED`` (``DE06_PROCESSED`` when set).
    """
    from de06.compare import PROCESSED, read_rows

    if name not in TABLES:
        raise De06Error(f"unknown processed table {name!r} (one of {', '.join(TABLES)})")
    return read_rows(Path(data or PROCESSED) / f"{name}.csv")
