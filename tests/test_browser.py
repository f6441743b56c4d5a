"""A rendered briefing in headless Chromium: no request but itself, no console error, no dialog, no sideways scroll.

Uses Debian's ``/usr/bin/chromium`` through Playwright's ``executable_path`` (Playwright never downloads a
browser here). ``.ci/run`` installs Chromium when it is missing and sets ``DE06_REQUIRE_BROWSER=1``, so in CI
a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from de06.briefing import Job, render
from de06.dataset import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent

if not CHROMIUM:
    if os.environ.get("DE06_REQUIRE_BROWSER"):
        pytest.fail("Chromium is required (DE06_REQUIRE_BROWSER=1) but not installed", pytrace=False)
    pytest.skip("Chromium not installed (apt-get install -y chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The 2025-10 briefing, and one made from a report that carries a script next to a real figure."""
    tmp = tmp_path_factory.mktemp("browser")
    real, _ = render(Job("2025-10", "vinh-long-2025", "vi"), tmp / "out")
    raw = tmp / "raw"
    raw.mkdir()
    seed = (ROOT / "tests/data/seeds/000_758c85fa00e9b683.txt").read_text(encoding="utf-8")
    evil = seed.replace("Trong tháng, đã tiếp nhận", "<script>alert(1)</script> Trong tháng, đã tiếp nhận", 1)
    assert evil != seed
    (raw / "000_758c85fa00e9b683.txt").write_text(evil, encoding="utf-8")
    build(raw, ROOT / "tests/data/manual", tmp / "processed")
    hostile, _ = render(Job("2025-10", "vinh-long-2025", "vi", tmp / "processed"), tmp / "out2")
    return {"real": real, "hostile": hostile}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _open(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors, dialogs


@pytest.mark.parametrize("width", [1280, 390])
def test_briefing_is_self_contained_and_fits_the_screen(browser, pages, width, tmp_path):
    page, requests, errors, dialogs = _open(browser, pages["real"], width)
    assert requests == [pages["real"].as_uri()]  # images are data: URIs, nothing else is fetched
    assert errors == [] and dialogs == []
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"horizontal scroll at {width}px: {scroll} > {client}"
    assert page.locator("img").count() >= 2 and page.evaluate(
        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(tmp_path / f"briefing-{width}.png"), full_page=True)
    assert (tmp_path / f"briefing-{width}.png").stat().st_size > 10_000
    page.close()


def test_a_script_in_a_report_shows_as_text_and_never_runs(browser, pages):
    html = pages["hostile"].read_text(encoding="utf-8")
    assert "55,17% (170.978/309.901)" in html  # the figure next to the script is still extracted
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page, requests, errors, dialogs = _open(browser, pages["hostile"], 1280)
    assert dialogs == [] and errors == [] and requests == [pages["hostile"].as_uri()]
    assert "<script>alert(1)</script>" in page.inner_text("body")
    page.close()


def test_citation_links_jump_to_their_notes(browser, pages):
    page, *_ = _open(browser, pages["real"], 1280)
    first = page.locator("sup.cite a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible()
    page.close()
