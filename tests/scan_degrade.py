"""Seeded degradations of clean decree pages into the two kinds of scan we have no real samples of.

``photocopy``: a page photocopied and "printed" to PDF as a pure black-and-white CCITT G4 image: slight skew,
toner-thickened strokes, a threshold that drifts across the page, speckle and small blobs, toner dropouts
(faint streaks and patches where ink is lost) and the dark band a copier leaves along one edge.

``phone``: a printed page photographed with a phone and turned into a colour-JPEG PDF without cropping: the
page lies in perspective on a darker desk, slightly bent, lit unevenly with a soft shadow and a warm cast,
a little blurred and noisy, at about 150-200 dpi on the paper.

Every random choice is drawn from the ``numpy.random.Generator`` passed in and the PDF date is fixed, so one seed
gives the same file bytes.
Used by ``tests/test_scan_degrade.py`` and ``bench/degraded_corpus.py``.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, features

KINDS = ("photocopy", "phone")
RENDER_DPI = 300.0
PHONE_JPEG_QUALITY = 80
PHONE_PDF_DPI = 175.0  # nominal: the photographed paper is drawn at 150-200 dpi, so pages come out near A4
FIXED_PDF_DATE = time.gmtime(1704067200)  # 2024-01-01: a fixed document date, so one seed gives the same file bytes


def smooth_field(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    """Low-frequency noise in about [-1, 1]: a coarse random grid upsampled smoothly, for drifts and bends."""
    h, w = shape
    grid_h = max(2, round(cells * h / max(h, w)))
    grid_w = max(2, round(cells * w / max(h, w)))
    coarse = rng.standard_normal((grid_h, grid_w)).astype(np.float32)
    field = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(field / 1.5, -1.0, 1.0)


def rotated_page(gray: np.ndarray, degrees: float, border: int) -> np.ndarray:
    """The page turned by ``degrees`` about its centre, same size, uncovered corners filled with ``border``."""
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


# --- photocopy -------------------------------------------------------------------------------------------------

def toner_fade(shape: tuple[int, int], px_per_300dpi: float, rng: np.random.Generator) -> np.ndarray:
    """Per-pixel share of ink that survives (1 keeps it): faint streaks along the paper feed and a few patches."""
    h, w = shape
    fade = np.ones(shape, np.float32)
    for _ in range(int(rng.integers(1, 4))):  # a worn drum drops toner in a narrow band down the whole page
        centre = rng.uniform(0.05, 0.95) * w
        half_width = rng.uniform(3, 14) * px_per_300dpi
        xs = np.arange(w, dtype=np.float32)
        band = np.exp(-(((xs - centre) / half_width) ** 2))
        along = 0.6 + 0.4 * (smooth_field((h, 1), 12, rng)[:, 0] + 1) / 2
        fade *= 1 - rng.uniform(0.45, 0.75) * band[None, :] * along[:, None]
    for _ in range(int(rng.integers(1, 5))):  # damp or creased spots where ink did not take
        cy, cx = rng.uniform(0.05, 0.95) * h, rng.uniform(0.05, 0.95) * w
        ry, rx = rng.uniform(20, 90, size=2) * px_per_300dpi
        yy, xx = np.ogrid[:h, :w]
        spot = np.exp(-(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2))
        fade *= 1 - rng.uniform(0.4, 0.75) * spot.astype(np.float32)
    return fade


def copier_edge(shape: tuple[int, int], px_per_300dpi: float, rng: np.random.Generator) -> np.ndarray:
    """Darkness 0..1 of the band a copier leaves along one page edge, with a ragged, fading inner border."""
    h, w = shape
    side = int(rng.integers(4))  # 0 left, 1 right, 2 top, 3 bottom
    length = h if side < 2 else w
    depth = (w if side < 2 else h)
    width = rng.uniform(0.008, 0.03) * depth
    ragged = width * (1 + 0.12 * smooth_field((length, 1), 20, rng)[:, 0])
    distance = np.arange(depth, dtype=np.float32)[None, :]
    band = np.clip((ragged[:, None] - distance) / (6 * px_per_300dpi) + 0.5, 0, 1)
    band = np.maximum(band, 0.35 * np.exp(-np.maximum(distance - ragged[:, None], 0) / (10 * px_per_300dpi)))
    if side in (1, 3):
        band = band[:, ::-1]
    return band if side < 2 else band.T


def speckle(binary_ink: np.ndarray, px_per_300dpi: float, rng: np.random.Generator) -> np.ndarray:
    """Ink mask with dust: isolated black and white pixels, and a few small blobs of toner."""
    h, w = binary_ink.shape
    pepper = rng.random((h, w)) < rng.uniform(2e-5, 1.5e-4)
    salt = rng.random((h, w)) < rng.uniform(1e-4, 6e-4)
    dusted = (binary_ink | pepper) & ~(salt & binary_ink)
    blob_layer = np.zeros((h, w), np.uint8)
    for _ in range(int(rng.integers(8, 30))):
        centre = (int(rng.integers(w)), int(rng.integers(h)))
        axes = tuple(int(max(1, rng.uniform(1, 5) * px_per_300dpi)) for _ in range(2))
        cv2.ellipse(blob_layer, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    return dusted | blob_layer.astype(bool)


def photocopy(gray: np.ndarray, dpi: float, rng: np.random.Generator, out_dpi: float | None = None) -> Image.Image:
    """A bilevel (mode "1") photocopy of a greyscale page (0 ink, 255 paper) rendered at ``dpi``.

    ``out_dpi`` is the copier's resolution, 200 or 300 drawn from ``rng`` when not given (a whole document is
    copied at one resolution, so ``degrade_pdf`` draws it once).
    """
    out_dpi = out_dpi or float(rng.choice([200.0, 300.0]))
    page = rotated_page(gray, rng.uniform(-1.5, 1.5), border=255)
    grow = round(rng.integers(1, 3) * dpi / 300)
    if grow:  # toner spreads: the darkest neighbour wins, so every stroke gets ``grow`` px wider
        page = cv2.erode(page, np.ones((grow + 1, grow + 1), np.uint8))
    h, w = page.shape
    size = (round(w * out_dpi / dpi), round(h * out_dpi / dpi))
    page = cv2.resize(page, size, interpolation=cv2.INTER_AREA)
    px = out_dpi / 300
    ink: np.ndarray = 1 - page.astype(np.float32) / 255
    ink *= toner_fade(ink.shape, px, rng)
    ink = cv2.GaussianBlur(ink, (0, 0), rng.uniform(0.7, 1.3) * px)
    ink = np.maximum(ink, copier_edge(ink.shape, px, rng) * rng.uniform(0.85, 1.0))
    ink += rng.normal(0, 0.04, ink.shape).astype(np.float32)  # grain, so the threshold cuts ragged edges
    threshold = rng.uniform(0.45, 0.58) + 0.08 * smooth_field(ink.shape, 6, rng)
    bilevel_ink = speckle(ink > threshold, px, rng)
    paper = (~bilevel_ink).astype(np.uint8) * 255
    image = Image.fromarray(paper).convert("1", dither=Image.Dither.NONE)
    image.info["dpi"] = (out_dpi, out_dpi)
    return image


# --- phone photo -----------------------------------------------------------------------------------------------

def desk_background(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A darker surface the page lies on: wood grain, a grey laminate or a dark cloth (float RGB 0..255)."""
    h, w = shape
    surface = int(rng.integers(3))
    if surface == 0:  # wood: brown with fine streaks running one way and slow waves across them
        base = np.array([rng.uniform(95, 135), rng.uniform(65, 90), rng.uniform(40, 60)], np.float32)
        grain = cv2.resize(rng.standard_normal((max(2, h // 6), 4)).astype(np.float32), (w, h),
                           interpolation=cv2.INTER_CUBIC)
        texture: np.ndarray = 0.08 * grain + 0.10 * smooth_field((h, w), 5, rng)
    elif surface == 1:  # laminate: flat grey with a faint mottle
        base = np.full(3, rng.uniform(70, 110), np.float32) * np.array([1.0, 1.0, 1.05], np.float32)
        texture = 0.06 * smooth_field((h, w), 20, rng)
    else:  # cloth: dark blue-grey with a fine weave
        base = np.array([rng.uniform(40, 60), rng.uniform(45, 65), rng.uniform(60, 85)], np.float32)
        texture = 0.15 * cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), 1.0)
    return np.clip(base[None, None, :] * (1 + texture[..., None]), 0, 255)


def bent_page(paper: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The page with a gentle bend: a smooth displacement of a few pixels, larger towards the loose edges."""
    h, w = paper.shape[:2]
    scale = rng.uniform(2, 6)
    dx = (scale * smooth_field((h, w), 3, rng)).astype(np.float32)
    dy = (scale * smooth_field((h, w), 3, rng)).astype(np.float32)
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    curl = rng.uniform(2, 9) * (ys / h) ** 2 * np.sin(np.pi * xs / w)  # a sagging lower half
    return cv2.remap(paper, xs + dx, ys + dy + curl, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def placed_corners(w: int, h: int, rng: np.random.Generator) -> tuple[np.ndarray, tuple[int, int]]:
    """Where the paper's four corners land in the photo, and the photo size: a pinhole camera (focal length about
    a phone's main camera, principal point at the photo's centre) looking at the page tilted up to 18 degrees
    about its horizontal axis and 10 about its vertical one, turned up to 6 degrees in the image plane."""
    pitch, yaw, roll = np.deg2rad(rng.uniform(-18, 18)), np.deg2rad(rng.uniform(-10, 10)), np.deg2rad(rng.uniform(-6, 6))
    rx = np.array([[1, 0, 0], [0, np.cos(pitch), -np.sin(pitch)], [0, np.sin(pitch), np.cos(pitch)]])
    ry = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
    rz = np.array([[np.cos(roll), -np.sin(roll), 0], [np.sin(roll), np.cos(roll), 0], [0, 0, 1]])
    plane = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
    focal = rng.uniform(0.9, 1.3) * 1.15 * max(w, h)
    # the page's centre at the focal distance, not quite in the middle of the frame
    off_centre = rng.uniform(-0.04, 0.04, 2) * np.array([w, h])
    seen = plane @ (rz @ ry @ rx).T + np.array([off_centre[0], off_centre[1], focal])
    projected = focal * seen[:, :2] / seen[:, 2:3]  # relative to the principal point
    margins = rng.uniform(0.03, 0.10, 2) * np.array([w, h])
    half = np.abs(projected).max(axis=0) + margins
    corners = (projected + half).astype(np.float32)
    return corners, (int(np.ceil(2 * half[0])), int(np.ceil(2 * half[1])))


def lighting(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Multiplicative light over the photo: a gradient from 1.0 down to ~0.55, and a soft shadow of the phone."""
    h, w = shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    direction = rng.uniform(0, 2 * np.pi)
    along = (xs / w) * np.cos(direction) + (ys / h) * np.sin(direction)
    along = (along - along.min()) / (np.ptp(along) + 1e-6)
    darkest = rng.uniform(0.55, 0.75)
    light = 1 - (1 - darkest) * along**rng.uniform(0.8, 1.6)
    light *= 1 + 0.04 * smooth_field(shape, 4, rng)
    shadow: np.ndarray = np.zeros(shape, np.float32)  # a hand or the phone between the lamp and the page, near one edge
    edge_point = (int(rng.uniform(0.1, 0.9) * w), int(rng.choice([0, h])))
    axes = (int(rng.uniform(0.15, 0.35) * w), int(rng.uniform(0.08, 0.2) * h))
    cv2.ellipse(shadow, edge_point, axes, float(rng.uniform(-30, 30)), 0, 360, 1.0, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), rng.uniform(0.03, 0.06) * w)
    light *= 1 - rng.uniform(0.15, 0.3) * shadow
    return light / light.max()


def phone_photo(gray: np.ndarray, dpi: float, rng: np.random.Generator) -> Image.Image:
    """An RGB phone photo of a printed greyscale page (0 ink, 255 paper) rendered at ``dpi``, desk around it."""
    h, w = gray.shape
    paper_px = rng.uniform(150, 200) * (w / dpi)  # 150-200 dpi across the paper
    scale = paper_px / w
    small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    ink_level, paper_level = rng.uniform(25, 55), rng.uniform(225, 245)  # printer black is not 0, paper not 255
    paper = ink_level + (paper_level - ink_level) * small.astype(np.float32) / 255
    paper = bent_page(paper, rng)
    ph, pw = paper.shape
    corners, (photo_w, photo_h) = placed_corners(pw, ph, rng)
    source = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    warp = cv2.getPerspectiveTransform(source, corners)
    placed = cv2.warpPerspective(paper, warp, (photo_w, photo_h), flags=cv2.INTER_LINEAR)
    coverage = cv2.warpPerspective(np.ones((ph, pw), np.float32), warp, (photo_w, photo_h), flags=cv2.INTER_LINEAR)
    desk = desk_background((photo_h, photo_w), rng)
    # The page's own soft shadow on the desk, offset away from the light.
    cast = cv2.GaussianBlur(coverage, (0, 0), 0.01 * photo_w)
    cast = np.roll(cast, (int(rng.integers(2, 8)), int(rng.integers(-6, 7))), axis=(0, 1))
    desk *= (1 - 0.35 * cast)[..., None]
    photo = coverage[..., None] * placed[..., None] + (1 - coverage[..., None]) * desk
    photo *= lighting((photo_h, photo_w), rng)[..., None]
    warmth = rng.uniform(0.0, 1.0)
    photo *= np.array([1.0, 0.96 - 0.03 * warmth, 0.86 - 0.08 * warmth], np.float32)
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.2))
    photo += rng.normal(0, rng.uniform(2.0, 5.0), photo.shape).astype(np.float32)
    image = Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8), "RGB")
    image.info["dpi"] = (paper_px / (w / dpi),) * 2
    return image


# --- PDF in and out --------------------------------------------------------------------------------------------

def write_pdf(images: Sequence[Image.Image], path: str | Path, dpi: float) -> None:
    """One page per image with Pillow's PDF writer: mode "1" becomes CCITT G4, RGB becomes JPEG at quality 80.

    Pillow picks the filter from the mode (G4 needs its libtiff, checked here so a build without it fails
    loudly instead of silently writing JPEG). ``quality`` reaches the JPEG encoder through ``encoderinfo``, which
    the G4 (TIFF) encoder shares and rejects, so it is passed only for a document without bilevel pages.
    """
    bilevel = any(im.mode == "1" for im in images)
    if bilevel and not features.check("libtiff"):
        raise RuntimeError("Pillow was built without libtiff: it cannot write CCITT G4 images into a PDF")
    jpeg_options = {} if bilevel else {"quality": PHONE_JPEG_QUALITY}
    first, *rest = images
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=dpi, creationDate=FIXED_PDF_DATE,
               modDate=FIXED_PDF_DATE, **jpeg_options)


def rendered_pages(pdf_path: str | Path, dpi: float = RENDER_DPI) -> list[np.ndarray]:
    """Every page of a PDF as a greyscale uint8 array at ``dpi``."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [pdf[i].render(scale=dpi / 72, grayscale=True).to_numpy() for i in range(len(pdf))]
        return [page[..., 0].copy() if page.ndim == 3 else page for page in pages]
    finally:
        pdf.close()


def degrade_pdf(src_pdf: str | Path, dst_pdf: str | Path, kind: str, seed: int) -> None:
    """Render every page of ``src_pdf`` at 300 dpi, degrade it as ``kind`` (photocopy or phone), write ``dst_pdf``."""
    if kind not in KINDS:
        raise ValueError(f"unknown degradation {kind!r}; choose one of {', '.join(KINDS)}")
    rng = np.random.default_rng(seed)
    pages = rendered_pages(src_pdf)
    if kind == "photocopy":
        copier_dpi = float(rng.choice([200.0, 300.0]))
        write_pdf([photocopy(page, RENDER_DPI, rng, copier_dpi) for page in pages], dst_pdf, copier_dpi)
    else:
        write_pdf([phone_photo(page, RENDER_DPI, rng) for page in pages], dst_pdf, PHONE_PDF_DPI)


def page_image_filters(pdf_path: str | Path) -> list[list[str]]:
    """Per page, the filters of its single image object (what a check that pages are G4 or JPEG needs)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        per_page = []
        for page in pdf:
            images = [obj for obj in page.get_objects() if isinstance(obj, pdfium.PdfImage)]
            per_page.append([f for image in images for f in image.get_filters()])
        return per_page
    finally:
        pdf.close()

