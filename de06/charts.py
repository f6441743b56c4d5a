"""The charts an analyst reads: value against target, trend with its projection, places compared.

Each function returns a matplotlib Figure and draws nothing else; :func:`save`
writes PNG or SVG byte-stably (no date, fixed SVG ids), so a briefing rendered
twice is identical. Labels come in Vietnamese or English; DejaVu Sans, which
matplotlib ships, carries every Vietnamese diacritic.
"""

from __future__ import annotations

import io
from datetime import date

__all__ = ["bullet", "trend", "comparison", "save", "LABELS"]

LABELS = {
    "vi": {"current": "Hiện tại", "target": "Mục tiêu", "deadline": "Hạn", "projection": "Dự báo",
           "interval80": "Khoảng 80%", "interval95": "Khoảng 95%", "observed": "Số liệu", "merged": "địa giới đổi 1/7/2025",
           "percent": "%", "count": "số lượng", "vnd": "đồng"},
    "en": {"current": "Current", "target": "Target", "deadline": "Deadline", "projection": "Projection",
           "interval80": "80% interval", "interval95": "95% interval", "observed": "Observed", "merged": "territory changed 1 Jul 2025",
           "percent": "%", "count": "count", "vnd": "dong"},
}


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.hashsalt": "de06", "svg.fonttype": "path",
                         "figure.dpi": 100, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _num(v: float, lang: str) -> str:
    from de06.formats import number

    return number(v, lang)


def _d(v, lang: str) -> str:
    from de06.formats import date as fmt_date

    return fmt_date(v if isinstance(v, date) else date.fromisoformat(str(v)), lang) if v else ""


def bullet(assessment, title: str, lang: str = "vi", unit: str = "percent"):
    """Current value as a bar against the target line (0–100 for a rate)."""
    plt = _plt()
    L = LABELS[lang]
    a = assessment
    fig, ax = plt.subplots(figsize=(6.4, 1.6))
    top = 100 if unit == "percent" else max(a.target, a.current or 0) * 1.15
    ax.barh([0], [top], color="#eeeeee", height=0.8)
    ax.barh([0], [a.current or 0], color="#2b6cb0", height=0.4, label=L["current"])
    ax.axvline(a.target, color="#c53030", linewidth=2.5, label=L["target"])
    suffix = "%" if unit == "percent" else ""
    ax.text(a.current or 0, 0.45, f" {_num(a.current or 0, lang)}{suffix}", va="bottom", fontsize=9)
    ax.text(a.target, -0.55, f"{L['target']} {a.comparator} {_num(a.target, lang)}{suffix}", ha="center", va="top",
            fontsize=9, color="#c53030")
    ax.set_xlim(0, top)
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    return fig


def trend(points, assessment, title: str, lang: str = "vi", unit: str = "percent"):
    """Observed points, the projection to the deadline with its 80% and 95% intervals, the target and deadline."""
    plt = _plt()
    L = LABELS[lang]
    a = assessment
    pts = sorted((date.fromisoformat(str(d)) if not isinstance(d, date) else d, float(v)) for d, v in points)
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    if pts:
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color="#2b6cb0", label=L["observed"])
    deadline = date.fromisoformat(str(a.deadline)) if a.deadline else None
    if deadline and a.projected is not None and pts:
        ax.plot([pts[-1][0], deadline], [pts[-1][1], a.projected], "--", color="#2b6cb0", label=L["projection"])
        for key, width in (("interval95", 10), ("interval80", 5)):
            iv = getattr(a, key)
            if iv:
                ax.vlines(deadline, iv[0], iv[1], color="#90cdf4", linewidth=width, label=L[key])
    ax.axhline(a.target, color="#c53030", linewidth=1.5, label=f"{L['target']} {a.comparator} {_num(a.target, lang)}")
    if deadline:
        ax.axvline(deadline, color="#718096", linestyle=":", linewidth=1)
        ax.text(deadline, ax.get_ylim()[1], f" {L['deadline']} {_d(deadline, lang)}", fontsize=8, va="top")
    if unit == "percent":
        ax.set_ylim(0, 100)
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def comparison(table, title: str, lang: str = "vi"):
    """One bar per place and date from :func:`de06.compare.comparable`; territories that changed are hatched."""
    plt = _plt()
    L = LABELS[lang]
    rows = list(table.itertuples(index=False))
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * max(1, len(rows))))
    labels = [f"{r.place} · {_d(r.date, lang)}" for r in rows]
    changed = [bool(r.successor or r.absorbed) for r in rows]
    bars = ax.barh(range(len(rows)), [r.value for r in rows], color="#2b6cb0")
    for b, c in zip(bars, changed):
        if c:
            b.set_hatch("//")
            b.set_facecolor("#90cdf4")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    for i, r in enumerate(rows):
        ax.text(r.value, i, f" {_num(r.value, lang)}", va="center", fontsize=8)
    if any(changed):
        ax.text(1.0, 1.01, f"// {L['merged']}", transform=ax.transAxes, ha="right", va="bottom", fontsize=8)
    if rows and rows[0].unit == "percent":
        ax.set_xlim(0, 105)
    ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    return fig


def save(fig, fmt: str = "png") -> bytes:
    """The figure as PNG or SVG bytes, with no date or software stamp, and close it."""
    plt = _plt()
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    fig.savefig(buf, format=fmt, metadata=meta)
    plt.close(fig)
    return buf.getvalue()
