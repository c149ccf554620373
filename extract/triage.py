"""Per-page decision: read the text layer, or OCR the page image. The verdict keeps its evidence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MIN_CHARS = 40
MAX_GARBAGE_FRACTION = 0.2
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class PageVerdict:
    """``method`` is "text" or "ocr"; ``reason`` is one line of evidence for the report."""

    method: str
    reason: str


def text_layer_verdict(page: Any) -> PageVerdict:
    """Decide from the characters and images of a pdfplumber page whether its text layer is usable."""
    chars = page.chars
    text = "".join(c.get("text", "") for c in chars)
    n = len(text.strip())
    image_area = sum(abs((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    covered = image_area / max(float(page.width * page.height), 1.0)
    if n < MIN_CHARS:
        if covered > 0.3:
            return PageVerdict("ocr", f"{n} characters in the text layer, page image covers {covered:.0%}")
        return PageVerdict("text", f"{n} characters, no page image: blank or near-blank page")
    cid = sum(len(m) for m in _CID.findall(text))
    odd = sum(1 for ch in text if not (ch.isprintable() or ch.isspace()) or "\ufffd" == ch)
    garbage = (cid + odd) / max(len(text), 1)
    if garbage > MAX_GARBAGE_FRACTION:
        return PageVerdict("ocr", f"text layer is {garbage:.0%} undecodable glyphs (cid/replacement)")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters / max(n, 1) < 0.4:
        return PageVerdict("ocr", f"text layer holds only {letters / max(n, 1):.0%} letters")
    return PageVerdict("text", f"{n} characters in a readable text layer")
