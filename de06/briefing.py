"""Render briefings: run ``notebooks/briefing.ipynb`` with papermill, export it with nbconvert, write it atomically.

One render is one place, one period, one language, written to
``outputs/briefings/<period>/<place>.<lang>.html`` (a commune's ``/`` becomes
``--``), with the executed notebook under ``outputs/notebooks/`` for debugging
and ``outputs/index.html`` listing every briefing. Execute and export happen in
one process (papermill's in-process API, kernel ``de06``; nbconvert's
template exporter with de06's own template: no code, no prompts, no scripts,
images embedded, nothing from the network).

Reproducible: papermill's timings, paths and random cell ids are dropped before
export, matplotlib's PNGs carry no date, and nothing prints the wall clock, so
two renders of the same inputs are byte-identical. The ``de06-inputs`` meta tag
hashes every input (data, reference tables, notebook, template, package source,
parameters): a briefing whose inputs did not change is not rendered again.

Files are written through fsynced temporary files named with the writer's pid
(``.<name>.<pid>.…``), and the kernel's sockets live in ``de06-kernel-<pid>-…``:
the next run removes those whose process is gone (a render that was killed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from de06 import __version__
from de06.errors import De06Error
from de06.sections import check_period, places_for, reports_by_period

__all__ = ["Job", "plan", "plan_all", "render", "render_many", "close_kernel", "clean_leftovers", "write_index", "fingerprint",
           "output_path", "ROOT", "OUTPUTS"]

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
NOTEBOOK = ROOT / "notebooks" / "briefing.ipynb"
TEMPLATES = PACKAGE / "templates"
OUTPUTS = ROOT / "outputs"
KERNEL = "de06"
LANGS = ("vi", "en")


class BriefingError(De06Error):
    """A briefing that could not be rendered: bad parameters, no data for them, or a failing notebook cell."""


@dataclass(frozen=True)
class Job:
    """One briefing to render."""

    period: str
    place: str
    lang: str
    data: Path | None = None  # processed tables; None = data/processed

    @property
    def stem(self) -> str:
        return f"{self.place.replace('/', '--')}.{self.lang}"


def _data_dir(data: Path | None) -> Path:
    from de06.compare import PROCESSED

    return Path(data) if data else PROCESSED


def plan(period: str, place: str = "", lang: str = "all", data: Path | None = None) -> list[Job]:
    """The briefings asked for, checked before any kernel starts: the period's format, that it has reports, the place.

    ``place=""`` means every place with a report for the period; ``lang="all"`` both languages.
    """
    period = check_period(period)
    langs = LANGS if lang == "all" else (lang,)
    if any(x not in LANGS for x in langs):
        raise BriefingError(f"lang {lang!r} is not one of vi, en, all")
    return [Job(period, p, x, Path(data) if data else None) for p in places_for(period, place, _data_dir(data))
            for x in langs]


def plan_all(data: Path | None = None) -> list[Job]:
    """Every period × place × language with a report (months and years)."""
    available = reports_by_period(_data_dir(data))
    return [Job(per, p, x, Path(data) if data else None) for per, ps in available.items() for p in ps for x in LANGS]


def output_path(job: Job, outputs: Path = OUTPUTS) -> Path:
    return outputs / "briefings" / job.period / f"{job.stem}.html"


def _hash_files(h, paths) -> None:
    for p in sorted(paths):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")


def fingerprint(data: Path | None = None) -> str:
    """Hash of the processed and reference tables and the package version: what a briefing's figures come from."""
    from de06.indicators import REFERENCE

    h = hashlib.sha256(__version__.encode())
    _hash_files(h, list(_data_dir(data).glob("*.csv")) + list(REFERENCE.glob("*.csv")))
    return h.hexdigest()[:16]


def _inputs_key(job: Job, fp: str) -> str:
    """Hash of everything a render reads: data fingerprint, notebook, template, package source, parameters."""
    h = hashlib.sha256(fp.encode())
    _hash_files(h, [NOTEBOOK, *TEMPLATES.rglob("*.*"), *PACKAGE.glob("*.py")])
    h.update(repr((job.period, job.place, job.lang)).encode())
    return h.hexdigest()


def _current_key(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return None
    import re

    tag = re.search(r'<meta[^>]*name="de06-inputs"[^>]*>', head)  # nbconvert may reorder the attributes
    m = re.search(r'content="([0-9a-f]+)"', tag.group(0)) if tag else None
    return m.group(1) if m else None


def _atomic_write(path: Path, data: bytes) -> None:
    """A briefing, an executed notebook or the index, written as :func:`de06.storage.write_atomic` writes: through a
    fsynced temporary file beside ``path`` and a rename (0644: a briefing is meant to be read and shared)."""
    from de06.storage import write_atomic

    write_atomic(path, data)


_LEFTOVER = re.compile(r"^(?:\..+\.(\d+)\.[^.]+\.(?:tmp|ipynb)|de06-kernel-(\d+)-.+)$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_leftovers(outputs: Path = OUTPUTS) -> int:
    """Remove the temporary files and kernel folders of renders whose process is gone; returns how many.

    >>> bool(_LEFTOVER.match(".vinh-long.vi.ipynb.4242.abc123.ipynb")), bool(_LEFTOVER.match("de06-kernel-4242-x1"))
    (True, True)
    """
    import shutil

    places = [p for p in (outputs / "notebooks", outputs / "briefings") if p.is_dir()]
    found = [f for d in places for f in d.rglob(".*") if f.is_file()]
    found += [f for f in outputs.glob(".*.tmp") if f.is_file()] if outputs.is_dir() else []
    found += list(Path(tempfile.gettempdir()).glob("de06-kernel-*"))
    n = 0
    for f in found:
        m = _LEFTOVER.match(f.name)
        if not m or _alive(int(m.group(1) or m.group(2))):
            continue
        try:
            if f.is_dir():
                shutil.rmtree(f)
            else:
                f.unlink()
            n += 1
        except OSError:
            pass
    return n


def _clean(nb) -> None:
    """Drop what changes from run to run: papermill timings and paths, execution times, random cell ids."""
    pm = nb.metadata.get("papermill", {})
    for k in ("start_time", "end_time", "duration", "input_path", "output_path", "exception", "environment_variables"):
        pm.pop(k, None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def _skip_slow_format_checker() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``, which builds a grammar at import time (0.7 s measured here).

    nbformat validates notebooks with jsonschema, whose optional checker for the ``iri`` formats imports it when
    installed (jupyterlab installs it); the notebook schema uses no such format. Marking the module absent makes
    jsonschema skip that one checker — in this process only, and only if nothing has imported it yet.
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _title(job: Job) -> str:
    from de06 import formats
    from de06.sections import place_name

    return f"{formats.t('title', job.lang)} — {place_name(job.place, job.lang)} — {formats.period(job.period, job.lang)}"


def _exporter():
    """One nbconvert exporter per process with de06's template (its Jinja environment is built once).

    The template shows the outputs' HTML and nothing else, so the exporter runs no preprocessor (nbconvert
    validates the notebook again after each one) and is nbconvert's plain template exporter: HTMLExporter's
    extra pass re-parses the whole page with BeautifulSoup to mark up JupyterLab's cells, which this page has not.
    ``jupyter nbconvert --to html --template de06`` still works and shows the same page.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert.exporters import TemplateExporter

        _EXPORTER = TemplateExporter(template_name="de06", extra_template_basedirs=[str(TEMPLATES)],
                                     file_extension=".html", default_preprocessors=[])
    return _EXPORTER


_EXPORTER = None
_KERNEL = None  # this process's warm kernel (a worker of render_many keeps one for all its briefings)


def _kernel():
    """This process's warm kernel, started on first use and again if it died."""
    global _KERNEL
    from jupyter_client.kernelspec import NoSuchKernel

    from de06.kernels import WarmKernel

    if _KERNEL is not None and not _KERNEL.alive():
        _KERNEL.close()
        _KERNEL = None
    if _KERNEL is None:
        try:
            _KERNEL = WarmKernel(ROOT)
        except NoSuchKernel:
            raise BriefingError(f"no Jupyter kernel named {KERNEL!r}; run `make venv` to register it") from None
    return _KERNEL


def close_kernel() -> None:
    """Shut this process's warm kernel down (render_many does it at the end; a worker at its exit)."""
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.close()
        _KERNEL = None


def render(job: Job, outputs: Path = OUTPUTS, force: bool = False, warm: bool = False) -> tuple[Path, bool]:
    """Render one briefing; returns (HTML path, whether it was written). Unchanged inputs → nothing is written.

    ``warm=False`` starts a kernel for this briefing and shuts it down after; ``warm=True`` uses (and keeps) this
    process's warm kernel, reset to a fresh session first — the executed notebook and the HTML are the same bytes.
    A failing cell raises :class:`BriefingError` naming the notebook, the cell and the error; the executed
    notebook is kept under ``outputs/notebooks/`` and the previous HTML stays in place.
    """
    out = output_path(job, outputs)
    fp = fingerprint(job.data)
    key = _inputs_key(job, fp)
    if not force and out.exists() and _current_key(out) == key:
        return out, False

    _skip_slow_format_checker()
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    executed = outputs / "notebooks" / job.period / f"{job.stem}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{executed.name}.{os.getpid()}.", suffix=".ipynb", dir=executed.parent)
    os.close(fd)
    params = {"period": job.period, "place": job.place, "lang": job.lang,
              "data": str(job.data) if job.data else "", "fingerprint": fp}
    kernel = _kernel() if warm else None
    try:
        if kernel is None:
            from jupyter_client.kernelspec import NoSuchKernel

            from de06.kernels import WarmKernel

            try:
                kernel = WarmKernel(ROOT)
            except NoSuchKernel:
                raise BriefingError(f"no Jupyter kernel named {KERNEL!r}; run `make venv` to register it") from None
        try:
            nb = kernel.execute(NOTEBOOK, tmp, params)
        except PapermillExecutionError as exc:
            failed = nbformat.read(tmp, as_version=4)
            _clean(failed)
            _atomic_write(executed, nbformat.writes(failed).encode("utf-8"))
            evalue = " ".join(str(exc.evalue).split())
            raise BriefingError(f"{NOTEBOOK.name}: cell {exc.exec_count} failed: {exc.ename}: {evalue} "
                                f"(executed notebook kept at {executed}; previous HTML left in place)") from None
        except (RuntimeError, TimeoutError, OSError) as exc:  # the kernel died or stopped answering
            if warm:
                close_kernel()  # the next briefing starts a new one
            raise BriefingError(f"{NOTEBOOK.name}: the kernel failed ({type(exc).__name__}: "
                                f"{' '.join(str(exc).split())}); previous HTML left in place") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
        if kernel is not None and not warm:
            kernel.close()
    _clean(nb)
    nb.metadata.pop("widgets", None)
    _atomic_write(executed, nbformat.writes(nb).encode("utf-8"))

    resources = {"de06": {"lang": job.lang, "title": _title(job), "inputs": key, "version": __version__,
                          "css": (TEMPLATES / "de06" / "briefing.css").read_text(encoding="utf-8")}}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    _atomic_write(out, body.encode("utf-8"))
    return out, True


# What a briefing's cells import, loaded by a worker's kernel as soon as it starts (de06.kernels.WarmKernel.preload).
KERNEL_MODULES = ("IPython.display", "pandas", "matplotlib.figure", "matplotlib.backends.backend_agg",
                  "PIL.PngImagePlugin", "de06.sections", "de06.compare", "de06.glance", "de06.targets", "de06.notes",
                  "de06.charts", "de06.processed", "de06.schemas", "de06.dataset")


def _worker_start(kernels=None) -> None:
    """A worker process of render_many: attach to a kernel the parent launched for it (``kernels``, a queue of
    :meth:`de06.kernels.Launched.handoff`), or else start its own warm kernel, with the modules a briefing needs
    imported, while the parent plans and hands out work; close it when the worker exits."""
    global _KERNEL
    from multiprocessing import util

    util.Finalize(None, close_kernel, exitpriority=10)
    launched = None
    if kernels is not None:
        import queue

        try:
            launched = kernels.get(timeout=60)
        except queue.Empty:
            pass
    if launched is not None:
        from de06.kernels import WarmKernel

        try:
            _KERNEL = WarmKernel.attach(ROOT, launched)
            return
        except (RuntimeError, TimeoutError, OSError):
            _KERNEL = None  # it did not answer: this worker starts its own
    try:
        _kernel().preload(KERNEL_MODULES)
    except (BriefingError, RuntimeError, TimeoutError, OSError):
        pass  # said again, on one line, by the first render


class Workers:
    """The worker processes of :func:`render_many`, each keeping a warm kernel.

    Forked from a forkserver — a fresh interpreter that has imported what a render needs, and no zmq or kernel
    state — so each starts with those imports done. Their kernels are launched by this process first, and told at
    once to import what a briefing needs: a kernel's start-up (2–3 s) runs beside the forkserver's imports instead
    of after them, and a worker attaches to a kernel that is ready or nearly so. Created before the briefings are
    planned (``de06 briefings --force``, where every briefing will be rendered), the imports and the kernels'
    start-up run beside the planning; the workers themselves are forked when the first briefings are handed out,
    as soon as the forkserver is ready. A kernel that cannot be launched here is started by its worker, as a single
    render does.
    """

    def __init__(self, n: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import forkserver

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["de06._worker"])
        forkserver.ensure_running()  # its imports start now, beside the kernels' launch
        self.n = n
        self.kernels = []
        try:
            from de06.kernels import Launched

            for _ in range(n):
                self.kernels.append(Launched(ROOT, KERNEL_MODULES))
        except Exception:  # noqa: BLE001 — no kernelspec, no process: each worker starts its own and says why
            self._close_kernels()
        handoffs = ctx.Queue()
        for i in range(n):
            handoffs.put(self.kernels[i].handoff() if i < len(self.kernels) else None)
        # the executor forks a worker per task submitted while none is idle, up to n: render_many's groups
        self.pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_start,
                                        initargs=(handoffs,))

    def _close_kernels(self) -> None:
        for k in self.kernels:
            k.close()
        self.kernels = []

    def close(self) -> None:
        try:
            self.pool.shutdown()
        finally:
            self._close_kernels()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _render_one(args) -> tuple[str, bool]:
    job, outputs, force = args
    path, written = render(job, outputs, force, warm=True)
    return str(path), written


def _render_group(group: list) -> list[tuple[str, bool] | str]:
    """Render related briefings one after another in this worker's kernel: ``(path, written)`` or the error of each."""
    out: list[tuple[str, bool] | str] = []
    for args in group:
        try:
            out.append(_render_one(args))
        except De06Error as exc:
            out.append(str(exc))
    return out


def _groups(jobs: list[Job], todo: list[int]) -> list[list[int]]:
    """The briefings to render, grouped by place and language, largest group first: one worker renders a group,
    so what its briefings share (the same comparison drawn for 2025 and 2025-10) is drawn once, in its kernel."""
    by: dict[tuple[str, str], list[int]] = {}
    for i in todo:
        by.setdefault((jobs[i].place, jobs[i].lang), []).append(i)
    return sorted(by.values(), key=lambda g: (-len(g), g[0]))


def render_many(jobs: list[Job], outputs: Path = OUTPUTS, workers: int | None = None, force: bool = False,
                progress: bool = False, pool: Workers | None = None) -> list[tuple[Path, bool]]:
    """Render several briefings on warm kernels across ``workers`` processes (default: the CPU count), then the index.

    Each worker keeps one kernel for all the briefings it renders (reset to a fresh session between them), so a
    kernel's start-up and imports are paid once per worker, not once per briefing; the briefings of one place and
    language go to one worker (:func:`_groups`), so the charts they share are drawn once. ``pool``: workers started
    beforehand (:class:`Workers`; the caller closes them), used when more than one briefing is to be rendered.
    Results come back in the order of ``jobs``; the first failure is raised after the others finish.
    """
    clean_leftovers(outputs)
    results: dict[int, tuple[Path, bool]] = {}
    todo = []
    fps: dict = {}
    for i, job in enumerate(jobs):  # what is already up to date is settled here, without a worker
        out = output_path(job, outputs)
        fp = fps.setdefault(job.data, fingerprint(job.data))
        if not force and out.exists() and _current_key(out) == _inputs_key(job, fp):
            results[i] = (out, False)
        else:
            todo.append(i)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    if pool is not None and todo:
        workers = pool.n  # started already: theirs are the warm kernels
    errors: list[str] = []
    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="briefing", ncols=72, leave=True)
    if workers == 1:
        try:
            for i in todo:
                try:
                    results[i] = render(jobs[i], outputs, force, warm=True)
                except De06Error as exc:
                    errors.append(str(exc))
                if bar:
                    bar.update()
        finally:
            close_kernel()
    else:
        from concurrent.futures import as_completed

        with contextlib.nullcontext(pool) if pool is not None else Workers(workers) as started:
            futures = {started.pool.submit(_render_group, [(jobs[i], outputs, force) for i in g]): g
                       for g in _groups(jobs, todo)}
            for fut in as_completed(futures):
                for i, got in zip(futures[fut], fut.result()):
                    if isinstance(got, str):
                        errors.append(got)
                    else:
                        results[i] = (Path(got[0]), got[1])
                    if bar:
                        bar.update()
    if bar:
        bar.close()
    write_index(outputs)
    if errors:
        raise BriefingError(errors[0] + (f" (and {len(errors) - 1} more failure(s))" if len(errors) > 1 else ""))
    return [results[i] for i in sorted(results)]


def write_index(outputs: Path = OUTPUTS) -> Path:
    """``outputs/index.html``: every briefing on disk, by period then place, in Vietnamese and English, places by
    name, each language a link. Rewritten only on change."""
    import html

    from de06 import formats
    from de06.sections import place_name

    root = outputs / "briefings"
    rows = []
    names = {"vi": "Tiếng Việt", "en": "English"}
    for period_dir in sorted((p for p in root.glob("*") if p.is_dir()), reverse=True):
        by_place: dict[str, dict[str, Path]] = {}
        for f in sorted(period_dir.glob("*.html")):
            place, _, lang = f.stem.rpartition(".")
            by_place.setdefault(place, {})[lang] = f
        try:
            check_period(period_dir.name)
            when = [formats.period(period_dir.name, x) for x in LANGS]
        except De06Error:
            when = [period_dir.name] * 2
        for place, fs in sorted(by_place.items()):
            pid = place.replace("--", "/")
            label = [place_name(pid, x, former=False) for x in LANGS]
            links = " · ".join(f'<a href="briefings/{html.escape(period_dir.name)}/{html.escape(f.name)}" '
                               f'hreflang="{x}" lang="{x}">{html.escape(names.get(x, x))}</a>'
                               for x, f in sorted(fs.items(), key=lambda kv: LANGS.index(kv[0]) if kv[0] in LANGS else 9))
            rows.append(f'<tr><td><span lang="vi">{html.escape(when[0])}</span><br><span lang="en" class="muted">'
                        f'{html.escape(when[1])}</span></td><td><span lang="vi">{html.escape(label[0])}</span>'
                        + (f'<br><span lang="en" class="muted">{html.escape(label[1])}</span>' if label[1] != label[0] else "")
                        + f"</td><td>{links}</td></tr>")
    css = (TEMPLATES / "de06" / "briefing.css").read_text(encoding="utf-8")
    page = ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<title>de06 — Tóm tắt tiến độ Đề án 06 / Project 06 briefings</title>\n"
            f"<style>\n{css}</style>\n</head>\n<body>\n<main>\n"
            "<h1>Tóm tắt tiến độ Đề án 06 · Project 06 briefings</h1>\n"
            "<p>Mỗi bản tóm tắt có bằng tiếng Việt và tiếng Anh. · <span lang=\"en\">Each briefing comes in Vietnamese "
            "and English.</span></p>\n"
            "<div class=\"scroll\"><table><thead><tr><th>Kỳ / Period</th><th>Địa bàn / Place</th>"
            "<th>Bản tóm tắt / Briefing</th></tr></thead><tbody>\n" + "\n".join(rows) +
            "\n</tbody></table></div>\n</main>\n</body>\n</html>\n")
    path = outputs / "index.html"
    data = page.encode("utf-8")
    if not (path.exists() and path.read_bytes() == data):
        _atomic_write(path, data)
    return path
