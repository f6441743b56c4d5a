"""The review page (``de06 review PATH|DOC``): every numeral of the report marked, the figure table with its
commands, and in headless Chromium no request, no console error, no sideways scroll at 390 px, a script in a
report shown as text.

Seed 000 (``000_758c85fa00e9b683``) says "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%"
and is dated "Vĩnh Long, ngày 16 tháng 10 năm 2025".
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from de06 import cli, corrections, review
from de06.dataset import build

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_758c85fa00e9b683"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A copy of data/ whose seed 000 carries a script before a real figure, built, with one figure fixed and
    one rejected."""
    root = tmp_path_factory.mktemp("review") / "data"
    shutil.copytree(ROOT / "tests" / "data" / "seeds", root / "raw" / "reports")
    shutil.copytree(ROOT / "tests" / "data" / "manual", root / "manual")
    seed = root / "raw" / "reports" / f"{SEED}.txt"
    text = seed.read_text(encoding="utf-8")
    evil = text.replace("Trong tháng, đã tiếp nhận", "<script>alert(1)</script> Trong tháng, đã tiếp nhận", 1)
    assert evil != text
    seed.write_text(evil, encoding="utf-8")
    build(root / "raw" / "reports", root / "manual", root / "processed")
    return root


def _ref(root: Path, indicator: str) -> str:
    from de06.processed import load

    return next(r["ref"] for r in load("observations", root / "processed") if r["doc"] == SEED and r["indicator"] == indicator)


@pytest.fixture(scope="module")
def corrected(root) -> dict:
    refs = {"fixed": _ref(root, "online_application_rate"), "rejected": _ref(root, "budget_vnd")}
    corrections.fix(SEED, refs["fixed"], ["value=56.17"], "kiểm tra lại bản giấy", root)
    corrections.reject(SEED, refs["rejected"], "không phải kinh phí Đề án 06", root)
    return refs


@pytest.fixture(scope="module")
def page_path(root, corrected, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    assert cli.main(["review", str(root / "raw" / "reports" / f"{SEED}.txt"), "--out", str(out), "--root", str(root)]) == 0
    return out / f"{SEED}.html"


def test_the_page_marks_each_numeral_by_what_de06_made_of_it(page_path):
    html = page_path.read_text(encoding="utf-8")
    # 55,17 is the value of online_application_rate; "16" of "ngày 16 tháng 10 năm 2025" is a date
    assert re.search(r'<mark class="observation" title="observation: online_application_rate \([0-9a-f]{8}\)">'
                     r'<a href="#f-[0-9a-f]{8}">55,17</a></mark>', html)
    assert '<span class="ignored" title="ignored: date">16</span>' in html
    assert "ignored: not a catalogued figure" in html


def test_the_table_shows_corrections_and_the_command_for_each_row(page_path, corrected):
    html = page_path.read_text(encoding="utf-8")
    fixed, rejected = corrected["fixed"], corrected["rejected"]
    row = re.search(rf'<tr class="observation"><td data-label="ref" class="ref"><a id="f-{fixed}"></a>.*?</tr>', html).group()
    assert "56.17" in row and "fixed value=56.17: kiểm tra lại bản giấy" in row
    assert f"de06 reject {SEED} {fixed} --reason" in row and f"de06 fix {SEED} {fixed} value=56.17 --reason" in row
    gone = re.search(rf'<tr class="rejected">.*?id="f-{rejected}".*?</tr>', html).group()
    assert "rejected: không phải kinh phí Đề án 06" in gone and "de06 fix" not in gone


def test_report_text_is_escaped(page_path):
    html = page_path.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html


def test_the_same_inputs_give_the_same_bytes(root, corrected, page_path, tmp_path):
    again = review.write(SEED, tmp_path, root=root)
    assert again.read_bytes() == page_path.read_bytes()


def test_an_unknown_document_is_one_line_naming_the_nearest(root, capsys, tmp_path):
    assert cli.main(["review", "000_758c85fa00e9b68", "--out", str(tmp_path), "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and SEED in err and list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("DE06_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (DE06_REQUIRE_BROWSER=1) but not installed", pytrace=False)
        pytest.skip("Chromium not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_in_chromium_no_request_no_error_no_sideways_scroll_and_the_script_is_text(browser, page_path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    assert requests == [page_path.as_uri()] and errors == [] and dialogs == []
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"horizontal scroll at {width}px: {scroll} > {client}"
    assert "<script>alert(1)</script>" in page.inner_text("body")
    page.close()
