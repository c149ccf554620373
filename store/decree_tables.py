"""One decree's result -> its Arrow table per dataset, validated against the output contract before any part is
written: a decree whose rows break it is recorded as `failed` with what broke (the rows are not written), so a
dataset folder never holds an odd part that a reader or the report trips over later."""
from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
from pandera.errors import SchemaErrors

from extract.document import DocumentResult
from store.contract import contract_schemas
from store.parquet_writer import records_to_table
from store.schema import ALL_DATASETS, CONTRACT, CONTRACT_KEY, DATASETS

ERROR_LENGTH = 1000  # decrees.error is one line, cut as the extractor cuts it
EXAMPLES = 3  # failing values named per broken rule


class ContractBroken(Exception):
    """A decree's rows do not meet the output contract (`failures`: one line per broken rule)."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures


def decree_tables(result: DocumentResult) -> dict[str, pa.Table]:
    """Every dataset's table for one decree (the `contract` fingerprint in their metadata), validated; a decree
    that breaks the contract comes back as its `failed` decree row alone, the reason in its ``error``."""
    try:
        return _validated_tables(result)
    except ContractBroken as broken:
        return _validated_tables(contract_failed(result, broken.failures))


def _validated_tables(result: DocumentResult) -> dict[str, pa.Table]:
    records = {"pages": result.pages, "normalizations": result.normalizations, "indicators": result.indicators,
               "positions": result.positions, "decrees": [result.decree]}
    tables: dict[str, pa.Table] = {}
    for name, schema in ALL_DATASETS.items():
        try:
            table = records_to_table(records[name], schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:  # a value Arrow cannot hold in its column
            raise ContractBroken([f"{name}: {' '.join(str(exc).split())}"]) from exc
        tables[name] = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                      CONTRACT_KEY: CONTRACT.encode()})
    failures = contract_failures(tables)
    if failures:
        raise ContractBroken(failures)
    return tables


def contract_failures(tables: dict[str, pa.Table]) -> list[str]:
    """What in one decree's tables breaks the contract, one line per dataset, column and rule ([] when none)."""
    frames = {name: tables[name].to_pandas(types_mapper=pd.ArrowDtype) for name in DATASETS}
    decree_ids = set(frames["decrees"]["decree_id"].dropna())
    position_keys = set(zip(frames["positions"]["decree_id"], frames["positions"]["position_idx"]))
    failures: list[str] = []
    for name, schema in contract_schemas(decree_ids, position_keys, document_values=False).items():
        try:
            schema.validate(frames[name], lazy=True)
        except SchemaErrors as errors:
            cases = errors.failure_cases
            for (column, check), group in cases.groupby([cases["column"].astype(str), cases["check"].astype(str)],
                                                        sort=True):
                examples = ", ".join(repr(v) for v in group["failure_case"].head(EXAMPLES))
                failures.append(f"{name}.{column} fails {check} in {len(group)} row(s): {examples}")
    return failures


def contract_failed(result: DocumentResult, failures: list[str]) -> DocumentResult:
    """The decree recorded `failed` because its rows break the contract: its row alone, with what broke."""
    decree = result.decree
    pages = decree.get("pages")
    record: dict[str, Any] = {
        "decree_id": decree.get("decree_id"), "source_path": decree.get("source_path"),
        "pipeline_version": decree.get("pipeline_version"), "status": "failed",
        "error": "; ".join(filter(None, [decree.get("error"), f"{decree.get('source_path')}: output contract not met: "
                                                               f"{'; '.join(failures)}"]))[:ERROR_LENGTH],
        "pages": pages if isinstance(pages, int) and pages >= 0 else 0, "text_pages": 0, "ocr_pages": 0,
        "positions": 0, "indicators": 0,
    }
    return DocumentResult(record, normalized=result.normalized)
