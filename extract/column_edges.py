"""Where a table's columns start, read from its body lines alone: the x positions many lines start a word at.

Used before the columns are known (splitting a header line at a column edge, cutting words glued across
cells) and while they are narrowed (a gutter narrower than a word space that ends at an edge still counts).
"""
from __future__ import annotations

from collections.abc import Sequence

from extract.cell_text import LIST_ITEM
from extract.layout import Word, median_height

EDGE_PT = 0.75  # words starting this close in x start at one column edge
SPACE_GAP = 0.35  # of a line height: wider than an ordinary word space
NARROW_GAP = 0.2  # of a line height: narrower than any font's word space (two cells printed with no padding)


def recurring_starts(lines: Sequence[Sequence[Word]], min_lines: int = 3, any_gap: bool = False) -> list[float]:
    """The x positions where a word starts after a gap wider than a word space, or narrower than any (two cells
    printed with no padding), or first on its line, on at least ``min_lines`` lines, within EDGE_PT: left edges
    of columns. Words inside prose rarely start at one x on several lines, and the second word of cells that all
    begin with the same word follows a word space. ``any_gap``: count a start after a word space too, but not
    the text after a list marker ('1. Jumlah': the items of one cell start their text at one x)."""
    found: dict[float, tuple[str, str]] = {}  # (x, line) -> what starts there, after what
    starts: list[tuple[float, tuple[str, str]]] = []
    for n, line in enumerate(lines):
        ordered = sorted(line, key=lambda w: w.x0)
        height = median_height(ordered, empty=0.0)
        found = {round(w.x0, 1): (ordered[k - 1].text if k and any_gap else str(n), w.text)
                 for k, w in enumerate(ordered)
                 if k == 0 or (any_gap and not LIST_ITEM.match(ordered[k - 1].text + " "))
                 or not NARROW_GAP * height <= w.x0 - ordered[k - 1].x1 < SPACE_GAP * height}
        starts.extend(found.items())
    starts.sort()
    edges: list[float] = []
    i = 0
    while i < len(starts):
        j = i
        while j + 1 < len(starts) and starts[j + 1][0] - starts[i][0] <= EDGE_PT:
            j += 1
        # lines, or with any_gap distinct word pairs: one cell text printed in two rows is one piece of evidence
        if len({key for _, key in starts[i:j + 1]}) >= min_lines:
            edges.append(starts[j][0])  # the rightmost: a gap ending at any of them ends at most EDGE_PT before it
            i = j + 1
        else:
            i += 1
    return edges


MAX_CROSSING = 0.2  # share of the lines that may run a word across a column edge (cells glued with no padding)


def open_starts(lines: Sequence[Sequence[Word]], min_lines: int = 3, any_gap: bool = False,
                max_crossing: float = MAX_CROSSING) -> list[float]:
    """`recurring_starts` that few lines cross (at most ``max_crossing`` of them, and always one: a glued word):
    a column's left edge, not an x where words of wrapped text happen to start on a few lines (many of them in
    a long body or in OCR'd text) while other lines run across it."""
    found = []
    for edge in recurring_starts(lines, min_lines, any_gap):
        crossing = sum(1 for line in lines if any(w.x0 < edge - EDGE_PT and w.x1 > edge + EDGE_PT for w in line))
        if crossing <= max(1.0, max_crossing * len(lines)):
            found.append(edge)
    return found
