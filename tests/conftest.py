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
_FIXTURE = Path(tempfile.mkdtemp(prefix="de06-fixture-"))
PROCESSED = _FIXTURE / "processed"
os.environ["DE06_PROCESSED"] = str(PROCESSED)  # before de06.compare is imported anywhere
atexit.register(shutil.rmtree, _FIXTURE, True)


@pytest.fixture(scope="session", autouse=True)
def fixture_dataset() -> Path:
    """The processed tables of the seed fixtures and the fixture manual rows."""
    if not (PROCESSED / "observations.csv").exists():
        from de06.dataset import build

        build(raw=SEEDS, manual=MANUAL, out=PROCESSED)
    return PROCESSED
