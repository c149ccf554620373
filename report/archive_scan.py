"""One pass over an output folder, slice by slice, keeping only what the report shows: the findings, one summary
line per decree, the worst flagged rows, totals, and a bounded sample of OCR confidences.

What stays in memory is a slice's rows (report/output_slices.py) plus, per decree, its summary line and the hashed
shingles of its text for the near-duplicate check (~5 KB): an archive of 10,000 decrees needs no more memory for
its rows than one of 1,000.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from report.checks import archive_checks, slice_checks
from report.duplicates import DecreeText, decree_texts
from report.findings import Finding, sort_findings
from report.output_slices import SLICE_DECREES, load_output_slices
from report.output_tables import equals, load_normalizer_files
from report.review_rows import ReviewRow, review_order, select_review_rows
from report.run_summary import RunSummary, decree_table, summarise_run
from report.settings import ReportSettings

OCR_SAMPLE = 20_000  # OCR confidences kept for the histogram; past that an even random sample of this size


@dataclass(frozen=True)
class ArchiveScan:
    """What the report of one output folder is made of."""

    findings: list[Finding]  # sorted, worst first
    summary: RunSummary
    decrees: pd.DataFrame  # run_summary.decree_table over every decree
    review_rows: list[ReviewRow]
    flagged_rows_total: int
    ocr_confidences: list[float]
    normalizations: pd.DataFrame | None
    variant_candidates: pd.DataFrame | None


def _add_counts(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    return {**total, **{k: total.get(k, 0) + v for k, v in more.items()}}


def scan_archive(out_dir: Path, settings: ReportSettings, slice_decrees: int = SLICE_DECREES) -> ArchiveScan:
    """Run every check over ``out_dir`` a slice at a time and gather the report's content."""
    findings: list[Finding] = []
    lines: list[pd.DataFrame] = []
    keys: list[pd.DataFrame] = []
    texts: list[DecreeText] = []
    review: list[ReviewRow] = []
    flagged = 0
    totals: RunSummary | None = None
    ocr_sum, ocr_count = 0.0, 0
    sample: list[float] = []
    sampler = random.Random(0)
    for tables, read_findings in load_output_slices(out_dir, slice_decrees):
        found = read_findings + slice_checks(tables, settings)
        keyed = tables.with_keys()
        texts += decree_texts(keyed.decrees, keyed.indicators, settings.shingle_words)
        keys.append(keyed.decrees[["decree_id", "source_path"]])
        rows, total = select_review_rows(tables, sort_findings(found), settings.max_crops)
        review = sorted(review + rows, key=review_order)[:settings.max_crops]
        flagged += total
        lines.append(decree_table(tables, found))
        part = summarise_run(tables, [])
        totals = part if totals is None else RunSummary(
            totals.decrees + part.decrees, _add_counts(totals.decrees_by_status, part.decrees_by_status),
            totals.pages + part.pages, _add_counts(totals.pages_by_method, part.pages_by_method),
            totals.positions + part.positions, totals.rows + part.rows,
            _add_counts(totals.rows_by_method, part.rows_by_method), None, {})
        ocr = tables.indicators.loc[equals(tables.indicators["method"], "ocr"), "confidence"].dropna().astype(float)
        for confidence in ocr:
            ocr_count += 1
            ocr_sum += confidence
            if len(sample) < OCR_SAMPLE:
                sample.append(float(confidence))
            elif (at := sampler.randrange(ocr_count)) < OCR_SAMPLE:
                sample[at] = float(confidence)
        findings += found
    normalizer_findings: list[Finding] = []
    normalizations, candidates = load_normalizer_files(out_dir, normalizer_findings)
    texts.sort(key=lambda t: t.source_path)
    across = archive_checks(pd.concat(keys, ignore_index=True), texts, normalizations, candidates, settings)
    findings = sort_findings(findings + normalizer_findings + across)
    assert totals is not None  # load_output_slices yields at least one slice
    severities = Counter(f.severity for f in findings)
    summary = RunSummary(totals.decrees, totals.decrees_by_status, totals.pages, totals.pages_by_method,
                         totals.positions, totals.rows, totals.rows_by_method,
                         ocr_sum / ocr_count if ocr_count else None,
                         {s: severities.get(s, 0) for s in ("error", "warning", "info")})
    decrees = pd.concat(lines, ignore_index=True).sort_values("source_path").reset_index(drop=True)
    per_decree = Counter((f.decree_id or "", f.severity) for f in normalizer_findings + across)
    for severity in ("error", "warning", "info"):
        decrees[f"{severity}s"] += [per_decree.get((d, severity), 0) for d in decrees["decree_id"]]
    return ArchiveScan(findings, summary, decrees, review, flagged, sample, normalizations, candidates)
