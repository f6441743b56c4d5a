"""Figures as a report states them: a rate with its fraction, a count with its noun, a range.

``170.978/309.901 hồ sơ qua hình thức trực tuyến, tỷ lệ 55,17%`` is one group: a
fraction bound to the percent it gives. Each group gets its own label, the words
since the figure before it and the noun after it, which is what says what the
figure counts. Digits that are not figures (dates, ``mức 3``, ``(9)``, document
numbers, phone numbers) are masked first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from de06 import numbers
from de06.numbers import Number

__all__ = ["Group", "groups", "label", "unbind", "numerator_of", "masked_spans", "DELIM"]

# compiled once: these run for every figure or date
_FROM_BEFORE = re.compile(r"từ\s*$")
_OPEN_BRACKET_GAP = re.compile(r"\s*\(\s*")
_DONG_AFTER = re.compile(r"\s*đồng")
_FRACTION_WORD = re.compile(rf"\s?([{numbers.LETTERS}]+)")


@dataclass
class Group:
    """Figures that state one fact: a percent, a fraction, a count, or a rate bound to its fraction or numerator."""

    start: int
    end: int
    percent: Number | None = None
    count: Number | None = None  # a lone count, or the numerator bound to a percent
    fraction: tuple[Number, Number] | None = None
    upper: Number | None = None  # "từ 90% đến 100%": the range's upper end
    unit: str = ""  # the noun after the figure
    before: str = ""
    after: str = ""
    clause: tuple[int, int] = (0, 0)
    paren: tuple[int, int] | None = None  # the brackets the group sits in
    table_label: str = ""
    tail: str = ""  # a count's words up to the next figure, past commas ("3.579 hồ sơ được công dân, doanh nghiệp nộp … trực tuyến")
    share_of: "Group | None" = None  # the count a percent was unbound from ("… 300 hồ sơ nộp trực tiếp (chiếm 20%)")
    resolved: bool = False  # given a catalog indicator
    row_start: int | None = None  # a table figure's row: where its quote starts
    table_header: str = ""  # a table figure's column header ("Quý II": a plan's column says by when)
    from_fraction: bool = False  # the numerator of a fraction that named no rate

    @property
    def value(self) -> float:
        if self.percent is not None:
            return self.percent.value
        if self.fraction is not None:
            a, b = self.fraction
            return round(100 * a.value / b.value, 2) if b.value else float("nan")
        return self.count.value

    @property
    def is_rate(self) -> bool:
        return self.percent is not None or self.fraction is not None

    @property
    def approximate(self) -> bool:
        parts = [self.percent, self.count] + list(self.fraction or ())
        return any(p is not None and p.approximate for p in parts)

    @property
    def anchor(self) -> int:
        return self.percent.start if self.percent is not None else self.start


_FRACTION_GAP = re.compile(rf"\s?(?:[{numbers.LETTERS}]+\s?)?/\s?$")
# "A trong tổng số B người", "A khách hàng thanh toán … trên tổng số B khách hàng": A of B
_WORD_FRACTION_GAP = re.compile(r"(?:\s[^\d;]{0,100}?)?\s(?:trên|trong)\s+(?:tổng\s+)?số\s+", re.IGNORECASE)
NEW_ITEM = re.compile(r"\n[\s║│|]*[-+*•–]")  # a line that opens a new list item: the percent is that item's
# a percent in brackets, or after ", đạt", closing the fraction's clause (its value must be the fraction's)
_NOUN_BRACKET_GAP = re.compile(r"\s*[^\d;()%]{1,40}\(\s*")  # "X% cơ sở giáo dục (" before the fraction in brackets
_FAR_PCT = re.compile(r"[^;\d]{0,200}(?:\(\s*|,\s*(?:đạt|chiếm|tương\s+ứng|bằng)\s*(?:tỷ\s+lệ\s*|tỉ\s+lệ\s*)?)", re.IGNORECASE)


_DECIMALS = re.compile(r"[.,](\d+)")


def tolerance(pct_text: str) -> float:
    """How far a stated rate may sit from its fraction: rounding or truncation to the decimals it is written with."""
    m = _DECIMALS.search(pct_text)
    return 10 ** -(len(m.group(1)) if m else 0) + 1e-9


def _agrees(num: numbers.Number, den: numbers.Number, pct: numbers.Number) -> bool:
    """Whether a percent is the fraction's, to the decimals it is written with."""
    return den.value > 0 and abs(100 * num.value / den.value - pct.value) <= tolerance(pct.text)


_PCT_AFTER_FRACTION = re.compile(r"^[^;\d]{0,60}$")
_RATE_LEAD = re.compile(r"(?:đạt|chiếm|tương\s+ứng(?:\s+với)?)\s*(?:tỷ lệ|tỉ lệ)?\s*(?:là)?\s*:?\s*$|,\s*(?:tỷ lệ|tỉ lệ)\s*:?\s*$", re.IGNORECASE)
# "N hồ sơ …, nhưng tỷ lệ kích hoạt mới đạt X%": a contrast; the rate is not of the count before it
CONTRAST = re.compile(r"(?<![^\W_])(?:nhưng|song|tuy nhiên|trong khi)(?![^\W_])", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:đến|tới|-|–)\s*$", re.IGNORECASE)
_UNIT = re.compile(rf"\s*\)?\s*([{numbers.LETTERS}]+(?:\s+[{numbers.LETTERS}]+)?)")
# Where the words between two figures stop describing the first: a comma, bracket, or "trên tổng số".
DELIM = re.compile(r"[,;()]|(?:trên|trong|so với)\s+tổng\s+số\s*(?=\d)", re.IGNORECASE)


def groups(text: str, s: int, e: int, masked: list[tuple[int, int]]) -> list[Group]:
    nums = [n for n in numbers.find_numbers(text, s, e) if not inside(n.start, masked)]
    out: list[Group] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if (nxt and not n.percent and not nxt.percent and nxt.value >= n.value > 0
                and (_FRACTION_GAP.fullmatch(text[n.end:nxt.start]) or _WORD_FRACTION_GAP.fullmatch(text[n.end:nxt.start]))):
            g = Group(n.start, nxt.end, fraction=(n, nxt))
            i += 2
            p = nums[i] if i < len(nums) else None
            gap = text[g.end:p.start] if p is not None else ""
            if p is not None and p.percent and not NEW_ITEM.search(gap) and ((_PCT_AFTER_FRACTION.match(gap)
                                                                               and "và" not in gap.split())
                                                or (_FAR_PCT.fullmatch(gap) and _agrees(n, nxt, p))):
                # "… 412/412 cơ sở … đã triển khai … (100%)": further on, but the fraction's own rate
                g.percent, g.end = p, p.end
                i += 1
            out.append(g)
            continue
        if (nxt and not n.percent and not nxt.percent and _FRACTION_GAP.fullmatch(text[n.end:nxt.start])
                and 0 < nxt.value < n.value):
            out.append(Group(n.start, nxt.end, count=n))  # "thu nhận 8.350/8.100 hồ sơ": a count over its quota,
            i += 2  # which is a target, not a second count
            continue
        if n.percent:
            g = Group(n.start, n.end, percent=n)
            i += 1
            if nxt and nxt.percent and _RANGE.match(text[n.end:nxt.start]) and _FROM_BEFORE.search(text[max(s, n.start - 6):n.start]):
                g.upper, g.end = nxt, nxt.end
                i += 1
            elif i + 1 < len(nums) and not nxt.percent and (_OPEN_BRACKET_GAP.fullmatch(text[n.end:nxt.start])
                                                            or _NOUN_BRACKET_GAP.fullmatch(text[n.end:nxt.start])):
                b = nums[i + 1]
                if not b.percent and _FRACTION_GAP.fullmatch(text[nxt.end:b.start]) and b.value >= nxt.value > 0 \
                        and (_OPEN_BRACKET_GAP.fullmatch(text[n.end:nxt.start]) or _agrees(nxt, b, n)):
                    # "X% (A/B)", or "X% cơ sở giáo dục (A/B)" when A/B is X%: the rate with its fraction
                    g.fraction, g.end = (nxt, b), b.end
                    i += 2
            out.append(g)
            continue
        g = Group(n.start, n.end, count=n)
        i += 1
        if nxt and nxt.percent and not _DONG_AFTER.match(text[n.end:n.end + 8]):
            gap = text[n.end:nxt.start]
            if len(gap) <= 140 and ";" not in gap and _RATE_LEAD.search(gap) and not CONTRAST.search(gap):
                g.percent, g.end = nxt, nxt.end
                i += 1
        out.append(g)
    return out


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of the sorted, non-overlapping ``spans``."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return any(a <= pos < b for a, b in spans[max(0, k - 3):k + 1])


# "… N hồ sơ … và đã trả M thẻ": a second verb opens the next figure's words, whatever the previous figure's were
_NEXT_VERB = re.compile(r"\s+và\s+(?:đã\s+)?(?:trả|cấp|thu nhận|tiếp nhận|kích hoạt|tích hợp|xác thực|chi trả)(?![^\W_])",
                        re.IGNORECASE)
# "trong đó", "trong số đó", "trong số này": what follows is a part of the figure before it
AMONG = re.compile(r"trong\s+(?:tổng\s+)?(?:số\s+)?(?:đó|này)(?![^\W_])", re.IGNORECASE)
_TAIL_STOP = re.compile(r"[;()]|trong đó|trong số|bao gồm|\bgồm\b|tổng", re.IGNORECASE)


def label(text: str, groups: list[Group], cs: int, ce: int) -> None:
    """Give each group its own label: the words before it since the last figure, and its noun after."""
    cut = cs
    for k, g in enumerate(groups):
        stop = groups[k + 1].start if k + 1 < len(groups) else ce
        d = DELIM.search(text, g.end, min(len(text), stop + 1))  # +1: "trên tổng số" must see its figure
        v = _NEXT_VERB.search(text, g.end, stop) if k + 1 < len(groups) else None
        own_after = text[g.end:min(d.start() if d and d.start() < stop else stop, v.start() if v else stop)]
        g.before = text[cut:g.start]
        g.after = own_after
        tail = _TAIL_STOP.search(text, g.end, stop)
        g.tail = text[g.end:tail.start() if tail else stop] if g.count is not None and g.percent is None else ""
        if g.fraction and g.percent is not None and g.percent.start - g.fraction[1].end > 12:
            # "A/B thông tin người tham gia … , đạt X%": the words between say what the fraction counts
            g.tail = text[g.fraction[1].end:g.percent.start]
        last = g.fraction[1] if g.fraction else (g.count or g.percent)
        um = _UNIT.match(text, last.end)
        g.unit = um.group(1) if um and um.start(1) - last.end <= 3 else ""
        if g.fraction and not g.unit:
            mid = text[g.fraction[0].end:g.fraction[1].start]
            mm = _FRACTION_WORD.match(mid)
            g.unit = mm.group(1) if mm else ""
        cut = g.end + len(own_after)


def unbind(text: str, g: Group) -> list[Group]:
    """Split a count bound to a percent that named no rate: ``2.847.925 thẻ …, đạt 100%`` is a count."""
    gap = text[g.count.end:g.percent.start]
    d = DELIM.search(gap)
    c = Group(g.count.start, g.count.end, count=g.count, before=g.before, after=gap[: d.start()] if d else gap)
    um = _UNIT.match(text, g.count.end)
    c.unit = um.group(1) if um and um.start(1) - g.count.end <= 3 else ""
    p = Group(g.percent.start, g.percent.end, percent=g.percent, before=gap[d.start():] if d else "", after=g.after, share_of=c)
    return [c, p]


# Digits that are not figures. Each pattern is run on its own over the lowercased text: case-sensitive
# literals let the regex engine skip ahead, where one case-blind alternation tries every position. A branch opens
# with a letter, never a look-behind ("k(?<!tài k)hoản"), so the engine can skip to the branches' first letters.
def numerator_of(text: str, g: Group) -> Group:
    """The numerator of a fraction that gives no catalog rate, read as a count with the fraction's words:
    ``đã cấp thẻ Căn cước cho A/B người thuộc diện cấp, đạt X%`` counts A cards."""
    n, d = g.fraction
    words = text[d.end:g.percent.start] if g.percent is not None else g.after  # "người thuộc diện cấp, đạt"
    cut = DELIM.search(words)
    after = words[:cut.start()] if cut else words
    return Group(n.start, d.end, count=n, before=g.before, after=after, unit=g.unit, clause=g.clause,
                 paren=g.paren, tail=after, from_fraction=True)


_NOT_FIGURE_PATTERNS = (
    r"(?:quyết định|công văn|kế hoạch|chỉ thị|nghị quyết|nghị định|thông tư|công điện|báo cáo|văn bản|thông báo"
    r"|đề án|điều|k(?<!tài k)hoản|phụ lục)\s*(?:số\s*)?:?\s*\d+",
    # "mức độ 3, 4" / "mức 1 và 2": levels listed, each a level
    r"(?:mức|cấp độ|loại|nhóm|bước|phương thức|giai đoạn)\s*(?:độ\s*)?(?:thứ\s*)?\d{1,2}\b(?![.,]\d)(?!\s*%)"
    r"(?:\s*(?:,|và|-|–)\s*[1-4]\b(?![.,]\d)(?!\s*%))*",
    r"c(?<!cung c)ấp\s*(?:độ\s*)?\d\b(?![.,]\d)",  # a leading character, not a look-behind: the engine skips to it
    r"\(\s*\d+\s*\)",
    r"(?m:^[ \t]*\d+(?:\.\d+)*\.(?!\d))",  # "2.1." opening a line; "34.530 hồ sơ" wrapped to a line start is a figure
    r"\d(?<![\d/.,]\d)\d?/\d{1,2}(?=\s*(?:-|–|đến|tới)\s*\d{1,2}/\d{1,2})",  # "01/7 - 01/12/2025": a range of days
    r"0(?<![\d/.,]0)\d/\d{1,2}(?![\d/])",  # "01/7": a day, never a fraction
    r"(?:điện thoại|đt|hotline|tổng đài)[:\s]*[\d .()-]{6,20}",
    # "đứng thứ 9/63 tỉnh": a rank; "gần 3/4 hồ sơ": a rough share in words. Both start at the digit (the engine skips
    # to digits; a leading word alternation would be tried at every letter)
    r"\d(?:(?<=thứ \d)|(?<=hạng \d)|(?<=trí \d))\d*\s*/\s*\d+",
    r"\d(?:(?<=gần \d)|(?<=hơn \d)|(?<=khoảng \d)|(?<=trên \d)|(?<=đến \d))\s*/\s*\d(?!\d)",
    r"\d+\s+phần\s+\d+(?![\d.,])",  # "hơn 9 phần 10 hồ sơ": a rough share in words
    # "Sáng 10/10, tại …": a day of the month after a time of day, never a fraction
    r"\d(?:(?<=sáng \d)|(?<=chiều \d)|(?<=tối \d)|(?<=trưa \d)|(?<=đêm \d)|(?<=hôm \d))\d?/\d{1,2}(?![\d/])",
    r"\d(?<![\d.,]\d)\d?\s*tuổi(?![^\W\d_])",  # "công dân từ đủ 14 tuổi", "dưới 6 tuổi": an age, no figure
)
_NOT_FIGURES_LOWER = tuple(re.compile(p) for p in _NOT_FIGURE_PATTERNS)  # read on numbers.lowered(text)
# the word a pattern cannot match without ("tuổi", "phần"): a text that lacks it is not scanned for that pattern
# ... and whether it opens with a digit not after an ASCII digit (or after a word): read by numbers.digit_led
_NOT_FIGURE_SCANS = tuple((rx, next((w for w in ("tuổi", "phần") if w in rx.pattern), None), rx.pattern.startswith("\\d"))
                          for rx in _NOT_FIGURES_LOWER)
_NOT_FIGURES_LED = numbers.DigitLed(rx for rx, _, led in _NOT_FIGURE_SCANS if led)
_NUMBER_LABEL = re.compile(r"Số\s*:\s*\d+")  # "Số: 1094/BC-UBND": capital S only


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Where digits are not figures: dates, document numbers, levels (``mức 3``), list numbers, phones."""
    # any year completes the partial dates ("6 tháng đầu năm", "ngày 09/10"): only their spans matter here
    spans = [(s, e) for s, e, _ in numbers.find_dates(text, year=2000)]
    spans += [m.span() for m in _NUMBER_LABEL.finditer(text)]
    low = numbers.lowered(text)
    led = _NOT_FIGURES_LED.scan(low)
    for rx, needs, is_led in _NOT_FIGURE_SCANS:
        if needs is None or needs in low:
            spans += [m.span() for m in (led[id(rx)] if is_led else rx.finditer(low))]
    return sorted(set(spans))
