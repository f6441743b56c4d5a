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


def test_a_pool_of_readers_prints_what_one_reader_prints_in_the_same_order(tmp_path):
    corpus = sorted((ROOT / "tests" / "data" / "corpus" / "docs").glob("*.txt"))[:9]
    bad = _bad_inputs(tmp_path)
    files = [str(p) for p in corpus[:4]] + [str(bad["binary"])] + [str(p) for p in corpus[4:]] + [str(bad["missing"])]
    one = run("extract", *files, "--format", "csv", "--candidates", "--jobs", "1")
    pool = run("extract", *files, "--format", "csv", "--candidates", "--jobs", "3")
    assert one.stdout.count("\n") > 20 and one.returncode == 2
    assert (pool.stdout, pool.stderr, pool.returncode) == (one.stdout, one.stderr, one.returncode)
    t1, t3 = (run("targets", *files[:5], "--jobs", j) for j in ("1", "3"))
    assert t1.stdout.count("\n") > 1 and (t3.stdout, t3.returncode) == (t1.stdout, t1.returncode)


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


# ---------------------------------------------------------------- issue 14: the command line as an analyst expects


def test_version():
    from de06 import __version__

    r = run("--version")
    assert (r.returncode, r.stdout.strip()) == (0, f"de06 {__version__}")


def test_list_places_of_a_period_by_name():
    r = run("list", "places", "--period", "2025-10")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.splitlines() == ["id,name,level,periods", "vinh-long-2025,Vĩnh Long,province,2025-10"]


def test_list_periods_names_their_places_in_the_language_asked():
    r = run("list", "periods", "--lang", "en", "--format", "jsonl")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["period"] for x in rows] == ["2022", "2024", "2024-09", "2025", "2025-10"]
    assert rows[2] == {"period": "2024-09", "kind": "month", "places": "thanh-hoa/vinh-phuc",
                       "names": "Vĩnh Phúc commune (Thanh Hóa)"}


def test_list_indicators_is_the_catalog_with_names():
    import csv
    import io

    r = run("list", "indicators", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    with (ROOT / "data" / "reference" / "indicators.csv").open(encoding="utf-8") as f:
        catalog = list(csv.DictReader(f))
    assert [x["id"] for x in rows] == [c["id"] for c in catalog]
    assert rows[0] == {"id": "online_application_rate", "name": "Online application rate", "unit": "percent",
                       "pillar": "public_services"}


def test_list_an_unknown_period_says_which_exist():
    r = run("list", "places", "--period", "2023")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "periods with data: 2022, 2024" in r.stderr


def test_briefing_without_a_period_lists_the_periods():
    r = run("briefing")
    assert r.returncode == 2 and "which period?" in r.stderr
    assert r.stdout.splitlines()[0] == "period,kind,places,names" and "2025-10,month,vinh-long-2025,Vĩnh Long" in r.stdout


@pytest.mark.parametrize("command", ["extract", "targets", "audit", "list", "briefing", "briefings", "ingest", "build"])
def test_every_argument_has_help_and_its_default(command):
    r = run(command, "--help")
    assert r.returncode == 0
    options = r.stdout.split("options:")[1]
    for line in options.splitlines():
        if line.startswith("  -") and not line.startswith("  -h"):
            assert len(line.split("  ")) > 2 or line.rstrip().endswith(("]", "}", "DATA", "OUT", "RAW", "MANUAL",
                                                                          "ROOT", "JOBS", "PERIOD", "PLACE", "LANG")), line
    if "--format" in options:
        assert "(default: csv)" in " ".join(options.split())


def test_one_format_default_for_every_listing_command():
    outs = {c: run(c, str(SEED)).stdout for c in ("extract", "targets", "audit")}
    assert outs["extract"].startswith("doc,indicator,value,")
    assert outs["targets"] == "" or outs["targets"].startswith("doc,")
    assert run("list", "places").stdout.startswith("id,name,")


def test_a_folder_says_it_is_a_folder(tmp_path):
    r = run("extract", str(tmp_path))
    assert r.returncode == 2 and "is a folder; give the files in it" in r.stderr and "suffix" not in r.stderr


def test_a_build_shows_a_progress_bar_on_a_terminal_and_nothing_when_piped(tmp_path):
    import os
    import pty

    piped = run("build", "--out", str(tmp_path / "piped"))
    assert piped.returncode == 0 and piped.stderr == ""
    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal 80 columns wide
    p = subprocess.Popen([sys.executable, "-m", "de06.cli", "build", "--out", str(tmp_path / "tty")],
                         stdin=secondary, stdout=subprocess.DEVNULL, stderr=secondary, close_fds=True)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert p.wait() == 0
    os.close(main)
    assert b"report" in seen and b"%|" in seen  # tqdm's bar: "40%|████      | 2/5 [..., report/s]"


def test_make_briefing_without_a_period_lists_them():
    r = subprocess.run(["make", "-s", "briefing"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and "which period?" in r.stderr
    assert "2025-10,month,vinh-long-2025,Vĩnh Long" in r.stdout
