"""Directions and targets: ``phấn đấu … đạt từ 80% trở lên``, ``tối thiểu là 20%``, and their deadlines.

A figure is a target when the words before it direct rather than report
(``phấn đấu``, ``tối thiểu``, ``đảm bảo 100% …``) and nothing says it is done
(``đã``), or when it sits in a plan or in a report's forward-looking section
(``PHƯƠNG HƯỚNG THỜI GIAN TỚI``). Deadlines are read from the clause
(``đến hết năm 2022``, ``chậm nhất trong tháng 12/2025``) or from the plan
item's ``Thời gian thực hiện:`` line.
"""

from __future__ import annotations

import re
from datetime import date

from de06 import numbers

__all__ = ["is_direction", "due_after", "column_deadline", "label_deadline", "year_named", "comparator", "deadline_in", "item_deadline", "section_kind", "FORWARD_HEADING", "BACK_HEADING"]


_TARGET_STRONG = re.compile(r"phấn đấu|tối thiểu|ít nhất|mục tiêu|cần đạt|phải đạt|chậm nhất|tối đa|không (?:thấp hơn|dưới|quá|vượt quá)"
                            r"|hướng tới|duy trì ở mức|giữ (?:vững )?ở mức", re.IGNORECASE)
# the comparator a target's words set: "tối đa 5%" (<=), "duy trì ở mức 100%" (==), otherwise at least (>=)
_AT_MOST = re.compile(r"tối đa|không (?:quá|vượt quá)|dưới|thấp hơn", re.IGNORECASE)
_EXACTLY = re.compile(r"duy trì ở mức|giữ (?:vững )?ở mức|ổn định ở mức", re.IGNORECASE)


def comparator(prefix: str) -> str:
    """``>=`` unless the words before a target's figure cap it or hold it.

    >>> comparator("không thấp hơn"), comparator("tỷ lệ hồ sơ trễ hạn tối đa"), comparator("duy trì ở mức")
    ('>=', '<=', '==')
    """
    tail = prefix[-60:]
    if _EXACTLY.search(tail):
        return "=="
    m = _AT_MOST.search(tail)
    if m and not re.search(r"không\s+$", tail[:m.start()], re.IGNORECASE):
        return "<="
    return ">="
_TARGET_WEAK = re.compile(r"(?<!\w)(?:đảm bảo|bảo đảm|yêu cầu|chỉ tiêu)(?!\w)[^;]{0,40}$"
                          r"|(?<!\w)chỉ tiêu(?!\w)[^;.]{0,40}(?<!\w)(?:được\s+)?giao(?!\w)[^;.]{0,60}$",  # "Chỉ tiêu … giao cho tỉnh năm 2024 là"
                          re.IGNORECASE)
_DONE = re.compile(r"(?<!\w)đã(?!\w)", re.IGNORECASE)


def is_direction(prefix: str, after: str) -> bool:
    """``phấn đấu … đạt 80%``, ``đảm bảo 100% …``, ``… 80% trở lên``; not ``đã thu nhận`` (already done)."""
    strong = list(_TARGET_STRONG.finditer(prefix))
    if strong and not _DONE.search(prefix[strong[-1].end():]):
        return True
    weak = _TARGET_WEAK.search(prefix)
    if weak and not _DONE.search(prefix[weak.start():]):
        return True
    return bool(re.match(r"\s*trở lên", after))
# "D. NHIỆM VỤ THÁNG 11/2025", "PHẦN II. NHIỆM VỤ NĂM 2026": a heading of tasks for a period ahead
FORWARD_HEADING = re.compile(r"\A\s*(?:PHẦN\s+[IVX\d]+[.:]?\s*|[IVX]+\.\s*|[A-Z]\.\s*)?NHIỆM VỤ\b|PHƯƠNG HƯỚNG"
                             r"|NHIỆM VỤ[^\n]{0,40}(?:TỚI|TIẾP THEO|TRỌNG TÂM|(?:THÁNG|NĂM|QUÝ)\s+[\dIV])|THỜI GIAN TỚI"
                             r"|KẾ HOẠCH[^\n]{0,20}TỚI|MỤC TIÊU|CHỈ TIÊU")
BACKWARD_HEADING = re.compile(r"TÌNH HÌNH|KẾT QUẢ|THỰC TRẠNG|ĐÁNH GIÁ|NHẬN XÉT|TỒN TẠI|HẠN CHẾ")


def section_kind(heading: str) -> str | None:
    """``forward`` for a heading that looks ahead (``V. PHƯƠNG HƯỚNG THỜI GIAN TỚI``), ``backward`` for one that reports.

    A heading that names both (``II. KẾT QUẢ VÀ NHIỆM VỤ TRỌNG TÂM``) is neither: each figure under it is read
    by its own words (``phấn đấu``, a year ahead) as a fact or a target.

    >>> section_kind("III. TÌNH HÌNH HIỆN NAY"), section_kind("II. MỤC TIÊU, CHỈ TIÊU"), section_kind("1. Về dữ liệu")
    ('backward', 'forward', None)
    >>> section_kind("II. KẾT QUẢ VÀ NHIỆM VỤ TRỌNG TÂM") is None
    True
    """
    if FORWARD_HEADING.search(heading):
        return None if BACKWARD_HEADING.search(heading) else "forward"
    if BACKWARD_HEADING.search(heading):
        return "backward"
    return None
BACK_HEADING = re.compile(r"^\s*(?:[IVX]+\.|[A-ZĐ][A-ZĐÀ-Ỹ ,]{12,}$)")
_DEADLINE = re.compile(
    r"(?:đến|tới)\s+(?:hết|cuối)\s+năm\s+(\d{4})|(?:chậm nhất|trước|hoàn thành|đến|tới)[^.;\n]{0,25}?(?:trong\s+)?(tháng\s+\d{1,2}\s*/\s*\d{4}|quý\s+[IV1-4]+\s*/\s*\d{4}|(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"
    r"|(?:trong|hết)\s+(quý\s+[IV1-4]+\s*/\s*\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4})"
    r"|(?:trong|đến|hết)\s+năm\s+(\d{4})", re.IGNORECASE)
_ITEM_TIME = re.compile(r"Thời gian thực hiện\s*:\s*([^\n]*)", re.IGNORECASE)
_ITEM_START = re.compile(r"^\s*(?:\(\s*\d+\s*\)|\d+\.\s|[a-zđ]\)\s|[IVX]+\.\s)")


def deadline_in(s: str, year: int | None) -> date | None:
    """The deadline a direction names: ``đến hết năm 2025``, ``trong quý IV/2025``, ``chậm nhất ngày 30/11/2025``.

    >>> [str(deadline_in(s, 2025)) for s in ("đến hết năm 2025", "trong quý IV/2025", "chậm nhất ngày 30/11/2025")]
    ['2025-12-31', '2025-12-31', '2025-11-30']
    """
    for m in _DEADLINE.finditer(s):
        if m.group(1) or m.group(4):
            return date(int(m.group(1) or m.group(4)), 12, 31)
        sp = numbers.parse_date(m.group(2) or m.group(3), year)
        if sp:
            return sp.end
    return None


def due_after(after: str, year: int | None, reported: date | None) -> bool:
    """True when the words right after a figure set it a deadline later than the report's date: the figure is a
    task, not a result. Nothing but words may stand between (no other figure, no ";", no target phrase of its own).

    >>> due_after(" hồ sơ học sinh với CSDL dân cư trước ngày 30/11/2025.", 2025, date(2025, 8, 25))
    True
    >>> due_after(" hồ sơ, tăng so với tháng 6/2025", 2025, date(2025, 8, 25))
    False
    """
    if reported is None:
        return False
    m = _DEADLINE.search(after[:200])
    if m is None or re.search(r"\d|;", after[:m.start()]) or _TARGET_STRONG.search(after[:m.start()]):
        return False
    due = deadline_in(m.group(0), year)
    return due is not None and due > reported


def column_deadline(header: str, year: int | None) -> date | None:
    """The deadline a plan's table column names: ``Quý II`` (of the plan's year), ``Quý III/2026``, ``Tháng 9``.

    >>> column_deadline("Quý II", 2025), column_deadline("Tháng 9/2025", None), column_deadline("Chỉ tiêu", 2025)
    (datetime.date(2025, 6, 30), datetime.date(2025, 9, 30), None)
    """
    if not header:
        return None
    spans = numbers.find_dates(header, year)
    if not spans and year and re.fullmatch(r"\s*(?:quý\s+(?:i{1,3}|iv|[1-4])|tháng\s+\d{1,2})\s*", header, re.IGNORECASE):
        spans = numbers.find_dates(f"{header.strip()}/{year}", year)  # the plan's year completes "Quý II"
    return spans[-1][2].end if spans else None


_LABEL_TIME = re.compile(r"\s*(?:[-+*•–]\s*)?(?:(?:đến|tới)\s+(?:hết\s+|cuối\s+)?)?((?:quý\s+(?:i{1,3}|iv|[1-4])|tháng\s+\d{1,2})"
                         r"\s*/\s*\d{4}|năm\s+\d{4})\s*:", re.IGNORECASE)


def label_deadline(prefix: str, year: int | None) -> date | None:
    """The deadline a plan's list item opens with: ``- Quý II/2024: đạt 50%``, ``- Đến hết quý III/2024: 75%``.

    >>> label_deadline("- Quý II/2024: đạt ", None), label_deadline("- Tỷ lệ: ", None)
    (datetime.date(2024, 6, 30), None)
    """
    m = _LABEL_TIME.match(prefix)
    if m is None:
        return None
    span = numbers.parse_date(m.group(1), year)
    return span.end if span else None


def year_named(prefix: str, dated: date | None) -> date | None:
    """A target's bare year ("phấn đấu tỷ lệ … năm 2024 đạt tối thiểu 50%"): its last day, if not before the document's."""
    m = list(re.finditer(r"(?<![^\W\d_])năm\s+(\d{4})(?!\d)", prefix, re.IGNORECASE))
    if not m:
        return None
    y = int(m[-1].group(1))
    return date(y, 12, 31) if dated is None or y >= dated.year else None


def item_deadline(text: str, pos: int, year: int | None) -> date | None:
    """The 'Thời gian thực hiện: …' line of the plan item a target sits in."""
    for line in re.finditer(r"[^\n]*\n?", text[pos:pos + 3_000]):
        ln = line.group()
        if _ITEM_START.match(ln) and line.start() > 0:
            return None
        m = _ITEM_TIME.search(ln)
        if m:
            tail = text[pos + line.start() + m.start(1): pos + line.start() + m.start(1) + 400]
            found = deadline_in(tail.split("\n\n(")[0], year)
            if found is None:  # a bare "Quý III/2026", "tháng 3/2026", "năm 2026" or "(31/5/2026)": the last it names
                spans = numbers.find_dates(m.group(1), year)
                found = spans[-1][2].end if spans else None
            return found
    return None
