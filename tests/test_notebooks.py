"""The committed notebooks: outputs cleared, a documented parameters cell, and each one runs in the de06 kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["briefing", "compare", "explore", "progress"]


def committed(path: Path):
    """The notebook as git stores it (the index: what is committed, or about to be, after the nbstripout filter
    `make venv` configures); the file itself outside a git checkout. Outputs saved in JupyterLab stay in the
    working copy and are not what is checked."""
    import subprocess

    rel = path.relative_to(path.parent.parent).as_posix()
    r = subprocess.run(["git", "-C", str(path.parent.parent), "show", f":{rel}"], capture_output=True)
    return nbformat.reads(r.stdout.decode("utf-8"), as_version=4) if r.returncode == 0 else nbformat.read(path, 4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_a_tagged_parameters_cell(path):
    nb = committed(path)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0]
    assert nb.metadata["kernelspec"]["name"] == "de06"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_has_a_type_and_a_comment(path):
    params = papermill.inspect_notebook(str(path))
    assert params
    for name, p in params.items():
        assert p["inferred_type_name"] != "None" and p["help"], name


def test_briefing_parameters():
    assert list(papermill.inspect_notebook(str(NOTEBOOKS[0]))) == ["period", "place", "lang", "data", "fingerprint"]


CATALOG_IDS = [line.split(",")[0] for line in
               (NOTEBOOKS[0].parent.parent / "data/reference/indicators.csv").read_text(encoding="utf-8").splitlines()[1:]]
TRA_VINH_ONLY = "tra-vinh-only"  # a data folder whose observations are Trà Vinh's only: `data` is honoured


@pytest.fixture(scope="module")
def kernel():
    """One warm kernel for every run of this module (reset between notebooks, as `de06 briefings` does)."""
    from de06.kernels import WarmKernel

    with WarmKernel(NOTEBOOKS[0].parent.parent) as k:
        yield k


@pytest.fixture(scope="module")
def tra_vinh_only(tmp_path_factory):
    import shutil

    from de06.compare import PROCESSED

    folder = tmp_path_factory.mktemp("data") / "processed"
    shutil.copytree(PROCESSED, folder, ignore=shutil.ignore_patterns("manifest.json"))  # edited by hand below
    import csv

    with (folder / "observations.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, [r for r in reader if r["jurisdiction"] == "tra-vinh"]
    with (folder / "observations.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


# Each notebook with the combinations its first cell documents: defaults, another language, a place by name,
# an indicator, another data folder (and the briefing with papermill's int period).
RUNS = [
    ("briefing", {"period": 2022, "lang": "en"}, ["Trà Vinh", "14.87%"], []),
    ("compare", {}, ["Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Trà Vinh", "Vĩnh Long"], []),
    ("compare", {"indicators": "Online application rate", "place": "Trà Vinh", "lang": "en"},
     ["Online application rate", "Trà Vinh", "14.87%"], ["Vĩnh Long</td>"]),
    ("progress", {}, ["Chưa đủ dữ liệu để dự báo", "1.696.546/tháng", "≥ 90%"], []),
    ("progress", {"place": "vn", "indicator": "health_book_vneid_count", "lang": "en"},
     ["1,696,546 a month", "Not enough data to project"], ["Trà Vinh</td>", "Vĩnh Long</td>"]),
    ("explore", {}, ["55,17% (170.978/309.901)", "64.434.342.768 đồng", "367/BC-UBND"], []),
    ("explore", {"place": "Vĩnh Long", "indicator": "online_application_rate", "lang": "en"},
     ["55.17% (170,978/309,901)", "16 Oct 2025"], ["Trà Vinh</td>", "Applications received online</td>"]),
    ("explore", {"data": TRA_VINH_ONLY}, ["Trà Vinh", "14,87%"], ["55,17%"]),
]


@pytest.mark.parametrize("name, params, expect, absent", RUNS, ids=lambda x: x if isinstance(x, str) else None)
def test_notebooks_run_for_their_documented_parameters_with_readable_tables(kernel, tra_vinh_only, tmp_path, name,
                                                                            params, expect, absent):
    import re

    params = {k: str(tra_vinh_only) if v == TRA_VINH_ONLY else v for k, v in params.items()}
    nb = kernel.execute(NOTEBOOKS[[p.stem for p in NOTEBOOKS].index(name)], tmp_path / "o.ipynb", params)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = html + "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outputs)
    for e in expect:
        assert e in html, e
    tables = "".join(re.findall(r"<table.*?</table>", html, re.S))
    assert tables
    for a in absent:
        assert a not in tables, a
    assert not [i for i in CATALOG_IDS if re.search(rf"\b{i}\b", tables)]  # no raw ids in a table
    assert not re.search(r"\de[+-]\d", re.sub(r'"data:image/[^"]*"', "", text))  # no scientific notation (images aside)
    if name != "briefing":  # text left-aligned: every text cell of de06's tables says so
        assert 'style="text-align:left' in tables and "<td>" not in tables


def test_the_briefing_notebook_adds_no_heading_of_its_own():
    # every section carries its own <h2>; a markdown heading over it would be said twice in JupyterLab
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) == 1 and markdown[0].startswith("# Project 06 briefing")
    assert not any(line.startswith("##") for m in markdown for line in m.splitlines())
    code = "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert code.index("b.header()") < code.index("b.at_a_glance()") < code.index("b.headlines()")
