"""Tests read fixtures, never the live data an analyst changes: seeds, manual rows and a processed dataset
built from them once per session into a temporary folder that ``DE06_PROCESSED`` points every reader at
(subprocesses included). ``data/processed`` itself is checked only against a fresh build of ``data/``."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
SEEDS = DATA / "seeds"
MANUAL = DATA / "manual"
_FIXTURE = Path(tempfile.mkdtemp(prefix="de06-fixture-"))  # laid out as data/ is: raw/reports, manual, processed
PROCESSED = _FIXTURE / "processed"
os.environ["DE06_PROCESSED"] = str(PROCESSED)  # before de06.compare is imported anywhere
atexit.register(shutil.rmtree, _FIXTURE, True)


@pytest.fixture(scope="session", autouse=True)
def fixture_dataset() -> Path:
    """The processed tables of the seed fixtures and the fixture manual rows."""
    if not (PROCESSED / "observations.csv").exists():
        from de06.dataset import build

        shutil.copytree(SEEDS, _FIXTURE / "raw" / "reports")
        shutil.copytree(MANUAL, _FIXTURE / "manual")
        build(raw=_FIXTURE / "raw" / "reports", manual=_FIXTURE / "manual", out=PROCESSED)
    return PROCESSED


@pytest.fixture(scope="session")
def report_texts() -> list[str]:
    """Every fixture report (seeds, corpus, probe sets) as extraction reads it: normalised, tones canonical."""
    from de06.text import canonical_tones, read_text

    paths = sorted(SEEDS.glob("*.txt")) + sorted(DATA.glob("corpus/docs/*.txt")) + sorted(DATA.glob("probe*/docs/*.txt"))
    return [canonical_tones(read_text(p)) for p in paths]
