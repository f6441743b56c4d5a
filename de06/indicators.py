"""The indicator catalog: ids, units and the Vietnamese cue phrases that find them.

``data/reference/indicators.csv`` holds the ids of the spec's catalog plus the
cue columns extraction reads (the knowledge lives in data, not in ``if``
ladders). Cue columns are regular expressions, matched case-insensitively with
any run of whitespace allowed where the pattern has a space:

``subject``  the noun right after the figure (``hồ sơ`` after a count, ``cơ sở`` after ``100%``);
``cues``     ``&&``-separated groups that must all occur in the figure's clause;
``topic``    groups that may occur in the clause or in the text that introduces it;
``near``     what the figure's own label must say (``||`` separates alternatives);
``exclude``  what its own label must not say; ``breakdowns`` the sub-series keys it takes;
``numerator``/``denominator`` the count ids that feed a rate; ``parent``/``part`` a count's parts.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from de06.errors import CatalogError

__all__ = ["Indicator", "Breakdown", "catalog", "breakdowns", "compile_cue", "twin", "REFERENCE"]

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
UNITS = {"percent", "count", "vnd"}


# The abbreviations Project 06 reports use for the phrases a cue may name: either form reads as the other.
ABBREVIATIONS = {
    "định danh điện tử": "ĐDĐT", "thủ tục hành chính": "TTHC", "dịch vụ công trực tuyến": "DVCTT",
    "căn cước công dân": "CCCD", "bảo hiểm y tế": "BHYT", "bảo hiểm xã hội": "BHXH", "an sinh xã hội": "ASXH",
    "cơ sở dữ liệu": "CSDL", "khám chữa bệnh": "KCB", "thanh toán không dùng tiền mặt": "TTKDTM",
    "ủy ban nhân dân": "UBND", "lý lịch tư pháp": "LLTP",
}


def _abbreviation_rules() -> list[tuple[re.Pattern[str], re.Pattern[str], str]]:
    rules = []
    for phrase, short in ABBREVIATIONS.items():
        words = phrase.split()
        spaced = re.compile(r"(?<![\w\\])" + r"(?: |\\s\+)".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
        rules.append((spaced, re.compile(rf"(?<![\w\\|(]){short}(?![\w|])"), "(?:" + r"\s+".join(words) + "|" + short + ")"))
    return rules


_ABBREVIATION_RULES = _abbreviation_rules()


def _with_abbreviations(pattern: str) -> str:
    """``định\\s+danh\\s+điện\\s+tử`` → ``(?:định\\s+danh\\s+điện\\s+tử|ĐDĐT)``, and ``CCCD`` → ``(?:CCCD|căn\\s+cước…)``."""
    for spaced, short, both in _ABBREVIATION_RULES:
        pattern = short.sub(lambda _m: both, spaced.sub(lambda _m: both, pattern))
    return pattern


def compile_cue(pattern: str) -> re.Pattern[str]:
    """Compile one cue: case-insensitive, a space matches any whitespace (hard wraps included), tones placed as in
    :func:`de06.text.canonical_tones` (``hoá`` is written ``hóa``), as the extraction reads the text, and a phrase
    matching its abbreviation too (``định danh điện tử`` / ``ĐDĐT``, :data:`ABBREVIATIONS`).

    >>> bool(compile_cue("sổ sức khỏe điện tử").search("tích hợp sổ \\n\\nsức khỏe điện tử"))
    True
    >>> bool(compile_cue("tài khoản định danh điện tử mức 2").search("kích hoạt 500 tài khoản ĐDĐT mức 2"))
    True
    """
    from de06.text import canonical_tones  # cues are read against text with its tones placed the one way

    plain = re.sub(r"(?<!\\) ", r"\\s+", canonical_tones(pattern))
    try:  # an abbreviation inside a look-behind would make its width vary: such a cue keeps its one spelling
        return re.compile(_with_abbreviations(plain), re.IGNORECASE)
    except re.error:
        return re.compile(plain, re.IGNORECASE)


_CASE_SENSITIVE_PARTS = re.compile(r"\\N\{|\(\?[a-zA-Z]*-[a-zA-Z]*i")  # "\N{…}" names, "(?-i:…)" parts


_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    r"""A cue for lowercased text: the same matches at the same places as the case-blind ``pattern`` on the original
    text (lowercased character for character), found about 3× faster, since no character needs case folding.

    Escapes are kept (``\S`` stays ``\S``); None where lowercasing could change the meaning (a case-sensitive part).

    >>> twin(compile_cue(r"sổ SỨC khỏe \S+")).pattern
    'sổ\\s+sức\\s+khỏe\\s+\\S+'
    """
    # remembered by the pattern's identity: a compiled pattern hashes (and compares) its whole program, and this
    # runs for every cue of every clause; the entry holds the pattern, so its id is not reused
    hit = _TWINS.get(id(pattern))
    if hit is None or hit[0] is not pattern:
        hit = _TWINS[id(pattern)] = (pattern, _lowercase_twin(pattern))
    return hit[1]


def _lowercase_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    if not pattern.flags & re.IGNORECASE or _CASE_SENSITIVE_PARTS.search(pattern.pattern):
        return None
    out, chars = [], iter(pattern.pattern)
    for ch in chars:
        out.append(ch + next(chars, "") if ch == "\\" else ch.lower())
    try:
        return re.compile("".join(out), pattern.flags & ~re.IGNORECASE)
    except re.error:
        return None


@dataclass(frozen=True)
class Indicator:
    """One catalog row with its cue phrases compiled."""

    id: str
    unit: str
    name_vi: str
    name_en: str
    flow: bool
    emit: bool
    subject: re.Pattern[str] | None
    cues: tuple[re.Pattern[str], ...]
    topic: tuple[re.Pattern[str], ...]
    near: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None
    breakdowns: tuple[str, ...]
    numerator: str
    denominator: str
    parent: str
    part: re.Pattern[str] | None

    @property
    def is_rate(self) -> bool:
        return self.unit == "percent"


@dataclass(frozen=True)
class Breakdown:
    """A sub-series label: ``school_level=primary`` read where the text says ``Tiểu học``."""

    key: str
    value: str
    pattern: re.Pattern[str]
    label_vi: str = ""
    label_en: str = ""


def _groups(cell: str, sep: str) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_cue(g.strip()) for g in cell.split(sep) if g.strip())


def _one(cell: str) -> re.Pattern[str] | None:
    return compile_cue(cell.strip()) if cell.strip() else None


@lru_cache(maxsize=4)
def catalog(path: str | None = None) -> dict[str, Indicator]:
    """Load and compile the catalog, keyed by id; a malformed row raises CatalogError.

    >>> catalog()["health_book_vneid_rate"].unit
    'percent'
    """
    p = Path(path) if path else REFERENCE / "indicators.csv"
    out: dict[str, Indicator] = {}
    with p.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            try:
                if row["unit"] not in UNITS:
                    raise ValueError(f"unit {row['unit']!r} not in {sorted(UNITS)}")
                ind = Indicator(
                    id=row["id"], unit=row["unit"], name_vi=row["name_vi"], name_en=row["name_en"],
                    flow=row["flow"] == "true", emit=row["emit"] == "true",
                    subject=_one(row["subject"]), cues=_groups(row["cues"], "&&"),
                    topic=_groups(row["topic"], "&&"), near=_groups(row["near"], "||"),
                    exclude=_one(row["exclude"]),
                    breakdowns=tuple(b for b in row["breakdowns"].split(";") if b),
                    numerator=row["numerator"], denominator=row["denominator"],
                    parent=row["parent"], part=_one(row["part"]),
                )
            except (KeyError, ValueError, re.error) as exc:
                raise CatalogError(f"row {n}: {exc}", path=str(p)) from None
            out[ind.id] = ind
    for ind in out.values():
        for ref in (ind.numerator, ind.denominator, ind.parent):
            if ref and ref not in out:
                raise CatalogError(f"{ind.id} refers to unknown indicator {ref!r}", path=str(p))
    return out


@lru_cache(maxsize=4)
def breakdowns(path: str | None = None) -> tuple[Breakdown, ...]:
    """Load the breakdown labels (``data/reference/breakdowns.csv``).

    >>> [b.value for b in breakdowns() if b.pattern.search("Tiểu học")]
    ['primary']
    """
    p = Path(path) if path else REFERENCE / "breakdowns.csv"
    with p.open(encoding="utf-8", newline="") as f:
        return tuple(Breakdown(r["key"], r["value"], compile_cue(r["pattern"]), r.get("label_vi") or "",
                               r.get("label_en") or "") for r in csv.DictReader(f))
