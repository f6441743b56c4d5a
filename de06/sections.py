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
import html
import re
from dataclasses import dataclass
from pathlib import Path

from de06 import formats, places
from de06.compare import read_rows
from de06.errors import De06Error

__all__ = ["Html", "Briefing", "briefings", "check_period", "places_for", "reports_by_period", "period_bounds",
           "place_name", "indicator_comparison", "all_targets"]

_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
PERIOD_FORMAT = "YYYY-MM (a month, e.g. 2025-10) or YYYY (a year, e.g. 2022)"


class Html(str):
    """A piece of trusted, already escaped HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # the text/plain twin of every output stays short
        return f"<de06 HTML, {len(self)} characters>"


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


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


def place_name(pid: str, lang: str) -> str:
    """A place id as a reader names it: ``Vĩnh Long``, ``xã Vĩnh Phúc (Thanh Hóa)``, ``Cả nước``."""
    if pid == "vn":
        return "Cả nước" if lang == "vi" else "Viet Nam"
    head = pid.split("/")[0]
    try:
        name = places.lineage(head)["name"]
    except De06Error:
        return pid
    if "/" in pid:
        return formats.t("commune", lang, name=places.commune_name(pid), province=name)
    return name


@dataclass
class _Note:
    number: int
    row: dict


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

    def _chart(self, fig, title: str) -> str:
        from de06.charts import save

        self._figure += 1
        data = base64.b64encode(save(fig, "png")).decode("ascii")
        alt = _e(self._t("chart_alt", title=title))
        return f'<figure><img src="data:image/png;base64,{data}" alt="{alt}"><figcaption>{_e(title)}</figcaption></figure>'

    def _obs(self, **filters):
        df = self.observations
        for k, v in filters.items():
            df = df[df[k].isin(v)] if isinstance(v, (list, set, tuple)) else df[df[k] == v]
        return df

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

        name = place_name(self.place, self.lang)
        _, absorbed, _ = territory_note(self.place)
        sub = ""
        if absorbed:
            parts = ", ".join(self._t("former", name=place_name(p, self.lang)) for p in absorbed.split(";"))
            sub = f'<p class="territory">{_e(self._t("merged_from", parts=parts))}</p>'
        return Html(f'<header class="de06"><p class="kicker">{_e(self._t("title"))}</p>'
                    f"<h1>{_e(name)} · {_e(formats.period(self.period, self.lang))}</h1>{sub}</header>")

    def sources(self) -> Html:
        """The documents this briefing reads: kind, reference number, date."""
        rows = []
        for d in self._source_docs():
            rows.append(f"<tr><td>{_e(self._t(d['kind']) if d['kind'] in formats.WORDS else d['kind'])}</td>"
                        f"<td>{_e(d['reference'] or '—')}</td>"
                        f"<td>{_e(formats.date(d['dated'], self.lang) if d['dated'] else formats.period(d['period'], self.lang))}</td>"
                        f"<td><code>{_e(d['doc'])}</code></td></tr>")
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("kind", "reference", "dated", "document"))
        return self._section("sources_title", _table(head, rows))

    def _previous(self, r):
        """The latest earlier observation of the same indicator, territory, breakdown and scope, from another source."""
        from de06.compare import observation_date

        same = self._obs(indicator=r["indicator"], breakdown=r["breakdown"], scope=r["scope"],
                         jurisdiction=places.same_territory(r["jurisdiction"]))
        same = same[same["doc"] != r["doc"]]
        ytd = "year_to_date" in (r["flags"] or "")
        same = same[[("year_to_date" in (f or "")) == ytd for f in same["flags"]]]
        if same.empty:
            return None
        same = self._dated(same)
        here = observation_date(r)
        same = same[same["date"] < here]
        if same.empty:
            return None
        return same.sort_values(["date", "doc"], kind="stable").iloc[-1].to_dict()

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

    def headlines(self) -> Html:
        """Every figure of this period's reports with its scope and its change since the previous comparable one."""
        out = []
        for r in self.headline_rows():
            sub = r["jurisdiction"] not in self.territory or r["breakdown"]
            label = self._name(r["indicator"])
            if r["jurisdiction"] not in self.territory:
                label = self._t("former", name=place_name(r["jurisdiction"], self.lang))
            if r["breakdown"]:
                label += f" — {breakdown_label(r['breakdown'], self.lang)}"
            prev = self._previous(r)
            if prev is None:
                ch = f'<span class="muted">{_e(self._t("no_previous"))}</span>'
            else:
                unit = self._unit(r["indicator"])
                since = self._t("since", value=formats.value(prev["value"], unit, self.lang),
                                date=formats.date(prev["date"], self.lang))
                ch = f"{_e(formats.change(r['value'], prev['value'], unit, self.lang))} <span class=\"muted\">{_e(since)}</span>{self._cite(prev)}"
            out.append(f'<tr class="{"sub" if sub else "main"}"><td>{_e(label)}</td>'
                       f'<td class="num">{_e(self._value(r))}{self._cite(r)}</td>'
                       f"<td>{_e(self._scope(r))}</td><td>{ch}</td></tr>")
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("indicator", "value", "scope", "change"))
        return self._section("headlines_title", _table(head, out))

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

    def targets(self) -> Html:
        """Each target with its Assessment, a bullet chart, and a trend chart when there are two points or more."""
        from de06 import charts
        from de06.targets import assess_one

        t = self.target_rows()
        if t.empty:
            return self._section("targets_title", f'<p class="muted">{_e(self._t("no_targets"))}</p>')
        obs = self._dated_observations
        blocks = []
        for _, row in t.iterrows():
            points, docs, notes, a = assess_one(row, obs)
            unit = row["unit"]
            fmt = lambda v: formats.value(v, unit, self.lang)  # noqa: E731
            title = f"{self._name(row['indicator'])}: {row['comparator'].replace('>=', '≥').replace('<=', '≤')} {fmt(row['value'])}"
            cite = self._target_cite(row)
            items = [(self._t("target"), f"{_e(title)}{cite}"),
                     (self._t("deadline"), _e(formats.date(row["deadline"], self.lang)))]
            if a is not None:
                cur = obs[(obs["indicator"] == row["indicator"]) & obs["jurisdiction"].isin(self.territory)
                          & (obs["date"] == a.current_as_of.isoformat()) & (obs["breakdown"] == "")]
                cur_cite = self._cite(cur.iloc[0].to_dict()) if len(cur) else ""
                items.append((self._t("current"), f"{_e(fmt(a.current))} ({_e(formats.date(a.current_as_of, self.lang))}){cur_cite}"))
                items.append((self._t("required_pace"), _e(self._pace(a.required_pace, unit))))
                items.append((self._t("observed_pace"), _e(self._pace(a.observed_pace, unit))))
                if a.projected is not None:
                    proj = fmt(a.projected)
                    if a.interval80:
                        proj += f" ({self._t('interval80')} {fmt(a.interval80[0])}–{fmt(a.interval80[1])})"
                    items.append((self._t("projected"), _e(proj)))
                if a.eta:
                    items.append((self._t("eta"), _e(formats.date(a.eta, self.lang))))
                status, method = a.status, a.method
            else:
                status, method = "insufficient_data", "no_observations"
            items.append((self._t("status"), f'<span class="status {status}">{_e(self._t(status))}</span>'))
            items.append((self._t("method"), _e(self._t(method))))
            dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
            figs = ""
            if a is not None:
                figs += self._chart(charts.bullet(a, title, self.lang, unit), title)
                if len(points) >= 2:
                    figs += self._chart(charts.trend(points, a, title, self.lang, unit), title)
            tech = notes + (list(a.notes) if a else [])
            details = (f"<details><summary>{_e(self._t('technical_notes'))}</summary><ul>"
                       + "".join(f"<li>{_e(n)}</li>" for n in tech) + "</ul></details>") if tech else ""
            blocks.append(f'<div class="target"><h3>{_e(title)}</h3><dl>{dl}</dl>{figs}{details}</div>')
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
        from de06.compare import comparable

        obs = self._dated_observations.drop(columns=["date"])
        seen, blocks = [], []
        for r in self.headline_rows():
            if r["indicator"] in seen or r["jurisdiction"] not in self.territory or r["breakdown"]:
                continue
            seen.append(r["indicator"])
            table = comparable(r["indicator"], obs, lang=self.lang, population=self.reference / "population.csv")
            if table["jurisdiction"].nunique() < 2 and table["date"].nunique() < 2:
                continue  # one place at one date: nothing to compare with
            name = self._name(r["indicator"])
            unit = self._unit(r["indicator"])
            rows = []
            for _, c in table.iterrows():
                mine = c["doc"] in self._report_docs and c["jurisdiction"] in self.territory
                label = place_name(c["jurisdiction"], self.lang)
                rows.append(f'<tr class="{"mine" if mine else ""}"><td>{_e(label)}</td>'
                            f"<td>{_e(formats.date(c['date'], self.lang))}</td>"
                            f'<td class="num">{_e(formats.value(c["value"], unit, self.lang))}{self._cite(c.to_dict())}</td>'
                            f'<td class="note">{_e(c["comparability"])}</td></tr>')
            head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("place", "dated", "value", "comparability"))
            fig = ""
            if unit == "percent" and len(table) >= 3:
                t2 = table.assign(place=[place_name(j, self.lang) for j in table["jurisdiction"]])
                fig = self._chart(charts.comparison(t2, name, self.lang), name)
            blocks.append(f"<h3>{_e(name)}</h3>{_table(head, rows)}{fig}")
        body = "\n".join(blocks) or f'<p class="muted">{_e(self._t("no_comparison"))}</p>'
        return self._section("comparison_title", body)

    def audit(self) -> Html:
        """The audit's findings on this period's reports, with the quotes that show them."""
        docs = set(self._report_docs)
        rows = []
        for f in read_rows(self.data / "audit.csv"):
            if f["doc"] not in docs:
                continue
            cite = self._cite({"doc": f["doc"], "quote": f["quotes"], "start": f["start"]})
            rows.append(f"<tr><td>{_e(self._t(f['check']) if f['check'] in formats.WORDS else f['check'])}</td>"
                        f"<td>{_e(self._t(f['severity']) if f['severity'] in formats.WORDS else f['severity'])}</td>"
                        f"<td>{_e(formats.audit_message(f['message'], self.lang))}{cite}</td></tr>")
        if not rows:
            return self._section("audit_title", f'<p class="muted">{_e(self._t("no_findings"))}</p>')
        head = "".join(f"<th>{_e(self._t(k))}</th>" for k in ("check", "severity", "value"))
        return self._section("audit_title", _table(head, rows))

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
                head = f"{_e(src)} <code>{_e(d['doc'])}</code>"
            else:
                label = r.get("legal_source") or self._t("manual")
                when = r.get("source_date") or ""
                head = _e(f"{label}, {when}" if when else label)
                url = r.get("source_url") or ""
                if re.match(r"^https?://[^\s\"'<>]+$", url):
                    head += f' — <a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
                if r.get("note"):
                    head += f'<br><span class="muted">{_e(r["note"])}</span>'
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


def _table(head: str, rows: list[str]) -> str:
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def briefings(period: str, place: str = "", lang: str = "vi", data: Path | str | None = None) -> list[Briefing]:
    """One :class:`Briefing` per place with a report in ``period`` (or just ``place`` when given)."""
    period = check_period(period)
    return [Briefing(period, p, lang, data) for p in places_for(period, place, Path(data) if data else None)]


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


def all_targets(lang: str = "vi", data: Path | str | None = None) -> Html:
    """Every target of the dataset with its status, current value, required pace and projection, in one table."""
    from de06.compare import PROCESSED, load_observations
    from de06.targets import assess_targets, load_targets

    data = Path(data or PROCESSED)
    a = assess_targets(load_targets(data / "targets.csv"), load_observations(data / "observations.csv"))
    rows = []
    for _, r in a.iterrows():
        unit = r["unit"]
        fmt = lambda v: "—" if v is None or v != v else formats.value(v, unit, lang)  # noqa: E731
        pace = "—" if r["required_pace"] is None or r["required_pace"] != r["required_pace"] else formats.number(r["required_pace"], lang)
        cur = fmt(r["current"]) + (f" ({formats.date(r['current_as_of'], lang)})" if isinstance(r["current_as_of"], str) else "")
        rows.append(f"<tr><td>{_e(place_name(r['jurisdiction'], lang))}</td><td>{_e(r['indicator'])}</td>"
                    f"<td class=\"num\">{_e(r['comparator'])} {_e(fmt(r['value']))}</td>"
                    f"<td>{_e(formats.date(r['deadline'], lang))}</td><td class=\"num\">{_e(cur)}</td>"
                    f"<td class=\"num\">{_e(pace)}</td><td class=\"num\">{_e(fmt(r['projected']))}</td>"
                    f"<td><span class=\"status {_e(r['status'])}\">{_e(formats.t(r['status'], lang))}</span></td></tr>")
    head = "".join(f"<th>{_e(formats.t(k, lang))}</th>" for k in
                   ("place", "indicator", "target", "deadline", "current", "required_pace", "projected", "status"))
    return Html(f'<section class="de06"><h2>{_e(formats.t("targets_title", lang))}</h2>{_table(head, rows)}</section>')
