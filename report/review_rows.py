"""The indicator rows a reviewer should look at, worst first: every row some finding points at, with its text."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from report.findings import SEVERITY_RANK, Finding
from report.output_tables import OutputTables
from report.row_crops import Box, CropKey, CropRequest

FIELD_LABELS = (("sasaran_raw", "Sasaran"), ("indikator_raw", "Indikator"), ("formulasi_raw", "Formulasi"),
                ("sumber_data_raw", "Sumber data"))


@dataclass(frozen=True)
class ReviewRow:
    """One flagged indicator row: where it is, what was extracted, and every finding that points at it."""

    key: CropKey
    source_path: str
    jabatan: str
    page: int | None
    method: str
    confidence: float | None
    fields: tuple[tuple[str, str], ...]  # (label, extracted text)
    box: Box | None
    findings: tuple[Finding, ...]
    continued: tuple[int, Box] | None = None  # (page, box) of the part after a page break that cut the row

    @property
    def worst_rank(self) -> int:
        return min(SEVERITY_RANK[f.severity] for f in self.findings)

    def crop_request(self) -> CropRequest | None:
        """What to render for this row (None without a page or a box)."""
        if self.page is None or self.box is None:
            return None
        parts = ((self.page, self.box),) + ((self.continued,) if self.continued is not None else ())
        return CropRequest(self.key, self.source_path, parts)


def review_order(row: ReviewRow) -> tuple[int, float, str, int, int]:
    """Worst first: severity, then OCR confidence, then document order."""
    return row.worst_rank, row.confidence if row.confidence is not None else 1.0, row.source_path, row.key[1], row.key[2]


def _value(value: object) -> object:
    return None if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)) else value


def select_review_rows(tables: OutputTables, findings: Sequence[Finding], limit: int) -> tuple[list[ReviewRow], int]:
    """The ``limit`` worst flagged rows (severity, then OCR confidence, then document order) and how many exist."""
    by_row: dict[CropKey, list[Finding]] = {}
    for finding in findings:
        if finding.decree_id is None:
            continue
        for position_idx, row_idx in finding.flagged_rows():
            by_row.setdefault((finding.decree_id, position_idx, row_idx), []).append(finding)
    if not by_row:
        return [], 0
    indicators = tables.indicators
    index = {(str(d), int(p), int(r)): i for i, (d, p, r) in enumerate(
        zip(indicators["decree_id"], indicators["position_idx"], indicators["row_idx"]))
        if _value(d) is not None and _value(p) is not None and _value(r) is not None}
    paths = dict(zip(tables.decrees["decree_id"].astype(str), tables.decrees["source_path"].astype(str)))
    confidences = indicators["confidence"].tolist()

    def order(key: CropKey) -> tuple[int, float, str, int, int]:
        at = index.get(key)
        confidence = _opt_float(confidences[at]) if at is not None else None
        rank = min(SEVERITY_RANK[f.severity] for f in by_row[key])
        return rank, confidence if confidence is not None else 1.0, paths.get(key[0], "?"), key[1], key[2]

    # only the rows shown are built (a large output flags hundreds of thousands of rows)
    worst = sorted(by_row, key=order)[:limit]
    shown = {key[:2] for key in worst}
    jabatan = {(str(d), int(p)): str(_value(j) or _value(raw) or "")
               for d, p, j, raw in zip(tables.positions["decree_id"], tables.positions["position_idx"],
                                       tables.positions["jabatan"], tables.positions["jabatan_raw"])
               if _value(d) is not None and _value(p) is not None and (str(d), int(p)) in shown}
    rows = []
    for key in worst:
        at = index.get(key)
        record = indicators.iloc[at] if at is not None else None
        rows.append(_review_row(key, record, paths.get(key[0], "?"), jabatan.get(key[:2], ""), by_row[key]))
    return rows, len(by_row)


def _opt_float(value: object) -> float | None:
    found = _value(value)
    return None if found is None else float(found)  # type: ignore[arg-type]


def _review_row(key: CropKey, record: pd.Series | None, source_path: str, jabatan: str,
                findings: list[Finding]) -> ReviewRow:
    if record is None:
        return ReviewRow(key, source_path, jabatan, None, "", None, (), None, tuple(findings))
    box = _box(record, "box_")
    page = _opt_float(record["page"])
    continued_page = _opt_float(record.get("continued_page"))
    continued_box = _box(record, "continued_box_")
    continued = (int(continued_page), continued_box) if continued_page is not None and continued_box else None
    return ReviewRow(key, source_path, jabatan, None if page is None else int(page), str(_value(record["method"]) or ""),
                     _opt_float(record["confidence"]),
                     tuple((label, str(_value(record[column]) or "")) for column, label in FIELD_LABELS),
                     box, tuple(findings), continued)


def _box(record: pd.Series, prefix: str) -> Box | None:
    """The box of the columns ``{prefix}x0`` … ``{prefix}bottom`` (None when one is null or absent)."""
    x0, top, x1, bottom = (_opt_float(record.get(prefix + edge)) for edge in ("x0", "top", "x1", "bottom"))
    if x0 is None or top is None or x1 is None or bottom is None:
        return None
    return (x0, top, x1, bottom)
