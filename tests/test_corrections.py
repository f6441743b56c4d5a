"""The review-loop commands: accept, reject, fix, fix --all, add, remove — each writes validated rows to
``data/manual/corrections.csv`` and rebuilds, or exits 2 with one line and writes nothing.

Every test works on a copy of the fixtures (``tests/data/seeds`` and ``tests/data/manual``) laid out as ``data/`` (seed 000 is ``000_758c85fa00e9b683``, the Vĩnh Long
report of October 2025) and passes ``--root``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from de06 import cli, corrections
from de06.dataset import build
from de06.sections import Briefing

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_758c85fa00e9b683"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seed fixtures and fixture manual rows laid out as data/, with their processed tables built once."""
    root = tmp_path_factory.mktemp("built") / "data"
    shutil.copytree(ROOT / "tests" / "data" / "seeds", root / "raw" / "reports")
    shutil.copytree(ROOT / "tests" / "data" / "manual", root / "manual")
    build(root / "raw" / "reports", root / "manual", root / "processed")
    return root


@pytest.fixture
def root(built, tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(built, dest)
    return dest


def snapshot(folder: Path) -> str:
    """sha256 over every file's path and bytes under ``folder``."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def rows(root: Path, name: str = "observations") -> list[dict]:
    with (root / "processed" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ref_from_extract(root: Path, indicator: str, capsys) -> str:
    """The ref as the issue says to take it: from ``de06 extract … --format jsonl``."""
    assert cli.main(["extract", str(root / "raw" / "reports" / f"{SEED}.txt"), "--format", "jsonl"]) == 0
    found = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    refs = [r["ref"] for r in found if r["indicator"] == indicator]
    assert len(refs) == 1, refs
    return refs[0]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- a fix reaches the briefing


def test_a_fixed_value_is_in_the_dataset_and_the_briefing_with_its_reason(root, capsys):
    ref = ref_from_extract(root, "online_application_rate", capsys)
    before = [r for r in rows(root) if r["ref"] == ref]
    # the seed says "đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%"
    assert [r["value"] for r in before] == ["55.17"]
    reason = "kiểm tra lại: thử hiệu chỉnh giá trị"
    code, out, err = run(capsys, "fix", SEED, ref, "value=56.17", "--reason", reason, "--root", str(root))
    assert code == 0 and err == "" and str(root / "processed" / "observations.csv") in out
    fixed = [r for r in rows(root) if r["ref"] == ref]
    assert len(fixed) == 1 and fixed[0]["value"] == "56.17" and fixed[0]["origin"] == "corrected"
    assert fixed[0]["note"] == reason
    stored = corrections.read(root / "manual" / "corrections.csv")
    assert stored[-1] == {"doc": SEED, "indicator": "online_application_rate", "breakdown": "", "value": "55.17",
                          "action": "set", "field": "value", "new_value": "56.17", "reason": reason, "ref": ref}
    b = Briefing("2025-10", "vinh-long-2025", "vi", data=root / "processed")
    html = b.headlines() + b.notes()
    assert "56,17% (170.978/309.901)*" in html and "55,17%" not in b.headlines()
    assert f"đã hiệu chỉnh: {reason}" in html
    en = Briefing("2025-10", "vinh-long-2025", "en", data=root / "processed")
    assert f"corrected: {reason}" in en.headlines() + en.notes()


def test_the_older_rows_of_the_corrections_file_still_apply(root, capsys):
    """The two hand-written welfare rows (no ref) give the rate its fraction; a command rewrites them with a ref column."""
    welfare = [r for r in rows(root) if r["doc"] == SEED and r["indicator"] == "welfare_cashless_rate"]
    assert [(r["numerator"], r["denominator"], r["origin"]) for r in welfare] == [("119689", "228846", "corrected")]
    ref = ref_from_extract(root, "online_application_rate", capsys)
    assert run(capsys, "fix", SEED, ref, "scope=period", "--reason", "trong tháng", "--root", str(root))[0] == 0
    text = (root / "manual" / "corrections.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(corrections.COLUMNS) and text.count("\n") == 4
    assert [(r["numerator"], r["denominator"]) for r in rows(root)
            if r["doc"] == SEED and r["indicator"] == "welfare_cashless_rate"] == [("119689", "228846")]


def test_the_quote_can_be_corrected_and_the_note_quotes_it(root, capsys):
    ref = ref_from_extract(root, "schools_cashless_rate", capsys)
    quote = "1.316/1.316 cơ sở giáo dục (đạt 100%)"
    code, _, err = run(capsys, "fix", SEED, ref, f"quote={quote}", "--reason", "câu nêu số trường học", "--root", str(root))
    assert code == 0, err
    r = next(r for r in rows(root) if r["ref"] == ref)
    text = (root / "raw" / "reports" / f"{SEED}.txt").read_text(encoding="utf-8")
    assert r["quote"] == quote and text[int(r["start"]):int(r["end"])] == quote
    b = Briefing("2025-10", "vinh-long-2025", "vi", data=root / "processed")
    b.headlines()
    notes = b.notes()
    assert f"<blockquote>{quote}</blockquote>" in notes and "câu nêu số trường học" in notes


# ---------------------------------------------------------------- refused commands write nothing


@pytest.mark.parametrize("argv, says", [
    (["fix", SEED, "deadbeef", "value=1", "--reason", "không có"], ["unknown ref 'deadbeef'", "nearest:"]),
    (["fix", SEED, "{ref}", "indicator=health_book", "--reason", "sai chỉ tiêu"],
     ["indicator 'health_book' is not in the catalog", "health_book_vneid_rate"]),
    (["fix", SEED, "{ref}", "value=abc", "--reason", "sai số"], ["value 'abc' is not a number"]),
    (["fix", SEED, "{ref}", "valeu=1", "--reason", "sai số"], ["unknown field 'valeu'", "nearest: value"]),
    (["fix", "000_758c85fa00e9b68", "{ref}", "value=1", "--reason", "sai số"], ["unknown document", SEED]),
    (["add", SEED, "--quote", "đạt tỷ lệ 99,99%", "indicator=online_application_rate", "value=99.99", "--reason", "thiếu"],
     ["does not occur in the document", "nearest: «"]),
    (["fix", SEED, "{ref}", "value=150", "--reason", "quá 100"], ["nothing written", "percent outside 0–100"]),
    (["fix", SEED, "--all", "place=vinh-lon", "--reason", "sai tỉnh"], ["unknown place id 'vinh-lon'", "vinh-long"]),
    (["reject", SEED, "{ref}", "--reason", "x"], ["a reason is required"]),
    (["accept", SEED, "{ref}"], ["already an observation"]),
])
def test_a_refused_command_exits_2_with_one_line_and_writes_nothing(root, capsys, argv, says):
    ref = ref_from_extract(root, "online_application_rate", capsys)
    before = snapshot(root)
    code, out, err = run(capsys, *[a.replace("{ref}", ref) for a in argv], "--root", str(root))
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and err.startswith("de06: ")
    for s in says:
        assert s in err
    assert snapshot(root) == before


# ---------------------------------------------------------------- reject, add, fix --all, accept


def test_reject_takes_the_figure_out_and_records_why(root, capsys):
    ref = ref_from_extract(root, "online_application_rate", capsys)
    n = len(rows(root))
    assert run(capsys, "reject", SEED, ref, "--reason", "số trùng", "--root", str(root))[0] == 0
    assert len(rows(root)) == n - 1 and all(r["ref"] != ref for r in rows(root))
    assert corrections.read(root / "manual" / "corrections.csv")[-1]["action"] == "drop"


def test_add_places_the_quote_and_makes_a_corrected_figure(root, capsys):
    # seed footnote 15: "trực tiếp: 138.923 hồ sơ, tỷ lệ 44,83%"
    quote = "trực tiếp: 138.923 hồ sơ, tỷ lệ 44,83%"
    code, out, err = run(capsys, "add", SEED, "--quote", quote, "indicator=online_application_rate", "value=44.83",
                         "breakdown=", "scope=period", "--reason", "tỷ lệ hồ sơ trực tiếp (thử)", "--root", str(root))
    assert code == 0, err
    ref = out.split()[2]
    added = [r for r in rows(root) if r["ref"] == ref]
    text = (root / "raw" / "reports" / f"{SEED}.txt").read_text(encoding="utf-8")
    assert len(added) == 1 and added[0]["value"] == "44.83" and added[0]["scope"] == "period"
    assert added[0]["origin"] == "corrected" and text[int(added[0]["start"]):int(added[0]["end"])] == quote
    code, _, err = run(capsys, "add", SEED, "--quote", quote, "indicator=online_application_rate", "value=44.83",
                       "--reason", "lần nữa", "--root", str(root))
    assert code == 2 and "already there" in err


def test_fix_all_moves_every_figure_of_the_document(root, capsys):
    own = [r for r in rows(root) if r["doc"] == SEED and r["jurisdiction"] == "vinh-long-2025"]
    assert len(own) > 5
    code, _, err = run(capsys, "fix", SEED, "--all", "place=can-tho-2025", "period=2025-09", "--reason", "thử sửa cả văn bản",
                       "--root", str(root))
    assert code == 0, err
    doc = next(d for d in rows(root, "documents") if d["doc"] == SEED)
    assert (doc["jurisdiction"], doc["period"]) == ("can-tho-2025", "2025-09")
    moved = {r["ref"]: r for r in rows(root) if r["doc"] == SEED}
    assert all(moved[r["ref"]]["jurisdiction"] == "can-tho-2025" and moved[r["ref"]]["period"] == "2025-09" for r in own)
    assert all(r["jurisdiction"] == "can-tho-2025" for r in rows(root, "targets") if r["doc"] == SEED)


CANDIDATE_REPORT = """ỦY BAN NHÂN DÂN TỈNH VĨNH LONG
Số: 99/BC-UBND
Vĩnh Long, ngày 05 tháng 11 năm 2025

BÁO CÁO
Kết quả triển khai Đề án 06 tháng 10 năm 2025

Hồ sơ trực tuyến: 84,2% (642/1.000).
"""  # 84,2% disagrees with 642/1.000 and has no noun after it: confidence 0.4, a candidate


def test_accept_promotes_a_candidate(root, capsys):
    from de06.extract import extract_text

    ex = extract_text(CANDIDATE_REPORT, "cand")
    assert [(c.indicator, c.value) for c in ex.candidates] == [("online_application_rate", 84.2)]
    (root / "raw" / "reports" / "cand.txt").write_text(CANDIDATE_REPORT, encoding="utf-8")
    build(root / "raw" / "reports", root / "manual", root / "processed")
    ref = ex.candidates[0].ref
    assert any(r["ref"] == ref for r in rows(root, "candidates"))
    assert run(capsys, "accept", "cand", ref, "--root", str(root))[0] == 0
    assert not any(r["ref"] == ref for r in rows(root, "candidates"))
    promoted = [r for r in rows(root) if r["ref"] == ref]
    assert len(promoted) == 1 and promoted[0]["origin"] == "corrected" and promoted[0]["note"] == "accepted in review"


# ---------------------------------------------------------------- removal


def test_remove_takes_the_report_out_and_ingesting_it_again_brings_it_back(root, capsys):
    before = {name: (root / "processed" / f"{name}.csv").read_bytes() for name in ("observations", "targets", "documents")}
    assert any(r["doc"] == SEED for r in rows(root))
    code, out, err = run(capsys, "remove", SEED, "--reason", "báo cáo trùng", "--root", str(root))
    assert code == 0, err
    assert not (root / "raw" / "reports" / f"{SEED}.txt").exists()
    kept = root / "removed" / "reports" / f"{SEED}.txt"
    assert kept.exists()
    for name in ("observations", "targets", "documents"):
        assert not any(r["doc"] == SEED for r in rows(root, name))
    record = list(csv.DictReader((root / "manual" / "removed.csv").open(encoding="utf-8")))
    assert [(r["doc"], r["reason"]) for r in record] == [(SEED, "báo cáo trùng")]
    code, out, err = run(capsys, "ingest", str(kept), "--root", str(root))
    assert code == 0, err
    page = root.parent / "outputs" / "review" / f"{SEED}.html"
    assert SEED in out and f"review page: {page}" in out and page.exists()
    after = {name: (root / "processed" / f"{name}.csv").read_bytes() for name in before}
    assert after == before  # same doc id, so the corrections about it apply again


def test_remove_an_unknown_document_writes_nothing(root, capsys):
    before = snapshot(root)
    code, _, err = run(capsys, "remove", "000_758c85fa00e9b68x", "--reason", "không có", "--root", str(root))
    assert code == 2 and SEED in err and snapshot(root) == before


def test_a_failed_rebuild_puts_the_corrections_file_back(root, monkeypatch):
    from de06 import dataset

    ref = next(r["ref"] for r in rows(root) if r["doc"] == SEED and r["indicator"] == "online_application_rate")
    before = snapshot(root)

    def boom(*a, **k):
        raise dataset.BuildError("disk full (test)")

    monkeypatch.setattr(dataset, "build", boom)
    with pytest.raises(corrections.CorrectionError, match="nothing written"):
        corrections.fix(SEED, ref, ["value=56.17"], "thử lỗi", root)
    assert snapshot(root) == before


# ---------------------------------------------------------------- the JupyterLab panel calls the same functions


def test_the_notebook_panel_fixes_and_refuses_like_the_commands(root):
    pytest.importorskip("ipywidgets")
    from de06 import review_ui

    ui = review_ui.panel(SEED, root)
    assert ui.picker.value == SEED and ui.picker.options[0] == SEED
    ref = next(r["ref"] for r in rows(root) if r["doc"] == SEED and r["indicator"] == "online_application_rate")
    panels = {p.children[0].value.split("</b>")[0][3:]: p for p in ui.body.children}
    fields, reason, buttons, message = panels[ref].children[1], panels[ref].children[2], panels[ref].children[3], panels[ref].children[4]
    before = snapshot(root)
    fields.value, reason.value = "value=abc", "thử"
    buttons.children[2].click()
    assert "value &#x27;abc&#x27; is not a number" in message.value and snapshot(root) == before
    fields.value = "value=56.17"
    buttons.children[2].click()
    assert [r["value"] for r in rows(root) if r["ref"] == ref] == ["56.17"]
    assert corrections.read(root / "manual" / "corrections.csv")[-1]["reason"] == "thử"
