"""What the exploring notebooks (compare, progress, explore) display: the dataset as a reader reads it.

Every function takes ``place`` (an id or a name, as ``de06 briefing --place`` does; empty for every place),
``indicator`` (an id or a name; empty for every indicator), ``lang`` (vi or en) and ``data`` (the folder of the
processed tables; empty for ``data/processed``) and returns :class:`~de06.sections.Html`: tables whose figures,
dates and words come from :mod:`de06.formats` in that language, with places and indicators by name (never a raw
id), text left-aligned and figures right-aligned. The ids an analyst types into a notebook's parameters are
listed by :func:`choices`, as a list, not a table.

>>> "Vĩnh Long" in choices("vi")
True
"""

from __future__ import annotations

import difflib
import html
from pathlib import Path

from de06 import formats, places
from de06.errors import De06Error
from de06.sections import Html, place_name

__all__ = ["choices", "indicator_id", "place_ids", "observations", "summary", "documents", "findings", "comparison",
           "comparisons",
           "targets", "target_details"]

_LEFT = "text-align:left;vertical-align:top"
_RIGHT = "text-align:right;vertical-align:top;white-space:nowrap"
_COMPARATOR = {">=": "≥", "<=": "≤"}
_WORDS = {  # key: (vi, en) — the notebooks' own words; the briefing's are in de06.formats
    "places_periods": ("Địa bàn và kỳ có báo cáo", "Places and periods with a report"),
    "periods": ("Kỳ báo cáo", "Reporting periods"),
    "indicators": ("Chỉ tiêu (tham số indicator / indicators)", "Indicators (the indicator / indicators parameter)"),
    "place_param": ("tham số place", "the place parameter"),
    "figures": ("Số liệu", "Figures"),
    "places_n": ("Số địa bàn", "Places"),
    "latest": ("Mới nhất", "Latest"),
    "nothing": ("Không có số liệu nào khớp với lựa chọn.", "Nothing matches the choice."),
    "interval": ("Khoảng dự báo", "Projection interval"),
    "points": ("Số điểm", "Points"),
    "finding": ("Nội dung", "Finding"),
    "unit_percent": ("tỷ lệ %", "percent"),
    "unit_count": ("số lượng", "count"),
    "unit_vnd": ("đồng", "VND"),
}


def _w(key: str, lang: str) -> str:
    if lang not in formats.LANGS:
        raise De06Error(f"lang {lang!r} is not one of {', '.join(formats.LANGS)}")
    return _WORDS[key][formats.LANGS.index(lang)] if key in _WORDS else formats.t(key, lang)


def _e(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def _table(head: list[tuple[str, bool]], rows: list[list[str]], lang: str) -> Html:
    """An HTML table; ``head`` is (title, is_figure) per column: figures right-aligned, text left-aligned."""
    if not rows:
        return Html(f"<p>{_e(_w('nothing', lang))}</p>")
    ths = "".join(f'<th style="{_RIGHT if num else _LEFT}">{_e(t)}</th>' for t, num in head)
    trs = "".join("<tr>" + "".join(f'<td style="{_RIGHT if num else _LEFT}">{_e(c)}</td>'
                                   for (_, num), c in zip(head, r, strict=True)) + "</tr>" for r in rows)
    return Html(f'<table class="de06"><thead><tr>{ths}</tr></thead><tbody>{trs}</tbody></table>')


def _folder(data) -> Path:
    from de06.compare import PROCESSED

    return Path(data) if data else PROCESSED


def _obs(data):
    from de06.compare import load_observations

    return load_observations(_folder(data) / "observations.csv")


def _catalog():
    from de06.indicators import catalog

    return catalog()


def _ind_name(ind: str, lang: str) -> str:
    c = _catalog().get(ind)
    return ind if c is None else (c.name_vi if lang == "vi" else c.name_en)


def indicator_id(text: str) -> str:
    """The catalog id an indicator parameter names: the id itself or the name in either language, any case or accents.

    >>> indicator_id("Online application rate"), indicator_id("ty le ho so tiep nhan truc tuyen")
    ('online_application_rate', 'online_application_rate')
    """
    cat = _catalog()
    text = str(text).strip()
    if text in cat:
        return text
    keys = {}
    for i, c in cat.items():
        for k in (i, c.name_vi, c.name_en):
            keys.setdefault(places.slug(k), i)
    key = places.slug(text)
    if key in keys:
        return keys[key]
    close = sorted({keys[k] for k in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)})
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(cat)}"
    raise De06Error(f"unknown indicator {text!r}{hint}")


def place_ids(place: str, data=None) -> set[str] | None:
    """The ids of the territory a place parameter names (itself and its one-to-one renames); None for every place."""
    if not str(place or "").strip():
        return None
    from de06.lookup import place_id

    known = set(_obs(data)["jurisdiction"])
    from de06.compare import read_rows

    known |= {d["jurisdiction"] for d in read_rows(_folder(data) / "documents.csv")}
    return set(places.same_territory(place_id(place, sorted(known))))


def _filter(df, place: str, indicator: str, data, column: str = "jurisdiction"):
    ids = place_ids(place, data)
    if ids is not None:
        df = df[df[column].isin(ids)]
    if str(indicator or "").strip():
        df = df[df["indicator"] == indicator_id(indicator)]
    return df


def choices(lang: str = "vi", data=None) -> Html:
    """The places (with their periods), periods and indicators there are, with the ids the parameters take."""
    from de06.sections import reports_by_period

    available = reports_by_period(_folder(data))
    by_place: dict[str, list[str]] = {}
    for per, ps in available.items():
        for p in ps:
            by_place.setdefault(p, []).append(per)
    li = lambda name, code, extra="": f"<li>{_e(name)} — <code>{_e(code)}</code>{_e(extra)}</li>"  # noqa: E731
    place_items = "".join(li(place_name(p, lang), p, ": " + ", ".join(formats.period(x, lang) for x in pers))
                          for p, pers in sorted(by_place.items()))
    period_items = "".join(li(formats.period(per, lang), per) for per in available)
    unit = lambda u: _w(f"unit_{u}", lang)  # noqa: E731
    ind_items = "".join(li(c.name_vi if lang == "vi" else c.name_en, i, f" ({unit(c.unit)})") for i, c in _catalog().items())
    return Html(f'<section class="de06"><h3>{_e(_w("places_periods", lang))} ({_e(_w("place_param", lang))})</h3>'
                f"<ul>{place_items}</ul><h3>{_e(_w('periods', lang))}</h3><ul>{period_items}</ul>"
                f"<details><summary>{_e(_w('indicators', lang))}</summary><ul>{ind_items}</ul></details></section>")


def _value(v, ind: str, lang: str) -> str:
    if v is None or v != v:
        return "—"
    c = _catalog().get(ind)
    return formats.value(v, c.unit if c else "count", lang)


def _date(iso: str, lang: str) -> str:
    return formats.date(iso, lang) if iso and len(iso) == 10 else (formats.period(iso, lang) if iso else "—")


def observations(place: str = "", indicator: str = "", lang: str = "vi", data=None, limit: int = 50) -> Html:
    """Each figure: place, indicator, value (and fraction), scope, date, and the quote it was read from."""
    from de06.compare import observation_date

    df = _filter(_obs(data), place, indicator, data)
    rows = []
    for _, r in df.head(limit).iterrows():
        frac = ""
        if r["numerator"] == r["numerator"] and r["denominator"] == r["denominator"]:
            frac = f" ({formats.number(r['numerator'], lang)}/{formats.number(r['denominator'], lang)})"
        rows.append([place_name(r["jurisdiction"], lang), _ind_name(r["indicator"], lang),
                     _value(r["value"], r["indicator"], lang) + frac, _date(observation_date(r), lang),
                     " ".join(str(r["quote"] or r["note"]).split())])
    head = [(formats.t("place", lang), False), (formats.t("indicator", lang), False), (formats.t("value", lang), True),
            (formats.t("dated", lang), True), (formats.t("quote", lang), False)]
    return _table(head, rows, lang)


def summary(place: str = "", indicator: str = "", lang: str = "vi", data=None) -> Html:
    """Per indicator: how many figures, from how many places, and the latest one."""
    from de06.compare import observation_date

    df = _filter(_obs(data), place, indicator, data)
    rows = []
    for ind, g in df.groupby("indicator", sort=False):
        dates = [observation_date(r) for _, r in g.iterrows()]
        latest = g.iloc[max(range(len(dates)), key=lambda i: dates[i])]
        rows.append([_ind_name(ind, lang), formats.number(len(g), lang), formats.number(g["jurisdiction"].nunique(), lang),
                     f"{_value(latest['value'], ind, lang)} ({place_name(latest['jurisdiction'], lang)}, "
                     f"{_date(max(dates), lang)})"])
    rows.sort(key=lambda r: r[0])
    head = [(formats.t("indicator", lang), False), (_w("figures", lang), True), (_w("places_n", lang), True),
            (_w("latest", lang), False)]
    return _table(head, rows, lang)


def documents(place: str = "", lang: str = "vi", data=None) -> Html:
    """The source documents: kind, place, period, date and reference."""
    from de06.compare import read_rows
    import pandas as pd

    df = _filter(pd.DataFrame(read_rows(_folder(data) / "documents.csv")), place, "", data)
    rows = [[formats.t(d["kind"], lang) if d["kind"] in ("report", "plan", "news") else d["kind"],
             place_name(d["jurisdiction"], lang), formats.period(d["period"], lang) if d["period"] else "—",
             _date(d["dated"], lang), d["reference"] or "—"] for _, d in df.iterrows()]
    head = [(formats.t("kind", lang), False), (formats.t("place", lang), False), (formats.t("period", lang), False),
            (formats.t("dated", lang), True), (formats.t("reference", lang), False)]
    return _table(head, rows, lang)


def findings(place: str = "", lang: str = "vi", data=None) -> Html:
    """The audit's findings on the reports' own arithmetic, in ``lang``."""
    from de06.compare import read_rows
    import pandas as pd

    docs = {d["doc"]: d for d in read_rows(_folder(data) / "documents.csv")}
    df = pd.DataFrame(read_rows(_folder(data) / "audit.csv"))
    if df.empty:
        return _table([], [], lang)
    df = df.assign(jurisdiction=[docs.get(d, {}).get("jurisdiction", "") for d in df["doc"]])
    df = _filter(df, place, "", data)
    rows = [[place_name(r["jurisdiction"], lang) or "—", formats.t(r["check"], lang) if r["check"] in formats.WORDS else r["check"],
             formats.t(r["severity"], lang) if r["severity"] in formats.WORDS else r["severity"],
             _indicators_named(formats.audit_message(r["message"], lang), lang)] for _, r in df.iterrows()]
    head = [(formats.t("place", lang), False), (formats.t("check", lang), False), (formats.t("severity", lang), False),
            (_w("finding", lang), False)]
    return _table(head, rows, lang)


def comparison(indicator: str, place: str = "", lang: str = "vi", data=None) -> Html:
    """One indicator across places and periods (just ``place``'s territory when given), with what makes each row
    (not) comparable, and a chart when there are two figures or more."""
    import base64

    from de06 import charts
    from de06.compare import comparable

    ind = indicator_id(indicator)
    name = _ind_name(ind, lang)
    table = comparable(ind, _obs(data), lang=lang)
    ids = place_ids(place, data)
    if ids is not None:
        table = table[table["jurisdiction"].isin(ids)]
    rows = [[place_name(c["jurisdiction"], lang), _date(c["date"], lang), _value(c["value"], ind, lang),
             c["comparability"]] for _, c in table.iterrows()]
    head = [(formats.t("place", lang), False), (formats.t("dated", lang), True), (formats.t("value", lang), True),
            (formats.t("comparability", lang), False)]
    fig = ""
    if len(table) >= 2:
        t2 = table.assign(place=[place_name(j, lang) for j in table["jurisdiction"]])
        png = base64.b64encode(charts.save(charts.comparison(t2, name, lang), "png")).decode("ascii")
        fig = f'<figure><img src="data:image/png;base64,{png}" alt="{_e(formats.t("chart_alt", lang, title=name))}"></figure>'
    return Html(f'<section class="de06"><h3>{_e(name)}</h3>{_table(head, rows, lang)}{fig}</section>')


def comparisons(indicators: str, place: str = "", lang: str = "vi", data=None) -> list[Html]:
    """:func:`comparison` for each of the comma-separated ``indicators`` (ids or names)."""
    return [comparison(i, place, lang, data) for i in str(indicators).split(",") if i.strip()]


def _assessed(place: str, indicator: str, data):
    from de06.compare import load_observations
    from de06.targets import assess_targets, load_targets, newest_date

    folder = _folder(data)
    obs = load_observations(folder / "observations.csv")
    # judged on the newest figure of the dataset, as the overview is: a stale target is no "on track"
    a = assess_targets(load_targets(folder / "targets.csv"), obs, as_of=newest_date(obs))
    return _filter(a, place, indicator, data)


def _indicators_named(text: str, lang: str) -> str:
    """An audit message names an indicator by id ("… stated as 1.234 and as 1.243"): write its name instead."""
    import re

    return re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", lambda m: _ind_name(m.group(0), lang), str(text or ""))


def _named(text: str, lang: str) -> str:
    """Technical notes name places by id ("points of tra-vinh set aside"): write their names instead."""
    import re

    def name(m: re.Match) -> str:
        n = place_name(m.group(0), lang)
        return n if n != m.group(0) else m.group(0)

    return re.sub(r"\b(?:vn|[a-z]+(?:-[a-z0-9]+)+(?:/[a-z0-9-]+)?)\b(?![-\w])", name, str(text or ""))


def _pace(v, unit: str, lang: str) -> str:
    if v is None or v != v:
        return "—"
    if unit == "percent":
        return formats.t("per_month_points", lang, v=formats.number(v, lang))
    return formats.t("per_month", lang, v=formats.number(v, lang, 0))


def targets(place: str = "", indicator: str = "", lang: str = "vi", data=None) -> Html:
    """Every target with its status: current value, required and observed pace, projection at the deadline."""
    a = _assessed(place, indicator, data)
    rows = []
    for _, r in a.iterrows():
        unit, ind = r["unit"], r["indicator"]
        cur = _value(r["current"], ind, lang)
        if isinstance(r["current_as_of"], str) and r["current_as_of"]:
            cur += f" ({_date(r['current_as_of'], lang)})"
        rows.append([place_name(r["jurisdiction"], lang), _ind_name(ind, lang),
                     f"{_COMPARATOR.get(r['comparator'], r['comparator'])} {_value(r['value'], ind, lang)}",
                     _date(r["deadline"], lang), cur, _pace(r["required_pace"], unit, lang),
                     _pace(r["observed_pace"], unit, lang), _value(r["projected"], ind, lang),
                     formats.t(r["status"], lang)])
    head = [(formats.t(k, lang), k in ("target", "deadline", "current", "required_pace", "observed_pace", "projected"))
            for k in ("place", "indicator", "target", "deadline", "current", "required_pace", "observed_pace",
                      "projected", "status")]
    return _table(head, rows, lang)


def target_details(place: str = "", indicator: str = "", lang: str = "vi", data=None) -> Html:
    """How each target was judged: method, data points, projection intervals, expected date, technical notes."""
    a = _assessed(place, indicator, data)
    rows = []
    for _, r in a.iterrows():
        ind = r["indicator"]
        lo80, hi80, lo95, hi95 = (r[k] for k in ("interval80_low", "interval80_high", "interval95_low", "interval95_high"))
        interval = "—"
        if lo80 == lo80 and lo80 is not None:
            interval = (f"{formats.t('interval80', lang)}: {_value(lo80, ind, lang)} – {_value(hi80, ind, lang)}; "
                        f"{formats.t('interval95', lang)}: {_value(lo95, ind, lang)} – {_value(hi95, ind, lang)}")
        method = formats.t(r["method"], lang) if r["method"] in formats.WORDS else (r["method"] or "—")
        eta = _date(r["eta"], lang) if isinstance(r["eta"], str) and r["eta"] else "—"
        rows.append([place_name(r["jurisdiction"], lang), _ind_name(ind, lang), method,
                     formats.number(r["n_points"] if r["n_points"] == r["n_points"] else 0, lang), interval, eta,
                     _named(r["notes"], lang) or "—"])
    head = [(formats.t("place", lang), False), (formats.t("indicator", lang), False), (formats.t("method", lang), False),
            (_w("points", lang), True), (_w("interval", lang), False), (formats.t("eta", lang), True),
            (formats.t("technical_notes", lang), False)]
    return _table(head, rows, lang)
