"""The one loader of the processed tables checks them on read: a hand edit is caught before it is published.

Seed 000 says "Trong tháng, đã tiếp nhận 170.978 hồ sơ¹⁵ trực tuyến, đạt tỷ lệ 55,17%".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from de06 import processed
from de06.compare import PROCESSED, load_observations
from de06.errors import De06Error
from de06.schemas import ValidationFailed
from de06.sections import Briefing



def _edited(tmp_path: Path, old: str, new: str, manifest: bool = False) -> tuple[Path, int]:
    """The fixture tables with one cell of the seed's online rate changed; without ``manifest.json`` unless asked
    (a manifest already refuses any edit, de06.storage; these tests are about what the loader itself checks)."""
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data)
    if not manifest:
        (data / "manifest.json").unlink(missing_ok=True)
    path = data / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("000_758c85fa00e9b683,online_application_rate,55.17,"))
    assert old in lines[n]
    lines[n] = lines[n].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return data, n + 1


def test_the_committed_tables_load():
    for name in processed.TABLES:
        assert processed.load(name, PROCESSED) or name == "candidates"


def test_a_hand_edited_value_beside_its_quote_fails_naming_file_and_row(tmp_path):
    data, row = _edited(tmp_path, ",55.17,", ",56.17,")
    with pytest.raises(processed.ProcessedTableError) as exc:
        load_observations(data / "observations.csv")
    assert str(data / "observations.csv") in str(exc.value) and f"row {row}:" in str(exc.value)
    assert "value 56.17 is not in its quote" in str(exc.value)
    with pytest.raises(De06Error):
        Briefing("2025-10", "vinh-long-2025", "vi", data=data)


def test_with_its_manifest_any_hand_edit_is_refused(tmp_path):
    data, _ = _edited(tmp_path, ",55.17,", ",56.17,", manifest=True)
    with pytest.raises(De06Error, match="does not match"):
        load_observations(data / "observations.csv")


def test_a_value_that_is_not_a_number_fails_instead_of_rendering_nan(tmp_path):
    data, row = _edited(tmp_path, ",55.17,", ",abc,")
    with pytest.raises(ValidationFailed) as exc:
        Briefing("2025-10", "vinh-long-2025", "vi", data=data)
    assert f"row {row}, column value: is not a number" in str(exc.value)


@pytest.mark.parametrize("quote, value, states", [
    ("đạt tỷ lệ 55,17%", 55.17, True),
    ("đạt tỷ lệ 55,17%", 56.17, False),
    ("1.316/1.316 cơ sở giáo dục (đạt 100%)", 1316, True),
    ("khoảng 1,07 triệu lượt", 1070000, True),
    ("Tổng kinh phí: 64.434.342.768 đồng", 64434342768, True),
])
def test_quote_states(quote, value, states):
    assert processed.quote_states(quote, value) is states
