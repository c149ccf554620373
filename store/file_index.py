"""``files.parquet``: every input path and the decree it holds, duplicates included; one file per output folder.

Unlike the per-decree datasets it is small (one row per input), so it is rewritten whole at the end of a run:
this run's inputs, plus the rows of earlier runs whose file is no input now but whose decree is still kept.

It is also what makes a rerun's plan proportional to what changed: a file whose size and modification time are
the recorded ones keeps its recorded hash, and only the others are read and hashed (as rsync and make decide).
The trade-off is rsync's: a file rewritten with other bytes of the same size whose mtime was set back is taken
as unchanged; ``--checksum`` hashes every file, ``--force`` re-extracts every file.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from batch.inputs import InputFile
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


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def modified_time(stat: os.stat_result) -> dt.datetime:
    """A file's mtime at the index's precision (whole milliseconds, UTC), computed exactly from nanoseconds."""
    return EPOCH + dt.timedelta(milliseconds=stat.st_mtime_ns // 1_000_000)


def recorded_hashes(out: Path) -> dict[str, tuple[int, int, str]]:
    """``{source_path: (size_bytes, mtime in ms, decree_id)}`` from the index ({} when there is none)."""
    try:
        table = pq.read_table(file_index_path(out), columns=["source_path", "size_bytes", "modified", "decree_id"])
    except (OSError, ValueError, KeyError, pa.ArrowInvalid):
        return {}
    millis = table.column("modified").cast(pa.timestamp("ms", tz="UTC")).cast(pa.int64()).to_pylist()
    return {source: (size, ms, decree_id) for source, size, ms, decree_id in zip(
        table.column("source_path").to_pylist(), table.column("size_bytes").to_pylist(), millis,
        table.column("decree_id").to_pylist()) if None not in (size, ms, decree_id)}


def content_hashes(files: Sequence[InputFile], out: Path, checksum: bool = False) -> dict[str, str]:
    """The sha256 of every input: the recorded one when its size and mtime are unchanged (unless ``checksum``),
    else read from the file."""
    from extract.document import file_sha256

    recorded = {} if checksum else recorded_hashes(out)
    hashes: dict[str, str] = {}
    for item in files:
        known = recorded.get(item.source_path)
        if known is not None:
            stat = item.path.stat()
            if (stat.st_size, stat.st_mtime_ns // 1_000_000) == known[:2]:
                hashes[item.source_path] = known[2]
                continue
        hashes[item.source_path] = file_sha256(item.path)
    return hashes
