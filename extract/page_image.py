"""Page images for OCR: render or take the embedded scan, measure and undo skew, binarize.

All images are 2-D ``uint8`` greyscale arrays (0 = black ink, 255 = white paper), origin top-left.
Angles are in degrees, positive = the content is turned counter-clockwise (OpenCV's convention).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium

from extract.paper_sheet import Sheet

# a scan is rarely turned more than 5 degrees, a hand-held photo of a page up to ~10
MAX_SKEW_DEG = 10.0
# Ink is at most this bright on the lighting-flattened page (paper = 255). Otsu alone splits the paper noise
# of a near-blank page into black speckle (threshold ~235), which sends Tesseract into minutes of junk words;
# on pages with text it picks 160-197.
MAX_INK_LEVEL = 200
# the same for the local threshold of photos: their paper grain stays white
MAX_FLAT_INK = 235
LOCAL_BLOCK_PT = 12.0  # the local threshold's neighbourhood: a few text lines (51 px at 300 dpi)
LOCAL_OFFSET = 10  # grey levels darker than the neighbourhood's weighted mean to be ink
# a page image placed within this many points of the page box counts as "the whole page is one scan"
_FULL_PAGE_TOLERANCE_PT = 2.0
# the decoded scan must look like PDFium's own small rendering of the page (mean grey difference at most this):
# catches images that are drawn differently from their raw pixels (inverted CMYK JPEG, Decode arrays, masks)
_MAX_PREVIEW_DIFFERENCE = 40.0
_PREVIEW_DPI = 24.0


@dataclass(frozen=True)
class PageImage:
    """A greyscale page image and its resolution; ``source`` is "embedded" (the scan itself) or "rendered".
    ``paper``: the page was a photo of this sheet, now flattened (the image is the sheet only, in its size)."""

    gray: np.ndarray
    dpi: float
    source: str
    paper: Sheet | None = None


def render_page(pdf_path: str, page_index: int, dpi: float) -> np.ndarray:
    """Rasterize one page with PDFium at ``dpi`` into a greyscale array."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        bitmap = pdf[page_index].render(scale=dpi / 72.0, grayscale=True)
        return _bitmap_to_gray(bitmap)
    finally:
        pdf.close()


def embedded_scan(pdf_path: str, page_index: int) -> PageImage | None:
    """The page's scan at its own resolution when the page is exactly one upright full-page image, else None.

    Reading the scan directly skips a resampling pass (faster, no interpolation blur); anything unusual
    (rotated page, several objects, an image not covering the page or not drawn as its raw pixels) returns
    None: render instead. Text drawn invisibly over the scan (an OCR text layer) does not count.
    """
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_index]
        objects = _drawn_objects(page)
        if page.get_rotation() != 0 or len(objects) != 1 or objects[0].type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objects[0]
        a, b, c, d, _, _ = image.get_matrix().get()
        left, bottom, right, top = image.get_bounds()
        box_left, box_bottom, box_right, box_top = page.get_cropbox()
        covers_page = all(
            abs(edge - box_edge) <= _FULL_PAGE_TOLERANCE_PT
            for edge, box_edge in ((left, box_left), (bottom, box_bottom), (right, box_right), (top, box_top))
        )
        if not covers_page or b != 0 or c != 0 or a <= 0 or d <= 0:
            return None
        gray = _bitmap_to_gray(image.get_bitmap(render=False))
        page_aspect = (box_top - box_bottom) / (box_right - box_left)
        if gray.size == 0 or abs(gray.shape[0] / gray.shape[1] - page_aspect) > 0.01:
            return None  # e.g. a 200x100 dpi fax: one dpi could not map both axes to points
        preview = _bitmap_to_gray(page.render(scale=_PREVIEW_DPI / 72.0, grayscale=True, draw_annots=False))
        if _mean_difference(gray, preview) > _MAX_PREVIEW_DIFFERENCE:
            return None
        return PageImage(gray=gray, dpi=gray.shape[1] * 72.0 / (box_right - box_left), source="embedded")
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def _drawn_objects(page: pdfium.PdfPage) -> list[pdfium.PdfObject]:
    """The page's top-level objects that put ink on it: invisible text (render mode 3 or 7, an OCR layer), and
    forms holding nothing else, are left out."""
    drawn: list[pdfium.PdfObject] = []
    group: list[pdfium.PdfObject] = []  # a top-level object and what it contains (a form's objects)
    for obj in [*page.get_objects(max_depth=8), None]:
        if obj is None or obj.level == 0:
            if group and not all(_draws_nothing(member) for member in group):
                drawn.append(group[0])
            group = []
        if obj is not None:
            group.append(obj)
    return drawn


def _draws_nothing(obj: pdfium.PdfObject) -> bool:
    """A form (its contents are judged one by one) or text drawn invisibly."""
    if obj.type == pdfium.raw.FPDF_PAGEOBJ_FORM:
        return True
    return obj.type == pdfium.raw.FPDF_PAGEOBJ_TEXT and pdfium.raw.FPDFTextObj_GetTextRenderMode(obj.raw) in (
        pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium.raw.FPDF_TEXTRENDERMODE_CLIP)


def estimate_skew(gray: np.ndarray, max_angle: float = MAX_SKEW_DEG) -> float:
    """Angle (degrees, within ±``max_angle``) the page content is turned by, from the sharpest row profile.

    Ruling lines and text lines both make the horizontal ink profile spiky when level; a coarse then a fine
    search over rotations of a downscaled ink mask finds the angle where it is spikiest.
    """
    scale = min(1.0, 1000.0 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if cv2.countNonZero(ink) < 0.001 * ink.size:
        return 0.0
    # the spike of a level text line lasts ~0.7 degree at this size: 0.5-degree steps cannot step over it
    best = 0.0
    for step, reach in ((0.5, max_angle), (0.1, 0.5), (0.02, 0.1)):
        candidates = np.arange(best - reach, best + reach + 1e-9, step)
        best = float(max(candidates, key=lambda angle: _profile_sharpness(ink, float(angle))))
    # the profile peaks where the rotation *undoes* the skew, so the content is turned by the opposite angle
    return float(np.clip(-best, -max_angle, max_angle))


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    """Turn the image by ``-angle`` about its centre (same size) so the content is level.

    The corners are filled by repeating the edge pixels: a white fill on a grey scan would draw a long
    straight step at the border that line detection takes for a ruling line.
    """
    if abs(angle) < 1e-3:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), -angle, 1.0)
    return cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def binarize(gray: np.ndarray, dpi: float = 300.0, *, local: bool = False) -> np.ndarray:
    """Black text on white for OCR: flatten uneven lighting and shading, light denoise, then one level for the
    page (Otsu, capped) or, with ``local``, a level for each neighbourhood (photos).

    A global level suits scans, lit evenly: a local threshold hollows out their thick or blurred strokes (on
    150-dpi scans 48 % of the words read were in the decree, against 74 % with Otsu). A phone photo's small type
    is thin and grey, in light that falls off across the page: there one level breaks or fills the letters, and the
    local threshold read 78 % of the words against Otsu's 60 % (9-pt pages). Either way ink is no brighter than
    MAX_FLAT_INK on the flattened page, which keeps the paper grain of blank areas white.
    """
    height, width = gray.shape
    # paper brightness: a closing wider than any stroke removes the ink; done at quarter size (smooth anyway)
    small = cv2.resize(gray, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA)
    kernel_px = max(5, (min(small.shape) // 40) | 1)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (kernel_px,) * 2))
    paper = cv2.resize(cv2.GaussianBlur(paper, (0, 0), kernel_px / 4), (width, height), interpolation=cv2.INTER_LINEAR)
    flattened = cv2.medianBlur(cv2.divide(gray, np.maximum(paper, 1), scale=255), 3)
    if local:
        block = max(3, round(LOCAL_BLOCK_PT * dpi / 72.0)) | 1
        neighbourhood = cv2.adaptiveThreshold(cv2.medianBlur(gray, 3), 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                              cv2.THRESH_BINARY, block, LOCAL_OFFSET)
        return np.where((neighbourhood == 0) & (flattened <= MAX_FLAT_INK), 0, 255).astype(np.uint8)
    otsu_level, _ = cv2.threshold(flattened, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, binary = cv2.threshold(flattened, min(otsu_level, MAX_INK_LEVEL), 255, cv2.THRESH_BINARY)
    return binary


def _profile_sharpness(ink: np.ndarray, angle: float) -> float:
    """How spiky the row sums of ``ink`` turned by ``angle`` are (sum of squared row-to-row changes)."""
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def _mean_difference(gray: np.ndarray, preview: np.ndarray) -> float:
    """Mean absolute grey difference between an image shrunk to the preview's size and the preview."""
    shrunk = cv2.resize(gray, (preview.shape[1], preview.shape[0]), interpolation=cv2.INTER_AREA)
    return float(np.mean(cv2.absdiff(shrunk, preview)))


def _bitmap_to_gray(bitmap: pdfium.PdfBitmap) -> np.ndarray:
    """Copy a PDFium bitmap (grey, BGR, BGRx or BGRA) into a greyscale array."""
    pixels = bitmap.to_numpy()
    if pixels.ndim == 2:
        return pixels.copy()
    if pixels.shape[2] == 1:
        return pixels[:, :, 0].copy()
    if pixels.shape[2] == 3:
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY)
