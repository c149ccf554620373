"""Photos of a page: the sheet is found on the surface it lies on and warped flat; scans are left alone.

The photos are made here with OpenCV from a page the test renders: a known perspective quad on a dark surface,
light falling off toward one corner.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from scan_degrade import placed_corners
from test_ocr_page import COLUMN_X, ROW_TOPS, draw_table_pdf

from extract.page_image import render_page
from extract.paper_sheet import PAPER_SIZES_PT, find_sheet, flatten_sheet, paper_size, sheet_aspect
from extract.ruling_lines import find_ruling_lines

PAGE_DPI = 150
# where the page's corners land in the photo, as shares of the photo's width and height (keystone: the top is narrower)
PHOTO_QUAD = ((0.12, 0.06), (0.86, 0.09), (0.93, 0.95), (0.06, 0.92))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path = tmp_path_factory.mktemp("sheet") / "table.pdf"
    draw_table_pdf(path)
    return render_page(str(path), 0, PAGE_DPI)


def photograph(page: np.ndarray, quad: tuple[tuple[float, float], ...] = PHOTO_QUAD, surface: float = 80.0,
               seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The page warped onto ``quad`` of a larger photo of a noisy surface, lit unevenly; also the corners in px."""
    height, width = page.shape
    photo_w, photo_h = int(width * 1.25), int(height * 1.2)
    corners = np.float32([(x * photo_w, y * photo_h) for x, y in quad])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [width, 0], [width, height], [0, height]]), corners)
    sheet = cv2.warpPerspective(np.ones(page.shape, np.float32), matrix, (photo_w, photo_h))
    printed = cv2.warpPerspective(page.astype(np.float32), matrix, (photo_w, photo_h))
    rng = np.random.default_rng(seed)
    ground = surface + rng.normal(0.0, 10.0, (photo_h, photo_w))
    rows, cols = np.mgrid[0:photo_h, 0:photo_w]
    light = 1.0 - 0.4 * (cols / photo_w) * (rows / photo_h)
    photo = (printed * sheet + ground * (1 - sheet)) * light + rng.normal(0.0, 4.0, (photo_h, photo_w))
    return np.clip(photo, 0, 255).astype(np.uint8), corners


def test_sheet_is_found_at_its_corners(page: np.ndarray) -> None:
    photo, corners = photograph(page)
    sheet = find_sheet(photo)
    assert sheet is not None
    assert sheet.paper == "A4" and sheet.size_pt == PAPER_SIZES_PT["A4"]
    assert np.max(np.linalg.norm(sheet.corners - corners, axis=1)) < 0.01 * photo.shape[1]


def test_flattened_sheet_puts_the_table_rules_back_in_place(page: np.ndarray) -> None:
    photo, _ = photograph(page)
    sheet = find_sheet(photo)
    assert sheet is not None
    flat = flatten_sheet(photo, sheet, PAGE_DPI)
    assert abs(flat.shape[0] - page.shape[0]) <= 1 and abs(flat.shape[1] - page.shape[1]) <= 1
    segments = find_ruling_lines(flat, PAGE_DPI)
    vertical_x = sorted(s.x0 for s in segments if not s.is_horizontal)
    horizontal_y = sorted(s.top for s in segments if s.is_horizontal)
    for expected, found in ((COLUMN_X, vertical_x), (ROW_TOPS, horizontal_y)):
        assert len(found) == len(expected)
        assert max(abs(a - b) for a, b in zip(expected, found)) < 4.0  # points


def test_a_scan_is_left_alone(page: np.ndarray) -> None:
    assert find_sheet(page) is None
    banded = page.copy()
    banded[:, : page.shape[1] // 30] = 40  # a copier's dark edge along one side
    assert find_sheet(banded) is None


def test_a_sheet_cut_off_by_the_frame_is_left_alone(page: np.ndarray) -> None:
    cut_off = ((0.12, -0.05), (0.86, -0.02), (0.93, 0.95), (0.06, 0.92))
    photo, _ = photograph(page, cut_off)
    assert find_sheet(photo) is None


def test_a_sheet_on_a_light_surface_is_left_alone(page: np.ndarray) -> None:
    photo, _ = photograph(page, surface=235.0)
    assert find_sheet(photo) is None


@pytest.mark.parametrize("seed", range(8))
def test_sheet_aspect_undoes_the_camera_perspective(seed: int) -> None:
    """An A4 sheet seen by a tilted pinhole camera: its sides' ratio is off by up to ~10 %, the solved one by < 1 %."""
    width, height = 1240, 1754
    corners, (photo_w, photo_h) = placed_corners(width, height, np.random.default_rng(seed))
    aspect = sheet_aspect(corners.astype(np.float64), (photo_h, photo_w))
    if aspect is not None:  # None: a view too square-on to solve, where the sides' ratio is right
        assert aspect == pytest.approx(width / height, rel=0.01)


@pytest.mark.parametrize(("width", "height", "expected"), [
    (1000, 1414, ("A4", PAPER_SIZES_PT["A4"])),
    (1414, 1000, ("A4", PAPER_SIZES_PT["A4"][::-1])),
    (1000, 1540, ("F4", PAPER_SIZES_PT["F4"])),
    (1000, 1290, ("Letter", PAPER_SIZES_PT["Letter"])),
])
def test_paper_size_is_the_nearest_standard_one(width: float, height: float,
                                                expected: tuple[str, tuple[float, float]]) -> None:
    assert paper_size(width, height) == expected


def test_an_odd_shape_keeps_its_ratio() -> None:
    name, (width, height) = paper_size(1000, 1000)
    assert name == "measured" and width == pytest.approx(height)


def test_photo_pdf_page_is_read_in_the_sheet_frame(page: np.ndarray, tmp_path: Path) -> None:
    from PIL import Image

    from extract.ocr_page import load_page_image

    photo, _ = photograph(page)
    path = tmp_path / "photo.pdf"
    Image.fromarray(photo).convert("RGB").save(path, "PDF", resolution=PAGE_DPI)
    image = load_page_image(str(path), 0, 200)
    assert image.paper is not None and image.dpi == 200
    assert image.gray.shape == (round(PAPER_SIZES_PT["A4"][1] / 72 * 200), round(PAPER_SIZES_PT["A4"][0] / 72 * 200))
