"""Byte-identical input files: one is read, every other is recorded as its duplicate.

An archive holds the same decree under several names (a copy per folder, a re-upload). They share a content
hash, hence a `decree_id`; reading each would repeat every position and indicator row under one key.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from batch.inputs import InputFile


def find_duplicates(files: Sequence[InputFile], decree_ids: Mapping[str, str], done_ids: Mapping[str, str]
                    ) -> dict[str, str]:
    """``{duplicate source_path: the source_path that is read}`` over files with equal content hashes
    (``decree_ids``). The one read is the one already in the output with that hash (``done_ids``: source_path ->
    decree_id) if any, so a rerun reads nothing again; else the first in input order."""
    members: dict[str, list[str]] = {}
    for item in files:
        members.setdefault(decree_ids[item.source_path], []).append(item.source_path)
    duplicate_of: dict[str, str] = {}
    for decree_id, sources in members.items():
        in_output = [s for s in sources if done_ids.get(s) == decree_id]
        kept = (in_output or sources)[0]
        duplicate_of.update({s: kept for s in sources if s != kept})
    return duplicate_of


def file_records(files: Sequence[InputFile], decree_ids: Mapping[str, str], duplicate_of: Mapping[str, str],
                 done_sources: set[str]) -> list[dict[str, Any]]:
    """One `files` row per input whose decree is in the output (its own, or the one it duplicates)."""
    from store.file_index import modified_time

    records = []
    for item in files:
        source = duplicate_of.get(item.source_path)
        if (source or item.source_path) not in done_sources:
            continue
        stat = item.path.stat()
        records.append({"source_path": item.source_path, "decree_id": decree_ids[item.source_path],
                        "duplicate_of": source, "size_bytes": stat.st_size,
                        "modified": modified_time(stat), "input_path": str(item.path.resolve())})
    return records
