"""Write record lists as Parquet with an explicit schema, atomically (`extract.atomic_file`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.atomic_file import write_atomic as write_file_atomic


def records_to_table(records: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Build an Arrow table with exactly the schema's columns (missing keys become nulls)."""
    columns = {f.name: [_value(r.get(f.name), f.type) for r in records] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _value(value: Any, data_type: pa.DataType) -> Any:
    """A date stored in a timestamp column is its midnight (pandas reads timestamps as datetime64, dates as
    objects)."""
    if pa.types.is_timestamp(data_type) and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` so that a reader never sees a half-written file."""
    write_file_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
