"""The layout fuzzer's fixed sample: decrees drawn (derandomized) over every layout dimension, printed by
reportlab, LibreOffice (Writer and Calc) and Chromium, must come back row for row: the four fields (None where
the table prints no such column) and every extra column under its printed header; and position for position:
jabatan, tugas and the fungsi items, whichever way the labels are printed. ``bench/fuzz_layouts.py`` runs the wide version."""
from __future__ import annotations

from pathlib import Path

import pytest
from chromium import CHROMIUM
from layout_fuzz import LIBREOFFICE, RENDERERS, drawn_decrees, extracted, normalized_truth

SAMPLE_SIZE = 4

SAMPLE = drawn_decrees(SAMPLE_SIZE)
# Defects the fuzzer found and that are not fixed yet: strict, so a fix shows up as an unexpected pass.
KNOWN_DEFECTS: dict[tuple[int, str], str] = {}  # (sample index, producer) -> why it fails; strict xfail
AVAILABLE = {"reportlab": True, "libreoffice": LIBREOFFICE is not None, "chromium": CHROMIUM is not None,
             "calc": LIBREOFFICE is not None}


@pytest.mark.parametrize("producer", list(RENDERERS))
@pytest.mark.parametrize("index", range(SAMPLE_SIZE))
def test_fuzzed_layout_rows_exact(producer: str, index: int, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if not AVAILABLE[producer]:
        pytest.skip(f"{producer} is not installed (scripts/bootstrap.sh installs it)")
    if (index, producer) in KNOWN_DEFECTS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_DEFECTS[index, producer], strict=True))
    decree = SAMPLE[index]
    pdf = RENDERERS[producer](decree, tmp_path / f"decree-{index}.pdf")
    rows, positions = extracted(pdf)
    assert rows == normalized_truth(decree), decree.dimensions()
    assert positions == decree.positions_truth(), decree.dimensions()


def test_sample_covers_the_dimensions() -> None:
    """The fixed sample is not one layout repeated: it spans column sets, rules and header cases."""
    dims = [d.dimensions() for d in SAMPLE]
    assert len({d["rules"] for d in dims}) >= 2
    assert len({d["columns"] for d in dims}) >= 2
    assert len({d["header_case"] for d in dims}) == 2
    assert len({d["labels"] for d in dims}) >= 2
    assert any(d["extra_columns"] != "0" for d in dims) and any(d["fields_missing"] != "none" for d in dims)
