"""Tests for de06.tables on the flattened education table of seed 004 (Trà Vinh, 2022).

004: "+ Việc cập nhật, xác thực thông tin giữa CSDLQG về DC với CSDL ngành Giáo dục và Đào tạo:"
followed by one tab-indented cell per line:
    STT | Cấp học | Học sinh | Giáo viên || (blank) (blank) Đã xác thực với CSDLQGvDC | Tỉ lệ | Đã xác thực … | Tỉ lệ
    1 | Mầm non | 22.670 | 62.76% | 2.595 | 96.11%
    …
    5 | GDTX | 1.443 | 77.29% | 247 | 99.6%
"""

from __future__ import annotations

from pathlib import Path

import pytest

from de06.tables import cell_spans, read_tables
from de06.text import read_text

SEED_004 = Path(__file__).parent / "data" / "seeds" / "004_81f65567ca32de7e.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return read_text(SEED_004)


@pytest.fixture(scope="module")
def table(text):
    tables = read_tables(text)
    assert len(tables) == 1
    return tables[0]


def test_rows_and_labels(table):
    # 004 cells: "1 Mầm non", "2 Tiểu học", "3 THCS", "4 THPT", "5 GDTX"
    assert [r.label for r in table.rows] == ["Mầm non", "Tiểu học", "THCS", "THPT", "GDTX"]
    assert [r.cells[0].text for r in table.rows] == ["1", "2", "3", "4", "5"]
    assert all(len(r.cells) == 6 for r in table.rows)


@pytest.mark.parametrize(
    ("ci", "words"),
    [
        (3, ("Học sinh", "Tỉ lệ")),  # 004 header: "Học sinh" over "Đã xác thực với CSDLQGvDC" | "Tỉ lệ"
        (5, ("Giáo viên", "Tỉ lệ")),  # 004 header: "Giáo viên" over "Đã xác thực với CSDLQGvDC" | "Tỉ lệ"
        (2, ("Học sinh", "Đã xác thực")),
        (4, ("Giáo viên", "Đã xác thực")),
        (1, ("Cấp học",)),
        (0, ("STT",)),
    ],
)
def test_column_headers(table, ci, words):
    header = table.header(ci)
    for w in words:
        assert w in header
    other = {"Học sinh": "Giáo viên", "Giáo viên": "Học sinh"}
    for w in words:
        if w in other:
            assert other[w] not in header


def test_header_out_of_range_is_empty(table):
    assert table.header(len(table.columns)) == ""


@pytest.mark.parametrize(
    ("label", "ci", "cell"),
    [
        ("Mầm non", 2, "22.670"),  # 004: "1 | Mầm non | 22.670 | 62.76% | 2.595 | 96.11%"
        ("Mầm non", 3, "62.76%"),
        ("Tiểu học", 3, "81.12%"),  # 004: "2 | Tiểu học | 72.432 | 81.12% | 5.476 | 96.87%"
        ("THPT", 5, "98.9%"),  # 004: "4 | THPT | 27.519 | 96.73% | 1.794 | 98.9%"
        ("GDTX", 4, "247"),  # 004: "5 | GDTX | 1.443 | 77.29% | 247 | 99.6%"
        ("GDTX", 5, "99.6%"),
    ],
)
def test_cells(text, table, label, ci, cell):
    (row,) = [r for r in table.rows if r.label == label]
    c = row.cells[ci]
    assert c.text == cell
    assert text[c.start:c.end] == cell


def test_cell_spans_cover_the_table(text, table):
    spans = cell_spans(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert s <= table.start < table.end <= e
    for needle in ("62.76%", "99.6%"):
        i = text.index("\t" + needle + "\n") + 1
        assert s <= i and i + len(needle) <= e
    # prose on either side stays outside
    assert "Giáo dục và Đào tạo:" in text[s - 40:s]
    assert "(3) Kết quả triển khai" not in text[s:e]


def test_table_bounds_are_cells(text, table):
    assert text[table.start:table.end].startswith("STT")
    assert text[table.start:table.end].endswith("99.6%")


@pytest.mark.parametrize(
    "plain",
    [
        # 004: "đã xác thực thông tin với CSDLQG về DC cho 601.323 người tham gia (đạt 72%)."
        "đã xác thực thông tin với CSDLQG về DC cho 601.323 người tham gia (đạt 72%).",
        "Trong quý:\n1. Tiếp nhận hồ sơ\n2. Giải quyết hồ sơ\n",  # a numbered list is no table
        "",
    ],
)
def test_text_without_tables_has_no_tables(plain):
    assert read_tables(plain) == []
    assert cell_spans(plain) == []


def test_too_few_cells_is_not_a_table():
    assert read_tables("\tSTT\n\tCấp\n\t1\n\tMầm non\n") == []


@pytest.mark.parametrize("layout", [
    # one cell per plain line under "STT", an empty line for an empty cell, a total row without a number
    "STT\nĐơn vị\nSố hồ sơ tiếp nhận\nTỷ lệ trực tuyến (%)\n1\nXã Cẩm Lạc\n2.000\n95\n2\nXã Cẩm Bình\n\n-\n\nToàn tỉnh\n9.000\n88\n",
    # rows split by "|", with a Markdown rule under the header
    "| STT | Đơn vị | Số hồ sơ tiếp nhận | Tỷ lệ trực tuyến (%) |\n|---|---|---|---|\n| 1 | Xã Cẩm Lạc | 2.000 | 95 |\n"
    "| 2 | Xã Cẩm Bình | | - |\n| | Toàn tỉnh | 9.000 | 88 |\n",
    # rows split by tabs
    "STT\tĐơn vị\tSố hồ sơ tiếp nhận\tTỷ lệ trực tuyến (%)\n1\tXã Cẩm Lạc\t2.000\t95\n2\tXã Cẩm Bình\t\t-\n\tToàn tỉnh\t9.000\t88\n",
])
def test_the_three_layouts_give_the_same_rows(layout):
    [table] = read_tables(layout)
    assert table.columns == ("STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Tỷ lệ trực tuyến (%)")
    assert [(r.label, [c.text for c in r.cells[2:]]) for r in table.rows] == [
        ("Xã Cẩm Lạc", ["2.000", "95"]), ("Xã Cẩm Bình", ["", "-"]), ("Toàn tỉnh", ["9.000", "88"])]
    for r in table.rows:  # every cell is an exact span of the text
        assert all(layout[c.start:c.end] == c.text for c in r.cells)
    assert cell_spans(layout)


def _cells(text: str) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for t in read_tables(text) for row in t.rows]


def test_a_table_pasted_double_spaced_reads_as_the_same_rows():
    corpus = Path(__file__).resolve().parent / "data" / "corpus" / "docs"
    checked = 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = _cells(text)
        if not rows:
            continue
        assert _cells(text.replace("\n", "\n\n")) == rows, path.name  # a blank line after every line
        checked += 1
    assert checked >= 5


ALIGNED = (
    "Phụ lục\n\n"
    "STT  Đơn vị                  Tỷ lệ hồ sơ TTHC        Số hồ sơ định danh\n"
    "                             trực tuyến (%)          điện tử mức 2 (hồ sơ)\n"
    "1    Huyện Diễn Châu         60                      8.000\n"
    "2    Thị xã Cửa Lò           55                      1.500\n"
    "3    Huyện Yên Thành                                 4.200\n"
    "     Toàn tỉnh               58                      13.700\n"
    "\nNơi nhận:\n"
)


def test_a_table_laid_out_with_spaces_reads_by_column():
    (t,) = read_tables(ALIGNED)
    assert t.columns == ("STT", "Đơn vị", "Tỷ lệ hồ sơ TTHC trực tuyến (%)", "Số hồ sơ định danh điện tử mức 2 (hồ sơ)")
    assert [(r.label, [c.text for c in r.cells]) for r in t.rows] == [
        ("Huyện Diễn Châu", ["1", "Huyện Diễn Châu", "60", "8.000"]),
        ("Thị xã Cửa Lò", ["2", "Thị xã Cửa Lò", "55", "1.500"]),
        ("Huyện Yên Thành", ["3", "Huyện Yên Thành", "", "4.200"]),  # an empty cell stays under its column
        ("Toàn tỉnh", ["", "Toàn tỉnh", "58", "13.700"]),
    ]
    assert all(ALIGNED[c.start:c.end] == c.text for r in t.rows for c in r.cells if c.text)


def test_side_by_side_letterhead_lines_are_no_table():
    text = ("UBND TỈNH NGHỆ AN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ Y TẾ                    Độc lập - Tự do - Hạnh phúc\n\n1.  Tổng số   12   hồ sơ\n2.  Khác   3\n")
    assert read_tables(text) == []


NAMED_ROWS = (
    "Chi tiết theo cấp học:\n\n"
    "  Cấp học            Tổng số học sinh    Đã xác thực    Tỷ lệ (%)\n"
    "  ----------------   ----------------    -----------    ---------\n"
    "  Mầm non                     10.000           9.600        96,00\n"
    "  Tiểu học                    20.000          19.800        99,00\n"
    "  ----------------   ----------------    -----------    ---------\n"
    "  Toàn ngành                  30.000          29.400        98,00\n"
    "\nSố học sinh chưa xác thực  chủ yếu là trẻ mầm non.\n"
)


def test_a_table_with_named_rows_laid_out_with_spaces():
    (t,) = read_tables(NAMED_ROWS)
    assert t.columns == ("Cấp học", "Tổng số học sinh", "Đã xác thực", "Tỷ lệ (%)")
    assert [[c.text for c in r.cells] for r in t.rows] == [
        ["Mầm non", "10.000", "9.600", "96,00"], ["Tiểu học", "20.000", "19.800", "99,00"],
        ["Toàn ngành", "30.000", "29.400", "98,00"]]  # right-aligned figures sit under their column, rules skipped


def test_a_table_flattened_one_cell_per_line_without_stt():
    text = ("Kết quả xác thực theo từng cấp học như sau:\n\nCấp học\nĐối tượng\nSố đã xác thực\nTỷ lệ (%)\n"
            "Mầm non\nHọc sinh\n9.000\n90,00\nMầm non\nGiáo viên\n990\n99,00\nTiểu học\nHọc sinh\n19.800\n99,00\n\n"
            "Số còn lại chưa xác thực do sai lệch thông tin.\n")
    (t,) = read_tables(text)
    assert t.columns == ("Cấp học", "Đối tượng", "Số đã xác thực", "Tỷ lệ (%)")
    assert [(r.label, r.cells[3].text) for r in t.rows] == [("Mầm non Học sinh", "90,00"), ("Mầm non Giáo viên", "99,00"),
                                                          ("Tiểu học Học sinh", "99,00")]


def test_short_lines_without_a_repeating_shape_are_no_table():
    text = ("UBND TỈNH NGHỆ AN\nSỞ Y TẾ\nSố: 12/BC-SYT\nBÁO CÁO\nKết quả tháng 9\nNơi nhận\nNhư trên\nLưu VT\n"
            "Giám đốc\nNguyễn Văn A\n")
    assert read_tables(text) == []


def test_a_tab_separated_table_is_read_once_even_beside_spaced_text():
    text = ("Theo  nhóm  tuổi:\n\nNhóm tuổi\tHồ sơ thu nhận\tThẻ đã trả\tTỷ lệ (%)\nDưới 6 tuổi\t3.118\t2.540\t81,46\n"
            "Từ đủ 6 tuổi\t5.927\t5.102\t86,08\nTổng cộng\t9.045\t7.642\t84,49\n")
    tables = read_tables(text)
    assert len(tables) == 1 and [r.label for r in tables[0].rows] == ["Dưới 6 tuổi", "Từ đủ 6 tuổi", "Tổng cộng"]


def test_a_flattened_tables_total_row_named_in_the_stt_column_keeps_its_figures_under_their_columns():
    from de06.tables import read_tables

    text = ("STT\nĐơn vị\nHồ sơ thu nhận\nTài khoản kích hoạt\n1\nHuyện A\n1.200\n900\n2\nHuyện B\n800\n650\n"
            "Tổng cộng\n2 đơn vị\n2.000\n1.550\n(Nguồn: Công an tỉnh)\n")
    total = read_tables(text)[0].rows[-1]
    assert [c.text for c in total.cells] == ["Tổng cộng", "2 đơn vị", "2.000", "1.550"]


def test_a_table_of_indicators_by_place_gives_each_cell_its_columns_place():
    from de06.extract import extract_text

    text = ("BÁO CÁO\nKết quả triển khai Đề án 06 trên địa bàn tỉnh Nghệ An tháng 9/2025\nThực hiện …\n\n"
            "Bảng 1. Kết quả xác thực theo khu vực\n"
            "Chỉ tiêu\tHuyện Yên Thành\tHuyện Diễn Châu\tToàn tỉnh\n"
            "Người tham gia BHXH, BHYT (người)\t1.000\t2.000\t3.000\n"
            "Đã xác thực với CSDLQG về dân cư (người)\t900\t1.900\t2.800\n"
            "Tỷ lệ xác thực (%)\t90,00\t95,00\t93,33\n"
            "Tỷ lệ số hóa hồ sơ (%)\t80,00\t85,00\t83,33\n")
    got = sorted((o.indicator, o.value, o.jurisdiction) for o in extract_text(text, "x").observations)
    assert got == [("insurance_records_verified_rate", 90, "nghe-an/huyen-yen-thanh"),
                   ("insurance_records_verified_rate", 93.33, "nghe-an"),
                   ("insurance_records_verified_rate", 95, "nghe-an/huyen-dien-chau")]
