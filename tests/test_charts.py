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
