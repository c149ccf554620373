"""The numbers a reader sees first: run totals, and one summary line per decree (pure functions over frames)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from report.findings import Finding
from report.output_tables import OutputTables, equals
from store.contract import DECREE_STATUSES, PAGE_METHODS



@dataclass(frozen=True)
class RunSummary:
    """Totals of one output folder and of its findings."""

    decrees: int
    decrees_by_status: dict[str, int]
    pages: int
    pages_by_method: dict[str, int]
    positions: int
    rows: int
    rows_by_method: dict[str, int]
    mean_ocr_confidence: float | None
    findings_by_severity: dict[str, int]

    @property
    def findings(self) -> int:
        return sum(self.findings_by_severity.values())

    @property
    def findings_per_10_rows(self) -> float | None:
        return 10 * self.findings / self.rows if self.rows else None


def _counts(series: pd.Series, names: Sequence[str]) -> dict[str, int]:
    counted = Counter(str(v) for v in series.dropna())
    return {name: counted.get(name, 0) for name in names} | {k: v for k, v in counted.items() if k not in names}


def summarise_run(tables: OutputTables, findings: Sequence[Finding]) -> RunSummary:
    """Run totals: decrees by status, pages by method, positions, rows by method, findings by severity."""
    ocr = tables.indicators.loc[equals(tables.indicators["method"], "ocr"), "confidence"].dropna().astype(float)
    severities = Counter(f.severity for f in findings)
    return RunSummary(
        decrees=len(tables.decrees), decrees_by_status=_counts(tables.decrees["status"], DECREE_STATUSES),
        pages=len(tables.pages), pages_by_method=_counts(tables.pages["method"], PAGE_METHODS),
        positions=len(tables.positions), rows=len(tables.indicators),
        rows_by_method=_counts(tables.indicators["method"], ("text", "ocr")),
        mean_ocr_confidence=float(ocr.mean()) if not ocr.empty else None,
        findings_by_severity={s: severities.get(s, 0) for s in ("error", "warning", "info")},
    )


def decree_table(tables: OutputTables, findings: Sequence[Finding]) -> pd.DataFrame:
    """One row per decree: status, pages by method, unit, year, positions, rows, OCR confidence, findings."""
    decrees = tables.decrees
    ids = decrees["decree_id"].astype(str)
    pages = tables.pages.assign(decree_id=tables.pages["decree_id"].astype(str))
    by_method = pages.pivot_table(index="decree_id", columns="method", values="page", aggfunc="count")
    rows = tables.indicators.assign(decree_id=tables.indicators["decree_id"].astype(str))
    row_counts = rows.groupby("decree_id").size()
    ocr_conf = rows[equals(rows["method"], "ocr")].groupby("decree_id")["confidence"].mean()
    position_counts = tables.positions.groupby(tables.positions["decree_id"].astype(str)).size()
    per_decree: dict[tuple[str, str], int] = Counter((f.decree_id or "", f.severity) for f in findings)
    table = pd.DataFrame({
        "decree_id": ids.to_numpy(),
        "source_path": decrees["source_path"].astype(str).to_numpy(),
        "status": decrees["status"].astype(str).to_numpy(),
        "pages": decrees["pages"].astype("float64").fillna(0).astype(int).to_numpy(),
    })
    for method in PAGE_METHODS:
        table[method] = [int(by_method.at[d, method]) if method in by_method.columns and d in by_method.index
                         and pd.notna(by_method.at[d, method]) else 0 for d in table["decree_id"]]
    table["unit_name"] = decrees["unit_name"].astype(object).where(decrees["unit_name"].notna(), "").to_numpy()
    table["year"] = [str(int(y)) if pd.notna(y) else "" for y in decrees["year"]]
    table["positions"] = [int(position_counts.get(d, 0)) for d in table["decree_id"]]
    table["rows"] = [int(row_counts.get(d, 0)) for d in table["decree_id"]]
    ocr_rows = rows[equals(rows["method"], "ocr")].groupby("decree_id").size()
    table["ocr_rows"] = [int(ocr_rows.get(d, 0)) for d in table["decree_id"]]
    table["ocr_confidence"] = [float(ocr_conf[d]) if d in ocr_conf.index else None for d in table["decree_id"]]
    for severity in ("error", "warning", "info"):
        table[f"{severity}s"] = [per_decree.get((d, severity), 0) for d in table["decree_id"]]
    return table.sort_values("source_path").reset_index(drop=True)
