"""Extraction against the gold a careful analyst read out of the seeds, and on small fixtures."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from de06.confidence import THRESHOLD
from de06.extract import extract_file, extract_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted((Path(__file__).resolve().parent / "data" / "seeds").glob("*.txt"))  # fixtures, never the live data/raw
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold"


@pytest.fixture(scope="module")
def extracted():
    return {p.stem: extract_file(p) for p in REPORTS}


def _score(tmp_path: Path, rows: list[dict], gold: Path = GOLD / "seed_observations.csv") -> dict[str, float]:
    """Run the shared scorer (a verbatim copy lives in tests/data/tools) and parse its figures."""
    got = tmp_path / "got.jsonl"
    got.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, str(DATA / "tools" / "score_extraction.py"),
                          str(gold), str(got)],
                         capture_output=True, text=True, check=True).stdout
    words = out.replace("/", " ").split()
    figures = {}
    for key in ("precision", "recall", "F1"):
        figures[key] = float(words[words.index(key) + 1])
    i = words.index("scope")
    figures["scope"] = int(words[i + 2]) / int(words[i + 3])
    j = words.index("jurisdiction", i)
    figures["jurisdiction"] = int(words[j + 2]) / int(words[j + 3])
    return figures


def test_seed_extraction_meets_the_acceptance_thresholds(extracted, tmp_path):
    rows = [o.to_dict() for e in extracted.values() for o in e.observations]
    s = _score(tmp_path, rows)
    assert s["F1"] >= 0.97 and s["precision"] >= 0.98, s
    assert s["scope"] >= 0.90 and s["jurisdiction"] >= 0.95, s


CORPUS = DATA / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return [extract_file(p) for p in sorted((CORPUS / "docs").glob("*.txt"))]


def test_corpus_extraction_holds_its_measured_level(corpus, tmp_path):
    """The 41-document development corpus, scored by the shared scorer. These are the figures measured when
    the rules were last changed (F1 0.975, precision 1.000, scope 0.93, jurisdiction 0.96): a change that loses ground
    fails here."""
    rows = [o.to_dict() for e in corpus for o in e.observations]
    s = _score(tmp_path, rows, CORPUS / "gold.csv")
    assert s["F1"] >= 0.97 and s["precision"] >= 0.99, s
    assert s["scope"] >= 0.90 and s["jurisdiction"] >= 0.95, s


def test_corpus_targets_hold_their_measured_level(corpus, tmp_path):
    got = tmp_path / "targets.jsonl"
    got.write_text("".join(json.dumps(t.to_dict(), ensure_ascii=False) + "\n" for e in corpus for t in e.targets),
                   encoding="utf-8")
    out = subprocess.run([sys.executable, str(DATA / "tools" / "score_targets.py"), str(CORPUS / "gold.csv"), str(got)],
                         capture_output=True, text=True, check=True).stdout
    assert float(out.split()[-1]) >= 0.95, out  # measured 0.952


PROBES = {  # set: (F1, precision, targets F1, distractors read) measured when the rules were last changed
    "probe": (0.983, 1.000, 0.962, 0),
    "probe2": (0.972, 1.000, 0.947, 0),
    "probe3": (0.940, 0.988, 0.979, 0),
    "probe4": (0.959, 0.986, 0.933, 0),
    # t06's level-2 applications are listed as a distractor only because they are also an activation rate's base
    # (the writer's judgement, README); de06 reports them, as the catalog asks
    "probe5": (0.944, 0.991, 0.861, 1),
    "probe6": (0.991, 1.000, 0.958, 0),
    # a power corporation's company-wide rate and a ward's headline figure are distractors to their writer (README)
    "probe7": (0.922, 0.990, 0.952, 1),
    "probe8": (0.943, 0.982, 0.958, 0),
    # "Cộng hai đơn vị" (two former communes added up) is a distractor to its writer (README)
    "probe9": (0.892, 0.967, 0.946, 1),
    "probe10": (0.956, 0.973, 1.000, 0),
    # a headline's rounded count is a distractor to its writer (README)
    "probe11": (0.949, 0.966, 0.912, 1),
    "probe12": (0.968, 0.993, 0.955, 0),
    # a headline's rounded count is a distractor to its writer, as to set 11's (README)
    "probe13": (0.961, 0.980, 0.983, 1),
    # all criminal-record applications, before "trong đó … qua VNeID", are no catalog figure to their writer; de06 reads
    # the part's channel for its total (README), as it must read a description after a part for its total
    "probe14": (0.924, 0.976, 0.979, 1),
    "probe15": (0.941, 0.969, 0.960, 0),
    "probe16": (0.925, 0.935, 0.933, 1),  # the same reading as set 14's (README)
    # a headline's rounded count is a distractor to its writer, as to sets 11's and 13's (README)
    "probe17": (0.957, 0.986, 0.952, 1),
}
# probe6's writer reads an undated rate in a report of one window as that window's; de06 and the corpus read it as the
# state at the report's date (its README): scope agrees on 99 of 112 there. Sets 12, 13, 15 and 16's writers do the
# same (a payment round's rate, a year's rate without a date), and plans' budgets are a window to some of them
SCOPE_FLOOR = {"probe6": 0.88, "probe9": 0.82, "probe10": 0.87, "probe12": 0.89, "probe13": 0.81, "probe15": 0.88, "probe16": 0.83}
# probe9's writer keeps a provincial hospital's table row and pre-merger communes under other ids than de06 gives, and
# an OCR'd district report's letterhead is not read (README): jurisdiction agrees on 100 of 115 there
PLACE_FLOOR = {"probe9": 0.86}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_probe_sets_hold_their_measured_level(name, tmp_path):
    """The probe sets written without sight of the code (tests/data/probe*/README.md): a change that loses ground on
    them fails here, and none of their distractors may be read as a figure."""
    folder = DATA / name
    probe = [extract_file(p) for p in sorted((folder / "docs").glob("*.txt"))]
    f1, precision, targets, allowed = PROBES[name]
    s = _score(tmp_path, [o.to_dict() for e in probe for o in e.observations], folder / "gold.csv")
    assert s["F1"] >= f1 - 0.01 and s["precision"] >= precision - 0.01, s
    assert s["scope"] >= SCOPE_FLOOR.get(name, 0.90) and s["jurisdiction"] >= PLACE_FLOOR.get(name, 0.95), s
    got = tmp_path / "targets.jsonl"
    got.write_text("".join(json.dumps(t.to_dict(), ensure_ascii=False) + "\n" for e in probe for t in e.targets),
                   encoding="utf-8")
    out = subprocess.run([sys.executable, str(DATA / "tools" / "score_targets.py"), str(folder / "gold.csv"), str(got)],
                         capture_output=True, text=True, check=True).stdout
    assert float(out.split()[-1]) >= targets - 0.01, out
    rows = list(csv.DictReader((folder / "gold.csv").open(encoding="utf-8")))
    distractors = {(r["doc"], float(r["value"])) for r in rows if r["kind"] == "distractor"}
    gold = {(r["doc"], float(r["value"])) for r in rows if r["kind"] == "observation"}
    wrong = [(o.doc, o.indicator, o.value) for e in probe for o in e.observations if (o.doc, float(o.value)) in distractors - gold]
    assert len(wrong) <= allowed, wrong


def test_corpus_distractors_are_never_observations(corpus):
    """A gold distractor (a document number, a share of revenue, a growth rate …) read as a catalog figure with the
    same value in the same document is a wrong figure, whatever the indicator."""
    distractors = {(r["doc"], float(r["value"])) for r in csv.DictReader((CORPUS / "gold.csv").open(encoding="utf-8"))
                   if r["kind"] == "distractor"}
    gold = {(r["doc"], float(r["value"])) for r in csv.DictReader((CORPUS / "gold.csv").open(encoding="utf-8"))
            if r["kind"] == "observation"}
    wrong = [(o.doc, o.indicator, o.value, o.quote[:60]) for e in corpus for o in e.observations
             if (o.doc, float(o.value)) in distractors - gold]
    assert len(wrong) <= 3, wrong


def test_every_figure_has_a_confidence_reasons_and_a_stable_ref(corpus):
    again = [extract_file(p) for p in sorted((CORPUS / "docs").glob("*.txt"))]
    for e, f in zip(corpus, again):
        rows = e.observations + e.candidates
        assert all(0 <= o.confidence <= 1 and o.reasons is not None and re.fullmatch(r"[0-9a-f]{8}", o.ref) for o in rows)
        assert len({o.ref for o in rows}) == len(rows)  # unique within a document
        assert [o.ref for o in rows] == [o.ref for o in f.observations + f.candidates]  # the same text, the same refs
        assert all(o.confidence >= THRESHOLD for o in e.observations)
        assert all(o.confidence < THRESHOLD for o in e.candidates)


def test_a_quote_is_a_clause_with_its_subject_never_from_mid_word(corpus):
    for e in corpus:
        for o in e.observations:
            assert e.text[o.start:o.end] == o.quote
            assert o.quote[0].isalnum(), o.quote
            assert o.start == 0 or not (e.text[o.start - 1].isalnum() and o.quote[0].isalnum()), o.quote
            assert len(o.quote) > len(str(o.value)) + 6, o.quote  # more than the bare figure


def test_every_gold_target_is_found(extracted):
    got = {(t.doc, t.indicator, t.comparator, float(t.value), t.deadline)
           for e in extracted.values() for t in e.targets}
    for row in csv.DictReader((GOLD / "seed_targets.csv").open(encoding="utf-8")):
        key = (row["doc"], row["indicator"], row["comparator"], float(row["value"]), row["deadline"])
        assert key in got, row


def test_quotes_are_exact_spans_of_the_normalised_text(extracted):
    from de06.text import read_text

    for p in REPORTS:
        text = read_text(p)
        for o in extracted[p.stem].observations + extracted[p.stem].targets:
            assert text[o.start:o.end] == o.quote
            assert o.quote.strip() == o.quote and o.quote


def test_the_plan_and_the_news_item_yield_targets_not_observations(extracted):
    # 001 is a plan and 002 news announcing it: "Phấn đấu tỷ lệ … đạt từ 80% trở lên"
    for doc in ("001_1757523d643b6cab", "002_22e83e04b4d45b45"):
        assert extracted[doc].observations == []
        assert any(t.indicator == "health_book_vneid_rate" and t.value == 80 for t in extracted[doc].targets)


def test_numerators_and_denominators_ride_on_the_rate_row(extracted):
    obs = extracted["000_758c85fa00e9b683"].observations
    # "Tiếp nhận, giải quyết tổng số 170.978/309.901 hồ sơ qua hình thức trực tuyến, tỷ lệ 55,17%."
    rate = [o for o in obs if o.indicator == "online_application_rate"]
    assert [(o.value, o.numerator, o.denominator) for o in rate] == [(55.17, 170978, 309901)]
    # the counts are not repeated as their own rows
    assert not [o for o in obs if o.indicator in ("applications_online", "applications_total")]
    # "đạt tỷ lệ 100% trên tổng số người đã có tài khoản và đạt 52,3% trên tổng số đối tượng"
    assert [o.value for o in obs if o.indicator == "welfare_cashless_rate"] == [52.3]


def test_computed_rate_from_a_total_and_its_online_part(extracted):
    obs = extracted["004_81f65567ca32de7e"].observations
    # "Tổng số 263.796 hồ sơ, trong đó có 224.581 hồ sơ tiếp nhận trực tiếp, 39.215 hồ sơ tiếp nhận trực tuyến."
    row = next(o for o in obs if o.indicator == "online_application_rate" and not o.breakdown)
    assert (row.value, row.value_source, row.numerator, row.denominator) == (14.87, "computed", 39215, 263796)
    assert (row.scope, row.as_of) == ("cumulative", "2022-12-14")


def test_former_province_labels_set_the_jurisdiction(extracted):
    obs = extracted["000_758c85fa00e9b683"].observations
    # "(Vĩnh Long cũ 441.728/537.643, đạt tỷ lệ 82,16%; Trà Vinh cũ 318.886/772.562, đạt tỷ lệ 41,28%; …)"
    land = {(o.jurisdiction, o.value) for o in obs if o.indicator == "land_records_cleaned_rate"}
    assert land == {("vinh-long-2025", 32.47), ("vinh-long", 82.16), ("tra-vinh", 41.28)}


def test_parts_after_trong_do_are_not_new_observations(extracted):
    obs = extracted["004_81f65567ca32de7e"].observations
    # "đạt 99,82% (179.788/ 180.120 khách hàng), trong đó: … đạt tỷ lệ 30,73% …; … chiếm tỷ lệ 69,09%"
    assert [o.value for o in obs if o.indicator == "electricity_cashless_rate"] == [99.82]
    budget = [o.value for o in extracted["000_758c85fa00e9b683"].observations if o.indicator == "budget_vnd"]
    assert budget == [64434342768]  # "Tổng kinh phí bố trí trong năm 2025: 64.434.342.768 đồng, trong đó:"


def test_a_stated_rate_that_disagrees_with_its_fraction_is_flagged():
    text = ("BÁO CÁO tháng 12/2024 tỉnh Khánh Hòa\nThực hiện …\n"
            "Đến ngày 04/12/2024 có 128.045/1.439.411 người dân tích hợp sổ sức khỏe điện tử trên VNeID, đạt 7,84%.")
    [o] = extract_text(text, "khanh-hoa").observations
    assert (o.indicator, o.value, o.as_of) == ("health_book_vneid_rate", 7.84, "2024-12-04")
    assert "rate_mismatch" in o.flags.split(";")


def test_truncated_rate_is_not_flagged():
    text = ("BÁO CÁO năm 2022 tỉnh Trà Vinh\nThực hiện …\n"
            "Tính đến nay có 41/41 cơ sở y tế (đạt 29,65%) triển khai thanh toán không dùng tiền mặt.")
    obs = extract_text(text, "t").observations
    assert obs and "rate_mismatch" in obs[0].flags  # 41/41 is 100%, far from 29,65%
    text2 = text.replace("41/41", "551/1.858")  # 29,657…% truncated to 29,65
    assert "rate_mismatch" not in extract_text(text2, "t").observations[0].flags


@pytest.mark.parametrize("sentence", [
    "Công an tỉnh đã ban hành 07 văn bản chỉ đạo; tuyên truyền 182 cuộc.",
    "Liên hệ điện thoại: 02703.833.114 để được hướng dẫn.",
    "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.",
    "Cấp điện mới từ lưới điện hạ áp (220/380V): 2.189 hồ sơ.",
    "100% cán bộ, công chức cơ quan xã đã có tài khoản định danh điện tử.",
    "Tài khoản mức độ 2 kích hoạt thành công 2852 trường hợp, đạt 100% chỉ tiêu được giao.",
])
def test_distractors_are_not_rate_observations(sentence):
    obs = extract_text("BÁO CÁO tháng 10/2025 tỉnh Nghệ An\nThực hiện …\n" + sentence, "x").observations
    assert all(o.indicator.endswith("applications") and o.indicator != "online_application_rate" for o in obs), obs


def test_no_indicator_means_no_output():
    assert extract_text("Hôm nay trời đẹp. Không có số liệu nào.", "x").observations == []


HEAD = "BÁO CÁO\nKết quả triển khai Đề án 06 trên địa bàn tỉnh Nghệ An tháng 9/2025\nThực hiện …\n"


def _obs(body: str, head: str = HEAD):
    return [(o.indicator, o.value) for o in extract_text(head + body, "x").observations]


@pytest.mark.parametrize("body", [
    # a change, not a level
    "Trong tháng 9/2025, số hồ sơ tiếp nhận trực tuyến tăng 15% so với cùng kỳ.",
    # resolved on time is no online rate
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 82,5%.",
    # a share of a count that is no catalog figure (corpus d04: "5.982 hồ sơ nộp trực tiếp (chiếm 79,55%)")
    "Trong đó 500 hồ sơ nộp trực tiếp (chiếm 71,4%), còn lại là hồ sơ nộp trực tuyến.",
    # a growth rate and a fee cut are changes, not levels
    "Theo đó, nhiều khoản phí, lệ phí hồ sơ trực tuyến được giảm tới 40%.",
    "Số thu qua thanh toán không dùng tiền mặt tại bệnh viện tăng 12% so với cùng kỳ.",
    # a split between payment channels, and a share of revenue, are no facility rates
    "Thanh toán qua ứng dụng ngân hàng chiếm 60%, qua ví điện tử chiếm 40% số giao dịch không dùng tiền mặt tại bệnh viện.",
    "Các cơ sở y tế thanh toán không dùng tiền mặt chiếm 35% tổng thu viện phí.",
])
def test_near_misses_yield_nothing(body):
    assert _obs(body) == []


def test_online_processing_rate_is_the_online_rate():
    # the corpus gold reads "tỷ lệ hồ sơ giải quyết trực tuyến hiện đạt 80%" (d22) and the national
    # "tối thiểu 80% hồ sơ được xử lý trực tuyến" (d03) as online_application_rate
    assert _obs("Tỷ lệ hồ sơ giải quyết trực tuyến đạt 82,5%.") == [("online_application_rate", 82.5)]


@pytest.mark.parametrize("body, jurisdiction", [
    ("Thành phố Vinh (cũ) có 98% cơ sở giáo dục thanh toán không dùng tiền mặt.", "nghe-an/thanh-pho-vinh"),
    ("Tại xã Hưng Nguyên, tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 91,2%.", "nghe-an/hung-nguyen"),
    ("Theo số liệu tại hội nghị, cả nước tiếp nhận khoảng 14,5 triệu hồ sơ trực tuyến trong tháng.", "vn"),
    ("Tỉnh Hà Tĩnh công bố tỷ lệ hồ sơ nộp trực tuyến đạt 87%.", "ha-tinh"),
    ("Tỉnh đứng thứ 2 cả nước với tỷ lệ hồ sơ nộp trực tuyến đạt 87%.", "nghe-an"),
])
def test_a_figure_belongs_to_the_place_its_sentence_names(body, jurisdiction):
    got = {o.jurisdiction for o in extract_text(HEAD + body, "x").observations}
    assert got == {jurisdiction}


def test_a_date_after_the_report_makes_a_target_not_an_observation():
    text = HEAD + "Chủ tịch UBND tỉnh yêu cầu đến ngày 31/12/2025, 100% cơ sở y tế chấp nhận thanh toán không dùng tiền mặt."
    e = extract_text(text, "x")
    assert e.observations == []
    assert [(t.indicator, t.value, t.deadline) for t in e.targets] == [("health_facilities_cashless_rate", 100, "2025-12-31")]


def test_a_plan_status_section_reports_observations():
    plan = ("KẾ HOẠCH\nTriển khai Đề án 06 trên địa bàn tỉnh Hà Tĩnh năm 2025\nCăn cứ …\n"
            "I. MỤC TIÊU\n- Phấn đấu tỷ lệ hồ sơ tiếp nhận trực tuyến đạt từ 80% trở lên.\n"
            "II. TÌNH HÌNH HIỆN NAY\nNăm 2024, tỷ lệ hồ sơ tiếp nhận trực tuyến toàn tỉnh đạt 52,4%.\n")
    e = extract_text(plan, "plan")
    assert [(o.indicator, o.value) for o in e.observations] == [("online_application_rate", 52.4)]
    assert [(t.indicator, t.value) for t in e.targets] == [("online_application_rate", 80)]


def test_rate_computed_from_online_part_of_a_stated_total():
    got = extract_text(HEAD + "Trong 6 tháng, tiếp nhận 120.300 hồ sơ trực tuyến trên tổng số 180.000 hồ sơ.", "x").observations
    assert [(o.indicator, o.value, o.value_source, o.numerator, o.denominator) for o in got] == [
        ("online_application_rate", 66.83, "computed", 120300, 180000)]


@pytest.mark.parametrize("body, expected", [
    ("Kinh phí thực hiện Đề án năm 2025 của tỉnh: 150 triệu đồng.", [("budget_vnd", 150_000_000)]),
    ("Tổng số tài khoản định danh điện tử mức 2: 812,345 tài khoản.", [("eid_level2_applications", 812_345)]),
])
def test_number_formats_of_news_and_spreadsheets(body, expected):
    assert _obs(body) == expected


def test_breakdowns_match_the_gold(extracted):
    # the shared scorer does not compare breakdowns; this does
    got = {}
    for e in extracted.values():
        for o in e.observations:
            got.setdefault((o.doc, o.indicator, round(float(o.value), 2)), set()).add(o.breakdown)
    for row in csv.DictReader((GOLD / "seed_observations.csv").open(encoding="utf-8")):
        key = (row["doc"], row["indicator"], round(float(row["value"]), 2))
        assert row["breakdown"] in got.get(key, set()), row


@pytest.mark.parametrize("body, target", [
    ("Phấn đấu tỷ lệ hồ sơ tiếp nhận trực tuyến đạt tối thiểu 80% đến hết năm 2025.",
     ("online_application_rate", ">=", 80, "2025-12-31")),
    ("Tỷ lệ hồ sơ tiếp nhận trực tuyến không thấp hơn 70% trong quý IV/2025.",
     ("online_application_rate", ">=", 70, "2025-12-31")),
    ("Bảo đảm 100% cơ sở y tế được thanh toán không dùng tiền mặt chậm nhất ngày 30/11/2025.",
     ("health_facilities_cashless_rate", ">=", 100, "2025-11-30")),
    ("Mục tiêu: tỷ lệ chi trả an sinh xã hội không dùng tiền mặt đạt 90% trước ngày 31/12/2025.",
     ("welfare_cashless_rate", ">=", 90, "2025-12-31")),
    ("Đến năm 2025, 100% người hưởng lương hưu nhận qua tài khoản.",
     ("pension_cashless_rate", ">=", 100, "2025-12-31")),
    ("Duy trì ở mức 100% cơ sở y tế thanh toán không dùng tiền mặt đến hết năm 2025.",
     ("health_facilities_cashless_rate", "==", 100, "2025-12-31")),
])
def test_target_phrasings_give_targets_never_observations(body, target):
    e = extract_text(HEAD + body, "x")
    assert [(t.indicator, t.comparator, t.value, t.deadline) for t in e.targets] == [target]
    assert e.observations == [] and e.candidates == []


def test_a_year_window_is_the_period_not_a_future_date():
    # "trong năm 2025" in a report of September 2025 is this year's window, not a target for its end
    e = extract_text(HEAD + "Trong năm 2025, toàn tỉnh đã tiếp nhận 52.000 hồ sơ trực tuyến.", "x")
    assert [(o.indicator, o.value, o.scope) for o in e.observations] == [("applications_online", 52000, "period")]
    assert e.targets == []


def test_the_numerator_of_a_fraction_with_no_catalog_rate_is_a_count():
    e = extract_text(HEAD + "Đến nay, tỉnh đã cấp thẻ Căn cước cho 1 204 500/1 300 000 công dân thuộc diện cấp, đạt 92,65%.", "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("id_cards_delivered", 1204500)]


def test_a_part_stated_after_riêng_takes_the_rate_of_its_sentence():
    e = extract_text(HEAD + "Trong tháng, tỷ lệ hồ sơ tiếp nhận trực tuyến toàn tỉnh đạt 70,5%; riêng khối cấp xã đạt 72,1%.", "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("online_application_rate", 70.5), ("online_application_rate", 72.1)]


def _new_style_tones(text: str) -> str:
    """``hóa`` → ``hoá``, ``khỏe`` → ``khoẻ``, ``thủy`` → ``thuỷ``: the other correct placement of a tone mark."""
    import unicodedata

    def move(m: re.Match) -> str:
        first, second = m.group()
        base, tone = unicodedata.normalize("NFD", first)[:1], unicodedata.normalize("NFD", first)[1:]
        return base + unicodedata.normalize("NFC", second + tone)

    return re.sub(r"(?:[òóỏõọÒÓỎÕỌ](?=[aeAE])|(?<![qQ])[ùúủũụÙÚỦŨỤ](?=[yY])).(?![^\W\d_])", move, text)


def _rewritten(rewrite, skip=lambda text: False):
    """(name, rewritten text, extraction of the original, extraction of the rewrite) for each corpus document the
    rewrite changes: a rewrite that keeps the meaning must keep the figures."""
    for path in sorted((DATA / "corpus" / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        other = rewrite(text)
        if other != text and not skip(text):
            yield path.name, other, extract_text(text, path.stem), extract_text(other, path.stem)


def _figures(extraction) -> list[tuple]:
    return sorted((o.indicator, o.value, o.jurisdiction) for o in extraction.observations)


def test_either_tone_placement_reads_the_same_and_quotes_stay_as_written(corpus):
    changed = 0
    for name, other, a, b in _rewritten(_new_style_tones):
        changed += 1
        assert [(o.indicator, o.value, o.scope, o.jurisdiction, o.start) for o in b.observations] == \
               [(o.indicator, o.value, o.scope, o.jurisdiction, o.start) for o in a.observations], name
        assert all(o.quote == other[o.start:o.end] for o in b.observations + b.targets)
    assert changed >= 10


def test_a_report_hard_wrapped_like_pdf_text_reads_the_same_figures(corpus):
    import textwrap

    def wrapped(text: str) -> str:  # every long line broken at 78 characters, as text copied out of a PDF
        return "\n".join("\n".join(textwrap.wrap(line, 78, break_long_words=False, break_on_hyphens=False))
                         if len(line) > 78 else line for line in text.split("\n"))

    compared = 0
    for name, _, a, b in _rewritten(wrapped, skip=lambda text: "\n|" in text):  # a wrapped "| … |" row is no row
        assert _figures(b) == _figures(a), name
        compared += bool(a.observations)
    assert compared >= 20


def test_abbreviations_spelt_out_read_the_same_figures(corpus):
    from de06.indicators import ABBREVIATIONS

    def spelt_out(text: str) -> str:  # "tài khoản ĐDĐT" → "tài khoản định danh điện tử", as another writer puts it
        for phrase, short in ABBREVIATIONS.items():
            text = re.sub(rf"(?<!\w){short}(?!\w)", phrase, text)
        return text

    changed = 0
    for name, _, a, b in _rewritten(spelt_out):
        changed += 1
        assert _figures(b) == _figures(a), name
    assert changed >= 10


@pytest.mark.parametrize("among", ["trong đó", "trong số đó", "Trong số này"])
def test_a_part_stated_after_among_its_total_gives_the_rate_not_two_counts(among):
    head = "BÁO CÁO tháng 10/2025 tỉnh Vĩnh Long\nThực hiện Đề án 06.\n"
    for text in (f"Trong tháng, toàn tỉnh tiếp nhận 8.000 hồ sơ thủ tục hành chính, {among.lower()} có 6.000 hồ sơ "
                 "nộp trực tuyến.",
                 f"Trong tháng, toàn tỉnh tiếp nhận 8.000 hồ sơ thủ tục hành chính. {among[0].upper() + among[1:]}, "
                 "có 6.000 hồ sơ nộp trực tuyến."):
        got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(head + text, "d").observations]
        assert got == [("online_application_rate", 75, 6000, 8000)], text


@pytest.mark.parametrize("among", ["trong đó", "trong số đó"])
def test_levels_listed_after_among_are_parts_of_their_total(among):
    # "…N hồ sơ định danh điện tử, trong đó mức 1 là A hồ sơ, mức 2 là B hồ sơ": each level is its own series
    body = (f"Lũy kế đến ngày 30/9/2025, toàn tỉnh thu nhận 50.000 hồ sơ tài khoản định danh điện tử, {among} mức 1 "
            "là 8.000 hồ sơ, mức 2 là 42.000 hồ sơ.")
    assert sorted(_obs(body)) == [("eid_account_applications", 50000), ("eid_level1_applications", 8000),
                                  ("eid_level2_applications", 42000)]
    # without the total before them, "mức 2 là …" names no e-ID series of its own
    assert _obs("Số cơ sở y tế đạt mức 2 là 40 cơ sở.") == []


def test_a_share_of_money_is_no_rate_of_people_or_facilities():
    # the people paid into accounts are a rate; the share of the money paid that way is not
    body = ("Trong kỳ chi trả tháng 9/2025, toàn tỉnh có 10.000 người hưởng lương hưu, trong đó 6.000 người nhận qua "
            "tài khoản, đạt 60%; tính theo số tiền, chi trả qua tài khoản chiếm 72,5% tổng số tiền chi trả.")
    assert [v for i, v in _obs(body) if i == "pension_cashless_rate"] == [60]


def test_hospital_fees_name_health_facilities():
    body = "Về thanh toán viện phí không dùng tiền mặt, 40/50 cơ sở đã triển khai, đạt 80%."
    assert _obs(body) == [("health_facilities_cashless_rate", 80)]


def test_a_part_after_among_takes_its_rate_from_the_total_before_it():
    # the part's own words name the total's rate ("có kết quả" look-ups of all look-ups)
    body = ("Các cơ sở khám, chữa bệnh đã thực hiện 20.000 lượt tra cứu thông tin thẻ BHYT bằng căn cước gắn chip; "
            "trong đó 19.000 lượt có kết quả trả về, đạt tỷ lệ 95%.")
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("insurance_lookup_success_rate", 95, 19000, 20000)]
    # the part's clause carries one of its rate's cue phrases, the total's clause the others
    body = ("Đến ngày 30/9/2025, cơ sở dữ liệu BHXH có 100.000 người tham gia; trong đó đã xác thực với Cơ sở dữ liệu "
            "quốc gia về dân cư 98.000 người, đạt 98%.")
    assert _obs(body) == [("insurance_records_verified_rate", 98)]
    # a part that names no rate of its own is no rate: a share of look-ups by hospital tier
    body = ("Các cơ sở khám, chữa bệnh đã thực hiện 20.000 lượt tra cứu thông tin thẻ BHYT bằng căn cước gắn chip; "
            "trong đó 8.000 lượt tại bệnh viện tuyến tỉnh, chiếm 40%.")
    assert [i for i, _ in _obs(body) if i.endswith("_rate")] == []


def test_a_rate_after_a_contrast_takes_no_count_from_before_it():
    # "…N hồ sơ, nhưng tỷ lệ kích hoạt mới đạt X%": the rate is of accounts approved, not of those applications
    body = ("Lũy kế đến ngày 30/9/2025, toàn tỉnh thu nhận 40.000 hồ sơ tài khoản định danh điện tử, trong đó 30.000 "
            "hồ sơ mức 2, nhưng tỷ lệ kích hoạt mới đạt 60% số tài khoản đã được phê duyệt.")
    got = {o.indicator: (o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations}
    assert got["eid_activation_rate"] == (60, None, None)
    assert got["eid_account_applications"][0] == 40000 and got["eid_level2_applications"][0] == 30000


def test_levels_listed_are_no_figures():
    body = "Năm 2025, tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3, 4 đạt 40% (4.000/10.000 hồ sơ)."
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("online_application_rate", 40, 4000, 10000)]


def test_a_named_part_whose_percent_is_part_over_total_is_the_totals_rate():
    total = "Các cơ sở khám, chữa bệnh đã thực hiện 20.000 lượt tra cứu thông tin thẻ BHYT bằng căn cước gắn chip; "
    got = [(o.indicator, o.value, o.numerator, o.denominator)
           for o in extract_text(HEAD + total + "số lượt tra cứu thành công là 19.000 lượt, tương ứng 95%.", "x").observations]
    assert got == [("insurance_lookup_success_rate", 95, 19000, 20000)]
    # a percent that is not the part over the total is some other share: no rate from it
    got = [o.indicator for o in extract_text(HEAD + total + "số lượt tra cứu thành công là 19.000 lượt, tương ứng 40%.",
                                             "x").observations]
    assert "insurance_lookup_success_rate" not in got


@pytest.mark.parametrize("joint", [" và đã trả", " và trả", ", đã trả"])
def test_a_second_verb_after_va_opens_the_next_figures_words(joint):
    body = f"Trong tháng 9/2025, Công an tỉnh thu nhận 10.000 hồ sơ cấp Căn cước{joint} 9.000 thẻ cho công dân."
    assert sorted(_obs(body)) == [("id_card_applications", 10000), ("id_cards_delivered", 9000)]


def test_a_numbered_heading_gives_its_topic_to_the_paragraphs_under_it():
    body = ("1. Chi trả lương hưu qua tài khoản\n\nMột số địa bàn đạt kết quả khá: thành phố Hà Tĩnh đạt 82% người hưởng "
            "nhận qua tài khoản, huyện Cẩm Xuyên đạt 70%.\n\n2. Dịch vụ công trực tuyến\n\nThành phố Hà Tĩnh đạt 60% "
            "người hưởng nhận qua tài khoản.\n")
    got = [(o.indicator, o.value, o.jurisdiction) for o in extract_text(HEAD.replace("Nghệ An", "Hà Tĩnh") + body, "x").observations]
    # under the next heading, its topic is gone: the 60% is no pension figure
    assert got == [("pension_cashless_rate", 82, "ha-tinh/thanh-pho-ha-tinh"),
                   ("pension_cashless_rate", 70, "ha-tinh/huyen-cam-xuyen")]


def test_applications_through_the_public_service_portal_are_online():
    assert _obs("Trong tháng 9/2025, Công an cấp xã tiếp nhận 500 hồ sơ qua Cổng Dịch vụ công quốc gia.") == [
        ("applications_online", 500)]


def test_pension_beneficiaries_and_those_paid_into_accounts_give_the_rate():
    body = ("Trong kỳ chi trả tháng 9/2025, toàn tỉnh có 20.000 người hưởng lương hưu, trợ cấp BHXH hằng tháng, trong "
            "đó có 15.000 người nhận qua tài khoản cá nhân.")
    got = [(o.indicator, o.value, o.numerator, o.denominator, o.value_source)
           for o in extract_text(HEAD + body, "x").observations]
    assert got == [("pension_cashless_rate", 75, 15000, 20000, "computed")]
    # a stated rate takes its base from the same sentence
    body = "Toàn tỉnh có 20.000 người hưởng lương hưu; tỷ lệ chi trả qua tài khoản đạt 75%."
    got = [(o.indicator, o.value, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("pension_cashless_rate", 75, 20000)]


def test_a_list_by_group_takes_the_rate_of_its_sentence_or_lead_in():
    # after a colon, in one sentence
    body = "Xác thực thông tin học sinh với CSDLQG về dân cư: mầm non 97,5%; tiểu học 99,1%; THCS 98,2%."
    got = [(o.value, o.breakdown.split(";")[0], o.quote[:11]) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(97.5, "school_level=preschool", "Xác thực th"), (99.1, "school_level=primary", "Xác thực th"),
                   (98.2, "school_level=lower_secondary", "Xác thực th")]  # each quoted with the list's subject
    # as bullets under a lead-in that states the rate
    body = ("Đến ngày 30/9/2025, toàn ngành đã xác thực thông tin với Cơ sở dữ liệu quốc gia về dân cư cho 9.000/10.000 "
            "học sinh, đạt 90%. Kết quả theo cấp học:\n- Mầm non: 1.900/2.000 trẻ (95%);\n- Tiểu học: 3.920/4.000 học sinh "
            "(98%).\n")
    got = [(o.value, o.breakdown.split(";")[0]) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(90, "role=student"), (95, "school_level=preschool"), (98, "school_level=primary")]
    # a list that names no group of the rate is no list of it
    assert [o.value for o in extract_text(HEAD + "Xác thực thông tin học sinh với CSDLQG về dân cư: 97,5%; năm trước "
                                                 "85%.", "x").observations] == [97.5]


def test_school_levels_are_breakdowns_of_the_cashless_school_rate():
    body = ("Toàn tỉnh có 450/500 trường thu học phí không dùng tiền mặt, đạt 90%. Theo cấp học: trung học phổ thông "
            "50/50 trường (100%); tiểu học 190/200 trường (95%).")
    got = [(o.value, o.breakdown) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(90, ""), (100, "school_level=upper_secondary"), (95, "school_level=primary")]


def test_school_staff_verified_are_the_teachers_series():
    body = ("Tính đến ngày 30/9/2025, toàn ngành đã xác thực thông tin với Cơ sở dữ liệu quốc gia về dân cư cho "
            "9.000/10.000 học sinh, đạt 90%, và 990/1.000 cán bộ quản lý, giáo viên, nhân viên, đạt 99%.")
    assert [o.value for o in extract_text(HEAD + body, "x").observations] == [90, 99]


def test_the_chip_id_context_of_look_ups_may_come_from_the_paragraph():
    body = ("Các cơ sở khám, chữa bệnh BHYT tiếp nhận người bệnh bằng căn cước gắn chip. Trong tháng 9/2025, các cơ sở "
            "thực hiện 10.000 lượt tra cứu thông tin thẻ BHYT, thành công 9.500 lượt (95%).")
    assert ("insurance_lookup_success_rate", 95) in _obs(body)
    # look-ups of insurance cards with no chip ID or VNeID anywhere near are some other look-ups
    body = "Trong tháng 9/2025, các cơ sở thực hiện 10.000 lượt tra cứu thông tin thẻ BHYT, thành công 9.500 lượt (95%)."
    assert _obs(body) == []


def test_a_heading_of_results_and_targets_leaves_each_figure_to_its_own_words():
    body = ("I. KẾT QUẢ NĂM 2024 VÀ CHỈ TIÊU NĂM 2025\n\n1. Dịch vụ công trực tuyến\n\nNăm 2024, toàn tỉnh tiếp nhận "
            "10.000 hồ sơ thủ tục hành chính, trong đó 6.000 hồ sơ trực tuyến, đạt 60%. Năm 2025, phấn đấu tỷ lệ hồ sơ "
            "tiếp nhận trực tuyến đạt tối thiểu 80%.\n")
    e = extract_text("BÁO CÁO\nTổng kết Đề án 06 năm 2024 tỉnh Nghệ An\nNghệ An, ngày 18 tháng 12 năm 2024\n" + body, "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("online_application_rate", 60)]
    assert [(t.indicator, t.value, t.deadline) for t in e.targets] == [("online_application_rate", 80, "2025-12-31")]


def test_a_lead_in_that_names_a_rate_gives_it_to_its_items_by_quarter():
    text = ("KẾ HOẠCH\nThực hiện các chỉ tiêu của Đề án 06 trên địa bàn tỉnh Nghệ An năm 2024\nNghệ An, ngày 10 tháng 2 "
            "năm 2024\n\nII. CHỈ TIÊU NĂM 2024\n\na) Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến:\n"
            "- Quý I/2024: đạt 45%;\n- Quý II/2024: đạt 50%;\n- Đến hết quý IV/2024: tối thiểu 60%.\n")
    got = [(t.indicator, t.value, t.deadline) for t in extract_text(text, "x").targets]
    assert got == [("online_application_rate", 45, "2024-03-31"), ("online_application_rate", 50, "2024-06-30"),
                   ("online_application_rate", 60, "2024-12-31")]


def test_a_bare_rate_column_is_the_rate_of_the_columns_before_it():
    text = (HEAD + "Bảng 1. Kết quả triển khai KCB BHYT bằng CCCD gắn chip\n\n"
            "| STT | Đơn vị | Số cơ sở KCB BHYT | Số cơ sở đã triển khai | Tỷ lệ (%) | Số lượt tra cứu bằng CCCD |\n"
            "|---|---|---|---|---|---|\n| 1 | Huyện Diễn Châu | 10 | 9 | 90 | 2.000 |\n"
            "| | Tổng | 20 | 19 | 95 | 5.000 |\n")
    got = sorted((o.indicator, o.value, o.jurisdiction) for o in extract_text(text, "x").observations)
    assert got == [("health_facilities_chip_id_rate", 90, "nghe-an/huyen-dien-chau"), ("health_facilities_chip_id_rate", 95, "nghe-an"),
                   ("insurance_lookups", 2000, "nghe-an/huyen-dien-chau"), ("insurance_lookups", 5000, "nghe-an")]


def test_a_table_under_a_title_that_sets_targets_gives_targets():
    text = ("QUYẾT ĐỊNH\nVề việc giao chỉ tiêu Đề án 06 năm 2024 tỉnh Nghệ An\nNghệ An, ngày 20 tháng 3 năm 2024\n\n"
            "PHỤ LỤC\nCHỈ TIÊU GIAO CHO CÁC HUYỆN NĂM 2024\n\n"
            "STT  Đơn vị                  Tỷ lệ hồ sơ TTHC trực tuyến (%)\n"
            "1    Huyện Diễn Châu         60\n2    Huyện Yên Thành         55\n     Toàn tỉnh               58\n")
    e = extract_text(text, "x")
    assert e.observations == []
    assert [(t.indicator, t.value, t.jurisdiction, t.deadline) for t in e.targets] == [
        ("online_application_rate", 60, "nghe-an/huyen-dien-chau", "2024-12-31"),
        ("online_application_rate", 55, "nghe-an/huyen-yen-thanh", "2024-12-31"),
        ("online_application_rate", 58, "nghe-an", "2024-12-31")]


@pytest.mark.parametrize("words", ["trong tổng số", "trên tổng số", "trên số"])
def test_a_fraction_written_in_words(words):
    body = f"Đến ngày 30/9/2025, toàn tỉnh có 276 {words} 301 trường thu học phí không dùng tiền mặt."
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("schools_cashless_rate", 91.69, 276, 301)]


def test_a_figures_own_words_name_its_group_before_its_clause_does():
    body = ("Sở Giáo dục và Đào tạo đã xác thực 9.000/10.000 học sinh (90%) và 990/1.000 giáo viên (99%) với Cơ sở dữ "
            "liệu quốc gia về dân cư.")
    got = [(o.value, o.breakdown) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(90, "role=student"), (99, "role=teacher")]


def test_words_naming_two_groups_of_one_kind_are_the_whole():
    body = ("Đến ngày 30/9/2025, toàn tỉnh chi trả qua tài khoản cho 7.000/10.000 đối tượng bảo trợ xã hội và người có "
            "công, đạt 70%; trong đó 2.700/3.000 người có công nhận qua tài khoản (90%).")
    got = [(o.value, o.breakdown) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(70, ""), (90, "group=nguoi_co_cong")]


def test_a_paragraph_of_places_takes_the_rate_stated_above_it():
    head = "BÁO CÁO\nKết quả chi trả an sinh xã hội tháng 9/2025 tỉnh Hà Tĩnh\nThực hiện …\n\n"
    body = ("Toàn tỉnh đã chi trả qua tài khoản cho 6.000/10.000 đối tượng hưởng chính sách an sinh xã hội, đạt 60%.\n\n"
            "Theo địa bàn: thành phố Hà Tĩnh đạt cao nhất với 90%; thấp nhất là huyện Cẩm Xuyên (30%).\n")
    got = [(o.indicator, o.value, o.jurisdiction) for o in extract_text(head + body, "x").observations]
    assert got == [("welfare_cashless_rate", 60, "ha-tinh"), ("welfare_cashless_rate", 90, "ha-tinh/thanh-pho-ha-tinh"),
                   ("welfare_cashless_rate", 30, "ha-tinh/huyen-cam-xuyen")]
    # a paragraph whose words name another rate gives that one, not the rate above
    body2 = body + ("\nCả tỉnh có 40.000 người dân tích hợp Sổ sức khỏe điện tử trên VNeID. Một số địa phương đạt kết quả "
                    "cao: thành phố Hà Tĩnh đạt 45%.\n")
    got = [(o.indicator, o.value) for o in extract_text(head + body2, "x").observations if o.value == 45]
    assert got == [("health_book_vneid_rate", 45)]


def test_a_daily_average_is_no_count_even_after_the_same_verb():
    body = ("Trong tháng 9/2025, các cơ quan tiếp nhận 20.000 hồ sơ thủ tục hành chính; bình quân mỗi ngày làm việc các "
            "bộ phận một cửa tiếp nhận khoảng 900 hồ sơ.")
    assert _obs(body) == [("applications_total", 20000)]


def test_patients_received_with_the_chip_id_are_no_health_book_rate():
    body = ("Đến ngày 30/9/2025, toàn tỉnh có 50.000 người dân đã tích hợp Sổ sức khỏe điện tử trên VNeID, đạt 40% dân số. "
            "Trạm Y tế phường tiếp nhận 100% người bệnh BHYT bằng CCCD hoặc VNeID.")
    assert [(i, v) for i, v in _obs(body) if i == "health_book_vneid_rate"] == [("health_book_vneid_rate", 40)]


def test_a_bracketed_percent_closing_a_fraction_clause_is_the_fractions_rate():
    body = ("Toàn tỉnh có 50/50 cơ sở khám, chữa bệnh BHYT đã triển khai tra cứu thông tin thẻ BHYT bằng thẻ căn cước "
            "hoặc ứng dụng VNeID (100%).")
    assert _obs(body) == [("health_facilities_chip_id_rate", 100)]


def test_a_list_of_label_value_lines_reads_each_by_its_label():
    body = ("A. DỊCH VỤ CÔNG TRỰC TUYẾN\n\n- Dịch vụ công trực tuyến toàn trình đang cung cấp: 1.090\n"
            "- Tổng số hồ sơ TTHC tiếp nhận trong kỳ: 40.000\n- Hồ sơ tiếp nhận trực tuyến trong kỳ: 30.000\n"
            "- Tỷ lệ hồ sơ trực tuyến: 75%\n- Hồ sơ quá hạn: 112\n")
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    # the rate takes its counts from the two lines above it (they agree), so they have no rows of their own
    assert got == [("online_services_full", 1090, None, None), ("online_application_rate", 75, 30000, 40000)]


def test_a_bare_rate_column_is_not_read_by_the_label_column():
    # "Đơn vị" (the row label column) names no subject: the count columns say what the rate is of
    text = (HEAD + "Các cơ sở khám, chữa bệnh BHYT tiếp nhận người bệnh bằng căn cước gắn chip.\n\nPHỤ LỤC\n"
            "KẾT QUẢ TIẾP NHẬN HỒ SƠ TTHC NĂM 2025\n\nSTT\nĐơn vị\nTổng số hồ sơ tiếp nhận\nHồ sơ trực tuyến\nTỷ lệ (%)\n"
            "1\nHuyện Diễn Châu\n1.000\n600\n60,00\n2\nHuyện Yên Thành\n2.000\n1.500\n75,00\n")
    got = [(o.indicator, o.value, o.jurisdiction) for o in extract_text(text, "x").observations]
    assert got == [("online_application_rate", 60, "nghe-an/huyen-dien-chau"), ("online_application_rate", 75, "nghe-an/huyen-yen-thanh")]


def test_a_plans_table_of_indicators_by_year_gives_results_and_targets():
    text = ("KẾ HOẠCH\nThực hiện Đề án 06 năm 2024 trên địa bàn tỉnh Nghệ An\nNghệ An, ngày 20 tháng 2 năm 2024\n\n"
            "II. KẾT QUẢ NĂM 2023 VÀ CHỈ TIÊU CỤ THỂ\n\nNăm 2023, tỷ lệ hồ sơ tiếp nhận trực tuyến cả năm đạt 58,6%.\n\n"
            "STT\tChỉ tiêu\tĐơn vị tính\tThực hiện năm 2023\tNăm 2024\tNăm 2025\n"
            "1\tTỷ lệ hồ sơ TTHC tiếp nhận trực tuyến\t%\t58,6\t70\t80\n"
            "2\tTỷ lệ đối tượng an sinh xã hội nhận trợ cấp qua tài khoản\t%\t82,4\t90\t100\n")
    e = extract_text(text, "x")
    assert sorted((o.indicator, o.value) for o in e.observations) == [("online_application_rate", 58.6),
                                                                     ("welfare_cashless_rate", 82.4)]
    assert sorted((t.indicator, t.value, t.deadline) for t in e.targets) == [
        ("online_application_rate", 70, "2024-12-31"), ("online_application_rate", 80, "2025-12-31"),
        ("welfare_cashless_rate", 90, "2024-12-31"), ("welfare_cashless_rate", 100, "2025-12-31")]


def test_items_under_a_lead_in_count_are_its_parts():
    body = ("b) Định danh điện tử\n- Tổng số hồ sơ định danh điện tử đã thu nhận: 50.000 hồ sơ, trong đó:\n"
            "+ Mức 1: 8.000 hồ sơ;\n+ Mức 2: 42.000 hồ sơ.\n")
    assert sorted(_obs(body)) == [("eid_account_applications", 50000), ("eid_level1_applications", 8000),
                                  ("eid_level2_applications", 42000)]


def test_a_percent_on_the_next_list_item_is_not_the_fractions():
    body = ("║  - Cơ sở KCB BHYT sử dụng CCCD/VNeID: 300/400 cơ sở   ║\n"
            "║  - Tỷ lệ dân số đã được cấp thẻ căn cước: 93.2%       ║\n")  # lines of a drawn box
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert ("health_facilities_chip_id_rate", 75, 300, 400) in got
    assert all(v != 93.2 for _, v, _, _ in got)


def test_a_share_of_transactions_is_no_rate_of_facilities():
    body = ("Về thanh toán viện phí không dùng tiền mặt, 40/50 cơ sở đã triển khai, đạt 80%; giao dịch viện phí qua "
            "chuyển khoản chiếm khoảng 72%.")
    assert _obs(body) == [("health_facilities_cashless_rate", 80)]


def test_a_rough_share_in_words_is_no_figure():
    assert _obs("Trong tháng 9/2025, hơn 9 phần 10 hồ sơ được nộp trực tuyến.") == []


def test_an_age_is_no_figure():
    body = ("Tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 của toàn tỉnh đạt 68% số công dân từ đủ 14 tuổi trở lên, "
            "trong đó huyện Diễn Châu chỉ đạt 41%.")
    got = [(o.value, o.jurisdiction) for o in extract_text(HEAD + body, "x").observations]
    assert got == [(68, "nghe-an"), (41, "nghe-an/huyen-dien-chau")]


def test_a_count_of_a_total_in_words_is_the_fractions_base():
    body = ("Công ty Điện lực có 9.000 khách hàng thanh toán tiền điện không dùng tiền mặt trên tổng số 10.000 khách "
            "hàng, đạt 90%.")
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("electricity_cashless_rate", 90, 9000, 10000)]


DIRECTIVE = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\nSố: 12/CT-UBND\n\nNghệ An, ngày 10 tháng 4 năm 2024\n\nCHỈ THỊ\n"
             "Về đẩy mạnh thực hiện Đề án 06 năm 2024\n\n")


def test_a_directive_states_where_things_stand_before_it_directs():
    # done ("đã", "mới đạt") in the account before the orders; the whole past year ("cả năm 2023,") a closed window
    text = DIRECTIVE + ("Thời gian qua, kết quả còn hạn chế: cả năm 2023, tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến "
                        "mới đạt 41,5%. Ngành Giáo dục đã xác thực thông tin 80.000 học sinh với Cơ sở dữ liệu quốc gia về "
                        "dân cư, đạt 88,2%.\n\nChủ tịch UBND tỉnh yêu cầu:\n\n1. Phấn đấu trong năm 2024, tỷ lệ hồ sơ "
                        "thủ tục hành chính tiếp nhận trực tuyến đạt tối thiểu 60%.\n")
    e = extract_text(text, "x")
    assert sorted((o.indicator, o.value, o.scope) for o in e.observations) == [
        ("online_application_rate", 41.5, "period"), ("student_records_verified_rate", 88.2, "cumulative")]
    assert [(t.indicator, t.value) for t in e.targets] == [("online_application_rate", 60)]


def test_a_column_of_quotas_under_an_order_holds_targets_with_its_deadline():
    text = DIRECTIVE + ("1. Hoàn thành chỉ tiêu thu nhận hồ sơ định danh điện tử được giao trước ngày 30/6/2024, cụ thể:\n\n"
                        "Đơn vị | Chỉ tiêu số hồ sơ định danh điện tử\nHuyện Diễn Châu | 40.000\nHuyện Yên Thành | 35.000\n"
                        "Toàn tỉnh | 75.000\n")
    e = extract_text(text, "x")
    assert e.observations == []
    assert sorted((t.indicator, t.value, t.jurisdiction, t.deadline) for t in e.targets) == [
        ("eid_account_applications", 35000, "nghe-an/huyen-yen-thanh", "2024-06-30"),
        ("eid_account_applications", 40000, "nghe-an/huyen-dien-chau", "2024-06-30"),
        ("eid_account_applications", 75000, "nghe-an", "2024-06-30")]


def test_tasks_headed_by_a_month_or_year_ahead_are_targets():
    from de06 import directions

    assert directions.section_kind("D. NHIỆM VỤ THÁNG 10/2025") == "forward"
    assert directions.section_kind("PHẦN II. NHIỆM VỤ NĂM 2026") == "forward"
    assert directions.section_kind("TỒN TẠI VÀ NHIỆM VỤ THÁNG 10/2025") is None  # shortcomings and tasks: neither
    body = ("Trong tháng 9/2025, tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 88,4%.\n\nD. NHIỆM VỤ THÁNG 10/2025\n\n"
            "- Duy trì tỷ lệ hồ sơ trực tuyến trên 85%.\n")
    e = extract_text(HEAD + body, "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("online_application_rate", 88.4)]
    assert [(t.indicator, t.value) for t in e.targets] == [("online_application_rate", 85)]


def test_a_quota_assigned_by_a_superior_body_is_a_target():
    from de06 import directions

    assert directions.is_direction("Chỉ tiêu BHXH Việt Nam giao cho tỉnh năm 2025 là ", " số người hưởng lương hưu")
    assert directions.is_direction("Chỉ tiêu được giao năm 2025 là ", " dân số")
    assert not directions.is_direction("Chỉ tiêu này năm 2024 tỉnh đã đạt ", " số người hưởng")


def test_communes_picked_out_by_a_rate_below_a_bound_are_no_figure():
    body = ("II. NHIỆM VỤ THỜI GIAN TỚI\n- Các xã có tỷ lệ hồ sơ trực tuyến dưới 60% rà soát nguyên nhân, báo cáo "
            "trước ngày 20/10/2025.\n")
    e = extract_text(HEAD + body, "x")
    assert e.observations == [] and e.targets == []


def test_a_plans_budget_is_an_allocation_not_a_target():
    text = ("KẾ HOẠCH\nTriển khai Đề án 06 trên địa bàn tỉnh Nghệ An năm 2025\nNghệ An, ngày 15 tháng 1 năm 2025\n\n"
            "I. MỤC TIÊU\n1. Phấn đấu tỷ lệ hồ sơ tiếp nhận trực tuyến đạt tối thiểu 80%.\n\nII. KINH PHÍ\n"
            "Tổng kinh phí thực hiện Kế hoạch là 6,4 tỷ đồng từ ngân sách tỉnh.\n")
    e = extract_text(text, "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("budget_vnd", 6_400_000_000)]
    assert [(t.indicator, t.value) for t in e.targets] == [("online_application_rate", 80)]


def test_a_part_named_by_riêng_takes_the_rate_before_it_as_a_target_too():
    body = ("II. NHIỆM VỤ THỜI GIAN TỚI\n1. Phấn đấu đến hết năm 2025, tỷ lệ hồ sơ tiếp nhận trực tuyến đạt tối thiểu "
            "75%; riêng huyện Diễn Châu đạt tối thiểu 85% trong tháng 11/2025.\n")
    got = sorted((t.value, t.jurisdiction) for t in extract_text(HEAD + body, "x").targets)
    assert got == [(75, "nghe-an"), (85, "nghe-an/huyen-dien-chau")]


def test_a_tables_total_column_names_nothing_counted_and_rows_take_their_own_rate():
    body = ("Bảng 1. Thanh toán không dùng tiền mặt (đến 30/9/2025)\n\n| STT | Nhóm | Tổng số | Đã triển khai | Tỷ lệ (%) |\n"
            "|---|---|---|---|---|\n| 1 | Cơ sở giáo dục (trường) | 420 | 399 | 95 |\n"
            "| 2 | Cơ sở y tế công lập | 60 | 57 | 95 |\n")
    got = sorted(_obs(body))
    assert got == [("health_facilities_cashless_rate", 95), ("schools_cashless_rate", 95)]


def test_a_letterhead_without_the_motto_is_the_lowest_body_it_names():
    text = ("UBND HUYỆN YÊN THÀNH\nUBND XÃ HỢP THÀNH\n\nSố: 21/BC-UBND\n\nHợp Thành, ngày 20 tháng 3 năm 2025\n\nBÁO CÁO\n"
            "Kết quả triển khai Đề án 06 quý I năm 2025\n\nTrong quý, xã thu nhận 120 hồ sơ cấp thẻ Căn cước.\n")
    e = extract_text(text, "x")
    assert e.document.jurisdiction == "nghe-an/hop-thanh"
    assert [(o.indicator, o.jurisdiction) for o in e.observations] == [("id_card_applications", "nghe-an/hop-thanh")]


def test_a_list_item_naming_no_place_has_its_lead_ins_not_an_item_aboves():
    body = ("Kết quả làm sạch dữ liệu và xác thực còn chậm:\n"
            "- Tỷ lệ thửa đất đã làm sạch dữ liệu toàn tỉnh đạt 46,5%, trong đó huyện Yên Thành mới đạt 20,1%.\n"
            "- Ngành Giáo dục đã xác thực thông tin học sinh với Cơ sở dữ liệu quốc gia về dân cư, đạt 91,5%.\n")
    got = {(o.value, o.jurisdiction) for o in extract_text(HEAD + body, "x").observations}
    assert (91.5, "nghe-an") in got and (20.1, "nghe-an/huyen-yen-thanh") in got


def test_a_label_column_headed_by_a_level_names_places_by_their_bare_names():
    body = ("Kết quả tại các phường trong tháng 9/2025, trong đó 2 phường có tỷ lệ hồ sơ trực tuyến trên 90%:\n\n"
            "| STT | Phường | Hồ sơ tiếp nhận | Hồ sơ trực tuyến | Tỷ lệ trực tuyến (%) |\n|---|---|---|---|---|\n"
            "| 1 | Trường Vinh | 1.000 | 920 | 92,00 |\n| 2 | Thành Vinh | 2.000 | 1.820 | 91,00 |\n")
    got = sorted((o.value, o.jurisdiction) for o in extract_text(HEAD + body, "x").observations)
    assert got == [(91, "nghe-an/thanh-vinh"), (92, "nghe-an/truong-vinh")]


def test_the_month_a_report_is_signed_in_stated_as_done_is_no_deadline():
    text = ("BÁO CÁO\nKết quả 6 tháng đầu năm 2025 trên địa bàn huyện Yên Thành, tỉnh Nghệ An\n"
            "Yên Thành, ngày 18 tháng 6 năm 2025\n\nĐến tháng 6/2025, toàn huyện đã chi trả trợ cấp xã hội qua tài khoản "
            "cho 900/1.000 đối tượng bảo trợ xã hội, đạt 90%.\n")
    e = extract_text(text, "x")
    assert [(o.indicator, o.value) for o in e.observations] == [("welfare_cashless_rate", 90)]
    assert e.targets == []


def test_a_place_singled_out_by_riêng_takes_the_count_before_it():
    body = ("Đến ngày 30/9/2025, toàn tỉnh có 500.000 người dân đã tích hợp Sổ sức khỏe điện tử trên VNeID. Riêng huyện "
            "Yên Thành, đến ngày 30/9/2025 đã có 40.000 người tích hợp.")
    got = sorted((o.indicator, o.value, o.jurisdiction) for o in extract_text(HEAD + body, "x").observations)
    assert got == [("health_book_vneid_count", 40000, "nghe-an/huyen-yen-thanh"),
                   ("health_book_vneid_count", 500000, "nghe-an")]


def test_a_total_then_its_part_in_the_next_sentence_computes_their_rate():
    body = ("Trong tháng 9/2025, Bộ phận Một cửa xã tiếp nhận 400 hồ sơ thủ tục hành chính. Có 300 hồ sơ nộp trực tuyến, "
            "chủ yếu lĩnh vực hộ tịch.")
    got = [(o.indicator, o.value, o.numerator, o.denominator, o.value_source) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("online_application_rate", 75, 300, 400, "computed")]


def test_a_rate_clause_after_a_semicolon_takes_its_object_from_the_clause_before():
    body = ("Trong tháng 9/2025, các cơ sở đã thực hiện 20.000 lượt tra cứu thông tin thẻ BHYT bằng căn cước gắn chip; "
            "tỷ lệ tra cứu thành công đạt 98,5%.")
    got = [(o.indicator, o.value, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("insurance_lookup_success_rate", 98.5, 20000)]


def test_money_allocated_from_a_budget_for_the_scheme_is_its_budget():
    body = "Năm 2025, UBND tỉnh bố trí 9,2 tỷ đồng từ ngân sách tỉnh năm 2025 để thực hiện các nhiệm vụ của Đề án 06."
    assert _obs(body) == [("budget_vnd", 9_200_000_000)]
    # money for something else is not the scheme's budget
    assert _obs("Tỉnh đã bố trí 30 tỷ đồng để trang bị máy tính cho cấp xã.") == []


def test_a_fractions_rate_closing_its_clause_after_a_comma_is_its_own():
    # the words between say what the fraction counts ("thông tin …", not "thôn", a hamlet)
    body = ("Bảo hiểm xã hội tỉnh xác thực 95.000/100.000 thông tin người tham gia BHXH, BHYT với Cơ sở dữ liệu quốc "
            "gia về dân cư, đạt 95%.")
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("insurance_records_verified_rate", 95, 95000, 100000)]


def test_a_part_column_of_criminal_record_applications_by_vneid():
    body = ("Kết quả cấp Phiếu LLTP theo khu vực:\n\nKhu vực\tTổng số hồ sơ yêu cầu cấp Phiếu LLTP\t"
            "Trong đó: tiếp nhận qua VNeID\tGhi chú\nHuyện Yên Thành\t400\t300\tTại trụ sở\n"
            "Huyện Diễn Châu\t600\t420\tĐiểm số 2\nToàn tỉnh\t1.000\t720\t\n")
    got = sorted((o.indicator, o.value, o.jurisdiction) for o in extract_text(HEAD + body, "x").observations)
    assert got == [("criminal_record_vneid_applications", 300, "nghe-an/huyen-yen-thanh"),
                   ("criminal_record_vneid_applications", 420, "nghe-an/huyen-dien-chau"),
                   ("criminal_record_vneid_applications", 720, "nghe-an")]


def test_a_rate_whose_own_words_name_another_measure_is_not_the_counts_rate():
    body = ("Bộ phận Một cửa tiếp nhận 4.000 hồ sơ thủ tục hành chính, trong đó 3.000 hồ sơ được nộp trực tuyến; tỷ lệ "
            "giải quyết đúng hạn đạt 99,5%.")
    got = [(o.indicator, o.value, o.value_source) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("online_application_rate", 75, "computed")]


def test_a_day_after_a_time_of_day_is_no_fraction():
    body = "Sáng 10/10, tại nhà văn hóa bản, tổ công tác hỗ trợ hơn 60 người dân xác thực sinh trắc học, kích hoạt tài khoản."
    e = extract_text(HEAD + body, "x")
    assert e.observations == [] and e.candidates == []


def test_a_national_item_naming_provinces_alike_is_the_countrys_and_its_communes_their_provinces():
    text = ("Hội nghị toàn quốc tổng kết Đề án 06\n\nNgày 18/12/2025, tại Hà Nội, Tổ công tác triển khai Đề án 06 của "
            "Chính phủ tổ chức hội nghị trực tuyến toàn quốc. Tính đến ngày 15/12/2025, cả nước đã thu nhận hơn 80 triệu "
            "hồ sơ cấp thẻ căn cước. Tại tỉnh Nghệ An, xã Hợp Thành từ ngày 01/7/2025 đến ngày 15/12/2025 tiếp nhận "
            "1.000 hồ sơ thủ tục hành chính, trong đó 900 hồ sơ nộp trực tuyến.\n")
    e = extract_text(text, "x")
    assert e.document.jurisdiction == "vn"
    assert sorted((o.indicator, o.jurisdiction) for o in e.observations) == [
        ("id_card_applications", "vn"), ("online_application_rate", "nghe-an/hop-thanh")]


def test_what_is_left_undone_is_no_count_of_what_was_done():
    assert _obs("Trong tháng 9/2025, số hóa 1.200 hồ sơ; còn 300 hồ sơ lũy kế chưa được số hóa đầy đủ.") == [
        ("records_digitized", 1200)]


def test_online_by_its_other_names_and_after_trong_do():
    # "nộp qua mạng" is submitted online; "trong đó trực tuyến N hồ sơ" names the online part before its figure
    assert _obs("Trong tháng 9/2025, xã tiếp nhận 500 hồ sơ, 90% trong số đó được nộp qua mạng.") == [
        ("online_application_rate", 90)]
    got = [(o.indicator, o.value, o.numerator, o.denominator)
           for o in extract_text(HEAD + "Trong tháng 9/2025, Trung tâm tiếp nhận 1 000 hồ sơ thủ tục hành chính, trong "
                                 "đó trực tuyến 800 hồ sơ, trực tiếp 200 hồ sơ.", "x").observations]
    assert got == [("online_application_rate", 80, 800, 1000)]


def test_a_part_after_trong_do_shares_the_description_after_it_with_its_total():
    # "… N lượt tra cứu, trong đó A lượt tra cứu thành công phục vụ KCB BHYT bằng thẻ CCCD, đạt X%": the words after
    # the part describe the total too, which is the rate's base
    body = ("Từ ngày 10/9/2025 đến ngày 09/10/2025, có tổng số 2.000 lượt tra cứu, trong đó có 1.900 lượt tra cứu thành "
            "công phục vụ công tác KCB BHYT bằng thẻ CCCD, đạt tỷ lệ 95%.")
    got = [(o.indicator, o.value, o.numerator, o.denominator) for o in extract_text(HEAD + body, "x").observations]
    assert got == [("insurance_lookup_success_rate", 95, 1900, 2000)]


def test_a_stated_rate_keeps_its_value_with_a_fraction_in_brackets_after_its_noun():
    body = "Giáo dục: 99,6% cơ sở giáo dục (692/695) thu học phí không dùng tiền mặt."
    got = [(o.indicator, o.value, o.numerator, o.denominator, o.value_source)
           for o in extract_text(HEAD + body, "x").observations]
    assert got == [("schools_cashless_rate", 99.6, 692, 695, "stated")]


def test_the_base_of_a_share_is_what_its_own_words_name():
    body = ("Trong tháng, Sở Tư pháp tiếp nhận 600 hồ sơ đề nghị cấp Phiếu lý lịch tư pháp qua ứng dụng VNeID, chiếm 60% "
            "trên tổng số 1.000 hồ sơ đề nghị cấp Phiếu lý lịch tư pháp.")
    assert _obs(body) == [("criminal_record_vneid_applications", 600)]


def test_a_rounded_restatement_within_its_last_digit_is_the_exact_figure():
    body = ("Hơn 1,1 triệu người dân đã có sổ sức khỏe điện tử trên VNeID. Tính đến ngày 30/9/2025, toàn tỉnh có 1.146.830 "
            "người dân đã tích hợp sổ sức khỏe điện tử trên ứng dụng VNeID.")
    assert _obs(body) == [("health_book_vneid_count", 1146830)]


def test_a_figure_of_places_the_text_does_not_name_is_none():
    assert _obs("Tỷ lệ hồ sơ trực tuyến thực chất ở một số địa phương chỉ khoảng 60%.") == []
