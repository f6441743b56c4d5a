"""Add a report an analyst received to the dataset, safely, and show what was read from it.

``de06 ingest FILE…`` reads each file (``de06.readers``: .txt, .docx, .pdf,
.html), stores the original unchanged under ``data/raw/reports/<id>.<suffix>``
and, for anything but .txt, the text read from it beside it as ``<id>.txt``;
then it rebuilds the dataset (``de06.dataset.build``) and prints a review.
The id is a readable slug of place and period plus a short hash of the
original's bytes (``vinh-long-2025_2025-10_3f2a9c0d1b7e``); the slug is made of
``[a-z0-9-]`` only, so nothing a file says becomes a path. All files are read
before anything is written; while storing, the command holds the lock on
``data/`` (``de06.storage.locked``), so two ingests run one after the other.
Files are written to temporary names, fsynced and renamed; if the rebuild fails
(or the command is interrupted), the files just stored are removed again. A
stored report the dataset does not list (an ingest killed before its rebuild)
is noticed by the next ingest, which rebuilds first.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from de06 import readers, storage
from de06.documents import Document, describe
from de06.errors import De06Error

__all__ = ["Prepared", "Ingested", "prepare", "store", "ingest", "review", "doc_id"]

HASH_CHARS = 12


class IngestError(De06Error):
    """Storing a report failed (the dataset rebuild or the file system); nothing was kept."""


@dataclass(frozen=True)
class Prepared:
    """A file read and understood, not yet stored."""

    source: Path
    data: bytes
    suffix: str  # .txt .docx .pdf .html
    text: str
    sha256: str
    document: Document

    @property
    def doc(self) -> str:
        return self.document.doc


@dataclass
class Ingested:
    """What storing one file did: ``added`` (with the review material) or ``duplicate`` of ``doc``."""

    source: Path
    doc: str
    status: str  # added | duplicate
    files: list[Path] = field(default_factory=list)
    extraction: object | None = None
    findings: list = field(default_factory=list)
    same_period: list[tuple[str, str]] = field(default_factory=list)  # (doc, kind) of other documents
    rebuilt: str | None = None  # why the dataset was rebuilt although this file was already stored


def _slug(value: str, limit: int = 48) -> str:
    """``[a-z0-9-]`` only: ``thanh-hoa/vinh-phuc`` → ``thanh-hoa-vinh-phuc``, ``Hà Nội`` → ``ha-noi``.

    >>> _slug("thanh-hoa/vinh-phuc"), _slug("../../etc"), _slug("Hà Nội")
    ('thanh-hoa-vinh-phuc', 'etc', 'ha-noi')
    """
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")[:limit].strip("-")


def doc_id(document: Document, sha256: str) -> str:
    """Stable id of a stored report: place and period slugs when known, then 12 hex digits of its hash.

    >>> from datetime import date
    >>> d = Document("x", "report", "vinh-long-2025", "province", "2025-09..2025-12", None, None, None, "", False, False)
    >>> doc_id(d, "3f2a9c0d1b7e" + "0" * 52)
    'vinh-long-2025_2025-09-to-2025-12_3f2a9c0d1b7e'
    """
    parts = [_slug(document.jurisdiction), _slug(document.period.replace("..", "-to-"))]
    return "_".join([p for p in parts if p] + [sha256[:HASH_CHARS]])


def prepare(path: str | Path) -> Prepared:
    """Read one file and describe it, or raise UnreadableDocument naming it; writes nothing."""
    p = Path(path)
    kind = readers.kind_of(p)
    data = readers.load(p)
    text = readers.text_from_bytes(data, kind, str(p))
    if len(text) > readers.MAX_TEXT_CHARS:
        raise readers.UnreadableDocument(f"refused: its text is {len(text) // (1024 * 1024)} million characters "
                                         f"(over {readers.MAX_TEXT_CHARS // (1024 * 1024)} million)", path=str(p))
    sha = hashlib.sha256(data).hexdigest()
    described = describe(text, "new")
    document = describe(text, doc_id(described, sha))
    return Prepared(p, data, kind, text, sha, document)


def _hashes(raw: Path) -> dict[str, str]:
    """sha256 of every stored original → its doc id, to recognise a file received twice."""
    from de06.dataset import originals

    return {hashlib.sha256(p.read_bytes()).hexdigest(): doc for doc, p in originals(raw).items()}


def _write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` through a fsynced temporary file in the same folder, then rename."""
    if path.exists():
        raise IngestError(f"{path.name} already exists", path=str(path))
    fd, tmp = tempfile.mkstemp(prefix=".ingest-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def store(prepared: list[Prepared], root: Path | None = None) -> list[Ingested]:
    """Store the new files, rebuild the dataset, and say per file what happened; all or nothing, one writer at a time.

    A file whose bytes are already stored is a duplicate and changes nothing, unless the dataset does not
    reflect the stored reports (an earlier ingest was killed): then it is rebuilt.
    """
    from de06 import dataset

    root = Path(root) if root is not None else dataset.ROOT / "data"
    with storage.locked(root):
        return _store(prepared, root)


def _store(prepared: list[Prepared], root: Path) -> list[Ingested]:
    from de06 import dataset
    from de06.audit import audit
    from de06.corrections import restored_doc
    from de06.extract import extract_file

    raw, manual, out = root / "raw" / "reports", root / "manual", root / "processed"
    if raw.exists():
        storage.clean_leftovers(raw, (".ingest-*.part",))
    known = _hashes(raw)
    results, new = [], []
    for item in prepared:
        again = restored_doc(root, item.sha256)  # a removed report comes back under its old id (issue 12)
        if again:
            item = replace(item, document=replace(item.document, doc=again))
        if item.sha256 in known:
            results.append(Ingested(item.source, known[item.sha256], "duplicate"))
            continue
        known[item.sha256] = item.doc
        new.append(item)
        results.append(Ingested(item.source, item.doc, "added"))
    if not new:
        why = dataset.stale(raw, out) if raw.exists() else None
        if why is not None:
            try:
                dataset.build(raw, manual, out)
            except De06Error as exc:
                raise IngestError(f"the dataset needed a rebuild ({why}) that failed: {exc}") from exc
            for r in results:
                r.rebuilt = why
        return results
    written: list[Path] = []
    created = [d for d in (raw.parent, raw) if not d.exists()]
    try:
        raw.mkdir(parents=True, exist_ok=True)
        for item in new:
            original = raw / f"{item.doc}{item.suffix}"
            _write_new(original, item.data)
            written.append(original)
            if item.suffix != ".txt":
                extracted = raw / f"{item.doc}.txt"
                _write_new(extracted, item.text.encode("utf-8"))
                written.append(extracted)
        storage.fsync_dir(raw)
        dataset.build(raw, manual, out)
    except BaseException as exc:
        for p in reversed(written):
            p.unlink(missing_ok=True)
        for d in reversed(created):
            try:
                d.rmdir()
            except OSError:
                break
        if isinstance(exc, De06Error):
            raise IngestError(f"nothing ingested: {exc}") from exc
        if isinstance(exc, OSError):
            raise IngestError(f"nothing ingested: {storage.disk_error(exc, raw)}") from exc
        raise
    documents = _documents(out / "documents.csv")
    by_doc = {r.doc: r for r in results if r.status == "added"}
    for item in new:
        r = by_doc[item.doc]
        r.files = [raw / f"{item.doc}{item.suffix}"] + ([raw / f"{item.doc}.txt"] if item.suffix != ".txt" else [])
        r.extraction = extract_file(raw / f"{item.doc}.txt")
        r.findings = audit(r.extraction)
        d = r.extraction.document
        if d.period:
            r.same_period = [(x["doc"], x["kind"]) for x in documents
                             if x["doc"] != item.doc and x["jurisdiction"] == d.jurisdiction and x["period"] == d.period]
    return results


def _documents(path: Path) -> list[dict]:
    """The rows of the rebuilt ``documents.csv``: which other documents share a place and period."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: storage.uncell(v) for k, v in r.items()} for r in csv.DictReader(f)]


def ingest(paths: list[str | Path], root: Path | None = None) -> list[Ingested]:
    """Read every file first (the first bad one raises, nothing written), then store them all."""
    return store([prepare(p) for p in paths], root)


# ---------------------------------------------------------------- the review

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _safe(s: str, limit: int = 0) -> str:
    """Report text for a terminal: control and bidi characters shown as ``?``, whitespace runs as one space.

    >>> _safe("Đạt\\x1b[2J 55,17%\\n")
    'Đạt?[2J 55,17%'
    """
    s = " ".join(_UNSAFE.sub("?", str(s)).split())
    return s if not limit or len(s) <= limit else "…" + s[len(s) - limit + 1:]  # the figure ends the quote


_REVIEW = {  # key: (vi, en) — the review's own words; figures, dates and periods come from de06.formats
    "stored": ("đã lưu", "stored"),
    "document": ("văn bản", "document"),
    "place": ("địa bàn", "place"),
    "period": ("kỳ", "period"),
    "dated": ("ngày", "dated"),
    "reference": ("số", "no."),
    "observations": ("số liệu: {n} ({k} chỉ tiêu)", "observations: {n} ({k} indicators)"),
    "targets": ("mục tiêu: {n}", "targets: {n}"),
    "findings": ("kiểm tra số học: {n}", "audit findings: {n}"),
    "as_of": ("tính đến {date}", "as of {date}"),
    "by": ("đến {date}", "by {date}"),
    "duplicate": ("đã lưu trước đây là {doc}; không làm gì thêm", "already stored as {doc}; nothing to do"),
    "same_period": ("cảnh báo: nay có {n} báo cáo cho {place} {period}: {doc} và {others}",
                    "warning: {n} reports now cover {place} {period}: {doc} and {others}"),
    "check": ("Hãy đối chiếu với văn bản; sửa một số liệu bằng `de06 fix {doc} REF TRƯỜNG=GIÁ_TRỊ --reason …` "
              "(hoặc accept, reject, add, remove; các dòng ghi vào data/manual/corrections.csv).",
              "Check these against the document; fix a figure with `de06 fix {doc} REF FIELD=VALUE --reason …` "
              "(or accept, reject, add, remove; rows go to data/manual/corrections.csv)."),
    "province": ("tỉnh", "province"), "commune": ("xã", "commune"), "country": ("cả nước", "country"),
    "district": ("huyện", "district"),
}


def _w(key: str, lang: str, **fields) -> str:
    text = _REVIEW[key][0 if lang == "vi" else 1]
    return text.format(**fields) if fields else text


def _num(v, lang: str = "vi") -> str:
    """A number the way the analyst writes it: ``64.434.342.768`` (vi), ``64,434,342,768`` (en)."""
    if v is None or v == "":
        return ""
    from de06 import formats

    return formats.number(float(v), lang)


def review(result: Ingested, shown: Path | None = None, lang: str = "vi") -> str:
    """What the analyst checks against the document, in ``lang`` (vi or en): place and period by name, the figures
    per indicator (by name, with the id a correction row takes) formatted as the language writes them, with their
    quotes; the targets; the audit's findings."""
    from de06 import formats
    from de06.indicators import catalog
    from de06.sections import breakdown_label, place_name

    if lang not in formats.LANGS:
        raise De06Error(f"lang {lang!r} is not one of {', '.join(formats.LANGS)}")
    where = lambda p: str(p.relative_to(shown)) if shown and p.is_relative_to(shown) else str(p)  # noqa: E731
    if result.status == "duplicate":
        if result.rebuilt:
            return (f"{_safe(str(result.source))}: already stored as {result.doc}; the dataset was rebuilt because "
                    f"{_safe(result.rebuilt)}\n")
        return f"{_safe(str(result.source))}: {_w('duplicate', lang, doc=result.doc)}\n"
    cat = catalog()
    name = lambda ind: (cat[ind].name_vi if lang == "vi" else cat[ind].name_en) if ind in cat else ind  # noqa: E731
    unit = lambda ind: cat[ind].unit if ind in cat else "count"  # noqa: E731
    date = lambda d: "?" if not d else formats.date(d, lang) if len(str(d)) == 10 else formats.period(str(d), lang)  # noqa: E731
    period = lambda p: formats.period(p, lang) if p else "?"  # noqa: E731
    ex = result.extraction
    d = ex.document
    kind = formats.t(d.kind, lang) if d.kind in ("report", "plan", "news") else d.kind
    level = _w(d.level, lang) if d.level in _REVIEW else d.level
    lines = [f"{_safe(str(result.source))} → {result.doc}",
             f"  {_w('stored', lang)}: " + ", ".join(where(p) for p in result.files),
             f"  {_w('document', lang)}: {kind} · {_w('place', lang)} {place_name(d.jurisdiction, lang)} "
             f"({level}; {d.jurisdiction}) · {_w('period', lang)} {period(d.period)}"
             + (f" · {_w('dated', lang)} {date(d.dated)}" if d.dated else "")
             + (f" · {_w('reference', lang)} {d.reference}" if d.reference else "")]
    by_indicator: dict[str, list] = {}
    for o in ex.observations:
        by_indicator.setdefault(o.indicator, []).append(o)
    lines.append("  " + _w("observations", lang, n=len(ex.observations), k=len(by_indicator)))
    scopes = {"period": formats.t("in_period", lang), "cumulative": formats.t("cumulative", lang)}
    for ind in sorted(by_indicator, key=name):
        lines.append(f"    {name(ind)} [{ind}]")
        for o in by_indicator[ind]:
            extra = [x for x in (breakdown_label(o.breakdown, lang) if o.breakdown else "",
                                 scopes.get(o.scope, o.scope), o.as_of and _w("as_of", lang, date=date(o.as_of)),
                                 place_name(o.jurisdiction, lang) if o.jurisdiction != d.jurisdiction else "", o.flags) if x]
            frac = (f" ({_num(o.numerator, lang)}/{_num(o.denominator, lang)})"
                    if o.numerator is not None and o.denominator else "")
            lines.append(f"      {formats.value(o.value, unit(ind), lang)}{frac} [{', '.join(extra)}]  «{_safe(o.quote, 90)}»")
    lines.append("  " + _w("targets", lang, n=len(ex.targets)))
    for t in ex.targets:
        comparator = {">=": "≥", "<=": "≤"}.get(t.comparator, t.comparator)
        lines.append(f"    {name(t.indicator)} [{t.indicator}] {comparator} {formats.value(t.value, unit(t.indicator), lang)} "
                     f"{_w('by', lang, date=date(t.deadline))}  «{_safe(t.quote, 90)}»")
    lines.append("  " + _w("findings", lang, n=len(result.findings)))
    for f in result.findings:
        check = formats.t(f.check, lang) if f.check in formats.WORDS else f.check
        severity = formats.t(f.severity, lang) if f.severity in formats.WORDS else f.severity
        lines.append(f"    {severity} · {check}: {_safe(formats.audit_message(f.message, lang), 160)}")
    if result.same_period:
        others = ", ".join(f"{doc} ({formats.t(kind, lang) if kind in ('report', 'plan', 'news') else kind})"
                           for doc, kind in result.same_period)
        lines.append("  " + _w("same_period", lang, n=len(result.same_period) + 1, place=place_name(d.jurisdiction, lang),
                               period=period(d.period), doc=result.doc, others=others))
    lines.append("  " + _w("check", lang, doc=result.doc))
    return "\n".join(lines) + "\n"
