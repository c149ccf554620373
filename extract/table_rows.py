"""Table body words -> indicator rows, with merged cells spread over every row they span.

Two strategies behind one result type, as camelot's lattice and stream: ``ruled_rows`` cuts rows at the
horizontal rules that cross the indikator column (a merged cell is one with no rule across it), and
``aligned_rows`` starts a row where the indikator column starts a new block of lines together with a
neighbouring column, then places the (often vertically centred) sasaran blocks over the rows they span.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from extract.cell_text import LIST_ITEM, lines_to_cell_text, words_to_cell_text
from extract.layout import Segment, Word, median_height, read_by_ocr
from extract.table_columns import ColumnLayout, cluster_positions
from extract.table_header import FIELDS, NUMBER_CELL
from extract.text_lines import Line, group_lines

_SPECKLE = re.compile(r"[\\\s'`\"‘’,]+")  # what OCR makes of a rule stub or a speck beside a number
PARAGRAPH_GAP = 0.45  # of a line height: a larger vertical gap starts a new block
# browsers round line positions to whole pixels (0.75 pt), so two wraps can differ by that much; 1 pt of cell
# padding above and below a row adds 1.5 pt or more to the gap over it
WRAP_SLACK_PT = 1.1
WRAP_SLACK_MAX = 0.25  # of a line height: the slack when the wraps do not tell, or scatter widely
OCR_WRAP_SLACK_MAX = 0.4  # the same for OCR'd words, as far as the wraps measured scatter
MIN_KNOWN_WRAPS = 3


@dataclass(frozen=True)
class TableRow:
    """One indicator row as printed on one page; ``group`` numbers the sasaran cell it took its text from."""

    sasaran: str
    indikator: str
    formulasi: str
    sumber_data: str
    top: float
    bottom: float
    conf: float
    group: int  # -1: no sasaran printed for this row on this page (filled down later)
    extra: tuple[tuple[str, str], ...] = ()  # (printed header, cell text) of every column beyond the four

    def cells(self) -> tuple[str, str, str, str]:
        return (self.sasaran, self.indikator, self.formulasi, self.sumber_data)

    @property
    def is_empty(self) -> bool:
        return not any(self.cells()) and not any(text for _, text in self.extra)

    @property
    def is_numbering(self) -> bool:
        """The "1 2 3 4" row under a header, when it was not recognised as part of the header (OCR may have
        lost some of its numbers: two are enough, a row of indicator text is never only numbers; it may read a
        rule's stub or speckle beside one as a backslash or quote: '\\ 1')."""
        filled = [_SPECKLE.sub("", c) for c in (*self.cells(), *(text for _, text in self.extra)) if c]
        return len([c for c in filled if c]) >= 2 and all(NUMBER_CELL.match(c) for c in filled if c)


def column_keys(layout: ColumnLayout) -> list[str | None]:
    """Per column, the key its cells are read under: the field name, ``+i`` for an extra column with a printed
    header, None for the NO column and headerless columns (not data)."""
    return [c.field if c.field in FIELDS else (f"+{i}" if c.field is None and c.header else None)
            for i, c in enumerate(layout.columns)]


def words_by_column(layout: ColumnLayout, words: Sequence[Word]) -> dict[str, list[Word]]:
    """Body words of each field and extra column (the NO column and headerless columns are dropped)."""
    keys = column_keys(layout)
    grouped: dict[str, list[Word]] = {f: [] for f in FIELDS}
    grouped.update({k: [] for k in keys if k is not None})
    for w in words:
        key = keys[layout.column_of(w)]
        if key is not None:
            grouped[key].append(w)
    return grouped


def _column_x1(layout: ColumnLayout, key: str) -> float | None:
    if key.startswith("+"):
        return layout.columns[int(key[1:])].x1
    return _x1(layout, key)


def _extra(layout: ColumnLayout, texts: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((layout.columns[int(k[1:])].header, v) for k, v in texts.items() if k.startswith("+"))


def _conf(words: Sequence[Word]) -> float:
    return round(sum(w.conf for w in words) / len(words), 4) if words else 1.0


def ruled_rows(layout: ColumnLayout, words: Sequence[Word], h_segments: Sequence[Segment], body_top: float,
               body_bottom: float) -> list[TableRow] | None:
    """Rows between horizontal rules; None when no rule crosses the indikator column inside the body."""
    anchor = layout.field_index("indikator")
    if anchor is None:
        return None

    inside = [s for s in h_segments if body_top - 2 <= s.y <= body_bottom + 2]
    rules = cluster_positions([s.y for s in inside], 2.0)

    def rule_ys(index: int) -> list[float]:
        col = layout.columns[index]
        ys = [y for y in rules if crossed_share(col.x0, col.x1, [s for s in inside if abs(s.y - y) <= 2.0]) >= 0.5]
        return cluster_positions([body_top, body_bottom, *ys], 2.0)

    anchor_ys = rule_ys(anchor)
    if not any(body_top + 3 < y < body_bottom - 3 for y in anchor_ys):
        return None
    bands = [(a, b) for a, b in zip(anchor_ys, anchor_ys[1:]) if b - a > 3]
    by_field = words_by_column(layout, words)
    ys_by_field = {k: rule_ys(i) for i, k in enumerate(column_keys(layout)) if k is not None}
    rows: list[TableRow] = []
    for top, bottom in bands:
        texts: dict[str, str] = {}
        used: list[Word] = []
        group = -1
        for field in by_field:
            ys = ys_by_field.get(field)
            if ys is None:
                texts[field] = ""
                continue
            cell_top = max([y for y in ys if y <= top + 2] or [body_top])
            cell_bottom = min([y for y in ys if y >= bottom - 2] or [body_bottom])
            cell_words = [w for w in by_field[field] if cell_top <= w.y_mid < cell_bottom]
            texts[field] = words_to_cell_text(cell_words, _column_x1(layout, field))
            if field == "sasaran" and texts[field]:
                group = int(cell_top * 10)
            used.extend(cell_words)
        rows.append(TableRow(texts["sasaran"], texts["indikator"], texts["formulasi"], texts["sumber_data"],
                             top, bottom, _conf(used), group, _extra(layout, texts)))
    return _clean(rows)


def crossed_share(x0: float, x1: float, pieces: Sequence[Segment]) -> float:
    """How much of the column ``x0``-``x1`` the pieces of one horizontal rule cover together: a rule a scan broke
    or a toner dropout cut still crosses the cell (more than half of it), a merged cell has no rule at all and a
    neighbour's rule only reaches into it by a few points."""
    spans = sorted((max(s.x0, x0), min(s.x1, x1)) for s in pieces if s.x1 > x0 and s.x0 < x1)
    covered, reach = 0.0, x0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / (x1 - x0) if x1 > x0 else 0.0


def _clean(rows: list[TableRow]) -> list[TableRow]:
    return [r for r in rows if not r.is_empty and not r.is_numbering]


# words a sentence cannot end with: a line ending in one runs on into the next
CONNECTORS = frozenset({"di", "ke", "dari", "dan", "yang", "pada", "untuk", "dalam", "serta", "atau", "oleh", "bagi",
                        "dengan", "terhadap", "melalui", "sebagai", "antara", "tentang", "per", "se"})
SENTENCE_WORD = re.compile(r"^[A-Z][a-z]")  # a capitalised word, not an acronym


def line_blocks(lines: Sequence[Line], spacing: LineSpacing | None = None, unwrapped: bool = False,
                sentences: bool = False) -> list[list[Line]]:
    """Split a column's lines into blocks at vertical gaps (paragraph or row breaks). A gap of PARAGRAPH_GAP
    line heights always splits; with the table's ``spacing`` a gap wider than its wrap gap plus slack splits too:
    cells printed with little padding (browsers, tight word-processor tables) leave only that. With
    ``unwrapped`` a line that did not wrap (see `unwrapped_starts`) splits as well: cells printed with no padding
    leave no gap at all; with ``sentences`` too, so does a line that opens a sentence (see `sentence_starts`)."""
    fresh = unwrapped_starts(lines) if unwrapped else set()
    if sentences:
        fresh |= sentence_starts(lines)
    blocks: list[list[Line]] = []
    for k, line in enumerate(lines):
        height = max(line.height, blocks[-1][-1].height) if blocks else line.height
        limit = PARAGRAPH_GAP * height
        if spacing is not None:
            limit = spacing.wrap_gap + spacing.slack if spacing.measured else min(limit, spacing.wrap_gap + spacing.slack)
        if blocks and line.top - blocks[-1][-1].bottom <= limit and k not in fresh:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def sentence_starts(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines that open a sentence (see `opens_sentence`): in a row column, where a new cell most
    likely begins."""
    return {k for k in range(1, len(lines)) if opens_sentence(lines[k - 1], lines[k])}


def opens_sentence(prev: Line, line: Line) -> bool:
    """Whether ``line`` opens with a capitalised word after a line that can end a cell: not in a connector word,
    a comma, a hyphen or a capitalised word ('Subbagian' / 'Keuangan', 'Pemberdayaan' / 'Masyarakat dan
    Kelembagaan' are Title Case names running on)."""
    last = prev.words[-1].text
    return (bool(SENTENCE_WORD.match(line.words[0].text)) and last.lower() not in CONNECTORS
            and not last.endswith(("-", ",")) and not SENTENCE_WORD.match(last))


FIT_SLACK = 0.15  # of a line height: how much narrower than the column a line must stay to prove it did not wrap


def unwrapped_starts(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines that begin a new paragraph or cell although no gap shows it: the line above left room
    for this line's first word. Text wraps only when the next word does not fit, and a column's widest line
    shows (at least) how wide its cells' text may run, whatever their alignment. Tables printed with no cell
    padding leave no vertical gap between one cell's last line and the next row's first."""
    if len(lines) < 3:
        return set()
    width = max(ln.x1 - ln.x0 for ln in lines)
    gaps = sorted(b.x0 - a.x1 for ln in lines for a, b in zip(ln.words, ln.words[1:]) if b.x0 > a.x1)
    height = median_height([w for ln in lines for w in ln.words])
    space = gaps[len(gaps) // 2] if len(gaps) >= 5 else 0.3 * height  # justified lines only widen it
    found = set()
    for k in range(1, len(lines)):
        prev, first = lines[k - 1], lines[k].words[0]
        if lines[k].top < prev.bottom - 0.5 * prev.height:
            continue  # not below it
        if (prev.x1 - prev.x0) + space + (first.x1 - first.x0) < width - FIT_SLACK * height:
            found.add(k)
    return found


def aligned_rows(layout: ColumnLayout, words: Sequence[Word], body_top: float, body_bottom: float,
                 h_segments: Sequence[Segment] = (), header_bottom: float | None = None,
                 meets_break: tuple[bool, bool] = (True, True)) -> list[TableRow]:
    """Rows of a borderless (or partially ruled) table, from the alignment of its text blocks. Horizontal rules
    drawn across the body (``h_segments``; tables ruled between sasaran groups only) bound rows: a rule across
    the indikator column ends a row, one across the sasaran column ends a sasaran cell too. ``header_bottom``:
    where the header's text ends, when the fragment has one (how closely the body follows it tells whether the
    cells have padding). ``meets_break``: whether the table may go on from the previous page (no header, or
    one repeated atop the page) and on to the next (it runs to the page's end); where it does not, no row above
    the first sasaran is the previous page's, and none below the last waits for the next page's."""
    by_field = words_by_column(layout, words)
    lines = {f: group_lines(ws) for f, ws in by_field.items()}
    tol = 0.35 * median_height(words)
    spacing = line_spacing(lines)
    # only rules with body text above and below them: the header's rule (under a column numbering row the header
    # did not take in) and the table's frame bound no row
    body_lines = [ln for ls in lines.values() for ln in ls if not NUMBER_CELL.match(ln.text)]
    text_top = min((ln.top for ln in body_lines), default=0.0)
    text_bottom = max((ln.bottom for ln in body_lines), default=0.0)
    row_rules = body_rules(layout, "indikator", h_segments, text_top, text_bottom)
    group_rules = body_rules(layout, "sasaran", h_segments, text_top, text_bottom)
    starts = row_starts(lines, tol, spacing)
    # cells printed with no padding: rows show only where lines stop short of wrapping. Not on OCR'd words:
    # their boxes hug the glyphs and wobble, so a wrapped line's gap is no measure of a cell's padding
    unwrapped = not read_by_ocr(words) and (_touching(lines, starts, tol, spacing) or (
        len(starts) <= 1 and header_bottom is not None and _hugs(lines, header_bottom, spacing)))
    if unwrapped:
        starts = row_starts(lines, tol, spacing, unwrapped=True)
    row_tops = _after_rules(starts, lines, row_rules, tol)
    if not row_tops:
        return []
    # text above the first row: the tail of a row cut by a page break; on a page that goes on from the last, a
    # sasaran's tail alone too (its row ended on the page before)
    first_text = min((ls[0].top for f, ls in lines.items() if ls and (f != "sasaran" or meets_break[0])),
                     default=row_tops[0])
    pre_row = first_text < row_tops[0] - tol
    if pre_row:
        row_tops.insert(0, first_text)
    bottoms = row_tops[1:] + [max(body_bottom, max(ln.bottom for ls in lines.values() for ln in ls))]

    def row_of(y: float) -> int:
        return max(bisect.bisect_right(row_tops, y + tol) - 1, 0)

    row_keys = [k for k in lines if k != "sasaran"]
    cells: dict[str, list[list[Line]]] = {k: [[] for _ in row_tops] for k in row_keys}
    for key in row_keys:
        for line in lines[key]:
            cells[key][row_of(line.top)].append(line)
    numbers = _numbers(layout, words)
    bounds = group_rules or _number_anchors(numbers, row_tops, tol, row_of)
    # a column numbering row the header did not take in is no sasaran text
    sasaran_lines = [ln for ln in lines["sasaran"] if not bounds or not NUMBER_CELL.match(ln.text)]
    blocks = _cut_at(line_blocks(sasaran_lines, spacing, unwrapped), bounds)
    if unwrapped:
        blocks = _cut_at_sentence_starts(blocks, row_tops, tol)
    if bounds and all(len(band) <= 1 for band in _by_band(blocks, bounds)):
        groups = _ruled_sasaran_groups(sasaran_lines, row_tops, bounds, tol)
    else:
        # bounds that miss some groups (a word processor leaves the rule under a merged cell out): each band's
        # blocks are placed as in an unruled table, but no block runs across a bound
        # a merged cell's text is centred between its first row's text top and its last row's text bottom
        text_bottoms = [max((ln.bottom for k in row_keys for ln in cells[k][r]), default=bottoms[r])
                        for r in range(len(row_tops))]
        # a group number off every row's top, centred where a sasaran block is, shows the merged cells centred
        # (a NO column may centre its numbers while the sasaran cells stay top-aligned)
        centred = any(abs(ln.top - row_tops[row_of(ln.top)]) > tol and any(
            abs((ln.top + ln.bottom) - (b[0].top + b[-1].bottom)) <= 2 * tol for b in blocks) for ln in numbers)
        groups = _sasaran_groups(blocks, row_tops, text_bottoms, tol, row_of, centred, meets_break)
    rows: list[TableRow] = []
    for r, (top, bottom) in enumerate(zip(row_tops, bottoms)):
        texts = {k: lines_to_cell_text(cells[k][r], _column_x1(layout, k)) for k in row_keys}
        block_index, block = groups.get(r, (-1, []))
        sasaran = lines_to_cell_text(block, _x1(layout, "sasaran"))
        row_words = [w for k in row_keys for ln in cells[k][r] for w in ln.words]
        row = TableRow(sasaran, texts["indikator"], texts["formulasi"], texts["sumber_data"], top, bottom,
                       _conf(row_words + [w for ln in block for w in ln.words]), block_index, _extra(layout, texts))
        if not replace(row, sasaran="").is_numbering:  # a numbering row under a sasaran spread over its band
            rows.append(row)
    return _clean(rows)


def _touching(lines: dict[str, list[Line]], starts: Sequence[float], tol: float,
              spacing: LineSpacing | None) -> bool:
    """Whether a row found by its gaps has a cell whose first line follows the cell above it as closely as a
    wrapped line follows the one before: the cells have no padding (only the columns whose text ran to the
    row's end left a gap), so gaps cannot find the other rows."""
    for y in starts[1:]:
        for column in (ls for key, ls in lines.items() if key != "sasaran"):  # a merged cell spans row starts
            for prev, line in zip(column, column[1:]):
                if abs(line.top - y) <= tol:
                    limit = spacing.wrap_gap + spacing.slack if spacing else PARAGRAPH_GAP * line.height
                    if line.top - prev.bottom <= limit:
                        return True
    return False


def _hugs(lines: dict[str, list[Line]], header_bottom: float, spacing: LineSpacing | None) -> bool:
    """Whether the body's first line follows the header's text as closely as a wrapped line follows the one
    before it: no padding below the header cells nor above the first row's."""
    first = min((ls[0] for ls in lines.values() if ls), key=lambda ln: ln.top, default=None)
    if first is None:
        return False
    limit = spacing.wrap_gap + spacing.slack if spacing else PARAGRAPH_GAP * first.height
    return first.top - header_bottom <= limit


def body_rules(layout: ColumnLayout, field: str, h_segments: Sequence[Segment], body_top: float,
               body_bottom: float) -> list[float]:
    """The y of each horizontal rule that crosses the ``field`` column (more than half of it) inside the body."""
    index = layout.field_index(field)
    if index is None:
        return []
    col = layout.columns[index]
    inside = [s for s in h_segments if body_top + 3 < s.y < body_bottom - 3]
    return [y for y in cluster_positions([s.y for s in inside], 2.0)
            if crossed_share(col.x0, col.x1, [s for s in inside if abs(s.y - y) <= 2.0]) >= 0.5]


def _after_rules(row_tops: list[float], lines: dict[str, list[Line]], rules: Sequence[float],
                 tol: float) -> list[float]:
    """Row starts with a start added at the first line under each rule: no cell runs across a rule."""
    # a line is under the rule when its middle is: with no cell padding its top touches the rule, or pokes above
    tops = [(ln.top, (ln.top + ln.bottom) / 2) for f, ls in lines.items() if f != "sasaran" for ln in ls]
    added = [min((t for t, mid in tops if mid > y), default=None) for y in rules]
    merged = sorted({*row_tops, *(t for t in added if t is not None)})
    result: list[float] = []
    for y in merged:
        if result and y - result[-1] <= tol:
            continue
        result.append(y)
    return result


def _numbers(layout: ColumnLayout, words: Sequence[Word]) -> list[Line]:
    """The lines of the NO column that are group numbers."""
    index = layout.field_index("no")
    if index is None:
        return []
    return [ln for ln in group_lines([w for w in words if layout.column_of(w) == index]) if NUMBER_CELL.match(ln.text)]


def _number_anchors(numbers: Sequence[Line], row_tops: Sequence[float], tol: float,
                    row_of: Callable[[float], int]) -> list[float]:
    """Group bounds from the NO column's ``numbers``: when each is level with a row's top, the numbers are
    top-aligned with their groups' first rows, and a group ends just above the next number (cells printed with
    no padding leave no gap between one sasaran's last line and the next one's first; lines above the first
    number finish a sasaran from the previous page). Empty when the table has
    no NO column, fewer than two numbers, or numbers centred on their groups."""
    if len(numbers) < 2 or any(abs(ln.top - row_tops[row_of(ln.top)]) > tol for ln in numbers):
        return []
    return [row_tops[row_of(ln.top)] - tol / 2 for ln in numbers]


def _cut_at(blocks: list[list[Line]], bounds: Sequence[float]) -> list[list[Line]]:
    """Blocks split where a bound (rule or number anchor) passes between two of their lines."""
    result: list[list[Line]] = []
    for block in blocks:
        result.append([block[0]])
        for prev, line in zip(block, block[1:]):
            if any(prev.top < y < line.top + 0.5 * line.height for y in bounds):
                result.append([line])
            else:
                result[-1].append(line)
    return result


def _cut_at_sentence_starts(blocks: list[list[Line]], row_tops: Sequence[float], tol: float) -> list[list[Line]]:
    """Blocks split before a line that opens a sentence level with a row's top: in a table whose cells have no
    padding, two top-aligned sasaran cells touch, and the next one starts on its first row's line (see
    `opens_sentence`)."""
    result: list[list[Line]] = []
    for block in blocks:
        result.append([block[0]])
        for prev, line in zip(block, block[1:]):
            if any(abs(line.top - y) <= tol for y in row_tops) and opens_sentence(prev, line):
                result.append([line])
            else:
                result[-1].append(line)
    return result


def _by_band(blocks: Sequence[list[Line]], bounds: Sequence[float]) -> list[list[list[Line]]]:
    """Blocks grouped by the band between consecutive bounds that holds their first line."""
    bands: list[list[list[Line]]] = [[] for _ in range(len(bounds) + 1)]
    for block in blocks:
        bands[bisect.bisect_left(sorted(bounds), (block[0].top + block[0].bottom) / 2)].append(block)
    return bands


def _ruled_sasaran_groups(lines: Sequence[Line], row_tops: Sequence[float], rules: Sequence[float],
                          tol: float) -> dict[int, tuple[int, list[Line]]]:
    """Sasaran cells bounded by the rules across the sasaran column: all its lines between two rules are one
    cell, spread over every row that starts between them (however the cell aligns its text). A row starts
    under a rule its first line's top pokes above by less than ``tol`` (cells printed with no padding)."""
    bounds = [-float("inf"), *rules, float("inf")]
    assigned: dict[int, tuple[int, list[Line]]] = {}
    for band, (upper, lower) in enumerate(zip(bounds, bounds[1:])):
        block = [ln for ln in lines if upper < (ln.top + ln.bottom) / 2 < lower]
        if not block:
            continue
        for r, top in enumerate(row_tops):
            if upper < top + tol < lower:
                assigned[r] = (band, block)
    return assigned


@dataclass(frozen=True)
class LineSpacing:
    """How a table's wrapped lines are spaced: the ordinary gap between them, and the slack above it within which
    a gap is still a wrap (word boxes from OCR wobble, browsers round line positions to pixels; a word processor
    repeats one pitch exactly)."""

    wrap_gap: float
    slack: float
    measured: bool = False  # OCR'd lines whose wraps told the gap: it holds even past PARAGRAPH_GAP


def line_spacing(lines: dict[str, list[Line]]) -> LineSpacing | None:
    """The table's wrap gap, the lower quartile of the gaps between consecutive lines of a column (wraps
    outnumber row and paragraph breaks), and its slack. The slack is measured on the gaps that are wraps for
    certain, those above a line that goes on in lower case (a cell never starts that way): how far the widest of
    them exceeds the wrap gap, and a little more, at least WRAP_SLACK_PT and at most WRAP_SLACK_MAX line heights
    (also when too few lines tell). With too few lines: the gap of the certain wraps when two or more of them
    agree (a small table of a digital print; its text is set at one pitch), else None."""
    pairs = [(a, b) for ls in lines.values() for a, b in zip(ls, ls[1:]) if b.top > a.bottom]
    gaps = sorted(b.top - a.bottom for a, b in pairs)
    words = [w for ls in lines.values() for ln in ls for w in ln.words]
    wraps = sorted(b.top - a.bottom for a, b in pairs if b.text[:1].islower())
    if len(gaps) < 8:
        if len(wraps) >= 2 and wraps[-1] - wraps[0] <= WRAP_SLACK_PT / 2 and not read_by_ocr(words):
            return LineSpacing(wraps[0], WRAP_SLACK_PT)
        return None
    wrap_gap = gaps[len(gaps) // 4]
    height = median_height(words)
    if len(wraps) < MIN_KNOWN_WRAPS:
        return LineSpacing(wrap_gap, WRAP_SLACK_MAX * height)
    if read_by_ocr(words):
        # OCR boxes hug each line's glyphs (no line box of the font's full height): the gap between two wrapped
        # lines is most of a line and wobbles with ascenders and descenders; the wraps themselves tell it
        wrap_gap = wraps[len(wraps) // 2]
        slack = max(wraps[-1] - wrap_gap + WRAP_SLACK_PT / 2, WRAP_SLACK_PT)
        return LineSpacing(wrap_gap, min(OCR_WRAP_SLACK_MAX * height, slack), measured=True)
    slack = max(wraps[-1] - wrap_gap + WRAP_SLACK_PT / 2, WRAP_SLACK_PT)
    return LineSpacing(wrap_gap, min(WRAP_SLACK_MAX * height, slack))


def row_starts(lines: dict[str, list[Line]], tol: float, spacing: LineSpacing | None = None,
               unwrapped: bool = False) -> list[float]:
    """Where rows begin. Cells of a row are top-aligned, so a row starts where at least two of the indikator,
    formulasi and sumber columns open a block at the same height and no line of theirs runs across it. A block
    that opens in one column alone is a paragraph inside a cell: its gap is this document's paragraph spacing,
    and a start whose gaps are no wider than that is a paragraph break that happens to line up, not a row.
    With ``unwrapped`` (a table printed with no cell padding) blocks also open where a line did not wrap or opens
    a sentence, and two columns doing so together start a row whatever the gap."""
    fields = [f for f in lines if f != "sasaran" and lines[f]]
    opens: dict[str, list[tuple[float, float, bool]]] = {}  # field -> [(block top, gap above it, by a cue)]
    cue_tops: list[float] = []  # tops of the blocks a cue opened (not a list item: a paragraph of its cell)
    for f in fields:
        gap_blocks = line_blocks(lines[f], spacing)
        gap_tops = {b[0].top for b in gap_blocks}
        blocks = line_blocks(lines[f], spacing, unwrapped=True, sentences=True) if unwrapped else gap_blocks
        opens[f] = [(b[0].top, b[0].top - blocks[i - 1][-1].bottom if i else float("inf"), b[0].top not in gap_tops)
                    for i, b in enumerate(blocks)]
        cue_tops.extend(b[0].top for b in blocks if b[0].top not in gap_tops and not LIST_ITEM.match(b[0].text))
    tops = sorted({y for f in fields for y, _, _ in opens[f]})
    candidates: list[float] = []
    for y in tops:
        if not candidates or y - candidates[-1] > tol:
            candidates.append(y)
    starts: list[tuple[float, list[float], int]] = []
    lone_gaps: list[float] = []
    for y in candidates:
        gaps = [g for f in fields for top, g, cued in opens[f] if abs(top - y) <= tol and not cued]
        crossed = any(ln.top < y - tol and ln.bottom > y + tol for f in fields for ln in lines[f])
        if crossed:
            continue
        cues = sum(1 for top in cue_tops if abs(top - y) <= tol)
        if len(gaps) + cues >= 2 or (len(fields) == 1 and gaps):
            starts.append((y, gaps, cues))
        elif gaps and gaps[0] != float("inf") and any(abs(top - y) <= tol for f in FIELDS
                                                        for top, _, _ in opens.get(f, ())):
            lone_gaps.append(gaps[0])  # a paragraph of a field's cell (an extra column's short values tell none)
    paragraph_gap = sorted(lone_gaps)[len(lone_gaps) // 2] if lone_gaps else 0.0
    result = []
    for i, (y, gaps, cues) in enumerate(starts):
        # columns whose lines above did not wrap, or that open a sentence, open cells together: a row
        if i == 0 or cues >= 1 or not lone_gaps or max(gaps) > paragraph_gap + 1.0:
            result.append(y)
    return result


def _x1(layout: ColumnLayout, field: str) -> float | None:
    i = layout.field_index(field)
    return layout.columns[i].x1 if i is not None else None


def _sasaran_groups(blocks: list[list[Line]], row_tops: list[float], bottoms: list[float], tol: float,
                    row_of: Callable[[float], int], centred: bool = False,
                    strays: tuple[bool, bool] = (True, True)) -> dict[int, tuple[int, list[Line]]]:
    """Spread each sasaran block over the rows of its merged cell.

    A table prints its merged cells one way: each block top-aligned with the first row of its cell, or each
    vertically centred on its cell. The cells are the partition of the rows into consecutive spans, one per
    block, that fits the blocks best (dynamic programming over span ends), read both ways when every block is
    level with a row's top (top-aligned there, or centred on a longer cell by chance) and the better way kept,
    the top-aligned one on a tie (``centred``: the table shows otherwise that it centres its merged cells).
    Rows above the first span belong to a sasaran printed on the previous page;
    rows below the last span wait for one printed on the next page. Both cost a little, so that among equally
    fitting partitions the one that covers every row wins, and much where ``strays`` (above, below) says the
    table does not meet a page break there.
    """
    if not blocks or not row_tops:
        return {}
    blocks = _one_block_per_cell(blocks, row_of, tol)

    def aligned(block: list[Line]) -> bool:
        return abs(block[0].top - row_tops[row_of(block[0].top)]) <= tol

    def off_centre(block: list[Line], first: int, last: int) -> float:
        # a block taller than the other cells of its rows makes the rows as tall as itself
        top, bottom = block[0].top, block[-1].bottom
        return abs((min(row_tops[first], top) + max(bottoms[last], bottom)) / 2 - (top + bottom) / 2)

    def top_aligned(block: list[Line], first: int, last: int) -> float:
        return 0.0 if first == row_of(block[0].top) else float("inf")

    # one block off every row's top shows that they are centred, and then a block level with a row's top is
    # centred there too (a two-line sasaran centred on three rows of two lines starts where the middle row does)
    ways = [top_aligned, off_centre] if not centred and all(aligned(block) for block in blocks) else [off_centre]
    results = [_partition(blocks, row_tops, tol, row_of, error, strays) for error in ways]
    total, assigned = min(results, key=lambda result: result[0])  # the first on a tie: top-aligned
    return assigned if total < float("inf") else {}


STRAY = 1.0  # cost of a row left to a neighbouring page's sasaran, in points of centring error
NO_STRAY = 1000.0  # the same where the table does not meet a page break


def _partition(blocks: list[list[Line]], row_tops: list[float], tol: float, row_of: Callable[[float], int],
               error: Callable[[list[Line], int, int], float],
               strays: tuple[bool, bool]) -> tuple[float, dict[int, tuple[int, list[Line]]]]:
    """The spans of rows, one per block in order, of least total ``error`` (see `_sasaran_groups`): the total
    and each row's (block index, block)."""
    n_rows = len(row_tops)
    above, below = (STRAY if stray else NO_STRAY for stray in strays)
    spans_of = []
    for block in blocks:
        top_row, bottom_row = row_of(block[0].top), row_of(block[-1].bottom - tol)
        spans_of.append((top_row, max(bottom_row, top_row)))
    # best[e] = (cost, previous end) for the blocks so far, the current one ending at row e
    inf = float("inf")
    best: list[list[tuple[float, int]]] = []
    first_top, first_bottom = spans_of[0]
    layer = [(inf, -1)] * n_rows
    for start in range(first_top + 1):
        for end in range(max(first_bottom, start), n_rows):
            cost = error(blocks[0], start, end) + above * start
            if cost < layer[end][0]:
                layer[end] = (cost, start - 1)
    best.append(layer)
    for k in range(1, len(blocks)):
        top_row, bottom_row = spans_of[k]
        layer = [(inf, -1)] * n_rows
        for prev_end, (prev_cost, _) in enumerate(best[-1]):
            start = prev_end + 1
            if prev_cost == inf or start > top_row:
                continue
            for end in range(max(bottom_row, start), n_rows):
                cost = prev_cost + error(blocks[k], start, end)
                if cost < layer[end][0]:
                    layer[end] = (cost, prev_end)
        best.append(layer)
    final = [(cost + below * (n_rows - 1 - end), end) for end, (cost, _) in enumerate(best[-1])]
    total, end = min(final)
    if total == inf:
        return inf, {}
    assigned: dict[int, tuple[int, list[Line]]] = {}
    for k in range(len(blocks) - 1, -1, -1):
        prev_end = best[k][end][1]
        for r in range(prev_end + 1, end + 1):
            assigned[r] = (k, blocks[k])
        end = prev_end
    return total, assigned


def _one_block_per_cell(blocks: list[list[Line]], row_of: Callable[[float], int], tol: float) -> list[list[Line]]:
    """Blocks that share a row are paragraphs of one sasaran cell (a cell's text never leaves its cell, so two
    cells' texts cannot meet in one row): joined, else the partition into one span per block has no solution."""
    joined = [list(blocks[0])]
    for block in blocks[1:]:
        if row_of(block[0].top) <= row_of(joined[-1][-1].bottom - tol):
            joined[-1].extend(block)
        else:
            joined.append(list(block))
    return joined
