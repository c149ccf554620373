"""The output folder as Parquet datasets written one decree at a time, so a run can stop anywhere.

Each dataset (``decrees.parquet``, ``positions.parquet``, ``indicators.parquet``, ``pages.parquet``,
``normalizations.parquet``) is a folder partitioned Hive-style by the decree's year (``decree_year=2023/``,
``decree_year=0/`` when no year is printed), so readers that filter on a year open only that year's files;
inside, one part per input file, named after a hash of the file's source path, until enough wait and they are
merged into ``merged-*.parquet`` files of many decrees (store/compaction.py). A decree is complete when its
``decrees`` row exists: its part is written last, each part atomically (temp file, then rename); merges and
removals from merged files are journaled steps (store/journal.py). A rerun reads the decrees dataset to know what
is done; leftovers of an interrupted decree are overwritten or swept away.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from extract.document import DocumentResult
from normalize.columns import normalize_result
from store.compaction import (
    AUTO_COMPACT_PARTS,
    MERGED_DECREES,
    by_partition,
    drop_decrees,
    merge_groups,
    merge_into,
    merged_files,
)
from store.decree_tables import decree_tables
from store.journal import FileChanges, replay_journals
from store.parquet_writer import write_atomic
from store.schema import ALL_DATASETS, CONTRACT, CONTRACT_KEY, PARTITION

# decrees last: its part marks the decree done
DATA_ORDER = ("pages", "normalizations", "indicators", "positions", "decrees")
UNKNOWN_YEAR = 0


@dataclass(frozen=True)
class DoneDecree:
    """What the output already holds for one source file."""

    source_path: str
    decree_id: str
    pipeline_version: str
    status: str
    current_contract: bool = True  # written with today's column types (store.schema.CONTRACT)
    merged: bool = False  # held in a merged file (store/compaction.py), not in a part of its own
    partition: str = ""  # its year's partition folder, e.g. decree_year=2023


def part_key(source_path: str) -> str:
    """Stable file-name key of a source path."""
    return hashlib.sha1(source_path.encode("utf-8")).hexdigest()[:20]


class DatasetStore:
    """Reads and writes the per-decree parts and the merged files under one output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._merged_sources: set[str] | None = None  # decrees held in merged files, read once when first needed

    def dataset_dir(self, name: str) -> Path:
        return self.out / f"{name}.parquet"

    def part_path(self, name: str, source_path: str, year: int | None) -> Path:
        """Where the part of one decree goes: its year's partition folder."""
        partition = f"{PARTITION}={year if year else UNKNOWN_YEAR}"
        return self.dataset_dir(name) / partition / f"part-{part_key(source_path)}.parquet"

    def parts(self, name: str, source_path: str | None = None) -> list[Path]:
        """The one-decree parts of a dataset in every partition (only those of ``source_path`` when given)."""
        if source_path is None:
            return sorted(self.dataset_dir(name).glob(f"{PARTITION}=*/part-*.parquet"))
        # one look per partition folder, not a listing of every part: writing N decrees stays linear in N
        part_name = f"part-{part_key(source_path)}.parquet"
        return sorted(p / part_name for p in self.dataset_dir(name).glob(f"{PARTITION}=*") if (p / part_name).exists())

    def files(self, name: str) -> list[Path]:
        """Every file of a dataset: one-decree parts and merged files."""
        return self.parts(name) + merged_files(self.dataset_dir(name))

    def prepare(self) -> None:
        """Create the dataset folders and finish a merge or removal a crash cut off; what an older, unpartitioned
        layout left (a single file, parts at the top of the folder) is removed, and those decrees are extracted
        again."""
        replay_journals(self.out)
        for name in ALL_DATASETS:
            path = self.dataset_dir(name)
            if path.is_file():
                path.unlink()
            path.mkdir(parents=True, exist_ok=True)
            for legacy in path.glob("*.parquet"):
                legacy.unlink()

    def done(self) -> dict[str, DoneDecree]:
        """Decrees already complete in the output, by source path."""
        found: dict[str, DoneDecree] = {}
        merged: set[str] = set()
        for path in self.files("decrees"):
            table = pq.read_table(path, columns=["source_path", "decree_id", "pipeline_version", "status"])
            current = (table.schema.metadata or {}).get(CONTRACT_KEY) == CONTRACT.encode()
            is_merged = not path.name.startswith("part-")
            for row in table.to_pylist():
                found[row["source_path"]] = DoneDecree(row["source_path"], row["decree_id"], row["pipeline_version"],
                                                       row["status"], current, is_merged, path.parent.name)
                if is_merged:
                    merged.add(row["source_path"])
        self._merged_sources = merged
        return found

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """One dataset as a DataFrame with its declared types (empty, not missing, when no decree is done)."""
        schema = ALL_DATASETS[name]
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns])
        files = self.files(name)
        if not files:
            return schema.empty_table().to_pandas()
        return pq.ParquetDataset(files, schema=schema).read(columns=columns).to_pandas()

    def stream_values(self, name: str, columns: list[str]) -> Iterator[object]:
        """Every value of ``columns`` in a dataset, one batch of rows in memory at a time."""
        files = self.files(name)
        if not files:
            return
        schema = pa.schema([ALL_DATASETS[name].field(c) for c in columns])
        for batch in ds.dataset(files, schema=schema, format="parquet").to_batches(columns=columns):
            for column in batch.columns:
                yield from column.to_pylist()

    def write(self, result: DocumentResult) -> str:
        """Write one decree's rows to every dataset, the decree row last; returns the decree's status as written
        (`failed` when its rows break the output contract: see `store.decree_tables`)."""
        source = result.decree["source_path"]
        tables = decree_tables(normalize_result(result))  # normalized already by the worker in a pipeline run
        year = tables["decrees"]["year"][0].as_py()
        self.unmerge(source)  # its earlier rows leave their merged files first
        for name in reversed(DATA_ORDER):  # parts left in another year's folder go first, the decree part first
            for stale in self.parts(name, source):
                if stale != self.part_path(name, source, year):
                    stale.unlink(missing_ok=True)
        for name in DATA_ORDER:
            write_atomic(tables[name], self.part_path(name, source, year))
        return str(tables["decrees"]["status"][0].as_py())

    def remove(self, *source_paths: str) -> None:
        """Drop decrees from every dataset (decree rows first, so a crash leaves no half-listed decree). Decrees in
        merged files leave them in one journaled step that rewrites only the merged files holding them."""
        for source in source_paths:
            for name in reversed(DATA_ORDER):
                for part in self.parts(name, source):
                    part.unlink(missing_ok=True)
        self.unmerge(*source_paths)

    def unmerge(self, *source_paths: str) -> None:
        """Take decrees out of the merged files that hold them, in one journaled step rewriting only those files
        (decrees in parts of their own are left alone)."""
        sources = set(source_paths)
        merged = sources & self._merged()
        if not merged:
            return
        done = self.done()
        gone_ids = {done[s].decree_id for s in merged if s in done}
        # a decree_id another kept decree still holds (a duplicate written before duplicates were detected) stays
        gone_ids -= {d.decree_id for s, d in done.items() if s not in sources}
        partitions = {done[s].partition for s in merged if s in done}
        changes = FileChanges(self.out)
        for name in reversed(DATA_ORDER):
            key, values = ("source_path", merged) if name == "decrees" else ("decree_id", gone_ids)
            files = [p for p in merged_files(self.dataset_dir(name)) if p.parent.name in partitions]
            drop_decrees(changes, name, files, key, values)
        changes.apply()
        self._merged_sources = self._merged() - merged

    def compact(self, min_parts: int = 2, capacity: int = MERGED_DECREES) -> int:
        """Merge one-decree parts (and merged files less than half full) of each partition into merged files of at
        most ``capacity`` decrees, when the output holds at least ``min_parts`` parts of complete decrees; returns
        how many files were merged.
        Leftovers of an unfinished decree stay parts, for the sweep."""
        done = self.done()
        complete = {f"part-{part_key(s)}.parquet" for s, d in done.items() if d.current_contract and not d.merged}
        if len(complete) < max(min_parts, 1):
            return 0
        changes = FileChanges(self.out)
        for name in DATA_ORDER:  # decrees last: their merge is what a reader of done() sees
            files = [p for p in self.parts(name) if p.name in complete] + merged_files(self.dataset_dir(name))
            for group in (g for files_in in by_partition(files).values() for g in merge_groups(files_in, capacity)):
                merge_into(changes, name, group)
        merged_count = len(changes.deletions)
        changes.apply()
        self._merged_sources = None
        return merged_count

    def compact_if_due(self) -> int:
        """Merge once ``AUTO_COMPACT_PARTS`` one-decree parts wait (what a run calls after writing)."""
        waiting = sum(1 for _ in self.dataset_dir("decrees").glob(f"{PARTITION}=*/part-*.parquet"))
        return self.compact(AUTO_COMPACT_PARTS) if waiting >= AUTO_COMPACT_PARTS else 0

    def sweep(self, keep: Iterable[str]) -> int:
        """Delete parts of decrees not in ``keep`` (unfinished leftovers, pruned inputs); returns how many."""
        wanted = {part_key(s) for s in keep}
        removed = 0
        for name in ALL_DATASETS:
            for part in self.parts(name):
                if part.stem.removeprefix("part-") not in wanted:
                    part.unlink()
                    removed += 1
            for partition in self.dataset_dir(name).glob(f"{PARTITION}=*"):
                for tmp in partition.glob(".*.tmp-*"):
                    tmp.unlink()
                if not any(partition.iterdir()):
                    partition.rmdir()
        return removed

    def _merged(self) -> set[str]:
        if self._merged_sources is None:
            self.done()
        return self._merged_sources or set()
