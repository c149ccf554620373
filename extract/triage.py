"""Per-page decision: read the text layer, OCR the page image, or treat the text layer as somebody else's OCR.

The verdict keeps its evidence. An "ocr-layer" page is a scan that scanner software or an archive portal has
already OCRed (OCRmyPDF and the like): one page-covering image with the recognised text drawn invisibly over it
(or hidden under it). That text is an OCR reading with its errors and without the table's ruling lines, so it is
not trusted like a digital text layer.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from wordfreq import zipf_frequency

MIN_CHARS = 40
MAX_GARBAGE_FRACTION = 0.2
_CID = re.compile(r"\(cid:\d+\)")
# one image covering at least this share of the page makes it a scan
FULL_PAGE_IMAGE = 0.9
# this share of the text objects drawn invisibly (render mode 3/7) or under the page image: an OCR layer
MIN_HIDDEN_SHARE = 0.5
# a visible text layer over a page image whose words are less often real words than this is an OCR layer too;
# digital decree pages have 85-95 % of their word tokens in the word lists, names and abbreviations making the rest
MIN_LEXICON_SHARE = 0.6
MIN_LEXICON_TOKENS = 20
# a word counts as Indonesian or English when wordfreq knows it (English only when common: OCR scraps such as
# "ond" or "ihe" are rare English words)
_MIN_ZIPF_ID = 3.0
_MIN_ZIPF_EN = 3.0
_TOKEN_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class PageVerdict:
    """``method`` is "text", "ocr" or "ocr-layer"; ``reason`` is one line of evidence for the report."""

    method: str
    reason: str


@dataclass(frozen=True)
class TextDrawing:
    """How a page draws its text (from the PDF's page objects): text objects in all, how many are drawn invisibly
    (text render mode 3 or 7) and how many lie under a page-covering image drawn after them."""

    text_objects: int
    invisible: int
    under_image: int

    @property
    def hidden_share(self) -> float:
        """Share of the text objects a reader of the printed page never sees."""
        return (self.invisible + self.under_image) / max(self.text_objects, 1)


@dataclass(frozen=True)
class LexiconMatch:
    """How many word tokens (3+ letters) a text has and how many of them the Indonesian/English lists know."""

    tokens: int
    known: int

    @property
    def share(self) -> float:
        return self.known / self.tokens if self.tokens else 0.0

    def describe(self) -> str:
        return f"{self.share:.0%} of {self.tokens} words in the word lists"


def lexicon_match(texts: Iterable[str]) -> LexiconMatch:
    """Count the word tokens of ``texts`` (3+ letters, edge punctuation stripped) found in wordfreq's lists."""
    tokens = known = 0
    for text in texts:
        for raw in text.split():
            token = _TOKEN_EDGE.sub("", raw)
            if sum(ch.isalpha() for ch in token) < 3:
                continue
            tokens += 1
            known += is_known_word(token)
    return LexiconMatch(tokens, known)


def is_known_word(token: str) -> bool:
    """A word of letters (hyphenated parts each) that wordfreq lists for Indonesian, or commonly for English."""
    parts = token.split("-")
    if not all(part.isalpha() for part in parts):
        return False  # digits or symbols inside letters: an OCR misreading ("Ke1urahan", "pe|aksanaan")
    return all(zipf_frequency(part, "id") >= _MIN_ZIPF_ID or zipf_frequency(part, "en") >= _MIN_ZIPF_EN
               for part in parts)


def text_layer_verdict(page: Any, drawing: TextDrawing | None = None) -> PageVerdict:
    """Decide from the characters and images of a pdfplumber page whether its text layer is usable.

    ``drawing`` (how the PDF draws the page's text, `pdf_text.text_drawing`) tells an invisible OCR layer over a
    scan from a digital text layer; without it only the layer's words can tell.
    """
    chars = page.chars
    text = "".join(c.get("text", "") for c in chars)
    n = len(text.strip())
    image_areas = [abs((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images]
    page_area = max(float(page.width * page.height), 1.0)
    covered = sum(image_areas) / page_area
    scan_cover = max(image_areas, default=0.0) / page_area
    if n < MIN_CHARS:
        if covered > 0.3:
            layer = ocr_layer_evidence(page, drawing, scan_cover) if n and scan_cover >= FULL_PAGE_IMAGE else None
            if layer is not None:  # a scan with next to no text, OCRed by someone else: read like its other pages
                return PageVerdict("ocr-layer", f"{layer}; {n} characters")
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
    if scan_cover >= FULL_PAGE_IMAGE:
        layer = ocr_layer_evidence(page, drawing, scan_cover)
        if layer is not None:
            return PageVerdict("ocr-layer", layer)
    return PageVerdict("text", f"{n} characters in a readable text layer")


def ocr_layer_evidence(page: Any, drawing: TextDrawing | None, scan_cover: float) -> str | None:
    """Why the text layer over a page-covering image is an OCR layer (one line), or None when it reads like a
    digital text layer: drawn to be seen, in real words."""
    if drawing is not None and drawing.text_objects and drawing.hidden_share >= MIN_HIDDEN_SHARE:
        how = []
        if drawing.invisible:
            how.append(f"{drawing.invisible} drawn invisibly (render mode 3)")
        if drawing.under_image:
            how.append(f"{drawing.under_image} under the image")
        return (f"OCR text layer over a page image covering {scan_cover:.0%}: of {drawing.text_objects} text objects "
                + ", ".join(how))
    words = lexicon_match(w["text"] for w in page.extract_words())
    if words.tokens >= MIN_LEXICON_TOKENS and words.share < MIN_LEXICON_SHARE:
        return f"text layer over a page image covering {scan_cover:.0%} reads badly: only {words.describe()}"
    return None
