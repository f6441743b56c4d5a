"""Briefing sections: the figures an analyst must see, their source notes, escaping, and the period's limits."""

from __future__ import annotations

import csv
from html import unescape
import re
import shutil

import pytest

from de06.compare import PROCESSED
from de06.errors import De06Error
from de06.sections import Briefing, briefings, check_period, period_bounds, reports_by_period


def _all(b: Briefing) -> str:
    return "".join([b.header(), b.at_a_glance(), b.headlines(), b.targets(), b.comparison(), b.audit(), b.sources(),
                    b.notes(), b.footer("f00d")])


@pytest.fixture(scope="module")
def vi_2025_10():
    b = Briefing("2025-10", "vinh-long-2025", "vi")
    return b, _all(b)


def _notes(html: str) -> dict[str, str]:
    return dict(re.findall(r'<li id="(src-\d+)">(.*?)</li>', html, re.S))


def _cited(html: str, text: str) -> str:
    """The source note a figure links to: the first citation after ``text``."""
    i = html.index(text)
    m = re.compile(r'href="#(src-\d+)"').search(html, i)
    return _notes(html)[m.group(1)]


def test_vietnamese_briefing_shows_the_headline_figures_with_their_sources(vi_2025_10):
    _, html = vi_2025_10
    # 000: "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%"
    assert "55,17% (170.978/309.901)" in html
    assert "170.978 hồ sơ" in _cited(html, "55,17% (170.978/309.901)")
    assert "25,45% (1.073.204)" in html and "25,45%" in _cited(html, "25,45% (1.073.204)")
    # the land data split by former province: "(Vĩnh Long cũ 441.728/537.643, đạt tỷ lệ 82,16%"
    for name, figure in (("Vĩnh Long cũ", "82,16% (441.728/537.643)"), ("Trà Vinh cũ", "41,28% (318.886/772.562)")):
        row = re.search(rf"<tr class=\"sub\"><td>{name}</td>(.*?)</tr>", html)
        assert row and figure in row.group(1), name
        assert figure.split(" ")[0] in _cited(html, figure)


def test_health_book_target_with_required_pace_and_status(vi_2025_10):
    _, html = vi_2025_10
    block = html[html.index('<div class="target"><h3>Tỷ lệ tích hợp Sổ sức khỏe'):]
    block = block[:block.index("</div>")]
    assert "≥ 80%" in block and "31/12/2025" in block and "25,45% (03/10/2025)" in block
    assert "18,66 điểm %/tháng" in block and "Chưa đủ dữ liệu để dự báo" in block
    assert 'src="data:image/png;base64,' in block  # the bullet chart, embedded
    assert "80%" in _cited(block + _all_notes(html), "≥ 80%")


def _all_notes(html: str) -> str:
    return html[html.index('<ol class="notes">'):]


def test_every_citation_points_to_a_note_and_every_note_is_cited(vi_2025_10):
    _, html = vi_2025_10
    cited = set(re.findall(r'href="#(src-\d+)"', html))
    notes = set(_notes(html))
    assert cited == notes and len(notes) > 25
    numbers = sorted(int(n[4:]) for n in notes)
    assert numbers == list(range(1, len(numbers) + 1))


def test_english_briefing_uses_english_formats():
    html = _all(Briefing("2025-10", "vinh-long-2025", "en"))
    assert "55.17% (170,978/309,901)" in html and "18.66 points a month" in html and "31 Dec 2025" in html
    assert "Not enough data to project" in html and "former Trà Vinh" in html


def test_sources_list_the_period_s_documents_with_reference_and_date(vi_2025_10):
    b, _ = vi_2025_10
    s = b.sources()
    assert "367/BC-UBND" in s and "16/10/2025" in s
    kinds = re.findall(r"<tr><td>(.*?)</td>", s)
    assert kinds.count("Báo cáo") == 1 and "Kế hoạch" in kinds


def test_a_2022_briefing_shows_nothing_after_2022():
    b = Briefing("2022", "tra-vinh", "en")
    html = _all(b)
    figures = re.sub(r'<td class="note">.*?</td>', "", b.comparison() + b.headlines())  # notes may name the 2025 merger
    years = {int(y) for y in re.findall(r"\b\d{1,2} \w{3} (\d{4})\b", figures)}
    assert years and max(years) <= 2022
    assert "14.87%" in html  # 004: 39.215 of 263.796 applications online, computed
    assert "69.09%" in b.audit() or "69,09%" in b.audit()  # the seed's own inconsistency


def test_commune_briefing_names_the_commune_and_its_province():
    html = _all(Briefing("2024-09", "thanh-hoa/vinh-phuc", "vi"))
    assert "xã Vĩnh Phúc (Thanh Hóa)" in html and "97,73%" in html


@pytest.mark.parametrize("period", ["oct", "2025-13", "25-10", "2025-1", "", "2025-10-01"])
def test_bad_periods_say_the_expected_format(period):
    with pytest.raises(De06Error, match=r"is not YYYY-MM \(a month, e.g. 2025-10\) or YYYY"):
        check_period(period)


def test_period_without_report_lists_the_periods_with_data():
    with pytest.raises(De06Error, match=r"no report for period 2023-01; periods with data: .*2025-10"):
        Briefing("2023-01", "vinh-long-2025")


def test_unknown_place_lists_the_places_of_the_period():
    with pytest.raises(De06Error, match=r"no report of 'ha-noi' for period 2025-10; places with one: vinh-long-2025"):
        Briefing("2025-10", "ha-noi")


def test_periods_and_bounds():
    available = reports_by_period()
    assert {"2022", "2024-09", "2025-10"} <= set(available) and available["2025-10"] == ["vinh-long-2025"]
    assert period_bounds("2025") == ("2025-01", "2025-12")
    assert [b.place for b in briefings("2025-10")] == ["vinh-long-2025"]


# ---------------------------------------------------------------- synthetic datasets
def _dataset(tmp_path, docs=(), observations=(), audit=(), targets=()):
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data, ignore=shutil.ignore_patterns("manifest.json"))  # edited by hand below
    for name, rows in (("documents", docs), ("observations", observations), ("audit", audit), ("targets", targets)):
        path = data / f"{name}.csv"
        with path.open(encoding="utf-8") as f:
            fields = next(csv.reader(f))
        with path.open("a", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fields, lineterminator="\n")
            for r in rows:
                w.writerow({k: r.get(k, "") for k in fields})
    return data


def _row(**kw):
    base = {"indicator": "online_application_rate", "value_source": "stated", "scope": "period",
            "jurisdiction": "ha-noi", "origin": "extracted", "start": "0", "end": "10",
            "confidence": "1", "ref": "0000abcd"}  # the loader checks every processed row (issue 12)
    base.update(kw)
    return base


def test_report_text_is_escaped_everywhere(tmp_path):
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> {{ 7*7 }} ![x](https://evil.example/a.png)'
    data = _dataset(
        tmp_path,
        docs=[{"doc": "900_evil", "kind": "report", "jurisdiction": "ha-noi", "level": "province",
               "period": "2025-10", "dated": "2025-10-20", "reference": "<b>12</b>/BC-UBND", "sha256": "0" * 64}],
        observations=[_row(doc="900_evil", value="61.5", period="2025-10", quote=f"{evil} đạt tỷ lệ 61,5%",
                           source_date="2025-10-20")],
        audit=[{"doc": "900_evil", "check": "rate_vs_fraction", "severity": "error",
                "message": "states 61,5% for <script>1</script> of 2, which is 50%", "quotes": evil, "start": "0"}])
    html = _all(Briefing("2025-10", "ha-noi", "vi", data))
    assert "61,5%" in html
    assert "<script" not in html and "<img src=x" not in html and "<b>12</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;12&lt;/b&gt;/BC-UBND" in html
    assert 'src="https://' not in html and "evil.example/a.png)" in html  # the Markdown image stays text


def test_change_since_the_previous_comparable_figure(tmp_path):
    docs = [{"doc": f"90{i}_r", "kind": "report", "jurisdiction": "ha-noi", "level": "province", "period": p,
             "dated": d, "reference": f"{i}/BC", "sha256": "0" * 64}
            for i, (p, d) in enumerate([("2025-09", "2025-09-15"), ("2025-10", "2025-10-15")])]
    obs = [_row(doc="900_r", value="52", numerator="52", denominator="100", period="2025-09", source_date="2025-09-15",
                quote="đạt tỷ lệ 52%"),
           _row(doc="901_r", value="55.17", period="2025-10", source_date="2025-10-15", quote="đạt tỷ lệ 55,17%"),
           _row(doc="901_r", value="9", scope="cumulative", period="2025-10", source_date="2025-10-15", quote="lũy kế 9%")]
    b = Briefing("2025-10", "ha-noi", "vi", _dataset(tmp_path, docs, obs))
    h = b.headlines()
    assert "+3,17 điểm %" in h and "so với 52% ngày 15/09/2025" in h
    # one row: the month's rate and the running total side by side, and the change of the month's rate only —
    # the running total has no earlier running total, and no change is invented from the monthly figure
    row = re.search(r'<tr class="main"><td>Tỷ lệ hồ sơ tiếp nhận trực tuyến</td>(.*?)</tr>', h).group(1)
    period, cumulative, change = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert period.startswith("55,17%") and cumulative.startswith("9%") and change.startswith("Trong kỳ: +3,17 điểm %")
    assert "<th>Thay đổi so với lần trước</th>" in h
    glance = b.at_a_glance()
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến: 55,17%, +3,17 điểm %" in glance


def test_no_change_column_and_one_line_when_nothing_earlier_is_comparable(vi_2025_10):
    # 2025-10 is the first report of Vĩnh Long after the merger: nothing earlier of the same territory
    b, html = vi_2025_10
    h = b.headlines()
    assert "Thay đổi so với lần trước" not in h and "chưa có số liệu cùng loại trước đó" not in html
    assert "Chưa có báo cáo trước cùng địa bàn để so sánh." in b.at_a_glance()


def test_one_row_per_indicator_with_period_and_cumulative_columns(vi_2025_10):
    b, _ = vi_2025_10
    h = b.headlines()
    # 000: "tiếp nhận 31.491 hồ sơ cấp thẻ Căn cước … lũy kế … 4.152.807 hồ sơ"
    row = re.search(r'<tr class="main"><td>Số hồ sơ cấp CCCD/Căn cước đã thu nhận</td>(.*?)</tr>', h).group(1)
    period, cumulative = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert period.startswith("31.491") and cumulative.startswith("4.152.807")
    assert h.count("Số hồ sơ cấp CCCD/Căn cước đã thu nhận") == 1
    assert "<th>Trong kỳ</th><th>Lũy kế</th>" in h


def test_sources_show_kind_number_and_date_and_keep_the_id_for_the_notes(vi_2025_10):
    b, html = vi_2025_10
    assert "000_758c85fa00e9b683" not in b.sources()
    assert re.search(r'<li id="src-\d+">Báo cáo 367/BC-UBND, Vĩnh Long, 16/10/2025 <code class="doc">000_758c85fa00e9b683</code>',
                     html)


@pytest.mark.parametrize("lang, words", [
    ("vi", ["Đã đạt", "Chưa đủ dữ liệu để dự báo", "25,45%", "ngày 03/10/2025", "54,55 điểm %", "18,66 điểm %/tháng",
            "Không phát hiện sai lệch", "Số liệu mới nhất: 16/10/2025, 15 ngày trước cuối kỳ (31/10/2025)."]),
    ("en", ["Achieved", "Not enough data to project", "25.45%", "on 3 Oct 2025", "54.55 points", "18.66 points a month",
            "No inconsistency found", "Newest figure: 16 Oct 2025, 15 days before the period's end (31 Oct 2025)."]),
])
def test_at_a_glance_has_every_target_s_status_value_gap_and_pace(lang, words):
    # 000: "Đến ngày 03/10/2025 … đạt tỷ lệ 25,45%"; plan 001: "đạt từ 80%" and KCB "tại 100%", both by 31/12/2025
    g = Briefing("2025-10", "vinh-long-2025", lang).at_a_glance()
    assert g.startswith('<section class="de06 glance" id="at-a-glance">')
    assert g.count('<span class="status ') == 2
    for w in words:
        assert w in unescape(g), w


def test_a_target_missed_by_its_deadline_says_so():
    # 004 (Trà Vinh, 2022): "BHXH phấn đấu đến hết năm 2022 đạt tỷ lệ từ 90% đến 100%"; 72% at 12/12/2022
    g = Briefing("2022", "tra-vinh", "vi").at_a_glance()
    row = re.search(r"<tr><td>Tỷ lệ người tham gia BHXH/BHYT[^<]*: ≥ 90%.*?</tr>", g).group(0)
    assert "Không đạt đúng hạn" in row and "Chưa đủ dữ liệu" not in row


@pytest.mark.parametrize("lang, status, stale", [
    ("vi", "Không đánh giá được (số liệu cũ)", "số liệu mới nhất từ 30/06/2023, cũ hơn 6 tháng"),
    ("en", "Cannot judge (old data)", "latest figure from 30 Jun 2023, over 6 months old"),
])
def test_a_projection_from_old_figures_says_how_old_they_are_and_never_on_track(tmp_path, lang, status, stale):
    # two 2023 figures rising 2 points a month project far above 60% by 31/12/2025 — on data over two years old
    docs = [{"doc": "910_r", "kind": "report", "jurisdiction": "ha-noi", "level": "province", "period": "2025-10",
             "dated": "2025-10-20", "reference": "9/BC", "sha256": "0" * 64}]
    obs = [_row(doc="909_old", value="40", period="2023-01", source_date="2023-01-31", quote="đạt 40%"),
           _row(doc="909_old", value="50", period="2023-06", source_date="2023-06-30", quote="đạt 50%", start="20"),
           _row(doc="910_r", indicator="id_card_applications", value="5", period="2025-10", source_date="2025-10-20",
                quote="5 hồ sơ")]
    targets = [{"doc": "910_r", "indicator": "online_application_rate", "comparator": ">=", "value": "60",
                "deadline": "2025-12-31", "jurisdiction": "ha-noi", "quote": "đạt 60%", "start": "0", "end": "5",
                "origin": "extracted", "ref": "0000abce"}]
    b = Briefing("2025-10", "ha-noi", lang, _dataset(tmp_path, docs, obs, targets=targets))
    (_, _, _, a), = b._assessed
    assert a.status == "on_track" and a.stale and a.as_of.isoformat() == "2025-10-31"
    for section in (b.at_a_glance(), b.targets()):
        text = unescape(section)
        assert status in text and stale in text
        assert ("Đúng tiến độ" if lang == "vi" else "On track") not in text


def test_every_target_judged_on_the_newest_figure_of_the_dataset():
    from de06.overview import all_targets

    h = unescape(all_targets("en"))
    assert "judged on 31 Oct 2025" in h  # the newest figure: Quảng Trị, 72.63% for October 2025 (manual row)
    # Chỉ thị 05/CT-TTg: 40 million e-ID accounts by 30/06/2023; 75.7 million on 30/06/2024 → achieved late
    row = re.search(r"<tr><td>Viet Nam</td><td>E-ID account applications</td>.*?</tr>", h).group(0)
    assert "Achieved, after the deadline" in row
    # chip-ID care facilities: 97.27% on 30/06/2023 projects to 100% by 2025 — on data over two years old
    row = re.search(r"<tr><td>Viet Nam</td><td>Care facilities accepting chip ID</td>.*?</tr>", h).group(0)
    assert "Cannot judge (old data)" in row and "latest figure from 30 Jun 2023, over 6 months old" in row
    assert "On track" not in row


def test_comparison_follows_the_data_it_is_computed_from(tmp_path):
    """The comparison tables a process remembers are keyed by the observations' content: the same folder edited
    in place gives the new figure, never the remembered one."""
    docs = [{"doc": "900_hn", "kind": "report", "jurisdiction": "ha-noi", "level": "province", "period": "2025-10",
             "dated": "2025-10-20", "reference": "9/BC", "sha256": "0" * 64}]
    obs = [_row(doc="900_hn", value="61.5", period="2025-10", source_date="2025-10-20", quote="đạt tỷ lệ 61,5%")]
    data = _dataset(tmp_path, docs, obs)
    first = Briefing("2025-10", "vinh-long-2025", "vi", data).comparison()
    assert "61,5%" in first
    path = data / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",61.5,", ",47.25,").replace("61,5%", "47,25%"),
                    encoding="utf-8")
    again = Briefing("2025-10", "vinh-long-2025", "vi", data).comparison()
    assert "47,25%" in again and "61,5%" not in again
