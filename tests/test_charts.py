"""Charts render in both languages, with every Vietnamese glyph, byte-stably."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import pytest

from de06 import charts
from de06.compare import comparable

# Vĩnh Long, 000: "đạt tỷ lệ 25,45%" on 03/10/2025; plan 001: "đạt từ 80% trở lên"
ASSESSMENT = SimpleNamespace(current=25.45, target=80, comparator=">=", deadline="2025-12-31", projected=40.0,
                             interval80=(35.0, 45.0), interval95=(30.0, 50.0))
TITLE = "Tỷ lệ tích hợp Sổ sức khỏe điện tử trên VNeID — Vĩnh Long (ỹ ữ ặ đ)"


def _figures(lang):
    return [
        charts.bullet(ASSESSMENT, TITLE, lang),
        charts.trend([("2025-08-01", 20.0), ("2025-10-03", 25.45)], ASSESSMENT, TITLE, lang),
        charts.comparison(comparable("online_application_rate"), TITLE, lang),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_charts_render_without_missing_glyph_warnings(lang, fmt):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = [charts.save(f, fmt) for f in _figures(lang)]
    assert not [w for w in caught if "glyph" in str(w.message).lower()], [str(w.message) for w in caught]
    assert all(len(b) > 1000 for b in out)
    assert all(b.startswith(b"\x89PNG") for b in out) if fmt == "png" else all(b"<svg" in b for b in out)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_same_figure_same_bytes(fmt):
    a = [charts.save(f, fmt) for f in _figures("vi")]
    b = [charts.save(f, fmt) for f in _figures("vi")]
    assert a == b


def test_svg_carries_no_date():
    svg = charts.save(_figures("en")[0], "svg").decode()
    assert "<dc:date>" not in svg


# ---------------------------------------------------------------- every chart of every seed briefing
def _briefing_figures(monkeypatch):
    """Every figure the seed briefings draw (both languages, desk and phone variants), captured as it is saved."""
    from de06.sections import Briefing, reports_by_period

    seen = []
    real = charts.save

    def record(fig, fmt="png"):
        seen.append((fig.get_size_inches()[0], charts.overlaps(fig), _smallest_text_px(fig), _tick_texts(fig),
                     _bar_labels(fig)))
        return real(fig, fmt)

    monkeypatch.setattr(charts, "save", record)
    monkeypatch.setattr(charts, "png", lambda draw, *a, **k: charts.save(draw(*a, **k), "png"))  # every draw, none remembered
    for period, found in reports_by_period().items():
        for place in found:
            for lang in ("vi", "en"):
                b = Briefing(period, place, lang)
                b.targets(), b.comparison()
                seen_here = len(seen)
                assert seen_here % 2 == 0  # every chart comes as a pair: desk and phone
    return seen


def _bar_labels(fig) -> list[str]:
    """The place · date labels of a comparison chart (y tick labels, or the texts above the bars on a phone)."""
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    return ticks or [t.get_text() for t in ax.texts if " · " in t.get_text()]


def _smallest_text_px(fig) -> float:
    return min(t.get_fontsize() for t in charts.texts(fig)) * fig.dpi / 72


def _tick_texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()] + \
        [ax.xaxis.get_offset_text().get_text() + ax.yaxis.get_offset_text().get_text() for ax in fig.axes]


@pytest.fixture(scope="module")
def briefing_figures():
    mp = pytest.MonkeyPatch()
    try:
        figures = _briefing_figures(mp)
    finally:
        mp.undo()  # at once: the tests after these in this module see the real charts.save and charts.png
    yield figures


def test_no_text_of_any_briefing_chart_overlaps_another_or_leaves_the_figure(briefing_figures):
    assert len(briefing_figures) >= 20
    bad = [o for _, o, *_ in briefing_figures if o]
    assert bad == []


def test_phone_charts_are_drawn_narrow_with_text_of_at_least_10_px(briefing_figures):
    # shown at their own size (340 px) in a 390 px screen, so text keeps the size it is drawn at
    narrow = [px for width, _, px, *_ in briefing_figures if width == charts.NARROW]
    wide = [px for width, _, px, *_ in briefing_figures if width == charts.WIDE]
    assert len(narrow) == len(wide) > 0
    assert min(narrow) >= 10 and charts.NARROW * 100 <= 350


def test_axes_carry_no_offset_or_scientific_notation_and_no_iso_dates(briefing_figures):
    import re

    for *_, ticks, _ in briefing_figures:
        for t in ticks:
            assert not re.search(r"1e\d|×10|\d{4}-\d{2}", t), t


def test_no_two_bars_carry_the_same_label(briefing_figures):
    # Vĩnh Long (merged, 32,47%) and Vĩnh Long cũ (82,16%) on 16/10/2025; a month and a running total on 09/10/2025
    labels = [x for *_, bars in briefing_figures for x in [bars] if bars]
    assert labels and all(len(set(x)) == len(x) for x in labels), [x for x in labels if len(set(x)) != len(x)]
    assert any("Vĩnh Long cũ · 16/10/2025" in x for x in labels) and any("former Vĩnh Long · 16 Oct 2025" in x
                                                                        for x in labels)


@pytest.mark.parametrize("lang, ticks, legend", [
    ("vi", ["09/2025", "11/2025", "01/2026"], ["Mục tiêu ≥ 80%", "Hạn 31/12/2025", "Dự báo"]),
    ("en", ["Sept 2025", "Nov 2025", "Jan 2026"], ["Target ≥ 80%", "Deadline 31 Dec 2025", "Projection"]),
])
def test_trend_axes_and_legend_speak_the_briefing_s_language(lang, ticks, legend):
    fig = charts.trend([("2025-08-01", 20.0), ("2025-10-03", 25.45)], ASSESSMENT, "", lang)
    fig.canvas.draw()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_text()] == ticks
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= set(legend)
    assert "25%" in [t.get_text() for t in ax.get_yticklabels()]
    charts.save(fig)


@pytest.mark.parametrize("lang, words", [("vi", "Sọc chéo: địa giới đã đổi"), ("en", "Hatched: territory changed")])
def test_hatching_is_explained_in_words(lang, words):
    fig = charts.comparison(comparable("online_application_rate"), "", lang)
    assert any(words in t.get_text() for t in fig.axes[0].get_legend().get_texts())
    charts.save(fig)


def test_count_axis_has_grouped_numbers_not_an_offset():
    from types import SimpleNamespace

    a = SimpleNamespace(current=4152807, target=5000000, comparator=">=", deadline="2025-12-31", projected=None,
                        interval80=None, interval95=None)
    fig = charts.bullet(a, "", "vi", unit="count")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert any("." in x and len(x) >= 9 for x in labels), labels  # 2.000.000, not 2 with a 1e6 offset
    assert fig.axes[0].xaxis.get_offset_text().get_text() == ""
    charts.save(fig)


def test_a_remembered_chart_is_the_chart_a_fresh_draw_gives_and_new_data_draws_anew():
    t = comparable("online_application_rate")
    t = t.assign(place=t["jurisdiction"])
    fresh = charts.save(charts.comparison(t, "", "vi"), "png")
    charts._PNGS.clear()
    assert charts.png(charts.comparison, t, "", "vi") == fresh
    assert charts.png(charts.comparison, t.copy(), "", "vi") == fresh  # the same content: remembered
    assert len(charts._PNGS) == 1
    changed = t.assign(value=t["value"] + 1.0)
    assert charts.png(charts.comparison, changed, "", "vi") == charts.save(charts.comparison(changed, "", "vi"), "png")
    assert charts.png(charts.comparison, changed, "", "vi") != fresh
    assert charts.png(charts.comparison, t, "", "en") != fresh
    assert len(charts._PNGS) == 3
