"""The analyst's verdicts on figures, kept as data: ``data/manual/corrections.csv``, applied at every build.

A row names its figure by ``ref`` (8 hex digits, ``de06.extract.ref_of``) or, in the older form without a
``ref``, by doc, indicator, breakdown and value. Actions:

- ``accept``: a candidate (below the confidence threshold) becomes an observation;
- ``drop``: the figure is rejected (an observation, a candidate or a target);
- ``set``: ``field`` takes ``new_value`` (a candidate that is fixed is promoted); ``field=quote`` also moves the
  figure's character span to where the quote occurs in the document;
- ``add``: a figure the extractor missed, stated by ``new_value`` (its quote, which must occur in the document);
- ``set`` with ref ``*``: the document's place, level or period, for every figure of it that had the old one.

A figure an analyst changed has ``origin=corrected`` and the reason in its ``note``, so briefings can mark it.
Removed reports (``de06 remove``) are listed in ``data/manual/removed.csv``; rows about a removed document are
kept but inactive until the report is ingested again.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

from de06.errors import De06Error

__all__ = ["COLUMNS", "LEGACY_COLUMNS", "FIGURE_FIELDS", "DOCUMENT_FIELDS", "REMOVED_COLUMNS", "CorrectionError",
           "read", "apply", "locate", "removed_docs"]

COLUMNS = ("doc", "indicator", "breakdown", "value", "action", "field", "new_value", "reason", "ref")
LEGACY_COLUMNS = COLUMNS[:-1]  # the form before refs: still read, rewritten with an empty ref when a command writes
FIGURE_FIELDS = ("value", "numerator", "denominator", "indicator", "scope", "as_of", "jurisdiction", "breakdown", "quote")
LEGACY_FIELDS = ("period", "flags", "value_source")  # settable by a hand-written row, not offered by the commands
TARGET_FIELDS = ("value", "indicator", "jurisdiction", "quote")
DOCUMENT_FIELDS = ("jurisdiction", "level", "period")
NUMERIC = ("value", "numerator", "denominator")
ALL = "*"
REMOVED_COLUMNS = ("doc", "files", "sha256", "reason")


class CorrectionError(De06Error):
    """A correction that cannot be applied or recorded: an unknown document, ref, field or value."""


# ---------------------------------------------------------------- the table


def read(path: Path) -> list[dict]:
    """The rows of a corrections file, checked (``de06.manual`` in plain words, then the schema); a file in the
    older 8-column form reads with ``ref`` empty."""
    from de06 import manual, schemas

    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        head = tuple(next(csv.reader(f), ()))
    if not head:
        return []
    if head not in (COLUMNS, LEGACY_COLUMNS):
        raise CorrectionError(f"columns are {list(head)}, expected {list(COLUMNS)}", path=str(path))
    numbered = [(n, {c: r.get(c, "") for c in COLUMNS}) for n, r in manual.read(path, head)]
    # a whole-document row (ref *) names no figure, so it has no value to check
    manual.check_corrections(path, [(n, dict(r, value=r["value"] or "0") if r["ref"] == ALL else r) for n, r in numbered],
                             NUMERIC)
    rows = [r for _, r in numbered]
    schemas.validate(schemas.corrections(), rows, str(path), lines=[n for n, _ in numbered])
    return rows


def to_csv(rows: list[dict]) -> str:
    """The corrections table as CSV text, always in the current form (with ``ref``)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def removed_docs(manual: Path) -> dict[str, dict]:
    """The removed reports recorded in ``manual/removed.csv``, by doc (the last record of a doc wins)."""
    path = manual / "removed.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is not None and tuple(reader.fieldnames) != REMOVED_COLUMNS:
            raise CorrectionError(f"columns are {reader.fieldnames}, expected {list(REMOVED_COLUMNS)}", path=str(path))
        return {r["doc"]: r for r in reader}


def locate(text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``text`` (whitespace runs match any whitespace), nearest ``near``; None if nowhere.

    >>> text = "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến,\\nđạt tỷ lệ 55,17%."
    >>> s, e = locate(text, "trực tuyến, đạt tỷ lệ 55,17%")
    >>> text[s:e]
    'trực tuyến,\\nđạt tỷ lệ 55,17%'
    >>> locate(text, "đạt tỷ lệ 56,17%") is None
    True
    """
    words = quote.split()
    if not words:
        return None
    hits = [m.span() for m in re.finditer(r"\s+".join(map(re.escape, words)), text)]
    if not hits:
        return None
    return min(hits, key=lambda s: abs(s[0] - near)) if near is not None else hits[0]


# ---------------------------------------------------------------- applying it at build time


def _num(s: str):
    if s in ("", None):
        return None
    v = float(s)
    return int(v) if v.is_integer() else v


def _note(row: dict, reason: str) -> None:
    parts = [p for p in (row.get("note") or "").split("; ") if p]
    if reason not in parts:
        parts.append(reason)
    row["note"] = "; ".join(parts)


def _set(row: dict, field: str, new: str, text: str | None, where: str) -> None:
    if field == "quote":
        span = locate(text or "", new, row.get("start"))
        if span is None:
            raise CorrectionError(f"{where}: the quote does not occur in the document: {new[:80]!r}")
        row["quote"], row["start"], row["end"] = text[span[0]:span[1]], span[0], span[1]
        return
    row[field] = _num(new) if field in NUMERIC else new


def apply(tables: dict[str, list[dict]], texts: dict[str, str], path: Path, removed: set[str] | frozenset = frozenset(),
          blank: dict | None = None) -> None:
    """Apply the corrections file to the build's rows in place.

    ``tables`` holds the lists ``observations``, ``candidates``, ``targets`` and ``documents`` (rows as dicts);
    ``texts`` each report's text by doc (to place quotes); ``blank`` the empty observation row an ``add`` starts
    from. A row that matches nothing raises: a correction never silently stops applying — except for a document
    listed in ``removed``, whose rows wait until it is ingested again.
    """
    from de06.dataset import BuildError, SETTABLE, ref_of  # noqa: F401  (ref_of: one hash for every ref)

    obs, cands, tgts, docs = tables["observations"], tables["candidates"], tables["targets"], tables["documents"]
    doc_rows = {d["doc"]: d for d in docs}
    for n, c in enumerate(read(path), start=2):
        where = f"{path}: row {n}"
        doc, ref, action = c["doc"], c["ref"], c["action"]
        if doc not in texts and doc in removed:
            continue
        if ref and doc not in texts:
            raise BuildError(f"row {n}: unknown document {doc!r}", path=str(path))
        if not ref:
            _legacy(obs, c, n, path, doc_rows, blank or {})
            continue
        if ref == ALL:
            _set_document(c, doc_rows[doc], (obs, cands, tgts), where)
            continue
        if action == "add":
            if any(r["doc"] == doc and r["ref"] == ref for r in obs):
                raise BuildError(f"row {n}: a figure with ref {ref} is already in {doc}", path=str(path))
            d = doc_rows[doc]
            row = dict(blank or {})
            row.update(doc=doc, indicator=c["indicator"], value=_num(c["value"]), numerator=None, denominator=None,
                       value_source="stated", scope="cumulative", as_of="", period=d["period"],
                       jurisdiction=d["jurisdiction"], breakdown=c["breakdown"], flags="", confidence=1.0,
                       reasons="added by an analyst", ref=ref, origin="corrected", source_url="", source_date=d["dated"],
                       note="", start=None)
            _set(row, "quote", c["new_value"], texts[doc], where)
            _note(row, c["reason"])
            obs.append(row)
            continue
        found = next(((lst, r) for lst in (obs, cands, tgts) for r in lst if r["doc"] == doc and r["ref"] == ref), None)
        if found is None:
            raise BuildError(f"row {n}: {action} names ref {ref}, which {doc} does not have", path=str(path))
        lst, row = found
        if action == "drop":
            lst.remove(row)
            continue
        if lst is tgts:
            if action == "set" and c["field"] not in TARGET_FIELDS:
                raise BuildError(f"row {n}: a target's {c['field']!r} cannot be set (one of {', '.join(TARGET_FIELDS)})",
                                 path=str(path))
        elif lst is cands:  # accepting or fixing a candidate promotes it
            cands.remove(row)
            obs.append(row)
        if action == "set":
            if lst is not tgts and c["field"] not in FIGURE_FIELDS + LEGACY_FIELDS:
                raise BuildError(f"row {n}: field {c['field']!r} cannot be set (one of {', '.join(FIGURE_FIELDS)})",
                                 path=str(path))
            _set(row, c["field"], c["new_value"], texts[doc], where)
        row["origin"] = "corrected"
        if "note" in row or lst is not tgts:
            _note(row, c["reason"])


def _set_document(c: dict, d: dict, lists: tuple[list, ...], where: str) -> None:
    """Set the document's place, level or period, and that of each of its figures that had the document's own."""
    field, new = c["field"], c["new_value"]
    if field not in DOCUMENT_FIELDS:
        raise CorrectionError(f"{where}: a document's {field!r} cannot be set (one of {', '.join(DOCUMENT_FIELDS)})")
    old = d[field]
    d[field] = new
    if field == "level":
        return
    for lst in lists:
        for r in lst:
            if r["doc"] == d["doc"] and field in r and r[field] == old:
                r[field] = new
                r["origin"] = "corrected"
                if "note" in r:
                    _note(r, c["reason"])


def _legacy(obs: list[dict], c: dict, n: int, path: Path, docs: dict, blank: dict) -> None:
    """A row in the older form: drop, set or add by doc, indicator, breakdown and value."""
    from de06.dataset import SETTABLE, BuildError, ref_of

    value = _num(c["value"])
    if c["action"] == "add":
        d = docs.get(c["doc"])
        if d is None:
            raise BuildError(f"row {n}: add names unknown document {c['doc']!r}", path=str(path))
        row = dict(blank)
        row.update(doc=c["doc"], indicator=c["indicator"], value=value, value_source="stated",
                   scope="cumulative", as_of="", period=d["period"], jurisdiction=d["jurisdiction"],
                   breakdown=c["breakdown"], quote="", flags="", confidence=1.0, reasons="added by an analyst",
                   ref=ref_of(c["doc"], c["indicator"], c["breakdown"], f"{n}:{c['value']}"), origin="corrected",
                   source_url="", source_date=d["dated"], note=c["reason"])
        if c["field"]:
            _legacy_set(row, c["field"], c["new_value"], n, path, SETTABLE, BuildError)
        obs.append(row)
        return
    hits = [r for r in obs if r["doc"] == c["doc"] and r["indicator"] == c["indicator"]
            and (r["breakdown"] or "") == c["breakdown"] and abs(float(r["value"]) - value) < 1e-6]
    if len(hits) != 1:
        raise BuildError(f"row {n}: {c['action']} matches {len(hits)} observations, expected exactly one "
                         f"({c['doc']} {c['indicator']} {c['value']})", path=str(path))
    if c["action"] == "drop":
        obs.remove(hits[0])
    elif c["action"] == "set":
        _legacy_set(hits[0], c["field"], c["new_value"], n, path, SETTABLE, BuildError)
        hits[0]["origin"] = "corrected"
        _note(hits[0], c["reason"])
    else:
        raise BuildError(f"row {n}: {c['action']!r} needs a ref", path=str(path))


def _legacy_set(row, field, new, n, path, settable, error) -> None:
    if field not in settable:
        raise error(f"row {n}: field {field!r} cannot be set (one of {sorted(settable)})", path=str(path))
    row[field] = _num(new) if field in NUMERIC else new


# ---------------------------------------------------------------- writing


def atomic_write(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ---------------------------------------------------------------- the commands (de06 accept | reject | fix | add | remove)


def _nearest(word: str, choices, n: int = 3) -> str:
    """Up to ``n`` of ``choices`` closest to ``word`` (difflib), comma-separated, for an error line."""
    import difflib

    choices = sorted(set(choices))
    near = difflib.get_close_matches(word, choices, n=n, cutoff=0.0) if word else choices[:n]
    return ", ".join(near) or "none"


def _root(root: Path | None) -> Path:
    from de06.dataset import ROOT

    return Path(root) if root is not None else ROOT / "data"


def _document(root: Path, doc: str) -> tuple[dict, str]:
    """The document's row in ``documents.csv`` and its text; an unknown doc raises naming the nearest ids."""
    from de06 import processed
    from de06.readers import read_document

    docs = {d["doc"]: d for d in processed.load("documents", root / "processed")}
    if doc not in docs:
        raise CorrectionError(f"unknown document {doc!r}; nearest: {_nearest(doc, docs)}")
    return docs[doc], read_document(root / "raw" / "reports" / f"{doc}.txt")


def figures(doc: str, root: Path | None = None) -> dict[str, tuple[str, dict]]:
    """The document's figures by ref, each as (kind, row): kind is observation, candidate or target.

    Read from the processed tables, so a figure an analyst already fixed shows its fixed values.
    """
    from de06 import processed

    data = _root(root) / "processed"
    out: dict[str, tuple[str, dict]] = {}
    for kind, name in (("target", "targets"), ("candidate", "candidates"), ("observation", "observations")):
        for r in processed.load(name, data):
            if r["doc"] == doc:
                out[r["ref"]] = (kind, r)
    return out


def _figure(root: Path, doc: str, ref: str) -> tuple[str, dict]:
    figs = figures(doc, root)
    if ref not in figs:
        shown = {f"{k} ({r['indicator']} {r['value']})": k for k, (_, r) in figs.items()}
        near = _nearest(ref, figs)
        label = ", ".join(next(s for s in shown if s.startswith(k + " ")) for k in near.split(", ")) if figs else "none"
        raise CorrectionError(f"{doc}: unknown ref {ref!r}; nearest: {label}")
    return figs[ref]


def _number(field: str, v: str) -> str:
    """A number as the analyst typed it, in either decimal style: ``56.17`` or ``56,17``."""
    from de06.dataset import fmt

    s = v.strip().replace(" ", "")
    if re.fullmatch(r"\d+,\d+", s):
        s = s.replace(",", ".")
    try:
        x = float(s)
    except ValueError:
        raise CorrectionError(f"{field} {v!r} is not a number (e.g. {field}=56.17)") from None
    if not (x == x and abs(x) != float("inf")) or x < 0:
        raise CorrectionError(f"{field} {v!r} is not a number of something (e.g. {field}=56.17)")
    return fmt(float(x))


def _place(v: str) -> str:
    from de06 import places

    ids = places._by_id()  # the place table: one source of ids for the schemas and for this check
    head = v.split("/")[0]
    if head not in ids or v.count("/") > 1:
        raise CorrectionError(f"unknown place id {v!r}; nearest: {_nearest(head, ids)}")
    return v


def check_value(field: str, v: str, text: str = "", *, fields=FIGURE_FIELDS) -> str:
    """The value of ``FIELD=VALUE`` as the corrections file stores it; anything wrong raises naming the nearest choices.

    >>> check_value("value", "56,17")
    '56.17'
    >>> check_value("indicator", "health_book")
    Traceback (most recent call last):
    ...
    de06.corrections.CorrectionError: indicator 'health_book' is not in the catalog; nearest: health_book_vneid_rate, ...
    """
    from de06.indicators import breakdowns, catalog

    if field not in fields:
        raise CorrectionError(f"unknown field {field!r}; nearest: {_nearest(field, fields)} (fields: {', '.join(fields)})")
    v = v.strip() if field != "quote" else v
    if field in NUMERIC:
        return _number(field, v)
    if field == "indicator":
        ids = [k for k, i in catalog().items() if i.emit]
        if v not in ids:
            raise CorrectionError(f"indicator {v!r} is not in the catalog; nearest: {_nearest(v, ids)}")
    elif field == "scope" and v not in ("period", "cumulative"):
        raise CorrectionError(f"scope {v!r} is period or cumulative; nearest: {_nearest(v, ('period', 'cumulative'), 1)}")
    elif field == "as_of" and v and not _is_date(v):
        raise CorrectionError(f"as_of {v!r} is not a date YYYY-MM-DD (e.g. as_of=2025-10-31)")
    elif field == "jurisdiction":
        _place(v)
    elif field == "breakdown" and v:
        known = {f"{b.key}={b.value}" for b in breakdowns()}
        for part in v.split(";"):
            if part not in known:
                raise CorrectionError(f"breakdown {part!r} is not known; nearest: {_nearest(part, known)}")
    elif field == "level" and v not in ("province", "district", "commune", "country"):
        raise CorrectionError(f"level {v!r} is province, district, commune or country; nearest: "
                              f"{_nearest(v, ('province', 'district', 'commune', 'country'), 1)}")
    elif field == "period" and not re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?(?:\.\.\d{4}-(?:0[1-9]|1[0-2]))?", v):
        raise CorrectionError(f"period {v!r} is YYYY-MM, YYYY or YYYY-MM..YYYY-MM (e.g. period=2025-10)")
    elif field == "quote":
        if locate(text, v) is None:
            raise CorrectionError(f"the quote {_short(v)!r} does not occur in the document; nearest: «{_closest(text, v)}»")
    return v


def _is_date(v: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v))


def _short(s: str, limit: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[:limit - 1] + "…"


def _closest(text: str, quote: str) -> str:
    """The sentence-sized piece of ``text`` most like ``quote``, for the error line of a quote not found."""
    import difflib

    pieces = [" ".join(p.split()) for p in re.split(r"(?<=[.;:])\s+|\n", text) if p.strip()]
    best = max(pieces, key=lambda p: difflib.SequenceMatcher(None, quote, p, autojunk=False).ratio(), default="")
    return _short(best, 90)


def parse_assignments(items: list[str], text: str = "", *, fields=FIGURE_FIELDS) -> dict[str, str]:
    """``["value=56.17", "scope=period"]`` → checked ``{"value": "56.17", "scope": "period"}``; ``place=`` is ``jurisdiction=``."""
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise CorrectionError(f"{item!r} is not FIELD=VALUE (fields: {', '.join(fields)})")
        k, v = item.split("=", 1)
        k = {"place": "jurisdiction"}.get(k.strip(), k.strip())
        if k in out:
            raise CorrectionError(f"field {k!r} is given twice")
        out[k] = check_value(k, v, text, fields=fields)
    if not out:
        raise CorrectionError(f"nothing to change: give FIELD=VALUE (fields: {', '.join(fields)})")
    return out


def _reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 3:
        raise CorrectionError("a reason is required: --reason \"why\" (at least 3 characters)")
    return reason


def _row(fig: dict, doc: str, ref: str, action: str, reason: str, field: str = "", new: str = "") -> dict:
    return {"doc": doc, "indicator": fig.get("indicator", ""), "breakdown": fig.get("breakdown", ""),
            "value": fig.get("value", ""), "action": action, "field": field, "new_value": new, "reason": reason, "ref": ref}


def commit(new_rows: list[dict], root: Path | None = None) -> list[Path]:
    """Append rows to the corrections file and rebuild; if the build fails the file is put back and nothing changes.

    Returns the processed tables written. Both writes go through a temporary file and a rename.
    """
    from de06 import schemas, storage
    from de06.dataset import build

    root = _root(root)
    path = root / "manual" / "corrections.csv"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    rows = read(path) + new_rows
    try:
        schemas.validate(schemas.corrections(), rows, str(path))
    except De06Error as exc:
        raise CorrectionError(f"nothing written: {exc}") from None
    with storage.locked(root):  # one writer at a time; build() takes the same (re-entrant) lock
        atomic_write(path, to_csv(rows))
        try:
            return build(root / "raw" / "reports", root / "manual", root / "processed")
        except BaseException as exc:
            if old is None:
                path.unlink()
            else:
                atomic_write(path, old)
            if isinstance(exc, De06Error):
                raise CorrectionError(f"nothing written: {' '.join(str(exc).split())}") from None
            raise


def accept(doc: str, ref: str, reason: str = "", root: Path | None = None) -> list[Path]:
    """Promote a candidate (a figure below the confidence threshold) to an observation."""
    root = _root(root)
    _document(root, doc)
    kind, fig = _figure(root, doc, ref)
    if kind != "candidate":
        raise CorrectionError(f"{doc}: ref {ref} is already an observation; nothing to accept" if kind == "observation"
                              else f"{doc}: ref {ref} is a target; only a candidate can be accepted")
    return commit([_row(fig, doc, ref, "accept", _reason(reason or "accepted in review"))], root)


def reject(doc: str, ref: str, reason: str, root: Path | None = None) -> list[Path]:
    """Take a figure out of the dataset (an observation, candidate or target), with the reason."""
    root = _root(root)
    _document(root, doc)
    _, fig = _figure(root, doc, ref)
    return commit([_row(fig, doc, ref, "drop", _reason(reason))], root)


def fix(doc: str, ref: str, assignments: list[str], reason: str, root: Path | None = None) -> list[Path]:
    """Set fields of one figure: ``fix(doc, ref, ["value=56.17"], "the report says 56,17%")``."""
    root = _root(root)
    _, text = _document(root, doc)
    kind, fig = _figure(root, doc, ref)
    fields = TARGET_FIELDS if kind == "target" else FIGURE_FIELDS
    changes = parse_assignments(assignments, text, fields=fields)
    reason = _reason(reason)
    return commit([_row(fig, doc, ref, "set", reason, k, v) for k, v in changes.items()], root)


def fix_document(doc: str, assignments: list[str], reason: str, root: Path | None = None) -> list[Path]:
    """Set the place (``jurisdiction=`` or ``place=``), ``level=`` or ``period=`` of a whole document."""
    root = _root(root)
    _document(root, doc)
    changes = parse_assignments(assignments, fields=DOCUMENT_FIELDS)
    reason = _reason(reason)
    return commit([_row({}, doc, ALL, "set", reason, k, v) for k, v in changes.items()], root)


def add(doc: str, quote: str, assignments: list[str], reason: str, root: Path | None = None) -> tuple[str, list[Path]]:
    """Add a figure the extractor missed, stated by ``quote`` (which must occur in the document); returns its ref.

    ``indicator=`` and ``value=`` are required; numerator, denominator, scope, as_of, jurisdiction, breakdown optional.
    """
    from de06.extract import ref_of

    root = _root(root)
    _, text = _document(root, doc)
    check_value("quote", quote, text)
    changes = parse_assignments(assignments, text, fields=tuple(f for f in FIGURE_FIELDS if f != "quote"))
    missing = [f for f in ("indicator", "value") if f not in changes]
    if missing:
        raise CorrectionError(f"add needs {' and '.join(f + '=' for f in missing)} (e.g. indicator=online_application_rate value=56.17)")
    reason = _reason(reason)
    quote = " ".join(quote.split())
    ref = ref_of(doc, changes["indicator"], changes.get("breakdown", ""), quote)
    if ref in figures(doc, root):
        raise CorrectionError(f"{doc}: this figure is already there as ref {ref}")
    fig = {"indicator": changes.pop("indicator"), "breakdown": changes.pop("breakdown", ""), "value": changes.pop("value")}
    rows = [_row(fig, doc, ref, "add", reason, "quote", quote)]
    rows += [_row(fig, doc, ref, "set", reason, k, v) for k, v in changes.items()]
    return ref, commit(rows, root)


def remove(doc: str, reason: str, root: Path | None = None) -> list[Path]:
    """Take a report out: its files move to ``data/removed/reports`` and ``data/manual/removed.csv`` records why.

    Ingesting the same file again brings it back under the same doc id (``de06.ingest`` reads the record).
    """
    import hashlib

    from de06 import storage
    from de06.dataset import build

    root = _root(root)
    _document(root, doc)
    reason = _reason(reason)
    raw, dest = root / "raw" / "reports", root / "removed" / "reports"
    files = sorted(p for p in raw.iterdir() if p.is_file() and p.stem == doc and not p.name.startswith("."))
    record_path = root / "manual" / "removed.csv"
    old_record = record_path.read_text(encoding="utf-8") if record_path.exists() else None
    record = old_record or ",".join(REMOVED_COLUMNS) + "\n"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(
        [doc, ";".join(p.name for p in files), ";".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in files), reason])
    dest.mkdir(parents=True, exist_ok=True)
    moved: list[tuple[Path, Path]] = []
    try:
        with storage.locked(root):
            for p in files:
                os.replace(p, dest / p.name)
                moved.append((dest / p.name, p))
            atomic_write(record_path, record + buf.getvalue())
            return build(raw, root / "manual", root / "processed")
    except BaseException as exc:
        for a, b in reversed(moved):
            os.replace(a, b)
        if old_record is None:
            record_path.unlink(missing_ok=True)
        else:
            atomic_write(record_path, old_record)
        if isinstance(exc, De06Error):
            raise CorrectionError(f"nothing removed: {' '.join(str(exc).split())}") from None
        raise


def restored_doc(root: Path, sha256: str) -> str | None:
    """The doc id a removed report had, if a file with these bytes was removed (so re-ingesting restores it)."""
    for r in removed_docs(Path(root) / "manual").values():
        if sha256 in r["sha256"].split(";"):
            return r["doc"]
    return None


# ---------------------------------------------------------------- command line (wired in de06.cli)

COMMANDS = ("accept", "reject", "fix", "add", "remove", "review")


def add_parsers(sub) -> None:
    """The review-loop subcommands of ``de06``."""
    rv = sub.add_parser("review", help="write outputs/review/<doc>.html: every figure in its document, with commands")
    rv.add_argument("target", metavar="PATH|DOC")
    rv.add_argument("--out", type=Path, help="folder to write to (default outputs/review)")
    ac = sub.add_parser("accept", help="promote a candidate figure to an observation")
    ac.add_argument("doc")
    ac.add_argument("ref")
    ac.add_argument("--reason", default="")
    rj = sub.add_parser("reject", help="take a figure out of the dataset, with the reason")
    rj.add_argument("doc")
    rj.add_argument("ref")
    fx = sub.add_parser("fix", help="fix a figure (DOC REF FIELD=VALUE…) or a whole document (DOC --all FIELD=VALUE…)")
    fx.add_argument("doc")
    fx.add_argument("items", nargs="+", metavar="REF|FIELD=VALUE")
    fx.add_argument("--all", action="store_true", help="the document's place, level or period")
    ad = sub.add_parser("add", help="add a figure the extractor missed: DOC --quote TEXT FIELD=VALUE…")
    ad.add_argument("doc")
    ad.add_argument("items", nargs="*", metavar="FIELD=VALUE")
    # "--quote TEXT FIELD=VALUE…": argparse would not give positionals that follow an option to ``items``
    ad.add_argument("--quote", required=True, nargs="+", metavar="TEXT [FIELD=VALUE…]")
    rm = sub.add_parser("remove", help="take a report out of data/raw/reports (recorded in data/manual/removed.csv)")
    rm.add_argument("doc")
    for p in (rj, fx, ad, rm):
        p.add_argument("--reason", required=True)
    for p in (rv, ac, rj, fx, ad, rm):
        p.add_argument("--root", type=Path, help="the data folder (default: the project's data/)")


def run(args) -> int:
    """Run one review-loop command: its result on stdout; anything wrong one line on stderr and exit 2."""
    import sys

    try:
        if args.command == "review":
            from de06 import review

            print(review.write(args.target, args.out, root=args.root))
            return 0
        if args.command == "accept":
            written = accept(args.doc, args.ref, args.reason, args.root)
        elif args.command == "reject":
            written = reject(args.doc, args.ref, args.reason, args.root)
        elif args.command == "fix" and args.all:
            written = fix_document(args.doc, args.items, args.reason, args.root)
        elif args.command == "fix":
            if "=" in args.items[0]:
                raise CorrectionError("fix needs a REF before FIELD=VALUE (or --all for the whole document)")
            written = fix(args.doc, args.items[0], args.items[1:], args.reason, args.root)
        elif args.command == "add":
            ref, written = add(args.doc, args.quote[0], args.items + args.quote[1:], args.reason, args.root)
            print(f"added {args.doc} {ref}")
        else:
            written = remove(args.doc, args.reason, args.root)
    except De06Error as exc:
        print(f"de06: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    for p in written:
        print(p)
    return 0
