"""The ``de06`` command: ``extract``, ``targets``, ``audit`` (on report files), ``build`` (the dataset),
``ingest`` (add a report), ``briefing`` and ``briefings`` (render HTML).

Every expected failure is one line on stderr (``de06: <path>: <reason>``) and
exit code 2, after the other files are done; standard output carries only data.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from de06.errors import De06Error

__all__ = ["main"]


def _write(rows: list[dict], fields: Sequence[str], fmt: str, header: bool) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    w = csv.DictWriter(sys.stdout, fields, lineterminator="\n")
    if header and rows:
        w.writeheader()
    w.writerows(rows)


def _build(args) -> int:
    from de06.dataset import build

    try:
        written = build(args.raw, args.manual, args.out)
    except De06Error as exc:
        print(f"de06: build failed, nothing written: {exc}", file=sys.stderr)
        return 2
    for p in written:
        print(p)
    return 0


def _briefing(args) -> int:
    """Render the briefings asked for and print the path of each (``unchanged`` when its inputs did not change)."""
    from de06.briefing import OUTPUTS, plan, plan_all, render_many

    try:
        jobs = plan_all(args.data) if args.command == "briefings" else plan(args.period, args.place, args.lang, args.data)
        results = render_many(jobs, args.out or OUTPUTS, workers=args.jobs, force=args.force,
                              progress=args.progress or (args.command == "briefings" and sys.stderr.isatty()))
    except De06Error as exc:
        print(f"de06: {exc}", file=sys.stderr)
        return 2
    for path, written in results:
        print(f"{path}{'' if written else '  (unchanged)'}")
    print((args.out or OUTPUTS) / "index.html")
    return 0


def _run(paths: list[str], fmt: str, what: str, candidates: bool = False) -> int:
    from de06.extract import OBSERVATION_FIELDS, TARGET_FIELDS, extract_file

    fields = {"observations": OBSERVATION_FIELDS, "targets": TARGET_FIELDS}.get(what)
    if fields is None:
        from de06.audit import FINDING_FIELDS, audit

        fields = FINDING_FIELDS
    status, header = 0, True
    for path in paths:
        try:
            result = extract_file(path)
            items = audit(result) if what == "findings" else getattr(result, what)
            if candidates:  # below the confidence threshold, flagged for review
                items = sorted(items + [replace(c, flags=";".join(x for x in (c.flags, "candidate") if x))
                                        for c in result.candidates], key=lambda o: o.start)
        except De06Error as exc:
            print(f"de06: {exc}", file=sys.stderr)
            status = 2
            continue
        except Exception as exc:  # a bug: say so on one line and go on with the other files
            print(f"de06: {path}: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
            status = 1
            continue
        rows = [x.to_dict() for x in items]
        _write(rows, fields, fmt, header)
        header = header and not rows  # one header, before the first row
        sys.stdout.flush()
    return status


# ---------------------------------------------------------------- ingest (issue 6)


def _ingest(args) -> int:
    """Read every file first; any unreadable one is a line on stderr and nothing is stored (exit 2)."""
    from de06 import ingest

    prepared, status = [], 0
    for path in args.paths:
        try:
            prepared.append(ingest.prepare(path))
        except De06Error as exc:
            print(f"de06: {exc}", file=sys.stderr)
            status = 2
        except Exception as exc:  # a bug: say so on one line
            print(f"de06: {path}: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
            status = 1
    if status:
        return status
    try:
        results = ingest.store(prepared, args.root)
    except De06Error as exc:
        print(f"de06: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: the new files are already removed; say so on one line
        print(f"de06: nothing ingested: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 1
    shown = Path.cwd()
    for r in results:
        sys.stdout.write(ingest.review(r, shown))
        if r.same_period:
            print(f"de06: warning: {r.doc}: {len(r.same_period) + 1} reports now cover {r.extraction.document.jurisdiction} "
                  f"{r.extraction.document.period} (also {', '.join(d for d, _ in r.same_period)})", file=sys.stderr)
    return 0


def _add_ingest(sub) -> None:
    ig = sub.add_parser("ingest", help="add report files (.txt .docx .pdf .html) to data/raw/reports, rebuild, review")
    ig.add_argument("paths", nargs="+", metavar="FILE")
    ig.add_argument("--root", type=Path, help="the data folder to add to (default: the project's data/)")


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = argparse.ArgumentParser(prog="de06", description="Project 06 report indicators with their sources.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="observations read from report files")
    ex.add_argument("paths", nargs="+", metavar="PATH")
    ex.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    ex.add_argument("--candidates", action="store_true",
                    help="also print the figures below the confidence threshold, flagged 'candidate'")
    tg = sub.add_parser("targets", help="targets set by plans and directions")
    tg.add_argument("paths", nargs="+", metavar="PATH")
    tg.add_argument("--format", choices=("jsonl", "csv"), default="csv")
    au = sub.add_parser("audit", help="inconsistencies in the reports' own arithmetic")
    au.add_argument("paths", nargs="+", metavar="PATH")
    au.add_argument("--format", choices=("jsonl", "csv"), default="csv")
    bd = sub.add_parser("build", help="rebuild data/processed from data/raw, data/manual and data/reference")
    bd.add_argument("--raw", type=Path)
    bd.add_argument("--manual", type=Path)
    bd.add_argument("--out", type=Path)
    _add_ingest(sub)
    br = sub.add_parser("briefing", help="render HTML briefings for a period (make briefing PERIOD=…)")
    br.add_argument("--period", required=True, help="YYYY-MM or YYYY")
    br.add_argument("--place", default="", help="a place id; default every place with a report for the period")
    br.add_argument("--lang", default="all", help="vi, en or all (default)")
    bs = sub.add_parser("briefings", help="render every period × place × language, in parallel")
    for p in (br, bs):
        p.add_argument("--data", type=Path, help="folder of the processed tables (default data/processed)")
        p.add_argument("--out", type=Path, help="outputs folder (default outputs/)")
        p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
        p.add_argument("--force", action="store_true", help="render even when no input changed")
        p.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command in ("briefing", "briefings"):
        return _briefing(args)
    if args.command == "ingest":
        return _ingest(args)
    what = {"extract": "observations", "targets": "targets", "audit": "findings"}[args.command]
    try:
        return _run(args.paths, args.format, what, getattr(args, "candidates", False))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
