"""A photographed page: find the sheet of paper in the photo and warp it flat, so the rest of the OCR route sees a
page image like a scan's.

A phone photo shows the sheet in perspective on a darker surface (desk, table, hand). The sheet is the large bright
region whose four corners all lie inside the frame; it is warped onto an upright rectangle of the nearest standard
paper size. A scan (paper to the edges, or cut off by the frame, or a dark copier band on one side) has no such
region and is left alone: a wrong warp would cost more than no warp.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# paper sizes decrees are printed on, (width, height) in points, portrait
PAPER_SIZES_PT = {
    "A4": (595.28, 841.89),
    "F4": (609.45, 935.43),  # folio, 215 x 330 mm: common in Indonesian offices
    "Letter": (612.0, 792.0),
    "Legal": (612.0, 1008.0),
}
_PAPER_RATIO_TOLERANCE = 0.07  # measured height/width within 7 % of a paper size's: that size
_ANALYSIS_SIDE_PX = 1000  # the photo is searched at this size (longest side)
_MIN_SHEET_AREA = 0.2  # of the frame
_MAX_SHEET_AREA = 0.97
_MIN_CORNER_INSET = 0.01  # every corner this far (share of the frame side) inside the frame
_MIN_CONTRAST = 25.0  # mean grey of the sheet minus that of the surface around it
_EDGE_BAND = 0.01  # of the sheet's width: 2 mm on A4, inside every print margin
_MAX_SIDE_MISMATCH = 0.35  # opposite sides may differ this much in length (perspective), more is no sheet


@dataclass(frozen=True)
class Sheet:
    """The paper found in a photo: its corners (pixels of the photo; top-left, top-right, bottom-right,
    bottom-left) and the paper size it is read as, in points (width, height; landscape when wider than high)."""

    corners: np.ndarray
    paper: str
    size_pt: tuple[float, float]

    def describe(self) -> str:
        width, height = self.size_pt
        corners = " ".join(f"({x:.0f},{y:.0f})" for x, y in self.corners)
        return f"sheet at {corners} px flattened to {self.paper} {'landscape' if width > height else 'portrait'}"

    def resolution(self) -> float:
        """Pixels per inch of paper the photo has (mean of the four sides), for flattening without resampling."""
        top, right, bottom, left = _side_lengths(self.corners)
        return 72.0 * ((top + bottom) / 2 / self.size_pt[0] + (left + right) / 2 / self.size_pt[1]) / 2


def find_sheet(gray: np.ndarray) -> Sheet | None:
    """The sheet of paper in a photo, or None when the image is not a photo of a whole sheet on a darker surface."""
    scale = min(1.0, _ANALYSIS_SIDE_PX / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    # the print is erased first (a closing wider than strokes): what stays is paper brightness and the surface
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    paper_light = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), (0, 0), 2)
    _, bright = cv2.threshold(paper_light, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (labels == largest).astype(np.uint8) * 255
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    corners = _fitted_corners(outline, _hull_corners(cv2.convexHull(outline.astype(np.float32)).reshape(-1, 2)))
    height, width = small.shape
    area = cv2.contourArea(corners.astype(np.float32)) / (width * height)
    inset = min(corners[:, 0].min() / width, corners[:, 1].min() / height,
                1 - corners[:, 0].max() / width, 1 - corners[:, 1].max() / height)
    if not (_MIN_SHEET_AREA <= area <= _MAX_SHEET_AREA) or inset < _MIN_CORNER_INSET:
        return None
    top, right, bottom, left = _side_lengths(corners)
    if abs(top - bottom) > _MAX_SIDE_MISMATCH * max(top, bottom) or \
            abs(left - right) > _MAX_SIDE_MISMATCH * max(left, right):
        return None
    inside = np.zeros_like(region)
    cv2.fillConvexPoly(inside, corners.round().astype(np.int32), 255)
    if float(paper_light[inside > 0].mean()) - float(paper_light[inside == 0].mean()) < _MIN_CONTRAST:
        return None
    width_to_height = sheet_aspect(corners, small.shape) or (top + bottom) / (left + right)
    paper, size_pt = paper_size(width_to_height, 1.0)
    return Sheet(corners / scale, paper, size_pt)


def flatten_sheet(gray: np.ndarray, sheet: Sheet, dpi: float) -> np.ndarray:
    """The sheet warped onto an upright rectangle of its paper size at ``dpi`` (the surface around it cut away).

    The corners are found to within a few pixels, so a sliver of the surface may line an edge, where it would read
    as a ruling line: a thin band along each edge (far inside any print margin) repeats the paper just inside it."""
    width_px = round(sheet.size_pt[0] / 72.0 * dpi)
    height_px = round(sheet.size_pt[1] / 72.0 * dpi)
    target = np.array([[0, 0], [width_px - 1, 0], [width_px - 1, height_px - 1], [0, height_px - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(sheet.corners.astype(np.float32), target)
    flat = cv2.warpPerspective(gray, matrix, (width_px, height_px), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    band = max(2, round(_EDGE_BAND * width_px))
    flat[:, :band] = flat[:, band:band + 1]
    flat[:, -band:] = flat[:, -band - 1:-band]
    flat[:band, :] = flat[band:band + 1, :]
    flat[-band:, :] = flat[-band - 1:-band, :]
    return flat


def sheet_aspect(corners: np.ndarray, shape: tuple[int, ...]) -> float | None:
    """Width / height of the real sheet behind a quadrilateral seen in perspective (Zhang & He, "Whiteboard
    scanning and image enhancement", 2007): the camera's focal length is solved from the quad, the principal point
    taken at the image centre. None when the view is too square-on to solve it (then the sides' ratio is right).

    The sides' ratio alone reads an A4 sheet photographed from below its top edge as F4 or Legal."""
    height, width = shape[:2]
    centre = np.array([width / 2.0, height / 2.0])
    top_left, top_right, bottom_right, bottom_left = (np.append(c - centre, 1.0) for c in corners)
    k2 = np.dot(np.cross(top_left, bottom_right), bottom_left) / np.dot(np.cross(top_right, bottom_right), bottom_left)
    k3 = np.dot(np.cross(top_left, bottom_right), top_right) / np.dot(np.cross(bottom_left, bottom_right), top_right)
    n2 = k2 * top_right - top_left
    n3 = k3 * bottom_left - top_left
    if abs(n2[2] * n3[2]) < 1e-9:
        return None
    focal_squared = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
    # a focal length outside 0.3-5 image widths is noise in a near-square-on view, not a camera
    if not (0.3 * width) ** 2 <= focal_squared <= (5.0 * width) ** 2:
        return None
    across = (n2[0] ** 2 + n2[1] ** 2) / focal_squared + n2[2] ** 2
    down = (n3[0] ** 2 + n3[1] ** 2) / focal_squared + n3[2] ** 2
    return float(np.sqrt(across / down))


def paper_size(width: float, height: float) -> tuple[str, tuple[float, float]]:
    """The standard paper whose height/width ratio is nearest the measured one (either orientation), and its
    size in points; a ratio near none keeps its shape at A4 width ("measured")."""
    landscape = width > height
    ratio = max(width, height) / min(width, height)
    name, (short, long) = min(PAPER_SIZES_PT.items(), key=lambda item: abs(item[1][1] / item[1][0] - ratio))
    if abs(long / short - ratio) > _PAPER_RATIO_TOLERANCE * ratio:
        name, short, long = "measured", PAPER_SIZES_PT["A4"][0], PAPER_SIZES_PT["A4"][0] * ratio
    return name, ((long, short) if landscape else (short, long))


def _hull_corners(hull: np.ndarray) -> np.ndarray:
    """Four corners of a roughly rectangular convex hull: the points farthest along the two diagonals.

    Extremes of x+y and x-y hold for a sheet turned by less than ~40 degrees, which any photo meant to be read is;
    they also ignore a slightly bowed edge, where a polygon fit would add corners."""
    sums = hull.sum(axis=1)
    diffs = hull[:, 0] - hull[:, 1]
    return np.array([hull[np.argmin(sums)], hull[np.argmax(diffs)], hull[np.argmax(sums)], hull[np.argmin(diffs)]])


def _fitted_corners(outline: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The corners where straight lines fitted to the outline's four sides meet: a hull corner sits on the
    outermost pixel of a rounded or dog-eared corner, the side lines are fixed by the whole edge."""
    lines = []
    for i in range(4):
        start, end = corners[i], corners[(i + 1) % 4]
        direction = (end - start) / max(float(np.linalg.norm(end - start)), 1e-9)
        offsets = outline - start
        along = offsets @ direction / max(float(np.linalg.norm(end - start)), 1e-9)
        across = np.abs(offsets[:, 0] * direction[1] - offsets[:, 1] * direction[0])
        # the middle of the side, near the corner-to-corner chord (a bowed edge stays; the next side does not)
        side = outline[(along > 0.1) & (along < 0.9) & (across < 0.03 * np.linalg.norm(end - start))]
        if len(side) < 10:
            return corners
        vx, vy, x0, y0 = cv2.fitLine(side.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)))
    fitted = []
    for i in range(4):
        (p, u), (q, v) = lines[i - 1], lines[i]
        denominator = u[0] * v[1] - u[1] * v[0]
        if abs(denominator) < 1e-6:
            return corners
        t = ((q[0] - p[0]) * v[1] - (q[1] - p[1]) * v[0]) / denominator
        fitted.append(p + t * u)
    result = np.array(fitted)
    if np.max(np.linalg.norm(result - corners, axis=1)) > 0.05 * max(_side_lengths(corners)):
        return corners  # lines that meet far from the hull corners were fitted to something else
    return result


def _side_lengths(corners: np.ndarray) -> tuple[float, float, float, float]:
    """Lengths of the top, right, bottom and left sides of the quadrilateral."""
    return tuple(float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4))  # type: ignore[return-value]
