"""Text Tesseract's full-page pass left out, found as ink no word covers, and read in one second pass.

On photocopies and photos the sparse-text page pass (psm 11) drops whole words and lines now and then, mostly
the last lines of a narrow cell and bold header words, though they are plainly legible. The page pass says
where it read; ink of text size outside every word it gave is what it missed. Those pieces are cut out,
stacked into one strip with white space between them, and read in one Tesseract call as text blocks (psm 6),
which keeps the cost near one small image whatever their number.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extract.tesseract import OcrWord, ocr_words

# a missed piece must look like text: at least this share of a line height tall and this many heights long
_MIN_HEIGHT_OF_LINE = 0.6
_MAX_HEIGHT_OF_LINE = 3.5
_MIN_LENGTH_OF_LINE = 1.5
_MIN_INK_SHARE = 0.08  # of the piece's box: speckle and thin rule stubs have less
_MIN_CONF = 0.6  # words read from the pieces below this are dropped (speckle reads as short junk)
_PAD_PX = 12  # white around each piece in the strip


@dataclass(frozen=True)
class Box:
    """A pixel rectangle (left, top, width, height) on the page image."""

    left: int
    top: int
    width: int
    height: int


def missed_pieces(binary: np.ndarray, words: Sequence[OcrWord], line_height_px: float) -> list[Box]:
    """Boxes of text-like ink on the OCR input (black on white) that none of ``words`` covers."""
    ink = (binary < 128).astype(np.uint8) * 255
    grow = max(2, round(0.15 * line_height_px))
    for w in words:
        cv2.rectangle(ink, (w["left"] - grow, w["top"] - grow),
                      (w["left"] + w["width"] + grow, w["top"] + w["height"] + grow), 0, -1)
    # letters of one word and words of one line join; lines stay apart
    join = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(0.8 * line_height_px)), 1))
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, join)
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    pieces = []
    for left, top, width, height, _area in stats[1:count]:
        if not (_MIN_HEIGHT_OF_LINE * line_height_px <= height <= _MAX_HEIGHT_OF_LINE * line_height_px):
            continue
        if width < _MIN_LENGTH_OF_LINE * line_height_px:
            continue
        if cv2.countNonZero(ink[top:top + height, left:left + width]) < _MIN_INK_SHARE * width * height:
            continue
        pieces.append(Box(int(left), int(top), int(width), int(height)))
    return pieces


def read_pieces(binary: np.ndarray, pieces: Sequence[Box], *, binary_path: str, lang: str, dpi: int,
                timeout_s: float) -> list[OcrWord]:
    """Read the pieces in one Tesseract call on a strip of them; words come back in page pixels."""
    if not pieces:
        return []
    width = max(p.width for p in pieces) + 2 * _PAD_PX
    height = sum(p.height + 2 * _PAD_PX for p in pieces)
    strip = np.full((height, width), 255, np.uint8)
    offsets = []  # (strip top of the piece, piece)
    y = 0
    for piece in pieces:
        top = y + _PAD_PX
        strip[top:top + piece.height, _PAD_PX:_PAD_PX + piece.width] = binary[
            piece.top:piece.top + piece.height, piece.left:piece.left + piece.width]
        offsets.append((top, piece))
        y += piece.height + 2 * _PAD_PX
    found = []
    for word in ocr_words(strip, binary=binary_path, lang=lang, psm=6, dpi=dpi, timeout_s=timeout_s):
        middle = word["top"] + word["height"] / 2
        for top, piece in offsets:
            if top - _PAD_PX <= middle < top + piece.height + _PAD_PX:
                if word["conf"] >= _MIN_CONF and sum(c.isalnum() for c in word["text"]) >= 2:
                    moved: OcrWord = {**word, "left": word["left"] - _PAD_PX + piece.left,
                                      "top": word["top"] - top + piece.top}
                    found.append(moved)
                break
    return found
