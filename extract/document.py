"""One decree PDF -> a small picklable result (decree record, positions, indicator rows, page records).

This is the unit of parallel work: it takes a path and settings and returns plain data; only the parent process
writes output. Errors inside the document become a `failed`/`partial` status with a one-line reason.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber

from extract.decree_metadata import DecreeMetadata, read_metadata
from extract.decree_structure import parse_decree
from extract.error_text import describe
from extract.errors import DocumentError
from extract.layout import PageLayout
from extract.ocr_page import ocr_page_layout
from extract.page_tables import PageContent, read_page
from extract.pdf_text import read_text_layout
from extract.settings import PIPELINE_VERSION, Settings
from extract.table_columns import ColumnLayout
from extract.time_limit import time_limit
from extract.triage import text_layer_verdict


@dataclass
class DocumentResult:
    """Everything extracted from one file, as plain records ready for the Parquet writer."""

    decree: dict[str, Any]
    positions: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    normalizations: list[dict[str, Any]] = field(default_factory=list)  # the spelling audit, once normalized
    normalized: bool = False  # the normalized columns are filled (normalize.columns.normalize_result)


def file_sha256(path: Path) -> str:
    """Content hash that identifies a decree (the same bytes under another name are the same decree)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_document(path: Path, source_path: str, settings: Settings) -> DocumentResult:
    """Read one decree; never raises for a bad document (the failure is in the result)."""
    decree_id = file_sha256(path)
    base = {"decree_id": decree_id, "source_path": source_path, "pipeline_version": PIPELINE_VERSION}
    try:
        if path.stat().st_size == 0:
            raise DocumentError("file is empty (0 bytes)")
        with path.open("rb") as fh:
            if b"%PDF" not in fh.read(1024):
                raise DocumentError("not a PDF (no %PDF signature in the first 1 KiB)")
        return _extract(path, base, settings)
    except Exception as exc:  # noqa: BLE001 - any document-level failure is recorded, the run goes on
        return DocumentResult({**base, "status": "failed", "error": f"{source_path}: {describe(exc)}",
                               "pages": 0, "text_pages": 0, "ocr_pages": 0})


def _extract(path: Path, base: dict[str, Any], settings: Settings) -> DocumentResult:
    contents: list[PageContent] = []
    page_records: list[dict[str, Any]] = []
    errors: list[str] = []
    carry: ColumnLayout | None = None
    try:
        with time_limit(settings.file_timeout, "opening the PDF"):
            pdf = pdfplumber.open(path)
            n_pages = len(pdf.pages)
    except Exception as exc:
        raise DocumentError(describe(exc)) from exc
    deadline = time.monotonic() + (settings.file_timeout or float("inf"))
    with pdf:
        if n_pages == 0:
            raise DocumentError("PDF has no pages")
        for index, page in enumerate(pdf.pages):
            page_no = index + 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                message = (f"{base['source_path']}: file time limit ({settings.file_timeout:g} s) reached at page "
                           f"{page_no}; pages {page_no}-{n_pages} not read")
                errors.append(message)
                page_records.extend({"decree_id": base["decree_id"], "page": p, "method": "failed",
                                     "reason": message, "error": message} for p in range(page_no, n_pages + 1))
                break
            limit = min(settings.page_timeout or float("inf"), remaining)
            try:
                with time_limit(limit if limit != float("inf") else 0, f"page {page_no}"):
                    layout = _page_layout(page, page_no, path, settings)
                    content = read_page(layout, carry if layout.method != "skipped" else None)
                carry = content.carry
                contents.append(content)
                page_records.append({"decree_id": base["decree_id"], "page": page_no, "method": layout.method,
                                     "reason": layout.reason, "error": None})
            except Exception as exc:  # noqa: BLE001 - one bad page does not lose the others
                carry = None
                message = f"{base['source_path']} page {page_no}: {describe(exc)}"
                errors.append(message)
                page_records.append({"decree_id": base["decree_id"], "page": page_no, "method": "failed",
                                     "reason": message, "error": message})
            finally:
                page.flush_cache()
    body = parse_decree(contents)
    meta = read_metadata(body.text_lines)
    skipped = [r for r in page_records if r["method"] == "skipped"]
    if skipped:
        errors.append(f"{base['source_path']}: {len(skipped)} page(s) need OCR, which was turned off: "
                      + ", ".join(str(r["page"]) for r in skipped[:10]))
    status = "partial" if errors else "ok"
    decree = {**base, "status": status, "error": "; ".join(errors)[:1000] or None, "pages": n_pages,
              "text_pages": sum(1 for r in page_records if r["method"] == "text"),
              "ocr_pages": sum(1 for r in page_records if r["method"] == "ocr"),
              **_metadata_record(meta), "positions": len(body.positions),
              "indicators": sum(len(p.rows) for p in body.positions)}
    positions, indicators = [], []
    for idx, pos in enumerate(body.positions):
        positions.append({"decree_id": base["decree_id"], "position_idx": idx, "jabatan_raw": pos.jabatan,
                          "tugas_raw": pos.tugas, "fungsi_raw": pos.fungsi, "page_start": pos.page_start,
                          "page_end": pos.page_end, "table_header": pos.header_text or None})
        for row_idx, row in enumerate(pos.rows):
            sasaran, indikator, formulasi, sumber = row.cells
            indicators.append({"decree_id": base["decree_id"], "position_idx": idx, "row_idx": row_idx,
                               "sasaran_raw": sasaran, "indikator_raw": indikator, "formulasi_raw": formulasi,
                               "sumber_data_raw": sumber, "page": row.page, "method": row.method,
                               "confidence": row.conf, "box_x0": row.box[0], "box_top": row.box[1],
                               "box_x1": row.box[2], "box_bottom": row.box[3]})
    return DocumentResult(decree, positions, indicators, page_records)


def _metadata_record(meta: DecreeMetadata) -> dict[str, Any]:
    return {"unit_type": meta.unit_type, "unit_name": meta.unit_name, "region": meta.region,
            "decree_number": meta.decree_number, "decree_date": meta.decree_date, "year": meta.year,
            "signatory_name": meta.signatory_name, "signatory_nip": meta.signatory_nip}


def _page_layout(page: Any, page_no: int, path: Path, settings: Settings) -> PageLayout:
    """Read the text layer, or OCR the page image when triage finds no usable text layer."""
    verdict = text_layer_verdict(page)
    if verdict.method == "text":
        return read_text_layout(page, page_no, verdict.reason)
    if not settings.ocr:
        return PageLayout(page_no, float(page.width), float(page.height), (), (), "skipped",
                          f"{verdict.reason}; OCR turned off (--no-ocr)")
    timeout = settings.page_timeout or 300.0
    return ocr_page_layout(str(path), page_no - 1, float(page.width), float(page.height), dpi=settings.ocr_dpi,
                           binary=settings.tesseract, lang=settings.ocr_lang, reason=verdict.reason,
                           timeout_s=timeout)
