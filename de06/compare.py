"""Compare places and periods for one indicator, saying what makes each row comparable or not.

Every row of :func:`comparable` carries a ``comparability`` note naming what
differs from a plain province-month figure: the territory (Trà Vinh in 2022 is
part of ``vinh-long-2025`` since 1 July 2025, and ``vinh-long-2025`` absorbed
three old provinces), the level (a commune is not a province), the scope (one
month, a year to date, a running total, a state at a date) and the definition
(a rate computed from counts, an approximate figure, a rate whose own counts
disagree). Counts also come per 1 000 residents where a sourced population
exists, with its basis named.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from de06 import places
from de06.errors import De06Error
from de06.indicators import REFERENCE, catalog

__all__ = ["comparable", "load_observations", "read_rows", "observation_date", "territory_note", "PROCESSED"]

# DE06_PROCESSED points every reader at another processed folder: the tests read a dataset built from fixtures,
# never the live data/processed an analyst's ingests change.
PROCESSED = Path(os.environ["DE06_PROCESSED"]) if os.environ.get("DE06_PROCESSED") else REFERENCE.parent / "processed"
NOTES = {  # key: (en, vi)
    "unknown_place": ("territory: unknown place id", "địa giới: mã địa bàn không rõ"),
    "part_of": ("territory: part of {successor} since {date}", "địa giới: thuộc {successor} từ {date}"),
    "merged_from": ("territory: merged from {parts} on {date}", "địa giới: hợp nhất từ {parts} ngày {date}"),
    "commune": ("level: a commune, not a province", "cấp: cấp xã, không phải cấp tỉnh"),
    "country": ("level: the whole country", "cấp: toàn quốc"),
    "state_at": ("scope: state at {date}", "phạm vi: hiện trạng tại {date}"),
    "state_at_report": ("scope: state at the report's date", "phạm vi: hiện trạng tại ngày báo cáo"),
    "manual_scope": ("scope: {scope} to {date} as the source states it (see its note)",
                     "phạm vi: {scope} đến {date} theo nguồn (xem ghi chú)"),
    "window": ("scope: window {start} to {end}", "phạm vi: từ {start} đến {end}"),
    "one_month": ("scope: one month ({period})", "phạm vi: một tháng ({period})"),
    "the_period": ("scope: the period {period}", "phạm vi: kỳ {period}"),
    "ytd_to": ("scope: year to date (to {date})", "phạm vi: từ đầu năm (đến {date})"),
    "ytd": ("scope: year to date", "phạm vi: từ đầu năm"),
    "running_to": ("scope: running total (to {date})", "phạm vi: lũy kế (đến {date})"),
    "running": ("scope: running total", "phạm vi: lũy kế"),
    "computed": ("value: computed from the stated counts", "giá trị: tính từ các số đếm đã nêu"),
    "approximate": ("value: approximate in the source", "giá trị: số ước (khoảng, hơn…) trong nguồn"),
    "mismatch": ("value: the source's own counts give a different rate", "giá trị: chính các số đếm của nguồn cho tỷ lệ khác"),
    "manual": ("source: public material entered by hand", "nguồn: tài liệu công khai, nhập tay"),
    "breakdown": ("definition: sub-series {breakdown}", "định nghĩa: chuỗi con {breakdown}"),
}


def _date(iso: str, lang: str) -> str:
    """``2025-07-01`` → ``01/07/2025`` or ``1 Jul 2025``; ``2023-07`` → ``07/2023`` or ``July 2023``; else unchanged."""
    from de06 import formats

    parts = iso.split("-")
    if not (all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        return iso
    if len(parts) == 3:
        return formats.date(iso, lang)
    if len(parts) == 2:
        return "/".join(reversed(parts)) if lang == "vi" else formats.period(iso, lang)
    return iso


def _name(pid: str, former: bool, lang: str) -> str:
    try:
        name = places.lineage(pid)["name"]
    except De06Error:
        return pid
    if not former:
        return name
    return f"{name} cũ" if lang == "vi" else f"former {name}"


def _field(key: str, value: str, lang: str) -> str:
    if key in ("date", "start", "end", "period"):
        return _date(value, lang)
    if key == "successor":
        return _name(value, False, lang) if value else value
    if key == "parts":
        return ", ".join(_name(p.strip(), True, lang) for p in value.split(","))
    if key == "scope" and lang == "vi":
        return {"period": "trong kỳ", "cumulative": "lũy kế"}.get(value, value)
    if key == "scope":
        return {"cumulative": "running total"}.get(value, value)
    return value


def _n(key: str, lang: str, **fields) -> str:
    """A comparability note; dates written the reader's way and places by name, never as ids.

    >>> _n("part_of", "vi", successor="vinh-long-2025", date="2025-07-01")
    'địa giới: thuộc Vĩnh Long từ 01/07/2025'
    >>> _n("merged_from", "en", parts="tra-vinh, vinh-long", date="2025-07-01")
    'territory: merged from former Trà Vinh, former Vĩnh Long on 1 Jul 2025'
    """
    fields = {k: _field(k, str(v), lang) for k, v in fields.items()}
    return NOTES[key][0 if lang == "en" else 1].format(**fields)


COLUMNS = ["indicator", "jurisdiction", "place", "level", "period", "as_of", "date", "value", "unit", "value_source",
           "numerator", "denominator", "scope", "breakdown", "origin", "doc", "successor", "absorbed",
           "per_1000", "population_basis", "comparability", "quote", "source_url", "source_date", "note", "note_vi"]


def _processed(path: Path) -> bool:
    """A table de06 built (checked against its manifest, cells unescaped), not a reference file."""
    return Path(path).resolve().parent != REFERENCE.resolve()


_READ: dict[Path, tuple[bytes, list[dict]]] = {}  # table → (digest of its bytes, its rows as read and checked)


def read_rows(path: Path) -> list[dict]:
    """The rows of a processed or reference CSV as dicts of strings; a missing file says to run ``make data``.

    A processed table is first checked against ``manifest.json`` (``de06.storage.settled``), and its
    spreadsheet-safe cells (``'=…``) are read back as written in the report. Then ``de06.processed`` checks it
    against its schema (documents, audit, observations, candidates; targets when it has the processed columns,
    since ``data/reference/targets.csv`` shares its name): one loader, checked on read.

    Parsing and the schema check are done once per content: the rows of a file whose bytes were read and checked
    before in this process are copies of those (a briefing reads ``documents.csv`` four times; a warm kernel reads
    the same tables for every briefing). Any change to a file is a new digest, read and checked afresh.
    """
    import hashlib

    from de06 import processed as tables
    from de06 import storage

    path = Path(path)
    processed = _processed(path)
    if processed:
        storage.settled(path.parent)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise De06Error("file not found; run `make data`", path=str(path)) from None
    digest = hashlib.sha256(data).digest()
    key = path.resolve()
    seen = _READ.get(key)
    if seen is None or seen[0] != digest:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        rows, head = list(reader), tuple(reader.fieldnames or ())
        if processed:
            rows = [{k: storage.uncell(v) if v else v for k, v in r.items()} for r in rows]
            if path.stem in tables.TABLES and (path.stem != "targets" or head == tables.columns("targets")):
                tables.check(path.stem, rows, head, path)
        seen = _READ[key] = (digest, rows)
    return [dict(r) for r in seen[1]]


def read_digest(path: Path) -> bytes | None:
    """The digest of the content :func:`read_rows` last read from ``path`` in this process, or None."""
    seen = _READ.get(Path(path).resolve())
    return seen[0] if seen else None


def load_observations(path: Path | None = None):
    """The processed observations as a DataFrame, dtypes fixed (strings stay strings: ``period`` ``2022`` is text)."""
    import pandas as pd

    path = Path(path or PROCESSED / "observations.csv")
    rows = read_rows(path)  # settled, unescaped and checked (de06.processed)
    if rows:
        df = pd.DataFrame(rows, dtype=str)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for c in ("value", "numerator", "denominator"):
        df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce")
    return df


def _population(path: Path | None = None) -> dict[str, tuple[float, str, str]]:
    """Sourced population per place: (population, basis, year); the first row of a place wins."""
    path = path or REFERENCE / "population.csv"
    out: dict[str, tuple[float, str, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if "derived" in r["note"].lower():
                continue  # a denominator inferred from a report is for cross-checks, not per-capita figures
            out.setdefault(r["jurisdiction"], (float(r["population"]), r["basis"], r["year"]))
    return out


def territory_note(place_id: str, lang: str = "en") -> tuple[str, str, str]:
    """(successor, absorbed, note) for a place: the 2025 merger seen from either side.

    >>> territory_note("tra-vinh")[0], territory_note("vinh-long-2025")[1]
    ('vinh-long-2025', 'ben-tre;tra-vinh;vinh-long')
    >>> territory_note("tra-vinh", "vi")[2]
    'địa giới: thuộc Vĩnh Long từ 01/07/2025'
    """
    head = place_id.split("/")[0]
    try:
        lin = places.lineage(head)
    except De06Error:
        return "", "", _n("unknown_place", lang)
    successor = lin.get("successor") or ""
    absorbed = ";".join(sorted(lin.get("absorbed") or []))
    if successor and successor != head:
        note = _n("part_of", lang, successor=successor, date=places.lineage(successor).get("valid_from") or "2025-07-01")
    elif absorbed and absorbed != head:
        note = _n("merged_from", lang, parts=absorbed.replace(";", ", "), date=lin.get("valid_from") or "2025-07-01")
    else:
        note = ""
    return successor if successor != head else "", absorbed if absorbed != head else "", note


def _scope_note(row, flow: bool, lang: str = "en") -> str:
    flags = row["flags"].split(";") if row["flags"] else []
    window = next((f.split("=", 1)[1] for f in flags if f.startswith("window=")), "")
    if not flow:
        return _n("state_at", lang, date=row["as_of"]) if row["as_of"] else _n("state_at_report", lang)
    if row["origin"] == "manual":
        return _n("manual_scope", lang, scope=row["scope"], date=row["as_of"])
    if row["scope"] == "period":
        if window:
            start, end = window.split("..")
            return _n("window", lang, start=start, end=end)
        return _n("one_month" if len(row["period"]) == 7 else "the_period", lang, period=row["period"])
    if "year_to_date" in flags:
        return _n("ytd_to", lang, date=row["as_of"]) if row["as_of"] else _n("ytd", lang)
    return _n("running_to", lang, date=row["as_of"]) if row["as_of"] else _n("running", lang)


def _definition_note(row, lang: str = "en") -> list[str]:
    notes = []
    if row["value_source"] == "computed":
        notes.append(_n("computed", lang))
    flags = row["flags"].split(";") if row["flags"] else []
    if "approximate" in flags:
        notes.append(_n("approximate", lang))
    if "rate_mismatch" in flags:
        notes.append(_n("mismatch", lang))
    if row["origin"] == "manual":
        notes.append(_n("manual", lang))
    if row["breakdown"]:
        notes.append(_n("breakdown", lang, breakdown=row["breakdown"]))
    return notes


def observation_date(row) -> str:
    """The date a figure is for: its ``as_of``; else the end of its period (month or year), but never after the
    source's own date — a report dated 16/10/2025 cannot state a figure as of 31/10/2025.

    >>> observation_date({"as_of": "", "period": "2025-10", "source_date": "2025-10-16"})
    '2025-10-16'
    >>> observation_date({"as_of": "", "period": "2022", "source_date": ""})
    '2022-12-31'
    """
    from de06.numbers import _month_end

    d = row["as_of"] or ""
    if len(d) == 10:
        return d
    p = d or row["period"].split("..")[-1]
    if len(p) == 7:
        end = _month_end(int(p[:4]), int(p[5:])).isoformat()
    else:
        end = f"{p[:4]}-12-31" if p else ""
    dated = row.get("source_date", "") or ""
    if len(dated) == 10 and end and dated < end and (not p or dated >= p[:4]):
        return dated
    return end


def comparable(indicator: str, observations=None, *, breakdown: str | None = "", population: Path | None = None,
               lang: str = "en"):
    """Every observation of ``indicator`` across places and periods, with a comparability note per row.

    ``breakdown=""`` keeps the headline series only; ``None`` keeps every sub-series; ``lang`` ("en" or "vi")
    is the language of the notes.
    Rows are sorted by date, then place.
    """
    import pandas as pd

    cat = catalog()
    if indicator not in cat:
        raise De06Error(f"unknown indicator {indicator!r}")
    ind = cat[indicator]
    df = load_observations() if observations is None else observations
    df = df[df["indicator"] == indicator]
    if breakdown is not None:
        df = df[df["breakdown"] == breakdown]
    pop = _population(population)
    rows = []
    for r in df.to_dict("records"):
        jur = r["jurisdiction"]
        level = "commune" if "/" in jur else ("country" if jur == "vn" else "province")
        try:
            name = places.lineage(jur.split("/")[0])["name"]
        except De06Error:
            name = jur
        if level == "commune":
            name = f"xã {places.commune_name(jur)} ({name})"
        successor, absorbed, tnote = territory_note(jur, lang)
        notes = [n for n in (tnote,) if n]
        if level == "commune":
            notes.append(_n("commune", lang))
        elif level == "country":
            notes.append(_n("country", lang))
        notes.append(_scope_note(r, ind.flow, lang))
        notes += _definition_note(r, lang)
        per_1000, basis = None, ""
        if ind.unit == "count" and jur in pop:
            per_1000 = round(1000 * r["value"] / pop[jur][0], 3)
            basis = f"{pop[jur][1]} ({pop[jur][2]})"
        rows.append({
            "indicator": indicator, "jurisdiction": jur, "place": name, "level": level, "period": r["period"],
            "as_of": r["as_of"], "date": observation_date(r), "value": r["value"], "unit": ind.unit,
            "value_source": r["value_source"], "numerator": r["numerator"], "denominator": r["denominator"],
            "scope": r["scope"], "breakdown": r["breakdown"], "origin": r["origin"], "doc": r["doc"],
            "successor": successor, "absorbed": absorbed, "per_1000": per_1000, "population_basis": basis,
            "comparability": "; ".join(notes), "quote": r["quote"], "source_url": r["source_url"],
            "source_date": r.get("source_date", ""), "note": r.get("note", ""), "note_vi": r.get("note_vi", ""),
        })
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["date", "jurisdiction", "value"], kind="stable").reset_index(drop=True)
