"""End to end on decrees printed to PDF by a browser (headless Chromium), ruled and borderless: tight cell
padding, centred header cells, top-aligned merged sasaran, browser-drawn list markers, a signature block right
under the last table. Rows are compared with whitespace flattened: a ``<br>`` inside a cell prints as a plain
line break, which a reader cannot tell from a wrap."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from chromium import needs_chromium
from conftest import default_decree, long_table_decree
from decree_html import HtmlStyle, print_decree
from decree_pdf import DecreeSpec, expected_rows

import pipeline

pytestmark = needs_chromium

SPECS = {"default": default_decree, "long": long_table_decree}


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("style", ["ruled", "borderless"])
@pytest.mark.parametrize("name", sorted(SPECS))
def test_browser_printed_decree_rows_positions_and_fungsi(tmp_path: Path, name: str, style: HtmlStyle) -> None:
    spec: DecreeSpec = SPECS[name]()
    print_decree(spec, tmp_path / "in" / f"{name}-{style}.pdf", style)
    out = tmp_path / "out"
    assert pipeline.main([str(tmp_path / "in"), "--out", str(out), "--quiet", "--no-report"]) == 0
    (decree,) = pq.read_table(out / "decrees.parquet").to_pylist()
    assert decree["status"] == "ok" and decree["year"] == spec.decree_date.year
    positions = sorted(pq.read_table(out / "positions.parquet").to_pylist(), key=lambda p: p["position_idx"])
    assert [p["jabatan_raw"] for p in positions] == [p.jabatan for p in spec.positions]
    assert [[flat(f) for f in p["fungsi_raw"]] for p in positions] == [[flat(f) for f in p.fungsi]
                                                                        for p in spec.positions]
    indicators = pq.read_table(out / "indicators.parquet").to_pylist()
    for position_idx, truth in enumerate(expected_rows(spec)):
        rows = sorted((r for r in indicators if r["position_idx"] == position_idx), key=lambda r: r["row_idx"])
        got = [tuple(flat(r[f"{c}_raw"]) for c in ("sasaran", "indikator", "formulasi", "sumber_data")) for r in rows]
        assert got == [tuple(flat(cell) for cell in row) for row in truth], f"position {position_idx}"
