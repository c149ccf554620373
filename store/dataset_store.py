"""The output folder as Parquet datasets written one decree at a time, so a run can stop anywhere.

Each dataset (``decrees.parquet``, ``positions.parquet``, ``indicators.parquet``, ``pages.parquet``,
``normalizations.parquet``) is a folder partitioned Hive-style by the decree's year (``decree_year=2023/``,
``decree_year=0/`` when no year is printed), so readers that filter on a year open only that year's files;
inside, one part per input file, named after a hash of the file's source path. A decree is complete when its
``decrees`` part exists: that part is written last, each part atomically (temp file, then rename). A rerun reads
the decree parts to know what is done; leftovers of an interrupted decree are overwritten or swept away.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract.document import DocumentResult
from normalize.columns import normalize_result
from store.decree_tables import decree_tables
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


def part_key(source_path: str) -> str:
    """Stable file-name key of a source path."""
    return hashlib.sha1(source_path.encode("utf-8")).hexdigest()[:20]


class DatasetStore:
    """Reads and writes the per-decree parts under one output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def dataset_dir(self, name: str) -> Path:
        return self.out / f"{name}.parquet"

    def part_path(self, name: str, source_path: str, year: int | None) -> Path:
        """Where the part of one decree goes: its year's partition folder."""
        partition = f"{PARTITION}={year if year else UNKNOWN_YEAR}"
        return self.dataset_dir(name) / partition / f"part-{part_key(source_path)}.parquet"

    def parts(self, name: str, source_path: str | None = None) -> list[Path]:
        """The parts of a dataset in every partition (only those of ``source_path`` when given)."""
        pattern = f"part-{part_key(source_path)}.parquet" if source_path is not None else "part-*.parquet"
        return sorted(self.dataset_dir(name).glob(f"{PARTITION}=*/{pattern}"))

    def prepare(self) -> None:
        """Create the dataset folders; what an older, unpartitioned layout left (a single file, parts at the top
        of the folder) is removed, and those decrees are extracted again."""
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
        for part in self.parts("decrees"):
            table = pq.read_table(part, columns=["source_path", "decree_id", "pipeline_version", "status"])
            current = (table.schema.metadata or {}).get(CONTRACT_KEY) == CONTRACT.encode()
            for row in table.to_pylist():
                found[row["source_path"]] = DoneDecree(row["source_path"], row["decree_id"],
                                                       row["pipeline_version"], row["status"], current)
        return found

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """One dataset as a DataFrame with its declared types (empty, not missing, when no decree is done)."""
        schema = ALL_DATASETS[name]
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns])
        parts = self.parts(name)
        if not parts:
            return schema.empty_table().to_pandas()
        return pq.ParquetDataset(parts, schema=schema).read(columns=columns).to_pandas()

    def write(self, result: DocumentResult) -> str:
        """Write one decree's rows to every dataset, the decree row last; returns the decree's status as written
        (`failed` when its rows break the output contract: see `store.decree_tables`)."""
        source = result.decree["source_path"]
        tables = decree_tables(normalize_result(result))  # normalized already by the worker in a pipeline run
        year = tables["decrees"]["year"][0].as_py()
        for name in reversed(DATA_ORDER):  # parts left in another year's folder go first, the decree part first
            for stale in self.parts(name, source):
                if stale != self.part_path(name, source, year):
                    stale.unlink(missing_ok=True)
        for name in DATA_ORDER:
            write_atomic(tables[name], self.part_path(name, source, year))
        return str(tables["decrees"]["status"][0].as_py())

    def remove(self, source_path: str) -> None:
        """Drop a decree from every dataset (decree row first, so a crash leaves no half-listed decree)."""
        for name in reversed(DATA_ORDER):
            for part in self.parts(name, source_path):
                part.unlink(missing_ok=True)

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
