"""Check a report's own arithmetic: stated rates against their fractions, parts against totals, repeats.

Three checks, on every figure of the text, not only catalog indicators:

``rate_vs_fraction``  a rate stated with its fraction (``69,09% (124.546/179.788 khách hàng)``) or with
                      the total it is a share of (``1.858 (mức 3: 551 dịch vụ, chiếm tỷ lệ 29,65%``);
                      the rate may be rounded or truncated to the decimals it is written with;
``parts_vs_total``    parts that add up to more or less than the total they itemise
                      (``75.401 hồ sơ (Mức 1: 15.643; Mức 2: 59.758)``); a part list that falls short
                      is only reported when it names every part (``trực tiếp`` + ``trực tuyến``);
``repeated_figure``   one catalog figure stated twice with different values.

Dates (``09/10``), voltages (``220/380V``) and document numbers are not fractions: the
figure reader (``de06.figures``) masks them before any check.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

from de06 import figures, numbers, text as textmod
from de06.extract import Extraction

__all__ = ["Finding", "audit", "FINDING_FIELDS"]

FINDING_FIELDS = ("doc", "check", "severity", "message", "quotes", "start")


@dataclass(frozen=True)
class Finding:
    """One inconsistency in a document, with the quotes that show it."""

    doc: str
    check: str
    severity: str  # error | warning
    message: str
    quotes: str
    start: int

    def to_dict(self) -> dict:
        return asdict(self)


def consistent(stated: float, num: float, den: float, stated_text: str) -> bool:
    """Is ``stated`` what ``num/den`` gives, rounded or truncated to the decimals written?

    >>> consistent(29.65, 551, 1858, "29,65%"), consistent(69.09, 124546, 179788, "69,09%")
    (True, False)
    """
    if den == 0:
        return False
    exact = 100 * num / den
    m = re.search(r"[.,](\d+)", stated_text)
    places = len(m.group(1)) if m else 0
    step = 10 ** -places
    rounded = round(exact, places)
    truncated = math.floor(exact / step + 1e-9) * step
    return abs(rounded - stated) < step / 2 or abs(truncated - stated) < step / 2


def _fmt(v: float) -> str:
    return numbers.format_vi(round(v, 2), 2 if not float(v).is_integer() else 0)


def _quote(text: str, s: int, e: int) -> str:
    s = max(0, s)
    return " ".join(text[s:e].split())


def _sentence_groups(text: str):
    masked = figures.masked_spans(text)
    for ps, pe in textmod.paragraphs(text):
        for ss, se in textmod.sentences(text, ps, pe):
            gs = figures.groups(text, ss, se, masked)
            if gs:
                figures.label(text, gs, ss, se)
                yield (ps, pe), (ss, se), gs


def _rate_findings(doc: str, text: str) -> list[Finding]:
    out = []
    for _, (ss, se), gs in _sentence_groups(text):
        for k, g in enumerate(gs):
            if g.percent is None:
                continue
            num = den = None
            if g.fraction is not None:
                num, den = g.fraction[0].value, g.fraction[1].value
                s = g.start
            elif g.count is not None:
                total = _total_before(text, gs, k)
                if total is None:
                    continue
                num, den = g.count.value, total.value
                s = total.start
            else:
                continue
            if not consistent(g.percent.value, num, den, g.percent.text):
                out.append(Finding(
                    doc, "rate_vs_fraction", "error",
                    f"states {g.percent.text.strip()} for {_fmt(num)} of {_fmt(den)}, which is {_fmt(100 * num / den)}%",
                    _quote(text, max(ss, s - 60), g.end), s))
    return out


def _total_before(text: str, gs: list, k: int):
    """The total a bound count is a part of: an earlier count, no smaller, followed by '(' or 'trong đó'."""
    part = gs[k].count
    for j in range(k - 1, -1, -1):
        t = gs[j]
        if t.count is None or t.percent is not None or t.fraction is not None:
            continue
        between = text[t.count.end:part.start]
        if t.count.value >= part.value and ("(" in between or figures.AMONG.search(between)):
            return t.count
    return None


_PART_LEAD = re.compile(r"^\s*(?:[^\d;()]{0,12})?(?:\(|,?\s*" + figures.AMONG.pattern + ")", re.IGNORECASE)
_LIST_LEAD = re.compile(r"(?:" + figures.AMONG.pattern + r"|bao gồm|gồm)\s*:\s*$", re.IGNORECASE)


def _unit(g) -> str:
    return g.unit.split()[0].lower() if g.unit else ""


def _parts_findings(doc: str, text: str) -> list[Finding]:
    out = []
    paras = textmod.paragraphs(text)
    masked = figures.masked_spans(text)
    para_index = {p: i for i, p in enumerate(paras)}
    for (ps, pe), (ss, se), gs in _sentence_groups(text):
        for k, t in enumerate(gs):
            if t.count is None or t.percent is not None or t.fraction is not None:
                continue
            after = text[t.count.end:se]
            lead = _PART_LEAD.match(after[len(t.unit) + 1 if t.unit else 0:]) or re.match(r"^\s*[^\d;()]{0,60}\(", after)
            parts: list = []
            unit = _unit(t)
            if lead:
                close = _closing(text, t.count.end, se) if "(" in after[: lead.end() + len(t.unit) + 1] else se
                base = textmod.paren_depths(text, ss, se)
                level = base[t.count.end - ss] + (1 if close < se else 0)
                for g in gs[k + 1:]:
                    if g.start >= close:
                        break
                    if g.count is None or g.percent is not None or base[g.start - ss] != level:
                        continue  # a rate, or a sub-part in nested brackets
                    if re.search(r"tổng số", text[t.end:g.start], re.IGNORECASE) and parts:
                        break
                    gu = _unit(g)
                    if gu and unit and gu != unit:
                        continue
                    parts.append(g)
            if len(parts) < 2 and _LIST_LEAD.search(text[t.end:se]) and k == len(gs) - 1:
                parts = _list_parts(text, paras, para_index.get((ps, pe)), masked, unit)
            if len(parts) < 2 or any(p.count.value > t.count.value for p in parts):
                continue  # a part larger than the whole: the brackets say something else (a running total)
            total = sum(p.count.value for p in parts)
            if total > t.count.value:
                out.append(Finding(
                    doc, "parts_vs_total", "warning",
                    f"parts add up to {_fmt(total)}, more than the stated total {_fmt(t.count.value)}",
                    _quote(text, t.start, parts[-1].end), t.start))
            elif total < t.count.value and _complementary(text, parts):
                out.append(Finding(
                    doc, "parts_vs_total", "warning",
                    f"parts add up to {_fmt(total)}, less than the stated total {_fmt(t.count.value)}",
                    _quote(text, t.start, parts[-1].end), t.start))
    return out


def _closing(text: str, start: int, end: int) -> int:
    depth = 0
    for i in range(start, end):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth <= 0:
                return i
    return end


def _list_parts(text: str, paras: list, i: int | None, masked: list, unit: str) -> list:
    """Figures of the list items that follow a ``…, trong đó:`` lead-in, one per item."""
    if i is None:
        return []
    parts = []
    for ps, pe in paras[i + 1:]:
        if not textmod._MARKER.match(text[ps:pe]):
            break
        gs = figures.groups(text, ps, pe, masked)
        figures.label(text, gs, ps, pe)
        counts = [g for g in gs if g.count is not None and g.percent is None and (not unit or _unit(g) == unit)]
        if len(counts) != 1:
            return []
        parts.append(counts[0])
    return parts


def _complementary(text: str, parts: list) -> bool:
    """Parts that name both sides of a split (online and in person) must add up to the total."""
    labels = " ".join(p.before[-40:] + " " + p.after for p in parts).lower()
    return "trực tuyến" in labels and "trực tiếp" in labels


def _repeat_findings(ex: Extraction) -> list[Finding]:
    out = []
    first: dict[tuple, object] = {}
    for o in ex.statements:
        key = (o.indicator, o.jurisdiction, o.breakdown, o.scope, o.as_of)
        prev = first.setdefault(key, o)
        if prev is not o and abs(prev.value - o.value) > 1e-9:
            out.append(Finding(
                ex.document.doc, "repeated_figure", "warning",
                f"{o.indicator} stated as {_fmt(prev.value)} and as {_fmt(o.value)}",
                f"{' '.join(prev.quote.split())} | {' '.join(o.quote.split())}", o.start))
    return out


def audit(ex: Extraction) -> list[Finding]:
    """Every finding for one extracted document, in text order."""
    text, doc = ex.text, ex.document.doc
    found = _rate_findings(doc, text) + _parts_findings(doc, text) + _repeat_findings(ex)
    unique = {(f.check, f.start, f.message): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.start, f.check, f.message))
