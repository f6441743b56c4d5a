"""One briefing against the tooling floor: papermill CLI on a one-cell notebook, then jupyter nbconvert --to html.

Measured side by side, alternating, several times; the goal is ours / floor ≤ 1.0.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import REPEAT, VENV_BIN, main_of, row, run, spread


def _floor_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('period = "2025-10"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print(period)")]
    nb.metadata["kernelspec"] = {"name": "de06", "display_name": "de06", "language": "python"}
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def measure() -> list[dict]:
    floor, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        nb = _floor_notebook(tmp)
        out = tmp / "out"
        for _ in range(REPEAT):
            floor.append(run([str(VENV_BIN / "papermill"), str(nb), str(tmp / "floor.out.ipynb"), "-p", "period",
                              "2025-10", "-k", "de06", "--no-progress-bar"])
                         + run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", str(tmp / "floor.out.ipynb")]))
            ours.append(run([str(VENV_BIN / "de06"), "briefing", "--period", "2025-10", "--place", "vinh-long-2025",
                             "--lang", "vi", "--force", "--out", str(out)]))
    f, o = spread(floor), spread(ours)
    ratio = o["median"] / f["median"]
    return [row("briefing: floor (papermill CLI + nbconvert CLI)", f["median"], "s", "—", True, spread=f),
            row("briefing: de06 briefing (one place, vi)", o["median"], "s", "—", True, spread=o),
            row("briefing: ours / floor", ratio, "ratio", "≤ 1.0", ratio <= 1.0)]


if __name__ == "__main__":
    main_of(measure)
