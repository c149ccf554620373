"""Merge the one-decree parts of each year's partition into large files, and take decrees back out of them.

Why merged files plus small parts, not one file per year: replacing one decree then rewrites only the merged file
that holds it (at most ``MERGED_DECREES`` decrees), never a whole year, and every reader (pandas, DuckDB,
Polars) sees plain Parquet without tombstones to apply. New decrees land as small parts as before; once
``AUTO_COMPACT_PARTS`` of them wait, a run merges them (``iki-pipeline compact OUT`` does it at once). Each merge
or removal is one journaled step (store/journal.py).
"""
from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from store.journal import FileChanges, new_file_name
from store.schema import ALL_DATASETS, CONTRACT, CONTRACT_KEY

MERGED_PREFIX = "merged"
MERGED_DECREES = 2000  # decrees per merged file: bounds the rewrite one replaced decree costs (~120k indicator rows)
DECREES_KEY = b"decrees"  # schema metadata of a merged file: how many decrees it holds
AUTO_COMPACT_PARTS = 500  # one-decree parts that may wait before a run merges them
# rows of a merged file are in decree_id order, so a reader asking for a range of decrees (the report, one slice
# at a time) skips the row groups outside it
ROW_ORDER = {"decrees": ["decree_id", "source_path"], "positions": ["decree_id", "position_idx"],
             "indicators": ["decree_id", "position_idx", "row_idx"], "pages": ["decree_id", "page"],
             "normalizations": ["decree_id"]}


def merged_files(dataset_dir: Path) -> list[Path]:
    """The merged files of a dataset, every partition."""
    return sorted(dataset_dir.glob(f"*/{MERGED_PREFIX}-*.parquet"))


def decree_count(path: Path) -> int:
    """Decrees a dataset file holds (1 for a one-decree part)."""
    if not path.name.startswith(f"{MERGED_PREFIX}-"):
        return 1
    return int((pq.read_schema(path).metadata or {}).get(DECREES_KEY, b"0"))


def merge_groups(files: Sequence[Path], capacity: int = MERGED_DECREES) -> list[list[Path]]:
    """Files of one partition in groups of at most ``capacity`` decrees; merged files already at least half full
    stay alone, a group of one file is left as it is."""
    groups: list[list[Path]] = []
    current: list[Path] = []
    held = 0
    for path in files:
        count = decree_count(path)
        if path.name.startswith(f"{MERGED_PREFIX}-") and count * 2 >= capacity:
            continue
        if current and held + count > capacity:
            groups.append(current)
            current, held = [], 0
        current.append(path)
        held += count
    groups.append(current)
    return [g for g in groups if len(g) > 1]


def merge_into(changes: FileChanges, dataset: str, group: Sequence[Path]) -> None:
    """Read ``group`` (parts and merged files of one partition), write it as one merged file, delete the group."""
    schema = ALL_DATASETS[dataset]
    tables = [pq.read_table(path, schema=schema) for path in group]
    decrees = sum(decree_count(p) for p in group)
    merged = pa.concat_tables(tables).sort_by([(c, "ascending") for c in ROW_ORDER[dataset]]).replace_schema_metadata(
        {**(schema.metadata or {}), CONTRACT_KEY: CONTRACT.encode(), DECREES_KEY: str(decrees).encode()})
    changes.write(merged, group[0].parent / new_file_name(MERGED_PREFIX))
    for path in group:
        changes.delete(path)


def drop_decrees(changes: FileChanges, dataset: str, files: Iterable[Path], key: str, values: set[str]) -> None:
    """Rewrite the merged files that hold a row whose ``key`` column is in ``values``, without those rows (a file
    left empty is deleted)."""
    wanted = pa.array(sorted(values), pa.string())
    for path in files:
        if not pc.any(pc.is_in(pq.read_table(path, columns=[key]).column(key), value_set=wanted)).as_py():
            continue
        table = pq.read_table(path, schema=ALL_DATASETS[dataset])
        kept = table.filter(pc.invert(pc.is_in(table.column(key), value_set=wanted)))
        changes.delete(path)
        if kept.num_rows:
            metadata = dict(table.schema.metadata or {})
            before = int(metadata.get(DECREES_KEY, b"0"))
            gone = len(set(table.column(key).to_pylist()) - set(kept.column(key).to_pylist()))
            metadata[DECREES_KEY] = str(max(before - gone, 1)).encode()
            changes.write(kept.replace_schema_metadata(metadata), path.parent / new_file_name(MERGED_PREFIX))


def by_partition(paths: Iterable[Path]) -> dict[Path, list[Path]]:
    """Dataset files grouped by their partition folder, in a stable order."""
    grouped: dict[Path, list[Path]] = collections.defaultdict(list)
    for path in sorted(paths):
        grouped[path.parent].append(path)
    return grouped
