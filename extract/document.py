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

import pypdfium2 as pdfium

from extract.decree_metadata import DecreeMetadata, read_metadata
from extract.decree_structure import DecreeBody, parse_decree
from extract.error_text import describe
from extract.errors import DocumentError
from extract.layout import OcrEvidence, PageLayout
from extract.ocr_page import layer_page_layout, ocr_layer_page_layout, ocr_page_layout
from extract.page_tables import PageContent, read_page
from extract.pdf_repair import open_pdf_for_words
from extract.pdf_text import read_text_layout, text_drawing
from extract.settings import PIPELINE_VERSION, Settings
from extract.table_columns import ColumnLayout
from extract.time_limit import time_limit
from extract.triage import TextDrawing, text_layer_verdict

# pages.method -> what indicators.method says of the rows read on such a page: a scan's own OCR layer is OCR text
# whichever reading was kept (ours or the layer's); pages.parquet tells which
ROW_METHOD = {"text": "text", "ocr": "ocr", "ocr-layer": "ocr"}
OCR_METHODS = ("ocr", "ocr-layer")


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
        return failed_decree(decree_id, source_path, f"{source_path}: {describe(exc)}")


def failed_decree(decree_id: str, source_path: str, error: str) -> DocumentResult:
    """A `failed` decree: nothing read from it (no pages, positions or rows), the reason in one line."""
    return DocumentResult({"decree_id": decree_id, "source_path": source_path, "pipeline_version": PIPELINE_VERSION,
                           "status": "failed", "error": error, "pages": 0, "text_pages": 0, "ocr_pages": 0,
                           "positions": 0, "indicators": 0})


def _extract(path: Path, base: dict[str, Any], settings: Settings) -> DocumentResult:
    contents: list[PageContent] = []
    page_records: list[dict[str, Any]] = []
    errors: list[str] = []
    carry: ColumnLayout | None = None
    try:
        with time_limit(settings.file_timeout, "opening the PDF"):
            pdf, repair_note = open_pdf_for_words(path)
            n_pages = len(pdf.pages)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(describe(exc)) from exc
    deadline = time.monotonic() + (settings.file_timeout or float("inf"))
    drawn = _PdfiumPages(path)
    with pdf, drawn:
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
                    layout, content = read_page_content(page, page_no, path, settings, drawn.text_drawing(index),
                                                        carry)
                carry = content.carry
                contents.append(content)
                page_records.append({"decree_id": base["decree_id"], "page": page_no, "method": layout.method,
                                     "reason": "; ".join(filter(None, (layout.reason, repair_note))),
                                     "error": None, **_ocr_record(layout.ocr)})
            except Exception as exc:  # noqa: BLE001 - one bad page does not lose the others
                carry = None
                message = f"{base['source_path']} page {page_no}: {describe(exc)}"
                errors.append(message)
                page_records.append({"decree_id": base["decree_id"], "page": page_no, "method": "failed",
                                     "reason": message, "error": message})
            finally:
                _release(page)
    body = _parse_pages(contents, page_records, errors, base["source_path"])
    try:
        meta = read_metadata(body.text_lines)
    except Exception as exc:  # noqa: BLE001 - the positions and rows are worth keeping without the metadata
        meta = DecreeMetadata()
        errors.append(f"{base['source_path']}: decree metadata not read: {describe(exc)}")
    skipped = [r for r in page_records if r["method"] == "skipped"]
    if skipped:
        errors.append(f"{base['source_path']}: {len(skipped)} page(s) need OCR, which was turned off: "
                      + ", ".join(str(r["page"]) for r in skipped[:10]))
    status = "partial" if errors else "ok"
    decree = {**base, "status": status, "error": "; ".join(errors)[:1000] or None, "pages": n_pages,
              "text_pages": sum(1 for r in page_records if r["method"] == "text"),
              "ocr_pages": sum(1 for r in page_records if r["method"] in OCR_METHODS),
              **_metadata_record(meta), "positions": len(body.positions),
              "indicators": sum(len(p.rows) for p in body.positions)}
    positions, indicators = [], []
    for idx, pos in enumerate(body.positions):
        positions.append({"decree_id": base["decree_id"], "position_idx": idx, "jabatan_raw": pos.jabatan,
                          "tugas_raw": pos.tugas, "fungsi_raw": pos.fungsi, "page_start": pos.page_start,
                          "page_end": pos.page_end, "table_header": pos.header_text or None,
                          "table_columns": pos.table_columns or None})
        for row_idx, row in enumerate(pos.rows):
            # a field the table prints no column for is null, never an empty cell or a neighbour's text (a
            # sumber data printed in the penjelasan cell is its own text)
            sasaran, indikator, formulasi, sumber = (
                text if not pos.table_fields or name in pos.table_fields else text or None
                for name, text in zip(("sasaran", "indikator", "formulasi", "sumber_data"),
                                      (list(row.cells) + [""] * 4)[:4]))
            indicators.append({"decree_id": base["decree_id"], "position_idx": idx, "row_idx": row_idx,
                               "sasaran_raw": sasaran, "indikator_raw": indikator, "formulasi_raw": formulasi,
                               "sumber_data_raw": sumber, "page": row.page,
                               "method": ROW_METHOD.get(row.method, row.method),
                               "confidence": row.conf, "box_x0": row.box[0], "box_top": row.box[1],
                               "box_x1": row.box[2], "box_bottom": row.box[3],
                               "extra": list(row.extra.items()) or None,
                               "table_strategy": row.strategy or None, "stitched": row.stitched,
                               **_continued_record(row.continued)})
    return DocumentResult(decree, positions, indicators, page_records)


def _continued_record(continued: tuple[int, tuple[float, float, float, float]] | None) -> dict[str, Any]:
    """Where a row a page break cut goes on, as indicators.parquet columns (null for a row on one page)."""
    if continued is None:
        return {}
    page, (x0, top, x1, bottom) = continued
    return {"continued_page": page, "continued_box_x0": x0, "continued_box_top": top, "continued_box_x1": x1,
            "continued_box_bottom": bottom}


def _ocr_record(evidence: OcrEvidence | None) -> dict[str, Any]:
    """The measurements of reading a page image, as pages.parquet columns (null on a text-layer page)."""
    if evidence is None:
        return {}
    return {"ocr_skew_deg": round(float(evidence.skew_deg), 3), "ocr_rotation_deg": evidence.rotation_deg,
            "ocr_mean_conf": None if evidence.mean_conf is None else round(float(evidence.mean_conf), 4),
            "ocr_repairs": list(evidence.repairs)}


def _metadata_record(meta: DecreeMetadata) -> dict[str, Any]:
    return {"unit_type": meta.unit_type, "unit_name": meta.unit_name, "region": meta.region,
            "decree_number": meta.decree_number, "decree_date": meta.decree_date, "year": meta.year,
            "signatory_name": meta.signatory_name, "signatory_nip": meta.signatory_nip}


def _release(page: Any) -> None:
    """Free a page's parsed objects (memory of long files); a failure to do so costs memory, not the decree."""
    try:
        page.flush_cache()
    except Exception:  # noqa: BLE001, S110 - nothing to record: the page itself was read
        pass


def _parse_pages(contents: list[PageContent], page_records: list[dict[str, Any]], errors: list[str],
                 source_path: str) -> DecreeBody:
    """Positions and rows from the pages read; a page the structure parser breaks on is left out (recorded as
    failed, the decree partial) and the others are kept."""
    try:
        return parse_decree(contents)
    except Exception:  # noqa: BLE001 - find the page(s) it breaks on, below
        pass
    kept: list[PageContent] = []
    for content in contents:  # add the pages one at a time: a page that breaks the parser is left out
        try:
            parse_decree([*kept, content])
        except Exception as exc:  # noqa: BLE001 - one bad page does not lose the others
            message = f"{source_path} page {content.page_no}: decree structure not read: {describe(exc)}"
            errors.append(message)
            for record in page_records:
                if record["page"] == content.page_no:
                    record.update(method="failed", reason=message, error=message)
            continue
        kept.append(content)
    try:
        return parse_decree(kept)
    except Exception as exc:  # noqa: BLE001 - cannot happen unless parsing is not repeatable; keep the decree row
        errors.append(f"{source_path}: decree structure not read: {describe(exc)}")
        return DecreeBody([], [])


class _PdfiumPages:
    """The same file opened with PDFium, for how pages draw their text (pdfplumber does not keep the text render
    mode); a file or page PDFium cannot read just gives no such evidence."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: pdfium.PdfDocument | None = None

    def __enter__(self) -> _PdfiumPages:
        try:
            self.pdf = pdfium.PdfDocument(str(self.path))
        except Exception:  # noqa: BLE001 - triage then judges from the text layer alone
            self.pdf = None
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def text_drawing(self, index: int) -> TextDrawing | None:
        """How page ``index`` (0-based) draws its text, or None when PDFium cannot tell."""
        if self.pdf is None:
            return None
        try:
            page = self.pdf[index]
            try:
                return text_drawing(page)
            finally:
                page.close()
        except Exception:  # noqa: BLE001 - no evidence, not a failed page
            return None


def read_page_content(page: Any, page_no: int, path: Path, settings: Settings, drawing: TextDrawing | None,
                      carry: ColumnLayout | None) -> tuple[PageLayout, PageContent]:
    """One page's layout (words, rules, how they were read) and its content (lines and table fragments);
    ``carry``: the columns of a table left open at the end of the previous page."""
    layout = _page_layout(page, page_no, path, settings, drawing)
    return layout, read_page(layout, carry if layout.method != "skipped" else None)


def read_pages_up_to(path: Path, page_no: int, settings: Settings) -> tuple[PageLayout, PageContent]:
    """Page ``page_no`` (1-based) of ``path`` read as an extraction run reads it: the pages before it are read
    too, for a table they leave open (no time limits; for looking at one page, not for a run)."""
    carry: ColumnLayout | None = None
    with open_pdf_for_words(path)[0] as pdf, _PdfiumPages(path) as drawn:
        if not 1 <= page_no <= len(pdf.pages):
            raise DocumentError(f"{path} has {len(pdf.pages)} page(s); there is no page {page_no}")
        for index in range(page_no - 1):
            try:
                carry = read_page_content(pdf.pages[index], index + 1, path, settings, drawn.text_drawing(index),
                                          carry)[1].carry
            except Exception:  # noqa: BLE001 - as in a run: a page that fails leaves no table open
                carry = None
            finally:
                _release(pdf.pages[index])
        return read_page_content(pdf.pages[page_no - 1], page_no, path, settings, drawn.text_drawing(page_no - 1),
                                 carry)


def _page_layout(page: Any, page_no: int, path: Path, settings: Settings,
                 drawing: TextDrawing | None = None) -> PageLayout:
    """Read the text layer, OCR the page image when triage finds no usable text layer, or, on a scan carrying
    its own OCR text layer, OCR it too and keep the better reading (the layer alone without OCR)."""
    verdict = text_layer_verdict(page, drawing)
    if verdict.method == "text":
        return read_text_layout(page, page_no, verdict.reason)
    width, height = float(page.width), float(page.height)
    if verdict.method == "ocr-layer":
        return _ocr_layer_layout(page, page_no, path, settings, verdict.reason)
    if not settings.ocr:
        return PageLayout(page_no, width, height, (), (), "skipped", f"{verdict.reason}; OCR turned off (--no-ocr)")
    timeout = settings.page_timeout or 300.0
    return ocr_page_layout(str(path), page_no - 1, width, height, dpi=settings.ocr_dpi,
                           binary=settings.tesseract, lang=settings.ocr_lang, reason=verdict.reason,
                           timeout_s=timeout)


def _ocr_layer_layout(page: Any, page_no: int, path: Path, settings: Settings, reason: str) -> PageLayout:
    """A scan with its own OCR text layer: our OCR compared with the layer, or the layer's text when OCR is
    turned off or fails (the page is then still read, not lost)."""
    layer_words = read_text_layout(page, page_no).words
    width, height = float(page.width), float(page.height)
    if settings.ocr:
        try:
            return ocr_layer_page_layout(str(path), page_no - 1, width, height, layer_words, dpi=settings.ocr_dpi,
                                         binary=settings.tesseract, lang=settings.ocr_lang, reason=reason,
                                         timeout_s=settings.page_timeout or 300.0)
        except Exception as exc:  # noqa: BLE001 - the layer's own text is the fallback
            fallback = f"{reason}; our OCR failed ({describe(exc)}): the layer's text kept"
    else:
        fallback = f"{reason}; OCR turned off (--no-ocr): the layer's text kept"
    return layer_page_layout(str(path), page_no - 1, width, height, layer_words, reason=fallback)
