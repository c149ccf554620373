"""A scanned page -> `PageLayout` (method "ocr"): same words-and-segments model as a digital page. A scan that
carries somebody else's OCR text layer -> method "ocr-layer": our reading or the layer's words, the better one.

Steps: page image (the embedded scan, else a rendering) -> deskew -> ruling lines on the greyscale ->
binarize and paint the ruling lines white (so Tesseract never reads across a cell border) -> one full-page
Tesseract pass -> words in PDF points (the deskewed frame) -> symbol repair of known misreadings.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from extract.layout import OcrEvidence, PageLayout, Segment, Word
from extract.missed_ink import missed_pieces, read_pieces
from extract.page_image import MAX_SKEW_DEG, PageImage, binarize, deskew, embedded_scan, estimate_skew, render_page
from extract.paper_sheet import find_sheet, flatten_sheet
from extract.ruling_lines import drop_page_edges, ink_mask, line_masks, masks_to_segments, segments_to_mask
from extract.tesseract import DEFAULT_PSM, OcrWord, ocr_words, page_rotation
from extract.triage import LexiconMatch, is_known_word, lexicon_match

# Known Tesseract misreadings of formula symbols (DOMAIN.md and the corpus scans), repaired only in an
# unambiguous context. "%" after "100" following a multiplication sign: `x 10074`, `x 100Y4`, `x 10096` ...
_PERCENT_MISREAD = r"(?:74|Y4|y4|96|94|9%|%4|%o|°/o|o/o|0/0|Yo)"
_PERCENT_AFTER_100 = re.compile(rf"^100{_PERCENT_MISREAD}([.,;:)]*)$")
# the same "%" as a word of its own after a spaced `x 100 …` (there "&" too: it never follows a number)
_PERCENT_ALONE = re.compile(rf"^(?:{_PERCENT_MISREAD}|&)([.,;:)]*)$")
_TIMES = frozenset({"x", "X", "×", "*", "dikali"})
_TIMES_100 = frozenset({"x100", "X100", "×100"})  # "x 100" read as one word
# "Σ" read as £ or € (never Indonesian text): always; read as E or Z: only as "(E" or as a lone word right
# after an operator word, where a one-letter capital is not Indonesian either.
_SIGMA_ALWAYS = re.compile(r"^([(/]?)[£€]$")
_SIGMA_OPENING = re.compile(r"^\([EZ]$")
_OPERATORS = frozenset({"/", "-", "(", "x", "X", "×", "+", "="})
# "/" read as a letter-like stroke inside one long word: "SASARANIKINERJA"
_SLASH_MISREAD = "Il|"
_SLASH_CANDIDATE = re.compile(r"^[A-Za-z|]{7,}$")

# A page read worse than this (mean word confidence) or into fewer words is checked for a sideways or upside-down
# scan. Upright corpus scans read at 0.90-0.95 (150-dpi ones included); a page turned 90 or 180 degrees at < 0.5.
UPRIGHT_MIN_CONF = 0.6
UPRIGHT_MIN_WORDS = 15
UPRIGHT_MIN_WORDLIKE = 0.5  # share of words with 3+ letters: upright corpus scans 0.85-0.95, turned pages < 0.05
# a scan's own OCR text layer is kept instead of our reading only when this much more of its words are real words
LAYER_BETTER_BY = 0.1
LAYER_IMAGE_DPI = 150  # rendering resolution for finding ruling lines when the layer is kept without OCR
_CV2_ROTATION = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def ocr_page_layout(
    pdf_path: str,
    page_index: int,
    page_width_pt: float,
    page_height_pt: float,
    dpi: int = 300,
    binary: str = "tesseract",
    lang: str = "ind+eng",
    *,
    psm: int = DEFAULT_PSM,
    reason: str = "",
    timeout_s: float = 300,
) -> PageLayout:
    """OCR one page into a `PageLayout` (words and ruling segments in PDF points); ``dpi``: OCR resolution.

    A page that reads badly (low confidence, almost no words, or mostly one- and two-letter scraps) may be a sideways
    or upside-down scan: Tesseract's orientation detection is asked, and the page is read again turned upright
    when that reads better (the layout is then in the upright frame, width and height swapped for 90/270).
    """
    page = _read_page(pdf_path, page_index, page_width_pt, page_height_pt, dpi, binary, lang, psm, timeout_s)
    return PageLayout(
        page_no=page_index + 1,
        width=page.width,
        height=page.height,
        words=tuple(page.read.words),
        segments=tuple(page.read.segments),
        method="ocr",
        reason=reason,
        notes=page.notes(lang, psm),
        ocr=page.evidence(),
    )


def ocr_layer_page_layout(
    pdf_path: str,
    page_index: int,
    page_width_pt: float,
    page_height_pt: float,
    layer_words: Sequence[Word],
    dpi: int = 300,
    binary: str = "tesseract",
    lang: str = "ind+eng",
    *,
    psm: int = DEFAULT_PSM,
    reason: str = "",
    timeout_s: float = 300,
) -> PageLayout:
    """A scan that carries somebody else's OCR text layer (``layer_words``): OCR it ourselves as any scan, and
    keep the reading with more real words (`triage.lexicon_match`); method "ocr-layer", the choice in the reason.

    Our reading wins ties: it is deskewed like the ruling lines found on the image and has word confidences. The
    layer's words, when kept, are turned into the same level frame and keep the ruling lines of our reading.
    """
    page = _read_page(pdf_path, page_index, page_width_pt, page_height_pt, dpi, binary, lang, psm, timeout_s)
    ours = lexicon_match(w.text for w in page.read.words)
    theirs = lexicon_match(w.text for w in layer_words)
    layer_reads_better = (page.rotation == 0 and theirs.known > ours.known
                          and theirs.share >= ours.share + LAYER_BETTER_BY)
    evidence = page.evidence()
    if layer_reads_better:
        words, repairs = repair_symbols(level_words(layer_words, page.read.skew, page.width, page.height,
                                              conf=layer_confidence(theirs)))
        choice = (f"the layer's text kept ({theirs.describe()}; our OCR {ours.share:.0%}, "
                  f"mean conf {page.read.mean_conf:.2f})")
        evidence = replace(evidence, repairs=tuple(repairs))
    else:
        words = list(page.read.words)
        choice = (f"our OCR kept ({ours.describe()}, mean conf {page.read.mean_conf:.2f}; "
                  f"the layer {theirs.share:.0%})")
    return PageLayout(
        page_no=page_index + 1,
        width=page.width,
        height=page.height,
        words=tuple(words),
        segments=tuple(page.read.segments),
        method="ocr-layer",
        reason=f"{reason}; {choice}" if reason else choice,
        notes=page.notes(lang, psm),
        ocr=evidence,
    )


def layer_page_layout(
    pdf_path: str,
    page_index: int,
    page_width_pt: float,
    page_height_pt: float,
    layer_words: Sequence[Word],
    *,
    reason: str = "",
) -> PageLayout:
    """The page's own OCR text layer without running Tesseract (OCR turned off, or ours failed): its words
    levelled by the scan's skew, with the ruling lines found on the page image (the layer has none)."""
    scan = embedded_scan(pdf_path, page_index)
    image = scan or PageImage(render_page(pdf_path, page_index, LAYER_IMAGE_DPI), LAYER_IMAGE_DPI, "rendered")
    skew = estimate_skew(image.gray)
    horizontal_mask, vertical_mask = line_masks(ink_mask(deskew(image.gray, skew)), image.dpi)
    segments = drop_page_edges(masks_to_segments(horizontal_mask, vertical_mask, image.dpi), page_width_pt,
                               page_height_pt)
    theirs = lexicon_match(w.text for w in layer_words)
    # the layer is Tesseract's reading too (OCRmyPDF), with the same misreadings of "%", "Σ" and "/"
    words, repairs = repair_symbols(level_words(layer_words, skew, page_width_pt, page_height_pt,
                                                conf=layer_confidence(theirs)))
    height_px, width_px = image.gray.shape
    notes = (f"image: {image.source}, {width_px}x{height_px} px at {image.dpi:.0f} dpi",
             f"skew: {skew:+.2f} deg corrected (layer words turned with it)",
             f"ruling lines: {sum(s.is_horizontal for s in segments)} horizontal, "
             f"{sum(not s.is_horizontal for s in segments)} vertical",
             f"text layer: {len(words)} words, {theirs.describe()}",
             *(["symbol repair: " + ", ".join(repairs)] if repairs else []))
    return PageLayout(page_index + 1, page_width_pt, page_height_pt, tuple(words), tuple(segments), "ocr-layer",
                      reason, notes, OcrEvidence(skew, 0, None, tuple(repairs)))


def layer_confidence(match: LexiconMatch) -> float:
    """What a word of a scan's OCR text layer is trusted at: the layer keeps no OCR confidences, so the share of
    its page's words found in the word lists stands in (kept below 1.0, which marks a digital text layer)."""
    return round(min(match.share, 0.99), 4)


def level_words(words: Sequence[Word], skew: float, page_width_pt: float, page_height_pt: float,
                conf: float) -> list[Word]:
    """Words of the original page frame moved into the frame `deskew` levels the page image into (the page
    turned by ``-skew`` about its centre); each box keeps its size; ``conf`` for every word."""
    matrix = cv2.getRotationMatrix2D((page_width_pt / 2.0, page_height_pt / 2.0), -skew, 1.0)
    levelled = []
    for word in words:
        x_mid, y_mid = word.x_mid, word.y_mid
        new_x = matrix[0, 0] * x_mid + matrix[0, 1] * y_mid + matrix[0, 2]
        new_y = matrix[1, 0] * x_mid + matrix[1, 1] * y_mid + matrix[1, 2]
        dx, dy = new_x - x_mid, new_y - y_mid
        levelled.append(replace(word, x0=word.x0 + dx, x1=word.x1 + dx, top=word.top + dy, bottom=word.bottom + dy,
                                conf=conf))
    return levelled


@dataclass(frozen=True)
class _PageReading:
    """One page read by Tesseract in its upright frame (``width``/``height`` in points, swapped when turned)."""

    image: PageImage
    read: _ImageReading
    rotation: int
    width: float
    height: float

    def evidence(self) -> OcrEvidence:
        """The measurements of this reading, as data for pages.parquet."""
        return OcrEvidence(self.read.skew, self.rotation, self.read.mean_conf, tuple(self.read.repairs))

    def notes(self, lang: str, psm: int) -> tuple[str, ...]:
        """What was done to read the page, for the report."""
        height_px, width_px = self.image.gray.shape
        horizontal_count = sum(s.is_horizontal for s in self.read.segments)
        notes = [
            f"image: {self.image.source}, {width_px}x{height_px} px at {self.image.dpi:.0f} dpi",
            *([f"photo: {self.image.paper.describe()}; binarized with a local threshold"] if self.image.paper else []),
            *([f"orientation: turned {self.rotation} deg clockwise to read upright"] if self.rotation else []),
            f"skew: {self.read.skew:+.2f} deg corrected"
            + (f" (the search limit: the page may be turned further, beyond ±{MAX_SKEW_DEG:g} deg)"
               if abs(self.read.skew) >= MAX_SKEW_DEG - 0.05 else ""),
            f"ruling lines: {horizontal_count} horizontal, {len(self.read.segments) - horizontal_count} vertical",
            f"tesseract: lang {lang}, psm {psm}, {len(self.read.words)} words, mean conf {self.read.mean_conf:.2f}",
        ]
        if self.read.missed_pieces:
            notes.append(f"second pass: {self.read.missed_pieces} pieces of ink no word covered, "
                         f"{self.read.recovered_words} words read from them")
        if self.read.repairs:
            notes.append("symbol repair: " + ", ".join(self.read.repairs))
        return tuple(notes)


def _read_page(pdf_path: str, page_index: int, page_width_pt: float, page_height_pt: float, dpi: int, binary: str,
               lang: str, psm: int, timeout_s: float) -> _PageReading:
    """Read one page image; a page that reads like a turned scan is read again upright when that reads better."""
    page_image = load_page_image(pdf_path, page_index, dpi)
    if page_image.paper is not None:
        page_width_pt, page_height_pt = page_image.paper.size_pt
    photo = page_image.paper is not None
    read = _read_image(page_image.gray, page_image.dpi, binary, lang, psm, timeout_s, photo)
    rotation = 0
    if read.looks_unreadable:
        rotation = page_rotation(_osd_image(page_image.gray), binary=binary, dpi=round(page_image.dpi / 2),
                                 timeout_s=timeout_s)
        if rotation:
            turned = _read_image(cv2.rotate(page_image.gray, _CV2_ROTATION[rotation]), page_image.dpi, binary, lang,
                                 psm, timeout_s, photo)
            if turned.mean_conf * len(turned.words) > read.mean_conf * len(read.words):
                read = turned
                if rotation in (90, 270):
                    page_width_pt, page_height_pt = page_height_pt, page_width_pt
            else:
                rotation = 0
    return _PageReading(page_image, read, rotation, page_width_pt, page_height_pt)


@dataclass(frozen=True)
class _ImageReading:
    """What one Tesseract pass over a (deskewed, line-painted) page image gave."""

    words: list[Word]
    segments: list[Segment]
    skew: float
    repairs: list[str]
    mean_conf: float
    missed_pieces: int = 0  # pieces of ink the page pass left out, read again
    recovered_words: int = 0

    @property
    def looks_unreadable(self) -> bool:
        """Text read from a page turned sideways or upside down: few words, low confidence, or mostly scraps
        (Tesseract makes "s", "3", "Ss" of rotated letters; upright decree pages are mostly real words)."""
        if len(self.words) < UPRIGHT_MIN_WORDS or self.mean_conf < UPRIGHT_MIN_CONF:
            return True
        wordlike = sum(1 for w in self.words if sum(c.isalpha() for c in w.text) >= 3)
        return wordlike < UPRIGHT_MIN_WORDLIKE * len(self.words)


def _read_image(gray: np.ndarray, dpi: float, binary: str, lang: str, psm: int, timeout_s: float,
                photo: bool = False) -> _ImageReading:
    """Deskew, find the ruling lines, paint them out, and read the page (``photo``: a local threshold)."""
    skew = estimate_skew(gray)
    level = deskew(gray, skew)
    horizontal_mask, vertical_mask = line_masks(ink_mask(level), dpi)
    height_px, width_px = level.shape
    segments = drop_page_edges(masks_to_segments(horizontal_mask, vertical_mask, dpi), width_px * 72 / dpi,
                               height_px * 72 / dpi)
    # paint only line pixels inside kept segments: short runs dropped as text strokes stay in the image
    ruling_pixels = cv2.bitwise_and(
        cv2.bitwise_or(horizontal_mask, vertical_mask), segments_to_mask(segments, level.shape, dpi)
    )
    ocr_input = paint_out(binarize(level, dpi, local=photo), ruling_pixels)
    read = ocr_words(ocr_input, binary=binary, lang=lang, psm=psm, dpi=round(dpi), timeout_s=timeout_s)
    heights = sorted(w["height"] for w in read if sum(c.isalpha() for c in w["text"]) >= 3)
    pieces = missed_pieces(ocr_input, read, heights[len(heights) // 2]) if len(heights) >= UPRIGHT_MIN_WORDS else []
    recovered = read_pieces(ocr_input, pieces, binary_path=binary, lang=lang, dpi=round(dpi), timeout_s=timeout_s)
    words, repairs = repair_symbols([ocr_word_to_word(w, dpi) for w in read + recovered])
    mean_conf = float(np.mean([w.conf for w in words])) if words else 0.0
    return _ImageReading(words, list(segments), skew, repairs, mean_conf, len(pieces), len(recovered))


def image_as_read(gray: np.ndarray, evidence: OcrEvidence) -> np.ndarray:
    """A page image in the frame its words were read in: turned upright, then levelled (as `_read_page` does)."""
    if evidence.rotation_deg:
        gray = cv2.rotate(gray, _CV2_ROTATION[evidence.rotation_deg])
    return deskew(gray, evidence.skew_deg)


def _osd_image(gray: np.ndarray) -> np.ndarray:
    """The page at half resolution for orientation detection: as reliable there, and twice as fast."""
    return cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


def load_page_image(pdf_path: str, page_index: int, dpi: int) -> PageImage:
    """The page at (at least) ``dpi``: its own scan when it is one full-page image, else a rendering.

    A scan below ``dpi`` is upscaled (cubic) to it: on 150/200-dpi decree scans Tesseract read 2-3 % more
    words after binarizing the upscaled image than the native one. A finer scan is kept as it is. A photo of a
    sheet on a darker surface is cut to the sheet and warped flat at ``dpi`` (`paper_sheet`), in one resampling.
    """
    scan = embedded_scan(pdf_path, page_index)
    image = scan or PageImage(gray=render_page(pdf_path, page_index, dpi), dpi=float(dpi), source="rendered")
    sheet = find_sheet(image.gray)
    if sheet is not None:
        target_dpi = dpi or sheet.resolution()
        return PageImage(gray=flatten_sheet(image.gray, sheet, target_dpi), dpi=float(target_dpi),
                         source=f"{image.source}, a photo: sheet flattened", paper=sheet)
    if scan is None:
        return image
    if scan.dpi >= 0.95 * dpi:
        return scan
    factor = dpi / scan.dpi
    upscaled = cv2.resize(scan.gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return PageImage(gray=upscaled, dpi=scan.dpi * factor, source=f"embedded {scan.dpi:.0f} dpi, upscaled")


def paint_out(binary_image: np.ndarray, line_mask: np.ndarray, margin_px: int = 2) -> np.ndarray:
    """A copy of the OCR input with the ruling-line pixels (grown by ``margin_px``) painted white."""
    grown = cv2.dilate(line_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * margin_px + 1,) * 2))
    painted = binary_image.copy()
    painted[grown > 0] = 255
    return painted


def ocr_word_to_word(ocr_word: OcrWord, dpi: float) -> Word:
    """A Tesseract word (pixels) as a layout `Word` (PDF points)."""
    px_to_pt = 72.0 / dpi
    return Word(
        text=ocr_word["text"],
        x0=ocr_word["left"] * px_to_pt,
        x1=(ocr_word["left"] + ocr_word["width"]) * px_to_pt,
        top=ocr_word["top"] * px_to_pt,
        bottom=(ocr_word["top"] + ocr_word["height"]) * px_to_pt,
        conf=ocr_word["conf"],
    )


def repair_symbols(page_words: list[Word]) -> tuple[list[Word], list[str]]:
    """Fix known misreadings of ``%`` and ``Σ`` where the context makes them certain; also say what changed.

    ``x 10074`` -> ``x 100%`` and ``x 100 74`` -> ``x 100 %`` (``%`` read as 74, Y4, 96, 94, ...; also
    after ``dikali``); ``£``/``€`` -> ``Σ``; ``(E``/``(Z`` -> ``(Σ``; a lone ``E``/``Z`` after ``/ - ( x + =``
    -> ``Σ``; ``SASARANIKINERJA`` -> ``SASARAN/KINERJA`` (`slash_misread`). Reading order is Tesseract's, which
    keeps a line's words in sequence.
    """
    repaired: list[Word] = []
    repairs: list[str] = []
    for i, word in enumerate(page_words):
        before = page_words[i - 1].text if i >= 1 else ""
        two_before = page_words[i - 2].text if i >= 2 else ""
        text = word.text
        if before in _TIMES and (match := _PERCENT_AFTER_100.match(text)):
            text = "100%" + match.group(1)
        elif (
            (before == "100" and two_before in _TIMES) or before in _TIMES_100
        ) and (match := _PERCENT_ALONE.match(text)):
            text = "%" + match.group(1)
        elif match := _SIGMA_ALWAYS.match(text):
            text = match.group(1) + "Σ"
        elif _SIGMA_OPENING.match(text):
            text = "(Σ"
        elif text in {"E", "Z"} and before in _OPERATORS:
            text = "Σ"
        elif slashed := slash_misread(text):
            text = slashed
        if text != word.text:
            repairs.append(f"{word.text!r}->{text!r}")
            word = replace(word, text=text)
        repaired.append(word)
    return repaired, repairs


def slash_misread(text: str) -> str | None:
    """``/`` between two words read as ``I``, ``l`` or ``|`` (``SASARANIKINERJA``, ``SasaranlKinerja``): the word with
    the slash put back, or None. Only where the whole is no known word, both sides are known words of 3+ letters
    written alike (both capitals, or both capitalised), so that a real word or a name is never cut."""
    if not _SLASH_CANDIDATE.match(text) or is_known_word(text):
        return None
    for k in range(3, len(text) - 3):
        left, right = text[:k], text[k + 1:]
        if text[k] in _SLASH_MISREAD and _written_alike(left, right) and is_known_word(left) and is_known_word(right):
            return f"{left}/{right}"
    return None


def _written_alike(left: str, right: str) -> bool:
    return (left.isupper() and right.isupper()) or (left.istitle() and right.istitle())
