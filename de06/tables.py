"""Tables as reports carry them in text: flattened one cell per line, tab-separated, ``|``-separated or laid out with
spaces (text copied from a PDF).

A table copied out of Word or PDF often reaches us as ``\\tSTT``, ``\\tCấp học``,
``\\tHọc sinh`` … one cell per tab-indented line, with empty lines for merged header
cells; or as plain lines after an ``STT`` header line, an empty line for an empty
cell; or as rows ``| 1 | Xã Cẩm Lạc | 250 |`` or ``Nội dung⇥Toàn tỉnh⇥Cấp xã``.
:func:`read_tables` puts the cells back into rows and names each column by its
header (``Học sinh Tỉ lệ``) so each figure can be read with its row and column labels.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Cell", "Row", "Table", "read_tables", "cell_spans", "TOTAL_ROW", "FIGURE_CELL"]

_CELL_LINE = re.compile(r"\t(?<![^\n]\t)[^\t\n]*$", re.MULTILINE)  # "^\t…", the tab first: the engine skips to tabs
FIGURE_CELL = re.compile(r"\s*[0-9][0-9.,]*\s*%?\s*")  # a cell that holds a figure, not a label


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
    """Where tables sit, so prose reading can skip them."""
    spans = [(r[0].start, r[-1].end + 1) for r in _runs(text)]
    spans += [(t.start, t.end) for t in _grids(text)]
    return sorted(spans)


@functools.lru_cache(maxsize=8)
def _grids(text: str) -> tuple[Table, ...]:
    found = _line_tables(text) + _row_tables(text) + _aligned_tables(text)
    found += _labelled_aligned_tables(text, [(t.start, t.end) for t in found])
    return tuple(found + _bare_line_tables(text, [(t.start, t.end) for t in found]))


def _short(line: str) -> bool:
    """A line that may be a table cell: 1–60 characters (stripped), no sentence end."""
    return 0 < len(line) <= 60 and not line.endswith((".", ";", ":"))


def _short_run(text: str, n: int = 9) -> bool:
    """Whether ``n`` short lines follow one another somewhere in ``text``."""
    run = 0
    for line in text.split("\n"):
        run = run + 1 if _short(line.strip()) else 0
        if run >= n:
            return True
    return False


def _bare_line_tables(text: str, taken: list[tuple[int, int]]) -> list[Table]:
    """Tables flattened one cell per line with no ``STT`` column, as a .docx table's text comes: a run of short lines
    whose first N name the columns (no figure among them) and whose next lines repeat, N by N, the same places of
    labels and figures (two rows at least, a figure in each). The shortest such N is the table's width."""
    tables = []
    if not _short_run(text):  # no nine short lines in a row: no such table (and no line-by-line pass)
        return tables
    lines = _lines(text, 0)
    i = 0
    while i < len(lines):
        run = []
        while i < len(lines) and _short(lines[i].text):
            run.append(lines[i])
            i += 1
        i += 1
        if len(run) < 9 or any(a <= run[0].start < b for a, b in taken):
            continue
        for width in range(3, 9):
            head, body = run[:width], run[width:]
            if any(FIGURE_CELL.fullmatch(c.text) for c in head):
                break  # the header lines come first, before any figure
            shape = [bool(FIGURE_CELL.fullmatch(c.text)) for c in body[:width]]
            if len(body) < 2 * width or not any(shape) or shape[0]:
                continue
            rows = []
            for k in range(0, len(body) - width + 1, width):
                cells = body[k:k + width]
                if [bool(FIGURE_CELL.fullmatch(c.text)) for c in cells] != shape:
                    break
                rows.append(Row(" ".join(c.text for c, fig in zip(cells, shape) if not fig), tuple(cells)))
            if len(rows) >= 2:
                tables.append(Table(head[0].start, rows[-1].cells[-1].end, tuple(c.text for c in head), tuple(rows)))
                break
    return tables


TOTAL_ROW = re.compile(r"^\s*(?:toàn|tổng|cộng|cả)\b", re.IGNORECASE)
_STT = re.compile(r"^ *STT *$", re.MULTILINE | re.IGNORECASE)  # tab-indented cells are _runs' layout
_LINE = re.compile(r"[^\n]*")


def _lines(text: str, start: int) -> list[Cell]:
    """The lines of ``text`` from ``start``, as cells with exact offsets (stripped)."""
    out = []
    pos = start
    while pos <= len(text):
        e = text.find("\n", pos)
        e = len(text) if e < 0 else e
        raw = text[pos:e]
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(pos + lead, pos + lead + len(raw.strip()), raw.strip()))
        if e >= len(text) or len(out) > 4000:
            break
        pos = e + 1
    return out


def _line_tables(text: str) -> list[Table]:
    """Tables flattened one cell per plain line under an ``STT`` line; an empty line is an empty cell."""
    tables = []
    for m in _STT.finditer(text):
        lines = _lines(text, m.start())
        if _double_spaced(lines):
            lines = lines[::2]  # pasted with a blank line after every line: those blanks are no empty cells
        k = 1
        header = []
        while k < len(lines) and lines[k].text != "1" and len(header) < 12:
            if lines[k].text:
                header.append(lines[k].text)
            k += 1
        width = len(header) + 1
        if k >= len(lines) or not 2 <= len(header) <= 11:
            continue
        rows, pos, want = [], k, 1
        while pos + width <= len(lines):
            cells = tuple(lines[pos:pos + width])
            if any(len(c.text) > 80 for c in cells):
                break
            rows.append(Row(_row_label(cells), cells))
            nxt = next((p for p in (pos + width, pos + width + 1) if p < len(lines) and lines[p].text == str(want + 1)), None)
            if nxt is None:  # a total row without a number: an empty STT cell, then "Toàn tỉnh" / "Tổng cộng"
                nxt = next((p for p in (pos + width, pos + width + 1) if p + 1 < len(lines) and not lines[p].text
                            and TOTAL_ROW.match(lines[p + 1].text)), None)
                if nxt is None:
                    nxt = next((p - 1 for p in (pos + width, pos + width + 1) if p < len(lines)
                                and TOTAL_ROW.match(lines[p].text)), None)
                    if nxt is not None and nxt + width <= len(lines):
                        cells = (Cell(lines[nxt + 1].start, lines[nxt + 1].start, ""),) + tuple(lines[nxt + 1:nxt + width])
                        whole = tuple(lines[nxt + 1:nxt + 1 + width])  # ... or the total's name in the STT column itself,
                        # its other cells one column on ("Tổng cộng", "11 đơn vị", then the figures): the reading whose
                        # figures fall under the figure columns of the row above
                        if len(whole) == width and _shape(whole)[1:] == _shape(rows[-1].cells)[1:] != _shape(cells)[1:]:
                            cells = whole
                        rows.append(Row(_row_label(cells), cells))
                        pos = nxt + width
                    break
            else:
                want += 1
            pos = nxt
        if rows:
            last = rows[-1].cells
            end = max(c.end for c in last)
            tables.append(Table(m.start(), end, ("STT", *header), tuple(rows)))
    return tables


def _shape(cells) -> list[bool]:
    """Which cells of a row hold a figure."""
    return [bool(FIGURE_CELL.fullmatch(c.text)) for c in cells]


def _split_row(text: str, line: Cell, sep: str) -> list[Cell]:
    if sep == "|":
        parts, pos = line.text.strip(sep).split(sep), text.index("|", line.start) + 1
    elif sep == "¦":
        parts, pos = line.text.split("|"), line.start
    else:  # the raw line: a leading tab is an empty first cell
        pos = text.rfind("\n", 0, line.start) + 1
        end = text.find("\n", line.start)
        parts = text[pos:end if end >= 0 else len(text)].rstrip("\r").split(sep)
    cells = []
    for part in parts:
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(pos + lead, pos + lead + len(part.strip()), part.strip()))
        pos += len(part) + 1
    return cells


_ROW_LINE = re.compile(r"^[ \t]*\|[^\n]*\|[^\n]*\||^[^\n\t]*\t[^\n\t]*\t", re.MULTILINE)


def _row_tables(text: str) -> list[Table]:
    """Tables with one row per line, cells split by ``|`` or tabs; the first line names the columns. Bars with none
    at the line's ends make a table of three lines or more, each with as many bars as the first."""
    tables = []
    if "|" not in text and not _ROW_LINE.search(text):
        return tables
    block: list[Cell] = []
    sep = ""
    lines = _lines(text, 0) + [Cell(len(text), len(text), "")]
    for i, line in enumerate(lines):
        this = _row_kind(line)
        if not line.text and block and i + 1 < len(lines) and _row_kind(lines[i + 1]) == sep:
            continue  # text pasted double-spaced: a blank line between two rows does not end the table
        if this and (not block or this == sep):
            sep = this
            if not (this == "|" and re.fullmatch(r"[|:\-\s]+", line.text)):
                block.append(line)
            continue
        if len(block) >= (3 if sep == "¦" else 2):
            grid = [_split_row(text, c, sep) for c in block]
            width = len(grid[0])
            columns = tuple(c.text for c in grid[0])
            rows = tuple(Row(_row_label(tuple(r)), tuple(r)) for r in grid[1:] if len(r) == width)
            if rows:
                tables.append(Table(block[0].start, block[-1].end, columns, rows))
        block, sep = ([line], this) if this else ([], "")
    return tables


_ALIGNED_HEAD = re.compile(r"^[ \t]*STT {2,}\S", re.MULTILINE | re.IGNORECASE)
_GAP = re.compile(r" {2,}|\t+")
_NUMBERED_ROW = re.compile(r"[ \t]*(\d+)[ \t]{2,}\S")


def _aligned_cells(text: str, line: Cell) -> list[Cell]:
    """A line's cells where runs of two or more spaces part them, with exact offsets."""
    raw = text[line.start:line.end]
    cells, pos = [], 0
    for m in _GAP.finditer(raw):
        if m.start() > pos:
            cells.append(Cell(line.start + pos, line.start + m.start(), raw[pos:m.start()]))
        pos = m.end()
    if pos < len(raw):
        cells.append(Cell(line.start + pos, line.end, raw[pos:]))
    return cells


def _aligned_tables(text: str) -> list[Table]:
    """Tables laid out with spaces, as text copied from a PDF brings them: an ``STT`` header line (its header may
    run on over more lines), rows numbered 1, 2, 3 … and perhaps a total row, each cell under its column.

    A cell belongs to the column whose first row's cell starts nearest at or before it.
    """
    tables = []
    for m in _ALIGNED_HEAD.finditer(text):
        lines = _lines(text, m.start())
        k = 0
        while k < len(lines) and lines[k].text and not _NUMBERED_ROW.match(text, _line_start(text, lines[k].start)):
            k += 1
        head, body = lines[:k], []
        want = 1
        for line in lines[k:]:
            row = _NUMBERED_ROW.match(text, _line_start(text, line.start))
            if row and int(row.group(1)) == want:
                want += 1
            elif not (line.text and TOTAL_ROW.match(line.text) and body):
                break
            body.append(line)
            if not row:
                break  # the total row closes the table
        if want < 3 or not head:
            continue
        first = _aligned_cells(text, body[0])
        anchors = [c.start - _line_start(text, c.start) for c in first]
        if len(anchors) < 3:
            continue
        columns = [""] * len(anchors)
        for line in head:
            for c in _aligned_cells(text, line):
                i = _column_of(c.start - _line_start(text, c.start), anchors, slack=4)
                columns[i] = (columns[i] + " " + c.text).strip()
        rows = []
        for line in body:
            cells = [Cell(body[0].start, body[0].start, "")] * len(anchors)
            for c in _aligned_cells(text, line):
                cells[_column_of(c.start - _line_start(text, c.start), anchors, slack=4)] = c
            rows.append(Row(_row_label(tuple(cells)), tuple(cells)))
        tables.append(Table(head[0].start, body[-1].end, tuple(columns), tuple(rows)))
    return tables


_RULE_LINE = re.compile(r"[ \t]*[-=_+|]{3,}[-=_+| \t]*")  # "----------   -----": a drawn line between rows


def _labelled_aligned_tables(text: str, taken: list[tuple[int, int]]) -> list[Table]:
    """Tables laid out with spaces whose rows are named, not numbered: a header line of three or more cells, then
    two or more rows of a label and figures (drawn lines between them skipped), each figure under the header cell
    that starts nearest at or before it (right-aligned figures sit under their column's text)."""
    if "  " not in text or not any(len(_GAP.findall(line.strip())) >= 2 for line in text.split("\n") if "  " in line):
        return []  # no line of three cells parted by runs of spaces
    tables = []
    lines = _lines(text, 0)
    i = 0
    while i < len(lines) - 2:
        head = lines[i]
        hcells = _aligned_cells(text, head) if head.text else []
        if len(hcells) < 3 or any(FIGURE_CELL.fullmatch(c.text) for c in hcells) \
                or any(a <= head.start <= b for a, b in taken):  # a table another reader has
            i += 1
            continue
        body, j = [], i + 1
        while j < len(lines) and lines[j].text:
            line = lines[j]
            if _RULE_LINE.fullmatch(line.text):
                j += 1
                continue
            cells = _aligned_cells(text, line)
            figures = sum(1 for c in cells if FIGURE_CELL.fullmatch(c.text))
            if len(cells) < 3 or figures < 2 or FIGURE_CELL.fullmatch(cells[0].text):
                break
            body.append(line)
            j += 1
        if len(body) < 2:
            i += 1
            continue
        anchors = [c.start - _line_start(text, c.start) for c in hcells]
        rows = []
        for line in body:
            cells = [Cell(line.start, line.start, "")] * len(anchors)
            for c in _aligned_cells(text, line):
                k = 0 if not FIGURE_CELL.fullmatch(c.text) else _column_of(c.start - _line_start(text, c.start), anchors, slack=2)
                cells[k] = c
            rows.append(Row(_row_label(tuple(cells)), tuple(cells)))
        tables.append(Table(head.start, body[-1].end, tuple(c.text for c in hcells), tuple(rows)))
        i = j
    return tables


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _column_of(offset: int, anchors: list[int], slack: int) -> int:
    """The column a cell starting at ``offset`` (from its line's start) falls under."""
    best = 0
    for i, a in enumerate(anchors):
        if a <= offset + slack:
            best = i
    return best


def _row_kind(line: Cell) -> str:
    """``|`` or a tab for a line that is a row of such a table, ``¦`` for a row whose cells are parted by bars with
    none at its ends (``Huyện A | N``), else ``""``."""
    if line.text.startswith("|"):
        return "|" if line.text.count("|") >= 3 else ""
    if line.text.count("\t") >= 2:
        return "\t"
    return "¦" if " | " in line.text and not line.text.endswith("|") else ""


def _row_label(cells) -> str:
    return next((c.text for c in cells if c.text and not FIGURE_CELL.fullmatch(c.text) and c.text not in "-–"), "")


def _double_spaced(lines: list[Cell]) -> bool:
    """A flattened table pasted with a blank line after every line (``STT``, blank, ``Đơn vị``, blank, …): the
    first ten lines after ``STT`` alternate blank and filled, where a plain one has its header cells on end."""
    head = lines[1:21]
    return len(head) == 20 and all(not c.text for c in head[0::2]) and all(c.text for c in head[1::2][:5])


@functools.lru_cache(maxsize=8)
def read_tables(text: str) -> list[Table]:
    """Rebuild the flattened tables of a text.

    >>> t = "\\tSTT\\n\\tCấp\\n\\tHọc sinh\\n\\t\\n\\t\\n\\tTỉ lệ\\n\\t1\\n\\tMầm non\\n\\t62.76%\\n\\t2\\n\\tTiểu học\\n\\t81.12%\\n"
    >>> tb = read_tables(t)[0]
    >>> [(r.label, r.cells[2].text) for r in tb.rows], tb.header(2)
    ([('Mầm non', '62.76%'), ('Tiểu học', '81.12%')], 'Học sinh Tỉ lệ')
    """
    tables = list(_grids(text))
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
            label = next((c.text for c in row[1:] if c.text and not FIGURE_CELL.fullmatch(c.text)), "")
            rows.append(Row(label, row))
        tables.append(Table(cells[0].start, cells[-1].end, tuple(columns), tuple(rows)))
    return sorted(tables, key=lambda t: t.start)


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
