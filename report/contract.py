"""The output contract as pandera schemas, validated lazily: every failure becomes a finding, none stops the run.

Why pandera: it states a table contract as code (types, nullability, allowed values, ranges, keys, cross-column
and cross-table checks), it is maintained and widely used with pandas (Arrow-backed dtypes included), and its lazy
mode collects *every* failure into one table (column, check, failing value, row index) instead of stopping at
the first: exactly what a quality report needs. The schemas are `store.contract`'s (the same the store checks each
decree against before writing it); this module turns their failures into findings.

Each pandera failure case is mapped to a stable check name (``contract.null_value``, ``contract.orphan_row`` …)
and failures of one rule are summarised per decree, so one broken part yields a few findings, not thousands.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pandera
from pandera.errors import SchemaErrors

from report.findings import Finding, RowKey, format_row_keys
from report.output_tables import OutputTables
from store.contract import contract_schemas as store_contract_schemas

# pandera check name (prefix) -> our stable check name
_CHECK_NAMES: tuple[tuple[str, str], ...] = (
    ("not_nullable", "contract.null_value"),
    ("isin", "contract.value_not_allowed"),
    ("str_matches", "contract.value_not_allowed"),
    ("in_range", "contract.value_out_of_range"),
    ("greater_than", "contract.value_out_of_range"),
    ("less_than", "contract.value_out_of_range"),
    ("ordered_", "contract.value_out_of_range"),
    ("field_uniqueness", "contract.duplicate_key"),
    ("multiple_fields_uniqueness", "contract.duplicate_key"),
    ("references_", "contract.orphan_row"),
)


# What the row-wise checks of a whole frame mean (their failures name no single column).
FRAME_CHECK_MEANINGS: dict[str, str] = {
    "ordered_page_counts": "text_pages + ocr_pages exceeds pages",
    "ordered_pages": "page_end is before page_start",
    "ordered_box": "box_x1 < box_x0 or box_bottom < box_top",
    "references_positions": "(decree_id, position_idx) is not in positions.parquet",
    "multiple_fields_uniqueness": "key not unique",
}


def contract_schemas(tables: OutputTables) -> dict[str, pandera.DataFrameSchema]:
    """One pandera schema per dataset; the cross-table checks close over the keys present in ``tables``."""
    decree_ids = set(tables.decrees["decree_id"].dropna())
    position_keys = set(zip(tables.positions["decree_id"], tables.positions["position_idx"]))
    return store_contract_schemas(decree_ids, position_keys)


def validate_contract(tables: OutputTables) -> list[Finding]:
    """Validate every dataset lazily; every failure summarised into findings (none raised)."""
    findings: list[Finding] = []
    for name, schema in contract_schemas(tables).items():
        frame = tables.dataset(name)
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as errors:
            findings.extend(failure_cases_to_findings(name, frame, errors.failure_cases))
    return findings


def finding_check_name(pandera_check: str) -> str:
    """Our stable check name for a pandera check (``isin(['ok'])`` -> ``contract.value_not_allowed``)."""
    for prefix, check in _CHECK_NAMES:
        if pandera_check.startswith(prefix):
            return check
    return "contract.check_failed"


def failure_cases_to_findings(dataset: str, frame: pd.DataFrame, failure_cases: pd.DataFrame) -> list[Finding]:
    """pandera failure cases -> findings, one per (column, check, decree); rows named when they are few.

    A check of the whole frame (a key, bounds in order) reports the same row once per column: it is counted once.
    """
    findings: list[Finding] = []
    cases = failure_cases.copy()
    cases["check"] = cases["check"].astype(str)
    cases["column"] = cases["column"].astype(object).where(cases["column"].notna(), None)
    frame_level = cases["schema_context"].astype(str).eq("DataFrameSchema") & cases["index"].map(_is_index)
    cases.loc[frame_level, "column"] = None
    cases.loc[frame_level, "failure_case"] = None
    cases = cases.drop_duplicates(subset=["column", "check", "index"])
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
        label = f"{dataset}.{column}" if isinstance(column, str) else dataset
        indexes = sorted({int(i) for i in group["index"] if _is_index(i)})
        if not indexes:  # a table-level failure: a wrong dtype, a missing column
            examples = ", ".join(str(v) for v in group["failure_case"].head(3))
            findings.append(Finding(finding_check_name(check), f"{label}: fails {check}: {examples}",
                                    value=check))
            continue
        located = frame.loc[indexes]
        values = {int(i): v for i, v in zip(group["index"], group["failure_case"]) if _is_index(i)}
        by_decree = located.groupby(located["decree_id"].astype(object).fillna(""), sort=True)
        for decree_id, rows in by_decree:
            findings.append(_located_finding(dataset, label, check, str(decree_id) or None, rows, values))
    return findings


def _located_finding(dataset: str, label: str, check: str, decree_id: str | None, rows: pd.DataFrame,
                     values: dict[int, object]) -> Finding:
    if check in FRAME_CHECK_MEANINGS:
        what = FRAME_CHECK_MEANINGS[check]
    else:
        what = f"fail {check}; e.g. " + ", ".join(sorted({_short(values.get(int(i))) for i in rows.index})[:3])
    message = f"{label}: {len(rows)} row(s): {what}"
    single = len(rows) == 1
    first = rows.iloc[0]
    position_idx = page = row_idx = None
    flagged: tuple[RowKey, ...] = ()
    reasons: tuple[str, ...] = ()
    if dataset == "indicators":
        keys = rows[["position_idx", "row_idx"]].dropna()
        by_row = {(int(p), int(r)): _row_reason(label, check, values.get(int(i)))
                  for i, p, r in zip(keys.index, keys["position_idx"], keys["row_idx"])}
        flagged = tuple(sorted(by_row))
        reasons = tuple(by_row[key] for key in flagged)
    if dataset in ("positions", "indicators") and rows["position_idx"].nunique(dropna=False) == 1:
        position_idx = _int_or_none(first["position_idx"])
        row_idx = flagged[0][1] if len(flagged) == 1 else None
    if dataset in ("indicators", "pages") and single:
        page = _int_or_none(first["page"])
    value = check if not flagged else f"{check}; rows {format_row_keys(flagged)}"
    return Finding(finding_check_name(check), message, decree_id=decree_id, page=page, position_idx=position_idx,
                   row_idx=row_idx, value=value, rows=flagged, row_reasons=reasons)


def _row_reason(label: str, check: str, value: object) -> str:
    """What a contract failure says of one row: the rule, and this row's own value when the rule is on a value."""
    if check in FRAME_CHECK_MEANINGS:
        return f"{label}: {FRAME_CHECK_MEANINGS[check]}"
    return f"{label}: fails {check}: {_short(value)}"


def _is_index(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _short(value: object) -> str:
    text = "null" if value is None or (not isinstance(value, Sequence) and pd.isna(value)) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


