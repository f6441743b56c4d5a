"""Faults, concurrency and hostile input (issue 15): each finding of the probe, reproduced and held.

Hostile files are generated here (zlib, fpdf2, python-docx), never committed. A kill
between two renames is simulated by making the second rename fail; a writer holding the
lock is a second process holding ``fcntl.flock`` on ``data/.de06.lock``. Numbers in the
test names refer to the findings of the issue.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
import zlib
from pathlib import Path

import pytest

from de06 import briefing, cli, dataset, ingest, legacy, readers, storage
from de06.errors import De06Error

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw" / "reports").glob("*.txt"))
MANUAL = ROOT / "data" / "manual"
DE06 = [sys.executable, "-m", "de06.cli"]
NAMES = ("observations.csv", "candidates.csv", "targets.csv", "audit.csv", "documents.csv", "manifest.json")

# Two small reports of different places: ingested side by side.
REPORTS = {
    "tra-vinh.txt": "BÁO CÁO\nKết quả thực hiện Đề án 06 trên địa bàn tỉnh Trà Vinh tháng 10/2025\n"
                    "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%.\n",
    "vinh-long.txt": "BÁO CÁO\nKết quả thực hiện Đề án 06 trên địa bàn tỉnh Vĩnh Long tháng 10/2025\n"
                     "Trong tháng, đã tiếp nhận 90.120 hồ sơ trực tuyến, đạt tỷ lệ 61,5%.\n",
}


def _root(tmp_path: Path, manual: bool = False) -> Path:
    root = tmp_path / "data"
    if manual:
        shutil.copytree(MANUAL, root / "manual")
    else:
        (root / "manual").mkdir(parents=True)
    return root


def _files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name] = tmp_path / name
    return out


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
            if p.name != storage.LOCK_NAME}


def _docs(out: Path) -> set[str]:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        return {r["doc"] for r in csv.DictReader(f)}


def _run(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(DE06 + [str(a) for a in args], capture_output=True, text=True, timeout=300, cwd=kw.pop("cwd", ROOT),
                          **kw)


class _Done:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _build_in_process(capsys, *args) -> _Done:
    """``de06 build`` run in this process (no interpreter start-up): exit code and output."""
    capsys.readouterr()
    code = cli.main(["build", *map(str, args)])
    out = capsys.readouterr()
    return _Done(code, out.out, out.err)


def _one_line(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


# ---------------------------------------------------------------- 1. concurrent ingests


def test_1_two_ingests_started_together_both_land_in_the_dataset(tmp_path):
    root, files = _root(tmp_path), _files(tmp_path)
    procs = [subprocess.Popen(DE06 + ["ingest", str(f), "--root", str(root)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT) for f in files.values()]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    stored = set(dataset.originals(root / "raw" / "reports"))
    assert len(stored) == 2 and _docs(root / "processed") == stored
    other = tmp_path / "other"
    dataset.build(root / "raw" / "reports", root / "manual", other)
    assert all((other / n).read_bytes() == (root / "processed" / n).read_bytes() for n in NAMES)


def _hold_lock(folder: Path) -> subprocess.Popen:
    """Another process holding the lock on ``folder`` until killed; returns once it holds it."""
    code = ("import fcntl, os, sys, time\n"
            f"f = open({str(folder / storage.LOCK_NAME)!r}, 'a+')\n"
            "fcntl.flock(f.fileno(), fcntl.LOCK_EX)\n"
            "f.seek(0); f.truncate(); f.write(f'{os.getpid()}\\n'); f.flush()\n"
            "print('held', flush=True)\n"
            "time.sleep(600)\n")
    folder.mkdir(parents=True, exist_ok=True)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "held"
    return p


def test_1_a_second_writer_waits_a_bounded_time_then_names_the_holder(tmp_path):
    root, files = _root(tmp_path), _files(tmp_path)
    holder = _hold_lock(root)
    try:
        before = _snapshot(root)
        r = _run(["ingest", files["tra-vinh.txt"], "--root", root], env={**os.environ, "DE06_LOCK_WAIT": "1"})
        line = _one_line(r)
        assert f"another de06 command is changing data/ (pid {holder.pid})" in line
        assert _snapshot(root) == before
        r = _run(["build", "--raw", root / "raw" / "reports", "--manual", root / "manual", "--out", root / "processed"],
                 env={**os.environ, "DE06_LOCK_WAIT": "1"})
        assert f"(pid {holder.pid})" in _one_line(r)
    finally:
        holder.kill()
        holder.wait()
    # once the holder is gone the same command goes through
    assert _run(["ingest", files["tra-vinh.txt"], "--root", root]).returncode == 0


def test_1_the_lock_is_reentrant_within_a_process_and_exclusive_across(tmp_path):
    with storage.locked(tmp_path):
        with storage.locked(tmp_path):  # ingest holds it and calls build, which asks again
            pass
        code = (f"from de06 import storage\ntry:\n    with storage.locked({str(tmp_path)!r}, wait=0.2): print('got')\n"
                "except storage.LockBusy as e: print(e)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
        assert f"(pid {os.getpid()})" in out
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert out.strip() == "got"


# ---------------------------------------------------------------- 2. the dataset as one unit


@pytest.fixture
def built(tmp_path):
    root = _root(tmp_path, manual=True)
    raw = root / "raw" / "reports"
    raw.mkdir(parents=True)
    for s in SEEDS[:2]:
        shutil.copy(s, raw / s.name)
    dataset.build(raw, root / "manual", root / "processed")
    return root


def _failing_replace(monkeypatch, fail_at: int, err: int = errno.EIO):
    real, calls = os.replace, []

    def replace(src, dst, *a, **kw):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(err, os.strerror(err))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)


def test_2_a_kill_between_renames_is_noticed_and_repaired(built, monkeypatch):
    out, raw = built / "processed", built / "raw" / "reports"
    (raw / "extra.txt").write_text(REPORTS["tra-vinh.txt"], encoding="utf-8")  # so the new build differs
    _failing_replace(monkeypatch, fail_at=2)  # observations.csv renamed, then the "kill"
    with pytest.raises(storage.DiskError) as err:
        dataset.build(raw, built / "manual", out)
    assert "1 of 5 files were replaced" in str(err.value)
    monkeypatch.undo()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # the staging folder is gone
    with pytest.raises(storage.Inconsistent, match="observations.csv does not match manifest.json"):
        storage.verify(out)
    from de06.compare import read_rows

    with pytest.raises(storage.Inconsistent):  # a reader gets one clear line, not a mix
        read_rows(out / "documents.csv")
    assert "does not match" in dataset.stale(raw, out)
    assert dataset.ensure_current(raw, built / "manual", out) is not None
    storage.verify(out)
    assert "extra" in _docs(out) and dataset.stale(raw, out) is None


def test_2_leftovers_of_an_interrupted_build_are_removed_and_ignored_by_git(built):
    out = built / "processed"
    (out / ".audit.csv.k3j2x9").write_text("half", encoding="utf-8")
    (out / ".build-abc123").mkdir()
    (out / ".build-abc123" / "observations.csv").write_text("half", encoding="utf-8")
    dataset.build(built / "raw" / "reports", built / "manual", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    names = ["data/processed/.audit.csv.k3j2x9", "data/processed/.build-abc123/x.csv", "data/.de06.lock",
             "data/raw/reports/.ingest-x.part"]
    r = subprocess.run(["git", "check-ignore", *names], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.split() == names


def test_2_a_full_disk_leaves_the_old_files_and_no_temporary_file(built, monkeypatch):
    out = built / "processed"
    before = _snapshot(out)
    _failing_replace(monkeypatch, fail_at=1, err=errno.ENOSPC)
    with pytest.raises(storage.DiskError) as err:
        dataset.build(built / "raw" / "reports", built / "manual", out)
    assert "no space left on the disk" in str(err.value) and str(out) in str(err.value)
    monkeypatch.undo()
    assert _snapshot(out) == before


def test_2_the_build_refuses_a_raw_folder_that_changes_under_it(built, monkeypatch):
    raw, out = built / "raw" / "reports", built / "processed"
    before = _snapshot(out)
    real, n = dataset.tables, []

    def tables(r, m, progress=False):
        n.append(1)
        (raw / f"late-{len(n)}.txt").write_text(REPORTS["tra-vinh.txt"], encoding="utf-8")
        return real(r, m, progress)

    monkeypatch.setattr(dataset, "tables", tables)
    with pytest.raises(dataset.BuildError, match="changed while the dataset was being built"):
        dataset.build(raw, built / "manual", out)
    assert _snapshot(out) == before and len(n) == 2


# ---------------------------------------------------------------- 3. a killed ingest


def test_3_a_stored_report_missing_from_documents_is_rebuilt_by_the_next_ingest(tmp_path):
    root, files = _root(tmp_path), _files(tmp_path)
    assert _run(["ingest", files["tra-vinh.txt"], "--root", root]).returncode == 0
    # what an ingest killed after storing its file and before its rebuild leaves behind
    p = ingest.prepare(files["vinh-long.txt"])
    shutil.copy(files["vinh-long.txt"], root / "raw" / "reports" / f"{p.doc}.txt")
    assert p.doc not in _docs(root / "processed")
    assert "missing from documents.csv" in dataset.stale(root / "raw" / "reports", root / "processed")
    r = _run(["ingest", files["vinh-long.txt"], "--root", root])
    assert r.returncode == 0 and "the dataset was rebuilt" in r.stdout and "nothing to do" not in r.stdout
    assert p.doc in _docs(root / "processed")


def test_3_make_data_and_briefing_rebuild_a_dataset_missing_a_stored_report(tmp_path):
    root, files = _root(tmp_path), _files(tmp_path)
    raw, out = root / "raw" / "reports", root / "processed"
    assert _run(["ingest", files["tra-vinh.txt"], "--root", root]).returncode == 0
    p = ingest.prepare(files["vinh-long.txt"])
    shutil.copy(files["vinh-long.txt"], raw / f"{p.doc}.txt")
    r = _run(["build", "--if-stale", "--raw", raw, "--manual", root / "manual", "--out", out])
    assert r.returncode == 0 and "rebuilt: stored report(s) missing" in r.stdout and p.doc in _docs(out)
    r = _run(["build", "--if-stale", "--raw", raw, "--manual", root / "manual", "--out", out])
    assert r.returncode == 0 and r.stdout == ""  # current: nothing done
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "de06 build --if-stale" in makefile.split("\ndata:")[1].split("\n\n")[0]
    cli_source = (ROOT / "de06" / "cli.py").read_text(encoding="utf-8")
    assert "ensure_current(" in cli_source.split("def _briefing")[1].split("\ndef ")[0]


def test_3_an_ingest_killed_at_any_point_leaves_a_state_the_next_ingest_repairs(tmp_path):
    root, files = _root(tmp_path), _files(tmp_path)
    assert _run(["ingest", files["tra-vinh.txt"], "--root", root]).returncode == 0
    raw = root / "raw" / "reports"
    proc = subprocess.Popen(DE06 + ["ingest", str(files["vinh-long.txt"]), "--root", str(root)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(raw.glob("*.txt"))) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)  # stored, rebuild not finished (or finished: both must be fine)
    proc.wait()
    r = _run(["ingest", files["vinh-long.txt"], "--root", root])
    assert r.returncode == 0, r.stderr
    assert set(dataset.originals(raw)) == _docs(root / "processed") and len(_docs(root / "processed")) == 2
    assert not [p for p in raw.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- 4. mixed encodings


def _tcvn3(line: str) -> str:
    inverse = {v: chr(k) for k, v in legacy._TCVN3.items()}
    return "".join(inverse.get(c, c) for c in line)


def test_4_a_tcvn3_line_inside_a_unicode_report_is_converted(tmp_path):
    # seed 000: "- Thực hiện số hóa khoảng 142.884 hồ sơ giải quyết TTHC tiếp nhận và trả kết quả tại Trung tâm …"
    lines = SEEDS[0].read_text(encoding="utf-8").split("\n")
    i = next(n for n, x in enumerate(lines) if "142.884" in x)
    lines[i] = _tcvn3(lines[i])
    assert "Thùc hiÖn sè hãa" in lines[i]
    path = tmp_path / "mixed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = _run(["extract", path, "--format", "jsonl"])
    assert r.returncode == 0 and '"indicator": "records_digitized", "value": 142884' in r.stdout
    assert "Thực hiện số hóa khoảng 142.884 hồ sơ" in r.stdout and r.stderr == ""


def test_4_a_line_still_looking_like_mojibake_is_a_warning_naming_file_and_line(tmp_path):
    lines = SEEDS[0].read_text(encoding="utf-8").split("\n")
    lines[6] = "Ph¸t ¶ng ¬§ xÿ þ¤ ð¿ qu¶ng"  # font-encoding characters no conversion makes Vietnamese
    path = tmp_path / "left.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = _run(["extract", path, "--format", "jsonl"])
    assert r.returncode == 0
    assert r.stderr.startswith(f"de06: warning: {path}: line 7: ") and r.stderr.count("\n") == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy.repair("\n".join(lines), "left.txt")
    assert [str(w.message).split(": ")[:2] for w in caught] == [["left.txt", "line 7"]]


def test_4_unicode_reports_give_no_warning():
    for seed in SEEDS:
        with warnings.catch_warnings():
            warnings.simplefilter("error", legacy.LegacyTextWarning)
            readers.read_document(seed)


# ---------------------------------------------------------------- 5. manual rows

GOOD = "binh-duong,land_records_cleaned_rate,91,,,cumulative,2024-06,,https://example.org/a,,2024-07,,a test row\n"


@pytest.mark.parametrize("row, column, words", [
    (GOOD, "", "duplicate"),
    (GOOD.replace("2024-06,", "2024-13-45,"), "as_of", "not a real date"),
    (GOOD.replace(",2024-07,", ",2024-99-99,"), "source_date", "not a real date"),
    (GOOD.replace(",91,", ",inf,"), "value", "not a finite number"),
    (GOOD.replace(",91,", ",1e308,"), "value", "too large"),
    (GOOD.replace(",91,", ",0/0,"), "value", "not a number"),
    (GOOD.replace(",91,", ",abc,"), "value", "not a number"),
    (GOOD.replace("https://example.org/a,,", ",=1+2,"), "source_doc", "not an id"),
    (GOOD.replace("a test row", '"=HYPERLINK(""http://x"")"'), "note", "formula"),
    (GOOD.replace("a test row", "@SUM(A1)"), "note", "formula"),
])
def test_5_bad_manual_rows_are_refused_with_row_and_column(tmp_path, capsys, row, column, words):
    manual = _root(tmp_path, manual=True) / "manual"
    path = manual / "observations.csv"
    n = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as f:
        f.write(GOOD + row if column == "" else row)
    out = tmp_path / "out"
    shutil.copytree(ROOT / "data" / "processed", out)
    before = _snapshot(out)
    line = _one_line(_build_in_process(capsys, "--manual", manual, "--out", out))
    where = f"row {n + 2}" if column == "" else f"row {n + 1}, column {column}"
    assert "observations.csv" in line and where in line and words in line, line
    assert "coerce_dtype" not in line and "not_nullable" not in line and "None" not in line
    assert _snapshot(out) == before


# ---------------------------------------------------------------- 6. make ingest


def _fake_project(tmp_path: Path) -> Path:
    """The Makefile beside a stand-in .venv whose de06 prints its arguments one per line."""
    d = tmp_path / "proj"
    (d / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", d / "Makefile")
    (d / "pyproject.toml").write_text("", encoding="utf-8")
    os.utime(d / "pyproject.toml", (1, 1))
    (d / ".venv" / ".de06-installed").write_text("", encoding="utf-8")
    de06 = d / ".venv" / "bin" / "de06"
    de06.write_text('#!/bin/sh\nfor a; do printf "[%s]\\n" "$a"; done\n', encoding="utf-8")
    de06.chmod(0o755)
    return d


@pytest.mark.parametrize("name", ["x;touch PWNED;.txt", "$(shell touch PWNED)", "`touch PWNED`", "$$(touch PWNED).txt",
                                  "x' ; touch PWNED ; '.txt", "Báo cáo tháng 11 (bản cuối).txt"])
def test_6_make_ingest_passes_the_name_as_one_argument_and_runs_nothing(tmp_path, name):
    d = _fake_project(tmp_path)
    r = subprocess.run(["make", "-s", "ingest", f"FILE={name}"], cwd=d, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["[ingest]", "[--]", f"[{name}]"]
    assert not list(d.rglob("PWNED*"))


# ---------------------------------------------------------------- 7. formula-like cells


def test_7_a_formula_in_a_report_leaves_de06_as_text(tmp_path):
    text = ("BÁO CÁO\nKết quả thực hiện Đề án 06 trên địa bàn tỉnh Trà Vinh tháng 10/2025.\n\n"
            '=HYPERLINK("http://evil.example/x";"Trong tháng") đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%.\n')
    path = tmp_path / "formula.txt"
    path.write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(_run(["extract", path, "--format", "csv"]).stdout.splitlines()))
    assert rows and all(not r[k].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for k in r)
    import json

    obs = json.loads(_run(["extract", path, "--format", "jsonl"]).stdout.splitlines()[0])
    assert obs["quote"] == readers.read_document(path)[obs["start"]:obs["end"]]  # JSON and offsets exact
    root = _root(tmp_path)
    assert _run(["ingest", path, "--root", root]).returncode == 0
    for name in NAMES[:5]:
        for row in csv.reader((root / "processed" / name).read_text(encoding="utf-8").splitlines()):
            assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)


def test_7_csv_output_neutralises_formula_cells_and_json_stays_exact(capsys):
    row = {"doc": "d", "quote": '=HYPERLINK("http://evil.example/x")', "flags": "@SUM(A1)", "start": 5}
    cli._write([row], ["doc", "quote", "flags", "start"], "csv", header=True)
    got = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert got == [{"doc": "d", "quote": '\'=HYPERLINK("http://evil.example/x")', "flags": "'@SUM(A1)", "start": "5"}]
    import json

    cli._write([row], ["doc", "quote", "flags", "start"], "jsonl", header=True)
    assert json.loads(capsys.readouterr().out) == row


def test_7_processed_tables_neutralise_on_disk_and_load_exactly(tmp_path):
    from de06.compare import load_observations, read_rows

    rows = list(csv.DictReader((ROOT / "data" / "processed" / "observations.csv").open(encoding="utf-8")))[:2]
    rows[0]["quote"], rows[1]["note"] = "=HYPERLINK(\"http://evil.example/x\")", "-1+2"
    out = tmp_path / "processed"
    dataset._replace(out, {"observations.csv": dataset._csv(rows, dataset.OBS_COLUMNS, safe=True).encode("utf-8")})
    on_disk = (out / "observations.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in on_disk and ",'-1+2" in on_disk
    back = read_rows(out / "observations.csv")
    assert back[0]["quote"] == rows[0]["quote"] and back[1]["note"] == "-1+2"
    df = load_observations(out / "observations.csv")
    assert df["quote"].iloc[0] == rows[0]["quote"] and df["note"].iloc[1] == "-1+2"


@pytest.mark.parametrize("value", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted"])
def test_7_cells_round_trip(value):
    assert storage.cell(value)[0] == "'" and storage.uncell(storage.cell(value)) == value


def test_7_a_formula_in_a_correction_is_refused(tmp_path, capsys):
    manual = _root(tmp_path, manual=True) / "manual"
    with (manual / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write('000_758c85fa00e9b683,welfare_cashless_rate,,52.3,set,flags,"=cmd|\' /C calc\'!A0",a reason\n')
    line = _one_line(_build_in_process(capsys, "--manual", manual, "--out", tmp_path / "out"))
    assert "corrections.csv" in line and "row 4, column new_value" in line and "formula" in line


# ---------------------------------------------------------------- 9, 10. caps before work


def _pdf_bomb(path: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes (spaces)."""
    z = zlib.compressobj(9)
    block = b" " * (1 << 20)
    parts = [z.compress(block) for _ in range(inflated >> 20)] + [z.flush()]
    stream = b"".join(parts)
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream"]
    return _write_pdf(path, objs)


def _write_pdf(path: Path, objs: list[bytes]) -> Path:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_9_a_pdf_bomb_is_refused_before_parsing_and_data_is_unchanged(tmp_path):
    bomb = _pdf_bomb(tmp_path / "bomb.pdf", 256 << 20)
    assert bomb.stat().st_size < 1 << 20
    root = _root(tmp_path)
    assert _run(["ingest", tmp_path / "tra-vinh.txt" if False else _files(tmp_path)["tra-vinh.txt"],
                 "--root", root]).returncode == 0
    before = _snapshot(root)
    line = _one_line(_run(["ingest", bomb, "--root", root]))
    assert line == f"de06: {bomb}: refused: its compressed streams inflate to over 200 MB (a PDF bomb?)"
    assert _snapshot(root) == before


def _stream_pdf(path: Path, stream: bytes, filters: bytes) -> Path:
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            b"<</Length %d/Filter%s>>stream\n" % (len(stream), filters) + stream + b"\nendstream"]
    return _write_pdf(path, objs)


def test_9_bombs_behind_other_filters_are_refused_too(tmp_path):
    z = zlib.compressobj(9)
    flate = b"".join(z.compress(b" " * (1 << 20)) for _ in range(256)) + z.flush()
    hexed = _stream_pdf(tmp_path / "hex.pdf", flate.hex().encode() + b">", b"[/ASCIIHexDecode/FlateDecode]")
    runs = _stream_pdf(tmp_path / "rl.pdf", b"\x81 " * (2 << 20) + b"\x80", b"/RunLengthDecode")  # 2 bytes → 128
    for path in (hexed, runs):
        with pytest.raises(De06Error, match="inflate to over 200 MB"):
            readers.read_document(path)


def test_9_too_many_pages_are_refused_before_reading_them(tmp_path):
    n = readers.MAX_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % n]
    objs += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>"] * n
    path = _write_pdf(tmp_path / "pages.pdf", objs)
    line = _one_line(_run(["extract", path]))
    assert line == f"de06: {path}: refused: over {readers.MAX_PAGES} pages"


def test_9_a_small_real_pdf_still_reads(tmp_path):
    from fpdf import FPDF
    import matplotlib

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, REPORTS["tra-vinh.txt"].replace("\n", " "))
    pdf.output(str(tmp_path / "ok.pdf"))
    assert "55,17%" in readers.read_document(tmp_path / "ok.pdf")


def test_10_an_oversized_docx_body_is_refused_before_parsing(tmp_path, monkeypatch):
    import io
    import zipfile

    body = os.urandom(3 << 20).hex().encode()  # does not compress: the ratio check lets it through
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body)
    path = tmp_path / "big.docx"
    path.write_bytes(buf.getvalue())
    monkeypatch.setattr(readers, "MAX_DOCUMENT_XML", 1 << 20)
    with pytest.raises(De06Error, match=r"refused: the .docx body \(word/document.xml\) is 6 MB \(over 1 MB\)"):
        readers.read_document(path)


def test_10_text_over_the_cap_is_refused_naming_the_users_file_before_anything_is_written(tmp_path, monkeypatch):
    root, files = _root(tmp_path), _files(tmp_path)
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 100)
    with pytest.raises(De06Error) as err:
        ingest.ingest([files["tra-vinh.txt"]], root)
    assert str(err.value).startswith(f"{files['tra-vinh.txt']}: refused: its text is") and "raw" not in str(err.value)
    assert not (root / "raw").exists()


# ---------------------------------------------------------------- 11. non-regular files


def test_11_a_fifo_is_refused_at_once_by_extract_and_ingest(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    for args in (["extract", fifo], ["ingest", fifo, "--root", _root(tmp_path)]):
        line = _one_line(_run(args))  # _run's timeout would fire long before a hang ended
        assert line == f"de06: {fifo}: not a regular file (a named pipe (FIFO)); copy the report into a file first"


def test_11_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(De06Error, match="not a regular file \\(a device\\)"):
        readers.read_document(link)


# ---------------------------------------------------------------- 12, 13. errors a person can read


@pytest.mark.parametrize("value", ["abc", "12a"])
def test_12_a_correction_value_that_is_not_a_number_is_one_line_naming_the_file_and_row(tmp_path, capsys, value):
    manual = _root(tmp_path, manual=True) / "manual"
    with (manual / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write(f"000_758c85fa00e9b683,welfare_cashless_rate,,{value},drop,,,a reason\n")
    out = tmp_path / "out"
    shutil.copytree(ROOT / "data" / "processed", out)
    before = _snapshot(out)
    line = _one_line(_build_in_process(capsys, "--manual", manual, "--out", out))
    assert f"{manual / 'corrections.csv'}: row 4, column value: \"{value}\" is not a number" in line
    assert _snapshot(out) == before


def test_13_a_correction_setting_a_bad_value_names_corrections_not_the_processed_table(tmp_path, capsys):
    manual = _root(tmp_path, manual=True) / "manual"
    with (manual / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write("000_758c85fa00e9b683,welfare_cashless_rate,,52.3,set,value,abc,a reason\n")
    line = _one_line(_build_in_process(capsys, "--manual", manual, "--out", tmp_path / "out"))
    assert "corrections.csv: row 4, column new_value" in line and "processed/" not in line


@pytest.mark.parametrize("err, words", [(errno.ENOSPC, "no space left on the disk"),
                                        (errno.EROFS, "read-only file system"),
                                        (errno.EACCES, "no permission to write there")])
def test_12_a_build_that_cannot_write_is_one_line_exit_2(built, monkeypatch, capsys, err, words):
    _failing_replace(monkeypatch, fail_at=1, err=err)
    out = built / "processed"
    code = cli.main(["build", "--raw", str(built / "raw" / "reports"), "--manual", str(built / "manual"),
                     "--out", str(out)])
    e = capsys.readouterr().err
    assert code == 2 and e.count("\n") == 1 and words in e and str(out) in e and "Traceback" not in e


def test_13_a_full_disk_during_ingest_names_the_folder_that_is_full(tmp_path, monkeypatch, capsys):
    root, files = _root(tmp_path), _files(tmp_path)
    real = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).parent.name == "processed":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)
    assert cli.main(["ingest", str(files["tra-vinh.txt"]), "--root", str(root)]) == 2
    e = capsys.readouterr().err
    assert e.count("\n") == 1 and "nothing ingested" in e and "no space left" in e
    assert f"{root / 'processed'}" in e and "raw/reports" not in e
    assert not list((root / "raw" / "reports").iterdir()) if (root / "raw" / "reports").exists() else True


def test_12_a_render_on_a_full_disk_is_one_line(tmp_path, monkeypatch, capsys):
    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "x.html"))

    monkeypatch.setattr(briefing, "render_many", full)
    assert cli.main(["briefing", "--period", "2025-10", "--data", str(ROOT / "data" / "processed"),
                     "--out", str(tmp_path / "out")]) == 2
    e = capsys.readouterr().err
    assert e.count("\n") == 1 and "no space left on the disk" in e and "Traceback" not in e
    with pytest.raises(storage.DiskError, match="no space left"):
        monkeypatch.setattr(os, "replace", full)
        briefing._atomic_write(tmp_path / "b" / "x.html", b"<html>")
    assert [p.name for p in (tmp_path / "b").iterdir()] == []  # no 0-byte temporary file left


def test_13_a_name_starting_with_a_dash_is_explained(tmp_path):
    line = _one_line(_run(["ingest", "-leading.txt"], cwd=tmp_path))
    assert "-leading.txt: taken for an option" in line and "./-leading.txt" in line and "required" not in line
    (tmp_path / "-leading.txt").write_text(REPORTS["tra-vinh.txt"], encoding="utf-8")
    assert _run(["extract", "--", "-leading.txt"], cwd=tmp_path).returncode == 0


def test_13_a_newline_in_a_file_name_cannot_forge_a_second_line(tmp_path):
    name = tmp_path / "a.txt\nde06: other.txt: file over 50 MB"
    name.write_bytes(b"")
    r = _run(["extract", name])
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "a.txt?de06: other.txt" in r.stderr


# ---------------------------------------------------------------- 14. display


def test_14_bidi_controls_and_nuls_leave_no_trace_in_the_dataset_or_the_briefing(tmp_path):
    text = ("BÁO CÁO\nKết quả thực hiện Đề án 06 trên địa bàn tỉnh Trà Vinh tháng 10/2025\n"
            "Trong tháng (tệp gnp\u202e.exe\u2066x\u2069), đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%.\n")
    text += "x" * 70_000 + "\n" + "- Tổ chức thu nhận\x00 75.401 hồ sơ tài khoản định danh điện tử.\n"  # NUL after 64 KiB
    path = tmp_path / "bidi.txt"
    path.write_text(text, encoding="utf-8")
    root = _root(tmp_path)
    assert _run(["ingest", path, "--root", root]).returncode == 0
    processed = "".join((root / "processed" / n).read_text(encoding="utf-8") for n in NAMES)
    assert "\u202e" not in processed and "\x00" not in processed and "gnp.exe" in processed
    out = tmp_path / "out"
    r = _run(["briefing", "--period", "2025-10", "--place", "tra-vinh", "--lang", "vi", "--data", root / "processed",
              "--out", out])
    assert r.returncode == 0, r.stderr
    html = (out / "briefings" / "2025-10" / "tra-vinh.vi.html").read_text(encoding="utf-8")
    assert "gnp.exe" in html
    for bad in ("\u202e", "&#8238;", "&#x202e;", "&#x202E;", "\u2066", "\x00"):
        assert bad not in html


def test_14_html_escaping_drops_bidi_controls_from_any_text():
    from de06.sections import _e

    assert _e("gnp\u202e.exe <b>") == "gnp.exe &lt;b&gt;"


def test_14_a_killed_renders_leftovers_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    nb = out / "notebooks" / "2025-10"
    nb.mkdir(parents=True)
    (nb / f".tra-vinh.vi.ipynb.{dead.pid}.k2j3.ipynb").write_text("{}", encoding="utf-8")
    (nb / f".tra-vinh.vi.ipynb.{os.getpid()}.live.ipynb").write_text("{}", encoding="utf-8")  # a render running now
    kernel = Path(briefing.tempfile.gettempdir()) / f"de06-kernel-{dead.pid}-abc"
    kernel.mkdir(exist_ok=True)
    assert briefing.clean_leftovers(out) == 2
    assert [p.name for p in nb.iterdir()] == [f".tra-vinh.vi.ipynb.{os.getpid()}.live.ipynb"] and not kernel.exists()


def test_the_manifest_is_what_the_files_hash_to():
    m = (ROOT / "data" / "processed" / "manifest.json").read_text(encoding="utf-8")
    for name in NAMES[:5]:
        assert hashlib.sha256((ROOT / "data" / "processed" / name).read_bytes()).hexdigest() in m


def test_lock_wait_is_bounded_by_de06_lock_wait(tmp_path):
    holder = _hold_lock(tmp_path)
    try:
        with pytest.raises(storage.LockBusy, match=rf"\(pid {holder.pid}\)"):
            with storage.locked(tmp_path, wait=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()
    with storage.locked(tmp_path, wait=0.3):
        assert fcntl is not None
