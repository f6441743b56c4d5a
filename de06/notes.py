"""The technical notes of an assessment in the reader's language, with dates and places written for a reader.

:mod:`de06.progress` and :mod:`de06.targets` explain each judgement in short English notes with ISO dates and
place ids ("the deadline 2022-12-31 has passed (latest point 2022-12-12): no required pace"). A briefing shows
them in its own language: :func:`note` matches each against the table below and writes it in Vietnamese or
English, dates as ``31/12/2022`` or ``31 Dec 2022``, places by name. A note that matches nothing is marked as
being in English rather than shown unmarked in a Vietnamese briefing.
"""

from __future__ import annotations

import re

from de06 import formats

__all__ = ["note", "translated"]

# (pattern, vi, en, {group: kind}); kinds: date, places, num (an English-formatted number), scope, indicator, place
_NOTES: list[tuple[re.Pattern, str, str, dict[int, str]]] = [(re.compile(p), vi, en, kinds) for p, vi, en, kinds in [
    (r"^the deadline (\S+) is the date of the latest point: no required pace$",
     "thời hạn {1} trùng ngày của số liệu mới nhất: không tính tốc độ cần đạt",
     "the deadline, {1}, is the date of the latest figure: no required pace", {1: "date"}),
    (r"^the deadline (\S+) has passed \(latest point (\S+)\): no required pace$",
     "thời hạn {1} đã qua (số liệu mới nhất ngày {2}): không tính tốc độ cần đạt",
     "the deadline, {1}, has passed (latest figure {2}): no required pace", {1: "date", 2: "date"}),
    (r"^a (\S+)% target counts as reached at ([≥≤]) (\S+)$",
     "mục tiêu {1}% được coi là đạt khi {2} {3}% (số “100%” của báo cáo là số làm tròn)",
     "a {1}% target counts as reached at {2} {3}% (a report's “100%” is rounded)", {1: "num", 3: "num"}),
    (r"^one data point: only the required pace can be computed$",
     "một số liệu: chỉ tính được tốc độ cần đạt", "one figure: only the required pace can be computed", {}),
    (r"^(\d+) data points: pace is the least-squares slope through them, extrapolated linearly from the latest value$",
     "{1} số liệu: tốc độ là độ dốc bình phương nhỏ nhất qua các điểm, ngoại suy tuyến tính từ giá trị mới nhất",
     "{1} figures: the pace is the least-squares slope through them, extended linearly from the latest value", {}),
    (r"^projection clipped to 0–100$", "dự báo được giữ trong khoảng 0–100%", "projection kept within 0–100%", {}),
    (r"^projection clipped to zero$", "dự báo được giữ không âm", "projection kept at zero or above", {}),
    (r"^the linear projection does not reach the target within 20 years$",
     "theo đường thẳng, mục tiêu không đạt được trong 20 năm tới",
     "on a straight line the target is not reached within 20 years", {}),
    (r"^(\d+) value\(s\) of exactly 0 or 100 clamped to (\S+)–(\S+) before the logit$",
     "{1} giá trị bằng đúng 0 hoặc 100 được đưa về {2}–{3} trước khi lấy logit",
     "{1} value(s) of exactly 0 or 100 moved to {2}–{3} before the logit", {2: "num", 3: "num"}),
    (r"^fitted logit\(value/100\) linear in months by WLS, weights (\S+)\^\(rank from latest\)$",
     "hồi quy có trọng số của logit(giá trị/100) theo tháng, trọng số {1} mũ thứ hạng tính từ số liệu mới nhất",
     "weighted fit of logit(value/100) on months, weights {1} to the power of the rank from the latest", {1: "num"}),
    (r"^fitted value linear in months by WLS, weights (\S+)\^\(rank from latest\)$",
     "hồi quy tuyến tính có trọng số của giá trị theo tháng, trọng số {1} mũ thứ hạng tính từ số liệu mới nhất",
     "weighted linear fit of the value on months, weights {1} to the power of the rank from the latest", {1: "num"}),
    (r"^observed pace is the slope of the fitted curve at the latest point$",
     "tốc độ thực tế là độ dốc của đường hồi quy tại số liệu mới nhất",
     "the observed pace is the slope of the fitted curve at the latest figure", {}),
    (r"^intervals are WLS prediction intervals at the deadline, mapped back through the inverse logit$",
     "các khoảng là khoảng dự báo của hồi quy tại thời hạn, đổi ngược từ thang logit",
     "the intervals are the fit's prediction intervals at the deadline, mapped back from the logit scale", {}),
    (r"^intervals are WLS prediction intervals at the deadline$",
     "các khoảng là khoảng dự báo của hồi quy tại thời hạn",
     "the intervals are the fit's prediction intervals at the deadline", {}),
    (r"^the central projection does not reach the target within 20 years$",
     "dự báo trung tâm không đạt mục tiêu trong 20 năm tới",
     "the central projection does not reach the target within 20 years", {}),
    (r"^met by (\S+), on or before the deadline$", "đã đạt từ {1}, không muộn hơn thời hạn",
     "met by {1}, on or before the deadline", {1: "date"}),
    (r"^first seen met on (\S+), after the deadline (\S+)$", "lần đầu thấy đạt ngày {1}, sau thời hạn {2}",
     "first seen met on {1}, after the deadline, {2}", {1: "date", 2: "date"}),
    (r"^the target was not met by the deadline$", "mục tiêu không đạt trước thời hạn",
     "the target was not met by the deadline", {}),
    (r"^(\d+) point\(s\) after (\S+) set aside$", "bỏ qua {1} số liệu sau ngày {2}",
     "{1} figure(s) after {2} set aside", {2: "date"}),
    (r"^the latest point, (\S+), is more than (\d+) months older than (\S+)$",
     "số liệu mới nhất, ngày {1}, cũ hơn {2} tháng so với ngày {3}",
     "the latest figure, of {1}, is more than {2} months older than {3}", {1: "date", 3: "date"}),
    (r"^points of (.+) set aside: a different territory$", "bỏ qua số liệu của {1}: địa giới khác",
     "figures of {1} set aside: a different territory", {1: "places"}),
    (r"^one territory under several names: (.+)$", "một địa bàn dưới nhiều tên: {1}",
     "one territory under several names: {1}", {1: "places"}),
    (r"^(\d+) point\(s\) with scope other than '(\w+)' set aside$",
     "bỏ qua {1} số liệu có phạm vi khác “{2}”", "{1} figure(s) with a scope other than “{2}” set aside", {2: "scope"}),
    (r"^(\S+): (\S+) \((\S+)\) set aside for (\S+) \((\S+)\)$", "{1}: bỏ {2} ({3}), dùng {4} ({5})",
     "{1}: {2} ({3}) set aside for {4} ({5})", {1: "date", 2: "num", 4: "num"}),
    (r"^no observation of (\S+) for (\S+)$", "không có số liệu “{1}” của {2}", "no figure of “{1}” for {2}",
     {1: "indicator", 2: "place"}),
]]


def _field(text: str, kind: str, lang: str) -> str:
    from de06.sections import place_name

    if kind == "date":
        return formats.date(text, lang) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
    if kind == "num":
        try:
            return formats.number(float(text), lang, 4)
        except ValueError:
            return text
    if kind == "places":
        return ", ".join(place_name(p.strip(), lang) for p in text.split(","))
    if kind == "place":
        return place_name(text, lang)
    if kind == "scope":
        return formats.t("cumulative" if text == "cumulative" else "in_period", lang)
    if kind == "indicator":
        from de06.indicators import catalog

        ind = catalog().get(text)
        return (ind.name_vi if lang == "vi" else ind.name_en) if ind else text
    return text


def translated(text: str, lang: str) -> str | None:
    """The note in ``lang``, or None when it matches no known note.

    >>> translated("the deadline 2022-12-31 has passed (latest point 2022-12-12): no required pace", "vi")
    'thời hạn 31/12/2022 đã qua (số liệu mới nhất ngày 12/12/2022): không tính tốc độ cần đạt'
    >>> translated("points of tra-vinh set aside: a different territory", "en")
    'figures of former Trà Vinh set aside: a different territory'
    """
    formats.t("title", lang)  # checks lang
    for pattern, vi, en, kinds in _NOTES:
        m = pattern.match(text)
        if m:
            groups = {i: _field(g, kinds.get(i, ""), lang) for i, g in enumerate(m.groups(), start=1)}
            return re.sub(r"\{(\d)\}", lambda x: groups[int(x.group(1))], vi if lang == "vi" else en)
    return None


def note(text: str, lang: str) -> str:
    """The note in ``lang``; one that matches no known note is marked as English instead of shown unmarked.

    >>> note("a new kind of note", "vi")
    '(tiếng Anh) a new kind of note'
    """
    out = translated(text, lang)
    if out is not None:
        return out
    return f"({formats.t('english', 'vi')}) {text}" if lang == "vi" else text
