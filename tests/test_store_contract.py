"""The store checks each decree against the output contract before writing it: a decree whose rows break it is
recorded `failed` with what broke, and no odd part reaches the datasets."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from extract.document import DocumentResult, failed_decree
from extract.settings import PIPELINE_VERSION
from report.contract import validate_contract
from report.output_tables import load_output_tables
from store.dataset_store import DatasetStore

DECREE_ID = "b" * 64


def decree_result(**indicator_changes: Any) -> DocumentResult:
    """A one-row decree of 2024 as the extractor hands it over; ``indicator_changes`` break its row."""
    return DocumentResult(
        decree={"decree_id": DECREE_ID, "source_path": "b.pdf", "status": "ok", "pages": 2, "text_pages": 2,
                "ocr_pages": 0, "year": 2024, "positions": 1, "indicators": 1, "pipeline_version": PIPELINE_VERSION},
        positions=[{"decree_id": DECREE_ID, "position_idx": 0, "jabatan_raw": "CAMAT", "tugas_raw": [],
                    "fungsi_raw": [], "page_start": 1, "page_end": 2}],
        indicators=[{"decree_id": DECREE_ID, "position_idx": 0, "row_idx": 0, "indikator_raw": "Jumlah laporan",
                     "page": 2, "method": "text", "confidence": 1.0, "table_strategy": "ruled", "stitched": False,
                     **indicator_changes}],
        pages=[{"decree_id": DECREE_ID, "page": p, "method": "text"} for p in (1, 2)])


def written(tmp_path: Path, result: DocumentResult) -> tuple[str, dict[str, pd.DataFrame]]:
    store = DatasetStore(tmp_path)
    store.prepare()
    status = store.write(result)
    return status, {name: store.read(name) for name in ("decrees", "positions", "indicators", "pages")}


def test_a_decree_that_meets_the_contract_is_written_whole(tmp_path: Path) -> None:
    status, tables = written(tmp_path, decree_result())
    assert status == "ok"
    assert [len(tables[n]) for n in ("decrees", "positions", "indicators", "pages")] == [1, 1, 1, 2]
    assert tables["indicators"]["table_strategy"].tolist() == ["ruled"]


@pytest.mark.parametrize(("change", "broken"), [
    ({"confidence": 1.7}, "indicators.confidence fails in_range"),  # a value rule of the contract
    ({"table_strategy": "guessed"}, "indicators.table_strategy fails isin"),
    ({"position_idx": 3}, "references_positions"),  # a row of a position the decree does not have
    ({"page": "two"}, "indicators: "),  # a value Arrow cannot hold (pyarrow.ArrowInvalid, a ValueError)
])
def test_a_decree_that_breaks_the_contract_is_recorded_failed_and_its_rows_are_not_written(
        tmp_path: Path, change: dict[str, Any], broken: str) -> None:
    status, tables = written(tmp_path, decree_result(**change))
    assert status == "failed"
    decree = tables["decrees"].iloc[0]
    assert decree["status"] == "failed" and decree["source_path"] == "b.pdf"
    assert "output contract not met" in decree["error"] and broken in decree["error"]
    assert (decree["positions"], decree["indicators"]) == (0, 0)
    assert all(tables[n].empty for n in ("positions", "indicators", "pages"))
    # what was written is what the report's contract accepts: no finding
    assert validate_contract(load_output_tables(tmp_path)[0]) == []


def test_every_unit_type_the_extractor_gives_meets_the_contract(tmp_path: Path) -> None:
    """The unit types are listed once (extract.decree_metadata.UNIT_TYPES): `other` (a hospital, a school) is no
    contract failure that would cost the decree its rows."""
    result = decree_result()
    result.decree["unit_type"] = "other"
    status, tables = written(tmp_path, result)
    assert status == "ok" and tables["decrees"]["unit_type"].tolist() == ["other"]


def test_a_file_that_could_not_be_read_is_written_with_its_own_reason(tmp_path: Path) -> None:
    """A failed decree (not a PDF, a dead worker) meets the contract: its error is its own, not a contract one."""
    status, tables = written(tmp_path, failed_decree(DECREE_ID, "b.pdf", "b.pdf: not a PDF"))
    assert status == "failed"
    assert tables["decrees"]["error"].tolist() == ["b.pdf: not a PDF"]


def test_odd_values_printed_in_the_decree_keep_its_rows_and_are_left_to_the_report(tmp_path: Path) -> None:
    """A table printed past the page's left edge (a negative box) and a NIP OCR read one digit short are the
    document's, not a defect of the code: the rows are written, the report names what breaks its rules."""
    result = decree_result(box_x0=-3.0, box_top=100.0, box_x1=200.0, box_bottom=120.0)
    result.decree["signatory_nip"] = "19700101 199003 1 00"
    status, tables = written(tmp_path, result)
    assert status == "ok" and len(tables["indicators"]) == 1
    findings = " ".join(str(f) for f in validate_contract(load_output_tables(tmp_path)[0]))
    assert "box_x0" in findings and "signatory_nip" in findings
