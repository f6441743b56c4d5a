"""How de06 changes files on disk: one writer at a time, whole files only, datasets as one unit.

* :func:`locked` holds an exclusive ``fcntl`` lock on a data folder (``data/.de06.lock``)
  while a command changes it; a second writer waits a bounded time, then fails naming
  the pid that holds it.
* :func:`write_atomic` writes a temporary file beside the target, fsyncs it and
  renames it, so a reader sees the old file or the new one, never half of one.
* :func:`write_manifest` / :func:`verify` keep ``manifest.json`` beside the processed
  tables: each file's sha256, written last. A kill between two renames leaves files
  that do not match it, which the next reader notices.
* :func:`cell` / :func:`uncell` make CSV cells safe to open in a spreadsheet: a
  cell starting with ``= + - @``, a tab or a carriage return (or the escape ``'``
  itself) gets a leading ``'``, which the loader removes again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from de06.errors import De06Error

__all__ = ["LockBusy", "DiskError", "Inconsistent", "locked", "stale", "report_ids", "write_atomic", "fsync_dir", "write_manifest", "verify",
           "cell", "uncell", "disk_error", "clean_leftovers", "MANIFEST", "LOCK_NAME"]

MANIFEST = "manifest.json"
LOCK_NAME = ".de06.lock"
LOCK_WAIT = 60.0  # seconds a second writer waits; DE06_LOCK_WAIT overrides
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_held: dict[str, list] = {}  # lock path → [open file, depth]: re-entrant within one process


class LockBusy(De06Error):
    """Another de06 process is changing the same data folder."""


class DiskError(De06Error):
    """The file system refused a write: full disk, read-only folder, no permission."""


class Inconsistent(De06Error):
    """The processed tables do not match their manifest (a build was interrupted)."""


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "?"
    return pid if pid.isdigit() else "?"


@contextlib.contextmanager
def locked(folder: Path, wait: float | None = None):
    """Hold the exclusive lock on ``folder`` (created if missing) for the duration of the block.

    Re-entrant in one process (``ingest`` holds it and calls ``build``, which asks again).
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, folder) from None
    path = folder / LOCK_NAME
    key = str(path.resolve())
    if key in _held:
        _held[key][1] += 1
        try:
            yield path
        finally:
            _held[key][1] -= 1
        return
    if wait is None:
        wait = float(os.environ.get("DE06_LOCK_WAIT", LOCK_WAIT))
    try:
        f = open(path, "a+", encoding="ascii")
    except OSError as exc:
        raise disk_error(exc, folder) from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockBusy(f"another de06 command is changing {folder.name}/ (pid {_holder(path)}); "
                                   f"waited {wait:g} s, try again when it is done", path=str(folder)) from None
                time.sleep(0.1)
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")
        f.flush()
        _held[key] = [f, 1]
        try:
            yield path
        finally:
            del _held[key]
            with contextlib.suppress(OSError):
                f.seek(0)
                f.truncate()
                f.flush()
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    finally:
        f.close()


def disk_error(exc: OSError, where: Path | str) -> DiskError:
    """One plain line for a write the file system refused, naming the folder it was refused in."""
    what = {errno.ENOSPC: "no space left on the disk", errno.EDQUOT: "disk quota exceeded",
            errno.EROFS: "the folder is on a read-only file system",
            errno.EACCES: "no permission to write there", errno.EPERM: "no permission to write there"}
    reason = what.get(exc.errno, exc.strerror or str(exc))
    return DiskError(f"cannot write: {reason}", path=str(where))


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file beside it and a rename: a reader sees the old file
    or the new, never half. The temporary name carries the writer's pid, so the leftover of a killed writer is
    recognised and removed by the next run."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise disk_error(exc, path.parent) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise disk_error(exc, path.parent) from None
        raise
    fsync_dir(path.parent)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest_text(files: dict[str, bytes]) -> str:
    """The manifest of a set of files: their sha256, sorted, as JSON with a trailing newline.

    >>> manifest_text({"a.csv": b"x\\n"}).splitlines()[2].strip()
    '"a.csv": "73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac"'
    """
    body = {"files": {n: hashlib.sha256(files[n]).hexdigest() for n in sorted(files)}}
    return json.dumps(body, indent=4, sort_keys=True) + "\n"


def write_manifest(folder: Path, files: dict[str, bytes]) -> None:
    write_atomic(Path(folder) / MANIFEST, manifest_text(files).encode("utf-8"))


def verify(folder: Path) -> None:
    """Raise :class:`Inconsistent` if ``folder`` has a manifest its files do not match; no manifest, no check."""
    folder = Path(folder)
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        raise Inconsistent(f"{MANIFEST} is damaged; run `make data` to rebuild the dataset", path=str(folder)) from None
    for name, digest in sorted(listed.items()):
        try:
            ok = sha256_file(folder / name) == digest
        except OSError:
            ok = False
        if not ok:
            raise Inconsistent(f"{name} does not match {MANIFEST} (an interrupted build?); run `make data` to rebuild "
                               "the dataset", path=str(folder))


def settled(folder: Path, wait: float = 10.0) -> None:
    """Verify ``folder``; on a mismatch wait (bounded) for a writer holding the lock to finish, then verify again."""
    try:
        verify(folder)
        return
    except Inconsistent:
        lock = Path(folder).parent / LOCK_NAME
        if not lock.exists():
            raise
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with open(lock, "a+") as f:
                fcntl.flock(f.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                try:
                    verify(folder)
                    return
                finally:
                    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        except BlockingIOError:
            time.sleep(0.1)
        except OSError:
            break
    verify(folder)


REPORT_FILES = (".txt", ".docx", ".pdf", ".html")  # a stored report: <id>.txt, and its original beside it


def report_ids(raw: Path) -> set[str]:
    """The ids of the reports stored in ``raw`` (``<id>.txt`` and ``<id>.docx`` … count once)."""
    if not Path(raw).is_dir():
        return set()
    return {p.stem for p in Path(raw).iterdir()
            if p.suffix in REPORT_FILES and not p.name.startswith(".") and p.is_file()}


def stale(raw: Path, out: Path) -> str | None:
    """Why the tables in ``out`` do not reflect ``raw`` (not matching their manifest, a stored report missing
    from ``documents.csv`` or one listed there gone), or None. Light: hashes the tables and lists a folder."""
    import csv

    try:
        verify(out)
    except Inconsistent as exc:
        return exc.message
    path = Path(out) / "documents.csv"
    if not path.exists():
        return "documents.csv is missing"
    with path.open(encoding="utf-8", newline="") as f:
        listed = {uncell(r.get("doc") or "") for r in csv.DictReader(f)}
    stored = report_ids(raw)
    if stored - listed:
        return f"stored report(s) missing from documents.csv: {', '.join(sorted(stored - listed)[:3])}"
    if listed - stored:
        return f"documents.csv lists report(s) no longer stored: {', '.join(sorted(listed - stored)[:3])}"
    return None


def clean_leftovers(folder: Path, patterns: tuple[str, ...], older_than: float = 0.0) -> int:
    """Remove what an interrupted writer left behind in ``folder`` (temp files and folders matching ``patterns``)."""
    n = 0
    now = time.time()
    for pattern in patterns:
        for p in Path(folder).glob(pattern):
            try:
                if older_than and now - p.lstat().st_mtime < older_than:
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink()
                n += 1
            except OSError:
                pass
    return n


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: a leading ``= + - @``, tab, CR or ``'`` gets a ``'`` before it.

    >>> cell('=HYPERLINK("http://x")'), cell("Đạt 55,17%"), cell("'quoted"), cell("")
    ('\\'=HYPERLINK("http://x")', 'Đạt 55,17%', "''quoted", '')
    """
    return "'" + value if value and (value.startswith(_FORMULA) or value[0] == "'") else value


def uncell(value: str) -> str:
    """The cell as it was before :func:`cell`.

    >>> uncell(cell("=1+2")), uncell(cell("'x")), uncell("plain")
    ('=1+2', "'x", 'plain')
    """
    return value[1:] if value.startswith("'") else value
