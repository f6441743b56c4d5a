"""The charts an analyst reads: value against target, trend with its projection, places compared.

Each function returns a matplotlib Figure and draws nothing else; :func:`save`
writes PNG or SVG byte-stably (no date, fixed SVG ids), so a briefing rendered
twice is identical. Labels come in Vietnamese or English, numbers and dates
through :mod:`de06.formats` (``25,45%``, ``10/2025``; ``25.45%``, ``Oct 2025``),
never in offset or scientific notation; comparators as ``≥``/``≤``. Every label
sits where no other text is (a legend, not text on a line); the test suite
checks the text boxes of every chart for overlaps.

``narrow=True`` draws the phone variant: 340 px wide at 100 dpi, so shown at
its own size on a 390 px screen, with no text under 8 pt (11 px). DejaVu Sans,
which matplotlib ships, carries every Vietnamese diacritic.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np

__all__ = ["bullet", "trend", "comparison", "save", "png", "texts", "overlaps", "LABELS", "WIDE", "NARROW", "MIN_FONT_PT"]

LABELS = {
    "vi": {"current": "Hiện tại", "target": "Mục tiêu", "deadline": "Hạn", "projection": "Dự báo",
           "interval80": "Khoảng 80%", "interval95": "Khoảng 95%", "observed": "Số liệu",
           "changed": "Sọc chéo: địa giới đã đổi (sáp nhập 01/07/2025)", "same": "Địa giới không đổi",
           "period": "trong kỳ", "cumulative": "lũy kế", "percent": "%", "count": "số lượng", "vnd": "đồng"},
    "en": {"current": "Current", "target": "Target", "deadline": "Deadline", "projection": "Projection",
           "interval80": "80% interval", "interval95": "95% interval", "observed": "Observed",
           "changed": "Hatched: territory changed (merger of 1 Jul 2025)", "same": "Territory unchanged",
           "period": "in the period", "cumulative": "running total", "percent": "%", "count": "count", "vnd": "dong"},
}
WIDE, NARROW = 6.4, 3.4  # figure widths in inches (100 dpi): 640 px on a desk, 340 px on a phone
MIN_FONT_PT = 8  # 8 pt at 100 dpi = 11.1 px
DPI = 100
_BLUE, _LIGHT, _RED, _GREY = "#2b6cb0", "#90cdf4", "#c53030", "#718096"


STYLE = {"font.family": "DejaVu Sans", "svg.hashsalt": "de06", "svg.fonttype": "path", "figure.dpi": DPI,
         "savefig.dpi": DPI, "axes.spines.top": False, "axes.spines.right": False, "axes.formatter.useoffset": False,
         "axes.formatter.limits": (-99, 99), "font.size": 9, "legend.fontsize": 8, "xtick.labelsize": 8,
         "ytick.labelsize": 8, "hatch.linewidth": 1.0, "text.hinting": "no_hinting"}


def _axes(width: float, height: float):
    """A new figure of ``width`` × ``height`` inches on its own Agg canvas, with its one axes.

    No pyplot: the figure is not registered anywhere (nothing to close, no backend to select) and is freed with its
    last reference.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(STYLE)
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _num(v: float, lang: str) -> str:
    from de06.formats import number

    return number(v, lang)


def _value(v: float, unit: str, lang: str) -> str:
    """A tick or a label: ``25,45%`` for a rate, ``4.152.807`` for a count, ``1,2 tỷ`` never — whole numbers."""
    return _num(v, lang) + ("%" if unit == "percent" else "")


def _day(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def _d(v, lang: str) -> str:
    from de06.formats import date as fmt_date

    return fmt_date(_day(v), lang) if v else ""


def _month(d: date, lang: str) -> str:
    """An axis date: ``10/2025`` (vi) or ``Oct 2025`` (en)."""
    from babel.dates import format_date

    return f"{d.month:02d}/{d.year}" if lang == "vi" else format_date(d, "MMM yyyy", locale="en_GB")


def _cmp(comparator: str) -> str:
    return {">=": "≥", "<=": "≤"}.get(comparator, comparator)


def _value_axis(axis, unit: str, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=4 if unit == "percent" else 3, min_n_ticks=2))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _value(v, unit, lang)))


def bullet(assessment, title: str = "", lang: str = "vi", unit: str = "percent", narrow: bool = False):
    """Current value as a bar against the target line (0–100 for a rate); the target is named in the legend."""
    L = LABELS[lang]
    a = assessment
    current = a.current or 0
    fig, ax = _axes(NARROW if narrow else WIDE, 1.7 if narrow else 1.5)
    top = 100 if unit == "percent" else max(a.target, current) * 1.15
    ax.barh([0], [top], color="#eeeeee", height=0.8)
    ax.barh([0], [current], color=_BLUE, height=0.4, label=f"{L['current']} {_value(current, unit, lang)}")
    ax.axvline(a.target, color=_RED, linewidth=2.5,
               label=f"{L['target']} {_cmp(a.comparator)} {_value(a.target, unit, lang)}")
    ax.set_xlim(0, top)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    _value_axis(ax.xaxis, unit, lang)
    if title:
        ax.set_title(title, fontsize=9, loc="left")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0 if not title else 1.15), ncol=2, frameon=False,
              borderaxespad=0.2, handlelength=1.2)
    fig.tight_layout(pad=0.3)
    return fig


def trend(points, assessment, title: str = "", lang: str = "vi", unit: str = "percent", narrow: bool = False):
    """Observed points, the projection to the deadline with its 80% and 95% intervals, the target and deadline."""
    from matplotlib.dates import AutoDateLocator
    from matplotlib.ticker import FuncFormatter

    import matplotlib.dates as mdates

    L = LABELS[lang]
    a = assessment
    pts = sorted((_day(d), float(v)) for d, v in points)
    fig, ax = _axes(NARROW if narrow else WIDE, 3.4 if narrow else 2.8)
    if pts:
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=_BLUE, label=L["observed"])
    deadline = _day(a.deadline) if a.deadline else None
    if deadline and a.projected is not None and pts:
        ax.plot([pts[-1][0], deadline], [pts[-1][1], a.projected], "--", color=_BLUE, label=L["projection"])
        for key, width in (("interval95", 10), ("interval80", 5)):
            iv = getattr(a, key)
            if iv:
                ax.vlines(deadline, iv[0], iv[1], color=_LIGHT if key == "interval80" else "#bee3f8",
                          linewidth=width, label=L[key])
    ax.axhline(a.target, color=_RED, linewidth=1.5,
               label=f"{L['target']} {_cmp(a.comparator)} {_value(a.target, unit, lang)}")
    if deadline:
        ax.axvline(deadline, color=_GREY, linestyle=":", linewidth=1.2, label=f"{L['deadline']} {_d(deadline, lang)}")
    if unit == "percent":
        ax.set_ylim(0, 100)
    _value_axis(ax.yaxis, unit, lang)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=3 if narrow else 5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _month(mdates.num2date(v).date(), lang)))
    if title:
        ax.set_title(title, fontsize=9, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0 if not narrow else 0.0, 1.0 if not narrow else -0.12),
              ncol=1 if not narrow else 2, frameon=False, borderaxespad=0.2, handlelength=1.5)
    fig.tight_layout(pad=0.3)
    return fig


def comparison(table, title: str = "", lang: str = "vi", narrow: bool = False):
    """One bar per place and date from :func:`de06.compare.comparable`; territories that changed are hatched,
    and a legend says so in words. Two figures of one place and date (a month and a running total) say which
    is which."""
    from matplotlib.patches import Patch

    L = LABELS[lang]
    rows = list(table.itertuples(index=False))
    per_row = 0.5 if narrow else 0.3
    fig, ax = _axes(NARROW if narrow else WIDE, 0.9 + per_row * max(1, len(rows)))
    labels = [f"{r.place} · {_d(r.date, lang)}" for r in rows]
    labels = [f"{x} ({L.get(r.scope, r.scope)})" if labels.count(x) > 1 else x for x, r in zip(labels, rows)]
    changed = [bool(r.successor or r.absorbed) for r in rows]
    bars = ax.barh(range(len(rows)), [r.value for r in rows], color=_BLUE, height=0.4 if narrow else 0.7)
    for b, c in zip(bars, changed):
        if c:
            b.set_hatch("///")
            b.set_facecolor(_LIGHT)
            b.set_edgecolor(_BLUE)
    if narrow:  # on a phone the names go above their bars, so the bars keep the width
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        for i, label in enumerate(labels):
            ax.text(0, i - 0.26, label, va="bottom", ha="left", fontsize=8)
        ax.set_ylim(len(rows) - 0.6, -0.85)
    else:
        ax.set_yticks(range(len(rows)), labels)
        ax.invert_yaxis()
    unit = rows[0].unit if rows else "percent"
    for i, r in enumerate(rows):
        ax.text(r.value, i, f" {_value(r.value, unit, lang)}", va="center", fontsize=8)
    top = max([r.value for r in rows] or [1])
    ax.set_xlim(0, 100 * 1.22 if unit == "percent" else top * 1.3)
    _value_axis(ax.xaxis, unit, lang)
    if unit == "percent":
        from matplotlib.ticker import FixedLocator

        ax.xaxis.set_major_locator(FixedLocator([0, 50, 100] if narrow else [0, 25, 50, 75, 100]))
    if title:
        ax.set_title(title, fontsize=9, loc="left")
    if any(changed):
        import textwrap

        wrap = (lambda s: textwrap.fill(s, 32)) if narrow else (lambda s: s)  # noqa: E731
        handles = [Patch(facecolor=_LIGHT, edgecolor=_BLUE, hatch="///", label=wrap(L["changed"]))]
        if not all(changed):
            handles.append(Patch(facecolor=_BLUE, label=wrap(L["same"])))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.5 / max(1, len(rows)) - 0.08),
                  ncol=1, frameon=False, borderaxespad=0, handlelength=1.6)
    fig.tight_layout(pad=0.3)
    return fig


def texts(fig) -> list:
    """The visible, non-empty Text artists of a figure (titles, tick labels, legend entries, annotations)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_figure() is not None]


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes intersect, and texts that run off the figure, as ``(text, text or "<edge>")``."""
    renderer = fig.canvas.get_renderer()
    items = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(fig)]
    frame = fig.bbox
    out = []
    for i, (s, b) in enumerate(items):
        if b.x0 < frame.x0 - 0.5 or b.y0 < frame.y0 - 0.5 or b.x1 > frame.x1 + 0.5 or b.y1 > frame.y1 + 0.5:
            out.append((s, "<edge>"))
        for s2, b2 in items[i + 1:]:
            if b.x0 < b2.x1 - 0.5 and b2.x0 < b.x1 - 0.5 and b.y0 < b2.y1 - 0.5 and b2.y0 < b.y1 - 0.5:
                out.append((s, s2))
    return out


def save(fig, fmt: str = "png") -> bytes:
    """The figure as PNG or SVG bytes, with no date or software stamp.

    PNG: one draw on the figure's own canvas — whose renderer already holds the text metrics the layout measured —
    and the pixels, opaque on their white background, written by PIL with a palette of 64 colours (a chart has a
    handful, plus the shades of anti-aliased edges): a third of the bytes of full RGB, which every step after the
    kernel (its messages, the executed notebook, the export, the page) carries as base64. (``savefig`` would
    measure every text again on a fresh renderer first.)
    """
    buf = io.BytesIO()
    if fmt == "png":
        from PIL import Image

        fig.canvas.draw()
        rgb = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3])
        rgb.quantize(64, method=Image.Quantize.FASTOCTREE).save(buf, format="png")
    else:
        fig.savefig(buf, format=fmt, metadata={"Date": None, "Creator": None})
    return buf.getvalue()


_PNGS: dict[tuple, bytes] = {}  # drawn charts by what they show, in this process (a warm kernel keeps it)
_PNG_ROOM = 128


def png(draw, *args, **kwargs) -> bytes:
    """``save(draw(*args, **kwargs), "png")``, remembered by the chart's inputs: a batch of briefings draws the same
    comparison (2025 and 2025-10 of one place, say) once. The key is what the chart shows — a table by the digest
    of its columns, types, index and cells, each by its ``repr`` (0.3 ms for a comparison table, where pandas' own
    row hashing took 4 ms); every other argument by its ``repr`` — so the bytes are those a fresh draw gives.
    An argument without a faithful ``repr`` (``<… at 0x…>``) is never remembered.
    """
    key = (draw.__name__, tuple(map(_key, args)), tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
    if any(" at 0x" in str(part) for part in key):
        return save(draw(*args, **kwargs), "png")
    hit = _PNGS.get(key)
    if hit is None:
        if len(_PNGS) >= _PNG_ROOM:
            _PNGS.pop(next(iter(_PNGS)))  # the oldest: a batch moves from place to place
        hit = _PNGS[key] = save(draw(*args, **kwargs), "png")
    return hit


def _key(value) -> object:
    import hashlib

    import pandas as pd

    if isinstance(value, pd.DataFrame):
        shown = (list(map(str, value.columns)), list(map(str, value.dtypes)), value.index.tolist(),
                 value.to_numpy(dtype=object).tolist())
        return ("frame", hashlib.sha256(repr(shown).encode("utf-8")).hexdigest())
    return repr(value)
