"""Cut the printed image of flagged indicator rows out of their PDF pages, for the reviewer (the I/O edge).

A row's box (``box_x0``, ``box_top``, ``box_x1``, ``box_bottom``: PDF points, origin top-left) is rendered with
pypdfium2 at ``crop_dpi`` with a small margin, only that region (pdfium's render ``crop``), as a grayscale JPEG; a
row a page break cut is two parts, its box on ``page`` and its ``continued_box_*`` on ``continued_page``.
The PDF is looked up as ``<input root>/<source_path>`` under the folders given, else where the run read it (its
``input_path`` in files.parquet), and used only when its sha256 is the row's ``decree_id``: a file changed since
extraction would show the wrong row. Rows whose PDF is not found get a reason instead.
"""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from extract.document import file_sha256
from report.settings import ReportSettings

CropKey = tuple[str, int, int]  # (decree_id, position_idx, row_idx)


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(frozen=True)
class CropRequest:
    """One row to show: where each part of it is printed, and which PDF holds it."""

    key: CropKey
    source_path: str
    parts: tuple[tuple[int, Box], ...]  # (page, box): one, or two for a row a page break cut


@dataclass(frozen=True)
class RowImage:
    """The JPEG of one printed part of a row, and the page it is on."""

    page: int
    jpeg: bytes


@dataclass(frozen=True)
class RowCrops:
    """The images of the rows that could be cut (one per printed part), and why the others could not."""

    images: dict[CropKey, tuple[RowImage, ...]] = field(default_factory=dict)
    missing: dict[CropKey, str] = field(default_factory=dict)


def locate_pdf(source_path: str, decree_id: str, input_roots: Sequence[Path], recorded: Path | None = None
               ) -> tuple[Path | None, str]:
    """The input file of a decree under one of ``input_roots``, else at ``recorded`` (where the run read it), or
    None and why not."""
    changed = None
    candidates = [(root / source_path if root.is_dir() else root, root) for root in input_roots]
    candidates += [(recorded, recorded)] if recorded is not None else []
    for candidate, root in candidates:
        if candidate.is_file() and (root.is_dir() or candidate.name == Path(source_path).name):
            if file_sha256(candidate) == decree_id:
                return candidate, ""
            changed = candidate
    if changed is not None:
        return None, f"{changed} has changed since it was extracted"
    if not candidates:
        return None, "no input folder given and none recorded in files.parquet (regenerate with --input DIR)"
    return None, f"{source_path} not found under {', '.join(str(c) for c, _ in candidates)}"


def render_row_crops(requests: Sequence[CropRequest], decree_paths: dict[str, str], input_roots: Sequence[Path],
                     settings: ReportSettings, recorded_paths: Mapping[str, Path] | None = None) -> RowCrops:
    """Render every requested row, opening each PDF once; failures become reasons, never exceptions.
    ``recorded_paths`` maps a decree_id to where the run read its file (files.parquet ``input_path``)."""
    crops = RowCrops()
    by_decree: dict[str, list[CropRequest]] = {}
    for request in requests:
        by_decree.setdefault(request.key[0], []).append(request)
    for decree_id, wanted in by_decree.items():
        path, why = locate_pdf(decree_paths.get(decree_id, wanted[0].source_path), decree_id, input_roots,
                               (recorded_paths or {}).get(decree_id))
        if path is None:
            crops.missing.update({r.key: why for r in wanted})
            continue
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            crops.missing.update({r.key: f"cannot open {path.name}: {exc}" for r in wanted})
            continue
        try:
            for request in wanted:
                try:
                    crops.images[request.key] = tuple(RowImage(page, _render_box(pdf, page, box, settings))
                                                      for page, box in request.parts)
                except (pdfium.PdfiumError, IndexError, ValueError) as exc:
                    crops.missing[request.key] = f"cannot render page {request.parts[0][0]}: {exc}"
        finally:
            pdf.close()
    return crops


def _render_box(pdf: pdfium.PdfDocument, page_no: int, box: Box, settings: ReportSettings) -> bytes:
    if not 1 <= page_no <= len(pdf):
        raise ValueError(f"the PDF has {len(pdf)} pages")
    page = pdf[page_no - 1]
    try:
        width, height = page.get_size()
        x0, top, x1, bottom = box
        margin = settings.crop_margin
        left, right = max(0.0, x0 - margin), min(width, x1 + margin)
        upper = max(0.0, top - margin)
        lower = min(height, bottom + margin, upper + settings.crop_max_height)
        if right - left < 1 or lower - upper < 1:
            raise ValueError(f"empty box {box}")
        bitmap = page.render(scale=settings.crop_dpi / 72, crop=(left, height - lower, width - right, upper),
                             grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70, optimize=True)
    return buffer.getvalue()
