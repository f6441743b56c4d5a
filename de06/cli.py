"""The ``de06`` command: ``extract``, ``targets``, ``audit`` (on report files), ``build`` (the dataset),
``ingest`` (add a report), ``briefing`` and ``briefings`` (render HTML), ``list`` (places, periods, indicators).

Every expected failure is one line on stderr (``de06: <path>: <reason>``) and
exit code 2, after the other files are done; standard output carries only data.
A file name is shown with its control and bidi characters replaced by ``?``, so a
newline in a name cannot forge a second line. CSV output is spreadsheet-safe
(``de06.storage.cell``); JSON lines stay exact.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
import csv
import json
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from de06.errors import De06Error

__all__ = ["main"]


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _say(message: object) -> None:
    """One line on stderr: ``de06: …`` with control, newline and bidi characters shown as ``?``.

    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     _say("a\\nde06: forged.txt: no such file")
    >>> err.getvalue()
    'de06: a?de06: forged.txt: no such file\\n'
    """
    print("de06: " + _UNSAFE.sub("?", str(message)), file=sys.stderr)


def _write(rows: list[dict], fields: Sequence[str], fmt: str, header: bool) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    from de06.storage import cell

    w = csv.writer(sys.stdout, lineterminator="\n")
    if header and rows:
        w.writerow(fields)
    for r in rows:
        w.writerow([cell("" if r.get(f) is None else str(r.get(f))) for f in fields])


def _build(args) -> int:
    from de06.dataset import build, ensure_current
    from de06.storage import DiskError

    try:
        if args.if_stale:
            why = ensure_current(args.raw, args.manual, args.out)
            if why:
                print(f"rebuilt: {why}")
            return 0
        written = build(args.raw, args.manual, args.out, progress=sys.stderr.isatty())
    except DiskError as exc:
        _say(f"build failed: {exc}")
        return 2
    except De06Error as exc:
        _say(f"build failed, nothing written: {exc}")
        return 2
    except OSError as exc:
        _say(f"build failed: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""))
        return 2
    for p in written:
        print(p)
    return 0


def _briefing(args) -> int:
    """Render the briefings asked for and print the path of each (``unchanged`` when its inputs did not change)."""
    import contextlib
    import os

    from de06.briefing import OUTPUTS, Workers, plan, plan_all, render_many

    if args.command == "briefing" and not str(args.period or "").strip():
        print("de06: which period? give one of these: make briefing PERIOD=… (de06 briefing --period …)", file=sys.stderr)
        _list(argparse.Namespace(what="periods", period="", lang=args.lang if args.lang in ("vi", "en") else "vi",
                                 data=args.data, format="csv"))
        return 2
    if args.data is not None:
        args.data = args.data.resolve()  # the kernel runs elsewhere: a relative folder would not be found there
    try:
        if args.data is None:  # the project's dataset: rebuilt first if an ingest or build was cut short
            from de06 import storage
            from de06.compare import PROCESSED

            if storage.stale(PROCESSED.parent / "raw" / "reports", PROCESSED) is not None:
                from de06.dataset import ensure_current  # pandas and pandera: only when needed

                data = PROCESSED.parent  # the data/ folder beside the processed one (DE06_PROCESSED may move it)
                why = ensure_current(data / "raw" / "reports", data / "manual", PROCESSED)
                if why:
                    _say(f"note: data/processed was rebuilt first ({why})")
        n = args.jobs or os.cpu_count() or 1
        # every briefing will be rendered: its workers and their kernels start while the briefings are planned
        early = Workers(n) if args.command == "briefings" and args.force and n > 1 else contextlib.nullcontext()
        with early as pool:
            jobs = plan_all(args.data) if args.command == "briefings" else plan(args.period, args.place, args.lang,
                                                                                args.data)
            results = render_many(jobs, args.out or OUTPUTS, workers=args.jobs, force=args.force,
                                  progress=args.progress or sys.stderr.isatty(), pool=pool)
    except De06Error as exc:
        _say(exc)
        return 2
    except OSError as exc:
        from de06.storage import disk_error

        _say(disk_error(exc, exc.filename or (args.out or OUTPUTS)))
        return 2
    for path, written in results:
        print(f"{path}{'' if written else '  (unchanged)'}")
    print((args.out or OUTPUTS) / "index.html")
    return 0


def _rows(path: str, what: str, candidates: bool) -> tuple[list[dict], str | None, int]:
    """One file's rows for ``extract``/``targets``/``audit``, or the one-line error it gives and its exit status."""
    from de06.extract import extract_file

    if Path(path).is_dir():
        return [], f"{path}: is a folder; give the files in it (e.g. {Path(path) / '*.txt'})", 2
    try:
        result = extract_file(path)
        if what == "findings":
            from de06.audit import audit

            items = audit(result)
        else:
            items = getattr(result, what)
        if candidates:  # below the confidence threshold, flagged for review
            items = sorted(items + [replace(c, flags=";".join(x for x in (c.flags, "candidate") if x))
                                    for c in result.candidates], key=lambda o: o.start)
    except De06Error as exc:
        return [], str(exc), 2
    except Exception as exc:  # a bug: say so on one line and go on with the other files
        return [], f"{path}: internal error ({type(exc).__name__}: {exc}); please report it", 1
    return [x.to_dict() for x in items], None, 0


def _rows_star(args: tuple) -> tuple[list[dict], str | None, int]:
    return _rows(*args)


PARALLEL_BYTES = 256 * 1024  # below this, starting workers costs more than it saves


def _workers(paths: list[str], jobs: int | None) -> int:
    """How many processes read the files: ``--jobs``, else one per usable core once there is enough text."""
    if jobs is not None:
        return max(1, min(jobs, len(paths)))
    import os

    try:
        size = sum(os.stat(p).st_size for p in paths)
    except OSError:  # a missing file: its error comes from the reading, in order
        size = 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, len(paths))) if size >= PARALLEL_BYTES else 1


def _run(paths: list[str], fmt: str, what: str, candidates: bool = False, jobs: int | None = None) -> int:
    """Read every file, print its rows in the order given; several files are read by a pool of processes.

    The pool changes nothing but the time: each file is read on its own, and its rows are written in the order of
    the arguments, so the output is byte-identical to reading the files one by one.
    """
    from de06.extract import OBSERVATION_FIELDS, TARGET_FIELDS

    fields = {"observations": OBSERVATION_FIELDS, "targets": TARGET_FIELDS}.get(what)
    if fields is None:
        from de06.audit import FINDING_FIELDS

        fields = FINDING_FIELDS
    status, header = 0, True
    tasks = [(p, what, candidates) for p in paths]
    workers = _workers(paths, jobs)
    pool = None
    if workers > 1:
        import gc
        import multiprocessing

        from de06.extract import warm

        warm()  # the children inherit the loaded catalog and place tables
        gc.freeze()  # ... and their garbage collectors leave those alone: no scans, no copied pages
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_reader_start)
        results = pool.imap(_rows_star, tasks, chunksize=2)
    else:
        results = map(_rows_star, tasks)
    done = False
    try:
        for rows, error, code in results:
            if error is not None:
                _say(error)
                status = code
                continue
            _write(rows, fields, fmt, header)
            header = header and not rows  # one header, before the first row
            sys.stdout.flush()
        done = True
    finally:
        if pool is not None:
            if done:  # every file read: the workers are idle and leave when told
                pool.close()
                pool.join()
            else:  # Ctrl-C, a kill or a closed pipe: stop them now
                pool.terminate()
    return status


def _reader_start() -> None:
    """A reader process dies of SIGTERM (the pool's way to stop it) and leaves Ctrl-C to the parent: the handlers
    ``main`` installs are for the parent's clean-up, and in a reader they kept ``Pool.terminate`` waiting forever."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------- ingest (issue 6)


def _ingest(args) -> int:
    """Read every file first; any unreadable one is a line on stderr and nothing is stored (exit 2)."""
    from de06 import ingest

    prepared, status = [], 0
    for path in args.paths:
        try:
            prepared.append(ingest.prepare(path))
        except De06Error as exc:
            _say(exc)
            status = 2
        except Exception as exc:  # a bug: say so on one line
            _say(f"{path}: internal error ({type(exc).__name__}: {exc}); please report it")
            status = 1
    if status:
        return status
    try:
        results = ingest.store(prepared, args.root)
    except De06Error as exc:
        _say(_user_names(str(exc), results_of=prepared))
        return 2
    except Exception as exc:  # a bug: the new files are already removed; say so on one line
        _say(f"nothing ingested: internal error ({type(exc).__name__}: {exc}); please report it")
        return 1
    shown = Path.cwd()
    for r in results:
        sys.stdout.write(ingest.review(r, shown, args.lang))
        if r.status == "added":  # the review page of the new report (issue 12)
            print(f"  review page: {_review_page(r, args.root)}")
        if r.same_period:
            _say(f"warning: {r.doc}: {len(r.same_period) + 1} reports now cover {r.extraction.document.jurisdiction} "
                 f"{r.extraction.document.period} (also {', '.join(d for d, _ in r.same_period)})")
    return 0


def _user_names(message: str, results_of: list) -> str:
    """An error about a stored copy (``data/raw/reports/<id>.txt``) names the file the user gave instead."""
    for item in results_of:
        message = re.sub(rf"\S*{re.escape(item.doc)}\.\w+", lambda _m, s=str(item.source): s, message)
    return message


def _option_like_paths(argv: list[str], commands: dict) -> str | None:
    """``de06 ingest -leading.txt``: a file name taken for an option; say how to pass it.

    The options each command knows are read from its own parser, so a new option is never mistaken for a file.
    """
    if not argv or argv[0] not in ("ingest", "extract", "targets", "audit"):
        return None
    actions = commands[argv[0]]._option_string_actions
    takes_value = {o for o, a in actions.items() if a.nargs != 0}
    for i, a in enumerate(argv[1:], start=1):
        if a == "--":
            return None
        if a.startswith("-") and a.split("=")[0] not in actions and argv[i - 1] not in takes_value:
            return (f"{a}: taken for an option; for a file whose name starts with '-', write ./{a} or put -- before "
                    f"it (de06 {argv[0]} -- {a})")
    return None


def _add_ingest(sub) -> None:
    ig = sub.add_parser("ingest", help="add report files (.txt .docx .pdf .html) to data/raw/reports, rebuild, review",
                        description="Store report files in data/raw/reports, rebuild the dataset and print a review "
                                    "of what was read from each, to check against the document.",
                        formatter_class=_Help)
    ig.add_argument("paths", nargs="+", metavar="FILE", help="report files: .txt, .docx, .pdf or .html")
    ig.add_argument("--root", type=Path, help="the data folder to add to (default: the project's data/)")
    ig.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the review")


# ---------------------------------------------------------------- list (issue 14)

LIST_FIELDS = {"places": ("id", "name", "level", "periods"), "periods": ("period", "kind", "places", "names"),
               "indicators": ("id", "name", "unit", "pillar")}


def _list(args) -> int:
    """``de06 list places|periods|indicators``: what the dataset holds, with names in the chosen language."""
    from de06.sections import check_period, place_name, reports_by_period

    try:
        if args.what == "indicators":
            from de06.indicators import REFERENCE
            from de06.compare import read_rows

            rows = [{"id": r["id"], "name": r["name_vi" if args.lang == "vi" else "name_en"], "unit": r["unit"],
                     "pillar": r["pillar"]} for r in read_rows(REFERENCE / "indicators.csv")]
        else:
            available = reports_by_period(args.data)
            if args.period:
                period = check_period(args.period)
                if period not in available:
                    raise De06Error(f"no report for period {period}; periods with data: {', '.join(available) or 'none'}")
                available = {period: available[period]}
            if args.what == "periods":
                rows = [{"period": per, "kind": "month" if len(per) == 7 else "year", "places": " ".join(ps),
                         "names": "; ".join(place_name(p, args.lang) for p in ps)} for per, ps in available.items()]
            else:
                by_place: dict[str, list[str]] = {}
                for per, ps in available.items():
                    for p in ps:
                        by_place.setdefault(p, []).append(per)
                rows = [{"id": p, "name": place_name(p, args.lang), "level": "commune" if "/" in p else
                         "country" if p == "vn" else "province", "periods": " ".join(pers)}
                        for p, pers in sorted(by_place.items())]
    except De06Error as exc:
        print(f"de06: {exc}", file=sys.stderr)
        return 2
    _write(rows, LIST_FIELDS[args.what], args.format, True)
    return 0


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help that shows each argument's default, unless the text already says it or there is none."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" in text or action.default in (None, argparse.SUPPRESS, False) or not action.option_strings:
            return text
        return f"{text} (default: {action.default})"


FORMAT_HELP = "output format: csv (one header, then a row per item) or jsonl (one JSON object per line)"
DEFAULT_FORMAT = "csv"  # every listing command: extract, targets, audit, list


# ---------------------------------------------------------------- review loop (issue 12): see de06.corrections


def _add_review_loop(sub) -> None:
    from de06 import corrections

    corrections.add_parsers(sub)


def _review_page(result, root) -> str:
    from de06 import review

    try:  # the extraction the ingest already made: a report's text is decoded once
        return str(review.write(result.doc, root=root, extraction=result.extraction))
    except De06Error as exc:
        return f"not written ({exc})"


def _review_loop(args) -> int:
    from de06 import corrections

    return corrections.run(args)


# ---------------------------------------------------------------- entry point


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


def _warnings_as_lines() -> None:
    """de06's own warnings (a line left in an old font encoding) as one ``de06: warning: …`` line each."""
    import warnings

    from de06.legacy import LegacyTextWarning

    shown = warnings.showwarning
    if getattr(shown, "de06", False):
        return

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, LegacyTextWarning):
            _say(f"warning: {message}")
        else:
            shown(message, category, filename, lineno, file, line)

    show.de06 = True
    warnings.showwarning = show
    warnings.simplefilter("always", LegacyTextWarning)



def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    from de06 import __version__

    parser = argparse.ArgumentParser(
        prog="de06", formatter_class=_Help,
        description="Project 06 (Đề án 06) report indicators with their sources: read reports, build the dataset, "
                    "render briefings.",
        epilog="examples:\n  de06 list periods\n  de06 list places --period 2025-10\n"
               "  de06 briefing --period 2025-10 --place \"Vĩnh Long\" --lang vi\n"
               "  de06 extract data/raw/reports/*.txt --format jsonl\n\n"
               "Run de06 COMMAND --help for a command's arguments.")
    parser.add_argument("--version", action="version", version=f"de06 {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def files_command(name: str, help: str):
        p = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", formatter_class=_Help)
        p.add_argument("paths", nargs="+", metavar="PATH", help="report files: .txt, .docx, .pdf or .html")
        p.add_argument("--format", choices=("csv", "jsonl"), default=DEFAULT_FORMAT, help=FORMAT_HELP)
        return p

    ex = files_command("extract", "observations read from report files")
    ex.add_argument("--candidates", action="store_true",
                    help="also print the figures below the confidence threshold, flagged 'candidate'")
    files_command("targets", "targets set by plans and directions in report files")
    files_command("audit", "inconsistencies in the reports' own arithmetic")
    for name in ("extract", "targets", "audit"):
        sub.choices[name].add_argument("--jobs", type=int, default=None,
                                       help="processes reading the files (default: one per core once the files "
                                            f"hold {PARALLEL_BYTES // 1024} KB or more; output order unchanged)")
    ls = sub.add_parser("list", help="the places, periods or indicators the dataset has, with names",
                        description="What there is to brief: places with a report (and their periods), reporting "
                                    "periods (and their places), or the catalog of indicators.",
                        formatter_class=_Help)
    ls.add_argument("what", choices=tuple(LIST_FIELDS), help="what to list")
    ls.add_argument("--period", default="", help="only this period, YYYY-MM or YYYY (default: every period)")
    ls.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the names")
    ls.add_argument("--data", type=Path, help="folder of the processed tables (default: data/processed)")
    ls.add_argument("--format", choices=("csv", "jsonl"), default=DEFAULT_FORMAT, help=FORMAT_HELP)
    bd = sub.add_parser("build", help="rebuild data/processed from data/raw, data/manual and data/reference",
                        formatter_class=_Help)
    bd.add_argument("--raw", type=Path, help="folder of the reports (default: data/raw/reports)")
    bd.add_argument("--manual", type=Path, help="folder of observations.csv and corrections.csv (default: data/manual)")
    bd.add_argument("--out", type=Path, help="folder to write the tables to (default: data/processed)")
    _add_ingest(sub)
    _add_review_loop(sub)
    br = sub.add_parser("briefing", help="render HTML briefings for a period (make briefing PERIOD=…)",
                        description="Render the HTML briefing of a period for one place or every place with a "
                                    "report, in Vietnamese, English or both. Without --period: the periods there are.",
                        formatter_class=_Help)
    br.add_argument("--period", default="", help="YYYY-MM (a month) or YYYY (a year); `de06 list periods` lists them")
    br.add_argument("--place", default="", help="a place by id (vinh-long-2025, thanh-hoa/vinh-phuc or "
                    "thanh-hoa--vinh-phuc) or name (Vĩnh Long, vinh long) (default: every place with a report)")
    br.add_argument("--lang", default="all", help="language of the briefing: vi, en or all (both)")
    bs = sub.add_parser("briefings", help="render every period × place × language, in parallel",
                        description="Render every period × place × language with a report, each worker keeping one "
                                    "warm kernel for many briefings.", formatter_class=_Help)
    for p in (br, bs):
        p.add_argument("--data", type=Path, help="folder of the processed tables (default: data/processed)")
        p.add_argument("--out", type=Path, help="outputs folder (default: outputs/)")
        p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
        p.add_argument("--force", action="store_true", help="render even when no input changed")
        p.add_argument("--progress", action="store_true",
                       help="show a progress bar even when stderr is not a terminal (on a terminal it shows anyway)")
    bd.add_argument("--if-stale", action="store_true",
                    help="rebuild only if data/processed does not match its manifest or the stored reports")
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = _option_like_paths(argv, sub.choices)
    if bad:
        _say(bad)
        return 2
    args = parser.parse_args(argv)
    try:
        signal.signal(signal.SIGTERM, _terminated)  # a kill runs the clean-up of temporary files like Ctrl-C does
    except ValueError:  # not the main thread (called from a test or a notebook)
        pass
    _warnings_as_lines()
    if args.command == "build":
        return _build(args)
    if args.command in ("briefing", "briefings"):
        return _briefing(args)
    if args.command == "ingest":
        return _ingest(args)
    if args.command in ("review", "accept", "reject", "fix", "add", "remove"):
        return _review_loop(args)
    if args.command == "list":
        return _list(args)
    what = {"extract": "observations", "targets": "targets", "audit": "findings"}[args.command]
    try:
        return _run(args.paths, args.format, what, getattr(args, "candidates", False), args.jobs)
    except BrokenPipeError:
        return 0


def console() -> int:
    """The ``de06`` command: :func:`main`, then a quick exit. What the command loaded is frozen out of the garbage
    collector's last pass: a process holding pandas and pandera spent 0.3–0.4 s at exit freeing its objects one
    by one, memory the system takes back at once. Exit handlers still run; every file de06 writes is already
    closed and renamed into place. (Not in :func:`main`, which tests and notebooks call in a process that goes on.)
    """
    import gc

    status = main()
    gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(console())
