"""The ``de06`` Jupyter kernel: installed with an IPC provisioner, kept warm for batches of briefings.

- :class:`IPCProvisioner` starts every ``de06`` kernel — papermill's, nbconvert's, JupyterLab's, de06's own —
  on IPC sockets in a private temporary folder instead of TCP ports: no port is opened, and ipykernel has no
  "Kernel is running over TCP without encryption" to warn about. ``install()`` writes the kernelspec naming it
  (``python -m de06.kernels install``, run by ``make venv``) and links de06's nbconvert template where
  ``jupyter nbconvert --template de06`` finds it.
- :class:`WarmKernel` is one kernel that executes many notebooks with papermill, one after another. Before each
  notebook but the first it resets the kernel to a fresh session — user namespace emptied, execution count back
  to 1, figures closed, working folder restored — so an executed notebook is the same as one from a new kernel.
  Imported modules stay loaded (and are frozen out of the garbage collector's scans): that is the start-up a batch
  saves.
- :class:`Launched` is a kernel one process starts and another uses: a batch's parent launches its workers'
  kernels (and has them import what a briefing needs) before the workers exist, so each kernel's start-up runs
  beside its worker's; a worker attaches to one with :meth:`WarmKernel.attach`. The parent shuts them down.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["IPCProvisioner", "WarmKernel", "Launched", "install", "KERNEL", "PROVISIONER"]

KERNEL = "de06"
PROVISIONER = "de06-ipc"
TEMPLATES = Path(__file__).resolve().parent / "templates"


class IPCProvisioner(LocalProvisioner):
    """The local provisioner, with the kernel's sockets on IPC in a private folder (removed at shutdown)."""

    _sockets: str | None = None

    async def pre_launch(self, **kwargs):
        km = self.parent
        if km is not None and km.transport != "ipc":
            self._sockets = tempfile.mkdtemp(prefix=f"de06-kernel-{os.getpid()}-")  # pid: a killed run's folder is cleaned by the next
            km.cache_ports = False  # the port cache binds TCP sockets
            km.transport = "ipc"
            km.ip = os.path.join(self._sockets, "k")
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self._sockets:
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None


def install(prefix: str | None = None) -> list[Path]:
    """Install the ``de06`` kernelspec (with :class:`IPCProvisioner`) and the ``de06`` nbconvert template under ``prefix``.

    The template is a symbolic link to ``de06/templates/de06``, so an edit to it is seen at once.
    """
    from ipykernel.kernelspec import install as install_kernel

    prefix = prefix or sys.prefix
    spec = Path(install_kernel(kernel_name=KERNEL, display_name="de06", prefix=prefix))
    kernel_json = spec / "kernel.json"
    data = json.loads(kernel_json.read_text(encoding="utf-8"))
    data.setdefault("metadata", {})["kernel_provisioner"] = {"provisioner_name": PROVISIONER, "config": {}}
    kernel_json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    link = Path(prefix) / "share" / "jupyter" / "nbconvert" / "templates" / "de06"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(TEMPLATES / "de06", target_is_directory=True)
    return [spec, link]


# ---------------------------------------------------------------- warm kernels

_RESET = """\
import os as _de06_os, sys as _de06_sys
if "matplotlib.pyplot" in _de06_sys.modules:
    _de06_sys.modules["matplotlib.pyplot"].close("all")
_de06_os.chdir({cwd!r})
get_ipython().reset(new_session=True)
import gc
gc.freeze()
del gc
"""
# reset() ends with a full garbage collection; gc.freeze() then moves what survives it (modules, caches) out of the
# collector's sight, so later collections — during a render and at the next reset — scan only what is new
# (about 8% less kernel time per briefing, measured here).

_PRELOAD = """\
import gc as _de06_gc, importlib as _de06_importlib
for _de06_m in {modules!r}:
    _de06_importlib.import_module(_de06_m)
del _de06_m, _de06_importlib
_de06_gc.collect()
_de06_gc.freeze()
del _de06_gc
"""
# A warm kernel's modules, imported while its worker waits for work (preload): the first notebook finds them loaded.


def _engine():
    """papermill's nbclient engine, executing with a kernel client it is given instead of starting its own."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man, kc=None, **kw):
            super().__init__(nb_man, **kw)
            self.kc = kc  # nbclient leaves a client it did not create open, and a kernel it did not start running

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            from papermill.engines import logger

            return Client(nb_man, km=kwargs["km"], kc=kwargs["kc"], timeout=execution_timeout,
                          startup_timeout=start_timeout, kernel_name=kernel_name, log=logger, log_output=log_output,
                          stdout_file=stdout_file, stderr_file=stderr_file).execute()

    papermill_engines.register("de06-warm", Engine)
    return "de06-warm"


class WarmKernel:
    """One ``de06`` kernel, started in ``cwd``, that executes notebooks one after another in a fresh session each."""

    def __init__(self, cwd: Path | str, launched: tuple[dict, int] | None = None):
        self.cwd = str(cwd)
        self._sockets = None
        self.kc = None
        self.runs = 0
        try:
            if launched is None:
                from jupyter_client.manager import KernelManager

                self._sockets = tempfile.TemporaryDirectory(prefix=f"de06-kernel-{os.getpid()}-")
                self.km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._sockets.name, "k"))
                self.km.start_kernel(cwd=self.cwd)
                self.kc = self.km.client()
            else:
                from jupyter_client.blocking import BlockingKernelClient

                self.kc = BlockingKernelClient()
                self.kc.load_connection_info(launched[0])
                self.km = _Attached(launched[1])
            self.kc.allow_stdin = False
            self.kc.start_channels()
            self.kc.wait_for_ready(timeout=60)
        except BaseException:
            self.close()
            raise

    @classmethod
    def attach(cls, cwd: Path | str, launched: tuple[dict, int]) -> WarmKernel:
        """The kernel another process launched (:meth:`Launched.handoff`), used as if this one had started it:
        the same resets and executions; closing it leaves the kernel to the process that launched it."""
        return cls(cwd, launched)

    def _run_quietly(self, code: str) -> None:
        """Execute ``code`` without output, history or execution count; raise if it fails."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = self.kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        while True:  # let its busy/idle messages pass before the notebook's own
            msg = self.kc.get_iopub_msg(timeout=60)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def preload(self, modules: tuple[str, ...]) -> None:
        """Import ``modules`` in the kernel now, ahead of the first notebook, and freeze them out of the garbage
        collector's scans as a reset does; the user namespace stays empty, the execution count at 1."""
        self._run_quietly(_PRELOAD.format(modules=tuple(modules)))

    def reset(self) -> None:
        """A fresh session: empty namespace, execution count 1, no open figure, the working folder of the start."""
        self._run_quietly(_RESET.format(cwd=self.cwd))

    def execute(self, notebook: str | Path, output: str | Path, parameters: dict) -> object:
        """Execute ``notebook`` with papermill ``parameters``; papermill writes ``output`` only on failure or at the end."""
        import papermill

        if self.runs:
            self.reset()
        self.runs += 1
        return papermill.execute_notebook(str(notebook), str(output), parameters=parameters, engine_name=_engine(),
                                          kernel_name=KERNEL, km=self.km, kc=self.kc, progress_bar=False,
                                          log_output=False, request_save_on_cell_execute=False)

    def alive(self) -> bool:
        return self.km.has_kernel and self.km.is_alive()

    def close(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        km = getattr(self, "km", None)
        if km is not None and not isinstance(km, _Attached) and km.has_kernel:
            km.shutdown_kernel(now=True)
        if self._sockets is not None:
            self._sockets.cleanup()

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m de06.kernels", description="Install the de06 Jupyter kernel.")
    parser.add_argument("command", choices=("install",), help="install the kernelspec and the nbconvert template")
    parser.add_argument("--prefix", default=sys.prefix, help="environment to install into (default: this one)")
    args = parser.parse_args(argv)
    for p in install(args.prefix):
        print(f"installed {p}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())


class _Attached:
    """What nbclient and :class:`WarmKernel` ask of a kernel manager, for a kernel another process launched."""

    has_kernel = True

    def __init__(self, pid: int):
        self.pid = pid

    def is_alive(self) -> bool:
        """Whether the process runs: a dead kernel stays a zombie until the process that launched it reaps it."""
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as f:
                return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        except FileNotFoundError:
            return False
        except OSError:  # no /proc (macOS): the process exists, at least
            try:
                os.kill(self.pid, 0)
            except OSError:
                return False
            return True

    def interrupt_kernel(self) -> None:
        import signal

        os.kill(self.pid, signal.SIGINT)


class Launched:
    """A ``de06`` kernel process started now, in ``cwd``, for another process to use (:meth:`WarmKernel.attach`).

    Starting returns at once, without waiting for the kernel to be ready; ``preload`` modules are imported as soon
    as it is (the request waits in the kernel's queue, ahead of any other). :meth:`close` shuts it down.
    """

    def __init__(self, cwd: Path | str, preload: tuple[str, ...] = ()):
        from jupyter_client.manager import KernelManager

        self._sockets = tempfile.TemporaryDirectory(prefix=f"de06-kernel-{os.getpid()}-")
        self.km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._sockets.name, "k"))
        self.kc = None
        try:
            self.km.start_kernel(cwd=str(cwd))
            if preload:
                self.kc = self.km.client()
                self.kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
                self.kc.execute(_PRELOAD.format(modules=tuple(preload)), silent=True, store_history=False,
                                allow_stdin=False)
        except BaseException:
            self.close()
            raise

    def handoff(self) -> tuple[dict, int]:
        """What :meth:`WarmKernel.attach` needs, picklable: the connection (sockets and key) and the process id."""
        return self.km.get_connection_info(session=False), self.km.provisioner.pid

    def close(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self._sockets.cleanup()
