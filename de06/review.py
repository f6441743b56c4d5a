"""The review page of one report: every number in its text marked by what de06 made of it, and a figure table
with the exact command that accepts, rejects or fixes each figure (``de06 review PATH|DOC``).

Like a briefing it is one self-contained HTML file (inline CSS, no script, no external asset), every piece of
report text escaped, and readable on a 390 px phone: the table turns into one block per figure there.
The page is a function of the report's text, the processed tables and the corrections file: the same inputs
give the same bytes.
"""

from __future__ import annotations

import html
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from de06.errors import De06Error

__all__ = ["Figure", "figures_of", "marks", "page", "write"]

KINDS = ("observation", "candidate", "target", "ignored")


def _e(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass
class Figure:
    """One row of the figure table: what extraction found (or an analyst added), its current values and status."""

    kind: str  # observation | candidate | target | rejected
    row: dict  # current values (the processed row when there is one, else the extraction's)
    status: str  # "" or what the corrections file did to it
    found: dict | None = None  # the row as extraction made it (its numerals are the ones in the text)


def _fmt(v) -> str:
    from de06.dataset import fmt

    if v in (None, ""):
        return ""
    try:
        return fmt(float(v))
    except (TypeError, ValueError):
        return str(v)


def _resolve(target: str, root: Path) -> tuple[str, Path]:
    """``PATH|DOC`` → (doc id, path of its text). A path outside ``data/raw/reports`` is read as it is."""
    p = Path(target)
    if p.is_file():
        return p.stem, p
    stored = root / "raw" / "reports" / f"{target}.txt"
    if stored.is_file():
        return target, stored
    from de06.corrections import _nearest

    known = [q.stem for q in (root / "raw" / "reports").glob("*.txt")] if (root / "raw" / "reports").exists() else []
    raise De06Error(f"neither a file nor a stored document: {target!r}; nearest: {_nearest(target, known)}")


def _status(c: dict) -> str:
    if c["action"] == "drop":
        return f"rejected: {c['reason']}"
    if c["action"] == "accept":
        return f"accepted: {c['reason']}"
    if c["action"] == "add":
        return f"added: {c['reason']}"
    return f"fixed {c['field']}={_short(c['new_value'])}: {c['reason']}"


def _short(s: str, n: int = 40) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[:n - 1] + "…"


def figures_of(doc: str, extraction, root: Path) -> list[Figure]:
    """The document's figures: extraction's observations, candidates and targets, with the processed values and
    the corrections that concern each (a rejected one stays listed, as rejected); then the figures analysts added."""
    from de06 import corrections, processed

    data = root / "processed"
    current: dict[str, tuple[str, dict]] = {}
    if (data / "observations.csv").exists():
        for kind, name in (("target", "targets"), ("candidate", "candidates"), ("observation", "observations")):
            for r in processed.load(name, data):
                if r["doc"] == doc:
                    current[r["ref"]] = (kind, r)
    status: dict[str, list[str]] = {}
    for c in corrections.read(root / "manual" / "corrections.csv"):
        if c["doc"] == doc and c["ref"] and c["ref"] != corrections.ALL:
            status.setdefault(c["ref"], []).append(_status(c))
    out, seen = [], set()
    found = [("observation", o.to_dict()) for o in extraction.observations]
    found += [("candidate", o.to_dict()) for o in extraction.candidates]
    found += [("target", t.to_dict()) for t in extraction.targets]
    found.sort(key=lambda kr: (kr[1]["start"], kr[1]["ref"]))
    for kind, row in found:
        seen.add(row["ref"])
        extracted = row
        if row["ref"] in current:
            kind, row = current[row["ref"]]
        elif current:
            kind = "rejected" if any(s.startswith("rejected") for s in status.get(row["ref"], [])) else kind
        out.append(Figure(kind, row, "; ".join(status.get(row["ref"], [])), extracted))
    for ref, (kind, row) in sorted(current.items(), key=lambda kv: (str(kv[1][1]["start"]), kv[0])):
        if ref not in seen:
            out.append(Figure(kind, row, "; ".join(status.get(ref, []))))
    return out


def marks(text: str, figs: list[Figure]) -> list[tuple[int, int, str, str, str]]:
    """Every numeral in ``text`` as (start, end, kind, label, ref): the figure it belongs to, or why it was ignored.

    >>> from de06.extract import extract_text
    >>> text = "Báo cáo số 12/BC-UBND ngày 16/10/2025 nêu: tỷ lệ trực tuyến chung của tỉnh là 55,17%."
    >>> [(text[s:e], k) for s, e, k, _, _ in marks(text, [])][:3]
    [('12', 'ignored'), ('16', 'ignored'), ('10', 'ignored')]
    """
    from de06.figures import masked_spans
    from de06.numbers import find_dates
    from de06.processed import NUMERAL, quote_states

    dates = [(s, e) for s, e, _ in find_dates(text, year=2000)]
    masked = masked_spans(text)
    order = {"observation": 0, "target": 1, "candidate": 2, "rejected": 3}
    spans = []
    for f in sorted(figs, key=lambda f: order.get(f.kind, 9)):
        s, e = f.row.get("start"), f.row.get("end")
        if s in (None, "") or e in (None, ""):
            continue
        spans.append((int(s), int(e), f))
    out = []
    for m in NUMERAL.finditer(text):
        s, e = m.span()
        token = m.group()
        hit = next((f for a, b, f in spans if a <= s and e <= b and quote_states(token, *(
            r.get(k) for r in (f.row, f.found or {}) for k in ("value", "numerator", "denominator")))), None)
        if hit is not None and hit.kind != "rejected":
            name = hit.row["indicator"]
            out.append((s, e, hit.kind, name, hit.row["ref"]))
            continue
        if hit is not None:
            why = "rejected by an analyst"
        elif any(a <= s and e <= b for a, b in dates):
            why = "date"
        elif any(a <= s and e <= b for a, b in masked):
            why = "document number, level or list number"
        elif s > 0 and text[s - 1] in "/" or text[e:e + 1] == "/" and not text[e + 1:e + 2].isdigit():
            why = "document number"
        elif any(a <= s and e <= b for a, b, _ in spans):
            why = "part of a figure's sentence, not its value"
        else:
            why = "not a catalogued figure"
        out.append((s, e, "ignored", why, ""))
    return out


_CSS = """
:root{--obs:#d9f2d9;--cand:#fff0b3;--tgt:#dbe8ff;--ign:#eee;--ink:#1b1b1b;--muted:#5b5b5b}
*{box-sizing:border-box}
body{margin:0;padding:12px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink)}
h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:16px}
@media (min-width:1500px){main{grid-template-columns:minmax(0,1.3fr) minmax(0,1fr)}}
.scroll{overflow-x:auto}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92em;border:1px solid #ddd;padding:8px;max-height:none}
mark{padding:0 2px;border-radius:3px;color:inherit}
mark.observation{background:var(--obs);outline:1px solid #6a6}
mark.candidate{background:var(--cand);outline:1px dashed #b90}
mark.target{background:var(--tgt);outline:1px solid #68c}
span.ignored{background:var(--ign);color:var(--muted)}
mark a{color:inherit;text-decoration:none}
sub.tag{font-size:.7em;color:var(--muted)}
.legend span,.legend mark{margin-right:.6em;display:inline-block}
table{border-collapse:collapse;width:100%;font-size:.85em}
th,td{border-bottom:1px solid #ddd;padding:4px;text-align:left;vertical-align:top;overflow-wrap:break-word}
code{overflow-wrap:anywhere;white-space:pre-wrap;font-size:.95em;background:#f5f5f5}
td.cmd{min-width:26em}td.cmd code{display:block;margin-bottom:2px}td.ref code{white-space:nowrap}
tr.rejected td{color:var(--muted);text-decoration:line-through}
tr.rejected td.status,tr.rejected td.cmd{text-decoration:none}
@media (max-width:700px){table,thead,tbody,tr,td{display:block;width:100%}thead{display:none}
tr{border:1px solid #ccc;margin-bottom:8px;padding:4px}td{border:0;padding:2px 4px;overflow-wrap:anywhere}
td::before{content:attr(data-label) ": ";font-weight:600}td.cmd{min-width:0}}
"""

_COLS = ("ref", "kind", "indicator", "value", "fraction", "scope", "as_of", "jurisdiction", "breakdown", "confidence",
         "reasons", "status", "command")


def _commands(doc: str, f: Figure) -> list[str]:
    q = shlex.quote
    ref, row = f.row["ref"], f.row
    fix = f"de06 fix {q(doc)} {ref} value={_fmt(row.get('value'))} --reason {q('…')}"
    reject = f"de06 reject {q(doc)} {ref} --reason {q('…')}"
    if f.kind == "rejected":
        return []
    if f.kind == "candidate":
        return [f"de06 accept {q(doc)} {ref}", reject, fix]
    return [reject, fix]


def _table(doc: str, figs: list[Figure]) -> str:
    from de06.indicators import catalog

    cat = catalog()
    head = "".join(f"<th>{c}</th>" for c in _COLS)
    rows = []
    for f in figs:
        r = f.row
        name = cat[r["indicator"]].name_vi if r["indicator"] in cat else r["indicator"]
        num, den = _fmt(r.get("numerator")), _fmt(r.get("denominator"))
        cells = {
            "ref": f'<a id="f-{_e(r["ref"])}"></a><code>{_e(r["ref"])}</code>', "kind": _e(f.kind),
            "indicator": f"{_e(r['indicator'])}<br><small>{_e(name)}</small>",
            "value": _e(_fmt(r.get("value"))) + (f" {_e(r.get('comparator'))}" if r.get("comparator") else ""),
            "fraction": _e(f"{num}/{den}" if num or den else ""),
            "scope": _e(r.get("scope") or ""), "as_of": _e(r.get("as_of") or r.get("deadline") or ""),
            "jurisdiction": _e(r.get("jurisdiction")), "breakdown": _e(r.get("breakdown") or ""),
            "confidence": _e(_fmt(r.get("confidence")) if r.get("confidence") not in (None, "") else ""),
            "reasons": _e(r.get("reasons") or ""), "status": _e(f.status or ("" if f.kind != "rejected" else "rejected")),
            "command": "<br>".join(f"<code>{_e(c)}</code>" for c in _commands(doc, f)),
        }
        tds = "".join(f'<td data-label="{c}" class="{ "cmd" if c == "command" else c}">{cells[c]}</td>' for c in _COLS)
        rows.append(f'<tr class="{_e(f.kind)}">{tds}</tr>')
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _marked_text(text: str, ms: list[tuple[int, int, str, str, str]]) -> str:
    parts, at = [], 0
    for s, e, kind, label, ref in ms:
        parts.append(_e(text[at:s]))
        token = _e(text[s:e])
        if kind == "ignored":
            parts.append(f'<span class="ignored" title="ignored: {_e(label)}">{token}</span>')
        else:
            parts.append(f'<mark class="{kind}" title="{kind}: {_e(label)} ({_e(ref)})"><a href="#f-{_e(ref)}">{token}'
                         f'</a></mark><sub class="tag">{_e(label)}</sub>')
        at = e
    parts.append(_e(text[at:]))
    return "".join(parts)


def page(target: str, root: Path | None = None, extraction=None) -> tuple[str, str]:
    """(doc id, the review page's HTML) for a report file or a stored document id.

    ``extraction`` is the document's extraction when the caller has it (``de06 ingest``): its text is not
    decoded and read a second time.
    """
    from de06.corrections import _root
    from de06.extract import extract_text
    from de06.readers import read_document

    root = _root(root)
    doc, path = _resolve(target, root)
    if extraction is not None and extraction.document.doc == doc and extraction.text:
        ex, text = extraction, extraction.text
    else:
        text = read_document(path)
        ex = extract_text(text, doc)
    figs = figures_of(doc, ex, root)
    ms = marks(ex.text or text, figs)
    d = ex.document
    counts = {k: sum(1 for m in ms if m[2] == k) for k in KINDS}
    legend = ('<p class="legend"><mark class="observation">observation</mark><mark class="candidate">candidate</mark>'
              '<mark class="target">target</mark><span class="ignored">ignored (hover: why)</span></p>')
    summary = (f"{_e(d.kind)} · place {_e(d.jurisdiction)} ({_e(d.level)}) · period {_e(d.period or '?')}"
               + (f" · dated {_e(d.dated.isoformat())}" if d.dated else "")
               + (f" · số {_e(d.reference)}" if d.reference else ""))
    fix_doc = f"de06 fix {shlex.quote(doc)} --all place={d.jurisdiction} period={d.period or 'YYYY-MM'} --reason '…'"
    stored = (root / "raw" / "reports" / f"{doc}.txt").is_file()
    if not stored:
        summary += (f"<br><b>Not stored</b>: the commands below need a stored report; "
                    f"<code>{_e('de06 ingest ' + shlex.quote(str(path)))}</code> stores it under its own id "
                    f"and writes that id's review page.")
    body = (f"<header><h1>Review: <code>{_e(doc)}</code></h1><p>{summary}</p>"
            f"<p>Numerals in the text: {counts['observation']} read into observations, {counts['candidate']} into "
            f"candidates, {counts['target']} into targets, {counts['ignored']} ignored; {len(figs)} figures.</p>"
            f"<p>Whole document: <code>{_e(fix_doc)}</code> · remove it: "
            f"<code>{_e(f'de06 remove {shlex.quote(doc)} --reason …')}</code> · add a missed figure: "
            f"<code>{_e(f'de06 add {shlex.quote(doc)} --quote TEXT indicator=ID value=N --reason …')}</code></p>"
            f"{legend}</header><main><section><h2>Figures</h2>{_table(doc, figs)}</section>"
            f'<section><h2>Text</h2><div class="text">{_marked_text(ex.text or text, ms)}</div></section></main>')
    return doc, ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
                 '<meta name="viewport" content="width=device-width, initial-scale=1">'
                 f"<title>de06 review {_e(doc)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n")


def write(target: str, out: Path | None = None, root: Path | None = None, extraction=None) -> Path:
    """Write ``<out>/<doc>.html`` (default ``outputs/review``) atomically and return its path."""
    from de06.corrections import atomic_write
    from de06.dataset import ROOT

    doc, text = page(str(target), root, extraction)
    out = Path(out) if out else (Path(root).parent / "outputs" / "review" if root else ROOT / "outputs" / "review")
    path = out / f"{doc}.html"
    atomic_write(path, text)
    return path
