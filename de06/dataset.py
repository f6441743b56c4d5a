"""Build the tidy dataset: reports + manual rows + corrections → validated, deterministic CSVs.

Sources in: ``data/raw/reports/`` (as received), ``data/manual/observations.csv``
(figures from public material, each with its source) and
``data/manual/corrections.csv`` (what the extractor got wrong, with a reason).
Dataset out: ``data/processed/{observations,targets,audit,documents}.csv``.
Every row says where it came from (``origin``: extracted | manual | corrected).
A report received as .docx, .pdf or .html is stored beside the text read from it
(``<id>.docx`` + ``<id>.txt``, see ``de06.ingest``): the dataset reads the
``.txt``, and ``documents.csv`` records the sha256 of the original file.
All tables are validated before anything is written. The build holds the
lock on ``data/`` (``de06.storage``), writes the tables into a temporary folder,
fsyncs them, renames them into place and writes ``manifest.json`` (each file's
sha256) last: a reader that finds files not matching it knows a build was cut
short, and :func:`stale` tells a later ingest, ``make data`` or briefing to
rebuild. Text cells that a spreadsheet would run (``=…``) get a leading ``'``
(``de06.storage.cell``), which the loader removes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from de06 import corrections, schemas, storage
from de06 import manual as manualmod
from de06.audit import FINDING_FIELDS, Finding, audit, consistent
from de06.audit import _fmt as _vi
from de06.errors import De06Error
from de06.extract import OBSERVATION_FIELDS, TARGET_FIELDS, Observation, extract_file, ref_of
from de06.indicators import catalog

__all__ = ["build", "stale", "ensure_current", "OBS_COLUMNS", "TARGET_COLUMNS", "DOC_COLUMNS", "ROOT"]

ROOT = Path(__file__).resolve().parent.parent
OBS_COLUMNS = OBSERVATION_FIELDS + ("origin", "source_url", "source_date", "note", "note_vi")
TARGET_COLUMNS = TARGET_FIELDS + ("origin",)
DOC_COLUMNS = ("doc", "kind", "jurisdiction", "level", "period", "dated", "reference", "sha256")
MANUAL_COLUMNS = ("jurisdiction", "indicator", "value", "numerator", "denominator", "scope", "as_of", "breakdown",
                  "source_url", "source_doc", "source_date", "quote", "note", "note_vi")
CORRECTION_COLUMNS = corrections.COLUMNS
SETTABLE = {"value", "numerator", "denominator", "scope", "as_of", "jurisdiction", "breakdown", "indicator",
            "period", "flags", "value_source"}
NUMERIC = ("value", "numerator", "denominator")
NAMES = ("observations.csv", "candidates.csv", "targets.csv", "audit.csv", "documents.csv")
LEFTOVERS = (".build-*", ".*.csv.*", ".*.tmp")  # what an interrupted build leaves in data/processed
REPORT_SUFFIXES = {".txt"}
ORIGINAL_SUFFIXES = (".docx", ".pdf", ".html")  # stored beside the .txt read from them


class BuildError(De06Error):
    """A build input is wrong (a correction that matches nothing, a malformed manual file)."""


def fmt(v) -> str:
    """Fixed formatting for a CSV cell: integers without a decimal point, floats to at most 6 places.

    >>> fmt(64434342768.0), fmt(55.17), fmt(None), fmt(1/3)
    ('64434342768', '55.17', '', '0.333333')
    """
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def _num(s: str):
    if s in ("", None):
        return None
    v = float(s)
    return int(v) if v.is_integer() else v


def _manual_rows(path: Path) -> list[dict]:
    numbered = manualmod.read(path, MANUAL_COLUMNS)
    manualmod.check_observations(path, numbered)
    rows = [r for _, r in numbered]
    schemas.validate(schemas.manual_observations(), rows, str(path), lines=[n for n, _ in numbered])
    cat = catalog()
    out = []
    for r in rows:
        num, den, val = _num(r["numerator"]), _num(r["denominator"]), _num(r["value"])
        flags = []
        if cat[r["indicator"]].is_rate and num is not None and den and not consistent(val, num, den, fmt(val).replace(".", ",")):
            flags.append("rate_mismatch")
        out.append({
            "doc": r["source_doc"] or "manual", "indicator": r["indicator"], "value": val, "numerator": num,
            "denominator": den, "value_source": "stated", "scope": r["scope"], "as_of": r["as_of"],
            "period": r["as_of"][:7] if r["as_of"] else r["source_date"][:7], "jurisdiction": r["jurisdiction"],
            "breakdown": r["breakdown"], "quote": r["quote"], "start": None, "end": None, "flags": ";".join(flags),
            "confidence": 1.0, "reasons": "manual", "ref": ref_of(r["source_doc"] or "manual", r["indicator"], r["breakdown"],
                                                                   r["quote"] or r["source_url"] + r["as_of"]),
            "origin": "manual", "source_url": r["source_url"], "source_date": r["source_date"], "note": r["note"],
            "note_vi": r["note_vi"],
        })
    return out


def _obs_row(o: Observation, dated: str) -> dict:
    row = o.to_dict()
    row.update(origin="extracted", source_url="", source_date=dated, note="", note_vi="")
    return row


def _sort_key(r: dict):
    start = r["start"] if r["start"] is not None else -1
    return (r["doc"], start, r["indicator"], r["jurisdiction"], r["breakdown"] or "", r["as_of"] or "",
            float(r["value"]))


def _csv(rows: list[dict], columns: tuple[str, ...], safe: bool = False) -> str:
    """CSV text; ``safe`` puts a ``'`` before cells a spreadsheet would run (``de06.storage.cell``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([storage.cell(fmt(r.get(c))) if safe else fmt(r.get(c)) for c in columns])
    return buf.getvalue()


def originals(raw: Path) -> dict[str, Path]:
    """Each stored report's original file by doc id: ``<id>.docx``/``.pdf``/``.html`` if there is one, else ``<id>.txt``."""
    out: dict[str, Path] = {}
    if not raw.exists():
        return out
    for p in sorted(raw.iterdir()):
        if p.name.startswith(".") or not p.is_file():
            continue
        if p.suffix in REPORT_SUFFIXES:
            out.setdefault(p.stem, p)
        elif p.suffix in ORIGINAL_SUFFIXES:
            out[p.stem] = p
    return out


def _bar(items: list, progress: bool, what: str) -> list:
    """``items``, behind a tqdm bar on stderr when ``progress`` (the CLI asks for one on a terminal only)."""
    if not progress or not items:
        return items
    from tqdm import tqdm

    return tqdm(items, unit=what, ncols=72, leave=False)


def tables(raw: Path, manual: Path, progress: bool = False) -> dict[str, str]:
    """Build the tables in memory as CSV text, validated; raise on any problem.

    The hand-entered files are checked first, so a typo in them is reported before any report is read.
    """
    manual_rows = _manual_rows(manual / "observations.csv")
    corrections.read(manual / "corrections.csv")  # checked before any report is read
    reports = sorted(p for p in raw.iterdir() if p.suffix in REPORT_SUFFIXES and not p.name.startswith(".")) \
        if raw.exists() else []
    source = originals(raw)
    obs, tgts, findings, docs_rows, docs, cands, doc_texts = [], [], [], [], {}, [], {}
    for p in _bar(reports, progress, "report"):
        ex = extract_file(p)
        d = ex.document
        docs[d.doc], doc_texts[d.doc] = d, ex.text
        dated = d.dated.isoformat() if d.dated else ""
        obs += [_obs_row(o, dated) for o in ex.observations]
        cands += [_obs_row(o, dated) for o in ex.candidates]
        tgts += [dict(t.to_dict(), origin="extracted") for t in ex.targets]
        findings += [f.to_dict() for f in audit(ex)]
        docs_rows.append({"doc": d.doc, "kind": d.kind, "jurisdiction": d.jurisdiction, "level": d.level,
                          "period": d.period, "dated": dated, "reference": d.reference,
                          "sha256": hashlib.sha256(source[p.stem].read_bytes()).hexdigest()})
    for n, r in enumerate(manual_rows, start=2):
        if "rate_mismatch" in r["flags"]:
            f = Finding(r["doc"], "rate_vs_fraction", "error",
                        f"manual row {n}: states {_vi(r['value'])}% for {_vi(r['numerator'])} of {_vi(r['denominator'])}, "
                        f"which is {_vi(100 * r['numerator'] / r['denominator'])}%", r["source_url"], None)
            findings.append(f.to_dict())
    # the analyst's corrections (issue 12): by ref or by doc/indicator/value, see de06.corrections
    edited = {"observations": obs + manual_rows, "candidates": cands, "targets": tgts, "documents": docs_rows}
    corrections.apply(edited, doc_texts, manual / "corrections.csv", set(corrections.removed_docs(manual)),
                      {k: None for k in OBS_COLUMNS})
    obs, cands = edited["observations"], edited["candidates"]
    obs.sort(key=_sort_key)
    tgts.sort(key=lambda r: (r["doc"], r["start"], r["indicator"]))
    findings.sort(key=lambda r: (r["doc"], r["start"] if r["start"] is not None else -1, r["check"], r["message"]))
    out = {
        "observations.csv": (obs, OBS_COLUMNS, schemas.observations()),
        "candidates.csv": (sorted(cands, key=_sort_key), OBS_COLUMNS, schemas.observations()),
        "targets.csv": (tgts, TARGET_COLUMNS, schemas.targets()),
        "audit.csv": (findings, FINDING_FIELDS, schemas.audit()),
        "documents.csv": (docs_rows, DOC_COLUMNS, schemas.documents()),
    }
    texts = {}
    for name, (rows, cols, schema) in out.items():
        parsed = list(csv.DictReader(io.StringIO(_csv(rows, cols))))
        schemas.validate(schema, parsed, f"processed/{name}")
        texts[name] = _csv(rows, cols, safe=True)
    return texts


def _raw_state(raw: Path) -> list[tuple[str, int, int]]:
    """What the build read from the raw folder: each file's name, size and modification time."""
    if not raw.exists():
        return []
    out = []
    for p in sorted(raw.iterdir()):
        if not p.name.startswith("."):
            st = p.stat()
            out.append((p.name, st.st_size, st.st_mtime_ns))
    return out


def _paths(raw, manual, out) -> tuple[Path, Path, Path]:
    return (Path(raw) if raw else ROOT / "data" / "raw" / "reports", Path(manual) if manual else ROOT / "data" / "manual",
            Path(out) if out else ROOT / "data" / "processed")


def build(raw: Path | None = None, manual: Path | None = None, out: Path | None = None,
          progress: bool = False) -> list[Path]:
    """Build and write the processed tables as one unit, holding the lock on ``out``'s parent (``data/``).

    All are validated before any is replaced; if the raw folder changes while the tables are computed
    the build starts again once, then gives up without writing.
    """
    raw, manual, out = _paths(raw, manual, out)
    with storage.locked(out.parent):
        for _ in range(2):
            before = _raw_state(raw)
            texts = tables(raw, manual, progress)
            if _raw_state(raw) == before:
                break
        else:
            raise BuildError("the folder changed while the dataset was being built; run the build again",
                             path=str(raw))
        _replace(out, {name: text.encode("utf-8") for name, text in texts.items()})
    return [out / name for name in texts]


def _replace(out: Path, files: dict[str, bytes]) -> None:
    """Stage the files in a temporary folder inside ``out``, fsync, rename each into place, then the manifest."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage.disk_error(exc, out) from None
    storage.clean_leftovers(out, LEFTOVERS)
    try:
        stage = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except OSError as exc:
        raise storage.disk_error(exc, out) from None
    replaced = 0
    try:
        for name, data in files.items():
            with open(stage / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(stage / name, 0o644)
        storage.fsync_dir(stage)
        for name in files:
            os.replace(stage / name, out / name)
            replaced += 1
        storage.write_manifest(out, files)
    except OSError as exc:
        err = storage.disk_error(exc, out)
        if replaced:
            err.message += (f" ({replaced} of {len(files)} files were replaced; they do not match manifest.json, "
                            "so the next `make data`, ingest or briefing rebuilds the dataset)")
        raise err from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        storage.fsync_dir(out)


def stale(raw: Path | None = None, out: Path | None = None) -> str | None:
    """Why ``out`` does not reflect ``raw`` (see :func:`de06.storage.stale`), else None."""
    raw, _, out = _paths(raw, None, out)
    return storage.stale(raw, out)


def ensure_current(raw: Path | None = None, manual: Path | None = None, out: Path | None = None) -> str | None:
    """Rebuild when :func:`stale` says so (under the lock, checking again once it is held); returns the reason."""
    raw, manual, out = _paths(raw, manual, out)
    if stale(raw, out) is None:
        return None
    with storage.locked(out.parent):
        why = stale(raw, out)
        if why is not None:
            build(raw, manual, out)
        return why
