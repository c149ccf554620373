"""Render small, realistic IKI decree PDFs from truth fixtures, for tests.

A :class:`DecreeSpec` is the truth. :func:`render_decree` prints it with reportlab in one of three table
styles (``ruled``, ``borderless``, ``partial``); :func:`expected_rows` and :func:`expected_decree` say what a
perfect extractor returns from that print; :func:`rasterize_pdf` turns a rendered PDF into an image-only
"scan" for OCR tests. Everything is generated at test time: no corpus file is needed.

Page breaks: an indicator table is an :class:`IndicatorTable` flowable that decides its own break, as a word
processor does: the row straddling the page end is cut by lines (the rest of the row continues on the next
page) when one line fits, else the break falls between rows; a merged sasaran (SPAN) containing the break is
cut with it, its text printed in the first part (ruled, partial) or in the larger part (borderless, where it
is vertically centred); the header row is repeated on the next page. Each part is an ordinary reportlab
Table. (reportlab's own Table split cannot cut a SPAN at a row boundary and then falls back to a split right
under the header, leaving a header-only stub.)
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

TableStyleName = Literal["ruled", "borderless", "partial"]
STYLES: tuple[TableStyleName, ...] = ("ruled", "borderless", "partial")

DEFAULT_HEADER: tuple[str, ...] = (
    "KINERJA UTAMA",
    "INDIKATOR KINERJA UTAMA",
    "FORMULASI PERHITUNGAN/PENJELASAN",
    "SUMBER DATA",
)

INDONESIAN_MONTHS: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

# Share of the table width per logical column (sasaran, indikator, formulasi, sumber data), and the NO column.
_COLUMN_SHARES: tuple[float, ...] = (0.23, 0.24, 0.32, 0.21)
_NO_COLUMN_SHARE = 0.06
_FONTS: dict[str, tuple[str, str]] = {
    "ruled": ("Times-Roman", "Times-Bold"),
    "borderless": ("Helvetica", "Helvetica-Bold"),
    "partial": ("Helvetica", "Helvetica-Bold"),
}
_RULE = (0.6, colors.black)


@dataclass(frozen=True)
class IndicatorRow:
    """One logical indicator row as a perfect extractor returns it (sasaran filled down)."""

    sasaran: str
    indikator: str
    formulasi: str
    sumber_data: str

    def as_tuple(self) -> tuple[str, str, str, str]:
        """The row as (sasaran, indikator, formulasi, sumber_data)."""
        return (self.sasaran, self.indikator, self.formulasi, self.sumber_data)


@dataclass(frozen=True)
class PositionSpec:
    """One position block: jabatan, tugas, fungsi and its indicator table (``rows=()``: no table printed)."""

    jabatan: str
    tugas: tuple[str, ...]
    fungsi: tuple[str, ...]
    rows: tuple[IndicatorRow, ...]
    header: tuple[str, ...] = DEFAULT_HEADER
    numbered_row: bool = True
    no_column: bool = False

    def __post_init__(self) -> None:
        if len(self.header) != 4:
            raise ValueError(f"header needs the 4 logical columns, got {self.header!r}")
        if len(self.fungsi) > len(string.ascii_lowercase):
            raise ValueError("at most 26 fungsi items (lettered a. to z.)")


@dataclass(frozen=True)
class DecreeSpec:
    """The truth for one decree: front matter metadata, signatory and position blocks."""

    letterhead: tuple[str, ...]
    title_lines: tuple[str, ...]
    unit_type: str
    unit_name: str
    region: str | None
    decree_number: str | None
    place: str
    decree_date: dt.date
    signatory_title: str
    signatory_name: str
    signatory_rank: str
    signatory_nip: str
    positions: tuple[PositionSpec, ...]
    front_matter: bool = True

    def __post_init__(self) -> None:
        if len(nip_digits(self.signatory_nip)) != 18:
            raise ValueError(f"a NIP has 18 digits: {self.signatory_nip!r}")


# ---------------------------------------------------------------------------------------------------------
# Truth: what a perfect extractor returns
# ---------------------------------------------------------------------------------------------------------


def nip_digits(nip: str) -> str:
    """The NIP with its printing spaces removed (digits only)."""
    return "".join(ch for ch in nip if ch.isdigit())


def format_date_id(date: dt.date) -> str:
    """A date as printed in a decree: ``1 April 2024``."""
    return f"{date.day} {INDONESIAN_MONTHS[date.month - 1]} {date.year}"


def expected_rows(spec: DecreeSpec) -> list[list[tuple[str, str, str, str]]]:
    """Per position index, the (sasaran, indikator, formulasi, sumber_data) rows, sasaran filled down."""
    return [[row.as_tuple() for row in position.rows] for position in spec.positions]


def expected_decree(spec: DecreeSpec) -> dict[str, Any]:
    """The decree-level metadata a perfect extractor returns (NIP as digits only)."""
    return {
        "unit_type": spec.unit_type,
        "unit_name": spec.unit_name,
        "region": spec.region,
        "decree_number": spec.decree_number,
        "decree_date": spec.decree_date,
        "year": spec.decree_date.year,
        "signatory_name": spec.signatory_name,
        "signatory_nip": nip_digits(spec.signatory_nip),
    }


def sasaran_groups(rows: Sequence[IndicatorRow]) -> list[range]:
    """Runs of consecutive rows sharing one sasaran: each run is printed as one merged cell."""
    groups: list[range] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].sasaran != rows[start].sasaran:
            groups.append(range(start, index))
            start = index
    return groups


# ---------------------------------------------------------------------------------------------------------
# Paragraph styles and cells
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    """The paragraph styles one rendering uses."""

    body: ParagraphStyle
    justified: ParagraphStyle
    centred_bold: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    next_paragraph_cell: ParagraphStyle
    header_cell: ParagraphStyle
    number_cell: ParagraphStyle
    list_item: ParagraphStyle


def _fonts_for(style: TableStyleName, paragraph_gap: float) -> _Fonts:
    """Paragraph styles for one table style (Times for ruled, Helvetica otherwise: both Tesseract-friendly);
    ``paragraph_gap`` points separate the paragraphs of one table cell."""
    regular, bold = _FONTS[style]
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=12.5, alignment=TA_LEFT)
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=11.5)
    return _Fonts(
        body=body,
        justified=ParagraphStyle("justified", parent=body, alignment=TA_JUSTIFY),
        centred_bold=ParagraphStyle("centred_bold", parent=body, fontName=bold, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, leading=15,
                               alignment=TA_CENTER),
        cell=cell,
        next_paragraph_cell=ParagraphStyle("next_paragraph_cell", parent=cell, spaceBefore=paragraph_gap),
        header_cell=ParagraphStyle("header_cell", parent=cell, fontName=bold, fontSize=9, leading=11,
                                   alignment=TA_CENTER),
        number_cell=ParagraphStyle("number_cell", parent=cell, alignment=TA_CENTER),
        list_item=ParagraphStyle("list_item", parent=body, alignment=TA_JUSTIFY, leftIndent=16,
                                 bulletIndent=0, bulletFontName=regular),
    )


def _para(text: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
    """A Paragraph holding plain text (markup characters escaped)."""
    return Paragraph(escape(text), style, **kwargs)


def _cell(text: str, fonts: _Fonts) -> tuple[Flowable, ...]:
    """A table cell: one Paragraph per ``\\n``-separated paragraph of ``text`` (none for ""), the paragraphs
    after the first set off by the paragraph gap."""
    paragraphs = text.split("\n") if text else []
    return tuple(_para(paragraph, fonts.cell if index == 0 else fonts.next_paragraph_cell)
                 for index, paragraph in enumerate(paragraphs))


# ---------------------------------------------------------------------------------------------------------
# The indicator table
# ---------------------------------------------------------------------------------------------------------

Cell = tuple[Flowable, ...]


@dataclass(frozen=True)
class PrintedRow:
    """One printed table row: its sasaran group, the merged NO/sasaran content it carries, and its cells.

    Within one printed part of a table, the merged content of a group is carried by the group's first row
    there (the other rows lie under the SPAN and print nothing in those columns).
    """

    index: int
    group: int
    number: str
    sasaran: Cell
    cells: tuple[Cell, Cell, Cell]
    continued: bool = False  # the tail of a row cut by a page break


@dataclass(frozen=True)
class TableLayout:
    """What every printed part of one indicator table shares: position, style, column widths and fonts."""

    position_index: int
    position: PositionSpec
    style: TableStyleName
    col_widths: tuple[float, ...]
    fonts: _Fonts

    @property
    def padding(self) -> tuple[float, float, float, float]:
        """Cell padding (top, bottom, left, right): borderless tables space their rows a little more."""
        top = 5.0 if self.style == "borderless" else 3.0
        return (top, top + 1.0, 4.0, 4.0)


def _column_widths(available_width: float, no_column: bool) -> tuple[float, ...]:
    """Column widths filling ``available_width``, with the optional leading NO column."""
    scale = 1 - (_NO_COLUMN_SHARE if no_column else 0)
    shares = ([_NO_COLUMN_SHARE] if no_column else []) + [share * scale for share in _COLUMN_SHARES]
    return tuple(available_width * share for share in shares)


def printed_rows(position: PositionSpec, fonts: _Fonts) -> list[PrintedRow]:
    """The rows of a position's table, each group's NO and sasaran carried by its first row."""
    rows: list[PrintedRow] = []
    for number, group in enumerate(sasaran_groups(position.rows), start=1):
        for index in group:
            row = position.rows[index]
            first = index == group.start
            rows.append(PrintedRow(
                index=index,
                group=number - 1,
                number=str(number) if first else "",
                sasaran=_cell(row.sasaran, fonts) if first else (),
                cells=(_cell(row.indikator, fonts), _cell(row.formulasi, fonts), _cell(row.sumber_data, fonts)),
            ))
    return rows


def _header_rows(position: PositionSpec, fonts: _Fonts, continuation: bool) -> list[list[Any]]:
    """The header row, and under it on the first part only the numbered row ``1 2 3 4`` if printed."""
    labels = (("NO",) if position.no_column else ()) + position.header
    rows: list[list[Any]] = [[_para(label, fonts.header_cell) for label in labels]]
    if position.numbered_row and not continuation:
        rows.append([_para(str(number), fonts.number_cell) for number in range(1, len(labels) + 1)])
    return rows


def _table_row(layout: TableLayout, row: PrintedRow) -> list[Any]:
    """The reportlab cell values of one printed row ("" for an empty cell)."""
    values: list[Any] = [list(row.sasaran) or ""] + [list(cell) or "" for cell in row.cells]
    if layout.position.no_column:
        values.insert(0, _para(row.number, layout.fonts.number_cell) if row.number else "")
    return values


def _span_commands(layout: TableLayout, rows: Sequence[PrintedRow], first_body_row: int) -> list[tuple[Any, ...]]:
    """SPAN commands merging the NO and sasaran cells of each run of rows of one group."""
    merged_columns = [0, 1] if layout.position.no_column else [0]
    commands: list[tuple[Any, ...]] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].group != rows[start].group:
            top, bottom = first_body_row + start, first_body_row + index - 1
            if bottom > top:
                commands += [("SPAN", (column, top), (column, bottom)) for column in merged_columns]
            start = index
    return commands


def _line_commands(style: TableStyleName) -> list[tuple[Any, ...]]:
    """Ruling for one style: every cell boxed, outer box plus header rule, or nothing at all."""
    width, colour = _RULE
    if style == "ruled":
        return [("GRID", (0, 0), (-1, -1), width, colour)]
    if style == "partial":
        return [("BOX", (0, 0), (-1, -1), width, colour), ("LINEBELOW", (0, 0), (-1, 0), width, colour)]
    return []


def _alignment_commands(layout: TableLayout, header_row_count: int) -> list[tuple[Any, ...]]:
    """Vertical alignment and padding; borderless tables centre their merged cells vertically."""
    top, bottom, left, right = layout.padding
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_row_count - 1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
    ]
    if layout.position.no_column:
        commands.append(("VALIGN", (0, header_row_count), (0, -1), "MIDDLE"))
    if layout.style == "borderless":
        sasaran_column = 1 if layout.position.no_column else 0
        commands.append(("VALIGN", (sasaran_column, header_row_count), (sasaran_column, -1), "MIDDLE"))
    return commands


def build_table(layout: TableLayout, rows: Sequence[PrintedRow], continuation: bool) -> Table:
    """One printed part of an indicator table as a plain reportlab Table (header first)."""
    header = _header_rows(layout.position, layout.fonts, continuation)
    commands = (_alignment_commands(layout, len(header)) + _line_commands(layout.style)
                + _span_commands(layout, rows, len(header)))
    data = header + [_table_row(layout, row) for row in rows]
    return Table(data, colWidths=list(layout.col_widths), style=TableStyle(commands), hAlign="CENTER")


def split_cell(cell: Cell, width: float, height: float) -> tuple[Cell, Cell]:
    """Cut a cell's paragraphs at ``height``: the lines that fit, and the rest (a paragraph may be cut)."""
    head: list[Flowable] = []
    used = 0.0
    for index, flowable in enumerate(cell):
        _, flowable_height = flowable.wrap(width, height)
        gap = flowable.getSpaceBefore() if head else 0.0
        if used + gap + flowable_height <= height:
            head.append(flowable)
            used += gap + flowable_height
            continue
        pieces = flowable.split(width, height - used - gap)
        if len(pieces) == 2:
            return tuple(head) + (pieces[0],), (pieces[1],) + tuple(cell[index + 1:])
        return tuple(head), tuple(cell[index:])
    return tuple(head), ()


def cut_row(layout: TableLayout, row: PrintedRow, room: float) -> tuple[PrintedRow, PrintedRow] | None:
    """Cut a row by lines so its first part fits in ``room`` points, or None when no line (or all) fits."""
    top, bottom, left, right = layout.padding
    content_height = room - top - bottom
    if content_height <= 0:
        return None
    widths = layout.col_widths[-3:]
    pieces = [split_cell(cell, width - left - right, content_height) for cell, width in zip(row.cells, widths)]
    heads = tuple(head for head, _ in pieces)
    tails = tuple(tail for _, tail in pieces)
    if not any(heads) or not any(tails):
        return None
    head_row = replace(row, cells=(heads[0], heads[1], heads[2]))
    tail_row = PrintedRow(index=row.index, group=row.group, number="", sasaran=(),
                          cells=(tails[0], tails[1], tails[2]), continued=True)
    return head_row, tail_row


def _move_merged_content(head: list[PrintedRow], tail: list[PrintedRow]) -> tuple[list[PrintedRow], list[PrintedRow]]:
    """Move the cut group's NO/sasaran from its carrier row in ``head`` to the first row of ``tail``."""
    carrier = next(index for index, row in enumerate(head) if row.group == tail[0].group)
    carried = head[carrier]
    head = head[:carrier] + [replace(carried, number="", sasaran=())] + head[carrier + 1:]
    tail = [replace(tail[0], number=carried.number, sasaran=carried.sasaran)] + tail[1:]
    return head, tail


def _placements(style: TableStyleName, head: list[PrintedRow], tail: list[PrintedRow],
                head_share: float) -> list[tuple[list[PrintedRow], list[PrintedRow]]]:
    """Where the merged sasaran of a group cut by the break may go, best first.

    Ruled and partial tables print it at the top of the merged cell (first part); borderless tables centre it
    in the whole merged cell, so it lands in the larger part. Either way the other part is the fallback.
    """
    if not head or not tail or head[-1].group != tail[0].group:
        return [(head, tail)]
    carrier = next(row for row in head if row.group == tail[0].group)
    if not carrier.sasaran and not carrier.number:
        return [(head, tail)]
    moved = _move_merged_content(head, tail)
    if style == "borderless" and head_share < 0.5:
        return [moved, (head, tail)]
    return [(head, tail), moved]


class IndicatorTable(Flowable):
    """An indicator table that splits over pages as a word processor does.

    reportlab's own Table split never cuts a SPAN at a row boundary, and when the row straddling the page
    end cannot take one line it falls back to a split right under the header (leaving a header-only stub
    and a second header further down the same page). So this flowable decides the break itself: it cuts
    the straddling row by lines when a line fits, else breaks between rows; a merged sasaran group is cut
    with it; the header row (not the numbered row) is repeated on the continuation. Each part is drawn
    by an ordinary reportlab Table.
    """

    def __init__(self, layout: TableLayout, rows: Sequence[PrintedRow], continuation: bool = False) -> None:
        super().__init__()
        self.layout = layout
        self.rows = tuple(rows)
        self.continuation = continuation
        self._table = build_table(layout, self.rows, continuation)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Size of the whole part."""
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the part's Table at the flowable origin."""
        self._table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Two parts, the first fitting in ``availHeight``, or [] to move the whole table on."""
        self.wrap(availWidth, availHeight)
        heights = list(self._table._rowHeights)
        header_count = len(heights) - len(self.rows)
        used = sum(heights[:header_count])
        body_heights = heights[header_count:]
        fitting = 0
        while fitting < len(self.rows) and used + body_heights[fitting] <= availHeight:
            used += body_heights[fitting]
            fitting += 1
        for head, tail in self._candidates(fitting, availHeight - used, body_heights):
            first = IndicatorTable(self.layout, head, self.continuation)
            if first.wrap(availWidth, availHeight)[1] <= availHeight:
                return [first, IndicatorTable(self.layout, tail, continuation=True)]
        return []

    def _candidates(self, fitting: int, room: float,
                    body_heights: list[float]) -> Iterator[tuple[list[PrintedRow], list[PrintedRow]]]:
        """Possible (head, tail) splits, best first: cut the straddling row, else break between rows."""
        rows = list(self.rows)
        cut = cut_row(self.layout, rows[fitting], room) if fitting < len(rows) else None
        if cut is not None:
            head, tail = rows[:fitting] + [cut[0]], [cut[1]] + rows[fitting + 1:]
            share = self._head_share(rows, fitting, body_heights, room)
            yield from _placements(self.layout.style, head, tail, share)
        for boundary in range(fitting, 0, -1):
            share = self._head_share(rows, boundary, body_heights, 0.0)
            yield from _placements(self.layout.style, rows[:boundary], rows[boundary:], share)

    @staticmethod
    def _head_share(rows: list[PrintedRow], boundary: int, body_heights: list[float], cut_room: float) -> float:
        """Share of the cut group's height printed before the break (``cut_room`` of row ``boundary``)."""
        if boundary >= len(rows):
            return 1.0
        group = rows[boundary].group
        members = [index for index, row in enumerate(rows) if row.group == group]
        total = sum(body_heights[index] for index in members)
        before = sum(body_heights[index] for index in members if index < boundary) + cut_room
        return before / total if total else 1.0


def indicator_table(position_index: int, position: PositionSpec, style: TableStyleName,
                    available_width: float, fonts: _Fonts) -> IndicatorTable:
    """The indicator table of one position, splittable over pages."""
    widths = _column_widths(available_width, position.no_column)
    layout = TableLayout(position_index, position, style, widths, fonts)
    return IndicatorTable(layout, printed_rows(position, fonts))


# ---------------------------------------------------------------------------------------------------------
# Position blocks, front matter, signature
# ---------------------------------------------------------------------------------------------------------


def _lettered(items: Sequence[str], fonts: _Fonts) -> list[Flowable] | str:
    """A lettered list ``a. b. c.``, wrapped lines indented under the item text; ``-`` when empty."""
    if not items:
        return "-"
    return [
        _para(item, fonts.list_item, bulletText=f"{string.ascii_lowercase[index]}.")
        for index, item in enumerate(items)
    ]


def _numbered(items: Sequence[str], fonts: _Fonts) -> list[Flowable]:
    """A numbered list ``1. 2. 3.`` with hanging indent."""
    return [_para(item, fonts.list_item, bulletText=f"{index}.") for index, item in enumerate(items, 1)]


def _label_table(rows: list[list[Any]], available_width: float, fonts: _Fonts,
                 label_width: float = 2.2 * cm, numbered: bool = True) -> Table:
    """Borderless ``[number] label : value`` layout used for the position info and front matter."""
    number_width = 0.7 * cm if numbered else 0.0
    widths = [number_width, label_width, 0.45 * cm, available_width - number_width - label_width - 0.45 * cm]
    return Table(
        rows,
        colWidths=widths,
        hAlign="LEFT",
        splitByRow=0,
        splitInRow=1,
        style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), fonts.body.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), fonts.body.fontSize),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]),
    )


class PositionAnchor(Flowable):
    """A zero-size marker drawn where a position block starts, so the renderer can record its page."""

    def __init__(self, position_index: int) -> None:
        super().__init__()
        self.position_index = position_index
        self.width = self.height = 0

    def draw(self) -> None:
        """Nothing to draw."""


def position_block(position_index: int, position: PositionSpec, style: TableStyleName,
                   available_width: float, fonts: _Fonts) -> list[Flowable]:
    """Title, ``1. Jabatan``, ``2. Tugas``, ``3. Fungsi`` and the indicator table of one position."""
    tugas: list[Flowable] | str = [_para(text, fonts.justified) for text in position.tugas] or "-"
    info = _label_table(
        [
            ["1.", "Jabatan", ":", Paragraph(f"<b>{escape(position.jabatan)}</b>", fonts.body)],
            ["2.", "Tugas", ":", tugas],
            ["3.", "Fungsi", ":", _lettered(position.fungsi, fonts)],
        ],
        available_width,
        fonts,
    )
    heading = _para("INDIKATOR KINERJA INDIVIDU", fonts.heading)
    anchor = PositionAnchor(position_index)
    block: list[Flowable] = [KeepTogether([anchor, heading, Spacer(1, 8), info]), Spacer(1, 8)]
    if position.rows:
        block.append(indicator_table(position_index, position, style, available_width, fonts))
    block.append(Spacer(1, 18))
    return block


def signature_block(spec: DecreeSpec, available_width: float, fonts: _Fonts) -> Flowable:
    """Place, date, title, name, rank and NIP, left-aligned in the right half of the page."""
    lines = [
        _para(f"Ditetapkan di {spec.place}", fonts.body),
        _para(f"Pada tanggal : {format_date_id(spec.decree_date)}", fonts.body),
        _para(f"{spec.signatory_title},", fonts.body),
        Spacer(1, 42),
        Paragraph(f"<b><u>{escape(spec.signatory_name)}</u></b>", fonts.body),
        _para(spec.signatory_rank, fonts.body),
        _para(f"NIP. {spec.signatory_nip}", fonts.body),
    ]
    half = available_width / 2
    table = Table([["", lines]], colWidths=[half, half], hAlign="LEFT",
                  style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 12), table])


def _letterhead(spec: DecreeSpec, fonts: _Fonts) -> list[Flowable]:
    """Centred letterhead lines (the last one, the address, in regular type) and a rule under them."""
    flowables: list[Flowable] = []
    for index, line in enumerate(spec.letterhead):
        is_address = index == len(spec.letterhead) - 1 and len(spec.letterhead) > 1
        flowables.append(_para(line, ParagraphStyle("lh", parent=fonts.body, alignment=TA_CENTER,
                                                    fontSize=10 if is_address else 13, leading=16,
                                                    fontName=fonts.body.fontName if is_address
                                                    else fonts.centred_bold.fontName)))
    flowables.append(HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceBefore=4, spaceAfter=10))
    return flowables


def _considerations(spec: DecreeSpec) -> tuple[list[str], list[str]]:
    """Invented *Menimbang* and *Mengingat* items for the front page."""
    unit = spec.unit_name
    menimbang = [
        (f"bahwa dalam rangka mengukur keberhasilan pelaksanaan tugas dan fungsi setiap pegawai di lingkungan "
        f"{unit}, perlu ditetapkan Indikator Kinerja Individu;"),
        (f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan "
        f"{spec.signatory_title.title()} tentang Indikator Kinerja Individu;"),
    ]
    mengingat = [
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
        "Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;",
        "Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil;",
        (f"Peraturan Bupati Contoh Nomor 41 Tahun 2021 tentang Kedudukan, Susunan Organisasi, Tugas dan "
        f"Fungsi serta Tata Kerja {unit};"),
    ]
    return menimbang, mengingat


def front_matter(spec: DecreeSpec, available_width: float, fonts: _Fonts) -> list[Flowable]:
    """Letterhead, title, Menimbang/Mengingat, MEMUTUSKAN with its dictum, and the signature."""
    flowables = _letterhead(spec, fonts)
    flowables += [_para(line, fonts.centred_bold) for line in spec.title_lines]
    flowables += [Spacer(1, 8), _para(f"{spec.signatory_title},", fonts.centred_bold), Spacer(1, 8)]
    menimbang, mengingat = _considerations(spec)
    flowables.append(_label_table(
        [["", "Menimbang", ":", _lettered(menimbang, fonts)],
         ["", "Mengingat", ":", _numbered(mengingat, fonts)]],
        available_width, fonts, label_width=2.4 * cm, numbered=False,
    ))
    flowables += [Spacer(1, 6), _para("MEMUTUSKAN :", fonts.centred_bold), Spacer(1, 6)]
    subject = " ".join(spec.title_lines[:1] + spec.title_lines[2:]).upper()
    dictum = [
        ["", "Menetapkan", ":", _para(subject + ".", fonts.justified)],
        ["", "KESATU", ":", _para("Indikator Kinerja Individu sebagaimana tercantum dalam Lampiran yang "
                                  "merupakan bagian tidak terpisahkan dari Keputusan ini.", fonts.justified)],
        ["", "KEDUA", ":", _para("Indikator Kinerja Individu sebagaimana dimaksud pada Diktum KESATU menjadi "
                                 "acuan penyusunan Sasaran Kinerja Pegawai.", fonts.justified)],
        ["", "KETIGA", ":", _para("Keputusan ini mulai berlaku pada tanggal ditetapkan.", fonts.justified)],
    ]
    flowables.append(_label_table(dictum, available_width, fonts, label_width=2.4 * cm, numbered=False))
    flowables.append(signature_block(spec, available_width, fonts))
    return flowables


def lampiran_heading(spec: DecreeSpec, available_width: float, fonts: _Fonts) -> Flowable:
    """The ``LAMPIRAN / NOMOR / TANGGAL`` box at the top right of the first annex page."""
    rows = [
        ["LAMPIRAN", ":", _para(f"KEPUTUSAN {spec.signatory_title}", fonts.body)],
        ["NOMOR", ":", _para(spec.decree_number or "-", fonts.body)],
        ["TANGGAL", ":", _para(format_date_id(spec.decree_date), fonts.body)],
    ]
    half = available_width / 2
    table = Table(rows, colWidths=[2.2 * cm, 0.4 * cm, half - 2.6 * cm], hAlign="RIGHT",
                  style=TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.body.fontName),
                                    ("FONTSIZE", (0, 0), (-1, -1), fonts.body.fontSize),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


# ---------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------


def _page_number_painter(font_name: str) -> Any:
    """An onPage callback printing ``- n -`` centred at the bottom of every page but the first."""

    def paint(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if doc.page > 1:
            canvas.setFont(font_name, 9)
            canvas.drawCentredString(doc.pagesize[0] / 2, 1.1 * cm, f"- {doc.page} -")

    return paint


def decree_story(spec: DecreeSpec, style: TableStyleName, available_width: float,
                 paragraph_gap: float = 3.0) -> list[Flowable]:
    """All flowables of one decree: front matter (or title lines), annex heading, positions, signature."""
    fonts = _fonts_for(style, paragraph_gap)
    if spec.front_matter:
        story = front_matter(spec, available_width, fonts) + [PageBreak()]
        if spec.decree_number:
            story += [lampiran_heading(spec, available_width, fonts), Spacer(1, 14)]
    else:
        story = [_para(line, fonts.heading) for line in spec.title_lines] + [Spacer(1, 14)]
    for position_index, position in enumerate(spec.positions):
        story += position_block(position_index, position, style, available_width, fonts)
    story.append(signature_block(spec, available_width, fonts))
    return story


@dataclass(frozen=True)
class PrintedPart:
    """One part of an indicator table as printed on one page (pages are 1-based)."""

    position_index: int
    page: int
    row_indices: tuple[int, ...]
    starts_with_continued_row: bool


@dataclass(frozen=True)
class RenderedDecree:
    """A rendered decree PDF and where its positions and rows were printed (1-based page numbers)."""

    path: Path
    page_count: int
    position_first_pages: tuple[int, ...]
    table_parts: tuple[PrintedPart, ...]

    def row_pages(self, position_index: int) -> list[int]:
        """Per row of a position, the page where the row starts."""
        starts = {row: part.page for part in reversed(self.table_parts) if part.position_index == position_index
                  for row in part.row_indices}
        return [starts[row] for row in sorted(starts)]

    def position_pages(self, position_index: int) -> tuple[int, int]:
        """First and last page of a position block (its table included)."""
        pages = [self.position_first_pages[position_index]] + [
            part.page for part in self.table_parts if part.position_index == position_index]
        return min(pages), max(pages)

    def cut_rows(self, position_index: int) -> list[int]:
        """Rows of a position cut by a page break (their text continues on the next page)."""
        return [part.row_indices[0] for part in self.table_parts
                if part.position_index == position_index and part.starts_with_continued_row]

    def cut_groups(self, position_index: int, spec: DecreeSpec) -> list[range]:
        """Sasaran groups of a position whose rows are printed on more than one page."""
        pages = self.row_pages(position_index)
        cut_rows = set(self.cut_rows(position_index))
        return [group for group in sasaran_groups(spec.positions[position_index].rows)
                if len({pages[row] for row in group}) > 1 or cut_rows & set(group[:-1])]


RenderDecree = Callable[..., RenderedDecree]
"""The type of the ``render_decree_pdf`` fixture (see conftest)."""


class _RecordingDocTemplate(SimpleDocTemplate):
    """A SimpleDocTemplate that records the page of every position anchor and indicator-table part."""

    def __init__(self, filename: str, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self.anchor_pages: dict[int, int] = {}
        self.printed_parts: list[PrintedPart] = []

    def afterFlowable(self, flowable: Flowable) -> None:
        """Record where position anchors and table parts landed."""
        if isinstance(flowable, PositionAnchor):
            self.anchor_pages.setdefault(flowable.position_index, self.page)
        elif isinstance(flowable, IndicatorTable):
            self.printed_parts.append(PrintedPart(
                position_index=flowable.layout.position_index,
                page=self.page,
                row_indices=tuple(dict.fromkeys(row.index for row in flowable.rows)),
                starts_with_continued_row=bool(flowable.rows) and flowable.rows[0].continued,
            ))


def render_decree(spec: DecreeSpec, path: Path | str, style: TableStyleName, *,
                  landscape_page: bool = False, paragraph_gap: float = 3.0) -> RenderedDecree:
    """Print ``spec`` to an A4 PDF at ``path`` with tables in ``style`` (byte-identical on every run).

    ``paragraph_gap``: extra points before the 2nd, 3rd ... paragraph of a table cell, as the corpus decrees
    print them; 0 prints them flush (the next paragraph is then told only by the short line before it).
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pagesize = landscape(A4) if landscape_page else portrait(A4)
    doc = _RecordingDocTemplate(
        str(path), pagesize=pagesize,
        leftMargin=2.5 * cm, rightMargin=2.0 * cm, topMargin=2.0 * cm, bottomMargin=2.0 * cm,
        title=" ".join(spec.title_lines), author=spec.unit_name, invariant=1,
    )
    painter = _page_number_painter(_FONTS[style][0])
    doc.build(decree_story(spec, style, doc.width, paragraph_gap), onFirstPage=painter, onLaterPages=painter)
    return RenderedDecree(
        path=path,
        page_count=doc.page,
        position_first_pages=tuple(doc.anchor_pages[index] for index in range(len(spec.positions))),
        table_parts=tuple(doc.printed_parts),
    )


def _degrade(image: Image.Image, angle: float, noise: float, rng: np.random.Generator) -> Image.Image:
    """Rotate a grey page image by ``angle`` degrees and add gaussian noise of ``noise`` x full scale."""
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if noise:
        pixels = np.asarray(image, dtype=np.float32)
        pixels += rng.normal(0.0, noise * 255.0, size=pixels.shape).astype(np.float32)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    return image


def rasterize_pdf(pdf_path: Path | str, out_pdf_path: Path | str, dpi: int = 150, angle: float = 0.0,
                  noise: float = 0.0, seed: int = 0, quarter_turns: int = 0) -> Path:
    """Write an image-only copy of ``pdf_path`` (no text layer): each page rendered at ``dpi``, optionally
    rotated by ``angle`` degrees (counter-clockwise) and with gaussian noise (std = ``noise`` x 255), then
    turned by ``quarter_turns`` x 90 degrees counter-clockwise (a page fed sideways or upside down)."""
    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [
            _degrade(page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L"), angle, noise, rng)
            .rotate(90 * quarter_turns, expand=True)
            for page in document
        ]
    finally:
        document.close()
    out_path = Path(out_pdf_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out_path, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out_path
