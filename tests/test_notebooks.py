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


@pytest.mark.parametrize("name, params, expect", [
    ("compare", {"indicators": "online_application_rate", "lang": "en"}, "Online application rate"),
    ("progress", {"lang": "vi"}, "Chưa đủ dữ liệu để dự báo"),
    ("explore", {}, "online_application_rate"),
])
def test_exploration_notebooks_run(tmp_path, name, params, expect):
    nb = papermill.execute_notebook(str(NOTEBOOKS[[p.stem for p in NOTEBOOKS].index(name)]), str(tmp_path / "o.ipynb"),
                                    parameters=params, kernel_name="de06", progress_bar=False)
    text = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert expect in text
