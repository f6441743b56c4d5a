"""The catalog file: the spec's ids unchanged, every cue compiles, and the code holds no seed-specific knowledge."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from de06.indicators import breakdowns, catalog, compile_cue, twin
from de06.text import canonical_tones

ROOT = Path(__file__).resolve().parent.parent
SPEC = Path(__file__).resolve().parent / "data" / "spec" / "indicators.csv"


def test_catalog_keeps_every_spec_id_with_its_unit():
    spec = {r["id"]: r["unit"] for r in csv.DictReader(SPEC.open(encoding="utf-8"))}
    cat = catalog()
    assert {k: cat[k].unit for k in spec} == spec
    assert all(cat[k].emit for k in spec)
    assert [k for k in cat if k not in spec] == [k for k in cat if not cat[k].emit]  # additions are internal only


def test_links_point_at_the_right_kinds():
    cat = catalog()
    for ind in cat.values():
        for ref in (ind.numerator, ind.denominator):
            if ref:
                assert ind.is_rate and cat[ref].unit == "count", ind.id
        if ind.parent:
            assert ind.part is not None and cat[ind.parent].unit == ind.unit


def test_breakdown_keys_are_known():
    keys = {b.key for b in breakdowns()}
    assert all(set(ind.breakdowns) <= keys for ind in catalog().values())


@pytest.mark.parametrize("cue, text, hit", [
    ("sổ sức khỏe điện tử", "tích hợp Sổ \n\nsức khỏe điện tử", True),
    ("mức\\s*(?:độ\\s*)?3\\b", "DVC mức độ 3", True),
    ("mức\\s*(?:độ\\s*)?3\\b", "mức 30", False),
])
def test_cue_compilation(cue, text, hit):
    assert bool(compile_cue(cue).search(text)) is hit


def _catalog_patterns() -> list[re.Pattern]:
    out = []
    for ind in catalog().values():
        out += [*ind.cues, *ind.topic, *ind.near, *(p for p in (ind.subject, ind.exclude, ind.part) if p is not None)]
    return out + [b.pattern for b in breakdowns()]


def test_every_cue_has_a_twin_that_finds_the_same_spans_in_lowercased_text():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").glob("*/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "corpus" / "docs").glob("*.txt"))]
    texts.append(texts[0].upper())  # headings in capitals: "TỶ LỆ HỒ SƠ TRỰC TUYẾN"
    pats = _catalog_patterns()
    assert pats and all(twin(p) is not None for p in pats if p.flags & re.IGNORECASE)
    spans = 0
    for p in pats:
        t = twin(p)
        if t is None:
            continue
        for text in texts:
            low = text.lower()
            if len(low) != len(text):
                continue
            want = [m.span() for m in p.finditer(text)]
            assert [m.span() for m in t.finditer(low)] == want, p.pattern
            spans += len(want)
    assert spans > 1000


def test_a_cue_with_a_case_sensitive_part_has_no_twin():
    assert twin(re.compile("a(?-i:B)c", re.IGNORECASE)) is None
    assert twin(re.compile("abc")) is None  # not case-blind: nothing to gain
    assert twin(compile_cue(r"Tỷ LỆ \d+%")).search("tỷ lệ 55%")


def test_code_has_no_seed_document_names_or_seed_figures():
    """Rules come from the language of reports: no document id or literal seed figure in de06/."""
    gold = Path(__file__).resolve().parent / "data" / "gold" / "seed_observations.csv"
    figures = set()
    for r in csv.DictReader(gold.open(encoding="utf-8")):
        for k in ("value", "numerator", "denominator"):
            v = r[k]
            if v and len(v.replace(".", "")) >= 4:
                figures.add(v)
    docs = {p.stem for p in (Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt")}
    for path in (ROOT / "de06").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        for doc in docs:
            assert doc not in code and doc.split("_")[1] not in code, (path.name, doc)
        code_numbers = set(re.findall(r"\d+(?:\.\d+)?", re.sub(r'""".*?"""', "", code, flags=re.S)))
        assert not (figures & code_numbers), (path.name, figures & code_numbers)


CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
PROBES = [Path(__file__).resolve().parent / "data" / n for n in ("probe", "probe2", "probe3", "probe4", "probe5", "probe6", "probe7", "probe8", "probe9", "probe10", "probe11", "probe12", "probe13", "probe14", "probe15", "probe16", "probe17")]  # written without sight of the code
_WORD = re.compile(r"[^\W\d_]+")


_RULE_COLUMNS = ("subject", "cues", "topic", "near", "exclude", "part")


def _code_and_knowledge() -> dict[str, str]:
    """Every place a rule could live: the package's code and the cue columns of the reference data
    (the catalog's names come from the spec and are no rules)."""
    out = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "de06").glob("*.py")}
    with (ROOT / "data" / "reference" / "indicators.csv").open(encoding="utf-8") as f:
        out["indicators.csv"] = "\n".join(" ".join(r[c] for c in _RULE_COLUMNS) for r in csv.DictReader(f))
    out["breakdowns.csv"] = (ROOT / "data" / "reference" / "breakdowns.csv").read_text(encoding="utf-8")
    return out


def _written_forms(value: str) -> set[str]:
    """How a gold figure may be written: ``138313`` → ``138313``, ``138.313``, ``138 313``; ``87.76`` → ``87,76``."""
    v = float(value)
    if v.is_integer():
        n = int(v)
        return {str(n), f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")}
    return {value, value.replace(".", ",")}


def test_code_has_no_corpus_figures():
    """No rule, comment or example names a figure of the development corpus or the probe set (4 significant digits
    or more)."""
    forms = set()
    for r in [r for d in (CORPUS, *PROBES) for r in csv.DictReader((d / "gold.csv").open(encoding="utf-8"))]:
        v = r["value"]
        digits = len(v.replace(".", "").lstrip("0"))
        if r["kind"] == "distractor" and digits < 5:
            continue  # a distractor such as 99.99 or 2025 is as often a constant of code
        if float(v).is_integer() and int(float(v)) in (1024, 2048, 4096, 8192):
            continue  # a power of two is as often a constant of code (sizes in bytes)
        if digits >= 4 and not (len(v) == 4 and v.startswith("20")):  # years are no figures
            forms |= _written_forms(v)
    # one alternation, longest first, instead of one search per form (five probe sets made that 40 s)
    any_form = re.compile(r"(?<![\d.,])(?:" + "|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f))))
                          + r")(?![\d]|[.,]\d)")
    for name, code in _code_and_knowledge().items():
        found = {m.group() for m in any_form.finditer(code)}
        assert not found, (name, sorted(found))


def test_code_has_no_distinctive_corpus_phrases():
    """No eight-word run that only one corpus document says (and no seed) appears in the code or the reference
    data: rules come from the language of reports, not from the corpus's sentences. (Shorter runs are common
    report language: "số dịch vụ công trực tuyến" is every province's.)"""
    owners: dict[tuple, set[str]] = {}
    docs = [p for d in (CORPUS, *PROBES) for p in sorted((d / "docs").glob("*.txt"))]
    for p in docs + sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt")):
        # tones placed one way ("hoà" is "hòa"): the motto in the old spelling is no one document's phrase
        words = _WORD.findall(canonical_tones(p.read_text(encoding="utf-8")).lower())
        for k in range(len(words) - 7):
            owners.setdefault(tuple(words[k:k + 8]), set()).add(p.stem if p.parent.name == "docs" else "seed")
    distinctive = {s for s, docs in owners.items() if len(docs) == 1 and "seed" not in docs}
    for name, code in _code_and_knowledge().items():
        words = _WORD.findall(canonical_tones(code).lower())
        hits = {" ".join(words[k:k + 8]) for k in range(len(words) - 7) if tuple(words[k:k + 8]) in distinctive}
        assert not hits, (name, sorted(hits))
