"""Numbers, dates and words of a briefing in Vietnamese or English, with babel's locale data.

A Vietnamese reader expects ``1.073.204``, ``25,45%`` and ``03/10/2025``; an
English one ``1,073,204``, ``25.45%`` and ``3 Oct 2025``. Every figure a
briefing prints goes through :func:`number`, :func:`percent` or :func:`value`,
every date through :func:`date`, every fixed phrase through :func:`t`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from de06.errors import De06Error

__all__ = ["LANGS", "number", "percent", "value", "change", "date", "period", "when", "t", "audit_message"]

LANGS = ("vi", "en")
_LOCALE = {"vi": "vi_VN", "en": "en_GB"}

WORDS: dict[str, tuple[str, str]] = {  # key: (vi, en)
    "title": ("Tóm tắt tiến độ Đề án 06", "Project 06 progress briefing"),
    "sources_title": ("Nguồn của kỳ báo cáo", "Sources of this period"),
    "headlines_title": ("Chỉ tiêu chính", "Headline indicators"),
    "targets_title": ("Mục tiêu và tiến độ", "Targets and progress"),
    "comparison_title": ("So sánh giữa các địa phương, 2022–2025", "Comparison across places, 2022–2025"),
    "audit_title": ("Kiểm tra số liệu của báo cáo", "Checks of the reports' own arithmetic"),
    "notes_title": ("Ghi chú nguồn", "Source notes"),
    "period": ("Kỳ", "Period"),
    "place": ("Địa bàn", "Place"),
    "document": ("Văn bản", "Document"),
    "kind": ("Loại", "Kind"),
    "reference": ("Số hiệu", "Reference"),
    "dated": ("Ngày", "Date"),
    "report": ("Báo cáo", "Report"),
    "plan": ("Kế hoạch", "Plan"),
    "news": ("Tin bài", "News"),
    "manual": ("Số liệu công bố (nhập tay)", "Published figure (entered by hand)"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "value": ("Giá trị", "Value"),
    "scope": ("Phạm vi", "Scope"),
    "change": ("Thay đổi so với lần trước", "Change since the previous figure"),
    "no_previous": ("chưa có số liệu cùng loại trước đó", "no earlier comparable figure"),
    "since": ("so với {value} ngày {date}", "from {value} on {date}"),
    "in_period": ("trong kỳ", "in the period"),
    "in_month": ("trong {period}", "in {period}"),
    "window": ("từ {start} đến {end}", "{start} to {end}"),
    "year_to_date": ("từ đầu năm đến {date}", "year to date, to {date}"),
    "cumulative_to": ("lũy kế đến {date}", "cumulative to {date}"),
    "cumulative": ("lũy kế", "cumulative"),
    "to_date": ("đến {date}", "to {date}"),
    "now_part_of": ("Nay thuộc {successor} (từ ngày 01/07/2025)", "Now part of {successor} (since 1 July 2025)"),
    "gap_title": ("Còn thiếu", "Gap"),
    "former": ("{name} cũ", "former {name}"),
    "target": ("Mục tiêu", "Target"),
    "deadline": ("Thời hạn", "Deadline"),
    "current": ("Hiện tại", "Current"),
    "required_pace": ("Tốc độ cần đạt", "Required pace"),
    "observed_pace": ("Tốc độ thực tế", "Observed pace"),
    "projected": ("Dự báo tại thời hạn", "Projected at the deadline"),
    "interval80": ("khoảng tin cậy 80%", "80% interval"),
    "interval95": ("khoảng tin cậy 95%", "95% interval"),
    "eta": ("Dự kiến đạt", "Expected to reach"),
    "status": ("Đánh giá", "Status"),
    "method": ("Phương pháp", "Method"),
    "per_month_points": ("{v} điểm %/tháng", "{v} points a month"),
    "per_month": ("{v}/tháng", "{v} a month"),
    "no_targets": ("Không có mục tiêu nào của địa bàn này trong các nguồn đến kỳ này.",
                   "No target for this place in the sources up to this period."),
    "no_comparison": ("Chưa có số liệu của địa phương hoặc kỳ khác để so sánh.",
                      "No figure of another place or period to compare with."),
    "no_findings": ("Không phát hiện sai lệch trong số liệu của các báo cáo kỳ này.",
                    "No inconsistency found in this period's reports."),
    "comparability": ("Mức độ so sánh được", "Comparability"),
    "technical_notes": ("Ghi chú kỹ thuật", "Technical notes"),
    "check": ("Phép kiểm tra", "Check"),
    "severity": ("Mức độ", "Severity"),
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "rate_vs_fraction": ("tỷ lệ so với tử số/mẫu số", "rate against its fraction"),
    "parts_vs_total": ("các phần so với tổng", "parts against the total"),
    "repeated_figure": ("một số liệu nêu hai lần khác nhau", "a figure stated twice differently"),
    "quote": ("Trích dẫn", "Quote"),
    "fingerprint": ("Dấu vân tay dữ liệu", "Data fingerprint"),
    "generated_by": ("Tạo bởi de06 {version} từ các nguồn trên; không tải gì từ mạng.",
                     "Made by de06 {version} from the sources above; loads nothing from the network."),
    "dated_by": ("Tính đến nguồn mới nhất ngày {date}.", "As of the latest source, dated {date}."),
    "achieved": ("Đã đạt", "Achieved"),
    "achieved_late": ("Đã đạt, nhưng sau thời hạn", "Achieved, after the deadline"),
    "missed": ("Không đạt đúng hạn", "Missed"),
    "stale": ("số liệu mới nhất từ {date}, cũ hơn 6 tháng", "latest figure from {date}, over 6 months old"),
    "judged_on": ("đánh giá tại ngày {date}", "judged on {date}"),
    "stale_projection": ("Không đánh giá được (số liệu cũ)", "Cannot judge (old data)"),
    "on_track": ("Đúng tiến độ", "On track"),
    "needs_acceleration": ("Cần đẩy nhanh", "Needs acceleration"),
    "off_track": ("Chậm tiến độ", "Off track"),
    "regressing": ("Đang giảm", "Regressing"),
    "insufficient_data": ("Chưa đủ dữ liệu để dự báo", "Not enough data to project"),
    "required_pace_only": ("chỉ tính tốc độ cần đạt (một điểm số liệu)", "required pace only (one data point)"),
    "pace_between_points": ("tốc độ giữa các điểm số liệu", "pace between the data points"),
    "wls_logit": ("hồi quy có trọng số trên thang logit (statsmodels)", "weighted fit on the logit scale (statsmodels)"),
    "wls_linear": ("hồi quy tuyến tính có trọng số (statsmodels)", "weighted linear fit (statsmodels)"),
    "no_observations": ("không có số liệu", "no observation"),
    "commune": ("xã {name} ({province})", "{name} commune ({province})"),
    "merged_from": ("Hợp nhất từ {parts} từ ngày 01/07/2025", "Merged from {parts} on 1 July 2025"),
    "part_of": ("nay thuộc {successor}", "now part of {successor}"),
    "chart_alt": ("Biểu đồ: {title}", "Chart: {title}"),
    "glance_title": ("Tóm tắt nhanh", "At a glance"),
    "glance_targets": ("Mục tiêu", "Targets"),
    "glance_changes": ("Thay đổi lớn nhất so với báo cáo trước", "Largest changes since the previous report"),
    "glance_no_changes": ("Chưa có báo cáo trước cùng địa bàn để so sánh.",
                          "No earlier comparable report of this territory yet."),
    "glance_alerts": ("Cảnh báo kiểm tra số liệu", "Audit alerts"),
    "glance_age": ("Độ mới của số liệu", "Age of the data"),
    "newest_data": ("Số liệu mới nhất: {date}, {days} ngày trước cuối kỳ ({end}).",
                    "Newest figure: {date}, {days} days before the period's end ({end})."),
    "newest_data_same": ("Số liệu mới nhất: {date}, đúng cuối kỳ.", "Newest figure: {date}, the period's end."),
    "by_deadline": ("{target} trước {date}", "{target} by {date}"),
    "as_of_date": ("ngày {date}", "on {date}"),
    "period_value": ("Trong kỳ", "In the period"),
    "cumulative_value": ("Lũy kế", "Cumulative"),
    "reference_none": ("không số", "no number"),
    "curator_note": ("Ghi chú của người nhập liệu (bằng {language})", "Curator's note (in {language})"),
    "english": ("tiếng Anh", "English"),
    "vietnamese": ("tiếng Việt", "Vietnamese"),
    "chart_legend_changed": ("Sọc chéo: địa giới đã đổi (sáp nhập tỉnh từ 01/07/2025)",
                             "Hatched: the territory changed (provinces merged on 1 Jul 2025)"),
    "vnd": ("đồng", "VND"),
}


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise De06Error(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")


def t(key: str, lang: str, **fields) -> str:
    """A fixed phrase in ``lang``, its ``{fields}`` filled in.

    >>> t("cumulative_to", "vi", date="03/10/2025")
    'lũy kế đến 03/10/2025'
    """
    _check(lang)
    text = WORDS[key][LANGS.index(lang)]
    return text.format(**fields) if fields else text


def number(v: float, lang: str, decimals: int = 2) -> str:
    """A number the way ``lang`` writes it, with at most ``decimals`` decimals (none shown when whole).

    >>> number(1073204, "vi"), number(1073204, "en"), number(18.6558, "vi")
    ('1.073.204', '1,073,204', '18,66')
    """
    _check(lang)
    return _number(repr(round(float(v), decimals)), lang, decimals)


@functools.lru_cache(maxsize=4096)
def _number(v: str, lang: str, decimals: int) -> str:
    """babel's formatting of a rounded number (by its repr: ``-0.0`` is not ``0.0``), remembered: a chart's axis
    formats the same ticks at every layout, a briefing the same figures in several sections."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(float(v), format=pattern, locale=_LOCALE[lang])


def percent(v: float, lang: str, decimals: int = 2) -> str:
    """A percentage as reports write it: ``25,45%`` (vi), ``25.45%`` (en).

    >>> percent(25.45, "vi"), percent(100, "en")
    ('25,45%', '100%')
    """
    return number(v, lang, decimals) + "%"


def value(v: float, unit: str, lang: str) -> str:
    """A figure with its unit: a percent, a count or an amount in đồng.

    >>> value(64434342768, "vnd", "vi"), value(55.17, "percent", "en"), value(3, "count", "vi")
    ('64.434.342.768 đồng', '55.17%', '3')
    """
    if unit == "percent":
        return percent(v, lang)
    if unit == "vnd":
        return f"{number(v, lang, 0)} {t('vnd', lang)}"
    return number(v, lang)


def change(new: float, old: float, unit: str, lang: str) -> str:
    """A signed change: points for percentages (``+3,2 điểm %``), a count and its relative change otherwise.

    >>> change(55.17, 52.0, "percent", "vi"), change(120, 100, "count", "en")
    ('+3,17 điểm %', '+20 (+20%)')
    """
    d = new - old
    sign = "+" if d > 0 else ("−" if d < 0 else "±")
    if unit == "percent":
        return f"{sign}{number(abs(d), lang)} " + ("điểm %" if lang == "vi" else "points")
    text = f"{sign}{number(abs(d), lang, 0 if float(d).is_integer() else 2)}"
    if old:
        r = 100 * d / old
        text += f" ({'+' if r > 0 else ('−' if r < 0 else '±')}{percent(abs(r), lang, 1)})"
    return text


def date(d, lang: str) -> str:
    """A date: ``03/10/2025`` (vi), ``3 Oct 2025`` (en); accepts ISO strings.

    >>> date("2025-10-03", "vi"), date("2025-10-03", "en")
    ('03/10/2025', '3 Oct 2025')
    """
    from babel.dates import format_date

    _check(lang)
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return format_date(d, "dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale=_LOCALE[lang])


def period(p: str, lang: str) -> str:
    """A reporting period: ``tháng 10/2025`` or ``October 2025``; a year as itself; a range with a dash.

    >>> period("2025-10", "vi"), period("2025-10", "en"), period("2022", "vi"), period("2025-09..2025-12", "en")
    ('tháng 10/2025', 'October 2025', 'năm 2022', 'September 2025 – December 2025')
    """
    from babel.dates import format_date

    _check(lang)
    if ".." in p:
        a, b = p.split("..", 1)
        return f"{period(a, lang)} – {period(b, lang)}"
    if len(p) == 7:
        d = dt.date(int(p[:4]), int(p[5:]), 1)
        return f"tháng {d.month}/{d.year}" if lang == "vi" else format_date(d, "MMMM yyyy", locale=_LOCALE[lang])
    return f"năm {p}" if lang == "vi" else p


_AUDIT_VI = [
    (re.compile(r"^manual row (\d+): "), r"dòng nhập tay \1: "),
    (re.compile(r"states (\S+) for (\S+) of (\S+), which is (\S+)$"), r"nêu \1 cho \2/\3, tính ra \4"),
    (re.compile(r"parts add up to (\S+), more than the stated total (\S+)$"), r"các phần cộng lại được \1, lớn hơn tổng đã nêu \2"),
    (re.compile(r"parts add up to (\S+), less than the stated total (\S+)$"), r"các phần cộng lại được \1, nhỏ hơn tổng đã nêu \2"),
    (re.compile(r"(\S+) stated as (\S+) and as (\S+)$"), r"\1 được nêu là \2 và là \3"),
]


_VI_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]?\d)|(?<![\w.,])\d+,\d+(?![\w.,]?\d)")


def _en_numerals(text: str) -> str:
    """Vietnamese numerals (``124.546``, ``69,09``) written the English way (``124,546``, ``69.09``)."""
    def repl(m):
        whole, _, frac = m.group(0).replace(".", "").partition(",")
        return number(int(whole), "en") + (f".{frac}" if frac else "")
    return _VI_NUMBER.sub(repl, text)


def when(s: str, lang: str) -> str:
    """A source's date as precise as it is known: ``2024-12-09``, ``2024-12`` or ``2024``.

    >>> when("2024-12-09", "vi"), when("2024-12", "vi"), when("2024-12", "en"), when("2024", "en")
    ('09/12/2024', 'tháng 12/2024', 'December 2024', '2024')
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s or ""):
        return date(s, lang)
    if re.fullmatch(r"\d{4}(-\d{2})?", s or ""):
        return period(s, lang) if len(s) == 7 else s
    return s or ""


def audit_message(message: str, lang: str) -> str:
    """An audit finding's message in ``lang`` (the audit writes English with Vietnamese numerals).

    >>> audit_message("states 69,09% for 124.546 of 179.788, which is 69,27%", "vi")
    'nêu 69,09% cho 124.546/179.788, tính ra 69,27%'
    >>> audit_message("manual row 3: states 7,84% for 128.045 of 1.439.411, which is 8,90%", "en")
    'manual row 3: states 7.84% for 128,045 of 1,439,411, which is 8.90%'
    """
    _check(lang)
    m = re.match(r"^([a-z0-9_]+) stated as ", message)
    if m:
        from de06.indicators import catalog

        ind = catalog().get(m.group(1))
        if ind:
            message = (ind.name_vi if lang == "vi" else ind.name_en) + message[len(m.group(1)):]
    if lang == "en":
        return _en_numerals(message)
    for pattern, repl in _AUDIT_VI:
        message = pattern.sub(repl, message)
    return message
