"""The sections of a briefing as escaped HTML, one method per section, for a place and a period.

A notebook cell is a call and a display: ``b = Briefing("2025-10", "vinh-long-2025", "vi")`` then
``b.headlines()``, ``b.targets()``… Each section returns :class:`Html`, which
Jupyter shows and nbconvert copies into the briefing. Every figure carries a
numbered link to a source note (document, reference, the quote it was read
from); :meth:`Briefing.notes` lists them. Everything that comes from a report —
quotes, references, names — is escaped: a ``<script>`` in a report is text.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from de06 import formats, places
from de06.compare import read_digest, read_rows
from de06.errors import De06Error

__all__ = ["Html", "Briefing", "briefings", "check_period", "places_for", "reports_by_period", "period_bounds",
           "place_name", "status_html"]

_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
PERIOD_FORMAT = "YYYY-MM (a month, e.g. 2025-10) or YYYY (a year, e.g. 2022)"


class Html(str):
    """A piece of trusted, already escaped HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # the text/plain twin of every output stays short
        return f"<de06 HTML, {len(self)} characters>"


_INVISIBLE = re.compile(r"[\x00\u202a-\u202e\u2066-\u2069]")  # NUL and bidi overrides: "gnp\u202e.exe"


def _e(text) -> str:
    """Report text as HTML: escaped, without NULs and bidi controls (which would show "exe.png" for "gnp.exe")."""
    return html.escape(_INVISIBLE.sub("", "" if text is None else str(text)), quote=True)


def check_period(period: str) -> str:
    """The period itself when it is ``YYYY-MM`` or ``YYYY``; otherwise a one-line error with the expected format.

    >>> check_period("2025-10")
    '2025-10'
    >>> check_period("2025-13")
    Traceback (most recent call last):
    de06.errors.De06Error: period '2025-13' is not YYYY-MM (a month, e.g. 2025-10) or YYYY (a year, e.g. 2022)
    """
    from de06.lookup import period_text

    period = period_text(period)  # papermill's -p period 2022 is an int
    if not isinstance(period, str) or not _PERIOD.match(period):
        raise De06Error(f"period {period!r} is not {PERIOD_FORMAT}")
    return period


def period_bounds(period: str) -> tuple[str, str]:
    """First and last month (``YYYY-MM``) a period covers: ``2022`` → 2022-01..2022-12; ranges ``a..b`` too.

    >>> period_bounds("2022"), period_bounds("2025-09..2025-12"), period_bounds("")
    (('2022-01', '2022-12'), ('2025-09', '2025-12'), ('', ''))
    """
    if not period:
        return "", ""
    a, _, b = period.partition("..")
    b = b or a
    return (a if len(a) == 7 else f"{a[:4]}-01"), (b if len(b) == 7 else f"{b[:4]}-12")


def _month_end(month: str) -> str:
    """``2025-10`` → ``2025-10-31``."""
    from de06.numbers import _month_end as end

    return end(int(month[:4]), int(month[5:])).isoformat()


def reports_by_period(data: Path | None = None) -> dict[str, list[str]]:
    """Places with a report in each reporting period, from ``documents.csv``: {period: [place ids]}, sorted.

    A year's briefing (``2025``) covers the reports of its months; a month's, the reports of that month.
    """
    from de06.compare import PROCESSED

    out: dict[str, set[str]] = {}
    for d in read_rows((data or PROCESSED) / "documents.csv"):
        if d["kind"] != "report" or not d["period"] or ".." in d["period"]:
            continue
        out.setdefault(d["period"], set()).add(d["jurisdiction"])
        out.setdefault(d["period"][:4], set()).add(d["jurisdiction"])
    return {p: sorted(v) for p, v in sorted(out.items())}


def places_for(period: str, place: str = "", data: Path | None = None) -> list[str]:
    """The places with a report in ``period`` (just ``place`` when given); the errors list what does exist.

    >>> places_for("2025-10")
    ['vinh-long-2025']
    """
    period = check_period(period)
    available = reports_by_period(data)
    if period not in available:
        raise De06Error(f"no report for period {period}; periods with data: {', '.join(available) or 'none'}")
    if place:  # by id, file-name form or name; otherwise "did you mean"
        from de06.lookup import place_id

        return [place_id(place, available[period], period)]
    return available[period]


def place_name(pid: str, lang: str, former: bool = True) -> str:
    """A place id as a reader names it: ``Vĩnh Long``, ``Trà Vinh cũ``, ``xã Vĩnh Phúc (Thanh Hóa)``, ``Cả nước``.

    A province merged into another on 1 July 2025 is ``Trà Vinh cũ`` / ``former Trà Vinh`` (unless ``former`` is
    false), so that it is never mistaken for the merged province that kept its name.

    >>> place_name("vinh-long", "vi"), place_name("vinh-long-2025", "vi"), place_name("tra-vinh", "en")
    ('Vĩnh Long cũ', 'Vĩnh Long', 'former Trà Vinh')
    """
    if pid == "vn":
        return "Cả nước" if lang == "vi" else "Viet Nam"
    head = pid.split("/")[0]
    try:
        lin = places.lineage(head)
    except De06Error:
        return pid
    name = lin["name"]
    if "/" in pid:
        return formats.t("commune", lang, name=places.commune_name(pid), province=name)
    if former and lin.get("successor") and lin["successor"] != head:
        return formats.t("former", lang, name=name)
    return name


CORRECTED = {"vi": "đã hiệu chỉnh", "en": "corrected"}  # a figure an analyst fixed, accepted or added (issue 12)
CORRECTED_MARK = "*"


@dataclass
class _Note:
    number: int
    row: dict


_COMPARABLE: dict[tuple, object] = {}  # comparison tables of this process, by what they are computed from


class Briefing:
    """One place, one period, one language: the sections of its briefing, computed from the processed dataset.

    ``data`` is the folder of the processed tables (default ``data/processed``); ``reference`` that of the
    reference tables (default ``data/reference``).
    """

    def __init__(self, period: str, place: str, lang: str = "vi", data: Path | str | None = None,
                 reference: Path | str | None = None):
        from de06.compare import PROCESSED, load_observations
        from de06.indicators import REFERENCE

        if lang not in formats.LANGS:
            raise De06Error(f"lang {lang!r} is not one of {', '.join(formats.LANGS)}")
        self.data = Path(data) if data else PROCESSED
        self.reference = Path(reference) if reference else REFERENCE
        found = places_for(period, place, self.data)
        if not place:
            raise De06Error(f"a place is needed; places with a report for {period}: {', '.join(found)}")
        period, place = check_period(period), found[0]  # an int year from papermill; a place by name
        self.period, self.place, self.lang = period, place, lang
        self.first, self.last = period_bounds(period)
        self.cutoff = _month_end(self.last)
        self.territory = places.same_territory(place)
        try:
            self.parts = [p for p in places.lineage(place.split("/")[0])["absorbed"] if p not in self.territory]
        except De06Error:
            self.parts = []
        self.docs = {d["doc"]: d for d in read_rows(self.data / "documents.csv")}
        self.observations = load_observations(self.data / "observations.csv")
        self._observations_digest = read_digest(self.data / "observations.csv")  # the content they were read from
        self._notes: dict[tuple, _Note] = {}
        self._figure = 0

    # ------------------------------------------------------------------ helpers
    def _t(self, key: str, **fields) -> str:
        return formats.t(key, self.lang, **fields)

    def _doc_date(self, d: dict) -> str:
        return (d["dated"] or f"{period_bounds(d['period'])[0]}-01") if d["period"] else d["dated"]

    def _source_docs(self) -> list[dict]:
        """Documents of the place's territory whose period meets this one and that exist by its end."""
        out = []
        for d in self.docs.values():
            if d["jurisdiction"] not in self.territory:
                continue
            a, b = period_bounds(d["period"])
            if not a or a > self.last or b < self.first:
                continue
            if d["dated"] and d["dated"] > self.cutoff:
                continue
            out.append(d)
        return sorted(out, key=lambda d: (self._doc_date(d), d["doc"]))

    @functools.cached_property
    def _report_docs(self) -> list[str]:
        """Ids of this period's reports of the place (the documents its headline figures come from)."""
        return [d["doc"] for d in self._source_docs() if d["kind"] == "report"
                and self.first <= period_bounds(d["period"])[0] and period_bounds(d["period"])[1] <= self.last]

    def _cite(self, row: dict) -> str:
        """A numbered link to the source note of ``row`` (an observation, a target or a finding)."""
        key = (row.get("doc", ""), " ".join(str(row.get("quote") or "").split()), row.get("source_url", ""),
               row.get("note", ""))
        note = self._notes.get(key)
        if note is None:
            note = self._notes[key] = _Note(len(self._notes) + 1, dict(row))
        return f'<sup class="cite"><a href="#src-{note.number}">[{note.number}]</a></sup>'

    def _section(self, key: str, body: str) -> Html:
        return Html(f'<section class="de06" id="{key}"><h2>{_e(self._t(key))}</h2>\n{body}\n</section>')

    def _unit(self, indicator: str) -> str:
        from de06.indicators import catalog

        return catalog()[indicator].unit

    def _name(self, indicator: str) -> str:
        from de06.indicators import catalog

        ind = catalog()[indicator]
        return ind.name_vi if self.lang == "vi" else ind.name_en

    def _value(self, r) -> str:
        unit = self._unit(r["indicator"])
        text = formats.value(r["value"], unit, self.lang)
        flags = (r.get("flags") or "").split(";")
        if "approximate" in flags:
            text = ("khoảng " if self.lang == "vi" else "about ") + text
        num, den = r.get("numerator"), r.get("denominator")
        if unit == "percent" and _present(num):
            frac = formats.number(num, self.lang) + (f"/{formats.number(den, self.lang)}" if _present(den) else "")
            text += f" ({frac})"
        if r.get("origin") == "corrected":  # an analyst fixed, accepted or added it: the note says why (issue 12)
            text += CORRECTED_MARK
        return text

    def _scope(self, r) -> str:
        flags = (r.get("flags") or "").split(";")
        window = next((f.split("=", 1)[1] for f in flags if f.startswith("window=")), "")
        d = lambda x: formats.date(x, self.lang)  # noqa: E731
        if r["scope"] == "period":
            if window:
                a, b = window.split("..")
                return self._t("window", start=d(a), end=d(b))
            if "year_to_date" in flags:
                return self._t("year_to_date", date=d(r["as_of"])) if r["as_of"] else self._t("in_period")
            if len(r["period"]) == 7:
                return self._t("in_month", period=formats.period(r["period"], self.lang))
            return self._t("in_period") + (f" ({formats.period(r['period'], self.lang)})" if r["period"] else "")
        if len(r.get("as_of") or "") == 10:
            return self._t("cumulative_to", date=d(r["as_of"]))
        return self._t("cumulative")

    def _scope_detail(self, r) -> str:
        """The scope of a figure, said only when it is not plainly "this period" or "the running total"."""
        flags = (r.get("flags") or "").split(";")
        if r["scope"] == "period" and not any(f.startswith("window=") or f == "year_to_date" for f in flags) \
                and r["period"] == self.period:
            return ""
        if r["scope"] != "period" and len(r.get("as_of") or "") != 10:
            return ""
        if r["scope"] != "period":
            return self._t("to_date", date=formats.date(r["as_of"], self.lang))
        return self._scope(r)

    def _chart(self, draw, args: tuple, alt: str) -> str:
        """``draw(*args)`` as a picture: the phone variant below 600 px, the wide one otherwise; no caption (the
        heading above says what it shows)."""
        from de06.charts import png

        self._figure += 1
        w = base64.b64encode(png(draw, *args)).decode("ascii")
        n = base64.b64encode(png(draw, *args, narrow=True)).decode("ascii")
        return (f'<figure><picture><source media="(max-width: 600px)" srcset="data:image/png;base64,{n}">'
                f'<img src="data:image/png;base64,{w}" alt="{_e(self._t("chart_alt", title=alt))}"></picture></figure>')

    def _obs(self, **filters):
        """The observations matching every filter (a value, or a list of values), selected in one pass."""
        df = self.observations
        keep = None
        for k, v in filters.items():
            m = df[k].isin(v) if isinstance(v, (list, set, tuple)) else df[k] == v
            keep = m if keep is None else keep & m
        return df if keep is None else df[keep]

    @functools.cached_property
    def _dated_observations(self):
        """Every observation dated no later than the period's end, with its ``date``."""
        return self._dated(self.observations)

    def _dated(self, df):
        from de06.compare import observation_date

        df = df.copy()
        df["date"] = [observation_date(r) for r in df.to_dict("records")]
        return df[(df["date"] != "") & (df["date"] <= self.cutoff)]

    # ------------------------------------------------------------------ sections
    def header(self) -> Html:
        """Title, place and period, and the territory note for a merged province."""
        from de06.compare import territory_note

        name = place_name(self.place, self.lang, former=False)
        successor, absorbed, _ = territory_note(self.place)
        sub = ""
        if absorbed:
            parts = ", ".join(place_name(p, self.lang) for p in absorbed.split(";"))
            sub = f'<p class="territory">{_e(self._t("merged_from", parts=parts))}</p>'
        elif successor:
            sub = f'<p class="territory">{_e(self._t("now_part_of", successor=place_name(successor, self.lang)))}</p>'
        return Html(f'<header class="de06"><p class="kicker">{_e(self._t("title"))}</p>'
                    f"<h1>{_e(name)} · {_e(formats.period(self.period, self.lang))}</h1>{sub}</header>")

    def sources(self) -> Html:
        """The documents this briefing reads: kind, reference number, date (their ids are in the source notes)."""
        rows = []
        for d in self._source_docs():
            rows.append(f"<tr><td>{_e(self._t(d['kind']) if d['kind'] in formats.WORDS else d['kind'])}</td>"
                        f"<td>{_e(d['reference'] or '—')}</td>"
                        f"<td>{_e(formats.date(d['dated'], self.lang) if d['dated'] else formats.period(d['period'], self.lang))}</td></tr>")
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("kind", "reference", "dated"))
        return self._section("sources_title", _table(head, rows, "compact"))

    @functools.cached_property
    def _series(self) -> dict[tuple, list[dict]]:
        """The dated observations by indicator, breakdown and scope, in table order: what :meth:`_previous` looks
        through, row by row in Python (a boolean mask over the whole table per headline figure cost more)."""
        out: dict[tuple, list[dict]] = {}
        for c in self._dated_observations.to_dict("records"):
            out.setdefault((c["indicator"], c["breakdown"], c["scope"]), []).append(c)
        return out

    def _previous(self, r):
        """The latest earlier observation of the same indicator, territory, breakdown and scope, from another source
        (the last in table order among those of the same date and document)."""
        from de06.compare import observation_date

        territory = set(places.same_territory(r["jurisdiction"]))
        ytd = "year_to_date" in (r["flags"] or "")
        here = observation_date(r)
        same = [c for c in self._series.get((r["indicator"], r["breakdown"], r["scope"]), ())
                if c["jurisdiction"] in territory and c["doc"] != r["doc"] and c["date"] < here
                and ("year_to_date" in (c["flags"] or "")) == ytd]
        if not same:
            return None
        return dict(sorted(same, key=lambda c: (c["date"], c["doc"]))[-1])

    def headline_rows(self) -> list[dict]:
        """This period's figures for the place (and, as sub-rows, for its former provinces), in catalog order."""
        from de06.indicators import catalog

        order = {k: i for i, k in enumerate(catalog())}
        docs = self._report_docs
        df = self._obs(doc=docs)
        df = df[df["jurisdiction"].isin(self.territory + self.parts)]
        rows = df.to_dict("records")
        rows.sort(key=lambda r: (order.get(r["indicator"], 1e9), r["jurisdiction"] not in self.territory,
                                 r["jurisdiction"], r["breakdown"] != "", r["breakdown"], r["scope"] != "period",
                                 r["doc"], r["start"]))
        return rows

    @functools.cached_property
    def _headline_groups(self) -> list[dict]:
        """One entry per indicator, place and breakdown: its period and cumulative figures, each with its previous
        comparable figure (or None)."""
        groups: dict[tuple, dict] = {}
        for r in self.headline_rows():
            key = (r["indicator"], r["jurisdiction"], r["breakdown"])
            g = groups.setdefault(key, {"indicator": key[0], "jurisdiction": key[1], "breakdown": key[2],
                                        "period": [], "cumulative": []})
            g["period" if r["scope"] == "period" else "cumulative"].append((r, self._previous(r)))
        return list(groups.values())

    def _change(self, r, prev) -> str:
        unit = self._unit(r["indicator"])
        return formats.change(r["value"], prev["value"], unit, self.lang)

    def _since(self, r, prev) -> str:
        unit = self._unit(r["indicator"])
        return self._t("since", value=formats.value(prev["value"], unit, self.lang),
                       date=formats.date(prev["date"], self.lang))

    def headlines(self) -> Html:
        """One row per indicator: the period's figure and the running total side by side, and — when any figure has
        an earlier comparable one — the change since it."""
        groups = self._headline_groups
        with_change = any(prev is not None for g in groups for k in ("period", "cumulative") for _, prev in g[k])
        scopes = [k for k in ("period", "cumulative") if any(g[k] for g in groups)]  # a column no row fills is left out
        out = []
        for g in groups:
            main = g["jurisdiction"] in self.territory and not g["breakdown"]
            label = self._name(g["indicator"])
            if g["jurisdiction"] not in self.territory:
                label = place_name(g["jurisdiction"], self.lang)
            if g["breakdown"]:
                label += f" — {breakdown_label(g['breakdown'], self.lang)}"
            cells = []
            for k in scopes:
                vals = []
                for r, _ in g[k]:
                    detail = self._scope_detail(r)
                    vals.append(f"{_e(self._value(r))}{self._cite(r)}"
                                + (f'<br><span class="muted small">{_e(detail)}</span>' if detail else ""))
                if vals:
                    cells.append(f'<td class="num" data-label="{_e(self._t(k + "_value"))}">{"<br>".join(vals)}</td>')
                else:
                    cells.append('<td class="num empty">—</td>')
            if with_change:
                changes = []
                for k in ("period", "cumulative"):
                    for r, prev in g[k]:
                        if prev is None:
                            continue
                        head = f"{_e(self._t(k + '_value'))}: " if g["period"] and g["cumulative"] else ""
                        changes.append(f"{head}{_e(self._change(r, prev))} "
                                       f'<span class="muted small">{_e(self._since(r, prev))}</span>{self._cite(prev)}')
                cells.append(f'<td data-label="{_e(self._t("change"))}">{"<br>".join(changes)}</td>' if changes
                             else '<td class="empty">—</td>')
            out.append(f'<tr class="{"main" if main else "sub"}"><td>{_e(label)}</td>{"".join(cells)}</tr>')
        keys = ("indicator", *(k + "_value" for k in scopes)) + (("change",) if with_change else ())
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in keys)
        return self._section("headlines_title", _table(head, out, "headlines"))

    def target_rows(self):
        """Targets of the place's territory known by the end of the period: curated ones and those of its documents."""
        from de06.targets import load_targets

        t = load_targets(self.data / "targets.csv", self.reference / "targets.csv")
        t = t[t["jurisdiction"].isin(self.territory)]
        keep = []
        for _, row in t.iterrows():
            docs = [self.docs[d] for d in row["docs"].split(";") if d in self.docs]
            known = row["origin"] == "curated" or any(self._doc_date(d) <= self.cutoff for d in docs)
            keep.append(known)
        return t[keep] if len(t) else t

    @functools.cached_property
    def _assessed(self) -> list[tuple]:
        """(target row, points, notes, Assessment or None) per target, judged on the period's last day."""
        from de06.targets import assess_one

        obs = self._dated_observations
        out = []
        for _, row in self.target_rows().iterrows():
            points, _docs, notes, a = assess_one(row, obs, as_of=self.cutoff)
            out.append((row, points, notes, a))
        return out

    def _target_title(self, row) -> str:
        unit = row["unit"]
        cmp = row["comparator"].replace(">=", "≥").replace("<=", "≤")
        return f"{self._name(row['indicator'])}: {cmp} {formats.value(row['value'], unit, self.lang)}"

    def _status(self, a) -> str:
        """The status badge; on data over six months old, the age beside it and never "on track"."""
        if a is None:
            return status_html("insufficient_data", False, None, self.lang)
        return status_html(a.status, a.stale, a.current_as_of, self.lang)

    def _current_cite(self, row, a) -> str:
        obs = self._dated_observations
        cur = obs[(obs["indicator"] == row["indicator"]) & obs["jurisdiction"].isin(self.territory)
                  & (obs["date"] == a.current_as_of.isoformat()) & (obs["breakdown"] == "")]
        return self._cite(cur.iloc[0].to_dict()) if len(cur) else ""

    def _gap(self, a, unit: str) -> str:
        from de06.progress import meets

        if meets(a.current, a.target, a.comparator, "percent" if unit == "percent" else "count"):
            return "—"
        d = abs(a.target - a.current)
        return formats.number(d, self.lang) + (" điểm %" if self.lang == "vi" else " points") if unit == "percent" \
            else formats.value(d, unit, self.lang)

    def at_a_glance(self) -> Html:
        """The first screen: every target's status, value and date, gap and required pace; the largest changes since
        the previous comparable report; the audit's alerts; how old the newest figure is (:mod:`de06.glance`)."""
        from de06 import glance

        return glance.section(self)

    @functools.cached_property
    def _findings(self) -> list[dict]:
        docs = set(self._report_docs)
        return [f for f in read_rows(self.data / "audit.csv") if f["doc"] in docs]

    def targets(self) -> Html:
        """Each target with its Assessment, a bullet chart, and a trend chart when there are two points or more."""
        from de06 import charts
        from de06.notes import note

        if not self._assessed:
            return self._section("targets_title", f'<p class="muted">{_e(self._t("no_targets"))}</p>')
        blocks = []
        for row, points, notes, a in self._assessed:
            unit = row["unit"]
            fmt = lambda v: formats.value(v, unit, self.lang)  # noqa: E731
            title = self._target_title(row)
            items = [(self._t("deadline"), _e(formats.date(row["deadline"], self.lang)))]
            if a is not None:
                items.append((self._t("current"), f"{_e(fmt(a.current))} ({_e(formats.date(a.current_as_of, self.lang))})"
                                                  f"{self._current_cite(row, a)}"))
                items.append((self._t("required_pace"), _e(self._pace(a.required_pace or None, unit))))
                if a.observed_pace is not None:
                    items.append((self._t("observed_pace"), _e(self._pace(a.observed_pace, unit))))
                if a.projected is not None:
                    proj = fmt(a.projected)
                    if a.interval80:
                        proj += f" ({self._t('interval80')} {fmt(a.interval80[0])}–{fmt(a.interval80[1])})"
                    items.append((self._t("projected"), _e(proj)))
                if a.eta:
                    items.append((self._t("eta"), _e(formats.date(a.eta, self.lang))))
                method = a.method
            else:
                method = "no_observations"
            items.append((self._t("status"), self._status(a)))
            items.append((self._t("method"), _e(self._t(method))))
            dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
            figs = ""
            if a is not None:
                figs += self._chart(charts.bullet, (a, "", self.lang, unit), title)
                if len(points) >= 2:
                    figs += self._chart(charts.trend, (points, a, "", self.lang, unit), title)
            tech = notes + (list(a.notes) if a else [])
            details = (f"<details><summary>{_e(self._t('technical_notes'))}</summary><ul>"
                       + "".join(f"<li>{_e(note(n, self.lang))}</li>" for n in tech) + "</ul></details>") if tech else ""
            blocks.append(f'<div class="target"><h3>{_e(title)}{self._target_cite(row)}</h3><dl>{dl}</dl>{figs}{details}</div>')
        return self._section("targets_title", "\n".join(blocks))

    def _target_cite(self, row) -> str:
        if row["origin"] == "curated":
            return self._cite({"doc": "", "quote": row["quote"], "source_url": row["source_url"],
                               "legal_source": row["legal_source"], "source_date": row["set_in"]})
        return self._cite({"doc": row["docs"].split(";")[0], "quote": row["quote"]})

    def _pace(self, v, unit: str) -> str:
        if v is None:
            return "—"
        n = formats.number(v, self.lang)
        return self._t("per_month_points", v=n) if unit == "percent" else self._t("per_month", v=n)

    def comparison(self) -> Html:
        """For each headline indicator, every comparable figure across places and 2022–2025, with what differs."""
        from de06 import charts
        from de06.compare import comparable, territory_note

        seen, blocks = [], []
        for r in self.headline_rows():
            if r["indicator"] in seen or r["jurisdiction"] not in self.territory or r["breakdown"]:
                continue
            seen.append(r["indicator"])
            table = self._comparable(r["indicator"])
            if table["jurisdiction"].nunique() < 2 and table["date"].nunique() < 2:
                continue  # one place at one date: nothing to compare with
            name = self._name(r["indicator"])
            unit = self._unit(r["indicator"])
            rows = []
            own = territory_note(self.place, self.lang)[2]
            for c in table.to_dict("records"):
                mine = c["doc"] in self._report_docs and c["jurisdiction"] in self.territory
                label = place_name(c["jurisdiction"], self.lang)
                note = c["comparability"]
                if own and c["jurisdiction"] in self.territory and note.startswith(own):
                    note = note[len(own):].lstrip("; ")  # the header already says what this territory is
                rows.append(f'<tr class="{"mine" if mine else ""}"><td>{_e(label)}</td>'
                            f"<td>{_e(formats.date(c['date'], self.lang))}</td>"
                            f'<td class="num">{_e(formats.value(c["value"], unit, self.lang))}{self._cite(c)}</td>'
                            f'<td class="note">{_e(note)}</td></tr>')
            head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("place", "dated", "value", "comparability"))
            fig = ""
            if unit == "percent" and len(table) >= 3:
                t2 = table.assign(place=[place_name(j, self.lang) for j in table["jurisdiction"]])
                fig = self._chart(charts.comparison, (t2, "", self.lang), name)
            blocks.append(f'<div class="compare"><h3>{_e(name)}</h3>{_table(head, rows)}{fig}</div>')
        body = "\n".join(blocks) or f'<p class="muted">{_e(self._t("no_comparison"))}</p>'
        return self._section("comparison_title", body)

    @functools.cached_property
    def _population_digest(self) -> bytes:
        return hashlib.sha256((self.reference / "population.csv").read_bytes()).digest()

    @functools.cached_property
    def _comparison_observations(self):
        return self._dated_observations.drop(columns=["date"])

    def _comparable(self, indicator: str):
        """``compare.comparable`` for this briefing's cutoff and language, remembered in the process by what it is
        computed from (the observations' content, the cutoff, the indicator, the language, the population table's
        content): every place of a period shares the same table, so a batch of communes computes it once."""
        from de06.compare import comparable

        population = self.reference / "population.csv"
        key = None
        if self._observations_digest is not None:
            key = (self._observations_digest, self.cutoff, indicator, self.lang, self._population_digest)
            hit = _COMPARABLE.get(key)
            if hit is not None:
                return hit
        table = comparable(indicator, self._comparison_observations, lang=self.lang, population=population)
        if key is not None:
            if len(_COMPARABLE) >= 256:
                _COMPARABLE.pop(next(iter(_COMPARABLE)))  # the oldest: a batch moves from period to period
            _COMPARABLE[key] = table
        return table

    def audit(self) -> Html:
        """The audit's findings on this period's reports, with the quotes that show them."""
        rows = []
        for f in self._findings:
            cite = self._cite({"doc": f["doc"], "quote": f["quotes"], "start": f["start"]})
            rows.append(f"<tr><td>{_e(self._t(f['check']) if f['check'] in formats.WORDS else f['check'])}</td>"
                        f"<td>{_e(self._t(f['severity']) if f['severity'] in formats.WORDS else f['severity'])}</td>"
                        f"<td>{_e(formats.audit_message(f['message'], self.lang))}{cite}</td></tr>")
        if not rows:
            return self._section("audit_title", f'<p class="muted">{_e(self._t("no_findings"))}</p>')
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("check", "severity", "value"))
        return self._section("audit_title", _table(head, rows))

    def _curator_note(self, r: dict) -> str:
        """A hand-entered row's note in the briefing's language; an English-only note is marked as the curator's."""
        if self.lang == "vi" and r.get("note_vi"):
            return _e(r["note_vi"])
        if self.lang == "en" or not r.get("note"):
            return _e(r.get("note") or "")
        return (f'<span class="curator">{_e(self._t("curator_note", language=self._t("english")))}:</span> '
                f'<span lang="en">{_e(r["note"])}</span>')

    def notes(self) -> Html:
        """The numbered source notes: document, kind, reference, date and the quote each figure was read from."""
        items = []
        for note in sorted(self._notes.values(), key=lambda n: n.number):
            r = note.row
            d = self.docs.get(r.get("doc", ""))
            if d:
                kind = self._t(d["kind"]) if d["kind"] in formats.WORDS else d["kind"]
                when = formats.date(d["dated"], self.lang) if d["dated"] else formats.period(d["period"], self.lang)
                src = f"{kind} {d['reference']}".strip() + f", {place_name(d['jurisdiction'], self.lang)}, {when}"
                head = f"{_e(src)} <code class=\"doc\">{_e(d['doc'])}</code>"
            else:
                label = r.get("legal_source") or self._t("manual")
                when = formats.when(r.get("source_date") or "", self.lang)
                head = _e(f"{label}, {when}" if when else label)
                url = r.get("source_url") or ""
                if re.match(r"^https?://[^\s\"'<>]+$", url):  # the site's name shows; the address is the link
                    site = re.sub(r"^www\.", "", url.split("/")[2])
                    head += f' — <a href="{_e(url)}" rel="noopener noreferrer">{_e(site)}</a>'
                if r.get("note"):
                    head += f'<br><span class="muted">{self._curator_note(r)}</span>'
            if d and r.get("origin") == "corrected":
                head += f'<br><span class="corrected">{CORRECTED_MARK} {_e(CORRECTED[self.lang])}: {_e(r.get("note") or "")}</span>'
            quote = " ".join(str(r.get("quote") or "").split())
            q = f"<blockquote>{_e(quote)}</blockquote>" if quote else ""
            items.append(f'<li id="src-{note.number}">{head}{q}</li>')
        return self._section("notes_title", f'<ol class="notes">{"".join(items)}</ol>')

    def footer(self, fingerprint: str = "") -> Html:
        """Version, the data fingerprint and the date of the latest source — never the wall clock."""
        from de06 import __version__

        dates = [d["dated"] for d in self._source_docs() if d["dated"]]
        parts = [self._t("generated_by", version=__version__)]
        if dates:
            parts.append(self._t("dated_by", date=formats.date(max(dates), self.lang)))
        if fingerprint:
            parts.append(f"{self._t('fingerprint')}: {fingerprint}")
        return Html('<footer class="de06">' + "".join(f"<p>{_e(p)}</p>" for p in parts) + "</footer>")


def breakdown_label(breakdown: str, lang: str) -> str:
    """A breakdown key as a reader says it, from ``data/reference/breakdowns.csv``.

    >>> breakdown_label("school_level=primary;role=teacher", "vi"), breakdown_label("service_level=4", "en")
    ('tiểu học, giáo viên', 'fully online (level 4)')
    """
    from de06.indicators import breakdowns

    names = {(b.key, b.value): b.label_vi if lang == "vi" else b.label_en for b in breakdowns()}
    parts = [p.partition("=") for p in breakdown.split(";") if p]
    return ", ".join(names.get((k, v), f"{k}={v}") for k, _, v in parts)


def _present(v) -> bool:
    return v is not None and v == v and v != ""


def _table(head: str, rows: list[str], cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<div class="scroll"><table{c}><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def briefings(period: str, place: str = "", lang: str = "vi", data: Path | str | None = None) -> list[Briefing]:
    """One :class:`Briefing` per place with a report in ``period`` (or just ``place`` when given)."""
    period = check_period(period)
    return [Briefing(period, p, lang, data) for p in places_for(period, place, Path(data) if data else None)]


def status_html(status: str, stale: bool, current_as_of, lang: str) -> str:
    """A status badge; on a latest figure over six months older than the day of judgement, its age beside it, and
    "cannot judge" in place of a projection's "on track" or "needs acceleration" (a missed or late target is settled
    and needs no age).

    >>> status_html("on_track", True, "2023-06-30", "en")
    '<span class="status stale_projection">Cannot judge (old data)</span> <span class="stale">(latest figure from 30 Jun 2023, over 6 months old)</span>'
    """
    if stale and status in ("on_track", "needs_acceleration"):
        status = "stale_projection"
    out = f'<span class="status {_e(status)}">{_e(formats.t(status, lang))}</span>'
    if stale and status not in ("missed", "achieved_late"):  # a settled outcome does not age
        out += f' <span class="stale">({_e(formats.t("stale", lang, date=formats.date(current_as_of, lang)))})</span>'
    return out
