"""The de06 command as a user runs it: output contract, bad input, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from de06.extract import OBSERVATION_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seeds" / "000_758c85fa00e9b683.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "de06.cli", *args], capture_output=True, text=True)


def test_jsonl_has_the_contract_fields_and_nothing_else_on_stdout():
    r = run("extract", str(SEED), "--format", "jsonl")
    assert r.returncode == 0 and r.stderr == ""
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows and all(list(row) == list(OBSERVATION_FIELDS) for row in rows)
    assert {row["doc"] for row in rows} == {"000_758c85fa00e9b683"}


def test_csv_has_one_header():
    r = run("extract", str(SEED), str(SEED), "--format", "csv")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("doc,indicator,value") and sum(1 for x in lines if x.startswith("doc,indicator")) == 1


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp / "cp1258.txt").write_bytes("Tỷ lệ hồ sơ trực tuyến".encode("utf-8").replace(b"\xe1", b"\xd2\xe1\xff"))
    (tmp / "folder").mkdir()
    return {"empty": tmp / "empty.txt", "binary": tmp / "binary.txt", "encoding": tmp / "cp1258.txt",
            "directory": tmp / "folder", "missing": tmp / "nope.txt"}


@pytest.mark.parametrize("case", ["empty", "binary", "encoding", "directory", "missing"])
def test_bad_input_is_one_line_naming_the_file_after_the_good_ones(tmp_path, case):
    bad = _bad_inputs(tmp_path)[case]
    r = run("extract", str(bad), str(SEED), "--format", "jsonl")
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and "Traceback" not in r.stderr
    assert r.stdout.count("\n") > 10  # the good file after it was still processed


def test_readable_text_without_indicators_gives_no_output_and_exit_0(tmp_path):
    p = tmp_path / "quiet.txt"
    p.write_text("Báo cáo tình hình chung. Không có số liệu.\n", encoding="utf-8")
    r = run("extract", str(p), "--format", "jsonl")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_targets_command_lists_the_plan_target():
    plan = ROOT / "tests" / "data" / "seeds" / "001_1757523d643b6cab.txt"
    r = run("targets", str(plan))
    assert r.returncode == 0
    assert "health_book_vneid_rate,>=,80,2025-12-31,vinh-long-2025" in r.stdout


def test_importing_extract_loads_no_heavy_library():
    code = "import sys, de06.extract; print(sorted(m for m in ('pandas','matplotlib','statsmodels') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
