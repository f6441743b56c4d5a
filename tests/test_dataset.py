"""The processed dataset: rebuilt byte for byte, validated at the boundary, corrected by hand."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from de06.dataset import build
from de06.errors import De06Error

ROOT = Path(__file__).resolve().parent.parent
PROCESSED = ROOT / "data" / "processed"  # the live, committed tables: checked against a fresh build of data/ only
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
MANUAL = Path(__file__).resolve().parent / "data" / "manual"  # fixture copies of data/manual
GOLD = Path(__file__).resolve().parent / "data" / "gold"
NAMES = ("observations.csv", "candidates.csv", "targets.csv", "audit.csv", "documents.csv")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A fresh build of the live data/ (raw reports, manual rows): what data/processed must equal."""
    out = tmp_path_factory.mktemp("processed")
    build(out=out)
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The seeds and the fixture manual rows, built: what the content tests read."""
    out = tmp_path_factory.mktemp("seeded")
    build(raw=SEEDS, manual=MANUAL, out=out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_committed_processed_files_equal_a_fresh_build(live, name):
    assert (live / name).read_bytes() == (PROCESSED / name).read_bytes(), f"run `make data` and commit {name}"


def test_a_second_build_is_byte_identical(fresh, tmp_path):
    build(raw=SEEDS, manual=MANUAL, out=tmp_path)
    assert all((tmp_path / n).read_bytes() == (fresh / n).read_bytes() for n in NAMES)


def test_processed_seed_observations_meet_the_extraction_thresholds(fresh, tmp_path):
    rows = [r for r in csv.DictReader((fresh / "observations.csv").open(encoding="utf-8")) if r["origin"] != "manual"]
    got = tmp_path / "got.jsonl"
    got.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, str(GOLD.parent / "tools" / "score_extraction.py"),
                          str(GOLD / "seed_observations.csv"), str(got)], capture_output=True, text=True, check=True)
    words = out.stdout.split()
    assert float(words[words.index("precision") + 1]) >= 0.97 and float(words[words.index("F1") + 1]) >= 0.95


def test_every_row_says_where_it_came_from(fresh):
    rows = list(csv.DictReader((fresh / "observations.csv").open(encoding="utf-8")))
    assert {r["origin"] for r in rows} == {"extracted", "manual", "corrected"}
    assert all(r["source_url"] for r in rows if r["origin"] == "manual")
    docs = list(csv.DictReader((fresh / "documents.csv").open(encoding="utf-8")))
    assert len(docs) == 5 and all(len(d["sha256"]) == 64 for d in docs)


def _manual_copy(tmp_path: Path, extra_obs: str = "", corrections: str | None = None) -> Path:
    m = tmp_path / "manual"
    shutil.copytree(MANUAL, m)
    if extra_obs:
        with (m / "observations.csv").open("a", encoding="utf-8") as f:
            f.write(extra_obs)
    if corrections is not None:
        (m / "corrections.csv").write_text("doc,indicator,breakdown,value,action,field,new_value,reason\n" + corrections,
                                           encoding="utf-8")
    return m


def test_a_new_manual_row_adds_exactly_one_row(fresh, tmp_path):
    row = "binh-duong,land_records_cleaned_rate,91,,,cumulative,2024-06,,https://example.org/a,,2024-07,,a test row\n"
    out = tmp_path / "out"
    build(raw=SEEDS, manual=_manual_copy(tmp_path, row), out=out)
    before = (fresh / "observations.csv").read_text(encoding="utf-8").splitlines()
    after = (out / "observations.csv").read_text(encoding="utf-8").splitlines()
    added = [x for x in after if x not in before]
    assert len(after) == len(before) + 1 and len(added) == 1 and added[0].startswith("manual,land_records_cleaned_rate,91,")


@pytest.mark.parametrize("row, reason", [
    ("vn,no_such_indicator,5,,,cumulative,2024-01-01,,https://x.org,,2024-01,,n\n", "indicator not in the catalog"),
    ("vn,online_application_rate,140,,,cumulative,2024-01-01,,https://x.org,,2024-01,,n\n", "percent outside 0–100"),
    ("vn,eid_account_applications,5,10,5,cumulative,2024-01-01,,https://x.org,,2024-01,,n\n", "numerator above denominator"),
    ("vn,eid_account_applications,5,,,cumulative,2024-01-01,,,,2024-01,,n\n", "no source"),
])
def test_bad_manual_rows_are_rejected_with_row_and_reason_and_nothing_is_written(tmp_path, row, reason):
    out = tmp_path / "out"
    manual = _manual_copy(tmp_path, row)
    line = len((manual / "observations.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(De06Error) as exc:
        build(raw=SEEDS, manual=manual, out=out)
    assert f"row {line}" in str(exc.value) and reason in str(exc.value)
    assert not out.exists()


def test_the_cli_build_says_so_in_one_line_and_leaves_old_files(tmp_path):
    out = tmp_path / "out"
    build(raw=SEEDS, manual=MANUAL, out=out)
    before = {n: (out / n).read_bytes() for n in NAMES}
    manual = _manual_copy(tmp_path, "vn,online_application_rate,140,,,cumulative,2024-01-01,,https://x.org,,2024-01,,n\n")
    r = subprocess.run([sys.executable, "-m", "de06.cli", "build", "--raw", str(SEEDS), "--manual", str(manual), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "percent outside" in r.stderr
    assert {n: (out / n).read_bytes() for n in NAMES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)  # no temporary file left behind


def test_corrections_drop_and_set_take_effect_with_their_reason(tmp_path):
    corr = ("004_81f65567ca32de7e,eid_activation_rate,,15,drop,,,\"'khoảng 15%' is the Cục's estimate, not a count\"\n"
            "000_758c85fa00e9b683,budget_vnd,,64434342768,set,scope,period,\"an allocation for the year 2025\"\n")
    out = tmp_path / "out"
    build(raw=SEEDS, manual=_manual_copy(tmp_path, corrections=corr), out=out)
    rows = list(csv.DictReader((out / "observations.csv").open(encoding="utf-8")))
    assert not [r for r in rows if r["indicator"] == "eid_activation_rate" and r["doc"].startswith("004")]
    [b] = [r for r in rows if r["indicator"] == "budget_vnd"]
    assert (b["scope"], b["origin"], b["note"]) == ("period", "corrected", "an allocation for the year 2025")


def test_a_correction_that_matches_nothing_fails(tmp_path):
    corr = "000_758c85fa00e9b683,budget_vnd,,1,drop,,,no such figure\n"
    with pytest.raises(De06Error, match="matches 0 observations"):
        build(raw=SEEDS, manual=_manual_copy(tmp_path, corrections=corr), out=tmp_path / "out")


def test_audit_table_has_the_seed_finding_and_the_manual_mismatch(fresh):
    rows = list(csv.DictReader((fresh / "audit.csv").open(encoding="utf-8")))
    assert any(r["doc"].startswith("004") and "69,27%" in r["message"] for r in rows)
    # Khánh Hòa: "source states 7.84% but its own counts give 8.90%"
    assert any(r["doc"] == "manual" and "7,84%" in r["message"] and "8,90%" in r["message"] for r in rows)
