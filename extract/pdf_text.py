"""A digital page's text layer -> `PageLayout` (pdfplumber words and ruling edges); how a page draws its text."""
from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.layout import PageLayout, Segment, Word
from extract.triage import FULL_PAGE_IMAGE, TextDrawing

MIN_SEGMENT_PT = 3.0
_INVISIBLE_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)


def read_text_layout(page: Any, page_no: int, reason: str = "") -> PageLayout:
    """Read the words (with boxes) and ruling lines/rectangle edges of one pdfplumber page."""
    # glyphs closer than 0.15 em join into a word (pdfplumber's default, 3 pt, also joins the texts of two table
    # cells printed with no padding: "MusrenbangHasil")
    raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"],
                                   x_tolerance_ratio=0.15)
    words = tuple(
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), 1.0,
             "bold" in str(w.get("fontname", "")).lower())
        for w in raw_words
        if w["text"].strip()
    )
    return PageLayout(page_no, float(page.width), float(page.height), words, tuple(page_segments(page)), "text",
                      reason)


def page_segments(page: Any) -> list[Segment]:
    """Ruling lines from lines, rectangle edges and curves, longer than a few points."""
    segments = []
    for edge in page.edges:
        seg = Segment(float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"]))
        if max(seg.x1 - seg.x0, seg.bottom - seg.top) >= MIN_SEGMENT_PT:
            segments.append(seg)
    return segments


def text_drawing(page: pdfium.PdfPage) -> TextDrawing:
    """Count a PDFium page's text objects (inside forms too), those drawn invisibly (render mode 3, or 7: clip
    only) and the visible ones a page-covering image drawn later hides: the marks of an OCR text layer."""
    left, bottom, right, top = page.get_cropbox()
    page_area = max((right - left) * (top - bottom), 1.0)
    text_objects = invisible = 0
    visible_since_image = 0  # visible text objects drawn since the last page-covering image
    under_image = 0
    for obj in page.get_objects(max_depth=8):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            text_objects += 1
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) in _INVISIBLE_MODES:
                invisible += 1
            else:
                visible_since_image += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            if (x1 - x0) * (y1 - y0) >= FULL_PAGE_IMAGE * page_area:
                under_image += visible_since_image
                visible_since_image = 0
    return TextDrawing(text_objects, invisible, under_image)
