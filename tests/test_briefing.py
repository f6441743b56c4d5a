"""Rendering briefings end to end: papermill runs the notebook in the de06 kernel, nbconvert exports it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from de06.briefing import BriefingError, Job, Workers, output_path, plan, render, render_many, write_index
from de06.compare import PROCESSED

JOBS = [("2025-10", "vinh-long-2025", "vi"), ("2025-10", "vinh-long-2025", "en"),
        ("2024-09", "thanh-hoa/vinh-phuc", "vi"), ("2022", "tra-vinh", "en")]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """Single cold renders: a new kernel for each briefing, as `de06 briefing --period … --place … --lang …` does."""
    out = tmp_path_factory.mktemp("serial")
    results = [render(Job(*j), out) for j in JOBS]
    write_index(out)
    return out, results


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_renders_land_where_the_issue_says(serial):
    out, results = serial
    paths = [p.relative_to(out).as_posix() for p, written in results]
    assert paths == ["briefings/2025-10/vinh-long-2025.vi.html", "briefings/2025-10/vinh-long-2025.en.html",
                     "briefings/2024-09/thanh-hoa--vinh-phuc.vi.html", "briefings/2022/tra-vinh.en.html"]
    assert all(written for _, written in results)
    assert (out / "notebooks/2025-10/vinh-long-2025.vi.ipynb").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p}"' in index for p in paths)


def test_vietnamese_html_has_the_figures_and_no_code_or_network(serial):
    out, _ = serial
    html = (out / "briefings/2025-10/vinh-long-2025.vi.html").read_text(encoding="utf-8")
    for text in ("55,17% (170.978/309.901)", "25,45%", "≥ 80%", "18,66 điểm %/tháng", "Chưa đủ dữ liệu để dự báo",
                 "82,16% (441.728/537.643)", "41,28% (318.886/772.562)", "367/BC-UBND"):
        assert text in html, text
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('rel="noopener noreferrer"', "")
                         .split('<ol class="notes">')[0])  # outside the source notes, no outside address at all
    assert "import " not in html and "display(" not in html  # no code cells
    assert "In&nbsp;[" not in html and "jp-InputPrompt" not in html  # no prompts
    assert "<title>Tóm tắt tiến độ Đề án 06 — Vĩnh Long — tháng 10/2025</title>" in html
    assert "Content-Security-Policy" in html and len(html) < 600_000


def test_english_html_uses_english_formats(serial):
    out, _ = serial
    html = (out / "briefings/2025-10/vinh-long-2025.en.html").read_text(encoding="utf-8")
    assert "55.17% (170,978/309,901)" in html and "3 Oct 2025" in html and 'lang="en"' in html


def test_other_periods_render(serial):
    out, _ = serial
    assert "97,73%" in (out / "briefings/2024-09/thanh-hoa--vinh-phuc.vi.html").read_text(encoding="utf-8")
    assert "14.87%" in (out / "briefings/2022/tra-vinh.en.html").read_text(encoding="utf-8")


def test_second_render_is_byte_identical_and_unchanged_inputs_write_nothing(serial, tmp_path):
    out, _ = serial
    first = output_path(Job(*JOBS[0]), out)
    before, mtime = _sha(first), first.stat().st_mtime_ns
    path, written = render(Job(*JOBS[0]), out)
    assert not written and first.stat().st_mtime_ns == mtime  # inputs unchanged: not rendered again
    path, written = render(Job(*JOBS[0]), out, force=True)
    assert written and _sha(path) == before


@pytest.mark.parametrize("workers", [1, 2, "started"])
def test_warm_kernel_batches_equal_single_cold_renders_byte_for_byte(serial, tmp_path, workers):
    """render_many keeps one kernel per worker for all its briefings (1 worker: one kernel renders all four, reset
    between them; "started": two workers started before the briefings were planned, their kernels preloaded); the
    HTML and the executed notebooks are the bytes of a fresh kernel per briefing."""
    out, _ = serial
    if workers == "started":
        with Workers(2) as pool:
            results = render_many([Job(*j) for j in JOBS], tmp_path, force=True, pool=pool)
    else:
        results = render_many([Job(*j) for j in JOBS], tmp_path, workers=workers, force=True)
    assert [p.relative_to(tmp_path) for p, _ in results] == [p.relative_to(out) for p, _ in serial[1]]
    for path, _ in results:
        rel = path.relative_to(tmp_path)
        assert _sha(path) == _sha(out / rel), rel
    notebooks = sorted(p.relative_to(out) for p in (out / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) == len(JOBS)
    for rel in notebooks:
        assert _sha(tmp_path / rel) == _sha(out / rel), rel
    assert _sha(tmp_path / "index.html") == _sha(out / "index.html")


def test_a_place_by_name_or_file_name_form_and_an_int_year():
    assert [j.place for j in plan("2025-10", "Vĩnh Long", "vi")] == ["vinh-long-2025"]
    assert [j.place for j in plan("2024-09", "thanh-hoa--vinh-phuc", "vi")] == ["thanh-hoa/vinh-phuc"]
    assert [j.place for j in plan("2024-09", "thanh-hoa-vinh-phuc", "vi")] == ["thanh-hoa/vinh-phuc"]
    assert [(j.period, j.place) for j in plan(2022, "tra vinh", "en")] == [("2022", "tra-vinh")]


def test_a_failing_cell_names_notebook_and_cell_keeps_the_notebook_and_the_old_html(tmp_path):
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data, ignore=shutil.ignore_patterns("manifest.json"))  # edited by hand below
    job = Job("2024-09", "thanh-hoa/vinh-phuc", "vi", data)
    good, _ = render(job, tmp_path / "out")
    before = _sha(good)
    (data / "observations.csv").write_text("doc,indicator\nx,y\n", encoding="utf-8")  # the kernel cannot load it
    with pytest.raises(BriefingError) as err:
        render(job, tmp_path / "out")
    msg = str(err.value)
    assert "briefing.ipynb: cell" in msg and "failed:" in msg and "\n" not in msg
    assert (tmp_path / "out/notebooks/2024-09/thanh-hoa--vinh-phuc.vi.ipynb").exists()
    assert _sha(good) == before
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize("args, message", [
    (["--period", "2025-13"], "period '2025-13' is not YYYY-MM"),
    (["--period", "oct"], "period 'oct' is not YYYY-MM"),
    (["--period", "2023-01"], "no report for period 2023-01; periods with data: 2022"),
    (["--period", "2025-10", "--place", "ha-noi"], "places with one: vinh-long-2025 (Vĩnh Long)"),
    (["--period", "2025-10", "--place", "vinh-lon"], "did you mean vinh-long-2025 (Vĩnh Long)?"),
    (["--period", "2025-10", "--lang", "fr"], "lang 'fr' is not one of vi, en, all"),
])
def test_cli_errors_are_one_line_exit_2_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "de06.cli", "briefing", *args, "--out", str(out)],
                       capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and message in r.stderr
    assert not out.exists()


def test_plan_defaults_to_every_place_and_both_languages():
    assert [(j.place, j.lang) for j in plan("2025-10")] == [("vinh-long-2025", "vi"), ("vinh-long-2025", "en")]


def test_a_warm_kernel_that_died_is_replaced_before_the_next_briefing(serial, tmp_path):
    import signal

    from de06 import briefing

    out, _ = serial
    first = briefing._kernel()
    try:
        os.kill(first.km.provisioner.pid, signal.SIGKILL)
        first.km.provisioner.process.wait(timeout=30)
        path, written = render(Job(*JOBS[3]), tmp_path, warm=True)
        assert written and briefing._KERNEL is not first
        assert _sha(path) == _sha(out / path.relative_to(tmp_path))
    finally:
        briefing.close_kernel()


def test_the_index_is_in_both_languages_with_place_names(serial):
    out, _ = serial
    index = (out / "index.html").read_text(encoding="utf-8")
    visible = re.sub(r"<[^>]+>", " ", index.split("<body>")[1])
    for text in ("tháng 10/2025", "October 2025", "Vĩnh Long", "xã Vĩnh Phúc (Thanh Hóa)", "Vĩnh Phúc commune (Thanh Hóa)",
                 "Trà Vinh", "Tiếng Việt", "English"):
        assert text in visible, text
    assert not re.search(r"(?<![\w-])(vinh-long-2025|thanh-hoa/vinh-phuc|tra-vinh)(?![\w-])", visible)
