"""What a report is: kind, number, date, reporting period and place, read from its own text.

A report names itself in its first lines (``BÁO CÁO … trong tháng 10/2025``,
``Số: 367/BC-UBND``, ``Vĩnh Long, ngày 16 tháng 10 năm 2025``) and its place in
phrases like ``trên địa bàn tỉnh Trà Vinh`` or ``Tổ công tác Đề án 06 xã Vĩnh
Phúc``. Where the header says nothing (a commune's status report), the latest
``tính đến ngày …`` date stands for the period.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from de06 import numbers, places
from de06.errors import UnknownPlace

__all__ = ["Document", "describe", "is_reference_date"]

# compiled once: these run for every figure or date
_UNTIL_BEFORE = re.compile(r"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """A report's identity: the fields of ``documents.csv`` plus what extraction needs."""

    doc: str
    kind: str  # report | plan | news
    jurisdiction: str
    level: str  # province | commune | country
    period: str  # YYYY-MM, YYYY, or YYYY-MM..YYYY-MM
    period_start: date | None
    period_end: date | None
    dated: date | None
    reference: str
    forward: bool  # every catalog figure is a target (a plan, or news announcing one)
    states_window: bool  # the header names the reporting window ("trong tháng 10/2025")

    @property
    def on(self) -> date | None:
        """The date the document's place names refer to."""
        return self.dated or self.period_end or self.period_start


_HEAD_END = re.compile(r"\n\s*(?:Căn cứ|Thực hiện|Kính gửi|I\.\s|Nhằm)", re.IGNORECASE)
_REFERENCE = re.compile(r"\bSố\s*:?\s*(\d+\s*/\s*[\w.&Đđ/-]+)")
_DATED = re.compile(r"(?:^|\n)[^\n]{0,60}?,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# a news item's dateline: "NGHỆ AN, 12/3/2025 - …", "(Thời sự, 4/11/2025) - …"
_DATELINE = re.compile(r"(?:^|\n)\(?[^\n(]{0,60}?,\s*(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*\)?\s*[-–—]",
                       re.IGNORECASE)
_AFTER_MERGER = re.compile(r"\(\s*mới\s*\)|sau (?:khi )?(?:hợp nhất|sáp nhập)(?: với)? tỉnh|chính quyền (?:địa phương )?hai cấp", re.IGNORECASE)
_LEAD_DATE = re.compile(r"^\W*Ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE | re.MULTILINE)
# a news page's date on a line of its own under the headline: "20/05/2025 09:15"
_DATE_LINE = re.compile(r"^[ \t]*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?:[ \t,|-]+\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:GMT|\(GMT)[^\n]*)?)?[ \t]*$",
                        re.MULTILINE)
_NOT_PERIOD = re.compile(r"(?:đến|giai đoạn|tầm nhìn|từ|kể từ|trước|sau|những|các|cùng kỳ|so với)\s*(?:năm\s*)?$", re.IGNORECASE)
# read on the lowercased text (numbers.lowered: same offsets), where the engine skips to the phrases' first letters
_SUBJECT = re.compile(
    r"(?:trên địa bàn|tổ công tác(?: triển khai)?(?: đề án 06)?|ban chỉ đạo(?: triển khai)?(?: đề án 06)?|ubnd|ủy ban nhân dân"
    r"|công an)"
    r"\s+(tỉnh|thành phố|xã|phường|thị trấn|huyện|quận|thị xã)\s")
_MOTTO = re.compile(r"cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa")  # read on the lowercased text
_COUNTRY = re.compile(r"(?<![^\W_])(?:cả nước|toàn quốc|phạm vi cả nước)(?![^\W_])")  # read on the lowercased text
_NUMBER_LINE = re.compile(r"^[ \t]*số\s*:?\s*\d+\s*/", re.MULTILINE)  # "Số: 19/BC-UBND" under the letterhead
_LEVEL_OF = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district", "quận": "district",
             "thị xã": "district", "tỉnh": "province", "thành phố": "province"}
_RANK = {"commune": 0, "district": 1, "province": 2}
_PLAN_NEWS = re.compile(r"ban hành\s+(?:Kế hoạch|Chương trình)", re.IGNORECASE)
_REF_DATE_BEFORE = re.compile(
    r"(?:\d+\s*/\s*[A-ZĐ][\w.&/-]*|\bsố\s+\d+[\w./&-]*|Quyết định|Công văn|Kế hoạch|Chỉ thị|Nghị quyết|Nghị định"
    r"|Thông tư|Công điện|Thông báo|Văn bản|Báo cáo|Điện mật|Quy chế)[^.;\n]{0,12}?\s+(?:ban hành\s+)?ngày\s*$",
    re.IGNORECASE)


def is_reference_date(text: str, start: int) -> bool:
    """True when the date at ``start`` dates a legal document (``Quyết định số 06/QĐ-TTg ngày 06/01/2022``).

    >>> t = "Kế hoạch số 50/KH-UBND ngày 11/9/2025; đến ngày 03/10/2025"
    >>> is_reference_date(t, t.index("11/9")), is_reference_date(t, t.index("03/10"))
    (True, False)
    """
    before = text[max(0, start - 60):start]
    # the pattern ends in "ngày": most dates are not after one, and that test is cheap
    return before.rstrip().lower().endswith("ngày") and bool(_REF_DATE_BEFORE.search(before))


_DOC_TYPE_LINE = re.compile(r"(?:^|\n)[ \t]*(?:KẾ HOẠCH|BÁO CÁO|CHỈ THỊ|CÔNG VĂN|THÔNG BÁO|QUYẾT ĐỊNH)[ \t]*\n\s*$")


def _head(text: str) -> str:
    """The document's header, up to its preamble ("Căn cứ …", "Kính gửi …", "I. …"); a title line right under the
    document's type ("KẾ HOẠCH\nThực hiện Đề án 06 … năm 2025") belongs to the header."""
    for m in _HEAD_END.finditer(text, 0, 2500):
        if m.start() > 40 and not _DOC_TYPE_LINE.search(text, max(0, m.start() - 40), m.start() + 1):
            return text[:m.start()]
    return text[:min(len(text), 900)]


def _kind(head: str, text: str) -> tuple[str, bool]:
    top = head[:600]
    if re.search(r"\bBÁO CÁO\b|/BC-", top):
        return "report", False
    if re.search(r"\bKẾ HOẠCH\b|/KH-", top):
        return "plan", True
    first = text[:600]
    return "news", bool(_PLAN_NEWS.search(first))


_WINDOW = re.compile(r"từ\s+(?:ngày\s+)?$", re.IGNORECASE)
_WINDOW_END = re.compile(r"\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?$", re.IGNORECASE)


def _period(head: str, text: str) -> tuple[numbers.Span | None, bool]:
    """The reporting window the header names, or None: a month, quarter or year, or two days ("Số liệu tính từ ngày
    15/10/2022 đến ngày 14/11/2022", a police month; "từ ngày 22/9 đến ngày 26/9/2025", a week)."""
    dates = numbers.find_dates(head)
    for (s1, e1, a), (s2, _, b) in zip(dates, dates[1:]):
        if a.kind == "day" and b.kind == "day" and a.start < b.end and _WINDOW.search(head[max(0, s1 - 10):s1]) \
                and _WINDOW_END.fullmatch(head[e1:s2]):
            return numbers.Span(a.start, b.end, "window"), True
    for s, _, span in dates:
        if _NOT_PERIOD.search(head[max(0, s - 14):s]) or is_reference_date(head, s):
            continue
        if span.kind in ("month", "year", "quarter", "first_months", "last_months"):
            return span, True
    return None, False


def _latest_as_of(text: str, year: int | None) -> date | None:
    best = None
    for s, _, span in numbers.find_dates(text, year):
        if span.kind != "day" or is_reference_date(text, s):
            continue
        if _UNTIL_BEFORE.search(text[max(0, s - 20):s]):
            best = max(best, span.end) if best else span.end
    return best


def _latest_mentioned(text: str) -> numbers.Span | None:
    """An undated text with no period of its own is read as of the latest day it names (its month), else the latest
    year: a news item that says "hết ngày 31/7/2025" reports July 2025 at the earliest."""
    days = [sp for s, _, sp in numbers.find_dates(text) if sp.kind == "day" and not is_reference_date(text, s)]
    if days:
        last = max(sp.end for sp in days)
        return numbers.Span(date(last.year, last.month, 1), last, "month")
    years = [sp for _, _, sp in numbers.find_dates(text) if sp.kind in ("year", "month", "quarter")]
    if years:
        y = max(sp.end.year for sp in years)
        return numbers.Span(date(y, 1, 1), date(y, 12, 31), "year")
    return None


def _format_period(span: numbers.Span) -> str:
    if span.kind == "month":
        return f"{span.start:%Y-%m}"
    if span.kind == "window":  # a report is named for the month its window closes in
        return f"{span.end:%Y-%m}"
    if span.kind == "year":
        return f"{span.start:%Y}"
    return f"{span.start:%Y-%m}..{span.end:%Y-%m}"


def _place(text: str, head: str, on: date | None) -> tuple[str, str]:
    mentions = places.find_places(text)
    provinces = Counter()
    for m in mentions:
        if m.level == "province" and not m.former:
            try:
                provinces[places.resolve(m.name, on)] += 1
            except UnknownPlace:
                continue
    subject = None
    low = numbers.lowered(text)
    # a letterhead names the superior body over the issuing one ("UBND HUYỆN A" over "UBND XÃ B"): the lowest level
    # it names is the document's; elsewhere, the first body named
    motto = _MOTTO.search(low, 0, 600) or _NUMBER_LINE.search(low, 0, 600)  # without the motto, the "Số: …" line
    letterhead_end = motto.start() if motto else 0
    for m in _SUBJECT.finditer(low, 0, max(len(head), 3_000)):
        if subject is not None and m.start() >= letterhead_end:
            break
        level = _LEVEL_OF[m.group(1)]
        hit = next((x for x in mentions if x.start >= m.end() - 1 and x.start <= m.end() + 1), None)
        if hit and (subject is None or _RANK[level] < _RANK[subject[0]]):
            subject, word = (level, hit.name), m.group(1)
    if subject and subject[0] == "commune":
        districts = Counter(m.name for m in mentions if m.level == "district")
        district = districts.most_common(1)[0][0] if districts else None
        province = places.commune_province(subject[1], district, set(provinces)) if provinces else None
        # a new commune (2025) is not in the legacy list: the province its report names, before a namesake elsewhere
        # (names are matched without diacritics: "Tam Dương" would find Lai Châu's "Tam Đường")
        province = province or (provinces.most_common(1)[0][0] if provinces else None)
        province = province or places.commune_province(subject[1], district, ())
        if province:
            province = places.province_on(province, on)
            return places.commune_id(subject[1], province), "commune"
    if subject and subject[0] == "district":  # "UBND HUYỆN HẢI HẬU": the district of the province its report names
        province = provinces.most_common(1)[0][0] if provinces else places.district_province(subject[1])
        if province:
            return places.district_id(subject[1], places.slug(word), places.province_on(province, on)), "district"
        subject = None
    if subject:
        try:
            return places.resolve(subject[1], on), "province"
        except UnknownPlace:
            pass
    if provinces:
        top = provinces.most_common(2)
        if len(top) == 2 and top[0][1] == top[1][1] and _COUNTRY.search(low):
            return "vn", "country"  # several provinces named alike in a text about the whole country: a national item
        return top[0][0], "province"
    return "vn", "country"


def describe(text: str, doc: str) -> Document:
    """Read a document's identity from its text.

    >>> d = describe("BÁO CÁO\\nKết quả Đề án 06 trên địa bàn tỉnh Trà Vinh năm 2022\\nThực hiện …", "x")
    >>> d.kind, d.jurisdiction, d.period
    ('report', 'tra-vinh', '2022')
    """
    head = _head(text)
    kind, forward = _kind(head, text)
    ref = _REFERENCE.search(head[:600])
    dm = _DATED.search(head) or _LEAD_DATE.search(text[:400]) or _DATELINE.search(text[:600]) or _DATE_LINE.search(text[:400])
    dated = None
    if dm:
        try:
            d, mo, y = (int(g) for g in dm.groups())
            dated = date(y, mo, d)
        except ValueError:
            dated = None
    span, states_window = _period(head, text)
    if span is None:
        latest = _latest_as_of(text, dated.year if dated else None)
        if latest:
            span = numbers.Span(date(latest.year, latest.month, 1), latest, "month")
        elif dated:
            span = numbers.Span(date(dated.year, dated.month, 1), dated, "month")
        else:
            span = _latest_mentioned(text)
    on = dated or (span.end if span else None)
    if on is None and _AFTER_MERGER.search(text):
        on = date(2025, 7, 1)  # "tỉnh X (mới)", "chính quyền địa phương hai cấp": the provinces as merged
    jurisdiction, level = _place(text, head, on)
    return Document(
        doc=doc, kind=kind, jurisdiction=jurisdiction, level=level,
        period=_format_period(span) if span else "",
        period_start=span.start if span else None,
        period_end=span.end if span else None,
        dated=dated, reference=ref.group(1).replace(" ", "") if ref else "",
        forward=forward, states_window=states_window,
    )


def next_period_end(d: Document) -> date | None:
    """End of the period after this one: the horizon of a report's 'coming period' directions."""
    if d.period_end is None:
        return None
    if len(d.period) == 4:
        return date(d.period_end.year + 1, 12, 31)
    nxt = d.period_end + timedelta(days=1)
    return numbers._month_end(nxt.year, nxt.month)
