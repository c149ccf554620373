"""A digital page's text layer -> `PageLayout` (pdfplumber words and ruling edges); how a page draws its text."""
from __future__ import annotations

from collections.abc import Sequence
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
                                   x_tolerance_ratio=0.15, return_chars=True)
    rules = vertical_rules(page.edges)
    words = tuple(
        Word(text, x0, x1, top, bottom, 1.0, "bold" in str(w.get("fontname", "")).lower())
        for w in raw_words
        for text, x0, x1, top, bottom in split_at_rules(w, rules)
        if text.strip()
    )
    return PageLayout(page_no, float(page.width), float(page.height), words, tuple(page_segments(page)), "text",
                      reason)


RULE_MAX_THICKNESS_PT = 2.0  # wider vertical strokes are boxes or glyph-like marks, not a table's rule
RULE_JOIN_GAP_PT = 1.0  # pieces of one rule (a cell border drawn per row) closer than this are one rule
RULE_SPAN_SLACK_PT = 1.0  # a glyph box may poke this far past the rule's ends (zero padding: the box touches it)
RULE_X_SLACK_PT = 0.5  # the rule's x may sit this far inside either glyph's box


def vertical_rules(edges: Sequence[dict[str, Any]]) -> list[Segment]:
    """The page's vertical ruling lines (thin; collinear pieces that meet joined into one), sorted by x."""
    pieces = sorted((Segment(float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"]))
                     for e in edges
                     if float(e["x1"]) - float(e["x0"]) <= RULE_MAX_THICKNESS_PT
                     and float(e["bottom"]) - float(e["top"]) > float(e["x1"]) - float(e["x0"])),
                    key=lambda s: (round(s.x0, 1), s.top))
    rules: list[Segment] = []
    for piece in pieces:
        last = rules[-1] if rules else None
        if last is not None and abs(last.x0 - piece.x0) <= 0.1 and piece.top <= last.bottom + RULE_JOIN_GAP_PT:
            rules[-1] = Segment(last.x0, max(last.x1, piece.x1), last.top, max(last.bottom, piece.bottom))
        else:
            rules.append(piece)
    return sorted(rules, key=lambda s: s.x0)


def split_at_rules(word: dict[str, Any], rules: Sequence[Segment]) -> list[tuple[str, float, float, float, float]]:
    """A pdfplumber word (with its ``chars``) as (text, x0, x1, top, bottom) pieces, cut where a vertical rule
    passes between two consecutive glyphs and spans their height: two table cells printed with no padding touch
    the rule between them, and their texts would otherwise read as one word ("disusunSeksi")."""
    whole = [(str(word["text"]), float(word["x0"]), float(word["x1"]), float(word["top"]), float(word["bottom"]))]
    chars = word.get("chars") or []
    if not rules or len(chars) < 2 or not word.get("upright", True):
        return whole
    # only the rules that cross the word's box can pass between two of its glyphs (the page's others are
    # tested for every pair of glyphs otherwise: a fifth of a digital page's reading time)
    x0, x1, top, bottom = float(word["x0"]), float(word["x1"]), float(word["top"]), float(word["bottom"])
    inside = [r for r in rules if x0 <= r.x1 and r.x0 <= x1
              and r.top <= bottom + RULE_SPAN_SLACK_PT and r.bottom >= top - RULE_SPAN_SLACK_PT]
    if not inside:
        return whole
    pieces, start = [], 0
    for k in range(1, len(chars)):
        if _rule_between(chars[k - 1], chars[k], inside):
            pieces.append(_merged(chars[start:k]))
            start = k
    if start == 0:
        return whole
    pieces.append(_merged(chars[start:]))
    return pieces


def _rule_between(left: dict[str, Any], right: dict[str, Any], rules: Sequence[Segment]) -> bool:
    low, high = float(left["x1"]) - RULE_X_SLACK_PT, float(right["x0"]) + RULE_X_SLACK_PT
    top = min(float(left["top"]), float(right["top"])) + RULE_SPAN_SLACK_PT
    bottom = max(float(left["bottom"]), float(right["bottom"])) - RULE_SPAN_SLACK_PT
    return any(r.x0 <= high and low <= r.x1 and r.top <= top and r.bottom >= bottom for r in rules)


def _merged(chars: Sequence[dict[str, Any]]) -> tuple[str, float, float, float, float]:
    return ("".join(str(c["text"]) for c in chars), min(float(c["x0"]) for c in chars),
            max(float(c["x1"]) for c in chars), min(float(c["top"]) for c in chars),
            max(float(c["bottom"]) for c in chars))


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
