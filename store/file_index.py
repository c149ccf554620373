"""``files.parquet``: every input path and the decree it holds, duplicates included; one file per output folder.

Unlike the per-decree datasets it is small (one row per input), so it is rewritten whole at the end of a run:
this run's inputs, plus the rows of earlier runs whose file is no input now but whose decree is still kept.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from store.parquet_writer import records_to_table, write_atomic
from store.schema import FILE_INDEX_NAME, FILES


def file_index_path(out: Path) -> Path:
    return out / f"{FILE_INDEX_NAME}.parquet"


def read_file_index(out: Path) -> list[dict[str, Any]]:
    """The rows of the output's file index ([] when there is none or it cannot be read)."""
    try:
        return pq.read_table(file_index_path(out)).to_pylist()
    except (OSError, ValueError):
        return []


def write_file_index(out: Path, records: Sequence[dict[str, Any]], kept_decree_ids: set[str],
                     keep_earlier: bool) -> int:
    """Rewrite the index with ``records``; earlier rows for other paths stay when ``keep_earlier`` and their
    decree is in ``kept_decree_ids``. Returns the number of rows."""
    current = {r["source_path"] for r in records}
    earlier = [r for r in read_file_index(out) if keep_earlier and r["source_path"] not in current
               and r["decree_id"] in kept_decree_ids]
    rows = sorted([*records, *earlier], key=lambda r: r["source_path"])
    write_atomic(records_to_table(rows, FILES), file_index_path(out))
    return len(rows)
