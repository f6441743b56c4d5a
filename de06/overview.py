"""Every target of the dataset and its status in one table, judged on the newest figure's date.

It reuses the briefing's words, formats and escaping (:mod:`de06.sections`); the notebooks' filtered views are
in :mod:`de06.explore`.
"""

from __future__ import annotations

from pathlib import Path

from de06 import formats
from de06.sections import Html, _e, _table, place_name, status_html

__all__ = ["all_targets"]


def all_targets(lang: str = "vi", data: Path | str | None = None, as_of: str | None = None) -> Html:
    """Every target of the dataset with its status, current value, required pace and projection, in one table,
    judged on ``as_of`` (default: the date of the newest figure in the dataset — never the wall clock)."""
    from de06.compare import PROCESSED, load_observations
    from de06.indicators import catalog
    from de06.targets import assess_targets, load_targets, newest_date

    data = Path(data or PROCESSED)
    obs = load_observations(data / "observations.csv")
    as_of = as_of or newest_date(obs)
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
