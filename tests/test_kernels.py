"""The de06 kernel: IPC transport for every client, the nbconvert template by name, and warm kernels reset between notebooks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from de06.kernels import Launched, WarmKernel, _Attached

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "de06", "display_name": "de06", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def _text(nb) -> list[str]:
    return ["".join(o.get("text", "")) + o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.outputs]


def test_a_warm_kernel_starts_each_notebook_in_a_fresh_session(tmp_path):
    first = _notebook(tmp_path / "a.ipynb", "x = 1", "import os; os.chdir('/'); leaked = x + 1; leaked")
    second = _notebook(tmp_path / "b.ipynb", "x = 2", "import os; ('leaked' in dir(), x, os.getcwd())")
    with WarmKernel(tmp_path) as k:
        a = k.execute(first, tmp_path / "a.out.ipynb", {"x": 1})
        pid = k.km.provisioner.pid
        b = k.execute(second, tmp_path / "b.out.ipynb", {"x": 3})
        assert k.km.provisioner.pid == pid  # the same kernel process
    assert _text(a)[-1] == "2"
    assert _text(b)[-1] == f"(False, 3, {str(tmp_path)!r})"  # no name, value or folder left from the first
    assert [c.execution_count for c in b.cells] == [c.execution_count for c in a.cells] == [1, 2, 3]  # + papermill's cell


def test_a_preloaded_warm_kernel_starts_its_first_notebook_in_a_fresh_session(tmp_path):
    nb = _notebook(tmp_path / "a.ipynb", "x = 1",
                   "import sys; (sorted(n for n in dir() if 'de06' in n), 'colorsys' in sys.modules)")
    with WarmKernel(tmp_path) as k:
        k.preload(("colorsys",))
        out = k.execute(nb, tmp_path / "a.out.ipynb", {"x": 2})
    assert _text(out)[-1] == "([], True)"  # the module is loaded, and no name of the preload is left
    assert [c.execution_count for c in out.cells] == [1, 2, 3]


def test_a_kernel_launched_by_one_process_is_used_by_another_as_a_warm_kernel(tmp_path):
    """A batch's parent launches the kernel and its preload; a worker attaches (here: a second client) and runs
    notebooks in it as in its own, fresh session included; closing the worker's side leaves the kernel running
    for its launcher to shut down."""
    nb = _notebook(tmp_path / "a.ipynb", "x = 1",
                   "import os, sys; (sorted(n for n in dir() if 'de06' in n), 'colorsys' in sys.modules, os.getpid())")
    launched = Launched(tmp_path, ("colorsys",))
    try:
        handoff = launched.handoff()
        k = WarmKernel.attach(tmp_path, handoff)
        out = k.execute(nb, tmp_path / "a.out.ipynb", {"x": 2})
        again = k.execute(nb, tmp_path / "b.out.ipynb", {"x": 3})
        assert k.alive()
        k.close()
        assert launched.km.is_alive()  # the launcher's to shut down
    finally:
        launched.close()
    assert _text(out)[-1] == _text(again)[-1] == f"([], True, {handoff[1]})"  # preloaded, no name left, that process
    assert [c.execution_count for c in again.cells] == [1, 2, 3]
    assert not _Attached(handoff[1]).is_alive()  # shut down by its launcher


def test_papermill_cli_takes_an_int_period_on_ipc_and_nbconvert_finds_the_template(tmp_path):
    """papermill -p period 2022 passes an int; the kernel runs on IPC sockets (no TCP warning); then
    `jupyter nbconvert --template de06` exports it with de06's template."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    r = subprocess.run([str(BIN / "papermill"), "-k", "de06", "--no-progress-bar", str(ROOT / "notebooks/briefing.ipynb"),
                        str(tmp_path / "out.ipynb"), "-p", "period", "2022", "-p", "lang", "en"],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "TCP" not in r.stderr and "without encryption" not in r.stderr
    r = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--template", "de06", "out.ipynb"],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "14.87%" in html and "Trà Vinh" in html and "<script" not in html.lower()
    assert "def " not in html and "display(" not in html  # outputs only, no code


def test_every_de06_kernel_uses_ipc_sockets():
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="de06")  # transport left at jupyter_client's default, tcp
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.stop_channels()
        info = km.get_connection_info()
        assert info["transport"] == "ipc" and os.path.exists(f"{info['ip']}-{info['shell_port']}")
        folder = os.path.dirname(info["ip"])
    finally:
        km.shutdown_kernel(now=True)
    assert not os.path.exists(folder)  # the private socket folder goes with the kernel


@pytest.mark.parametrize("name", ["kernel.json"])
def test_the_kernelspec_names_the_ipc_provisioner(name):
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("de06")
    assert spec.metadata["kernel_provisioner"]["provisioner_name"] == "de06-ipc"
