"""Vietnamese numerals and dates as they appear in Project 06 reports.

Reports write ``1.073.204`` for a count (dot = thousands), ``25,45%`` for a
rate (comma = decimal), and sometimes ``97.34%`` (a dot-decimal percent pasted
from a spreadsheet). Dates come as ``16/10/2025``, ``ngày 16 tháng 10 năm
2025``, ``tháng 10/2025``, ``Quý III/2025`` or ``6 tháng đầu năm``. This
module turns those strings into values and date spans; it knows nothing of
indicators. Every regex here is linear-time (no nested quantifiers).
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Number",
    "Span",
    "parse_number",
    "find_numbers",
    "format_vi",
    "parse_date",
    "find_dates",
]

LETTERS = "A-Za-zÀ-ỹ"
_SCALES = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}
_APPROX = ("hơn", "khoảng", "gần", "trên", "xấp xỉ", "ước", "ước tính", "ước đạt", "chừng", "trên dưới", "gần như")

_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_DOT = re.compile(r"\d+\.\d+")
_INTEGER = re.compile(r"\d+")

# A numeric token: digits with inner dots/commas, not glued to a letter or digit on either side. It opens with the
# digit itself, not a look-ahead, so the regex engine skips to digits instead of trying every position.
_TOKEN = re.compile(rf"[0-9](?<![{LETTERS}0-9_.,][0-9])(?:[0-9]{{0,2}}(?:[ \u00a0\u202f][0-9]{{3}})+(?![0-9.,]?[0-9])"
                    rf"|(?:[0-9.,]*[0-9])?)")
_SPACED = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+")
_AFTER = re.compile(
    rf"\s?(?P<pct>%|phần trăm)|\s(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)(?![{LETTERS}])(?!\s+lệ)"
)
_APPROX_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _APPROX), key=len, reverse=True)) + r")\s+$",
                            re.IGNORECASE)

# compiled once: these run for every figure
_COMMA_THOUSANDS = re.compile(r"\d{1,3},\d{3}")
_SLASH_AFTER = re.compile(rf"/\s?([0-9][0-9.,]*)([{LETTERS}/]?)")
_SLASH_BEFORE = re.compile(rf"([0-9][0-9.,]*)\s?(?:[{LETTERS}]+\s?)?/$")
_DATE_THIRD_PART = re.compile(r"[0-9]/[0-9.,]*\s?/$")
_AFTER_NGAY = re.compile(r"ngày\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A figure found in text: its value, where it is, and how it was written."""

    value: float
    start: int
    end: int
    text: str
    percent: bool = False
    approximate: bool = False


def parse_number(token: str, *, percent: bool = False) -> float:
    """Parse one Vietnamese-formatted numeral; raise ValueError when it is not one.

    >>> parse_number("1.073.204"), parse_number("25,45"), parse_number("03")
    (1073204, 25.45, 3)
    >>> parse_number("97.34", percent=True), parse_number("3 205 700")
    (97.34, 3205700)
    """
    s = token.strip()
    if s.isascii() and s.isdigit():
        return int(s)  # the commonest token, plain digits: no pattern below but the last can take it
    if _SPACED.fullmatch(s):
        return _tidy(float(re.sub(r"\D", "", s)))  # "3 205 700": thousands separated by spaces
    if _THOUSANDS_DOT.fullmatch(s):
        whole, _, frac = s.partition(",")
        value = float(whole.replace(".", "") + ("." + frac if frac else ""))
        if percent and value > 100 and s.count(".") == 1 and not frac:
            return float(s)  # "62.760%" cannot be sixty thousand percent
        return _tidy(value)
    if _THOUSANDS_COMMA.fullmatch(s):
        return _tidy(float(s.replace(",", "")))
    if _DECIMAL_COMMA.fullmatch(s):
        return float(s.replace(",", "."))
    if _DECIMAL_DOT.fullmatch(s):
        return float(s)
    if _INTEGER.fullmatch(s):
        return int(s)
    raise ValueError(f"not a Vietnamese numeral: {token!r}")


def _tidy(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _is_phone(token: str) -> bool:
    digits = sum(c.isdigit() for c in token)
    return token.startswith("0") and digits >= 9


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every figure in ``text[start:end]`` with percent, scale word and approximation read.

    Tokens glued to letters (``4Đăng ký``, ``IP14``), phone numbers and slash
    groups (``16/10/2025``, ``367/BC-UBND``, ``220/380V``) are not figures here;
    fractions are read by the caller from adjacent figures.

    >>> [(n.value, n.percent, n.approximate) for n in find_numbers("khoảng 142.884 hồ sơ, đạt 25,45%")]
    [(142884, False, True), (25.45, True, False)]
    >>> [n.value for n in find_numbers("1,07 triệu lượt; 4Đăng ký: 6.510 hồ sơ¹⁵")]
    [1070000, 6510]
    """
    end = len(text) if end is None else end
    found, starts, token_ends = _all_numbers(text)  # read once per document: each clause takes its share by bisection
    if start == 0 and end == len(text):
        return list(found)
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end)
    return [found[k] for k in range(lo, hi) if token_ends[k] <= end]


@functools.lru_cache(maxsize=64)
def _all_numbers(text: str) -> tuple[tuple[Number, ...], list[int], list[int]]:
    """Every figure of a text, with where each starts and where its digits end (a scale word or % may follow:
    ``1,2 triệu`` ends its digits after ``1,2``), for :func:`find_numbers` to bisect."""
    found: list[Number] = []
    token_ends: list[int] = []
    for m in _TOKEN.finditer(text):
        token = m.group()
        s, e = m.span()
        if e < len(text) and (text[e].isalpha() or text[e] == "_"):
            continue
        if ((e < len(text) and text[e] == "/") or (s and text[s - 1] == "/")) and _slash_adjacent(text, s, e):
            continue
        if token[0] == "0" and _is_phone(token):
            continue
        after = _AFTER.match(text, e)
        pct = bool(after and after.group("pct"))
        try:
            value = parse_number(token, percent=pct)
        except ValueError:
            continue
        if not pct and not (after and after.group("scale")) and _COMMA_THOUSANDS.fullmatch(token):
            value = int(token.replace(",", ""))  # "812,345 tài khoản": a count with a comma thousands mark
        if after and after.group("scale"):
            value = _tidy(round(value * _SCALES[after.group("scale").lower()], 6))
        stop = after.end() if after else e
        before = text[max(0, s - 12):s]
        approx = bool(_APPROX_BEFORE.search(before))
        found.append(Number(value, s, stop, text[s:stop], pct, approx))
        token_ends.append(e)
    return tuple(found), [n.start for n in found], token_ends


def _slash_adjacent(text: str, s: int, e: int) -> bool:
    """True when the token is part of a date, legal reference or voltage, not a fraction."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if after == "/":
        nxt = _SLASH_AFTER.match(text[e:e + 24])
        if not nxt or nxt.group(2):
            return True  # 367/BC-UBND, 220/380V, 16/10/2025
        return _looks_like_date(text[s:e], nxt.group(1), text[max(0, s - 8):s])
    if before == "/":
        head_start = max(0, s - 24)
        head = text[head_start:s]
        prev = _SLASH_BEFORE.search(head)
        if not prev or _DATE_THIRD_PART.search(head):
            return True  # no figure before the slash, or the third part of a date
        p = head_start + prev.start()
        return _looks_like_date(prev.group(1), text[s:e], text[max(0, p - 8):p])
    return False


def _looks_like_date(a: str, b: str, before: str = "") -> bool:
    """``12/2025`` (month/year) or ``ngày 09/10`` (day/month) rather than a fraction like ``09/09 xã``."""
    if not (a.isdigit() and b.isdigit()):
        return False
    if len(b) == 4 and 1 <= int(a) <= 12 and 1900 <= int(b) <= 2100:
        return True
    return bool(_AFTER_NGAY.search(before))


def format_vi(value: float, decimals: int | None = None) -> str:
    """Write a value the Vietnamese way: dot thousands, comma decimals.

    >>> format_vi(1073204), format_vi(25.45, 2), format_vi(64434342768)
    ('1.073.204', '25,45', '64.434.342.768')
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(f"{float(value):.12f}".rstrip("0").split(".")[1])
    s = f"{value:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class Span:
    """A stretch of calendar time a report names: a day, month, quarter, year or months of a year."""

    start: date
    end: date
    kind: str  # day | month | quarter | year | first_months | last_months

    @property
    def is_day(self) -> bool:
        return self.kind == "day"


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# Read on the lowercased text (see :func:`lowered`), so no pattern needs IGNORECASE, and each starts with a
# character rather than a look-behind: "\\d(?<![0-9/]\\d)" is "a digit not after a digit or slash". Both let the
# regex engine skip ahead to candidate positions instead of trying every one: a 2 MB report is read 10× faster.
_DATE_PATTERNS = [
    ("day", re.compile(r"(\d(?<![0-9/]\d)\d?)\s?/\s?(\d{1,2})\s?/\s?(\d{4})(?![0-9/])")),
    # "Đề án 06 tháng 9 năm 2025" names the project, then the month: a number after "án" is no day
    ("day_words", re.compile(r"(\d(?<![0-9]\d)(?<!án \d)\d?) tháng (\d{1,2}) năm (\d{4})(?![0-9])")),
    ("day_words", re.compile(r"(\d(?<![0-9]\d)\d?)-(\d{1,2})-(\d{4})(?![0-9])")),
    ("quarter", re.compile(r"q(?<!\wq)uý\s+(i{1,3}|iv|[1-4])\s*(?:/|năm\s+)(\d{4})(?![0-9])")),
    ("first_months", re.compile(r"(\d(?<![0-9]\d)\d?) tháng đầu năm(?:\s+(\d{4}))?(?![0-9])")),
    ("last_months", re.compile(r"(\d(?<![0-9]\d)\d?) tháng cuối năm(?:\s+(\d{4}))?(?![0-9])")),
    ("month", re.compile(r"t(?<!\wt)háng\s+(\d{1,2})\s*(?:/|năm\s+)(\d{4})(?![0-9])")),
    ("month_bare", re.compile(r"(\d(?<![0-9/.,]\d)\d?)/(\d{4})(?![0-9/])")),
    ("day_noyear", re.compile(r"n(?<!\wn)gày\s+(\d{1,2})\s?/\s?(\d{1,2})(?![0-9/])")),
    ("year", re.compile(r"n(?<!\wn)ăm\s+(\d{4})(?![0-9/])")),
]
# each with whether it opens with a digit not after an ASCII digit, to be read by digit_led
_DATE_SCANS = tuple((kind, rx, rx.pattern.startswith(r"(\d(?<![0-9")) for kind, rx in _DATE_PATTERNS)


@functools.lru_cache(maxsize=64)
def lowered(text: str) -> str:
    """``text`` in lower case, character for character (same length, same offsets), read once per text.

    >>> lowered("THÁNG 10/2025 İ")
    'tháng 10/2025 İ'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowercases to two characters


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _build(kind: str, groups: tuple, year: int | None) -> Span | None:
    try:
        if kind in ("day", "day_words"):
            d = date(int(groups[2]), int(groups[1]), int(groups[0]))
            return Span(d, d, "day")
        if kind == "day_noyear":
            if year is None:
                return None
            d = date(year, int(groups[1]), int(groups[0]))
            return Span(d, d, "day")
        if kind in ("month", "month_bare"):
            y, m = int(groups[1]), int(groups[0])
            if not (1 <= m <= 12 and 1900 <= y <= 2100):
                return None
            return Span(date(y, m, 1), _month_end(y, m), "month")
        if kind == "quarter":
            q = _ROMAN.get(groups[0].upper()) or int(groups[0])
            y = int(groups[1])
            return Span(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
        if kind in ("first_months", "last_months"):
            n = int(groups[0])
            y = int(groups[1]) if groups[1] else year
            if y is None or not 1 <= n <= 12:
                return None
            if kind == "first_months":
                return Span(date(y, 1, 1), _month_end(y, n), "first_months")
            return Span(date(y, 13 - n, 1), date(y, 12, 31), "last_months")
        if kind == "year":
            y = int(groups[0])
            if not 1900 <= y <= 2100:
                return None
            return Span(date(y, 1, 1), date(y, 12, 31), "year")
    except ValueError:
        return None
    return None


def find_dates(text: str, year: int | None = None, start: int = 0, end: int | None = None) -> list[tuple[int, int, Span]]:
    """Every date expression in ``text[start:end]`` as (start, end, Span), earliest first, non-overlapping.

    ``year`` completes expressions that omit it (``ngày 09/10``, ``6 tháng đầu năm``).

    >>> [(s.kind, s.end.isoformat()) for _, _, s in find_dates("từ ngày 10/9/2025 đến ngày 09/10/2025")]
    [('day', '2025-09-10'), ('day', '2025-10-09')]
    >>> [(s.kind, s.end.isoformat()) for _, _, s in find_dates("riêng 6 tháng đầu năm đạt 98%", year=2024)]
    [('first_months', '2024-06-30')]
    """
    end = len(text) if end is None else end
    if start == 0 and end == len(text):
        return list(_all_dates(text, year))
    found = _all_dates(text, year)  # read once per document: each paragraph takes its share by bisection
    lo = bisect.bisect_left(found, (start,), key=lambda t: (t[0],))
    hi = bisect.bisect_left(found, (end,), key=lambda t: (t[0],))
    return [t for t in found[lo:hi] if t[1] <= end]


# A digit not after an ASCII digit: the only place a pattern that opens with "\\d(?<![0-9]\\d)" (or with a look-behind
# naming a word before the digit) can start. One scan finds these places; each such pattern is then tried there
# only, instead of being scanned over every character of the text on its own.
_RUN_START = re.compile(r"\d(?<![0-9]\d)")  # the digit first, then the look-behind: the engine skips to digits


@functools.lru_cache(maxsize=64)
def _run_starts(low: str) -> list[int]:
    return [m.start() for m in _RUN_START.finditer(low)]


class DigitLed:
    """Patterns that can only start at a digit not after an ASCII digit — or, like ``\\d+\\s+phần``, also further
    into a run whose first digit would match as well, and never end inside a run — read together: the run starts
    where any of them matches are found once, and each is tried there only (tests compare this reading with a
    scan of the whole text, for every pattern read this way).

    >>> [[m.group() for m in ms] for ms in DigitLed([re.compile(r"\\d(?<![0-9]\\d)\\d?/\\d{4}")]).scan("tháng 10/2025 và 9/2025").values()]
    [['10/2025', '9/2025']]
    """

    def __init__(self, patterns):
        self.patterns = tuple(patterns)
        self.any = re.compile("|".join(f"(?:{rx.pattern})" for rx in self.patterns))  # a start none matches is skipped

    def scan(self, low: str) -> dict[int, list[re.Match[str]]]:
        """For each pattern, by its ``id``: ``list(rx.finditer(low))``."""
        any_match = self.any.match
        starts = [p for p in _run_starts(low) if any_match(low, p) is not None]
        out = {}
        for rx in self.patterns:
            found, end, match = [], 0, rx.match
            for p in starts:
                if p >= end and (m := match(low, p)) is not None:
                    found.append(m)
                    end = m.end()
            out[id(rx)] = found
        return out


_DATES_LED = DigitLed(rx for _, rx, led in _DATE_SCANS if led)


@functools.lru_cache(maxsize=64)
def _date_matches(text: str) -> tuple[tuple[str, int, int, tuple], ...]:
    """Every match of every date pattern, pattern by pattern: the scan does not depend on the year, so it is done
    once per text however many years complete its partial dates."""
    low = lowered(text)
    led = _DATES_LED.scan(low)
    return tuple((kind, m.start(), m.end(), m.groups()) for kind, rx, is_led in _DATE_SCANS
                 for m in (led[id(rx)] if is_led else rx.finditer(low)))


@functools.lru_cache(maxsize=64)  # room for a document's text beside the phrases read on their own
def _all_dates(text: str, year: int | None) -> tuple[tuple[int, int, Span], ...]:
    taken: list[tuple[int, int, Span]] = []  # kept sorted by start; the spans never overlap
    starts: list[int] = []
    for kind, s, e, groups in _date_matches(text):  # an earlier pattern wins over a later one it overlaps
        i = bisect.bisect_right(starts, s)  # only the neighbours can overlap: linear, not quadratic, in dates
        if (i and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            continue
        span = _build(kind, groups, year)
        if span is not None:
            starts.insert(i, s)
            taken.insert(i, (s, e, span))
    return tuple(taken)


def parse_date(text: str, year: int | None = None) -> Span | None:
    """The first date expression in ``text``, or None.

    >>> parse_date("ngày 09/10/2025").start.isoformat()
    '2025-10-09'
    >>> s = parse_date("Quý III/2025"); (s.start.isoformat(), s.end.isoformat())
    ('2025-07-01', '2025-09-30')
    >>> parse_date("tháng 10/2025").end.isoformat(), parse_date("năm 2022").kind
    ('2025-10-31', 'year')
    """
    found = find_dates(text, year)
    return found[0][2] if found else None
