"""The catalog file: the spec's ids unchanged, every cue compiles, and the code holds no seed-specific knowledge."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from de06.indicators import breakdowns, catalog, compile_cue

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


def test_code_has_no_seed_document_names_or_seed_figures():
    """Rules come from the language of reports: no document id or literal seed figure in de06/."""
    gold = Path(__file__).resolve().parent / "data" / "gold" / "seed_observations.csv"
    figures = set()
    for r in csv.DictReader(gold.open(encoding="utf-8")):
        for k in ("value", "numerator", "denominator"):
            v = r[k]
            if v and len(v.replace(".", "")) >= 4:
                figures.add(v)
    docs = {p.stem for p in (ROOT / "data" / "raw" / "reports").glob("*.txt")}
    for path in (ROOT / "de06").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        for doc in docs:
            assert doc not in code and doc.split("_")[1] not in code, (path.name, doc)
        code_numbers = set(re.findall(r"\d+(?:\.\d+)?", re.sub(r'""".*?"""', "", code, flags=re.S)))
        assert not (figures & code_numbers), (path.name, figures & code_numbers)
