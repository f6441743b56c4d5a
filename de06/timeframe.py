"""When a figure is for: its scope (in the period or cumulative) and the date it is stated for.

Reports say it with phrases that reach forward through a paragraph: ``Trong kỳ,``
(the reporting window), ``lũy kế đến ngày 09/10/2025`` (a running total),
``từ ngày 10/9/2025 đến ngày 09/10/2025`` (a window; from 1 January it is a
year-to-date running total), ``6 tháng đầu năm`` (a half-year). A phrase in
brackets reaches only to the closing bracket, unless the brackets gloss a time
phrase (``trong năm 2022 (từ ngày 01/01/2022 đến ngày 14/12/2022)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from de06 import numbers, text as textmod
from de06.documents import is_reference_date

__all__ = ["Marker", "markers", "time_for"]


@dataclass(frozen=True)
class Marker:
    pos: int
    scope: str | None
    as_of: date | None
    paren_end: int | None  # a marker inside brackets only reaches to their end
    since: date | None = None  # the window's first day, when the text names it ("từ ngày 01/01/2022 …")


_CUMULATIVE = re.compile(r"lũy kế|luỹ kế|tính đến|đến nay|hiện nay|hiện có|hiện tại|hiện (?:đạt|đang|đã)|đến thời điểm|đến ngày báo cáo"
                         r"|(?:^|[\s,(])(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?=\d)", re.IGNORECASE)
_PERIOD = re.compile(r"trong\s+(?:kỳ|tháng|tuần|quý|năm qua|năm nay)(?![\w])", re.IGNORECASE)
# a window whose dates may lack the year ("từ ngày 01/7 đến ngày 05/7"): in the period, whatever the year
_YEARLESS_WINDOW = re.compile(r"từ\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
                              r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?", re.IGNORECASE)
_FROM_TO = re.compile(r"từ\s+(?:ngày\s+)?$", re.IGNORECASE)


def markers(text: str, ps: int, pe: int, year: int | None) -> list[Marker]:
    depths = textmod.paren_depths(text, ps, pe)
    stack: list[int] = []
    close_at: dict[int, int] = {}
    for m in textmod._BRACKET.finditer(text, ps, pe):  # only the brackets, not every character
        if m.group() in "([":
            stack.append(m.start())
        elif stack:
            close_at[stack.pop()] = m.start()

    def paren_end(pos: int) -> int | None:
        """A time phrase in brackets reaches only to their end, unless the brackets gloss a time phrase."""
        if depths[pos - ps] == 0:
            return None
        opens = [o for o in close_at if o < pos <= close_at[o]]
        if not opens:
            return pe
        o = max(opens)
        if re.search(r"(?:năm|tháng|kỳ|quý)\s*\d*\s*[\d/]*\s*$", text[max(ps, o - 20):o], re.IGNORECASE):
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
            tail = re.match(r"\s*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?", text[e:e + 20], re.IGNORECASE)
            end_date, end_pos = None, e
            if tail and k + 1 < len(dates) and dates[k + 1][0] == e + tail.end():
                end_date, end_pos = dates[k + 1][2].end, dates[k + 1][1]
                used.add(dates[k + 1][0])
            elif re.match(r"\s*(?:đến|tới)\s+nay", text[e:e + 12], re.IGNORECASE):
                end_pos = e
            ytd = sp.start.month == 1 and sp.start.day == 1
            covered.append((s, end_pos + 1))
            out.append(Marker(s, "cumulative" if ytd else "period", end_date, paren_end(s), sp.start))
            continue
        if sp.kind == "first_months":
            cum = re.search(r"lũy kế|luỹ kế", head, re.IGNORECASE)
            out.append(Marker(s, "cumulative" if cum else "period", sp.end, paren_end(s), sp.start))
        elif sp.kind == "year":  # "đến hết năm 2025": a state at the year's end; "trong năm 2024": the year's window
            if re.search(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?$", head, re.IGNORECASE):
                out.append(Marker(s, "cumulative", sp.end, paren_end(s)))
            elif re.search(r"trong\s+$", head, re.IGNORECASE):  # a window: no date to state the figure for
                out.append(Marker(s, "period", None, paren_end(s), sp.start))
        elif sp.kind == "day" or sp.kind in ("month", "quarter"):
            lead = re.search(r"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?:tháng\s+)?$", head, re.IGNORECASE)
            starts_sentence = re.search(r"(?:^|[.:\n]\s*|^\W*)Ngày\s+$", text[max(ps, s - 12):s])
            if lead:
                out.append(Marker(s, "cumulative", sp.end, paren_end(s)))
            elif starts_sentence or s - ps < 8:
                out.append(Marker(s, None, sp.end, paren_end(s)))
            elif re.search(r"trong\s+(?:tháng|quý)\s*$", head, re.IGNORECASE):
                out.append(Marker(s, "period", None, paren_end(s)))
    for m in _YEARLESS_WINDOW.finditer(text, ps, pe):
        if not any(a <= m.start() < b for a, b in covered):
            covered.append((m.start(), m.end() + 1))
            out.append(Marker(m.start(), "period", None, paren_end(m.start())))
    taken = {m.pos for m in out}
    for m in _CUMULATIVE.finditer(text, ps, pe):
        if not any(abs(m.start() - t) < 30 and t >= m.start() for t in taken) and not any(a <= m.start() < b for a, b in covered):
            out.append(Marker(m.start(), "cumulative", None, paren_end(m.start())))
    for m in _PERIOD.finditer(text, ps, pe):
        if not any(abs(m.start() - t) < 16 for t in taken):
            out.append(Marker(m.start(), "period", None, paren_end(m.start())))
    return sorted(out, key=lambda m: m.pos)


def time_for(pos: int, clause: tuple[int, int], markers: list[Marker]) -> Marker | None:
    before = [m for m in markers if m.pos < pos and (m.paren_end is None or pos <= m.paren_end)]
    if before:
        return before[-1]
    after = [m for m in markers if clause[0] <= m.pos < clause[1] and m.pos > pos]
    return after[0] if after else None
