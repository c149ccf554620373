"""Table ruling lines from a page image: long horizontal/vertical ink runs -> `Segment`s in PDF points.

Chain of small pure steps, pixels first and points last:
``ink_mask -> line_masks -> mask_to_segments -> merge_segments -> drop_stray_segments``
(``find_ruling_lines`` runs them all; ``masks_to_segments`` the last three, for a caller that also needs the
masks).
"""
from __future__ import annotations

from itertools import groupby

import cv2
import numpy as np

from extract.layout import Segment

# Longer than any letter stroke at decree font sizes (a 12 pt "l" is ~9 pt tall), shorter than the narrowest
# cell edge we must keep (a NO column is ~20-30 pt wide, a one-line row ~15 pt tall).
MIN_LINE_LENGTH_PT = 14.0
MAX_LINE_THICKNESS_PT = 4.0  # thicker runs are filled areas: only their two edges count as lines
MAX_CURVE_FILL = 0.5  # a thick run with less ink than this share of its box is a curved rule, not a filled band
MAX_GAP_PT = 6.0  # pieces of one scanned line broken by noise or JPEG blocks are rejoined across this gap
MAX_OFFSET_PT = 2.5  # pieces this close across the line direction are the same line
# A piece shorter than this is kept only when both its ends meet a perpendicular line (a narrow cell's edge):
# letters run together by blur or a serif baseline make short straight runs too, but those end in mid-air.
FREE_LINE_LENGTH_PT = 40.0
TOUCH_TOLERANCE_PT = 3.0
PAGE_EDGE_SHARE = 0.025  # of the page's width (height): 15 pt on A4, inside every print margin


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark-on-light ink as 255 on 0, thresholded locally so faint lines and shaded cells both survive."""
    block = max(15, (min(gray.shape) // 60) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def line_masks(
    ink: np.ndarray, dpi: float, min_length_pt: float = MIN_LINE_LENGTH_PT
) -> tuple[np.ndarray, np.ndarray]:
    """The (horizontal, vertical) ink that lies on straight runs at least ``min_length_pt`` long."""
    length_px = max(3, round(min_length_pt * dpi / 72.0))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length_px, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length_px)))
    return horizontal, vertical


def mask_to_segments(
    mask: np.ndarray, dpi: float, horizontal: bool, max_thickness_pt: float = MAX_LINE_THICKNESS_PT
) -> list[Segment]:
    """One segment per connected run in a line mask, in PDF points; a thick run gives its two long edges, unless
    it is mostly empty: a rule on a bent or curled page, drawn as a shallow curve, whose box is tall but whose ink
    is thin, is one segment (its box: painting it out before OCR covers the whole curve)."""
    px_to_pt = 72.0 / dpi
    max_thickness_px = max_thickness_pt / px_to_pt
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segments: list[Segment] = []
    for left, top, width, height, area in stats[1:count]:
        thickness = height if horizontal else width
        if thickness <= max_thickness_px:
            boxes = [(left, top, width, height)]
        elif area < MAX_CURVE_FILL * width * height:  # a curved rule: one line, its middle where the box's is
            boxes = [(left, top, width, height)]
        elif horizontal:  # a filled band (dark header, double rule): keep its top and bottom edges
            boxes = [(left, top, width, 1), (left, top + height - 1, width, 1)]
        else:
            boxes = [(left, top, 1, height), (left + width - 1, top, 1, height)]
        segments.extend(
            Segment(
                x0=float(x * px_to_pt),
                x1=float((x + w) * px_to_pt),
                top=float(y * px_to_pt),
                bottom=float((y + h) * px_to_pt),
            )
            for x, y, w, h in boxes
        )
    return segments


def merge_segments(
    segments: list[Segment], max_gap_pt: float = MAX_GAP_PT, max_offset_pt: float = MAX_OFFSET_PT
) -> list[Segment]:
    """Join collinear pieces of one line (same direction, offset ≤ ``max_offset_pt``, gap ≤ ``max_gap_pt``)."""
    merged: list[Segment] = []
    by_direction = sorted(segments, key=lambda s: s.is_horizontal)
    for is_horizontal, group in groupby(by_direction, key=lambda s: s.is_horizontal):
        merged.extend(_merge_one_direction(list(group), is_horizontal, max_gap_pt, max_offset_pt))
    return merged


def find_ruling_lines(
    gray: np.ndarray,
    dpi: float,
    min_length_pt: float = MIN_LINE_LENGTH_PT,
    max_gap_pt: float = MAX_GAP_PT,
) -> list[Segment]:
    """All horizontal and vertical ruling lines on a (deskewed) greyscale page image, in PDF points."""
    horizontal_mask, vertical_mask = line_masks(ink_mask(gray), dpi, min_length_pt)
    return masks_to_segments(horizontal_mask, vertical_mask, dpi, min_length_pt, max_gap_pt)


def masks_to_segments(
    horizontal_mask: np.ndarray,
    vertical_mask: np.ndarray,
    dpi: float,
    min_length_pt: float = MIN_LINE_LENGTH_PT,
    max_gap_pt: float = MAX_GAP_PT,
) -> list[Segment]:
    """Merged ruling segments in PDF points from the two line masks; pieces still short are dropped."""
    pieces = mask_to_segments(horizontal_mask, dpi, horizontal=True) + mask_to_segments(
        vertical_mask, dpi, horizontal=False
    )
    merged = [s for s in merge_segments(pieces, max_gap_pt) if _length(s) >= min_length_pt]
    return drop_stray_segments(merged)


def drop_stray_segments(
    segments: list[Segment],
    free_length_pt: float = FREE_LINE_LENGTH_PT,
    touch_pt: float = TOUCH_TOLERANCE_PT,
) -> list[Segment]:
    """Keep long segments, and short ones only when both ends meet a perpendicular segment."""
    return [
        s
        for s in segments
        if _length(s) >= free_length_pt
        or all(_touches_any(end, s.is_horizontal, segments, touch_pt) for end in _ends(s))
    ]


def drop_page_edges(segments: list[Segment], width_pt: float, height_pt: float,
                    margin_share: float = PAGE_EDGE_SHARE) -> list[Segment]:
    """Leave out lines along the image's own edges: a copier's dark band, a scanner lid's shadow or the border
    of a photographed sheet, never a table rule (print margins are far wider)."""
    def at_edge(s: Segment) -> bool:
        if s.is_horizontal:
            return s.y < margin_share * height_pt or s.y > (1 - margin_share) * height_pt
        return s.x < margin_share * width_pt or s.x > (1 - margin_share) * width_pt
    return [s for s in segments if not at_edge(s)]


def segments_to_mask(segments: list[Segment], shape: tuple[int, ...], dpi: float, pad_px: int = 3) -> np.ndarray:
    """A 0/255 mask of the segments' boxes (grown by ``pad_px``) on an image of ``shape`` at ``dpi``."""
    pt_to_px = dpi / 72.0
    mask = np.zeros(shape[:2], dtype=np.uint8)
    for s in segments:
        top_left = (int(s.x0 * pt_to_px) - pad_px, int(s.top * pt_to_px) - pad_px)
        bottom_right = (int(np.ceil(s.x1 * pt_to_px)) + pad_px, int(np.ceil(s.bottom * pt_to_px)) + pad_px)
        cv2.rectangle(mask, top_left, bottom_right, 255, thickness=-1)
    return mask


def _ends(segment: Segment) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two end points (x, y) of a segment along its direction."""
    if segment.is_horizontal:
        return (segment.x0, segment.y), (segment.x1, segment.y)
    return (segment.x, segment.top), (segment.x, segment.bottom)


def _touches_any(point: tuple[float, float], horizontal: bool, segments: list[Segment], touch_pt: float) -> bool:
    """Whether ``point`` lies on (within ``touch_pt`` of) any segment of the other direction."""
    x, y = point
    return any(
        other.x0 - touch_pt <= x <= other.x1 + touch_pt and other.top - touch_pt <= y <= other.bottom + touch_pt
        for other in segments
        if other.is_horizontal != horizontal
    )


def _merge_one_direction(
    segments: list[Segment], horizontal: bool, max_gap_pt: float, max_offset_pt: float
) -> list[Segment]:
    """Greedy sweep: bucket segments into lines by their cross position, then join along the line."""
    def cross(s: Segment) -> float:
        return s.y if horizontal else s.x

    def start(s: Segment) -> float:
        return s.x0 if horizontal else s.top

    def end(s: Segment) -> float:
        return s.x1 if horizontal else s.bottom

    lines: list[list[Segment]] = []
    for segment in sorted(segments, key=cross):
        if lines and abs(cross(segment) - np.mean([cross(s) for s in lines[-1]])) <= max_offset_pt:
            lines[-1].append(segment)
        else:
            lines.append([segment])

    merged: list[Segment] = []
    for line in lines:
        run: list[Segment] = []
        for segment in sorted(line, key=start):
            if run and start(segment) - max(end(s) for s in run) > max_gap_pt:
                merged.append(_union(run))
                run = []
            run.append(segment)
        merged.append(_union(run))
    return merged


def _union(segments: list[Segment]) -> Segment:
    """The bounding box of several pieces of one line."""
    return Segment(
        x0=min(s.x0 for s in segments),
        x1=max(s.x1 for s in segments),
        top=min(s.top for s in segments),
        bottom=max(s.bottom for s in segments),
    )


def _length(segment: Segment) -> float:
    """Extent along the line's direction."""
    return (segment.x1 - segment.x0) if segment.is_horizontal else (segment.bottom - segment.top)
