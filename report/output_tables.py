"""Read an output folder into pandas frames shaped exactly like the contract, turning read problems into findings.

Each dataset (``decrees.parquet`` …) is read part by part: a part's Arrow schema is compared with
``store.schema`` (``contract.part_schema``), then conformed to it (missing columns become nulls, extra ones are
dropped, castable types are cast), so every later check sees the contract's columns and types even when one
part is off. Frames use Arrow-backed dtypes (``pd.ArrowDtype``), which keep nullable ints and lists intact.

The spelling normalizer's artefacts are optional: ``normalizations.parquet`` (file or folder) and
``variant_candidates.csv`` are read when present and are ``None`` otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from report.findings import Finding
from store.schema import DATASETS

NORMALIZATIONS_NAME = "normalizations.parquet"
VARIANT_CANDIDATES_NAME = "variant_candidates.csv"


@dataclass(frozen=True)
class OutputTables:
    """The four datasets of one output folder (contract columns, Arrow dtypes) and the optional normalizer files."""

    decrees: pd.DataFrame
    positions: pd.DataFrame
    indicators: pd.DataFrame
    pages: pd.DataFrame
    normalizations: pd.DataFrame | None = None
    variant_candidates: pd.DataFrame | None = None

    def dataset(self, name: str) -> pd.DataFrame:
        """The frame of dataset ``name`` (``decrees``, ``positions``, ``indicators`` or ``pages``)."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def with_keys(self) -> OutputTables:
        """Only the rows whose key columns are all set (the contract reports the others): what domain checks read."""
        keyed = {name: frame[frame[list(KEY_COLUMNS[name])].notna().all(axis=1)].reset_index(drop=True)
                 for name, frame in ((n, self.dataset(n)) for n in KEY_COLUMNS)}
        return replace(self, **keyed)


KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "decrees": ("decree_id",),
    "positions": ("decree_id", "position_idx"),
    "indicators": ("decree_id", "position_idx", "row_idx"),
    "pages": ("decree_id", "page"),
}


def equals(column: pd.Series, value: str) -> pd.Series:
    """Row mask ``column == value`` where a null is simply not equal (Arrow-backed comparisons yield nulls)."""
    return column.eq(value).fillna(False).astype(bool)


def load_output_tables(out_dir: Path) -> tuple[OutputTables, list[Finding]]:
    """Every dataset of ``out_dir`` conformed to the contract, and the findings met while reading."""
    findings: list[Finding] = []
    frames = {name: _read_dataset(out_dir / f"{name}.parquet", name, schema, findings)
              for name, schema in DATASETS.items()}
    normalizations, candidates = load_normalizer_files(out_dir, findings)
    tables = OutputTables(frames["decrees"], frames["positions"], frames["indicators"], frames["pages"],
                          normalizations, candidates)
    return tables, findings


def load_normalizer_files(out_dir: Path, findings: list[Finding]) -> tuple[pd.DataFrame | None,
                                                                         pd.DataFrame | None]:
    """The spelling normalizer's audit (``normalizations.parquet``) and ``variant_candidates.csv``, None when absent;
    a file that cannot be read adds a finding to ``findings``."""
    return (_read_optional_parquet(out_dir / NORMALIZATIONS_NAME, findings),
            _read_optional_csv(out_dir / VARIANT_CANDIDATES_NAME, findings))


def empty_frame(schema: pa.Schema) -> pd.DataFrame:
    """A frame with no rows and the contract's columns and dtypes."""
    return schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a pandas frame with Arrow-backed dtypes and a fresh 0..n-1 index."""
    return table.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)


def _read_dataset(path: Path, name: str, schema: pa.Schema, findings: list[Finding]) -> pd.DataFrame:
    parts = sorted(p for p in path.rglob("*.parquet") if not p.name.startswith(".")) if path.is_dir() else (
        [path] if path.is_file() else [])
    if not parts:
        findings.append(Finding("contract.missing_dataset", f"{name}: no Parquet part under {path.name}",
                                value=str(path)))
        return empty_frame(schema)
    tables = []
    for part in parts:
        try:
            table = pq.read_table(part)
        except (OSError, pa.ArrowException) as exc:
            findings.append(Finding("contract.unreadable_part", f"{name}: cannot read {part.name}: "
                                    f"{' '.join(str(exc).split())[:300]}", value=str(part)))
            continue
        tables.append(conform_table(table, schema, f"{name}/{part.name}", findings))
    if not tables:
        return empty_frame(schema)
    return table_to_frame(pa.concat_tables(tables))


def conform_table(table: pa.Table, schema: pa.Schema, label: str, findings: list[Finding]) -> pa.Table:
    """``table`` with exactly ``schema``'s columns; every difference becomes one ``contract.part_schema`` finding."""
    problems: list[str] = []
    columns: list[pa.Array | pa.ChunkedArray] = []
    for field in schema:
        if field.name not in table.column_names:
            problems.append(f"missing column {field.name}")
            columns.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(field.name)
        printed_type = column.type
        if printed_type != field.type:
            try:
                column = column.cast(field.type)
                problems.append(f"{field.name} is {printed_type}, not {field.type} (cast)")
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                problems.append(f"{field.name} is {printed_type}, not {field.type} (values dropped)")
                column = pa.nulls(table.num_rows, field.type)
        columns.append(column)
    extra = [c for c in table.column_names if c not in schema.names]
    if extra:
        problems.append(f"extra column(s) {', '.join(extra)}")
    if problems:
        decree_id = _first_decree_id(table)
        findings.append(Finding("contract.part_schema", f"{label}: {'; '.join(problems)}", decree_id=decree_id,
                                value="; ".join(problems)))
    return pa.Table.from_arrays(columns, schema=schema)


def _first_decree_id(table: pa.Table) -> str | None:
    if "decree_id" not in table.column_names or table.num_rows == 0:
        return None
    value = table.column("decree_id")[0].as_py()
    return value if isinstance(value, str) else None


def _read_optional_parquet(path: Path, findings: list[Finding]) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return table_to_frame(pq.read_table(path))
    except (OSError, pa.ArrowException) as exc:
        findings.append(Finding("contract.unreadable_part", f"cannot read {path.name}: {exc}", value=str(path)))
        return None


def _read_optional_csv(path: Path, findings: list[Finding]) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype_backend="pyarrow")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        findings.append(Finding("contract.unreadable_part", f"cannot read {path.name}: {exc}", value=str(path)))
        return None
