"""One page layout -> its content in reading order: text lines outside tables, and table fragments.

A fragment is the part of an indicator table printed on one page. Whether it continues a table from the
previous page (and whether its first row finishes a row cut by the page break) is decided later, across pages,
by `decree_structure`; here each fragment only records what it saw (header or not, reaching the page end).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.column_edges import EDGE_PT, open_starts, recurring_starts
from extract.layout import PageLayout, Segment, Word
from extract.section_lines import SIGNING_OPENS, is_block_start, is_section_text
from extract.table_columns import (
    ColumnLayout,
    best_gutter,
    cluster_positions,
    cuts_between_headers,
    header_gutters,
    layout_from_gutters,
    ruled_columns,
    split_at_column_edges,
    subtract_all,
)
from extract.table_header import TableHeader, find_headers
from extract.table_rows import TableRow, aligned_rows, crossed_share, ruled_rows
from extract.text_lines import Line, group_lines, is_page_furniture

SIGNATORY_TITLE = re.compile(r"^[A-Z][A-Z .,'/&-]*[A-Z,.]$")  # CAMAT SUKAMAJU, / KEPALA DESA X
SIGNATURE_LINES = 4  # title, name, rank lines above a NIP
MAX_ROW_GAP_LINES = 3.0  # a vertical gap of more than this many line heights ends a borderless table


@dataclass(frozen=True)
class TableFragment:
    """The rows of one table on one page, with how they were found."""

    page_no: int
    top: float
    bottom: float
    rows: tuple[TableRow, ...]
    columns: ColumnLayout
    header_text: str  # "" when the page continues a table without repeating its header
    strategy: str  # "ruled" (rows cut at rules) or "aligned" (rows from text alignment)
    ends_page: bool  # nothing but page furniture follows it on the page
    header_bottom: float | None = None  # where its printed header ends (None: no header on this page)


@dataclass(frozen=True)
class PageContent:
    """A page's lines and fragments in reading order; ``carry`` is the layout of a table left open."""

    page_no: int
    method: str
    reason: str
    items: tuple[Line | TableFragment, ...]
    carry: ColumnLayout | None
    conf: float


def is_section_line(line: Line) -> bool:
    """A line that can never be inside an indicator table (position labels, titles, signature block)."""
    return is_section_text(line.text)


def read_page(page: PageLayout, carry: ColumnLayout | None) -> PageContent:
    """Split a page into text lines and table fragments (``carry``: columns of a table open on the last page)."""
    lines = [ln for ln in group_lines(page.words) if not is_page_furniture(ln, page.height)]
    headers = find_headers(lines, v_rules=page.v_segments)
    fragments: list[tuple[int, int, TableFragment | None]] = []  # (first line, end line, fragment)
    first_header = headers[0].first_line if headers else len(lines)
    if carry is not None and first_header > 0 and lines and not is_section_line(lines[0]):
        found = _fragment(page, lines, 0, first_header, carry, None)
        if found is not None:
            fragments.append((0, *found))
    for k, header in enumerate(headers):
        limit = headers[k + 1].first_line if k + 1 < len(headers) else len(lines)
        columns = ruled_columns(header, page.v_segments)
        first_body = lines[header.last_line + 1] if header.last_line + 1 < limit else None
        if columns is None or (first_body is not None and _ruled_bottom(
                columns, page.v_segments, header.bottom + 0.5) < first_body.bottom):
            # no rules, or rules around the header cells only (browsers, partly ruled tables): read the body
            # from its text alignment
            columns = layout_from_gutters([(c.field, c.text) for c in header.columns], header_gutters(header),
                                          page.width)
        continues = k == 0 and header.first_line == 0 and carry is not None  # a header repeated atop the page
        known = _carried_starts(carry, header) if continues else []
        found = _fragment(page, lines, header.last_line + 1, limit, columns, header, known, continues)
        if found is not None:
            fragments.append((header.first_line, *found))
    consumed = {i for start, end, _ in fragments for i in range(start, end)}
    items: list[Line | TableFragment] = [ln for i, ln in enumerate(lines) if i not in consumed]
    items.extend(f for _, _, f in fragments if f is not None)
    items.sort(key=lambda it: it.top)
    last = fragments[-1][2] if fragments else None
    open_table = last.columns if last is not None and last.ends_page else None
    conf = min((w.conf for w in page.words), default=1.0)
    return PageContent(page.page_no, page.method, page.reason, tuple(items), open_table, conf)


def _carried_starts(carry: ColumnLayout | None, header: TableHeader) -> list[float]:
    """Where the columns of the table left open on the last page start their text, when ``header`` atop this
    page repeats its header (a browser repeats a table's head on every page): its cells lie in the carried
    columns. A continued row alone under the header may fill its cells to a word space from the next column."""
    if carry is None or carry.ruled or len(carry.columns) != len(header.columns) or not all(
            col.x0 <= cell.x_mid <= col.x1 for col, cell in zip(carry.columns, header.columns)):
        return []
    return [b for _, b in carry.gutters]


def _fragment(page: PageLayout, lines: Sequence[Line], start: int, limit: int, columns: ColumnLayout,
              header: TableHeader | None, known_edges: Sequence[float] = (),
              continues: bool = False) -> tuple[int, TableFragment | None] | None:
    """Collect the body lines of one table from ``start`` and turn them into rows; returns (end line, fragment).
    ``known_edges``: where columns start text, known from elsewhere (see `_carried_starts`); ``continues``: the
    header is repeated atop the page of a table left open on the last one."""
    body_top = header.bottom + 0.5 if header else (lines[start].top - 1.0 if start < len(lines) else 0.0)
    if columns.ruled:
        lines = list(lines)
        ruled_bottom = _ruled_bottom(columns, page.v_segments, body_top)
        end, columns = _body_end(lines, start, limit, columns, ruled_bottom)
    else:
        # cells printed with no padding glue one cell's last word to the next cell's first: cut at column edges
        edges = recurring_starts([ln.words for ln in lines[start:limit]])
        cut = [_cut_line(ln, edges, dictionary=False) for ln in lines[start:limit]]
        lines = [*lines[:start], *(line for line, _ in cut), *lines[limit:]]
        cut_at = sorted({x for _, xs in cut for x in xs})
        end, columns = _body_end(lines, start, limit, columns, None, header, [*cut_at, *known_edges],
                                 _rules_across(page, lines[start:limit], header, body_top))
    body = lines[start:end]
    if not body and (header is None or end < len(lines)):
        # nothing under it: a print title repeated atop a page that goes on with other text; its lines are
        # consumed, no table is opened
        return (end, None) if header is not None else None
    words = [w for ln in body for w in ln.words]
    body_bottom = body[-1].bottom + 1.0 if body else body_top
    if columns.ruled:
        body_bottom = max(body_bottom, min(_ruled_bottom(columns, page.v_segments, body_top), page.height))
    rows = ruled_rows(columns, words, page.h_segments, body_top, body_bottom) if columns.ruled else None
    strategy = "ruled"
    if rows is None:
        rows = aligned_rows(columns, words, body_top, body_bottom, page.h_segments,
                            header.bottom if header else None, (header is None or continues, end >= len(lines)))
        strategy = "aligned"
    top = header.top if header else body_top
    fragment = TableFragment(page.page_no, top, body_bottom, tuple(rows), columns,
                             " | ".join(c.text for c in header.columns) if header else "", strategy,
                             ends_page=end >= len(lines), header_bottom=header.bottom if header else None)
    return end, fragment


def _rules_across(page: PageLayout, lines: Sequence[Line], header: TableHeader | None,
                  body_top: float) -> list[float]:
    """The y of each horizontal rule under the header that runs across the whole table (the header's width)
    above the next section line, drawn in one piece or cell by cell: a table ruled between its sasaran groups
    only (see `_body_end`). None at all where vertical rules stand under the header too: those are a sheet's
    gridlines or another table's grid, and lines between them may be anything printed in cells."""
    if header is None:
        return []
    x0, x1 = header.columns[0].x0, header.columns[-1].x1
    end_y = next((ln.top for ln in lines if is_section_line(ln)), page.height)
    if any(x0 <= s.x <= x1 and s.bottom > body_top + 1.0 and s.top < end_y for s in page.v_segments):
        return []
    pieces = [s for s in page.h_segments if body_top < s.y < end_y and s.x1 > x0 and s.x0 < x1]
    across = [y for y in cluster_positions([s.y for s in pieces], 1.5)
              if crossed_share(x0, x1, [s for s in pieces if abs(s.y - y) <= 1.5]) >= 0.95]
    return across


def _ruled_bottom(columns: ColumnLayout, v_segments: Sequence[Segment], body_top: float) -> float:
    """Where the table's grid stops: the vertical rules between its columns run on without a break from the
    header down to here. A row where most of them are missing is not an indicator row (a spreadsheet's label or
    signature cell merged across the columns); one rule stopping short while the others run on is a rule a
    photocopy's toner dropout ate."""
    reaches = sorted(_rule_reach(col.x0, v_segments, body_top) for col in columns.columns[1:])
    return reaches[(len(reaches) - 1) // 2] if reaches else body_top  # the median, the lower one of two


def _rule_reach(x: float, v_segments: Sequence[Segment], body_top: float) -> float:
    """How far down from ``body_top`` the vertical rule at ``x`` runs without a break."""
    spans = sorted((s.top, s.bottom) for s in v_segments if abs(s.x - x) <= 3)
    bottom = body_top
    for top, end in spans:
        if end < body_top:
            continue
        if top > bottom + 3:
            break
        bottom = max(bottom, end)
    return bottom


ANY_GAP_PAIRS = 3  # distinct word pairs starting at one x after any gap, to make a column edge


def _column_edges(lines: Sequence[Sequence[Word]]) -> list[float]:
    """Where the body's columns start their lines (see `recurring_starts`), and where several distinct words start
    after a mere word space and hardly any line runs across: with no cell padding a full line of one cell ends
    a word space before the next cell's text, on most lines of a row."""
    return sorted({*recurring_starts(lines), *open_starts(lines, ANY_GAP_PAIRS, any_gap=True, max_crossing=0.05)})


def _merged_cell_line(line: Line, columns: ColumnLayout) -> bool:
    """Whether all of ``line`` lies in the sasaran or NO column: the text of a merged cell, whose rows go on
    below it however tall they are (a sheet prints a merged cell's text again atop the next page)."""
    keys = [i for i in (columns.field_index("sasaran"), columns.field_index("no")) if i is not None]
    return bool(keys) and all(any(columns.columns[i].x0 <= w.x0 and w.x1 <= columns.columns[i].x1 for i in keys)
                              for w in line.words)


def _cut_at_column_starts(line: Line, gutters: Sequence[Sequence[tuple[float, float]]],
                          starts_above: Sequence[float]) -> tuple[Line, list[float]]:
    """``line`` with a word cut where it runs across the right end of a gutter that the lines above start a
    column's text at: two cells printed with no padding glue their texts ('Kegiatan12'), and a short body (few
    lines: no recurring edge yet) would otherwise end at the first such line. Returns the line and the x
    positions it was cut at."""
    ends = [b for intervals in gutters for _, b in intervals if any(abs(x - b) <= EDGE_PT for x in starts_above)]
    if not any(w.x0 + EDGE_PT < b < w.x1 - EDGE_PT for w in line.words for b in ends):
        return line, []
    return _cut_line(line, sorted(ends))


def _cut_between_headers(line: Line, spans: Sequence[tuple[float, float]]) -> tuple[Line, list[float]]:
    """``line`` with words cut where two cells glued their texts across the gap between two header texts (see
    `cuts_between_headers`); the table's first lines have no lines above to show the column starts. Returns
    the line and the x positions it was cut at."""
    edges = sorted(cuts_between_headers(line.words, spans))
    return _cut_line(line, edges) if edges else (line, [])


def _cut_line(line: Line, edges: Sequence[float], dictionary: bool = True) -> tuple[Line, list[float]]:
    """``line`` with its words cut at the column ``edges`` they straddle (see `split_at_column_edges`), and the
    x positions of the cuts."""
    words = split_at_column_edges(line.words, edges, dictionary)
    before = {w.x0 for w in line.words}
    return Line(tuple(words)), [w.x0 for w in words if w.x0 not in before]


def _before_signature(lines: Sequence[Line], start: int, end: int, stop: Line, middle: float) -> int:
    """Where a borderless table ends when a signature block follows it: the signatory's title and name lines
    start on the right half where the line that ended the table (name, NIP) starts, and are not table text. A
    block that the stop line opens (``Ditetapkan di``, ``Pada tanggal``) has nothing of it above."""
    if stop.x0 <= middle or SIGNING_OPENS.match(stop.text):
        return end
    kept = end
    while kept > start and end - kept < SIGNATURE_LINES and abs(lines[kept - 1].x0 - stop.x0) <= 2.0:
        kept -= 1
    return kept


def _before_signatory_title(lines: Sequence[Line], start: int, end: int, middle: float) -> int:
    """Where a borderless table ends when its last line is the signatory's title (``CAMAT SUKAMAJU,``) printed
    on the right half after a gap, its name and NIP on the next page: a short upper-case line, not table text."""
    if end - start < 2:
        return end
    last, above = lines[end - 1], lines[end - 2]
    words = last.text.split()
    if (last.x0 > middle and len(words) <= 6 and SIGNATORY_TITLE.match(last.text.strip())
            and last.top - above.bottom > max(last.height, above.height)):
        return end - 1
    return end


def _body_end(lines: list[Line], start: int, limit: int, columns: ColumnLayout, ruled_bottom: float | None,
              header: TableHeader | None = None, known_edges: Sequence[float] = (),
              rules_across: Sequence[float] = ()) -> tuple[int, ColumnLayout]:
    """Index after the last body line, and the columns narrowed to the gutters the body left free (preferring
    cuts between the header cells' texts). A borderless body line whose word glues two cells where the lines
    above start a column is cut there in ``lines`` (see `_cut_at_column_starts`); ``known_edges``: column
    edges found before (where words were cut already, where a carried table's columns start); ``rules_across``:
    rules across a borderless table (see `_rules_across`): the lines above the lowest one are table rows, and
    so is a line hugging one, whatever gap or word space they leave (a spreadsheet's tall rows, a lone row
    filling its cells)."""
    # free_after[k]: the gutters the first k body lines left free
    free_after: list[list[list[tuple[float, float]]]] = [[[g] for g in columns.gutters]]
    end = start
    prev: Line | None = None
    stop: Line | None = None  # the line that ended a borderless table
    # where the body's columns start their lines: a gap narrower than a word space ending there is still a gutter
    column_edges = [] if ruled_bottom is not None else [
        *_column_edges([ln.words for ln in lines[start:limit]]), *known_edges]
    starts_above: list[float] = []  # where the body lines so far start their words
    heads = header.columns if header is not None and len(header.columns) == len(columns.columns) else None
    spans = [(a.x1, b.x0) for a, b in zip(heads, heads[1:])] if heads else []  # between the header texts
    for i in range(start, limit):
        line = lines[i]
        if is_section_line(line) if ruled_bottom is None else is_block_start(line.text):
            stop = line
            break
        if ruled_bottom is not None:
            if line.top > ruled_bottom:
                break
        else:
            ruled_in = any(line.bottom <= y + 1.0 for y in rules_across) or any(
                prev is not None and prev.bottom - 1.0 <= y <= line.top + 1.0 and line.top - y <= 0.5 * line.height
                for y in rules_across)  # above the table's lowest rule, or a row's first line right under one
            if prev is not None and line.top - prev.bottom > MAX_ROW_GAP_LINES * max(line.height, prev.height) \
                    and not ruled_in and not _merged_cell_line(prev, columns):
                stop = line
                break
            free = subtract_all(free_after[-1], line.words, column_edges, starts_above)
            for cutter in (lambda ln: _cut_at_column_starts(ln, free_after[-1], starts_above),
                           lambda ln: _cut_between_headers(ln, spans)):
                if free is not None:
                    break
                # perhaps two cells glued: cut, and the cut x is a column edge
                cut, cut_at = cutter(line)
                free = subtract_all(free_after[-1], cut.words, [*column_edges, *cut_at], starts_above) \
                    if cut_at else None
                if free is not None:
                    line = lines[i] = cut
                    column_edges.extend(cut_at)
            if free is None and ruled_in:
                free = free_after[-1]  # a row by the rules, its words no help in finding the gutters
            if free is None:
                stop = line
                break
            free_after.append(free)
            starts_above.extend(w.x0 for w in line.words)
        end = i + 1
        prev = line
    if ruled_bottom is None:
        middle = (columns.columns[0].x0 + columns.columns[-1].x1) / 2
        kept = _before_signature(lines, start, end, stop, middle) if stop is not None else end
        end = _before_signatory_title(lines, start, kept, middle)
        body_words = [w for ln in lines[start:end] for w in ln.words]
        gutters = [best_gutter(f, body_words, spans[i] if spans else None, column_edges)
                   for i, f in enumerate(free_after[end - start])]
        columns = layout_from_gutters([(c.field, c.header) for c in columns.columns], gutters, columns.columns[-1].x1)
    return end, columns
