"""The output contract as pandera schemas: the types of ``store/schema.py`` plus the value rules the README states
in prose (allowed values, ranges, keys, cross-column and cross-table checks).

Two readers: `store.decree_tables` validates each decree's parts before they are written (a failure is recorded on
the decree, never written as an odd file), and `report.contract` validates a whole output folder lazily, turning
every failure into a finding.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pandera

from extract.decree_metadata import UNIT_TYPES
from store.schema import DATASETS

SHA256_HEX = r"^[0-9a-f]{64}$"
NIP_DIGITS = r"^[0-9]{18}$"
DECREE_STATUSES = ("ok", "partial", "failed")
ROW_METHODS = ("text", "ocr")
TABLE_STRATEGIES = ("ruled", "aligned")  # extract.page_tables.TableFragment.strategy
PAGE_ROTATIONS = (0, 90, 180, 270)
PAGE_METHODS = ("text", "ocr", "ocr-layer", "skipped", "failed")  # ocr-layer: a scan carrying its own OCR text
YEAR_RANGE = (1945, 2100)

# Columns that must never be null, per dataset (everything else may be empty and is judged by domain checks).
REQUIRED: dict[str, tuple[str, ...]] = {
    "decrees": ("decree_id", "source_path", "status", "pages", "text_pages", "ocr_pages", "positions",
                "indicators", "pipeline_version"),
    "positions": ("decree_id", "position_idx"),
    "indicators": ("decree_id", "position_idx", "row_idx", "page", "method", "confidence", "table_strategy",
                   "stitched"),
    "pages": ("decree_id", "page", "method"),
}
UNIQUE_KEYS: dict[str, list[str]] = {
    "decrees": ["source_path"],
    "positions": ["decree_id", "position_idx"],
    "indicators": ["decree_id", "position_idx", "row_idx"],
    "pages": ["decree_id", "page"],
}

# Rules on values read from the document (an OCR'd NIP one digit short, a table printed past the page edge):
# the report lists what breaks them; the store does not turn the decree away for them (see `contract_schemas`).
DOCUMENT_VALUE_RULES: frozenset[tuple[str, str]] = frozenset({
    ("decrees", "year"), ("decrees", "signatory_nip"),
    *(("indicators", f"{part}box_{edge}") for part in ("", "continued_") for edge in ("x0", "top", "x1", "bottom")),
})


def contract_schemas(decree_ids: set[str], position_keys: set[tuple[str, int]], document_values: bool = True
                     ) -> dict[str, pandera.DataFrameSchema]:
    """One pandera schema per dataset; the cross-table checks close over the decrees and (decree_id,
    position_idx) keys present. Without ``document_values`` the rules in DOCUMENT_VALUE_RULES are left out:
    what the store checks before a write is what the code guarantees (types, keys, references, closed
    vocabularies), so an odd value printed in a decree costs a report finding, never the decree's rows."""
    references_decrees = pandera.Check(lambda s: s.isna() | s.isin(decree_ids), name="references_decrees")
    rules: dict[str, dict[str, list[pandera.Check]]] = {
        "decrees": {
            "decree_id": [pandera.Check.str_matches(SHA256_HEX)],
            "status": [pandera.Check.isin(DECREE_STATUSES)],
            "pages": [pandera.Check.ge(0)], "text_pages": [pandera.Check.ge(0)],
            "ocr_pages": [pandera.Check.ge(0)],
            "unit_type": [pandera.Check.isin(UNIT_TYPES)],
            "year": [pandera.Check.in_range(*YEAR_RANGE)],
            "signatory_nip": [pandera.Check.str_matches(NIP_DIGITS)],
            "positions": [pandera.Check.ge(0)], "indicators": [pandera.Check.ge(0)],
        },
        "positions": {
            "decree_id": [references_decrees],
            "position_idx": [pandera.Check.ge(0)],
            "page_start": [pandera.Check.ge(1)], "page_end": [pandera.Check.ge(1)],
        },
        "indicators": {
            "decree_id": [references_decrees],
            "position_idx": [pandera.Check.ge(0)], "row_idx": [pandera.Check.ge(0)],
            "page": [pandera.Check.ge(1)],
            "method": [pandera.Check.isin(ROW_METHODS)],
            "confidence": [pandera.Check.in_range(0.0, 1.0)],
            "table_strategy": [pandera.Check.isin(TABLE_STRATEGIES)],
            **{f"{part}box_{edge}": [pandera.Check.ge(0.0)] for part in ("", "continued_")
               for edge in ("x0", "top", "x1", "bottom")},
            "continued_page": [pandera.Check.ge(1)],
        },
        "pages": {
            "decree_id": [references_decrees],
            "page": [pandera.Check.ge(1)],
            "method": [pandera.Check.isin(PAGE_METHODS)],
            "ocr_rotation_deg": [pandera.Check.isin(PAGE_ROTATIONS)],
            "ocr_mean_conf": [pandera.Check.in_range(0.0, 1.0)],
        },
    }
    frame_checks: dict[str, list[pandera.Check]] = {
        "decrees": [_ordered("ordered_page_counts", lambda df: df["text_pages"] + df["ocr_pages"] <= df["pages"])],
        "positions": [_ordered("ordered_pages", lambda df: df["page_end"] >= df["page_start"])],
        "indicators": [
            _ordered("ordered_box", lambda df: (df["box_x1"] >= df["box_x0"]) & (df["box_bottom"] >= df["box_top"])),
            pandera.Check(lambda df: pd.Series([k in position_keys for k in zip(df["decree_id"], df["position_idx"])],
                                               index=df.index), name="references_positions"),
        ],
        "pages": [],
    }
    schemas = {}
    for name, arrow_schema in DATASETS.items():
        columns = {
            field.name: pandera.Column(
                pd.ArrowDtype(field.type),
                checks=rules[name].get(field.name, []) if document_values or (name, field.name) not in
                DOCUMENT_VALUE_RULES else [],
                nullable=field.name not in REQUIRED[name], required=True)
            for field in arrow_schema
        }
        schemas[name] = pandera.DataFrameSchema(columns, checks=frame_checks[name], unique=UNIQUE_KEYS[name],
                                                strict=True, name=name)
    return schemas


def _ordered(name: str, holds: Callable[[pd.DataFrame], pd.Series]) -> pandera.Check:
    """A row-wise check that two bounds are in order; rows with a null bound pass (nullability is checked apart)."""
    return pandera.Check(lambda df: holds(df).fillna(True).astype(bool), name=name)
