"""Read an output folder one slice of decrees at a time, so that the report's memory follows the slice size, not the
archive: a slice is one year's partition, cut into ranges of at most ``SLICE_DECREES`` decree_ids.

Every row of a decree is in its year's partition, so a slice holds whole decrees with all their positions, rows and
pages, and the per-decree checks give the same findings as over the whole folder. Merged files keep their rows in
decree_id order (store/compaction.py), so reading a range skips most row groups. Read problems (a missing dataset,
an unreadable part, a part off the contract) are reported once, with the slice where they are first met.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from report.findings import Finding
from report.output_tables import OutputTables, conform_table, empty_frame, table_to_frame
from store.schema import DATASETS

SLICE_DECREES = 1000
Range = tuple[str | None, str | None]  # decree_ids from (inclusive) .. to (exclusive); None: open; from None: nulls too


def dataset_files(folder: Path) -> dict[str, list[Path]]:
    """A dataset's files by partition folder name ("" for a dataset written as one file)."""
    if folder.is_file():
        return {"": [folder]}
    by_partition: dict[str, list[Path]] = {}
    for path in sorted(p for p in folder.rglob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []:
        by_partition.setdefault("" if path.parent == folder else path.parent.name, []).append(path)
    return by_partition


def decree_ranges(decree_files: list[Path], slice_decrees: int) -> list[Range]:
    """Ranges of at most ``slice_decrees`` decree_ids covering every id (and the nulls) of one partition."""
    ids: set[str] = set()
    for path in decree_files:
        try:
            ids.update(i for i in pq.read_table(path, columns=["decree_id"]).column("decree_id").to_pylist() if i)
        except (OSError, KeyError, pa.ArrowException):  # reported when the slice reads it
            continue
    bounds = sorted(ids)[slice_decrees::slice_decrees]
    starts: list[str | None] = [None, *bounds]
    ends: list[str | None] = [*bounds, None]
    return list(zip(starts, ends))


def _range_filter(decree_range: Range) -> ds.Expression | None:
    start, end = decree_range
    field = pc.field("decree_id")
    if start is None:
        return None if end is None else (field < end) | field.is_null()
    return field >= start if end is None else (field >= start) & (field < end)


def _read_range(path: Path, decree_range: Range, label: str, schema: pa.Schema, findings: list[Finding]
                ) -> pa.Table | None:
    """The rows of one file in a range, conformed to the contract; a file that cannot be filtered (its decree_id
    is off the contract) is read whole with the first range."""
    expression = _range_filter(decree_range)
    try:
        try:
            table = ds.dataset(path, format="parquet").to_table(filter=expression) if expression is not None \
                else pq.read_table(path)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            if decree_range[0] is not None:
                return None
            table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        findings.append(Finding("contract.unreadable_part", f"{label}: cannot read {path.name}: "
                                f"{' '.join(str(exc).split())[:300]}", value=str(path)))
        return None
    return conform_table(table, schema, f"{label}/{path.name}", findings)


def load_output_slices(out_dir: Path, slice_decrees: int = SLICE_DECREES) -> Iterator[tuple[OutputTables,
                                                                                            list[Finding]]]:
    """The four datasets of ``out_dir`` slice by slice (contract columns, Arrow dtypes), each with the read
    findings first met in it; at least one slice, empty when the folder holds no rows."""
    files = {name: dataset_files(out_dir / f"{name}.parquet") for name in DATASETS}
    pending = [Finding("contract.missing_dataset", f"{name}: no Parquet part under {name}.parquet",
                       value=str(out_dir / f"{name}.parquet")) for name, found in files.items() if not found]
    reported: set[Finding] = set()
    partitions = sorted(set().union(*files.values())) or [""]
    for partition in partitions:
        for decree_range in decree_ranges(files["decrees"].get(partition, []), slice_decrees):
            frames = {}
            for name, schema in DATASETS.items():
                tables = [t for t in (_read_range(p, decree_range, name, schema, pending)
                                      for p in files[name].get(partition, [])) if t is not None]
                frames[name] = table_to_frame(pa.concat_tables(tables)) if tables else empty_frame(schema)
            new = [f for f in dict.fromkeys(pending) if f not in reported]
            reported.update(new)
            pending = []
            yield OutputTables(frames["decrees"], frames["positions"], frames["indicators"], frames["pages"]), new
