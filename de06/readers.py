"""Report text out of the files analysts receive: .txt, .docx, .pdf and .html.

Each reader returns NFC text in the shape the extractor expects: one paragraph
per line, and a table as one tab-indented line per cell (``\\tSTT``,
``\\tCấp học`` …, as ``de06.tables`` reads it). A file is read into memory once
(at most 50 MB, regular files only: a FIFO, a device or a symlink to one is
refused before a byte is read) and checked before any parser sees it: a .docx
must be a zip whose directory promises a sane unpacked size; a .pdf must start
like a PDF, its compressed streams may inflate to at most 200 MB together and
it may have at most 2,000 pages.
python-docx and pdfplumber are imported only when such a file is read, so
``import de06.extract`` stays light. Everything a file says is data: no path,
link or script from its content is followed or run.
"""

from __future__ import annotations

import io
import os
import re
import stat
import unicodedata
import warnings
from html.parser import HTMLParser
from pathlib import Path

from de06 import legacy
from de06 import text as textmod
from de06.errors import UnreadableDocument

__all__ = ["SUFFIXES", "MAX_BYTES", "MAX_UNPACKED", "MAX_INFLATE", "MAX_PAGES", "MAX_TEXT_CHARS", "UnreadableDocument",
           "load", "kind_of", "text_from_bytes", "read_document"]

MAX_BYTES = textmod.MAX_BYTES
MAX_UNPACKED = 200 * 1024 * 1024  # what a .docx may unpack to, all parts together
MAX_RATIO = 100  # how much one part of a .docx may expand (zip bombs reach thousands)
MAX_PARTS = 5000
MAX_DOCUMENT_XML = 32 * 1024 * 1024  # word/document.xml alone (a 500-page report: ~15 MB): parsed in memory
MAX_INFLATE = 200 * 1024 * 1024  # what a PDF's Flate streams may inflate to, all together
MAX_PAGES = 2000
MAX_TEXT_CHARS = 20 * 1024 * 1024  # text read from one file (about 8,000 pages of report prose)
SUFFIXES = {".txt": ".txt", ".docx": ".docx", ".pdf": ".pdf", ".html": ".html", ".htm": ".html"}

_MAGIC = [
    (b"%PDF-", "a PDF"), (b"PK\x03\x04", "a zip archive (.docx, .xlsx …)"), (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls) or an encrypted Office file"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"RIFF", "a RIFF file (WebP image, WAV …)"), (b"BM", "a BMP image"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
]


def _looks_like(data: bytes) -> str:
    """What the first bytes of a file say it is, for messages (``a PNG image``)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return "not a known document format"


def kind_of(path: str | Path) -> str:
    """The reader for a file, by its suffix: ``.txt``, ``.docx``, ``.pdf`` or ``.html`` (``.htm`` too).

    >>> kind_of("Báo cáo tháng 10.DOCX")
    '.docx'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableDocument(f"cannot read {suffix or 'files without a suffix'}: de06 reads .txt, .docx, .pdf "
                                 "and .html (save a .doc as .docx first)", path=str(path))
    return SUFFIXES[suffix]


def load(path: str | Path) -> bytes:
    """The bytes of a regular file, or UnreadableDocument if it is missing, not a regular file, or over 50 MB.

    The file is opened without blocking and checked with ``fstat`` before reading, so a FIFO (which would
    wait forever for a writer) or a symlink to ``/dev/zero`` is refused at once.
    """
    p, name = Path(path), str(path)
    too_big = f"file over {MAX_BYTES // (1024 * 1024)} MB"
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UnreadableDocument("no such file", path=name) from None
    except IsADirectoryError:
        raise UnreadableDocument("is a directory, not a file", path=name) from None
    except OSError as exc:
        raise UnreadableDocument(f"cannot read ({exc.strerror or exc})", path=name) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableDocument("is a directory, not a file", path=name)
        if not stat.S_ISREG(st.st_mode):
            what = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device" if
                    stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                    else "not a regular file")
            raise UnreadableDocument(f"not a regular file ({what}); copy the report into a file first", path=name)
        if st.st_size > MAX_BYTES:
            raise UnreadableDocument(too_big, path=name)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as f:
            fd = -1
            # the size fstat saw, and one byte more: a buffer of MAX_BYTES for every small report cost 20 µs; a file
            # that grew since is read on, up to the limit
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += f.read(MAX_BYTES + 1 - len(data))
    except OSError as exc:
        raise UnreadableDocument(f"cannot read ({exc.strerror or exc})", path=name) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(too_big, path=name)
    return data


def read_document(path: str | Path) -> str:
    """Text of a report file of any supported kind (``báo cáo.docx`` → its paragraphs and tables)."""
    kind = kind_of(path)
    return text_from_bytes(load(path), kind, str(path))


def text_from_bytes(data: bytes, kind: str, name: str) -> str:
    """Text of a file's bytes read as ``kind`` (``.txt`` ``.docx`` ``.pdf`` ``.html``); UnreadableDocument otherwise."""
    if kind == ".txt":
        return _unsafe_removed(textmod.decode(data, name))
    if kind == ".html":
        return _finish(_html_text(textmod.decode(data, name), name), name)
    if kind == ".docx":
        return _finish(_docx_text(data, name), name)
    if kind == ".pdf":
        return _finish(_pdf_text(data, name), name)
    raise UnreadableDocument(f"no reader for {kind}", path=name)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_NUL_BIDI = re.compile(r"[\x00\u202a-\u202e\u2066-\u2069]")


def _unsafe_removed(text: str) -> str:
    """A .txt report without NULs and bidi overrides (which make ``gnp.exe`` display as ``exe.png``).

    >>> _unsafe_removed("gnp\\u202e.exe\\x00 đạt 55,17%")
    'gnp.exe đạt 55,17%'
    """
    return _NUL_BIDI.sub("", text) if _NUL_BIDI.search(text) else text
_TRAILING = re.compile(r"[ \u00a0]+$", re.MULTILINE)


def _finish(text: str, name: str) -> str:
    """Normalise extracted text like a .txt report: NFC, ``\\n``, no control characters, legacy fonts converted."""
    text = textmod.normalise(text)
    text = _NUL_BIDI.sub("", _CONTROLS.sub("", text))
    text = _TRAILING.sub("", text).strip("\n") + "\n"
    if not text.strip():
        raise UnreadableDocument("no text in the document", path=name)
    return legacy.repair(text, name)


# ---------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a .docx as a zip after checking its directory: parts, unpacked sizes and ratios stay bounded."""
    if not data.startswith(b"PK\x03\x04"):
        what = _looks_like(data)
        if what.startswith("an old Office"):
            raise UnreadableDocument("not a .docx: an old Word .doc or a password-protected Word file; save it as "
                                     ".docx without a password", path=name)
        raise UnreadableDocument(f"not a .docx file ({what})", path=name)
    import zipfile  # here, not at the top: a plain-text extraction never needs it

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise UnreadableDocument(f"damaged .docx (truncated or not a complete zip: {exc})", path=name) from None
    if len(infos) > MAX_PARTS:
        raise UnreadableDocument(f"refused: .docx has {len(infos)} parts (over {MAX_PARTS})", path=name)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise UnreadableDocument(f"refused: .docx would unpack to {total // (1024 * 1024)} MB "
                                 f"(over {MAX_UNPACKED // (1024 * 1024)} MB; a zip bomb?)", path=name)
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UnreadableDocument(f"refused: a part of the .docx expands {i.file_size // max(i.compress_size, 1)} "
                                     f"times (over {MAX_RATIO}; a zip bomb?)", path=name)
    body = [i for i in infos if i.filename == "word/document.xml"]
    if not body:
        raise UnreadableDocument("not a Word document (the zip has no word/document.xml)", path=name)
    if body[0].file_size > MAX_DOCUMENT_XML:
        raise UnreadableDocument(f"refused: the .docx body (word/document.xml) is {body[0].file_size // (1024 * 1024)} MB "
                                 f"(over {MAX_DOCUMENT_XML // (1024 * 1024)} MB)", path=name)
    return zf


def _docx_text(data: bytes, name: str) -> str:
    """Paragraphs and tables of a .docx body, in document order (content controls opened, headers left out)."""
    _check_zip(data, name)
    try:
        import docx
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        _docx_blocks(body, lines, Paragraph)
    except UnreadableDocument:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds on a damaged file
        raise UnreadableDocument(f"damaged .docx ({type(exc).__name__}: {_one_line(exc)})", path=name) from None
    return "\n".join(lines)


def _docx_blocks(parent, lines: list[str], paragraph_cls) -> None:
    """Append the lines of a body's paragraphs and tables in order; a table cell becomes ``\\tHọc sinh``."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            # a leading tab is indentation, not a table cell
            lines.append(paragraph_cls(child, None).text.lstrip("\t"))
        elif tag == f"{_W}tbl":
            for tr in child.iterchildren(f"{_W}tr"):
                for tc in tr.iterchildren(f"{_W}tc"):
                    vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                    if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
                        lines.append("\t")  # the lower part of a vertically merged cell
                        continue
                    parts = [paragraph_cls(p, None).text for p in tc.iter(f"{_W}p")]
                    lines.append("\t" + re.sub(r"\s+", " ", " ".join(parts)).strip())
        elif tag == f"{_W}sdt":  # a content control: its content is ordinary body content
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _docx_blocks(content, lines, paragraph_cls)
        elif tag in (f"{_W}customXml", f"{_W}smartTag"):
            _docx_blocks(child, lines, paragraph_cls)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


# ---------------------------------------------------------------- .pdf


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF: lines rejoined where they were wrapped, ruled tables as cell lines."""
    head = data[:1024]
    if b"%PDF-" not in head:
        raise UnreadableDocument(f"not a PDF ({_looks_like(data.lstrip())})", path=name)
    _check_pdf(data, name)
    import logging  # here, not at the top: a plain-text extraction never needs it

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    try:
        import pdfplumber

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                _check_page_count(pdf, name)
                pages = [_pdf_page(page) for page in pdf.pages]
    except Exception as exc:
        if _password(exc):
            raise UnreadableDocument("password-protected PDF; ask for a copy without a password", path=name) from None
        raise UnreadableDocument(f"damaged PDF ({type(exc).__name__}: {_one_line(exc)})", path=name) from None
    if not any(lines for lines, _ in pages):
        raise UnreadableDocument(f"scanned PDF without a text layer ({len(pages)} pages, no text): run OCR outside "
                                 "de06 (for example ocrmypdf) and ingest the result", path=name)
    return "\n".join(_reflow(pages))


_STREAM = re.compile(rb"stream\r?\n")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_FILTER_NAMES = {b"FlateDecode": "flate", b"Fl": "flate", b"LZWDecode": "lzw", b"LZW": "lzw",
                 b"ASCII85Decode": "a85", b"A85": "a85", b"ASCIIHexDecode": "ahx", b"AHx": "ahx",
                 b"RunLengthDecode": "rl", b"RL": "rl"}


class _Bomb(Exception):
    pass


def _decoded(raw: bytes, filters: list[str], budget: int):
    """Yield the decoded bytes of a stream chunk by chunk, raising _Bomb once ``budget`` bytes are exceeded.

    Only the general-purpose filters are followed (Flate, LZW, ASCII85, ASCIIHex, RunLength): image codecs
    (DCT, JPX, CCITT, JBIG2) end the chain, as text extraction never decodes images.
    """
    import zlib

    if not filters:
        yield raw
        return
    head, rest = filters[0], filters[1:]
    if rest:  # a chain: the first filter's output feeds the next, bounded by the same budget
        data = b"".join(_decoded(raw, [head], budget))
        yield from _decoded(data, rest, budget)
        return
    if head == "flate":
        inflater, out_total = zlib.decompressobj(), 0
        out = inflater.decompress(raw, 1 << 20)
        while True:
            out_total += len(out)
            if out_total > budget:
                raise _Bomb
            yield out
            if not inflater.unconsumed_tail:
                return
            out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    elif head == "lzw":
        from pdfminer.lzw import LZWDecoder

        total = 0
        for piece in LZWDecoder(io.BytesIO(raw)).run():
            total += len(piece)
            if total > budget:
                raise _Bomb
            yield piece
    elif head == "rl":
        total, i, out = 0, 0, bytearray()
        while i < len(raw) and raw[i] != 128:
            n = raw[i]
            run = n + 1 if n < 128 else 257 - n
            total += run
            if total > budget:
                raise _Bomb
            out += raw[i + 1:i + 1 + run] if n < 128 else raw[i + 1:i + 2] * run
            i += 1 + (run if n < 128 else 1)
        yield bytes(out)
    elif head in ("a85", "ahx"):
        from pdfminer.ascii85 import ascii85decode, asciihexdecode

        out = (ascii85decode if head == "a85" else asciihexdecode)(raw)
        if len(out) > budget:
            raise _Bomb
        yield out


def _check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF before parsing if its streams decode past MAX_INFLATE or it has over MAX_PAGES pages.

    Each stream is decoded in bounded chunks through its filter chain and the output thrown away, so a
    bomb costs at most MAX_INFLATE bytes of work and a few MB of memory. Page objects are counted in the
    file and in the object streams decoded on the way.
    """
    import zlib

    budget, pages, pos = MAX_INFLATE, len(_PAGE_OBJECT.findall(data)), 0
    bomb = UnreadableDocument(f"refused: its compressed streams inflate to over {MAX_INFLATE // (1024 * 1024)} MB "
                              "(a PDF bomb?)", path=name)
    while pages <= MAX_PAGES:
        m = _STREAM.search(data, pos)
        if not m:
            break
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        head = data[max(0, m.start() - 2048):m.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        pos = end + 9
        f = _FILTER.search(head)
        if not f:
            continue
        filters = []
        for n in re.findall(rb"/([A-Za-z0-9]+)", f.group(1)):
            if n not in _FILTER_NAMES:
                break  # an image codec or an unknown filter: not decoded for text
            filters.append(_FILTER_NAMES[n])
        objstm, tail = b"/ObjStm" in head, b""
        try:
            for out in _decoded(data[m.end():end], filters, budget):
                budget -= len(out)
                if objstm:
                    pages += len(_PAGE_OBJECT.findall(tail + out))
                    tail = out[-16:]
        except _Bomb:
            raise bomb from None
        except (zlib.error, ValueError, IndexError, TypeError, EOFError):
            continue  # damaged or encrypted: pdfminer decides
        if budget < 0:
            raise bomb
    if pages > MAX_PAGES:
        raise UnreadableDocument(f"refused: over {MAX_PAGES} pages", path=name)


def _check_page_count(pdf, name: str) -> None:
    """The page count the document's catalog declares, checked before any page is read."""
    try:
        from pdfminer.pdftypes import resolve1

        count = int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # no usable count: the pages are counted as they are read
        return
    if count > MAX_PAGES:
        raise UnreadableDocument(f"refused: {count} pages (over {MAX_PAGES})", path=name)


def _password(exc: BaseException) -> bool:
    """Did pdfminer fail for want of a password? pdfplumber wraps its errors, so walk the chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _pdf_page(page) -> tuple[list[dict], float]:
    """One page as blocks in reading order: text lines and tables (``{"table": [[cell, …], …]}``)."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    blocks: list[dict] = []
    for line in page.filter(outside).extract_text_lines(strip=True, return_chars=True):
        if line["text"].strip():
            blocks.append({"top": line["top"], "line": line})
    for t in tables:
        blocks.append({"top": t.bbox[1], "table": t.extract()})
    blocks.sort(key=lambda b: b["top"])
    return blocks, float(page.width)


def _first_word_width(line: dict) -> float:
    """Width in points of a line's first word ("Trà" of "Trà Vinh …"), from its characters' boxes."""
    chars = line["chars"]
    if not chars:
        return 0.0
    start = chars[0]
    end = start
    for c in chars[1:]:
        if c["text"].isspace() or c["x0"] - end["x1"] > 0.25 * float(c.get("size") or 10):
            break
        end = c
    return float(end["x1"] - start["x0"])


def _reflow(pages: list[tuple[list[dict], float]]) -> list[str]:
    """Join a line to the next when the next line's first word would not have fitted at its end (a soft wrap).

    Lines further apart than the page's tightest line spacing start a new
    paragraph. A wrapped line may well begin like a list item ("23.125) với …"),
    so only geometry decides.
    """
    lines = [b["line"] for blocks, _ in pages for b in blocks if "line" in b]
    right = max((float(x["x1"]) for x in lines), default=0.0)
    out: list[str] = []
    prev: dict | None = None
    for blocks, _ in pages:
        pitches = [float(b["line"]["top"]) - float(a["line"]["top"]) for a, b in zip(blocks, blocks[1:])
                   if "line" in a and "line" in b]
        pitches = [p for p in pitches if p > 1]
        tight = min(pitches) if pitches else None
        prev_top = None
        for block in blocks:
            if "table" in block:
                for row in block["table"]:
                    for cell in row:
                        out.append("\t" + " ".join((cell or "").split()))
                prev, prev_top = None, None
                continue
            line = block["line"]
            text = " ".join(line["text"].split())  # justified text spreads words; layout is not content
            if prev is not None and out and _wrapped(prev, line, right, tight, prev_top):
                out[-1] = out[-1] + " " + text
            else:
                out.append(text)
            prev, prev_top = line, float(line["top"])
        prev_top = None
    return out


def _wrapped(prev: dict, line: dict, right: float, tight: float | None, prev_top: float | None) -> bool:
    """Was ``line`` wrapped onto a new line from ``prev``? Only if its first word did not fit after ``prev``."""
    size = float((line["chars"][0].get("size") if line["chars"] else 0) or 10)
    if prev_top is not None and tight is not None and float(line["top"]) - prev_top > 1.15 * tight:
        return False
    gap = right - float(prev["x1"])
    return gap < _first_word_width(line) + 0.35 * size


# ---------------------------------------------------------------- .html

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
           "article", "header", "footer", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "figure",
           "figcaption", "caption", "address", "nav", "aside", "title", "tbody", "thead", "tfoot"}
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "select"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track", "wbr"}


class _HTMLText(HTMLParser):
    """Visible text of an HTML page: blocks on their own lines, table cells as tab-indented lines, scripts dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.cell = False
        self.skip = 0
        self.pre = 0

    def flush(self) -> None:
        text = "".join(self.buf)
        text = text if self.pre else " ".join(text.split())
        if text.strip() or self.cell:
            self.lines.append(("\t" + text.strip()) if self.cell else text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if tag in ("td", "th"):
            self.flush()
            self.cell = True
        elif tag in _BLOCKS:
            if self.cell:
                self.buf.append(" ")
            else:
                self.flush()
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th"):
            self.flush()
            self.cell = False
        elif tag in _BLOCKS and not self.cell:
            self.flush()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def _html_text(html: str, name: str = "<html>") -> str:
    """Visible text of an HTML report, e.g. ``<p>Đạt <b>55,17%</b></p><script>…</script>`` → ``Đạt 55,17%``.

    >>> _html_text("<p>Tỷ lệ đạt <b>55,17%</b></p><script>alert(1)</script><table><tr><td>STT</td><td>Xã</td></tr></table>")
    'Tỷ lệ đạt 55,17%\\n\\tSTT\\n\\tXã'
    """
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is for the unexpected
        raise UnreadableDocument(f"damaged HTML ({type(exc).__name__})", path=name) from None
    parser.cell = False
    parser.flush()
    return "\n".join(unicodedata.normalize("NFC", x) for x in parser.lines)
