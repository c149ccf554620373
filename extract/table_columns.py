"""Column boundaries of an indicator table: from vertical ruling lines, or from whitespace gutters.

Ruled tables give their columns directly. Borderless ones are read as camelot's stream mode would, but anchored
on the recognised header: between two header cells the body text leaves a vertical gutter, and a line whose words
fill a gutter (prose under the table) ends the table.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from extract.cell_text import known_word
from extract.column_edges import EDGE_PT, SPACE_GAP
from extract.layout import Segment, Word, cut_word, median_height
from extract.table_header import TableHeader

CLUSTER_PT = 3.0
WIDE_GAP = 0.6  # of a line height: wider than any word space


@dataclass(frozen=True)
class Column:
    """One table column: the field it holds (None: an extra column, "no": the row number), its x-range and its
    header as printed."""

    field: str | None
    x0: float
    x1: float
    header: str = ""

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class ColumnLayout:
    """Columns left to right, how they were found, and the gutters still free between them."""

    columns: tuple[Column, ...]
    ruled: bool
    gutters: tuple[tuple[float, float], ...]  # free x-interval between column i and i+1

    def column_of(self, word: Word) -> int:
        """Index of the column holding the word's centre."""
        for i, col in enumerate(self.columns):
            if word.x_mid < col.x1:
                return i
        return len(self.columns) - 1

    def field_index(self, name: str) -> int | None:
        for i, col in enumerate(self.columns):
            if col.field == name:
                return i
        return None


def cluster_positions(values: Sequence[float], tolerance: float = CLUSTER_PT) -> list[float]:
    """Sorted cluster centres of 1-D positions closer than ``tolerance``."""
    clusters: list[list[float]] = []
    for v in sorted(values):
        if clusters and v - clusters[-1][-1] <= tolerance:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def ruled_columns(header: TableHeader, v_segments: Sequence[Segment]) -> ColumnLayout | None:
    """Columns from vertical rules crossing the header band; None when the header is not fully ruled."""
    band_mid = header.leaf_y
    xs = [s.x for s in v_segments
          if s.top <= band_mid + 2 and s.bottom >= band_mid - 2 and header.x0 - 150 <= s.x <= header.x1 + 150]
    bounds = cluster_positions(xs)
    if len(bounds) < 3:
        return None
    columns: list[Column] = []
    for left, right in zip(bounds, bounds[1:]):
        inside = [c for c in header.columns if left <= c.x_mid < right]
        if len(inside) > 1:
            return None  # two header cells between one pair of rules: the rules are not the column grid
        columns.append(Column(inside[0].field if inside else None, left, right, inside[0].text if inside else ""))
    if sum(1 for c in columns if c.header) < len(header.columns):
        return None
    gutters = tuple((c.x1 - 1.0, c.x1 + 1.0) for c in columns[:-1])
    return ColumnLayout(tuple(columns), True, gutters)


def header_gutters(header: TableHeader) -> tuple[tuple[float, float], ...]:
    """Initial free intervals: between the centres of neighbouring header cells."""
    cols = header.columns
    return tuple((a.x_mid, b.x_mid) for a, b in zip(cols, cols[1:]))


def subtract_all(gutters: Sequence[Sequence[tuple[float, float]]], words: Sequence[Word],
                 column_edges: Sequence[float] = (), starts_above: Sequence[float] = ()
                 ) -> list[list[tuple[float, float]]] | None:
    """Free sub-intervals of each gutter after the words' boxes; None when words fill a gutter. A sub-interval
    no wider than a word space does not count: prose across the table leaves only word spaces. A wide word space
    (0.6 x the text height) always counts as one; a tighter gap still counts when it is clearly wider than the
    line's own word spaces, or when the next column's text starts exactly where it started on this line or on
    one of the lines above (``starts_above``: tables printed with little cell padding, as browsers do; a line
    whose neighbour cell is empty leaves only the column's padding free), or where many lines of the body start
    a word (``column_edges``, see `recurring_starts`: cells with ~1 pt padding leave a gap narrower than a word
    space between a full line and the next column's text; with none, cells' texts touch: any gap counts there)."""
    height = median_height(words, empty=0.0)
    ordered = sorted(words, key=lambda w: w.x0)
    spaces = sorted(b.x0 - a.x1 for a, b in pairwise(ordered) if b.x0 > a.x1)
    word_space = spaces[len(spaces) // 4] if spaces else 0.0  # lower quartile: column gaps are the few wide ones
    min_width = min(WIDE_GAP * height, max(SPACE_GAP * height, 1.5 * word_space))
    starts = [w.x0 for w in words] + list(starts_above)
    result: list[list[tuple[float, float]]] = []
    for intervals in gutters:
        column_starts = {b for _, b in intervals}
        free = [(a, b) for a, b in _uncovered(intervals, words) if b - a >= min_width or (a, b) in intervals or (
            b - a >= 0.25 * height and b in column_starts and any(abs(x - b) <= 0.75 for x in starts)) or (
            b > a and any(abs(x - b) <= EDGE_PT for x in column_edges))] or _touching_edge(
            intervals, words, [*column_edges, *(b for b in column_starts if any(abs(x - b) <= 0.75 for x in starts))])
        if not free:
            return None
        result.append(free)
    return result


def _uncovered(intervals: Sequence[tuple[float, float]], words: Sequence[Word]) -> list[tuple[float, float]]:
    """The parts of ``intervals`` no word's box covers."""
    free = list(intervals)
    for w in words:
        nxt = []
        for a, b in free:
            if w.x1 <= a or w.x0 >= b:
                nxt.append((a, b))
                continue
            if w.x0 > a:
                nxt.append((a, w.x0))
            if w.x1 < b:
                nxt.append((w.x1, b))
        free = nxt
    return free


def _touching_edge(intervals: Sequence[tuple[float, float]], words: Sequence[Word],
                   column_edges: Sequence[float]) -> list[tuple[float, float]]:
    """A column edge in the gutter (a recurring start, or where the lines so far start the next column's text)
    that no word runs across, as an empty interval: with no cell padding a cell's line may fill its cell to the
    glyph, ending exactly where the next column's text starts."""
    lo, hi = min(a for a, _ in intervals), max(b for _, b in intervals)
    return [(e, e) for e in column_edges if lo - EDGE_PT <= e <= hi + EDGE_PT
            and not any(w.x0 < e - EDGE_PT and w.x1 > e + EDGE_PT for w in words)][:1]


MIN_ALIGNED_STARTS = 2  # fewer words lining up at an edge prove nothing


def best_gutter(intervals: Sequence[tuple[float, float]], words: Sequence[Word],
                between: tuple[float, float] | None = None, column_edges: Sequence[float] = ()) -> tuple[float, float]:
    """The free interval most likely to be the column gap: the one where the text on its two sides lines up
    (left-aligned starts at its right edge, justified ends at its left edge), then the widest. A gap inside one
    justified line has no such alignment. A single aligned word proves nothing, so it counts as none; and an
    interval no wider than a word space (all lines of a column may start with the same word) is no gutter.
    ``between`` is the span between the two header cells' texts: a header's text lies inside its column, so a gap
    whose cut falls there is preferred (a short TARGET column's own free space is wider than its gap to the
    left neighbour, but a cut there would split the TARGET header). ``column_edges``: where the body's columns
    start (see `recurring_starts`); a gap narrower than a word space ending at one, with the next column's
    lines starting there, is a gutter (little cell padding in small type)."""
    def starts_at(x: float) -> int:
        return sum(1 for w in words if abs(w.x0 - x) <= 1.5)

    def score(ab: tuple[float, float]) -> tuple[int, bool, float]:
        starts = starts_at(ab[1])
        ends = sum(1 for w in words if abs(w.x1 - ab[0]) <= 1.5)
        aligned = (starts if starts >= MIN_ALIGNED_STARTS else 0) + (ends if ends >= MIN_ALIGNED_STARTS else 0)
        # then a gap the next column's text starts at (a gap after the last column's short text ends at the
        # header's middle, not at text), then the widest
        return aligned, starts > 0, ab[1] - ab[0]
    height = median_height(words, empty=0.0)
    clip: dict[tuple[float, float], tuple[float, float]] = {}
    if between is not None:
        # a gap reaching in between the header texts is cut there: a centred header wider than its column's
        # text pokes into the gap, and a cut at the gap's middle would split it
        lo, hi = between[0] - EDGE_PT, between[1] + EDGE_PT
        inside = [ab for ab in intervals if min(ab[1], hi) - max(ab[0], lo) > 0]
        if not inside:
            # every gap the body left wide enough lies outside: a cut there would run through a header's text.
            # Little cell padding leaves the real gutter narrower than a word space: the gaps between the header
            # texts that no body word covers, best where the next column's starts line up
            inside = [ab for ab in _uncovered([(lo, hi)], words) if ab[1] > ab[0]]
        clip = {ab: (max(ab[0], lo), min(ab[1], hi)) for ab in inside}
        intervals = inside or intervals
    # narrower than 0.8 line heights: a word space, not a gutter -- unless the next column's lines start at its
    # right edge again and again (little cell padding beside justified text with wide word spaces)
    wide = [ab for ab in intervals if ab[1] - ab[0] >= 0.8 * height
            or (ab[1] - ab[0] >= 0.25 * height and score(ab)[0] >= 3 * MIN_ALIGNED_STARTS)]
    if not any(starts_at(ab[1]) >= MIN_ALIGNED_STARTS for ab in wide):
        # no wide gap has the next column's lines starting at its end: a narrower gap they start at is the gutter
        # (the wide gap lies under that column's short texts), down to a word space at a column edge of the body
        wide += [ab for ab in intervals if ab not in wide and ab[1] > ab[0] and starts_at(ab[1]) >= MIN_ALIGNED_STARTS
                 and (ab[1] - ab[0] >= 0.25 * height or any(abs(ab[1] - e) <= EDGE_PT for e in column_edges))]
    best = max(wide or intervals, key=score)
    return clip.get(best, best)


def layout_from_gutters(heads: Sequence[tuple[str | None, str]], gutters: Sequence[tuple[float, float]],
                        page_width: float, ruled: bool = False) -> ColumnLayout:
    """Columns, each (field, printed header), split in the middle of each gutter."""
    cuts = [(a + b) / 2 for a, b in gutters]
    edges = [0.0, *cuts, page_width]
    columns = tuple(Column(f, edges[i], edges[i + 1], text) for i, (f, text) in enumerate(heads))
    return ColumnLayout(columns, ruled, tuple(gutters))


CELL_START = re.compile(r"[A-Z0-9(\[\-]")  # how a cell's text begins: a capital, a number, a bracket, a dash


def _two_words(text: str) -> list[int]:
    """Where a lower-case run of letters that is no word splits into two words, at least one of them (4+
    letters) a dictionary word, the other 3+ letters: the next cell's wrapped line may open in lower case
    ('yangjumlah' = 'yang' | 'jumlah'; 'akuntabelmasyarakat', whose 'akuntabel' the dictionary lacks). Cuts
    where both halves are dictionary words come first. None without the dictionary."""
    token = text
    if not (token.isalpha() and token.islower()) or known_word(token) is not False:
        return []  # a capitalised word is a cell's first or a name ('Sukamaju' is no 'suka' | 'maju')
    halves = {k: (known_word(token[:k]) and k >= 4, known_word(token[k:]) and len(token) - k >= 4)
              for k in range(3, len(token) - 2)}
    return [k for k, (a, b) in halves.items() if a and b] or [k for k, (a, b) in halves.items() if a or b]


def split_at_column_edges(words: Sequence[Word], edges: Sequence[float], dictionary: bool = False) -> list[Word]:
    """Words cut where they straddle a column edge (see `recurring_starts`) and their text starts a cell there.
    Cells printed with no padding put one cell's last glyph against the next cell's first, closer than the gap
    words are split at ('patroliHasil'); the glyph boundary nearest the edge (x estimated in proportion to the
    characters) where a capital, number or bracket opens the next cell's text is the cut ('RKAJumlah': before the capital
    that starts a lower-case word). With ``dictionary`` (a line that would otherwise end the table), also a
    lower-case run where it splits into two words the dictionary knows ('yangjumlah', see `_two_words`): a
    word the dictionary lacks may look like two ('akuntabel'), so only where the cut is needed."""
    result: list[Word] = []
    for word in words:
        result.extend(_split_word(word, [e for e in edges if word.x0 + EDGE_PT < e < word.x1 - EDGE_PT], dictionary))
    return result


def _split_word(word: Word, edges: Sequence[float], dictionary: bool) -> list[Word]:
    if not edges or len(word.text) < 2:
        return [word]
    per_char = (word.x1 - word.x0) / len(word.text)
    edge = edges[0]
    near = [k for k in _capital_cuts(word.text) if abs(word.x0 + k * per_char - edge) <= 2.5 * per_char] or [
        k for k in (_two_words(word.text) if dictionary else []) if abs(word.x0 + k * per_char - edge) <= 2.5 * per_char]
    if not near:
        return _split_word(word, edges[1:], dictionary)  # no cell starts at this edge: perhaps at the next one
    k = min(near, key=lambda c: abs(word.x0 + c * per_char - edge))
    left, right = cut_word(word, k, edge)
    return [left, *_split_word(right, edges[1:], dictionary)]


def _capital_cuts(text: str) -> list[int]:
    """Where a cell's text may start inside a word: before a capital, number, bracket or dash that does not
    carry on a number or an upper-case run ('patroliHasil', 'RKAJumlah')."""
    return [k for k in range(1, len(text))
            if CELL_START.match(text[k]) and not (text[k - 1].isdigit() and text[k].isdigit())
            and (not text[k - 1].isupper() or text[k + 1:k + 2].islower())]


def cuts_between_headers(words: Sequence[Word], spans: Sequence[tuple[float, float]]) -> list[float]:
    """x positions to cut words at where two cells printed with no padding glued their texts across the gap
    between two header cells' texts (``spans``): a column edge lies in that gap, and a cell's text starts there
    ('kepuasanSubbagian', or by the dictionary 'aparaturmasyarakat'). For a table's first body lines, before
    any line shows where the columns start."""
    edges = []
    for word in words:
        per_char = (word.x1 - word.x0) / max(len(word.text), 1)
        for k in _capital_cuts(word.text) or _two_words(word.text):
            x = word.x0 + k * per_char
            if any(lo - EDGE_PT <= x <= hi + EDGE_PT for lo, hi in spans):
                edges.append(x)
                break
    return edges
