"""The datasets describe themselves: every field carries its description into the written files, and README.md's
column tables are exactly what scripts/schema_tables.py prints from those descriptions. Parts written under other
column types are extracted again, so a dataset folder never mixes types."""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.document import DocumentResult
from extract.settings import PIPELINE_VERSION
from store.dataset_store import DatasetStore
from store.parquet_writer import write_atomic
from store.schema import ALL_DATASETS, CONTRACT_KEY, DESCRIPTION, FILES, PARTITION, QUALITY, description

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- column tables: printed by scripts/schema_tables.py"
END = "<!-- end of column tables -->"


def test_readme_tables_are_the_printed_ones() -> None:
    printed = subprocess.run([sys.executable, str(ROOT / "scripts" / "schema_tables.py")], check=True,
                             capture_output=True, text=True).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n", readme.index(BEGIN)) + 1
    assert readme[start:readme.index(END)] == printed, "run: python scripts/schema_tables.py --write"


@pytest.mark.parametrize("name", ALL_DATASETS)
def test_every_field_is_described(name: str) -> None:
    schema = ALL_DATASETS[name]
    assert description(schema) and schema.metadata[PARTITION.encode()]
    assert [f.name for f in schema if not description(f)] == []


@pytest.mark.parametrize("schema", [FILES, QUALITY], ids=["files", "quality"])
def test_every_field_of_the_single_files_is_described(schema: pa.Schema) -> None:
    assert description(schema) and [f.name for f in schema if not description(f)] == []


def decree_result(decree_id: str = "a" * 64) -> DocumentResult:
    """One small decree as the extractor hands it over (dates as ``datetime.date``)."""
    return DocumentResult(
        decree={"decree_id": decree_id, "source_path": "a.pdf", "status": "ok", "pages": 1, "text_pages": 1,
                "ocr_pages": 0, "decree_date": dt.date(2024, 4, 1), "year": 2024, "positions": 1, "indicators": 1,
                "pipeline_version": PIPELINE_VERSION},
        positions=[{"decree_id": decree_id, "position_idx": 0, "jabatan_raw": "CAMAT", "tugas_raw": [],
                    "fungsi_raw": [], "page_start": 1, "page_end": 1}],
        indicators=[{"decree_id": decree_id, "position_idx": 0, "row_idx": 0, "indikator_raw": "Jumlah laporan",
                     "page": 1, "method": "text", "confidence": 1.0, "table_strategy": "ruled",
                     "stitched": False}],
        pages=[{"decree_id": decree_id, "page": 1, "method": "text"}])


def test_written_files_carry_the_descriptions_and_a_datetime_decree_date(tmp_path: Path) -> None:
    store = DatasetStore(tmp_path)
    store.prepare()
    store.write(decree_result())
    for name, schema in ALL_DATASETS.items():
        part = store.part_path(name, "a.pdf", 2024)
        assert pq.read_schema(part).metadata[DESCRIPTION] == schema.metadata[DESCRIPTION]
        read = pq.ParquetDataset(store.dataset_dir(name)).schema
        assert {f.name: description(read.field(f.name)) for f in schema} == {f.name: description(f) for f in schema}
    decrees = pd.read_parquet(store.dataset_dir("decrees"))
    assert pd.api.types.is_datetime64_dtype(decrees["decree_date"])
    value = decrees["decree_date"].iloc[0]
    assert hasattr(value, "isoformat") and str(value)[:10] == "2024-04-01"


def test_a_decree_written_under_other_column_types_is_extracted_again(tmp_path: Path) -> None:
    """An output folder from before a type change (decree_date was date32) would mix types: not up to date."""
    import pipeline

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    store = DatasetStore(tmp_path / "out")
    store.prepare()
    store.write(decree_result(hashlib.sha256(pdf.read_bytes()).hexdigest()))
    files = [pipeline.InputFile(pdf, "a.pdf")]
    assert pipeline.plan_run(files, store, force=False, prune=False, ocr=False).up_to_date == files

    part = store.part_path("decrees", "a.pdf", 2024)
    older = pq.read_table(part)
    metadata = {k: v for k, v in (older.schema.metadata or {}).items() if k != CONTRACT_KEY}
    write_atomic(older.replace_schema_metadata(metadata), part)
    assert not store.done()["a.pdf"].current_contract
    assert pipeline.plan_run(files, store, force=False, prune=False, ocr=False).to_extract == files
