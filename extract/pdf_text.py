"""A digital page's text layer -> `PageLayout` (pdfplumber words and ruling edges)."""
from __future__ import annotations

from typing import Any

from extract.layout import PageLayout, Segment, Word

MIN_SEGMENT_PT = 3.0


def read_text_layout(page: Any, page_no: int, reason: str = "") -> PageLayout:
    """Read the words (with boxes) and ruling lines/rectangle edges of one pdfplumber page."""
    raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname"])
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
