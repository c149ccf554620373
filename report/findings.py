"""What a check reports: one :class:`Finding` per problem, and the catalogue of check names (their Arrow schema,
``QUALITY``, is in store/schema.py with every column's description).

Check names are stable (analysts filter ``quality.parquet`` on them); each has one fixed severity. The table of
names and meanings is :data:`CHECKS`, printed in the docstring of :mod:`report.checks`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

from store.schema import QUALITY

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CheckSpec:
    """One check: its stable name, its severity and what a finding of it means."""

    name: str
    severity: Severity
    meaning: str


_CATALOGUE: tuple[CheckSpec, ...] = (
    # The output contract (store/schema.py), checked per Parquet part with Arrow and per value with pandera.
    CheckSpec("contract.missing_dataset", "error", "a dataset folder is absent or holds no part"),
    CheckSpec("contract.unreadable_part", "error", "a Parquet part cannot be read"),
    CheckSpec("contract.part_schema", "error", "a part's columns or types differ from the contract"),
    CheckSpec("contract.null_value", "error", "a required column holds nulls"),
    CheckSpec("contract.value_not_allowed", "error", "a value outside its allowed set or pattern"),
    CheckSpec("contract.value_out_of_range", "error", "a number outside its range, or bounds in the wrong order"),
    CheckSpec("contract.duplicate_key", "error", "two rows share a key that must be unique"),
    CheckSpec("contract.orphan_row", "error", "a row points at a decree or position that does not exist"),
    CheckSpec("contract.check_failed", "error", "any other contract failure pandera reports"),
    # Decrees.
    CheckSpec("decree.failed", "error", "the file could not be read at all"),
    CheckSpec("decree.count_mismatch", "error", "decrees.positions/indicators differ from the rows written"),
    CheckSpec("decree.no_positions", "warning", "every page was read but no position was found"),
    CheckSpec("decree.metadata_missing", "warning", "unit_name or year is empty"),
    CheckSpec("decree.duplicate_id", "warning", "the same file (same sha256) is in the archive under two paths"),
    CheckSpec("decree.near_duplicate", "warning", "another decree has nearly the same indicator text"),
    # Pages.
    CheckSpec("page.failed", "error", "pages that could not be read (one finding per decree, pages in value)"),
    CheckSpec("page.skipped", "warning", "pages not read, e.g. scans without OCR (one finding per decree)"),
    # Positions.
    CheckSpec("position.no_indicators", "warning", "a position without any indicator row"),
    CheckSpec("position.header_unrecognised", "warning", "rows exist but no table header was recognised"),
    CheckSpec("position.duplicate", "warning", "the same jabatan with the same rows printed twice in a decree"),
    # Indicator rows, summarised per decree (``rows`` lists the (position_idx, row_idx) pairs).
    CheckSpec("row.empty_field", "warning", "indikator, formulasi or sumber data is empty"),
    CheckSpec("row.sasaran_unfilled", "warning", "the sasaran is empty: it could not be filled down"),
    CheckSpec("row.ratio_not_percentage", "warning", "a ratio formula (x 100%, berbanding, dibagi) under an "
              "indikator that is not a percentage"),
    CheckSpec("row.percentage_not_ratio", "warning", "a percentage indikator whose formula is not a ratio"),
    CheckSpec("row.low_ocr_confidence", "warning", "OCR rows whose confidence is under the threshold"),
    # Spelling normalization (read from normalizations.parquet / variant_candidates.csv when present).
    CheckSpec("normalize.applied", "info", "spelling normalizations applied (counted, run-wide)"),
    CheckSpec("normalize.variant_candidates", "info", "spelling variants found for review (counted, run-wide)"),
)
CHECKS: dict[str, CheckSpec] = {spec.name: spec for spec in _CATALOGUE}


RowKey = tuple[int, int]  # (position_idx, row_idx) within one decree


@dataclass(frozen=True)
class Finding:
    """One problem found in the output; ``rows`` names the indicator rows it covers, as (position_idx, row_idx)."""

    check: str
    message: str
    decree_id: str | None = None
    page: int | None = None
    position_idx: int | None = None
    row_idx: int | None = None
    value: str | None = None
    rows: tuple[RowKey, ...] = ()
    # what it says of each of ``rows`` (same order), for the reviewer who looks at one row: a finding that covers
    # many rows summarises them in ``message`` ("3 of 9 rows in 2 positions: …"), which says nothing of this one
    row_reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"unknown check name {self.check!r}: add it to report.findings.CHECKS")
        if self.row_reasons and len(self.row_reasons) != len(self.rows):
            raise ValueError(f"{self.check}: {len(self.row_reasons)} row reasons for {len(self.rows)} rows")

    @property
    def severity(self) -> Severity:
        return CHECKS[self.check].severity

    def flagged_rows(self) -> tuple[RowKey, ...]:
        """The indicator rows of ``decree_id`` this finding points at (for review crops)."""
        if self.rows:
            return self.rows
        if self.position_idx is not None and self.row_idx is not None:
            return ((self.position_idx, self.row_idx),)
        return ()

    def reason_for(self, row: RowKey) -> str:
        """What this finding says of one of its rows (its message when it has no reason per row)."""
        if self.row_reasons and row in self.rows:
            return self.row_reasons[self.rows.index(row)]
        return self.message


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Worst first, then in document order (decree, position, row, page); run-wide findings last within a rank."""
    def key(f: Finding) -> tuple[int, str, str, int, int, int]:
        return (SEVERITY_RANK[f.severity], f.check, f.decree_id or "\uffff", _or(f.position_idx), _or(f.row_idx),
                _or(f.page))
    return sorted(findings, key=key)


def _or(number: int | None) -> int:
    return -1 if number is None else number


def findings_to_table(findings: Sequence[Finding]) -> pa.Table:
    """Findings as a ``quality.parquet`` table (schema :data:`QUALITY`)."""
    columns: dict[str, list[object]] = {name: [] for name in QUALITY.names}
    for f in findings:
        for name, item in (("decree_id", f.decree_id), ("page", f.page), ("position_idx", f.position_idx),
                           ("row_idx", f.row_idx), ("check", f.check), ("severity", f.severity),
                           ("message", f.message), ("value", f.value)):
            columns[name].append(item)
    return pa.Table.from_pydict(columns, schema=QUALITY)


def format_rows(rows: Sequence[int], limit: int = 12) -> str:
    """``0, 2, 5`` (row_idx values), shortened past ``limit`` items."""
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" … (+{len(rows) - limit})" if len(rows) > limit else "")


def format_row_keys(keys: Sequence[RowKey], limit: int = 40) -> str:
    """Rows grouped by position: ``p1: 1; p5: 1, 2, 3`` (``p`` = position_idx, then row_idx values)."""
    by_position: dict[int, list[int]] = {}
    for position_idx, row_idx in keys[:limit]:
        by_position.setdefault(position_idx, []).append(row_idx)
    text = "; ".join(f"p{p}: {', '.join(str(r) for r in rows)}" for p, rows in by_position.items())
    return text + (f" … (+{len(keys) - limit} rows)" if len(keys) > limit else "")


def format_pages(pages: Sequence[int]) -> str:
    """Page numbers as ranges: ``4-13, 15``."""
    spans: list[list[int]] = []
    for page in sorted(set(pages)):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
