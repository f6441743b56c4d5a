"""The "at a glance" section of a briefing: what a provincial leader reads in one minute, on the first screen.

For one :class:`de06.sections.Briefing` it shows every target's status (with the age of stale data), current value
and its date, the gap and the pace required; the three to five largest changes since the previous comparable
report of the same territory (or one line saying there is none yet); the audit's alerts; and how old the newest
figure is against the period's end. Everything is escaped and cited like the rest of the briefing; on a phone
the blocks stack (``briefing.css``).
"""

from __future__ import annotations

import datetime as dt

from de06 import formats
from de06.sections import Html, _e, _table

__all__ = ["section", "MAX_CHANGES"]

MAX_CHANGES = 5


def section(b) -> Html:
    """The ``<section id="at-a-glance">`` of briefing ``b``."""
    blocks = [_targets(b), _changes(b), _alerts(b), _age(b)]
    return Html(f'<section class="de06 glance" id="at-a-glance"><h2>{_e(b._t("glance_title"))}</h2>'
                f'<div class="glance-grid">{"".join(blocks)}</div></section>')


def _targets(b) -> str:
    rows = []
    for row, _points, _notes, a in b._assessed:
        unit = row["unit"]
        target = b._t("by_deadline", target=b._target_title(row), date=formats.date(row["deadline"], b.lang))
        if a is None:
            rows.append(f"<tr><td>{_e(target)}{b._target_cite(row)}</td><td>{b._status(None)}</td>"
                        '<td class="empty">—</td><td class="empty">—</td><td class="empty">—</td></tr>')
            continue
        when = b._t("as_of_date", date=formats.date(a.current_as_of, b.lang))
        cur = (f"{_e(formats.value(a.current, unit, b.lang))}{b._current_cite(row, a)} "
               f'<span class="muted small">{_e(when)}</span>')
        rows.append(f"<tr><td>{_e(target)}{b._target_cite(row)}</td><td>{b._status(a)}</td>"
                    f'<td class="num" data-label="{_e(b._t("current"))}">{cur}</td>'
                    f'<td data-label="{_e(b._t("gap_title"))}">{_e(b._gap(a, unit))}</td>'
                    f'<td data-label="{_e(b._t("required_pace"))}">{_e(b._pace(a.required_pace or None, unit))}</td></tr>')
    if rows:
        head = "".join(f"<th>{_e(b._t(k))}</th>" for k in ("target", "status", "current", "gap_title", "required_pace"))
        body = _table(head, rows, "glance-targets")
    else:
        body = f'<p class="muted">{_e(b._t("no_targets"))}</p>'
    return f'<div class="glance-main"><h3>{_e(b._t("glance_targets"))}</h3>{body}</div>'


def largest_changes(b, n: int = MAX_CHANGES) -> list[tuple]:
    """(figure, previous figure, scope) of the place's headline figures, the largest relative change first."""
    changes = []
    for g in b._headline_groups:
        if g["jurisdiction"] not in b.territory or g["breakdown"]:
            continue
        for scope in ("period", "cumulative"):
            for r, prev in g[scope]:
                if prev is None:
                    continue
                rel = abs(r["value"] - prev["value"]) / abs(prev["value"]) if prev["value"] else float("inf")
                changes.append((-rel, len(changes), r, prev, scope))
    changes.sort(key=lambda c: c[:2])  # ties keep the catalog order
    return [(r, prev, scope) for _, _, r, prev, scope in changes[:n]]


def _changes(b) -> str:
    items = []
    for r, prev, scope in largest_changes(b):
        name = b._name(r["indicator"]) + (f" ({b._t('cumulative_value').lower()})" if scope == "cumulative" else "")
        items.append(f"<li>{_e(name)}: {_e(formats.value(r['value'], b._unit(r['indicator']), b.lang))}, "
                     f'{_e(b._change(r, prev))} <span class="muted small">{_e(b._since(r, prev))}</span></li>')
    body = f"<ul>{''.join(items)}</ul>" if items else f'<p class="muted">{_e(b._t("glance_no_changes"))}</p>'
    return f'<div class="glance-changes"><h3>{_e(b._t("glance_changes"))}</h3>{body}</div>'


def _alerts(b) -> str:
    alerts = [f"<li>{_e(formats.audit_message(f['message'], b.lang))}</li>" for f in b._findings]
    body = f'<ul class="alerts">{"".join(alerts)}</ul>' if alerts else f'<p class="muted">{_e(b._t("no_findings"))}</p>'
    return f'<div class="glance-alerts"><h3>{_e(b._t("glance_alerts"))}</h3>{body}</div>'


def _age(b) -> str:
    from de06.compare import observation_date

    dates = [d for d in (observation_date(r) for g in b._headline_groups for k in ("period", "cumulative")
                         for r, _ in g[k]) if d]
    if not dates:
        return ""
    newest = max(dates)
    days = (dt.date.fromisoformat(b.cutoff) - dt.date.fromisoformat(newest)).days
    age = (b._t("newest_data", date=formats.date(newest, b.lang), days=days, end=formats.date(b.cutoff, b.lang))
           if days else b._t("newest_data_same", date=formats.date(newest, b.lang)))
    return f'<div class="glance-age"><h3>{_e(b._t("glance_age"))}</h3><p>{_e(age)}</p></div>'
