"""Tests for de06.places: the places table, name resolution and mentions in report text.

Expected values are quoted from their source: the merger table (tests/data/merger_2025.csv,
Nghị quyết 202/2025/QH15), the place-id rules of the spec (tests/data/spec/observations.md)
and the seed reports (data/raw/reports/).
"""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from de06 import places
from de06.errors import De06Error, UnknownPlace
from de06.places import Mention, commune_id, commune_province, find_places, lineage, resolve, slug

MERGER = Path(__file__).parent / "data" / "merger_2025.csv"
D_000 = datetime.date(2025, 10, 16)  # seed 000: 367/BC-UBND, Vĩnh Long, dated 16/10/2025


def _rows() -> list[dict]:
    with places.PLACES_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _merger() -> list[dict]:
    with MERGER.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = _rows()
BY_ID = {r["id"]: r for r in ROWS}
LEGACY = [r for r in ROWS if r["level"] == "province" and not r["valid_from"]]
NEW = [r for r in ROWS if r["level"] == "province" and not r["valid_to"]]


def _old_provinces(cell: str) -> list[tuple[str, str]]:
    """'Bến Tre (83); Trà Vinh (84)' -> [('Bến Tre', '83'), ('Trà Vinh', '84')]; 'Thừa Thiên Huế / Huế' keeps the first name."""
    out = []
    for part in cell.split(";"):
        name, code = part.strip().rsplit("(", 1)
        out.append((name.split("/")[0].strip(), code.rstrip(")")))
    return out


# ---- the table ----------------------------------------------------------------------------


def test_counts_63_legacy_34_new_one_country():
    # "On 1 July 2025 (Nghị quyết 202/2025/QH15) 63 provinces became 34."
    assert len(LEGACY) == 63
    assert len(NEW) == 34 == len(_merger())
    assert [r["id"] for r in ROWS if r["level"] == "country"] == ["vn"]


def test_places_csv_is_a_fresh_build_byte_for_byte():
    built = places.build_places_table(MERGER)
    assert places.PLACES_CSV.read_bytes() == built.encode("utf-8")
    assert b"\r" not in places.PLACES_CSV.read_bytes()


def test_communes_csv_is_a_fresh_build_byte_for_byte():
    """The legacy commune index extraction reads is vietnamadminunits' data, rebuilt unchanged (python -m de06.places --build)."""
    assert places.COMMUNES_CSV.read_bytes() == places.build_communes_table().encode("utf-8")


def test_reading_a_report_does_not_load_vietnamadminunits():
    code = ("import sys; from de06.extract import extract_text; "
            "extract_text('BÁO CÁO tháng 10/2025 của UBND xã Vĩnh Phúc, huyện Vĩnh Lộc, tỉnh Thanh Hóa\\n"
            "Trong tháng, đã tiếp nhận 1.000 hồ sơ trực tuyến, đạt tỷ lệ 80%.', 'x'); "
            "print(any(m.startswith('vietnamadminunits') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_schema_sorted_unique_and_links_resolve():
    assert tuple(ROWS[0]) == places.COLUMNS
    ids = [r["id"] for r in ROWS]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for r in ROWS:
        assert r["level"] in {"country", "province"}
        assert not r["code"] or (r["code"].isdigit() and len(r["code"]) == 2)
        for linked in filter(None, [r["successor"], *r["absorbed"].split(";")]):
            assert linked in BY_ID, (r["id"], linked)
        if r["successor"] and r["successor"] != r["id"]:  # an old province is absorbed by its successor
            assert r["id"] in BY_ID[r["successor"]]["absorbed"].split(";")


@pytest.mark.parametrize("row", _merger(), ids=lambda r: r["new_id"])
def test_merger_table_row_agrees_with_places(row):
    # e.g. "86,vinh-long-2025,Vĩnh Long,Bến Tre (83); Trà Vinh (84); Vĩnh Long (86)"
    new = BY_ID[row["new_id"]]
    olds = _old_provinces(row["old_provinces"])
    assert (new["name"], new["code"], new["valid_to"]) == (row["new_name"], row["new_code"], "")
    assert new["absorbed"].split(";") == sorted(slug(name) for name, _ in olds)
    for name, code in olds:
        old = BY_ID[slug(name)]
        assert (old["code"], old["successor"]) == (code, row["new_id"])
    # "A province whose territory did not change keeps its id"; a changed one gets "-2025"
    unchanged = len(olds) == 1 and olds[0][1] == row["new_code"]
    assert row["new_id"].endswith("-2025") != unchanged


@pytest.fixture(scope="module")
def convert():
    """vietnamadminunits' own 63 -> 34 converter, with its geocoder disabled (no network in tests)."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.converter import converter_2025

    def no_network(address):
        raise AssertionError(f"geocoding attempted for {address!r}")

    original, converter_2025.get_geo_location = converter_2025.get_geo_location, no_network
    yield convert_address
    converter_2025.get_geo_location = original


@pytest.mark.parametrize("old_id", [r["id"] for r in LEGACY])
def test_library_converts_a_ward_of_each_old_province_to_its_successor(old_id, convert):
    from vietnamadminunits.database import query

    code = BY_ID[old_id]["code"]
    ward = query(
        "SELECT province, district, ward FROM admin_units_legacy "
        f"WHERE provinceCode = '{code}' AND ward IS NOT NULL ORDER BY wardCode LIMIT 1"
    )[0]
    unit = convert(f"{ward['ward']}, {ward['district']}, {ward['province']}")
    new = [r for r in NEW if r["code"] == unit.province_code and r["name"] == unit.short_province]
    assert [r["id"] for r in new] == [BY_ID[old_id]["successor"]]


def test_thua_thien_hue_renamed_before_the_merger():
    # merger table: "46,hue,Huế,Thừa Thiên Huế / Huế (46)"; Huế became a centrally-run city on
    # 1 January 2025 (Nghị quyết 175/2024/QH15), which is why vietnamadminunits' legacy data says "Huế".
    assert (BY_ID["thua-thien-hue"]["valid_to"], BY_ID["thua-thien-hue"]["successor"]) == ("2024-12-31", "hue")
    assert (BY_ID["hue"]["valid_from"], BY_ID["hue"]["absorbed"]) == ("2025-01-01", "thua-thien-hue")


# ---- slug / resolve -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Trà Vinh", "tra-vinh"),  # spec: "`tra-vinh`, `ben-tre`, `thanh-hoa`, `khanh-hoa`, `ho-chi-minh`"
        ("Bến Tre", "ben-tre"),
        ("Thanh Hóa", "thanh-hoa"),
        ("Khánh Hòa", "khanh-hoa"),
        ("Hồ Chí Minh", "ho-chi-minh"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Đắk Lắk", "dak-lak"),
        ("Vĩnh Phúc", "vinh-phuc"),  # spec: "`thanh-hoa/vinh-phuc`"
        (unicodedata.normalize("NFD", "Điện Biên"), "dien-bien"),
    ],
)
def test_slug(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        # spec: "`vinh-long-2025` is the merged province …; `vinh-long` is the old one"
        ("Vĩnh Long", D_000, "vinh-long-2025"),
        ("tỉnh Vĩnh Long", D_000, "vinh-long-2025"),  # seed 000: "UBND tỉnh Vĩnh Long"
        ("Vĩnh Long", datetime.date(2023, 1, 1), "vinh-long"),
        # seed 000: "(Vĩnh Long cũ 441.728/537.643, …; Trà Vinh cũ 318.886/772.562, …; Bến tre cũ đang chờ …)"
        ("Vĩnh Long cũ", D_000, "vinh-long"),
        ("Trà Vinh cũ", D_000, "tra-vinh"),
        ("Bến tre cũ", D_000, "ben-tre"),
        ("Bến Tre (cũ)", D_000, "ben-tre"),
        ("Trà Vinh", D_000, "tra-vinh"),  # gone after 1/7/2025: only the former territory
        ("tỉnh Trà Vinh", datetime.date(2022, 12, 14), "tra-vinh"),  # seed 004: figures to 14/12/2022
        # spec: "A province whose territory did not change keeps its id (`thanh-hoa`)"
        ("Thanh Hóa", datetime.date(2025, 10, 1), "thanh-hoa"),
        ("Thanh Hoá", datetime.date(2024, 9, 15), "thanh-hoa"),  # seed 003: figures to 15/9/2024
        ("THANH HÓA", None, "thanh-hoa"),
        ("Hoà Bình", None, "hoa-binh"),
        ("Hòa Bình", D_000, "hoa-binh"),  # merger: "Vĩnh Phúc (26); Hòa Bình (17); Phú Thọ (25)"
        ("Khánh Hoà", D_000, "khanh-hoa-2025"),  # merger: "56,khanh-hoa-2025,Khánh Hòa"
        ("TP. Hồ Chí Minh", D_000, "ho-chi-minh-2025"),  # merger: "79,ho-chi-minh-2025,Hồ Chí Minh"
        ("TP.HCM", D_000, "ho-chi-minh-2025"),
        ("Thành phố Hồ Chí Minh", datetime.date(2024, 1, 1), "ho-chi-minh"),
        ("Hồ Chí Minh", None, "ho-chi-minh"),
        ("Bà Rịa - Vũng Tàu", None, "ba-ria-vung-tau"),
        ("Thừa Thiên Huế", datetime.date(2024, 6, 1), "thua-thien-hue"),  # merger: "Thừa Thiên Huế / Huế (46)"
        ("Thừa Thiên - Huế", datetime.date(2024, 6, 1), "thua-thien-hue"),
        ("Thừa Thiên Huế", D_000, "hue"),  # renamed, same territory: merger "46,hue,Huế"
        ("Huế", D_000, "hue"),
        ("Đắk Lắk", D_000, "dak-lak-2025"),  # merger: "66,dak-lak-2025,Đắk Lắk,Phú Yên (54); Đắk Lắk (66)"
        ("Đắc Lắc", None, "dak-lak"),
        ("Đăk Nông", None, "dak-nong"),
        ("Đắk Nông", D_000, "dak-nong"),  # merger: "68,lam-dong-2025,…,Đắk Nông (67); …"
        ("Vĩnh Long", None, "vinh-long"),  # date unknown: the legacy province
        ("Việt Nam", D_000, "vn"),  # spec: "The country: `vn`"
    ],
)
def test_resolve(name, on, expected):
    assert resolve(name, on=on) == expected


def test_resolve_nfd_input_and_former_keyword():
    assert resolve(unicodedata.normalize("NFD", "Tỉnh Vĩnh Long"), on=D_000) == "vinh-long-2025"
    assert resolve("Vĩnh Long", on=D_000, former=True) == "vinh-long"


@pytest.mark.parametrize("name", ["Atlantis", "", "xã Vĩnh Phúc"])
def test_resolve_unknown_place(name):
    with pytest.raises(UnknownPlace) as err:
        resolve(name, on=D_000)
    assert isinstance(err.value, De06Error)


# ---- ids and lineage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commune", "province", "expected"),
    [
        ("Vĩnh Phúc", "thanh-hoa", "thanh-hoa/vinh-phuc"),  # spec: "e.g. `thanh-hoa/vinh-phuc`"
        ("xã Vĩnh Phúc", "thanh-hoa", "thanh-hoa/vinh-phuc"),
        ("Phường 12", "ho-chi-minh", "ho-chi-minh/phuong-12"),
    ],
)
def test_commune_id(commune, province, expected):
    assert commune_id(commune, province) == expected


def test_commune_id_unknown_province():
    with pytest.raises(UnknownPlace):
        commune_id("Vĩnh Phúc", "atlantis")


@pytest.mark.parametrize(
    ("place_id", "key", "expected"),
    [
        ("vinh-long-2025", "absorbed", ["ben-tre", "tra-vinh", "vinh-long"]),  # "Bến Tre (83); Trà Vinh (84); Vĩnh Long (86)"
        ("tra-vinh", "successor", "vinh-long-2025"),
        ("thanh-hoa", "successor", "thanh-hoa"),  # "38,thanh-hoa,Thanh Hóa,Thanh Hóa (38)"
        ("thanh-hoa", "valid_to", None),
        ("vn", "absorbed", []),
    ],
)
def test_lineage(place_id, key, expected):
    assert lineage(place_id)[key] == expected


def test_lineage_unknown():
    with pytest.raises(UnknownPlace):
        lineage("vinh-long-2026")


# ---- find_places --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 003: "… tầm nhìn đến năm 2030 trên địa bàn xã Vĩnh Phúc"
        ("trên địa bàn xã Vĩnh Phúc", [("Vĩnh Phúc", "commune", False)]),
        # seed 003: "Tổ công tác Đề án 06 xã Vĩnh Phúc báo cáo kết quả như sau"
        ("Tổ công tác Đề án 06 xã Vĩnh Phúc báo cáo", [("Vĩnh Phúc", "commune", False)]),
        ("Xã Vĩnh Phúc", [("Vĩnh Phúc", "commune", False)]),
        # seed 003: "… ngày 22/3/2023 của UBND huyện Vĩnh Lộc"
        ("UBND huyện Vĩnh Lộc nắm", [("Vĩnh Lộc", "district", False)]),
        ("Tổ Công tác Đề án 06 tỉnh Thanh Hóa", [("Thanh Hóa", "province", False)]),
        # seed 000: "(Vĩnh Long cũ 441.728/537.643, đạt tỷ lệ 82,16%; … Bến tre cũ đang chờ …)"
        ("Vĩnh Long cũ 441.728/537.643", [("Vĩnh Long", "province", True)]),
        ("Bến tre cũ đang chờ", [("Bến tre", "province", True)]),
        ("Trà Vinh cũ 318.886/772.562", [("Trà Vinh", "province", True)]),
        ("tỉnh Bến Tre (cũ)", [("Bến Tre", "province", True)]),
        # seed 000: "124/124 xã, phường hiện có 5.468 máy tính"
        ("UBND các xã, phường", []),
        ("124/124 xã, phường hiện có", []),
        ("(phường, thị trấn: 10 ; xã 106)", []),  # seed 004: counts, not communes
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
        ("Bộ Lao động \u2013 Thương binh và Xã hội", []),  # seed 004, with its en dash
        ("sống hòa bình", []),
        ("xã Vĩnh Phúc, huyện Vĩnh Lộc, tỉnh Thanh Hoá",
         [("Vĩnh Phúc", "commune", False), ("Vĩnh Lộc", "district", False), ("Thanh Hoá", "province", False)]),
        ("ỦY BAN NHÂN DÂN TỈNH VĨNH LONG", [("VĨNH LONG", "province", False)]),
        ("UBND XÃ VĨNH PHÚC", [("VĨNH PHÚC", "commune", False)]),
        ("Công an TP. Hồ Chí Minh và TP.HCM", [("Hồ Chí Minh", "province", False), ("HCM", "province", False)]),
        ("thị xã Duyên Hải và thị trấn Càng Long", [("Duyên Hải", "district", False), ("Càng Long", "commune", False)]),
        ("Phường 12, Quận 3", [("12", "commune", False), ("3", "district", False)]),
        ("Điện lực Trà Vinh.", [("Trà Vinh", "province", False)]),  # seed 004
        ("Thừa Thiên - Huế", [("Thừa Thiên - Huế", "province", False)]),
        ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", []),  # the person, not the city
        ("Đoàn TNCS Hồ Chí Minh", []),
        ("Thành phố Hồ Chí Minh", [("Hồ Chí Minh", "province", False)]),
    ],
)
def test_find_places(text, expected):
    mentions = find_places(text)
    assert [(m.name, m.level, m.former) for m in mentions] == expected
    assert all(text[m.start:m.end] == m.name for m in mentions)


def test_mention_is_frozen_and_offsets_refer_to_the_text():
    text = "Tổ công tác Đề án 06 xã Vĩnh Phúc báo cáo"
    (m,) = find_places(text)
    assert m == Mention(24, 33, "Vĩnh Phúc", "commune", False)
    with pytest.raises(AttributeError):
        m.start = 0  # type: ignore[misc]


# ---- commune_province ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commune", "district", "candidates", "expected"),
    [
        # seed 003 (gold: "thanh-hoa/vinh-phuc"): "UBND xã Vĩnh Phúc" … "UBND huyện Vĩnh Lộc" … "tỉnh Thanh Hóa"
        ("Vĩnh Phúc", "Vĩnh Lộc", {"thanh-hoa", "vinh-phuc"}, "thanh-hoa"),
        ("Vĩnh Phúc", None, {"thanh-hoa", "vinh-phuc"}, "thanh-hoa"),
        ("xã Vĩnh Phúc", "huyện Vĩnh Lộc", (), "thanh-hoa"),
        # vietnamadminunits has three: Phường Vĩnh Phúc (Hà Nội), Xã Vĩnh Phúc (Hà Giang, Thanh Hóa)
        ("Vĩnh Phúc", None, (), None),
        ("Long Hữu", "Duyên Hải", {"vinh-long-2025"}, "tra-vinh"),  # Xã Long Hữu, Thị xã Duyên Hải, Tỉnh Trà Vinh
        ("Atlantis", None, (), None),
    ],
)
def test_commune_province(commune, district, candidates, expected):
    assert commune_province(commune, district, candidates) == expected


# ---- import stays light -------------------------------------------------------------------


def test_import_loads_no_heavy_modules():
    code = "import sys, de06.places; print(sorted(m for m in ('pandas', 'vietnamadminunits') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("place_id, expected", [
    ("hue", ["hue", "thua-thien-hue"]),
    ("thua-thien-hue", ["hue", "thua-thien-hue"]),
    ("vinh-long-2025", ["vinh-long-2025"]),  # three old provinces: not one territory
    ("tra-vinh", ["tra-vinh"]),  # a third of vinh-long-2025
    ("ha-noi", ["ha-noi"]),  # unchanged in 2025
    ("thanh-hoa/vinh-phuc", ["thanh-hoa/vinh-phuc"]),
])
def test_same_territory(place_id, expected):
    from de06.places import same_territory

    assert same_territory(place_id) == expected


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("thành phố Hà Tĩnh đạt 52%", "district"),  # a province's city, named after it
        ("TP. Hải Dương đạt 80%", "district"),
        ("tỉnh Hà Tĩnh đạt 40%", "province"),
        ("thành phố Đà Nẵng đạt 90%", "province"),  # governed by the centre: a province
        ("TP. Hồ Chí Minh đạt 90%", "province"),
        ("Hà Tĩnh đạt 40%", "province"),
    ],
)
def test_a_city_named_after_its_province_is_a_district(text, level):
    (m,) = find_places(text)
    assert m.level == level and text[m.start:m.end] == m.name


def test_commune_lookup_by_text_search_matches_the_parsed_table():
    """The rows a commune or district keyword finds by searching the table's text are the rows that list it."""
    from de06 import places

    rows = places._legacy_rows()
    for column, step in (("ward_keywords", 37), ("district_keywords", 7)):
        keys = sorted({k for r in rows for k in r[column].split(";")})[::step]
        assert len(keys) > 100
        for key in keys:
            want = [(r["province"], frozenset(r["district_keywords"].split(";"))) for r in rows if key in r[column].split(";")]
            assert list(places._legacy_naming(key, column)) == want, key
