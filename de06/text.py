"""Reading report text and cutting it into paragraphs, sentences and clauses.

Reports arrive as UTF-8 (with or without a BOM), UTF-16 or Windows-1258, often
pasted from PDF or Word with decomposed diacritics and hard line wraps, now and
then typed in the old TCVN3 or VNI fonts (``de06.legacy``). :func:`read_text`
returns NFC text with ``\\n`` line ends; every offset de06 reports refers to
that normalised text. The segmenters return (start, end) spans into it, so a
quote is always an exact slice.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from de06 import legacy
from de06.errors import UnreadableDocument

__all__ = ["read_text", "normalise", "paragraphs", "sentences", "clauses", "paren_depths"]

MAX_BYTES = 50 * 1024 * 1024


def normalise(text: str) -> str:
    """NFC, no BOM, ``\\n`` line ends; nothing else changes, so footnote markers stay apart from figures.

    >>> normalise("ho\\u0302\\u0300 so\\u031b\\u00b9\\u2075\\r\\n") == "hồ sơ¹⁵\\n"
    True
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot


def _toned(vowels: str) -> str:
    return "".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in _TONE_MARKS)


# "oá", "oẻ", "uỷ" ending a word (open syllables; "qu" is a consonant, so "quý" stays)
# (one character class first, so the regex engine skips to the o's and u's)
_NEW_STYLE_TONE = re.compile(rf"[oOuU](?:(?<=[oO])(?=[{_toned('aeAE')}])|(?<![qQ][uU])(?<=[uU])(?=[{_toned('yY')}]))."
                             r"(?![^\W\d_])")


def canonical_tones(text: str) -> str:
    """Tone marks of ``oa``, ``oe``, ``uy`` ending a word on the first vowel, as most reports place them:
    ``hoá`` → ``hóa``, ``khoẻ`` → ``khỏe``, ``thuỷ`` → ``thủy`` (``hoàn``, ``quý`` unchanged). Both spellings are
    correct Vietnamese; reading one lets every rule match both. Same length, so offsets carry over to the source.

    >>> canonical_tones("Số hoá, sức khoẻ, Thuỷ, UỶ BAN, hoàn thành, quý IV")
    'Số hóa, sức khỏe, Thủy, ỦY BAN, hoàn thành, quý IV'
    """
    def move(m: re.Match) -> str:
        first, second = m.group()
        base, tone = unicodedata.normalize("NFD", second)[:1], unicodedata.normalize("NFD", second)[1:]
        return unicodedata.normalize("NFC", first + tone) + base

    return _NEW_STYLE_TONE.sub(move, text)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc, less \t \n \f \r


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode report bytes: UTF-8 (BOM or not), UTF-16 (BOM, or NUL-interleaved), else Windows-1258 or 8-bit TCVN3/VNI.

    Text in the TCVN3 or VNI fonts is converted to Unicode (``de06.legacy``);
    anything else raises :class:`UnreadableDocument` naming ``name``.

    >>> decode("Đề án 06".encode("utf-16"))
    'Đề án 06'
    >>> decode(b"\\xd0\\xea\\xcc \\xe1n 06: h\\xf4\\xcc s\\xf5 \\xf0a\\xf2t")  # Windows-1258: tones as combining marks
    'Đề án 06: hồ sơ đạt'
    """
    if not data.strip():
        raise UnreadableDocument("empty file", path=name)
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8", name)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", name)
    elif _nul_interleaved(data):
        text = _strict(data, "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be", name)
    else:
        if b"\x00" in data[:65536]:
            raise UnreadableDocument("binary file, not report text", path=name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _eight_bit(data, name)
    controls = len(_CONTROLS.findall(text, 0, 65536))
    if controls > max(8, len(text[:65536]) // 100):
        raise UnreadableDocument("binary file, not report text", path=name)
    text = legacy.repair(normalise(text), name)
    if not text.strip():
        raise UnreadableDocument("empty file", path=name)
    return text


def _eight_bit(data: bytes, name: str) -> str:
    """Bytes that are not UTF-8: Windows-1258, or TCVN3/VNI bytes, whichever reads as more Vietnamese syllables."""
    candidates = []
    try:
        candidates.append(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    candidates += [convert(latin) for convert in legacy.ENCODINGS.values()]
    best, best_valid = None, 0
    for text in candidates:
        valid, total = legacy.syllable_score(text)
        if total and valid >= 0.6 * total and valid > best_valid:
            best, best_valid = text, valid
    if best is None:
        raise UnreadableDocument("unknown encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text)", path=name)
    return best


def _nul_interleaved(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > len(sample) // 4 and min(odd, even) < len(sample) // 50


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if b"\x00" in data[:65536]:
            raise UnreadableDocument("binary file, not report text", path=name) from None
        raise UnreadableDocument(f"unknown encoding (not {encoding.upper()} text)", path=name) from None


def read_text(path: str | Path) -> str:
    """Read one report file as normalised text, or raise UnreadableDocument naming it."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise UnreadableDocument("no such file", path=name)
    if p.is_dir():
        raise UnreadableDocument("is a directory, not a file", path=name)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableDocument(f"file over {MAX_BYTES // (1024 * 1024)} MB", path=name)
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read ({exc.strerror or exc})", path=name) from None
    return decode(data, name)


# ---------------------------------------------------------------- segmentation

# A list marker opening a line: "- ", "+ ", "(3) ", "3. ", "1.1. ", "a) ", "II. ", "* ".
_MARKER = re.compile(r"[ \t]*(?:[-+*•–][ \t]|\(\s*\d+\s*\)|\d+(?:\.\d+)*[.)][ \t]|[a-zđ]\)[ \t]|[IVX]+\.[ \t])")
_NUMBERED = re.compile(r"[ \t]*(?:\d+(?:\.\d+)*[.)]|[IVX]+\.)[ \t]")
_TERMINAL = re.compile(r"[.:;!?…][\"”’)*\s]*$")
_LINE = re.compile(r"[^\n]*\n?")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines joined across hard wraps and page breaks, split at list items.

    A line continues the paragraph before it unless that one ended a sentence
    (``.`` ``:`` ``;``) or the line opens a list item. Tab-indented lines (cells
    of a flattened table) stand alone.

    >>> t = "Phấn đấu tỷ lệ người dân tích hợp sổ \\n\\nsức khỏe điện tử.\\n- Mục tiêu: 80%."
    >>> [t[s:e] for s, e in paragraphs(t)]
    ['Phấn đấu tỷ lệ người dân tích hợp sổ \\n\\nsức khỏe điện tử.', '- Mục tiêu: 80%.']
    """
    spans: list[list[int]] = []
    prev_open = False  # the previous paragraph did not end a sentence
    heading = False  # ... and was a numbered heading alone on its line
    for m in _LINE.finditer(text):
        line = m.group()
        if not line:
            break
        s = m.start()
        stripped = line.strip()
        if not stripped:
            continue
        e = s + len(line.rstrip())
        lead = len(line) - len(line.lstrip(" "))
        cell = line.startswith("\t")
        started = False
        if spans and prev_open and not cell and not _MARKER.match(line) and not _is_cell(text, spans[-1]) \
                and not (heading and stripped[:1].isupper()):
            spans[-1][1] = e
        else:
            spans.append([s + lead if not cell else s + (len(line) - len(line.lstrip())), e])
            started = True
        prev_open = not _TERMINAL.search(stripped)
        # a numbered heading ("2. Cấp Căn cước, định danh điện tử", "II. KẾT QUẢ") on a line of its own: a capital
        # on the next line starts the paragraph under it, not a continuation of the heading
        heading = bool(prev_open and started and _NUMBERED.match(line))
    return [(s, e) for s, e in spans]


def _is_cell(text: str, span: list[int]) -> bool:
    s = span[0]
    return s > 0 and text[s - 1] == "\t"


_BRACKET = re.compile(r"[()\[\]]")


def paren_depths(text: str, start: int, end: int) -> list[int]:
    """Bracket depth before each character of ``text[start:end]`` (never below zero).

    Built run by run between brackets, so the cost is in C, not one Python step per character.

    >>> paren_depths("a(b)c)d", 0, 7)
    [0, 0, 1, 1, 0, 0, 0]
    """
    depth, out, last = 0, [], start
    for m in _BRACKET.finditer(text, start, end):
        i = m.start()
        out.extend([depth] * (i + 1 - last))  # up to and including the bracket itself
        last = i + 1
        if m.group() in "([":
            depth += 1
        elif depth:
            depth -= 1
    out.extend([depth] * (end - last))
    return out


_STOP = re.compile(r"[.!?…]+[\"”’)*]*\s+")
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|tp|ThS|TS|PGS|GS|BS|Th|v\.v|St|Ths|Ô|B|đ/c|Đ/c)|\b[A-ZĐ])$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph: split after ``.`` ``!`` ``?`` before a capital, digit or bracket.

    >>> t = "Trong kỳ, thu nhận 31.491 hồ sơ. Tổ chức thu nhận 75.401 hồ sơ (Mức 1: 15.643)."
    >>> [t[s:e] for s, e in sentences(t, 0, len(t))]
    ['Trong kỳ, thu nhận 31.491 hồ sơ.', 'Tổ chức thu nhận 75.401 hồ sơ (Mức 1: 15.643).']
    """
    out, s = [], start
    for m in _STOP.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        ch = text[nxt]
        if not (ch.isupper() or ch.isdigit() or ch in "(-–+\"“*"):
            continue
        head = text[max(start, m.start() - 8):m.start()]
        if _ABBREV.search(head) or (m.start() > 0 and text[m.start() - 1].isdigit() and ch.isdigit()):
            continue
        out.append((s, m.end() - (m.end() - m.start() - len(m.group().rstrip()))))
        s = nxt
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside a sentence: split at ``;`` outside brackets.

    >>> t = "trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%; trực tiếp: 138.923 hồ sơ (a; b)."
    >>> [t[s:e] for s, e in clauses(t, 0, len(t))]
    ['trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%', ' trực tiếp: 138.923 hồ sơ (a; b).']
    """
    out, s = [], start
    pos = text.find(";", start, end)
    depths = paren_depths(text, start, end) if pos >= 0 else []
    while pos >= 0:  # only the semicolons are looked at
        if depths[pos - start] == 0:
            out.append((s, pos))
            s = pos + 1
        pos = text.find(";", pos + 1, end)
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]
