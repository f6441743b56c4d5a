"""de06 ingest: reports received as .docx/.pdf/.html/.txt join the dataset safely, and bad files break nothing.

The .docx and .pdf files are built here from the seed texts (python-docx; fpdf2 with
DejaVu Sans for the Vietnamese glyphs), each seed line a paragraph and each run of
tab-indented cell lines a ruled table, so what the readers give back can be compared
with the plain-text seed. Every test ingests into a temporary data folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from de06 import cli, dataset, ingest, readers
from de06.errors import De06Error
from de06.extract import extract_file, extract_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
ID = re.compile(r"^[a-z0-9-]+(?:_[a-z0-9-]+)*_[0-9a-f]{12}$")
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# A small report of our own: a header that names place and period, and two catalog figures.
REPORT = ("BÁO CÁO\nKết quả thực hiện Đề án 06 trên địa bàn tỉnh Trà Vinh tháng 10/2025\n"
          "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%.\n"
          "- Tổ chức thu nhận 75.401 hồ sơ tài khoản định danh điện tử.\n")


# ---------------------------------------------------------------- building test files


def _blocks(text: str):
    """Seed lines as ("para", line) or ("table", [cell, …]) for each run of tab-indented cell lines."""
    lines, i = text.split("\n"), 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            run = []
            while i < len(lines) and lines[i].startswith("\t"):
                run.append(lines[i][1:])
                i += 1
            yield "table", run
        else:
            yield "para", lines[i]
            i += 1


def to_docx(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, value in _blocks(text):
        if kind == "table":
            table = d.add_table(rows=len(value), cols=1)
            for row, cell in zip(table.rows, value):
                row.cells[0].text = cell
        else:
            d.add_paragraph(value)
    d.save(str(path))
    return path


def to_pdf(text: str, path: Path, align: str = "L", password: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for kind, value in _blocks(text):
        if kind == "table":
            with pdf.table(col_widths=(1,), first_row_as_headings=False, line_height=5) as table:
                for cell in value:
                    table.row().cell(cell.strip())
        elif value.strip():
            pdf.multi_cell(0, 5, value.strip(), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)  # paragraph spacing, as Word puts after a paragraph
    pdf.output(str(path))
    return path


def new_root(base: Path) -> Path:
    root = base / "data"
    (root / "manual").mkdir(parents=True)
    return root


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``folder``; the lock file ``data/`` keeps is not content."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
            if p.name != ".de06.lock"}


def key(ex) -> list[tuple]:
    return sorted((o.indicator, o.value, o.jurisdiction, o.period, o.scope, o.breakdown, o.as_of, o.flags)
                  for o in ex.observations)


def target_key(ex) -> list[tuple]:
    return sorted((t.indicator, t.comparator, t.value, t.deadline, t.jurisdiction) for t in ex.targets)


def identity(ex) -> tuple:
    d = ex.document
    return d.kind, d.jurisdiction, d.level, d.period, d.dated, d.reference


def squash(s: str) -> str:
    return " ".join(s.split())


# ---------------------------------------------------------------- .docx and .pdf from the seeds


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Each seed as .docx and as a left-aligned text-layer PDF, all ingested in one go into a fresh data folder."""
    base = tmp_path_factory.mktemp("converted")
    files = {}
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        files[seed.stem] = (to_docx(text, base / f"{seed.stem}.docx"), to_pdf(text, base / f"{seed.stem}.pdf"))
    root = new_root(base)
    results = ingest.ingest([f for pair in files.values() for f in pair], root)
    return files, root, {r.source: r for r in results}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_docx_or_pdf_of_a_seed_yields_the_seed_observations(converted, seed, fmt):
    files, _, results = converted
    source = files[seed.stem][0 if fmt == "docx" else 1]
    got, want = results[source].extraction, extract_file(seed)
    assert results[source].status == "added"
    assert key(got) == key(want)
    assert target_key(got) == target_key(want) and identity(got) == identity(want)
    # quotes are capped at 200 characters before the figure, so whitespace moves where a long one starts
    assert [squash(o.quote)[-80:] for o in sorted(got.observations, key=lambda o: o.start)] == \
        [squash(o.quote)[-80:] for o in sorted(want.observations, key=lambda o: o.start)]


def test_a_justified_pdf_reads_the_same(tmp_path):
    seed = SEEDS[0]
    pdf = to_pdf(seed.read_text(encoding="utf-8"), tmp_path / "justified.pdf", align="J")
    assert key(extract_text(readers.read_document(pdf), seed.stem)) == key(extract_file(seed))


def test_stored_originals_are_unchanged_and_the_dataset_reads_their_text(converted):
    files, root, results = converted
    raw = root / "raw" / "reports"
    documents = {r["doc"]: r for r in csv.DictReader((root / "processed" / "documents.csv").open(encoding="utf-8"))}
    rows = list(csv.DictReader((root / "processed" / "observations.csv").open(encoding="utf-8")))
    for source, r in results.items():
        assert ID.match(r.doc), r.doc
        original = raw / f"{r.doc}{source.suffix}"
        assert r.files == [original, raw / f"{r.doc}.txt"]
        assert original.read_bytes() == source.read_bytes()
        assert documents[r.doc]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
        assert r.doc.endswith(documents[r.doc]["sha256"][:12])
        assert len([x for x in rows if x["doc"] == r.doc]) == len(r.extraction.observations)
    assert sorted(p.name for p in raw.iterdir()) == sorted(p.name for r in results.values() for p in r.files)


def test_ids_are_readable_place_and_period_slugs(converted):
    _, _, results = converted
    for r in results.values():
        d = r.extraction.document
        place = ingest._slug(d.jurisdiction)
        assert r.doc.startswith(place + "_") and ingest._slug(d.period.replace("..", "-to-")) in r.doc
    # a commune id "province/commune" keeps both names, with no slash
    assert any(r.doc.count("_") == 2 and "/" not in r.doc and r.extraction.document.level == "commune"
               for r in results.values())


def test_the_docx_and_pdf_of_one_seed_warn_that_two_reports_cover_a_period(converted):
    files, _, results = converted
    for docx_path, pdf_path in files.values():
        a, b = results[docx_path], results[pdf_path]
        if a.extraction.document.period:
            assert b.doc in [d for d, _ in a.same_period] and a.doc in [d for d, _ in b.same_period]
            assert "reports now cover" in ingest.review(a, lang="en") and "báo cáo cho" in ingest.review(a)


def test_the_review_lists_place_period_figures_targets_and_findings(converted):
    _, _, results = converted
    from de06 import formats
    from de06.indicators import catalog
    from de06.sections import place_name

    cat = catalog()
    for r in results.values():
        text = ingest.review(r, lang="en")
        d = r.extraction.document
        assert f"place {place_name(d.jurisdiction, 'en')} ({d.level}; {d.jurisdiction})" in text
        assert f"period {formats.period(d.period, 'en') if d.period else '?'}" in text
        assert f"observations: {len(r.extraction.observations)}" in text and f"targets: {len(r.extraction.targets)}" in text
        assert f"audit findings: {len(r.findings)}" in text and "corrections.csv" in text
        for o in r.extraction.observations:
            assert f"{cat[o.indicator].name_en} [{o.indicator}]" in text
            assert formats.value(o.value, cat[o.indicator].unit, "en") in text
    assert any(r.findings for r in results.values())


def test_the_review_is_vietnamese_by_default_with_names_and_formatted_numbers(converted):
    """The seed 000 says "Kinh phí … 64.434.342.768 đồng": the review writes it so, not 64434342768."""
    _, _, results = converted
    texts = [ingest.review(r) for r in results.values()]
    vinh_long = [t for t in texts if "địa bàn Vĩnh Long (tỉnh; vinh-long-2025) · kỳ tháng 10/2025" in t]
    assert vinh_long, texts[0][:400]
    t = vinh_long[0]
    assert "64.434.342.768 đồng" in t and "64434342768" not in t
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến [online_application_rate]" in t and "55,17% (170.978/309.901)" in t
    assert "số liệu: " in t and "Hãy đối chiếu với văn bản" in t


# ---------------------------------------------------------------- duplicates and same period


def test_the_same_file_twice_is_a_no_op(tmp_path, capsys):
    root = new_root(tmp_path)
    report = tmp_path / "bao_cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert cli.main(["ingest", str(report), "--root", str(root)]) == 0
    before = snapshot(root)
    capsys.readouterr()
    copy = tmp_path / "ban_sao.txt"
    copy.write_bytes(report.read_bytes())
    assert cli.main(["ingest", str(report), str(copy), "--root", str(root), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("already stored as") == 2 and "nothing to do" in out
    assert cli.main(["ingest", str(report), "--root", str(root)]) == 0
    assert "đã lưu trước đây là" in capsys.readouterr().out  # the review is Vietnamese unless asked
    assert snapshot(root) == before


def test_the_same_file_twice_in_one_command_is_stored_once(tmp_path):
    root = new_root(tmp_path)
    report = tmp_path / "bao_cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    first, second = ingest.ingest([report, report], root)
    assert (first.status, second.status) == ("added", "duplicate") and second.doc == first.doc
    assert len(list((root / "raw" / "reports").iterdir())) == 1


def test_a_different_file_for_the_same_place_and_period_is_kept_with_a_warning(tmp_path, capsys):
    root = new_root(tmp_path)
    txt = tmp_path / "bao_cao.txt"
    txt.write_text(REPORT, encoding="utf-8")
    docx = to_docx(REPORT + "Ghi chú: bản gửi qua thư điện tử.\n", tmp_path / "bao_cao.docx")
    assert cli.main(["ingest", str(txt), "--root", str(root)]) == 0
    capsys.readouterr()
    assert cli.main(["ingest", str(docx), "--root", str(root), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    docs = list(csv.DictReader((root / "processed" / "documents.csv").open(encoding="utf-8")))
    assert len(docs) == 2 and {(d["jurisdiction"], d["period"]) for d in docs} == {("tra-vinh", "2025-10")}
    from de06.sections import place_name

    assert f"2 reports now cover {place_name('tra-vinh', 'en')} October 2025" in out  # "former Trà Vinh": merged
    assert err.count("\n") == 1 and "warning" in err and all(d["doc"] in err for d in docs)


# ---------------------------------------------------------------- encodings and HTML through ingest


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8-sig"),
    lambda s: s.encode("utf-16"),
    lambda s: s.replace("\n", "\r\n").encode("utf-16-le"),
], ids=["utf8-bom", "utf16", "utf16le-crlf"])
def test_text_reports_in_other_encodings_are_stored_as_received(tmp_path, encode):
    root = new_root(tmp_path)
    report = tmp_path / "bao_cao.txt"
    report.write_bytes(encode(REPORT))
    [r] = ingest.ingest([report], root)
    assert r.files == [root / "raw" / "reports" / f"{r.doc}.txt"] and r.files[0].read_bytes() == report.read_bytes()
    assert key(r.extraction) == key(extract_text(REPORT, r.doc))


def test_a_tcvn3_docx_is_converted(tmp_path):
    from de06 import legacy

    inverse = {v: chr(k) for k, v in legacy._TCVN3.items()}
    tcvn3 = "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in REPORT)
    assert "Ph¸t" in "".join(inverse.get(c, c) for c in "Phát") and tcvn3 != REPORT
    root = new_root(tmp_path)
    [r] = ingest.ingest([to_docx(tcvn3, tmp_path / "font_cu.docx")], root)
    assert "Trà Vinh" in (root / "raw" / "reports" / f"{r.doc}.txt").read_text(encoding="utf-8")
    assert key(r.extraction) == key(extract_text(REPORT, r.doc))


def test_html_markup_scripts_links_and_paths_are_data(tmp_path):
    root = new_root(tmp_path)
    page = tmp_path / "tin_bai.html"
    body = REPORT.replace("\n", "</p>\n<p>")
    page.write_text(
        "<html><head><title>Báo cáo</title><script>alert(1)</script><style>p{}</style></head><body>"
        f"<p>{body}</p><p><a href='javascript:alert(2)'>xem</a> <img src='http://example.org/x.png' "
        "onerror='alert(3)'> {{{{ 7*7 }}}} ![ảnh](http://example.org/y.png) ../../../etc/passwd</p>"
        "<table><tr><td>STT</td><td>Chỉ tiêu</td></tr></table></body></html>", encoding="utf-8")
    [r] = ingest.ingest([page], root)
    text = (root / "raw" / "reports" / f"{r.doc}.txt").read_text(encoding="utf-8")
    assert "alert(1)" not in text and "p{}" not in text
    assert "{{ 7*7 }}" in text and "![ảnh](http://example.org/y.png) ../../../etc/passwd" in text
    assert "\n\tSTT\n\tChỉ tiêu" in text
    assert key(r.extraction) == key(extract_text(REPORT, r.doc))
    assert sorted(p.name for p in (root / "raw" / "reports").iterdir()) == [f"{r.doc}.html", f"{r.doc}.txt"]
    assert not (tmp_path / "etc").exists()


def test_a_script_in_report_text_stays_text_next_to_its_figure(tmp_path):
    root = new_root(tmp_path)
    report = tmp_path / "bao_cao.txt"
    report.write_text(REPORT.replace("Trong tháng", "<script>alert(1)</script> Trong tháng"), encoding="utf-8")
    [r] = ingest.ingest([report], root)
    [rate] = [o for o in r.extraction.observations if o.value == 55.17]
    assert "<script>alert(1)</script>" in r.extraction.text


def test_paths_in_the_content_never_become_paths(tmp_path):
    root = new_root(tmp_path)
    evil = tmp_path / "x.txt"
    evil.write_text("BÁO CÁO\nKết quả tại ../../../../tmp/pwned và /etc/passwd, xã ../../x tháng 10/2025\n"
                    "Trong tháng, đã tiếp nhận 170.978 hồ sơ trực tuyến, đạt tỷ lệ 55,17%.\n", encoding="utf-8")
    [r] = ingest.ingest([evil], root)
    assert ID.match(r.doc) and all(p.parent == root / "raw" / "reports" for p in r.files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "x.txt"]


def test_importing_extract_loads_no_document_library():
    code = ("import sys, de06.extract, de06.readers, de06.ingest; "
            "print(sorted(m for m in ('docx','pdfplumber','pdfminer','fpdf','pandas','matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- damaged files: exit 2, one line, nothing written


def _docx_bytes(text: str = REPORT) -> bytes:
    buf = io.BytesIO()
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.save(buf)
    return buf.getvalue()


def _with_parts(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        for name, data in parts.items():
            out.writestr(name, data)
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 32), "white").save(buf, format="PNG")
    return buf.getvalue()


def _scanned_pdf(path: Path) -> None:
    from fpdf import FPDF

    image = path.with_suffix(".png")
    image.write_bytes(_png())
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(path))
    image.unlink()


def _make_damaged(case: str, folder: Path) -> tuple[Path, str]:
    """A damaged input file and a word its one-line message must contain."""
    if case == "truncated-docx":
        data = _docx_bytes()
        path = folder / "bao_cao_cut.docx"
        path.write_bytes(data[: len(data) // 2])
        return path, "damaged .docx"
    if case == "docx-part-cut":
        data = bytearray(_docx_bytes())
        start = data.index(b"word/document.xml") + len("word/document.xml")
        data[start:start + 400] = b"\x00" * 400  # local data of the main part overwritten
        path = folder / "bao_cao_hong.docx"
        path.write_bytes(bytes(data))
        return path, "damaged .docx"
    if case == "password-pdf":
        return to_pdf(REPORT, folder / "bao_cao_mat_khau.pdf", password="bi-mat"), "password-protected"
    if case == "password-docx":
        path = folder / "bao_cao_mat_khau.docx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))  # what Word writes for an encrypted file
        return path, "password-protected"
    if case == "over-50mb":
        path = folder / "bao_cao_lon.pdf"
        with path.open("wb") as f:
            f.write(b"%PDF-1.4\n")
            f.truncate(50 * 1024 * 1024 + 1)
        return path, "over 50 MB"
    if case == "image-as-pdf":
        path = folder / "anh_chup.pdf"
        path.write_bytes(_png())
        return path, "PNG image"
    if case == "scanned-pdf":
        path = folder / "ban_scan.pdf"
        _scanned_pdf(path)
        return path, "OCR"
    if case == "zip-bomb-ratio":
        path = folder / "bom.docx"
        path.write_bytes(_with_parts({"word/media/image1.png": bytes(20 * 1024 * 1024)}))
        return path, "zip bomb"
    if case == "zip-bomb-total":
        path = folder / "bom_nhieu_phan.docx"
        path.write_bytes(_with_parts({f"word/media/p{i}.bin": bytes(1024 * 1024) for i in range(210)}))
        return path, "zip bomb"
    if case == "unsupported":
        path = folder / "bao_cao.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
        return path, ".doc"
    if case == "docx-not-word":
        path = folder / "bang_tinh.docx"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        path.write_bytes(buf.getvalue())
        return path, "not a Word document"
    if case == "pdf-garbage":
        path = folder / "hong.pdf"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
        return path, "PDF"
    raise AssertionError(case)


DAMAGED = ["truncated-docx", "docx-part-cut", "password-pdf", "password-docx", "over-50mb", "image-as-pdf",
           "scanned-pdf", "zip-bomb-ratio", "zip-bomb-total", "unsupported", "docx-not-word", "pdf-garbage"]


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_file_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, case):
    root = new_root(tmp_path)
    good = tmp_path / "bao_cao.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad, word = _make_damaged(case, tmp_path)
    before = snapshot(tmp_path)
    assert cli.main(["ingest", str(good), str(bad), "--root", str(root)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and word in lines[0] and out == ""
    assert snapshot(tmp_path) == before  # the good file was not stored either: all or nothing


def test_the_installed_command_exits_2_on_a_zip_bomb(tmp_path):
    root = new_root(tmp_path)
    bad, _ = _make_damaged("zip-bomb-ratio", tmp_path)
    before = snapshot(tmp_path)
    r = subprocess.run([sys.executable, "-m", "de06.cli", "ingest", str(bad), "--root", str(root)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and str(bad) in r.stderr and "Traceback" not in r.stderr
    assert snapshot(tmp_path) == before


def test_a_failed_rebuild_removes_the_new_files(tmp_path, capsys):
    root = new_root(tmp_path)
    (root / "manual" / "corrections.csv").write_text(
        "doc,indicator,breakdown,value,action,field,new_value,reason\nno-such-doc,budget_vnd,,1,drop,,,a row that matches nothing\n",
        encoding="utf-8")
    report = tmp_path / "bao_cao.docx"
    to_docx(REPORT, report)
    before = snapshot(tmp_path)
    assert cli.main(["ingest", str(report), "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing ingested" in err and "matches 0 observations" in err
    assert snapshot(tmp_path) == before


def test_a_crash_during_the_rebuild_removes_the_new_files(tmp_path, monkeypatch):
    root = new_root(tmp_path)
    (root / "raw" / "reports").mkdir(parents=True)
    report = tmp_path / "bao_cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    before = snapshot(tmp_path)

    def crash(*args, **kwargs):
        raise MemoryError("simulated")

    monkeypatch.setattr(dataset, "build", crash)
    with pytest.raises(MemoryError):
        ingest.ingest([report], root)
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- fuzz: only De06Error escapes, data unchanged on failure

_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
VIETNAMESE = st.text(alphabet=_VI + _VI.upper() + "0123456789 .,;:%()-/+\n\t“”…¹²" + "¸µ¶·¹¨©ª«¬®ÖÓ", max_size=600)


def _try_ingest(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        root = new_root(Path(d))
        path = Path(d) / f"in{suffix}"
        path.write_bytes(data)
        before = snapshot(root)
        try:
            results = ingest.ingest([path], root)
        except De06Error as exc:
            assert str(path) in str(exc) or "nothing ingested" in str(exc)
            assert snapshot(root) == before
            return
        assert all(ID.match(r.doc) for r in results)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".docx", ".pdf", ".html"]),
       magic=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_fuzz_random_bytes(data, suffix, magic):
    _try_ingest(magic + data, suffix)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**6), flips=st.lists(st.integers(0, 10**6), max_size=8),
       fmt=st.sampled_from(["docx", "pdf"]))
def test_fuzz_damaged_documents(cut, flips, fmt):
    data = bytearray(_FUZZ_BASE[fmt])
    for f in flips:
        data[f % len(data)] ^= 0x5A
    _try_ingest(bytes(data[: max(1, cut % (len(data) + 1))]), f".{fmt}")


@FUZZ
@given(text=VIETNAMESE, fmt=st.sampled_from(["txt", "html", "docx"]))
def test_fuzz_vietnamese_looking_text(text, fmt):
    try:
        extract_text(text, "fuzz")
    except De06Error:
        pass
    if fmt == "txt":
        data = text.encode("utf-8")
    elif fmt == "html":
        data = ("<p>" + text.replace("\n", "</p><p>") + "</p>").encode("utf-8")
    else:
        data = _docx_bytes(re.sub(r"[\x00-\x08\x0b-\x1f]", "", text))
    _try_ingest(data, f".{fmt}")


def _fuzz_base() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as d:
        pdf = to_pdf(REPORT, Path(d) / "r.pdf").read_bytes()
    return {"docx": _docx_bytes(), "pdf": pdf}


_FUZZ_BASE = _fuzz_base()


# ---------------------------------------------------------------- reader shapes


def test_a_docx_table_reads_as_cell_lines_in_document_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("\tKết quả thanh toán không dùng tiền mặt:")  # a leading tab is indentation
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["STT", "Cấp học", "Tỉ lệ"], ["1", "Mầm non", "95,5%"], ["", "Tiểu học", "97,1%"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # STT "1" spans two rows
    d.add_paragraph("Hết bảng.")
    path = tmp_path / "bang.docx"
    d.save(str(path))
    assert readers.read_document(path) == ("Kết quả thanh toán không dùng tiền mặt:\n\tSTT\n\tCấp học\n\tTỉ lệ\n"
                                           "\t1\n\tMầm non\n\t95,5%\n\t\n\tTiểu học\n\t97,1%\nHết bảng.\n")


def test_a_pdf_table_reads_as_cell_lines(tmp_path):
    text = "Bảng kết quả:\n\tSTT\n\tCấp học\n\tTỉ lệ\n\t1\n\tMầm non\n\t95,5%\nHết bảng.\n"
    assert readers.read_document(to_pdf(text, tmp_path / "bang.pdf")) == text


def test_unsupported_and_missing_files_name_themselves(tmp_path):
    with pytest.raises(De06Error, match="reads .txt, .docx, .pdf and .html") as info:
        readers.read_document(tmp_path / "bang_tinh.xlsx")
    assert "bang_tinh.xlsx" in str(info.value)
    with pytest.raises(De06Error, match="no such file"):
        ingest.prepare(tmp_path / "khong_co.docx")
