"""Views over the whole dataset for the exploration notebooks: one indicator everywhere, every target's status.

``compare.ipynb`` shows :func:`indicator_comparison` for chosen indicators, ``progress.ipynb`` shows
:func:`all_targets`. Both reuse the briefing's words, formats and escaping (:mod:`de06.sections`).
"""

from __future__ import annotations

import base64
from pathlib import Path

from de06 import formats
from de06.errors import De06Error
from de06.sections import Html, _e, _table, place_name, status_html

__all__ = ["indicator_comparison", "all_targets"]


def indicator_comparison(indicator: str, lang: str = "vi", data: Path | str | None = None) -> Html:
    """One indicator across every place and period of the dataset: a table with comparability notes and a chart."""
    from de06 import charts
    from de06.compare import PROCESSED, comparable, load_observations
    from de06.indicators import catalog

    cat = catalog()
    if indicator not in cat:
        raise De06Error(f"unknown indicator {indicator!r}; known: {', '.join(cat)}")
    ind = cat[indicator]
    obs = load_observations(Path(data or PROCESSED) / "observations.csv")
    table = comparable(indicator, obs, lang=lang)
    name = ind.name_vi if lang == "vi" else ind.name_en
    rows = [f"<tr><td>{_e(place_name(c['jurisdiction'], lang))}</td><td>{_e(formats.date(c['date'], lang))}</td>"
            f"<td class=\"num\">{_e(formats.value(c['value'], ind.unit, lang))}</td>"
            f"<td class=\"note\">{_e(c['comparability'])}</td></tr>" for _, c in table.iterrows()]
    head = "".join(f"<th>{_e(formats.t(k, lang))}</th>" for k in ("place", "dated", "value", "comparability"))
    fig = ""
    if len(table) >= 2:
        t2 = table.assign(place=[place_name(j, lang) for j in table["jurisdiction"]])
        data64 = base64.b64encode(charts.save(charts.comparison(t2, name, lang), "png")).decode("ascii")
        fig = f'<figure><img src="data:image/png;base64,{data64}" alt="{_e(formats.t("chart_alt", lang, title=name))}"></figure>'
    return Html(f'<section class="de06"><h2>{_e(name)}</h2>{_table(head, rows)}{fig}</section>')


def all_targets(lang: str = "vi", data: Path | str | None = None, as_of: str | None = None) -> Html:
    """Every target of the dataset with its status, current value, required pace and projection, in one table,
    judged on ``as_of`` (default: the date of the newest figure in the dataset — never the wall clock)."""
    from de06.compare import PROCESSED, load_observations, observation_date
    from de06.indicators import catalog
    from de06.targets import assess_targets, load_targets

    data = Path(data or PROCESSED)
    obs = load_observations(data / "observations.csv")
    as_of = as_of or max(observation_date(r) for r in obs.to_dict("records"))
    a = assess_targets(load_targets(data / "targets.csv"), obs, as_of=as_of)
    cat = catalog()
    rows = []
    for _, r in a.iterrows():
        unit = r["unit"]
        fmt = lambda v: "—" if v is None or v != v else formats.value(v, unit, lang)  # noqa: E731
        pace = "—" if r["required_pace"] is None or r["required_pace"] != r["required_pace"] else formats.number(r["required_pace"], lang)
        dated = isinstance(r["current_as_of"], str)
        cur = fmt(r["current"]) + (f" ({formats.date(r['current_as_of'], lang)})" if dated else "")
        ind = cat.get(r["indicator"])
        name = (ind.name_vi if lang == "vi" else ind.name_en) if ind else r["indicator"]
        cmp = r["comparator"].replace(">=", "≥").replace("<=", "≤")
        rows.append(f"<tr><td>{_e(place_name(r['jurisdiction'], lang))}</td><td>{_e(name)}</td>"
                    f"<td class=\"num\">{_e(cmp)} {_e(fmt(r['value']))}</td>"
                    f"<td>{_e(formats.date(r['deadline'], lang))}</td><td class=\"num\">{_e(cur)}</td>"
                    f"<td class=\"num\">{_e(pace)}</td><td class=\"num\">{_e(fmt(r['projected']))}</td>"
                    f"<td>{status_html(r['status'], bool(r['stale']), r['current_as_of'] if dated else None, lang)}</td></tr>")
    head = "".join(f"<th>{_e(formats.t(k, lang))}</th>" for k in
                   ("place", "indicator", "target", "deadline", "current", "required_pace", "projected", "status"))
    title = f'{formats.t("targets_title", lang)} ({formats.t("judged_on", lang, date=formats.date(as_of, lang))})'
    return Html(f'<section class="de06"><h2>{_e(title)}</h2>{_table(head, rows)}</section>')
