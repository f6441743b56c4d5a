"""Shared helpers of the benchmarks: timing whole commands side by side, and a result row with its goal."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
REPEAT = int(os.environ.get("DE06_BENCH_REPEAT", "3"))


def run(cmd: list[str], **kw) -> float:
    """Wall time of one command (which must succeed)."""
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=kw.pop("cwd", ROOT), **kw)
    return time.perf_counter() - t


def spread(xs: list[float]) -> dict:
    """Median and spread (min–max) of repeated measurements."""
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory (MB) of the largest process a command starts, itself or any descendant it waited for."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip()) / 1024


def row(name: str, value: float, unit: str, goal: str, met: bool, **extra) -> dict:
    return {"name": name, "value": round(value, 4), "unit": unit, "goal": goal, "met": bool(met), **extra}


def main_of(measure) -> None:
    """Run one benchmark script on its own and print its rows."""
    import json

    for r in measure():
        print(json.dumps(r, ensure_ascii=False))


__all__ = ["ROOT", "VENV_BIN", "REPEAT", "run", "spread", "peak_rss_mb", "row", "main_of", "resource"]
