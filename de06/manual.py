"""Hand-entered rows (``data/manual/observations.csv``, ``corrections.csv``) checked in plain words before a build.

An analyst types these files, often in a spreadsheet, so each error names the
file, the row (its CSV line number, header = 1) and the column, and says what is
wrong the way a person would: ``row 5, column as_of: "2024-13-45" is not a real
date (YYYY-MM-DD or YYYY-MM)``. Refused: exact duplicate rows, impossible dates,
values that are not finite numbers (``inf``, ``0/0``, ``1e308``), identifiers
that are not ``[a-z0-9_-]`` and text that a spreadsheet would run as a formula
(``=HYPERLINK(…)``). The pandera schemas (``de06.schemas``) then check the rest
(catalog, places, ranges).
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path

from de06.errors import De06Error

__all__ = ["ManualError", "read", "check_observations", "check_corrections", "number", "MAX_VALUE"]

MAX_VALUE = 1e15  # far above any count de06 reads (a province's payments in đồng reach 1e13)
_ID = re.compile(r"^[a-z0-9][a-z0-9_/-]*$")
_BREAKDOWN = re.compile(r"^(?:[a-z_]+=[a-z0-9_]+(?:;[a-z_]+=[a-z0-9_]+)*)?$")
_EXTRA = "\0extra"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")


class ManualError(De06Error):
    """A hand-entered row is wrong; ``problems`` lists ``(row, column, what)``."""

    def __init__(self, path: Path | str, problems: list[tuple[int, str, str]]):
        lines = [f"row {r}, column {c}: {what}" if c else f"row {r}: {what}" for r, c, what in problems]
        more = f" (and {len(lines) - 5} more)" if len(lines) > 5 else ""
        super().__init__("; ".join(lines[:5]) + more, path=str(path))
        self.problems = problems


def read(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    """The rows of a manual CSV with their line numbers; a wrong header or a ragged row is a ManualError."""
    if not path.exists():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, restkey=_EXTRA)
            if reader.fieldnames is None:
                return []
            if tuple(reader.fieldnames) != columns:
                raise ManualError(path, [(1, "", f"the header is {','.join(reader.fieldnames)}; expected "
                                                f"{','.join(columns)}")])
            out = []
            start = 2
            for r in reader:
                if _EXTRA in r:
                    cells = len(columns) + len(r[_EXTRA])
                    raise ManualError(path, [(start, "", f"{cells} cells; expected {len(columns)} "
                                                         "(a comma inside a value needs quotes)")])
                out.append((start, {k: (v if v is not None else "") for k, v in r.items()}))
                start = reader.line_num + 1
            return out
    except UnicodeDecodeError:
        raise ManualError(path, [(1, "", "not UTF-8 text; save it as CSV UTF-8")]) from None
    except csv.Error as exc:
        raise ManualError(path, [(1, "", f"not a readable CSV ({exc})")]) from None


def number(s: str) -> float | None:
    """A plain non-negative number as written in the manual files, or None if it is not one.

    >>> number("52.3"), number("1e3"), number("inf"), number("0/0"), number("1e308"), number("12a")
    (52.3, 1000.0, None, None, None, None)
    """
    s = s.strip()
    if not _NUMBER.match(s):
        return None
    v = float(s)
    return v if math.isfinite(v) and v <= MAX_VALUE else None


def _real_date(s: str, day_optional: bool = True) -> bool:
    """``2024-10-02`` or ``2024-10`` naming a real day or month.

    >>> _real_date("2024-02-29"), _real_date("2024-13-45"), _real_date("2024-99-99"), _real_date("2024-10")
    (True, False, False, True)
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", s)
    if not m or (m.group(3) is None and not day_optional):
        return False
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return False
    return 1990 <= int(m.group(1)) <= 2100


def _show(v: str) -> str:
    v = " ".join(v.split())
    return '"' + (v if len(v) <= 40 else v[:39] + "…") + '"'


def _formula(v: str) -> bool:
    return v.startswith(_FORMULA)


def _common(n: int, r: dict, problems: list, numbers: tuple[str, ...], ids: tuple[str, ...], texts: tuple[str, ...]):
    for c in numbers:
        v = r.get(c, "").strip()
        if not v or number(v) is not None:
            continue
        if _NUMBER.match(v):
            why = f"is too large (over {MAX_VALUE:.0e})" if math.isfinite(float(v)) else "is not a finite number"
        elif v.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            why = "is not a finite number"
        else:
            why = "is not a number (digits, with a dot for decimals)"
        problems.append((n, c, f"{_show(v)} {why}"))
    for c in ids:
        v = r.get(c, "")
        if v and not _ID.match(v):
            problems.append((n, c, f"{_show(v)} is not an id (lower-case letters, digits, - and _)"))
    for c in texts:
        v = r.get(c, "")
        if _formula(v):
            problems.append((n, c, f"{_show(v)} starts with {v[0]!r}, which a spreadsheet would run as a formula; "
                                   "start it with a letter or digit"))


def check_observations(path: Path, rows: list[tuple[int, dict]]) -> None:
    """Duplicates, dates, numbers, ids and formula-like text of ``observations.csv``; raise ManualError naming rows."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[tuple, int] = {}
    for n, r in rows:
        key = tuple(r.values())
        if key in seen:
            problems.append((n, "", f"the same row as row {seen[key]} (a duplicate)"))
        seen.setdefault(key, n)
        _common(n, r, problems, ("value", "numerator", "denominator"), ("jurisdiction", "indicator", "source_doc"),
                ("quote", "note", "source_url", "scope"))
        if r["as_of"] and not _real_date(r["as_of"]):
            problems.append((n, "as_of", f"{_show(r['as_of'])} is not a real date (YYYY-MM-DD or YYYY-MM)"))
        if r["source_date"] and not _real_date(r["source_date"]):
            problems.append((n, "source_date", f"{_show(r['source_date'])} is not a real date (YYYY-MM-DD or YYYY-MM)"))
        if r["source_url"] and not re.match(r"^https?://\S+$", r["source_url"]):
            problems.append((n, "source_url", f"{_show(r['source_url'])} is not a web address (http:// or https://)"))
        if r["breakdown"] and not _BREAKDOWN.match(r["breakdown"]):
            problems.append((n, "breakdown", f"{_show(r['breakdown'])} is not key=value;key=value"))
    if problems:
        raise ManualError(path, problems)


def check_corrections(path: Path, rows: list[tuple[int, dict]], numeric_fields: tuple[str, ...]) -> None:
    """Duplicates, numbers, ids and formula-like text of ``corrections.csv``; raise ManualError naming rows."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[tuple, int] = {}
    for n, r in rows:
        key = tuple(r.values())
        if key in seen:
            problems.append((n, "", f"the same row as row {seen[key]} (a duplicate)"))
        seen.setdefault(key, n)
        _common(n, r, problems, ("value",), ("doc", "indicator"), ("reason", "new_value", "field", "action"))
        if not r["value"].strip():
            problems.append((n, "value", "is empty; give the value of the observation to change"))
        if r["field"] in numeric_fields and r["new_value"].strip() and number(r["new_value"]) is None:
            problems.append((n, "new_value", f"{_show(r['new_value'])} is not a number, and {r['field']} is one"))
        if r["field"] in ("as_of",) and r["new_value"] and not _real_date(r["new_value"]):
            problems.append((n, "new_value", f"{_show(r['new_value'])} is not a real date (YYYY-MM-DD or YYYY-MM)"))
    if problems:
        raise ManualError(path, problems)
