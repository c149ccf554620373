"""The page layout every extractor produces: words with boxes and ruling segments, in PDF points.

Digital pages (pdfplumber) and scanned pages (Tesseract + OpenCV) both end up as a `PageLayout`, so table
reconstruction and decree parsing never care where the words came from.
Coordinates: origin top-left, x grows right, y (``top``/``bottom``) grows down, unit = PDF point (1/72 in).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Word:
    """One word as printed, with its box; ``conf`` is the OCR confidence (0-1), 1.0 for a text layer."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float = 1.0
    bold: bool = False

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def read_by_ocr(words: Iterable[Word]) -> bool:
    """Whether any of the words came from OCR (a text layer's words carry conf 1.0)."""
    return any(w.conf < 1.0 for w in words)


def cut_word(word: Word, k: int, x: float) -> tuple[Word, Word]:
    """``word`` cut before its ``k``-th character at ``x`` (two cells' texts printed touching, read as one word)."""
    return replace(word, text=word.text[:k], x1=min(x - 0.1, word.x1)), replace(word, text=word.text[k:], x0=x)


def median_height(words: Iterable[Word], empty: float = 10.0) -> float:
    """The median word height (the page's text size, robust to headings and scraps); ``empty`` without words."""
    heights = sorted(w.height for w in words)
    return heights[len(heights) // 2] if heights else empty


@dataclass(frozen=True)
class Segment:
    """A ruling line: horizontal when ``top == bottom`` (up to its thickness), else vertical."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def is_horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class OcrEvidence:
    """What reading a page image measured: the evidence behind an OCR page's words, kept as data."""

    skew_deg: float  # the tilt corrected before reading (the words are in the levelled frame)
    rotation_deg: int  # 0, 90, 180 or 270: how far the scan was turned clockwise to read it upright
    mean_conf: float | None  # mean Tesseract word confidence (0-1); None when Tesseract did not run
    repairs: tuple[str, ...] = ()  # known misreadings repaired, as `'10074'->'100%'`


@dataclass(frozen=True)
class PageLayout:
    """Everything later stages need from one page; ``method`` says how the words were obtained."""

    page_no: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    segments: tuple[Segment, ...] = ()
    method: str = "text"  # "text" | "ocr" | "skipped"
    reason: str = ""  # why this method was chosen (triage evidence)
    notes: tuple[str, ...] = field(default=())
    ocr: OcrEvidence | None = None  # set on pages read from their image ("ocr", "ocr-layer")

    @property
    def h_segments(self) -> list[Segment]:
        return [s for s in self.segments if s.is_horizontal]

    @property
    def v_segments(self) -> list[Segment]:
        return [s for s in self.segments if not s.is_horizontal]
