"""Tests for de06.text: decoding report files and cutting text into paragraphs, sentences, clauses.

Fixtures under tests/data/ are named for the behaviour they exercise; each holds the
sentence S below (or a broken encoding of it). Seed quotes come from data/raw/reports/.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from de06.errors import De06Error, UnreadableDocument
from de06.text import clauses, decode, normalise, paragraphs, read_text, sentences

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parent / "data" / "seeds"
# 000: "Đến ngày 03/10/2025, trên địa bàn tỉnh Vĩnh Long có 1.073.204 trường hợp tích hợp thông tin
#       sổ sức khỏe điện tử trên VNeID, đạt tỷ lệ 25,45% ..."
S = "Đề án 06: đến ngày 03/10/2025 có 1.073.204 trường hợp tích hợp sổ sức khỏe điện tử, đạt tỷ lệ 25,45%.\n"


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("utf8_bom.txt", S),
        ("utf16_le_bom.txt", S),
        ("utf16_be_no_bom.txt", S),
        ("decomposed_diacritics.txt", S),
        ("crlf_line_ends.txt", S + S),
        ("cp1258_not_utf8.txt", "Đề án 06: hồ sơ đạt 25,45%\n"),
    ],
)
def test_read_text_fixtures(fixture, expected):
    got = read_text(DATA / fixture)
    assert got == expected
    assert unicodedata.is_normalized("NFC", got)
    assert "\r" not in got and "\ufeff" not in got


def test_decomposed_fixture_really_is_decomposed():
    raw = (DATA / "decomposed_diacritics.txt").read_bytes().decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw)


@pytest.mark.parametrize(
    "data",
    [
        S.encode("utf-8"),
        codecs.BOM_UTF8 + S.encode("utf-8"),
        S.encode("utf-16"),  # native order with BOM
        codecs.BOM_UTF16_LE + S.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + S.encode("utf-16-be"),
        S.encode("utf-16-le"),  # NUL-interleaved, no BOM
        S.encode("utf-16-be"),
        unicodedata.normalize("NFD", S).encode("utf-8"),
        S.replace("\n", "\r\n").encode("utf-8"),
        S.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "nfd", "crlf", "cr"],
)
def test_decode_variants(data):
    assert decode(data, "x.txt") == S


def test_normalise_keeps_footnote_markers_apart():
    # 000: "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%"
    raw = unicodedata.normalize("NFD", "170.978 hồ sơ¹⁵ trực tuyến\r\n")
    assert normalise(raw) == "170.978 hồ sơ¹⁵ trực tuyến\n"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "empty file"),
        ("binary_png_header.txt", "binary file"),
    ],
)
def test_read_text_unreadable_fixtures(fixture, message):
    with pytest.raises(UnreadableDocument) as info:
        read_text(DATA / fixture)
    assert message in str(info.value)
    assert fixture in str(info.value)
    assert isinstance(info.value, De06Error)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n  ", "empty file"),
        (codecs.BOM_UTF8 + b"  \n", "empty file"),
        ("   \n".encode("utf-16"), "empty file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"IHDR\x00\x00", "binary file"),
        (bytes(range(1, 32)) * 10, "binary file"),
        ("Café résumé, hồ sơ".encode("latin-1", errors="replace"), "unknown encoding"),
    ],
    ids=["empty", "whitespace", "bom-whitespace", "utf16-whitespace", "png", "controls", "latin1"],
)
def test_read_text_unreadable_bytes(tmp_path, data, message):
    path = tmp_path / "bao_cao_thang_10.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as info:
        read_text(path)
    assert message in str(info.value)
    assert "bao_cao_thang_10.txt" in str(info.value)


def test_read_text_directory(tmp_path):
    folder = tmp_path / "reports_dir"
    folder.mkdir()
    with pytest.raises(UnreadableDocument, match="directory") as info:
        read_text(folder)
    assert "reports_dir" in str(info.value)


def test_read_text_missing(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file") as info:
        read_text(tmp_path / "khong_ton_tai.txt")
    assert "khong_ton_tai.txt" in str(info.value)


def test_read_text_seed_is_nfc_with_lf():
    text = read_text(SEEDS / "000_758c85fa00e9b683.txt")
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    # 000: "Số: 367/BC-UBND"
    assert "Số: 367/BC-UBND" in text


# ---------------------------------------------------------------- segmentation


def _slices(text, spans):
    for s, e in spans:
        assert 0 <= s < e <= len(text), (s, e)
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 001: "Phấn đấu tỷ lệ người dân tích hợp sổ \n\nsức khỏe điện tử trên VNeID đạt từ 80% trở lên"
        (
            "Phấn đấu tỷ lệ người dân tích hợp sổ \n\nsức khỏe điện tử trên VNeID đạt từ 80% trở lên.\n- Mục tiêu: 80%.",
            ["Phấn đấu tỷ lệ người dân tích hợp sổ \n\nsức khỏe điện tử trên VNeID đạt từ 80% trở lên.", "- Mục tiêu: 80%."],
        ),
        ("Dòng một chưa hết\ndòng hai tiếp tục.\nDòng ba.", ["Dòng một chưa hết\ndòng hai tiếp tục.", "Dòng ba."]),
        # list items split even when the previous line is open
        ("- Mục tiêu 1: đạt 80%\n- Mục tiêu 2: đạt 90%", ["- Mục tiêu 1: đạt 80%", "- Mục tiêu 2: đạt 90%"]),
        ("+ Một ý\n+ Ý khác", ["+ Một ý", "+ Ý khác"]),
        # 000: "(3) Đăng ký thường trú (Dịch vụ công trực tuyến một phần): 56.813 hồ sơ."
        (
            "(3) Đăng ký thường trú (Dịch vụ công trực tuyến một phần): 56.813 hồ sơ\n(4) Đăng ký tạm trú",
            ["(3) Đăng ký thường trú (Dịch vụ công trực tuyến một phần): 56.813 hồ sơ", "(4) Đăng ký tạm trú"],
        ),
        ("a) Thứ nhất\nb) Thứ hai\nđ) Thứ sáu", ["a) Thứ nhất", "b) Thứ hai", "đ) Thứ sáu"]),
        ("1. Mục A\n1.1. Mục con\nII. Phần hai", ["1. Mục A", "1.1. Mục con", "II. Phần hai"]),
        # leading spaces are not part of the paragraph; tab cells stand alone
        ("   Thụt lề.\n\tSTT\n\tCấp học", ["Thụt lề.", "STT", "Cấp học"]),
        ("", []),
        ("  \n\n \n", []),
    ],
)
def test_paragraphs(text, expected):
    assert _slices(text, paragraphs(text)) == expected


def test_paragraphs_seed_hard_wrap():
    text = read_text(SEEDS / "001_1757523d643b6cab.txt")
    i = text.index("tích hợp sổ \n\nsức khỏe")
    (para,) = [(s, e) for s, e in paragraphs(text) if s <= i < e]
    body = text[para[0]:para[1]]
    # 001: "Phấn đấu tỷ lệ người dân tích hợp sổ \n\nsức khỏe điện tử trên VNeID đạt từ 80% trở lên"
    assert "sổ \n\nsức khỏe điện tử trên VNeID đạt từ 80%" in body
    assert body.startswith("(4) ")


def test_paragraph_spans_of_seeds_slice_text():
    for path in sorted(SEEDS.glob("*.txt")):
        text = read_text(path)
        spans = paragraphs(text)
        assert spans
        prev_end = 0
        for s, e in spans:
            assert prev_end <= s < e <= len(text)
            assert not text[s].isspace() and not text[e - 1].isspace()
            prev_end = e


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Công an TP. Cần Thơ đã tiếp nhận 5 hồ sơ. Sở Tư pháp tiếp nhận 3 hồ sơ.",
            ["Công an TP. Cần Thơ đã tiếp nhận 5 hồ sơ.", "Sở Tư pháp tiếp nhận 3 hồ sơ."],
        ),
        # 000: "Đã hoàn thành tái cấu trúc quy trình, tích hợp, cung cấp trên Cổng dịch vụ công quốc gia.
        #       Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%, ..."
        (
            (
                "Đã hoàn thành tái cấu trúc quy trình, tích hợp, cung cấp trên Cổng dịch vụ công quốc gia. "
                "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%."
            ),
            [
                "Đã hoàn thành tái cấu trúc quy trình, tích hợp, cung cấp trên Cổng dịch vụ công quốc gia.",
                "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%.",
            ],
        ),
        ("Kết quả tốt! Tiếp tục? Có. (1) Mục", ["Kết quả tốt!", "Tiếp tục?", "Có.", "(1) Mục"]),
        ("Tổng 1.073.204 hồ sơ. 25 hồ sơ khác.", ["Tổng 1.073.204 hồ sơ.", "25 hồ sơ khác."]),
        # no split before a lower-case word, nor after an initial
        ("Đạt 5 hồ sơ. còn lại chưa.", ["Đạt 5 hồ sơ. còn lại chưa."]),
        ("Theo ông Nguyễn Văn A. Bộ Công an", ["Theo ông Nguyễn Văn A. Bộ Công an"]),
        ("Xong.", ["Xong."]),
    ],
)
def test_sentences(text, expected):
    assert _slices(text, sentences(text, 0, len(text))) == expected


def test_sentences_inside_window():
    text = "Mở đầu. Câu một. Câu hai. Kết."
    s, e = text.index("Câu một"), text.index(" Kết")
    assert _slices(text, sentences(text, s, e)) == ["Câu một.", "Câu hai."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 000: "¹⁵ Cụ thể: tiếp nhận tổng số 309.901 hồ sơ, trong đó: trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%;
        #       trực tiếp: 138.923 hồ sơ, tỷ lệ 44,83%."
        (
            "trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%; trực tiếp: 138.923 hồ sơ, tỷ lệ 44,83%.",
            ["trực tuyến: 170.978 hồ sơ, tỷ lệ 55,17%", " trực tiếp: 138.923 hồ sơ, tỷ lệ 44,83%."],
        ),
        ("x (a; b) y; z", ["x (a; b) y", " z"]),
        ("x [a; b]; c", ["x [a; b]", " c"]),
        ("x (a; (b; c)) d; e", ["x (a; (b; c)) d", " e"]),
        ("a) b; c", ["a) b", " c"]),
        (";;a;", ["a"]),
        ("không có dấu chấm phẩy", ["không có dấu chấm phẩy"]),
    ],
)
def test_clauses(text, expected):
    assert _slices(text, clauses(text, 0, len(text))) == expected


def test_clause_and_sentence_spans_nest_in_seed_paragraphs():
    text = read_text(SEEDS / "000_758c85fa00e9b683.txt")
    for ps, pe in paragraphs(text):
        for ss, se in sentences(text, ps, pe):
            assert ps <= ss < se <= pe
            for cs, ce in clauses(text, ss, se):
                assert ss <= cs < ce <= se


# ---------------------------------------------------------------- Windows-1258 and the TCVN3 / VNI font encodings

# Known words: the national motto as it is commonly seen when a TCVN3 or VNI document loses its font.
MOTTO = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
MOTTO_TCVN3 = "Céng hßa x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
MOTTO_VNI = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
# The words of the issue: "Phát triển" in TCVN3, and the usual report title words. (A VNI word whose
# characters are all Vietnamese letters too, like "hoà" for "hồ", cannot be told from Unicode on its own.)
KNOWN_TCVN3 = {"Ph¸t triÓn": "Phát triển", "B¸o c¸o": "Báo cáo", "d©n c­": "dân cư", "®Þnh danh": "định danh",
               "x¸c thùc ®iÖn tö": "xác thực điện tử", "KÕ ho¹ch": "Kế hoạch", "tû lÖ": "tỷ lệ", "hå s¬": "hồ sơ",
               "B¶o Th¾ng": "Bảo Thắng", "M­êng Kh­¬ng": "Mường Khương"}
KNOWN_VNI = {"Phaùt trieån": "Phát triển", "Baùo caùo": "Báo cáo", "daân cö": "dân cư", "ñònh danh": "định danh",
             "xaùc thöïc ñieän töû": "xác thực điện tử", "Keá hoaïch": "Kế hoạch", "tyû leä": "tỷ lệ", "tieáp nhaän hoà sô tröïc tuyeán": "tiếp nhận hồ sơ trực tuyến",
             "Xin chaøo caùc baïn": "Xin chào các bạn"}


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: base letters precomposed where the code page has them, tones apart."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def test_windows_1258_decodes_and_is_nfc(tmp_path):
    seed = read_text(SEEDS / "003_bfe5fe3f71bb72dc.txt")
    path = tmp_path / "bao_cao_cp1258.txt"
    path.write_bytes(_cp1258(seed))
    got = read_text(path)
    assert got == seed and unicodedata.is_normalized("NFC", got)


@pytest.mark.parametrize(("legacy_text", "expected"), [*KNOWN_TCVN3.items(), *KNOWN_VNI.items()])
def test_legacy_known_words_convert(legacy_text, expected):
    # enough words for the detector: the phrase three times over
    assert decode((" ".join([legacy_text] * 3)).encode("utf-8")) == " ".join([expected] * 3)


@pytest.mark.parametrize("legacy_text", [MOTTO_TCVN3, MOTTO_VNI], ids=["tcvn3", "vni"])
def test_legacy_motto_converts_from_unicode_mojibake_and_from_8bit_bytes(legacy_text):
    assert decode(legacy_text.encode("utf-8")) == MOTTO
    assert decode(legacy_text.encode("latin-1")) == MOTTO  # an old 8-bit file: not UTF-8 at all


def test_tcvn3_capitals_font_lines_come_out_in_capitals():
    # .VnTimeH draws the lower-case codes as capitals: "CỘNG HÒA XÃ HỘI ..."
    assert decode("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM\n§éc lËp - Tù do - H¹nh phóc".encode("utf-8")).splitlines()[0] \
        == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _without_superscripts(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "No")  # ¹⁵ footnote marks have no TCVN3 code


def _to_tcvn3(text: str) -> str:
    from de06 import legacy

    inverse = {v: chr(k) for k, v in legacy._TCVN3.items()}
    return "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in text)


def _to_vni(text: str) -> str:
    from de06 import legacy

    inverse: dict[str, str] = {}
    for spelled, letter in legacy._VNI.items():
        if len(spelled) > len(inverse.get(letter, "")):
            inverse[letter] = spelled
    return "".join(inverse.get(c, c) for c in text)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_seeds_survive_a_trip_through_tcvn3_and_vni(tmp_path, seed):
    text = _without_superscripts(read_text(seed))
    tcvn3, vni = tmp_path / "tcvn3.txt", tmp_path / "vni.txt"
    tcvn3.write_bytes(_to_tcvn3(text).encode("utf-8"))
    vni.write_bytes(_to_vni(text).encode("utf-8"))
    assert read_text(tcvn3).casefold() == text.casefold()  # TCVN3 has no capital toned vowels
    assert read_text(vni) == text


def test_a_mixed_document_converts_only_its_legacy_lines():
    text = "Báo cáo kết quả thực hiện Đề án 06 tháng 10\n" + MOTTO_TCVN3 * 2 + "Tỷ lệ hồ sơ trực tuyến đạt 55,17%\n"
    got = decode(text.encode("utf-8"))
    assert got == "Báo cáo kết quả thực hiện Đề án 06 tháng 10\n" + MOTTO * 2 + "Tỷ lệ hồ sơ trực tuyến đạt 55,17%\n"


@pytest.mark.parametrize("text", [
    "Đề án 06: hồ sơ đạt 25,45% © Cổng thông tin điện tử tỉnh § 3\n",
    "Café résumé naïve, Zürich and São Paulo: ordinary Latin-1 words in a Vietnamese report, hồ sơ đạt.\n",
])
def test_unicode_text_with_latin1_signs_is_left_alone(text):
    assert decode(text.encode("utf-8")) == text


def test_legacy_text_that_does_not_convert_is_refused_naming_the_encoding(tmp_path):
    # TCVN3-looking codes in words that are no Vietnamese either way
    path = tmp_path / "font_cu.txt"
    path.write_text("Ð¸×® ¶÷ø Þ¸ß® ®×¶ ¸ÞÞ× ×¸¸® Ð¶¶÷ ®®×ß ¸¸¸Þ\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument) as info:
        read_text(path)
    assert "font_cu.txt" in str(info.value) and ("TCVN3" in str(info.value) or "VNI" in str(info.value))


def test_eight_bit_bytes_that_are_no_vietnamese_are_unknown_encoding(tmp_path):
    path = tmp_path / "la.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(UnreadableDocument, match="unknown encoding") as info:
        read_text(path)
    assert "la.txt" in str(info.value)


def test_legacy_word_scan_on_a_long_ascii_run_finds_only_the_vietnamese_words():
    # a 70 000-letter run once made this scan quadratic (94 s for one report); it must read every word once
    from de06.legacy import _SPLIT, _words

    text = "x" * 70_000 + " đạt " + "y" * 50_000 + "ạ" + "z" * 10
    assert _words(text) == [w for w in _SPLIT.split(text) if w and not w.isascii()] == ["đạt", "y" * 50_000 + "ạ" + "z" * 10]
