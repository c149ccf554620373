"""The output contract: one explicit Arrow schema per dataset (documented in the README)."""
from __future__ import annotations

import pyarrow as pa

STR = pa.string()
LIST_STR = pa.list_(pa.string())

DECREES = pa.schema([
    ("decree_id", STR), ("source_path", STR), ("status", STR), ("error", STR),
    ("pages", pa.int32()), ("text_pages", pa.int32()), ("ocr_pages", pa.int32()),
    ("unit_type", STR), ("unit_name", STR), ("region", STR), ("decree_number", STR),
    ("decree_date", pa.date32()), ("year", pa.int32()), ("signatory_name", STR), ("signatory_nip", STR),
    ("positions", pa.int32()), ("indicators", pa.int32()), ("pipeline_version", STR),
])

POSITIONS = pa.schema([
    ("decree_id", STR), ("position_idx", pa.int32()), ("jabatan_raw", STR), ("jabatan", STR),
    ("tugas_raw", LIST_STR), ("tugas", LIST_STR), ("fungsi_raw", LIST_STR), ("fungsi", LIST_STR),
    ("page_start", pa.int32()), ("page_end", pa.int32()), ("table_header", STR), ("table_columns", LIST_STR),
    ("jabatan_role", STR), ("bidang", STR),
])

INDICATORS = pa.schema([
    ("decree_id", STR), ("position_idx", pa.int32()), ("row_idx", pa.int32()),
    ("sasaran_raw", STR), ("indikator_raw", STR), ("formulasi_raw", STR), ("sumber_data_raw", STR),
    ("sasaran", STR), ("indikator", STR), ("formulasi", STR), ("sumber_data", STR),
    ("page", pa.int32()), ("method", STR), ("confidence", pa.float32()),
    ("box_x0", pa.float32()), ("box_top", pa.float32()), ("box_x1", pa.float32()), ("box_bottom", pa.float32()),
    ("indicator_kind", STR), ("is_ratio", pa.bool_()),
    ("extra", pa.map_(STR, STR)),
])

PAGES = pa.schema([
    ("decree_id", STR), ("page", pa.int32()), ("method", STR), ("reason", STR), ("error", STR),
])

# The spelling normalizer's audit: one row per distinct replacement in a decree (normalize/columns.py).
NORMALIZATIONS = pa.schema([
    ("decree_id", STR), ("column", STR), ("raw_token", STR), ("normalized_token", STR),
    ("rule", STR), ("source", STR), ("score", pa.float32()), ("count", pa.int32()),
])

DATASETS = {"decrees": DECREES, "positions": POSITIONS, "indicators": INDICATORS, "pages": PAGES}
# Audit datasets: written per decree next to DATASETS, kept out of it because the report's contract checks
# (report/contract.py) cover exactly the four row datasets.
AUDIT_DATASETS = {"normalizations": NORMALIZATIONS}
ALL_DATASETS = {**DATASETS, **AUDIT_DATASETS}
