"""When a figure is for: its scope (in the period or cumulative) and the date it is stated for.

Reports say it with phrases that reach forward through a paragraph: ``Trong kỳ,``
(the reporting window), ``lũy kế đến ngày 09/10/2025`` (a running total),
``từ ngày 10/9/2025 đến ngày 09/10/2025`` (a window; from 1 January it is a
year-to-date running total), ``6 tháng đầu năm`` (a half-year). A phrase in
brackets reaches only to the closing bracket, unless the brackets gloss a time
phrase (``trong năm 2022 (từ ngày 01/01/2022 đến ngày 14/12/2022)``).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import date

from de06 import numbers, text as textmod
from de06.documents import is_reference_date

__all__ = ["Marker", "markers", "time_for"]

# compiled once: these run for every figure or date
_GLOSSES_TIME = re.compile(r"(?:năm|tháng|kỳ|quý)\s*\d*\s*[\d/]*\s*$", re.IGNORECASE)
_TO_TAIL = re.compile(r"\s*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?", re.IGNORECASE)
_TO_NOW = re.compile(r"\s*(?:đến|tới)\s+nay", re.IGNORECASE)
_LUY_KE = re.compile(r"lũy kế|luỹ kế", re.IGNORECASE)
_UNTIL_END_OF = re.compile(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?$", re.IGNORECASE)
_WITHIN = re.compile(r"trong\s+$", re.IGNORECASE)
_WHOLE = re.compile(r"(?:^|[:;,.(]\s*|\n\s*)(?:tính\s+chung\s+)?cả\s+$", re.IGNORECASE)
_UNTIL_DAY = re.compile(r"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?:tháng\s+)?$", re.IGNORECASE)
_DATELINE_NGAY = re.compile(r"(?:^|[.:\n]\s*|^\W*)Ngày\s+$")
_WITHIN_MONTH = re.compile(r"trong\s+(?:tháng|quý)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    pos: int
    scope: str | None
    as_of: date | None
    paren_end: int | None  # a marker inside brackets only reaches to their end
    since: date | None = None  # the window's first day, when the text names it ("từ ngày 01/01/2022 …")


# These three are read on the lowercased text (numbers.lowered), without IGNORECASE.
_CUMULATIVE = re.compile(r"(?=[lthđ\s,(])(?:lũy kế|luỹ kế|tính đến|đến nay|hiện nay|hiện có|hiện tại|hiện (?:đạt|đang|đã)"
                         r"|đến thời điểm|đến ngày báo cáo|(?:^|[\s,(])(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?=\d))")
_PERIOD = re.compile(r"trong\s+(?:kỳ|tháng|tuần|quý|năm qua|năm nay)(?![\w])")
# a window whose dates may lack the year ("từ ngày 01/7 đến ngày 05/7"): in the period, whatever the year
_YEARLESS_WINDOW = re.compile(r"từ\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
                              r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?")
_FROM_TO = re.compile(r"từ\s+(?:ngày\s+)?$", re.IGNORECASE)


# _CUMULATIVE's last phrase opens with a space, comma or bracket (", đến ngày 09/10"), so scanning for it stops at
# every space of a text. Its words are found first, and it is tried only at each and at the character before it:
# every match it has starts there (a test compares the two readings on every fixture text).
_CUMULATIVE_WORDS = re.compile(r"lũy kế|luỹ kế|tính đến|đến|hiện|tới")


def _cumulative(low: str) -> list[re.Match]:
    """``list(_CUMULATIVE.finditer(low))``, trying the pattern only where its words are."""
    out, end, match = [], 0, _CUMULATIVE.match
    for k in _CUMULATIVE_WORDS.finditer(low):
        for p in (k.start() - 1, k.start()):
            if p >= end and p >= 0 and (m := match(low, p)) is not None:
                out.append(m)
                end = m.end()
    return out


@functools.lru_cache(maxsize=32)
def _all(rx: re.Pattern, text: str) -> tuple[re.Match, ...]:
    """Every match of ``rx`` in the lowercased ``text`` (same offsets), once per document."""
    low = numbers.lowered(text)
    return tuple(_cumulative(low) if rx is _CUMULATIVE else rx.finditer(low))


def _within(rx: re.Pattern, text: str, ps: int, pe: int) -> tuple[re.Match, ...]:
    """The matches of ``rx`` that start in ``text[ps:pe]`` and end by ``pe``: the document is scanned once, each
    paragraph takes its share by bisection."""
    found = _all(rx, text)
    lo = bisect.bisect_left(found, ps, key=lambda m: m.start())
    hi = bisect.bisect_left(found, pe, key=lambda m: m.start())
    return tuple(m for m in found[lo:hi] if m.end() <= pe)


def markers(text: str, ps: int, pe: int, year: int | None) -> list[Marker]:
    depths = textmod.paren_depths(text, ps, pe)
    stack: list[int] = []
    close_at: dict[int, int] = {}
    for m in _within(textmod._BRACKET, text, ps, pe):  # only the brackets, not every character
        if m.group() in "([":
            stack.append(m.start())
        elif stack:
            close_at[stack.pop()] = m.start()

    open_at = sorted(close_at)

    def paren_end(pos: int) -> int | None:
        """A time phrase in brackets reaches only to their end, unless the brackets gloss a time phrase."""
        if depths[pos - ps] == 0:
            return None
        k = bisect.bisect_left(open_at, pos) - 1  # the innermost bracket around pos: the nearest open one not yet closed
        while k >= 0 and close_at[open_at[k]] < pos:
            k -= 1
        if k < 0:
            return pe
        o = open_at[k]
        if _GLOSSES_TIME.search(text[max(ps, o - 20):o]):
            return None
        return close_at[o]

    out: list[Marker] = []
    covered: list[tuple[int, int]] = []
    dates = [(s, e, sp) for s, e, sp in numbers.find_dates(text, year, ps, pe) if not is_reference_date(text, s)]
    used: set[int] = set()
    for k, (s, e, sp) in enumerate(dates):
        if s in used:
            continue
        head = text[max(ps, s - 24):s]
        if _FROM_TO.search(head):
            tail = _TO_TAIL.match(text[e:e + 20])
            end_date, end_pos = None, e
            if tail and k + 1 < len(dates) and dates[k + 1][0] == e + tail.end():
                end_date, end_pos = dates[k + 1][2].end, dates[k + 1][1]
                used.add(dates[k + 1][0])
            elif _TO_NOW.match(text[e:e + 12]):
                end_pos = e
            ytd = sp.start.month == 1 and sp.start.day == 1
            covered.append((s, end_pos + 1))
            out.append(Marker(s, "cumulative" if ytd else "period", end_date, paren_end(s), sp.start))
            continue
        if sp.kind in ("year", "month", "quarter", "day") and re.search(r"\(\s*$", text[max(ps, s - 3):s]):
            out.append(Marker(s, None, sp.end, paren_end(s), sp.start if sp.kind != "day" else None))  # "(năm 2024 …)"
            continue
        if sp.kind == "first_months":
            cum = _LUY_KE.search(head)
            out.append(Marker(s, "cumulative" if cum else "period", sp.end, paren_end(s), sp.start))
        elif sp.kind == "year":  # "đến hết năm 2025": a state at the year's end; "trong năm 2024": the year's window
            if _UNTIL_END_OF.search(head):
                out.append(Marker(s, "cumulative", sp.end, paren_end(s)))
            elif _WITHIN.search(head):  # a window: no date to state the figure for
                out.append(Marker(s, "period", None, paren_end(s), sp.start))
            elif _WHOLE.search(head) and re.match(r"\s*,", text[e:e + 3]):
                # "…: cả năm 2023, tỷ lệ … đạt 38%": the whole year, a window that has closed
                out.append(Marker(s, "period", sp.end, paren_end(s), sp.start))
            elif re.match(r"\s*,", text[e:e + 3]) and (text[max(ps, s - 40):s].rstrip(" \t")[-1:] in ("", "\n", ".", ";", ":")):
                # "Năm 2024, tỷ lệ … đạt 52%" opening a sentence or a line: the year it speaks of
                out.append(Marker(s, None, sp.end, paren_end(s), sp.start))
        elif sp.kind == "day" or sp.kind in ("month", "quarter"):
            lead = _UNTIL_DAY.search(head)
            starts_sentence = _DATELINE_NGAY.search(text[max(ps, s - 12):s])
            if lead:
                out.append(Marker(s, "cumulative", sp.end, paren_end(s)))
            elif _WITHIN_MONTH.search(head) or (sp.kind != "day" and re.search(r"(?i)\btrong\s*$", head)):
                out.append(Marker(s, "period", None, paren_end(s)))  # "Trong tháng 10/2025, …": a window, wherever it stands
            elif starts_sentence or s - ps < 8:  # (a month or quarter keeps its start: a window, no deadline)
                out.append(Marker(s, None, sp.end, paren_end(s), sp.start if sp.kind != "day" else None))
    for m in _within(_YEARLESS_WINDOW, text, ps, pe):
        if not _in_any(covered, m.start()):
            covered.append((m.start(), m.end() + 1))
            out.append(Marker(m.start(), "period", None, paren_end(m.start())))
    taken = sorted({m.pos for m in out})  # by bisection below: linear in a paragraph's markers, however long it is
    covered.sort()
    for m in _within(_CUMULATIVE, text, ps, pe):
        if not _any_in(taken, m.start(), m.start() + 30) and not _in_any(covered, m.start()):
            out.append(Marker(m.start(), "cumulative", None, paren_end(m.start())))
    for m in _within(_PERIOD, text, ps, pe):
        if not _any_in(taken, m.start() - 15, m.start() + 16):
            out.append(Marker(m.start(), "period", None, paren_end(m.start())))
    return sorted(out, key=lambda m: m.pos)


def _any_in(sorted_positions: list[int], lo: int, hi: int) -> bool:
    """Whether a position lies in ``[lo, hi)``."""
    k = bisect.bisect_left(sorted_positions, lo)
    return k < len(sorted_positions) and sorted_positions[k] < hi


def _in_any(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the (few, short) spans; the spans are sorted by start when this is hot."""
    k = bisect.bisect_right(spans, (pos, float("inf")))
    return any(a <= pos < b for a, b in spans[max(0, k - 4):k])


def time_for(pos: int, clause: tuple[int, int], markers: list[Marker]) -> Marker | None:
    """The time phrase that governs a figure at ``pos``: the nearest before it whose brackets (if any) still hold it,
    else the first after it in its own clause. ``markers`` are sorted by position."""
    k = bisect.bisect_left(markers, pos, key=lambda m: m.pos)
    for m in reversed(markers[max(0, k - 64):k]):
        if m.paren_end is None or pos <= m.paren_end:
            return m
    if k > 64:  # rare: every one of the 64 nearest is shut in brackets that end before pos
        for m in reversed(markers[:k - 64]):
            if m.paren_end is None or pos <= m.paren_end:
                return m
    for m in markers[k:]:
        if m.pos >= clause[1]:
            break
        if clause[0] <= m.pos and m.pos > pos:
            return m
    return None
