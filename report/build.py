"""Build the quality report of an output folder: run every check, write ``quality.parquet`` and ``report.html``.

    build_report(out_dir, input_roots) -> out_dir / "report.html"

The pipeline calls it after every run; ``iki-pipeline report OUT [--input DIR]`` (or
``python -m report OUT [--input DIR]``) regenerates it from the datasets alone, cutting the row images from the
PDFs under ``--input`` or, without it, where the run read them (files.parquet). Without the PDFs the row images
are left out and each flagged row says why. Both files are written atomically.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from extract.atomic_file import write_text_atomic
from extract.errors import OutputError, UsageError
from extract.settings import PIPELINE_VERSION
from report.archive_scan import ArchiveScan, scan_archive
from report.findings import findings_to_table
from report.html_report import ReportContent, render_report_html
from report.normalization_summary import variant_families
from report.row_crops import render_row_crops
from report.settings import ReportSettings
from store.file_index import read_file_index
from store.parquet_writer import write_atomic

QUALITY_NAME = "quality.parquet"
REPORT_NAME = "report.html"


class ReportError(UsageError):
    """The report cannot be built from what was given (no output folder there): a usage error."""


def build_report(out_dir: Path, input_roots: list[Path], settings: ReportSettings | None = None) -> Path:
    """Check the datasets in ``out_dir``, write ``quality.parquet`` and ``report.html`` there; return the HTML path.

    ``input_roots`` are the folders (or files) the decrees were read from, used only to cut row images; pass
    ``[]`` to build without them. Raises ``ReportError`` when ``out_dir`` is not a folder, ``OutputError`` when
    it cannot be written.
    """
    settings = settings or ReportSettings()
    if not out_dir.is_dir():
        raise ReportError(f"no output folder at {out_dir}")
    scan = scan_archive(out_dir, settings)
    try:
        write_atomic(findings_to_table(scan.findings), out_dir / QUALITY_NAME)
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir / QUALITY_NAME}: {exc}") from exc
    html = render_report_html(report_content(out_dir, scan, input_roots, settings))
    path = out_dir / REPORT_NAME
    try:
        write_text_atomic(path, html)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return path


def recorded_input_paths(out_dir: Path) -> dict[str, Path]:
    """Where the runs read each decree's file (files.parquet ``input_path``): the report cuts its row images
    there when no input folder is given, so rebuilding the report keeps them."""
    paths: dict[str, Path] = {}
    for record in sorted(read_file_index(out_dir), key=lambda r: r.get("duplicate_of") is not None):
        if record.get("input_path") and record.get("decree_id"):
            paths.setdefault(record["decree_id"], Path(record["input_path"]))
    return paths


def report_content(out_dir: Path, scan: ArchiveScan, input_roots: Sequence[Path], settings: ReportSettings
                   ) -> ReportContent:
    """Everything the HTML page shows: summaries, chart data, the worst flagged rows and their images."""
    decree_paths = dict(zip(scan.decrees["decree_id"].astype(str), scan.decrees["source_path"].astype(str)))
    requests = [r for r in (row.crop_request() for row in scan.review_rows) if r is not None]
    crops = render_row_crops(requests, decree_paths, list(input_roots), settings, recorded_input_paths(out_dir))
    families = variant_families(scan.normalizations)
    source = "normalizations.parquet" if families else ""
    if not families:
        families = variant_families(scan.variant_candidates)
        source = "variant_candidates.csv" if families else ""
    return ReportContent(
        title="IKI extraction quality report",
        generated=f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by pipeline {PIPELINE_VERSION}",
        out_dir=out_dir, input_roots=tuple(input_roots), summary=scan.summary, decrees=scan.decrees,
        findings=tuple(scan.findings), review_rows=tuple(scan.review_rows),
        flagged_rows_total=scan.flagged_rows_total, crops=crops, families=tuple(families), families_source=source,
        ocr_confidences=tuple(scan.ocr_confidences), settings=settings,
    )

