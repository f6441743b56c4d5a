"""The review loop in JupyterLab (``notebooks/review.ipynb``): pick a document, then accept, reject or fix each
figure with buttons that call the same functions as ``de06 accept | reject | fix``.

Nothing here decides anything: every click goes through ``de06.corrections`` (checked rows in
``data/manual/corrections.csv``, then a rebuild), and a refused change shows the same one-line message the
command prints. ipywidgets is imported only when a panel is built.
"""

from __future__ import annotations

import html
from pathlib import Path

from de06.errors import De06Error

__all__ = ["FigurePanel", "documents", "panel"]


def documents(root: Path | None = None) -> list[str]:
    """The stored documents' ids, sorted (the picker's choices)."""
    from de06 import processed
    from de06.corrections import _root

    return sorted(d["doc"] for d in processed.load("documents", _root(root) / "processed"))


class FigurePanel:
    """One figure: its quote and values, a reason box, and Accept (candidates) / Reject / Fix ``FIELD=VALUE …``."""

    def __init__(self, doc: str, kind: str, row: dict, root: Path | None, on_change):
        import ipywidgets as w

        self.doc, self.kind, self.row, self.root, self.on_change = doc, kind, row, root, on_change
        quote = " ".join((row.get("quote") or "").split())
        frac = f" ({row['numerator']}/{row['denominator']})" if row.get("numerator") else ""
        head = (f"<b>{html.escape(row['ref'])}</b> · {html.escape(kind)} · <code>{html.escape(row['indicator'])}</code> = "
                f"{html.escape(str(row.get('value', '')))}{html.escape(frac)} · {html.escape(row.get('scope') or '')} "
                f"{html.escape(row.get('as_of') or '')} · {html.escape(row.get('jurisdiction') or '')} "
                f"{html.escape(row.get('breakdown') or '')} · confidence {html.escape(str(row.get('confidence') or ''))}"
                f"<br><i>«{html.escape(quote)}»</i>")
        self.reason = w.Text(placeholder="reason (required to reject or fix)", layout=w.Layout(width="100%"))
        self.fields = w.Text(placeholder="FIELD=VALUE … e.g. value=56.17", layout=w.Layout(width="100%"))
        self.accept_button = w.Button(description="Accept", disabled=kind != "candidate")
        self.reject_button = w.Button(description="Reject")
        self.fix_button = w.Button(description="Fix")
        self.message = w.HTML()
        self.accept_button.on_click(lambda _: self._do("accept"))
        self.reject_button.on_click(lambda _: self._do("reject"))
        self.fix_button.on_click(lambda _: self._do("fix"))
        self.widget = w.VBox([w.HTML(head), self.fields, self.reason,
                              w.HBox([self.accept_button, self.reject_button, self.fix_button]), self.message])

    def _do(self, action: str) -> None:
        from de06 import corrections

        ref, reason = self.row["ref"], self.reason.value
        try:
            if action == "accept":
                corrections.accept(self.doc, ref, reason, self.root)
            elif action == "reject":
                corrections.reject(self.doc, ref, reason, self.root)
            else:
                corrections.fix(self.doc, ref, self.fields.value.split(), reason, self.root)
        except De06Error as exc:
            self.message.value = f'<span style="color:#a00">{html.escape(" ".join(str(exc).split()))}</span>'
            return
        self.message.value = f"{action}: done, data rebuilt"
        self.on_change()


def panel(doc: str = "", root: Path | None = None):
    """A document picker and, for the picked document, one :class:`FigurePanel` per figure."""
    import ipywidgets as w

    from de06.corrections import figures

    docs = documents(root)
    if not docs:
        raise De06Error("no document in the processed tables; run `make data`")
    if doc and doc not in docs:
        from de06.corrections import _nearest

        raise De06Error(f"unknown document {doc!r}; nearest: {_nearest(doc, docs)}")
    picker = w.Dropdown(options=docs, value=doc or docs[0], description="document")
    body = w.VBox()

    def show(*_):
        figs = figures(picker.value, root)
        order = {"candidate": 0, "observation": 1, "target": 2}
        items = sorted(figs.values(), key=lambda kr: (order[kr[0]], int(kr[1].get("start") or 0), kr[1]["ref"]))
        body.children = [FigurePanel(picker.value, k, r, root, show).widget for k, r in items]

    picker.observe(show, names="value")
    show()
    box = w.VBox([picker, body])
    box.picker, box.body = picker, body  # for tests and for scripting the panel
    return box
