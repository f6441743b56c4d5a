"""Vietnamese text in the pre-Unicode font encodings TCVN3 (ABC) and VNI: detect it, convert it.

Old Word templates typed in the ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts
store Vietnamese letters as Latin-1 characters, so the text reads as mojibake
once the font is gone: "Phát triển" shows as ``Ph¸t triÓn`` (TCVN3) or
``Phaùt trieån`` (VNI). :func:`repair` recognises such text by the share of its
words that are well-formed Vietnamese syllables (:func:`is_syllable`) before and
after conversion, converts it line by line when that share clearly improves,
and refuses it (naming the encoding) when it looks legacy-encoded but no
conversion yields Vietnamese. In a Unicode report with a few lines pasted from
an old document, each such line is converted on its own (:func:`mixed_lines`);
a line that still looks like mojibake is reported with a
:class:`LegacyTextWarning` naming the file and line, so its figures are not lost
silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from itertools import filterfalse

from de06.errors import UnreadableDocument

__all__ = ["tcvn3_to_unicode", "vni_to_unicode", "is_syllable", "syllable_score", "repair", "mixed_lines",
           "LegacyTextWarning", "ENCODINGS"]


class LegacyTextWarning(UserWarning):
    """A line that looks typed in an old font encoding (TCVN3, VNI) and could not be converted."""

# Tones in the order both tables list them.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# ---------------------------------------------------------------- TCVN3 (ABC)

# TCVN3 gives each lower-case vowel six code points: plain, then grave, acute,
# hook, tilde, dot (``a`` is ASCII, so five). Capitals with a tone have no code
# point of their own: the all-caps font (.VnTimeH) draws the lower-case codes.
_TCVN3_VOWELS = {
    "a": "µ¸¶·¹", "ă": "¨»¾¼½Æ", "â": "©ÇÊÈÉË", "e": "ÌÐÎÏÑ", "ê": "ªÒÕÓÔÖ", "i": "×ÝØÜÞ",
    "o": "ßãáâä", "ô": "«åèæçé", "ơ": "¬êíëìî", "u": "ïóñòô", "ư": "\u00adõøö÷ù", "y": "úýûüþ",
}
_TCVN3_OTHER = {"đ": "®", "Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}


def _tcvn3_table() -> dict[int, str]:
    table = {}
    for base, codes in _TCVN3_VOWELS.items():
        tones = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)
        if len(codes) == 6:
            table[ord(codes[0])] = base
            codes = codes[1:]
        for code, tone in zip(codes, tones, strict=True):
            table[ord(code)] = _toned(base, tone)
    for letter, code in _TCVN3_OTHER.items():
        table[ord(code)] = letter
    return table


_TCVN3 = _tcvn3_table()


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 (ABC) code points read as Latin-1 → Unicode; lines typed in the all-caps font come out in capitals.

    >>> tcvn3_to_unicode("Ph¸t triÓn d÷ liÖu d©n c­")
    'Phát triển dữ liệu dân cư'
    >>> tcvn3_to_unicode("Sè LIÖU D¢N C¦ CñA TØNH")
    'SỐ LIỆU DÂN CƯ CỦA TỈNH'
    """
    out = []
    for line in text.split("\n"):
        converted = line.translate(_TCVN3)
        if converted != line and _all_caps(line):
            converted = converted.upper()
        out.append(converted)
    return "\n".join(out)


_NOT_ASCII_LETTER = re.compile(r"[^A-Za-z]+")


def _all_caps(line: str) -> bool:
    """At least three ASCII letters, all capitals (a line typed in the all-caps font).

    >>> _all_caps("CéNG HOµ"), _all_caps("Ph¸t triÓn"), _all_caps("X· 2")
    (True, False, False)
    """
    letters = _NOT_ASCII_LETTER.sub("", line)
    return len(letters) >= 3 and letters.isupper()


# ---------------------------------------------------------------- VNI

# VNI writes a toned vowel as its base letter followed by a mark character. The
# mark characters depend on the base: ``ùøûõï`` (acute, grave, hook, tilde, dot)
# after a e o u y ơ ư, ``áàåãä`` after a circumflex, ``éèúüë`` after a breve.
# ``ô`` alone is ơ, ``ö`` is ư, ``ñ`` is đ; i has one-character forms.
_VNI_PLAIN = "ùøûõï"
_VNI_CIRCUMFLEX = "áàåãä"
_VNI_BREVE = "éèúüë"
_VNI_SPELLING = [  # (Unicode base, VNI spelling of the base, VNI prefix before a mark, marks)
    ("a", "a", "a", _VNI_PLAIN), ("â", "aâ", "a", _VNI_CIRCUMFLEX), ("ă", "aê", "a", _VNI_BREVE),
    ("e", "e", "e", _VNI_PLAIN), ("ê", "eâ", "e", _VNI_CIRCUMFLEX),
    ("o", "o", "o", _VNI_PLAIN), ("ô", "oâ", "o", _VNI_CIRCUMFLEX), ("ơ", "ô", "ô", _VNI_PLAIN),
    ("u", "u", "u", _VNI_PLAIN), ("ư", "ö", "ö", _VNI_PLAIN), ("y", "y", "y", _VNI_PLAIN[:4]),
]
_VNI_SINGLE = {"ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    tones = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
    for base, spelling, prefix, marks in _VNI_SPELLING:
        if spelling != base:
            table[spelling] = base
        for mark, tone in zip(marks, tones):
            table[prefix + mark] = _toned(base, tone)
    table.update(_VNI_SINGLE)
    upper = {k.upper(): v.upper() for k, v in table.items()}
    table.update(upper)
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """VNI code points read as Latin-1 → Unicode, longest spelling first.

    >>> vni_to_unicode("Phaùt trieån döõ lieäu daân cö")
    'Phát triển dữ liệu dân cư'
    >>> vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc")
    'Độc lập - Tự do - Hạnh phúc'
    """
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group()], text)


ENCODINGS: dict[str, Callable[[str], str]] = {"TCVN3 (ABC)": tcvn3_to_unicode, "VNI": vni_to_unicode}


# ---------------------------------------------------------------- what Vietnamese looks like

_TONES = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
# Vowel nuclei without their tone: those ending in a glide take no final consonant ("người", not "ngườin"),
# some take one always ("tiên", "chuyển", "hoặc"), the rest may ("hoa", "hoàn").
_CLOSED = "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu ia ua ưa uya iêu yêu oai oay oao oeo uây uôi ươi ươu uyu uêu"
_NEEDS_FINAL = "ă â iê yê uô ươ oă uâ uyê"
_OPEN = "a e ê i o ô ơ u ư y oa oe oo uê uơ uy"


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?(?:"
                       rf"(?:{_alternation(_CLOSED)})|(?:{_alternation(_NEEDS_FINAL)})(?:ch|ng|nh|[cmnpt])"
                       rf"|(?:{_alternation(_OPEN)})(?:ch|ng|nh|[cmnpt])?)")
_VIET_LETTERS = frozenset(
    _toned(b, t) for b in "aăâeêioôơuưy" for t in ("", *_TONES)
) | frozenset("đbcdghklmnpqrstvx")
_VIET_LETTERS = _VIET_LETTERS | frozenset(c.upper() for c in _VIET_LETTERS)
# Latin-1 characters that are not letters of Unicode Vietnamese: in a word they betray a font encoding.
SIGNATURE = frozenset(chr(i) for i in range(0xA1, 0x100)) - _VIET_LETTERS
_HAS_SIGNATURE = re.compile("[" + "".join(re.escape(c) for c in sorted(SIGNATURE)) + "]")
_SPLIT = re.compile(r"[\s\-/.,;:!?()\[\]{}\"'“”‘’…–—•*+=%<>|_#&@\d]+")


@functools.lru_cache(maxsize=1 << 16)  # a language has a few thousand syllables: judge each once
def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable with at most one tone (case ignored).

    >>> [is_syllable(w) for w in ("nghiệp", "Được", "người", "khuyến", "Ph¸t", "trión", "T\\u0309")]
    [True, True, True, True, False, False, False]
    >>> [is_syllable(w) for w in ("daõn", "ngườin", "hoặc", "hoă")]
    [False, False, True, False]
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


_SEP = _SPLIT.pattern[1:-2]  # the separator class, without its brackets and "+"
_WORD = re.compile(f"[^{_SEP}]+")  # a run between separators: linear even in a 70 000-letter "word"


def _words(text: str) -> list[str]:
    """The words of ``text`` that carry a non-ASCII character.

    >>> _words("Đề án 06: hồ sơ (TTHC) đạt 25,45% — Ph¸t")
    ['Đề', 'án', 'hồ', 'sơ', 'đạt', 'Ph¸t']
    """
    return list(filterfalse(str.isascii, _WORD.findall(text)))


def syllable_score(text: str) -> tuple[int, int]:
    """(well-formed syllables, words) over the words that carry a non-ASCII character.

    >>> syllable_score("Đề án 06: hồ sơ đạt 25,45%")
    (5, 5)
    """
    words = _words(text)
    return sum(1 for w in words if is_syllable(w)), len(words)


def repair(text: str, name: str = "<text>") -> str:
    """Convert TCVN3 or VNI mojibake to Unicode; refuse text that looks legacy-encoded but converts to nothing.

    Text whose non-ASCII words are nearly all Vietnamese syllables is returned as it is.
    A conversion is kept only if it makes more words Vietnamese syllables, and only
    on the lines it improves, so Unicode lines of a mixed document stay untouched.

    >>> repair("Ph¸t triÓn c«ng nghÖ")
    'Phát triển công nghệ'
    >>> repair("Đề án 06: hồ sơ đạt 25,45% ©")
    'Đề án 06: hồ sơ đạt 25,45% ©'
    """
    counts = Counter(_words(text))  # each distinct word judged once
    words = sum(counts.values())
    if not words:
        return text
    valid = sum(map(counts.__getitem__, filter(is_syllable, counts)))  # loops in C: this runs on every report
    # no separator is a signature character: one in the text is in one of these words
    marked = {w: n for w, n in counts.items() if not SIGNATURE.isdisjoint(w)} if _HAS_SIGNATURE.search(text) else {}
    if sum(marked.values()) < 0.2 * words and words - valid < 0.3 * words:
        if not any(_suspect(w) for w in marked):
            return text  # no line can hold a word typed in an old font: nothing to look for line by line
        return mixed_lines(text, name)  # Vietnamese already, perhaps with a stray "©" or a few pasted lines
    best_name, best_valid = None, valid
    for enc, convert in ENCODINGS.items():
        v, _ = syllable_score(convert(text))
        if v > best_valid:
            best_name, best_valid = enc, v
    if best_name is not None and best_valid >= 0.6 * words and best_valid - valid >= 0.5 * (words - valid):
        return mixed_lines(_convert_lines(text, ENCODINGS[best_name]), name)
    suspicious = sum(n for w, n in marked.items() if not is_syllable(w))
    if suspicious >= 3:
        raise UnreadableDocument(f"text in a legacy Vietnamese font encoding ({_guess(text)}) that de06 cannot "
                                 "convert reliably; save it as Unicode (UTF-8) and try again", path=name)
    return text


def _suspicious(line: str) -> list[str]:
    """Words of a line that look like font-encoded Vietnamese: Latin-1 only, a font-encoding character, no syllable.

    A Unicode word with a footnote mark (``tử²``) is not one: legacy-encoded text has no character above U+00FF;
    nor is a sign standing alone (``©``, ``§ 3``): a font-encoded word keeps some plain letters.

    >>> _suspicious("Ph¸t d÷ liÖu © § 3 tử² chính¹")
    ['Ph¸t', 'd÷', 'liÖu']
    """
    return [w for w in _words(line) if _suspect(w)]


def _suspect(w: str) -> bool:
    """One word of :func:`_suspicious`."""
    return (not SIGNATURE.isdisjoint(w) and max(map(ord, w)) <= 0xFF and any(c.isascii() and c.isalpha() for c in w)
            and not is_syllable(w) and not is_syllable(w.rstrip("¹²³")))  # "chính¹": a footnote mark after a word


def mixed_lines(text: str, name: str = "<text>") -> str:
    """Convert, line by line, the lines of mostly-Unicode text that were typed in TCVN3 or VNI; warn about the rest.

    A line is converted when an encoding makes at least two more of its words Vietnamese syllables and
    leaves at most a quarter of them malformed. A line with two or more words still looking like mojibake
    gives a :class:`LegacyTextWarning` naming ``name`` and the line number.

    >>> mixed_lines("Đề án 06 của tỉnh\\nThùc hiÖn sè hãa kho¶ng 142.884 hå s¬\\nHết")
    'Đề án 06 của tỉnh\\nThực hiện số hóa khoảng 142.884 hồ sơ\\nHết'
    """
    if not _HAS_SIGNATURE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _HAS_SIGNATURE.search(line):
            continue
        left = _suspicious(line)
        if not left:  # signs and footnote marks only: nothing to convert (one pass over the line)
            continue
        before, words = syllable_score(line)
        best, best_valid = None, before
        for convert in ENCODINGS.values():
            new = convert(line)
            after, _ = syllable_score(new)
            if after > best_valid:
                best, best_valid = new, after
        if best is not None and best_valid - before >= 2 and words - best_valid <= 0.25 * words:
            lines[i] = line = best
            left = _suspicious(line)
        if len(left) >= 2:
            warnings.warn(LegacyTextWarning(f"{name}: line {i + 1}: {len(left)} words look typed in an old font "
                                            f"encoding and were not converted (e.g. {left[0]!r}); their figures "
                                            "may be missed"), stacklevel=2)
    return "\n".join(lines)


def _convert_lines(text: str, convert: Callable[[str], str]) -> str:
    """Convert the lines the encoding improves, and the Latin-1-only lines it does not spoil."""
    out = []
    for line in text.split("\n"):
        new = convert(line)
        if new != line:
            before, _ = syllable_score(line)
            after, _ = syllable_score(new)
            unicode_line = any(ord(c) > 0xFF for c in line)
            if after < before or (after == before and unicode_line):
                new = line
        out.append(new)
    return "\n".join(out)


def _guess(text: str) -> str:
    vni_marks = sum(1 for m in _VNI_PATTERN.finditer(text) if len(m.group()) == 2)
    tcvn3_codes = sum(1 for c in text if ord(c) in _TCVN3 and c in SIGNATURE)
    return "VNI" if vni_marks > tcvn3_codes else "TCVN3 (ABC)"
