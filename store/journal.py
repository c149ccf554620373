"""Change several dataset files as one step: every new file is written under a temp name first, then a journal
lists the renames and deletions, then they are done, then the journal goes.

A crash before the journal is written leaves only temp files (swept by the next run); a crash after it is rolled
forward by ``replay_journals`` when the next run prepares the output, so a reader never keeps a decree twice
(once in a merged file, once in its own part) or half of one.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

JOURNAL_DIR = ".store-journal"  # hidden: Parquet readers of the output folder skip it
ROW_GROUP_ROWS = 32 * 1024  # large enough for fast scans, small enough for a range of decree_ids to skip groups


@dataclass
class FileChanges:
    """The renames (temp -> final) and deletions of one step, collected before any of them is done."""

    out: Path
    renames: list[tuple[Path, Path]] = field(default_factory=list)
    deletions: list[Path] = field(default_factory=list)

    def write(self, table: pa.Table, final: Path) -> None:
        """Write ``table`` under a temp name next to ``final``; it becomes ``final`` when the step is applied."""
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        try:
            pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        except BaseException:  # a full disk, Ctrl-C: leave no half-written temp file behind
            tmp.unlink(missing_ok=True)
            raise
        self.renames.append((tmp, final))

    def delete(self, path: Path) -> None:
        self.deletions.append(path)

    def apply(self) -> None:
        """Journal the step, do it, drop the journal."""
        journal = self.record()
        if journal is not None:
            _roll_forward(journal)

    def record(self) -> Path | None:
        """Write the journal of the step (None when there is nothing to do): from here on it will be done."""
        if not self.renames and not self.deletions:
            return None
        journal_dir = self.out / JOURNAL_DIR
        journal_dir.mkdir(exist_ok=True)
        journal = journal_dir / f"{uuid.uuid4().hex}.json"
        spelled = {"renames": [[str(t), str(f)] for t, f in self.renames], "deletions": [str(p) for p in self.deletions]}
        tmp = journal.with_name(f".{journal.name}.tmp")
        tmp.write_text(json.dumps(spelled), encoding="utf-8")
        os.replace(tmp, journal)
        return journal


def new_file_name(prefix: str) -> str:
    """A fresh, unique Parquet file name (merged files are never overwritten in place, only replaced)."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}.parquet"


def replay_journals(out: Path) -> int:
    """Finish the steps a crash interrupted; returns how many."""
    journal_dir = out / JOURNAL_DIR
    if not journal_dir.is_dir():
        return 0
    journals = sorted(journal_dir.glob("*.json"))
    for journal in journals:
        _roll_forward(journal)
    for leftover in journal_dir.glob(".*.tmp"):  # a journal cut off while written: its step never started
        leftover.unlink()
    return len(journals)


def _roll_forward(journal: Path) -> None:
    spelled = json.loads(journal.read_text(encoding="utf-8"))
    for tmp, final in spelled["renames"]:
        if Path(tmp).exists():
            os.replace(tmp, final)
    for path in spelled["deletions"]:
        Path(path).unlink(missing_ok=True)
    journal.unlink()
