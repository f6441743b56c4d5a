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
    english, _ = render(Job("2025-10", "vinh-long-2025", "en"), tmp / "out")
    raw = tmp / "raw"
    raw.mkdir()
    seed = (ROOT / "tests/data/seeds/000_758c85fa00e9b683.txt").read_text(encoding="utf-8")
    evil = seed.replace("Trong tháng, đã tiếp nhận", "<script>alert(1)</script> Trong tháng, đã tiếp nhận", 1)
    assert evil != seed
    (raw / "000_758c85fa00e9b683.txt").write_text(evil, encoding="utf-8")
    build(raw, ROOT / "tests/data/manual", tmp / "processed")
    hostile, _ = render(Job("2025-10", "vinh-long-2025", "vi", tmp / "processed"), tmp / "out2")
    return {"real": real, "hostile": hostile, "en": english}


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


# ---------------------------------------------------------------- what a reader sees first, on a phone, on paper
def test_at_a_glance_starts_on_the_first_screen_with_every_target_s_status(browser, pages):
    from de06.sections import Briefing

    targets = len(Briefing("2025-10", "vinh-long-2025", "vi").target_rows())
    page, *_ = _open(browser, pages["real"], 1280)
    box = page.locator("#at-a-glance").bounding_box()
    statuses = page.locator("#at-a-glance .status")
    assert box["y"] < 300 and statuses.count() == targets == 2
    for i in range(targets):
        b = statuses.nth(i).bounding_box()
        assert b["y"] + b["height"] <= 900, f"status {i} below the first screen: {b}"
    page.close()


@pytest.mark.parametrize("key", ["real", "en"])
def test_on_a_phone_nothing_scrolls_sideways_the_summary_stacks_and_charts_keep_their_size(browser, pages, key):
    page, *_ = _open(browser, pages[key], 390)
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client
    lefts = page.evaluate("['.glance-changes', '.glance-alerts', '.glance-age'].map("
                          "s => document.querySelector(s).getBoundingClientRect().left)")
    assert len(set(lefts)) == 1  # one column
    # the phone variant (340 px wide) is shown unscaled: its ≥ 11 px text stays ≥ 10 px
    sizes = page.evaluate("Array.from(document.querySelectorAll('figure img')).map(i => [i.naturalWidth, i.width])")
    assert sizes and all(natural == 340 and shown >= 0.95 * natural for natural, shown in sizes), sizes
    page.close()


# "in" (to print) and "to" (big) are Vietnamese words too: "đề nghị in thẻ Căn cước"
COMMON_ENGLISH = {"the", "and", "of", "from", "source", "sources", "states", "stated", "notes", "note", "merged",
                  "flag", "on", "by", "for", "with", "is", "are", "not", "or", "but", "first", "half",
                  "year", "month", "data", "figure", "points", "point", "target", "deadline", "keep", "own", "counts",
                  "give", "about", "over", "national", "technical", "english", "accounts", "facilities", "million",
                  "secondary", "approved", "applications", "issued", "entered", "hand", "published", "chart"}


def _visible_text(browser, path: Path) -> str:
    page, *_ = _open(browser, path, 1280)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.inner_text("body")
    page.close()
    return text


def test_the_vietnamese_briefing_shows_no_english_and_no_iso_date(browser, pages):
    import re

    text = _visible_text(browser, pages["real"])
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    assert words & COMMON_ENGLISH == set()
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", text)
    assert "16/10/2025" in text and "03/10/2025" in text


def test_the_english_briefing_shows_names_and_english_dates_never_ids_or_iso_dates(browser, pages):
    import csv
    import re

    text = _visible_text(browser, pages["en"])
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", text)
    with (ROOT / "data/reference/places.csv").open(encoding="utf-8") as f:
        ids = [r["id"] for r in csv.DictReader(f) if "-" in r["id"]]
    found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert found == []
    assert "16 Oct 2025" in text and "former Trà Vinh" in text and "Vĩnh Long" in text


@pytest.mark.parametrize("key", ["real", "en"])
def test_printed_on_a4_it_fits_six_pages_with_the_source_notes(browser, pages, key):
    import re

    page, *_ = _open(browser, pages[key], 1280)
    pdf = page.pdf(format="A4")
    page.close()
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= count <= 6, count
    page, *_ = _open(browser, pages[key], 1280)
    page.emulate_media(media="print")
    assert page.locator("ol.notes li").first.is_visible()  # the notes are printed, not hidden
    page.close()
