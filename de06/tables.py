"""Tables that arrived flattened: one cell per tab-indented line, rows told apart by their STT number.

A table copied out of Word or PDF often reaches us as ``\\tSTT``, ``\\tCấp học``,
``\\tHọc sinh`` … one cell per line, with empty lines for merged header cells.
:func:`read_tables` puts the cells back into rows and names each column by its
header path (``Học sinh Tỉ lệ``) so each figure can be read with its labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Cell", "Row", "Table", "read_tables", "cell_spans"]

_CELL_LINE = re.compile(r"^\t[^\t\n]*$", re.MULTILINE)
_NUMBER = re.compile(r"\s*[0-9][0-9.,]*\s*%?\s*")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    start: int
    end: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def header(self, ci: int) -> str:
        return self.columns[ci] if ci < len(self.columns) else ""


def _runs(text: str) -> list[list[Cell]]:
    runs: list[list[Cell]] = []
    last_end = -2
    for m in _CELL_LINE.finditer(text):
        s = m.start() + 1
        raw = m.group()[1:]
        lead = len(raw) - len(raw.lstrip())
        cell = Cell(s + lead, s + len(raw.rstrip()), raw.strip())
        if runs and m.start() - last_end <= 2:  # one blank line may separate rows
            runs[-1].append(cell)
        else:
            runs.append([cell])
        last_end = m.end()
    return [r for r in runs if len(r) >= 6]


def cell_spans(text: str) -> list[tuple[int, int]]:
    """Where flattened tables sit, so prose reading can skip them."""
    return [(r[0].start, r[-1].end + 1) for r in _runs(text)]


def read_tables(text: str) -> list[Table]:
    """Rebuild the flattened tables of a text.

    >>> t = "\\tSTT\\n\\tCấp\\n\\tHọc sinh\\n\\t\\n\\t\\n\\tTỉ lệ\\n\\t1\\n\\tMầm non\\n\\t62.76%\\n\\t2\\n\\tTiểu học\\n\\t81.12%\\n"
    >>> tb = read_tables(t)[0]
    >>> [(r.label, r.cells[2].text) for r in tb.rows], tb.header(2)
    ([('Mầm non', '62.76%'), ('Tiểu học', '81.12%')], 'Học sinh Tỉ lệ')
    """
    tables = []
    for cells in _runs(text):
        starts = _row_starts(cells)
        if len(starts) < 2:
            continue
        width = starts[1] - starts[0]
        if any(b - a != width for a, b in zip(starts, starts[1:])):
            continue
        head = cells[: starts[0]]
        sub = head[-width:] if len(head) >= width else []
        top = head[: len(head) - len(sub)]
        columns = _columns(width, [c.text for c in top], [c.text for c in sub])
        rows = []
        for a in starts:
            row = tuple(cells[a:a + width])
            if len(row) < width:
                break
            label = next((c.text for c in row[1:] if c.text and not _NUMBER.fullmatch(c.text)), "")
            rows.append(Row(label, row))
        tables.append(Table(cells[0].start, cells[-1].end, tuple(columns), tuple(rows)))
    return tables


def _row_starts(cells: list[Cell]) -> list[int]:
    """Indices of the STT cells 1, 2, 3 … that open each data row."""
    out, want = [], 1
    for i, c in enumerate(cells):
        if c.text == str(want):
            out.append(i)
            want += 1
    return out


def _columns(width: int, top: list[str], sub: list[str]) -> list[str]:
    sub = sub or [""] * width
    cols = [""] * width
    empty = [i for i, s in enumerate(sub) if not s]
    rest = list(top)
    for i in empty:
        if rest:
            cols[i] = rest.pop(0)
    spanned = [i for i in range(width) if i not in empty]
    if rest and spanned:
        per = max(1, len(spanned) // len(rest))
        for k, i in enumerate(spanned):
            cols[i] = rest[min(k // per, len(rest) - 1)]
    return [" ".join(x for x in (c, s) if x) for c, s in zip(cols, sub)]
