"""Page contents in reading order -> positions (Jabatan, Tugas, Fungsi) each with its indicator rows.

This is where tables are stitched across page breaks: a fragment that opens a page right after a fragment that
closed the previous one continues that table; its first row may finish a row, or a merged sasaran cell, that the
break cut in two.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.cell_text import is_known_cut
from extract.list_marks import LIST_MARKER, SENTENCE_END
from extract.page_tables import PageContent, TableFragment
from extract.section_lines import LAMPIRAN_LINE, TITLE_LINE, label_of
from extract.table_rows import TableRow
from extract.text_lines import Line

FUNGSI_ITEM = re.compile(r"^([a-zA-Z]{1,2})\s*[.)]\s+(.*)$")
BARE_LETTER_ITEM = re.compile(r"^([a-z])\s+([A-Z].*)$")  # OCR lost the dot: "b Pengelolaan ..."
BULLET_ITEM = re.compile(rf"^{LIST_MARKER}\s+(.*)$")
OPENING_WORD = re.compile(r"(meng|meny|mem|men|me|peng|peny|pem|pen|pe)[a-z]{4,}\b")
CONTINUES = re.compile(r"([,\-/(&]|\b(dan|di|yang|serta|melalui|untuk|dalam|pada|dengan|atau|ke|dari|bagi))$",
                       re.IGNORECASE)


@dataclass
class IndicatorRow:
    """A finished row: the four cells as printed (sasaran filled down), where it came from."""

    cells: list[str]
    page: int
    method: str
    conf: float
    group: tuple[int, int] = (0, -1)  # (page, sasaran cell) it took its sasaran from
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, top, x1, bottom on ``page`` (points)
    extra: dict[str, str] = field(default_factory=dict)  # printed header -> text of the columns beyond the four
    strategy: str = ""  # how its table's rows were found on ``page``: "ruled" or "aligned" (TableFragment.strategy)
    stitched: bool = False  # the first row after a page break finished it: its cells are joined across the break
    # where a stitched row goes on: (page, box) of the part after the (last) page break, for the report's crops
    continued: tuple[int, tuple[float, float, float, float]] | None = None


@dataclass
class Position:
    """One job position block of the decree."""

    jabatan: str
    page_start: int
    page_end: int
    tugas: list[str] = field(default_factory=list)
    fungsi: list[str] = field(default_factory=list)
    rows: list[IndicatorRow] = field(default_factory=list)
    header_text: str = ""
    table_columns: list[str] = field(default_factory=list)  # the table's printed headers, left to right
    table_fields: set[str] = field(default_factory=set)  # the fields its table prints a column for


@dataclass
class DecreeBody:
    """Everything read from a decree's pages: the lines outside tables and the positions."""

    text_lines: list[str]
    positions: list[Position]
    fragments: int = 0
    stitched_rows: int = 0


class _Parser:
    """A small state machine over lines and fragments; one instance per document."""

    def __init__(self) -> None:
        self.body = DecreeBody([], [])
        self.mode: str | None = None
        self.pending: list[str] = []  # labels printed apart from their values, waiting for ": value" lines
        self.value_x: float | None = None
        self.open_fragment: TableFragment | None = None
        self.awaiting: list[IndicatorRow] = []  # rows whose sasaran is printed on the next page
        self.last_letter = ""  # marker of the last Fungsi item read
        self.markerless = False  # the Fungsi list is printed (or OCRed) without item markers
        self.after_title = False  # the last line read was an "INDIKATOR KINERJA INDIVIDU" title
        self.previous_line: Line | None = None  # the last line of the list being read (for hard line breaks)
        self.right_edge: float | None = None  # where the body text of the current page ends on the right

    @property
    def current(self) -> Position | None:
        return self.body.positions[-1] if self.body.positions else None

    def feed_line(self, line: Line, page_no: int, right_edge: float | None = None) -> None:
        self.right_edge = right_edge
        text = line.text.strip()
        self.body.text_lines.append(text)
        if LAMPIRAN_LINE.match(text) and self.mode in ("tugas", "fungsi"):
            return  # a repeated LAMPIRAN block atop a page does not end a list running over the break
        self.open_fragment = None
        self._settle_awaiting()
        label = label_of(text) or self._bare_label(text)
        self.after_title = False
        if label:
            self._label(label[0], label[1], line, page_no)
            return
        if TITLE_LINE.match(text):
            self.mode = None
            self.after_title = True
            return
        if text.startswith(":") and self.pending:
            self._label(self.pending[0], text.lstrip(":").strip(), line, page_no)
            return
        if self.mode is None or self.current is None:
            return
        if self.value_x is not None and line.x0 < self.value_x - 12:
            self.mode = None  # outdented: the block is over
            return
        self.current.page_end = page_no
        self._continue(text, ocr=line.conf < 1.0, line=line)
        self.previous_line = line

    def _label(self, label: str, value: str, line: Line, page_no: int) -> None:
        self.value_x = _value_x(line)
        self.last_letter = ""
        self.markerless = False
        pos = self.current
        awaited = pos is not None and not pos.jabatan and not pos.rows and "jabatan" in self.pending
        if label == "jabatan" and not awaited:  # a new position (unless this is its value, printed apart)
            self.pending = []
            self.body.positions.append(Position("", page_no, page_no))
        elif pos is None:
            self.body.positions.append(Position("", page_no, page_no))
        pos = self.current
        assert pos is not None
        pos.page_end = page_no
        self.mode = label
        if not value:
            if label not in self.pending:
                self.pending.append(label)  # its value is printed apart, on a later ": value" line
            return
        self.pending = [p for p in self.pending if p != label]
        self._continue(value)
        self.previous_line = line

    def _continue(self, text: str, ocr: bool = False, line: Line | None = None) -> None:
        pos = self.current
        assert pos is not None
        if self.mode == "jabatan":
            pos.jabatan = _join(pos.jabatan, text)
        elif self.mode == "tugas":
            item = BULLET_ITEM.match(text)
            if item or not pos.tugas:
                pos.tugas.append(item.group(1) if item else text)
            else:
                pos.tugas[-1] = _join(pos.tugas[-1], text)
        elif self.mode == "fungsi":
            item = FUNGSI_ITEM.match(text) or self._bare_letter_item(text)
            if text in ("-", "–"):
                return
            if item:
                self.last_letter = item.group(1).lower()
                pos.fungsi.append(item.group(2))
            elif pos.fungsi and not self._next_fungsi_item(pos.fungsi[-1], text, ocr, line):
                pos.fungsi[-1] = _join(pos.fungsi[-1], text)
            else:
                # no marker at all (OCR lost "a." "b."): an item starts with a capital, wrapped lines do not
                self.markerless = self.markerless or not pos.fungsi
                pos.fungsi.append(text)

    def _next_fungsi_item(self, item: str, text: str, ocr: bool, line: Line | None) -> bool:
        """Whether a line without a marker starts the next Fungsi item rather than continuing ``item``: a capital
        after a closed item or after a line ended on purpose (hard line break; OCR may drop the ';' too), or
        anywhere in a list known to have no markers; in lower case, a closed item that was ended on purpose or
        whose next line opens the way it did."""
        ended = _item_ended(item, ocr)
        if text[:1].isupper():
            return self.markerless or ended or self._hard_break(line)
        return ended and (self._hard_break(line) or _parallel_opening(item, text))

    def _hard_break(self, line: Line | None) -> bool:
        """Whether the previous line was ended on purpose: ``line``'s first word would have fitted after it."""
        previous, right = self.previous_line, self.right_edge
        if line is None or previous is None or right is None or not line.words:
            return False
        first = line.words[0]
        space = 0.3 * max(first.bottom - first.top, 1.0)
        return previous.x1 + space + (first.x1 - first.x0) < right - space

    def _bare_label(self, text: str) -> tuple[str, str] | None:
        """A label without number and colon (OCR lost them): Jabatan where positions are expected, Tugas/Fungsi
        inside a fresh position."""
        label = label_of(text, bare=True)
        if label is None:
            return None
        if label[0] == "jabatan":  # right after a page title, or once the position blocks have begun
            return label if self.after_title or self.body.positions else None
        pos = self.current
        return label if pos is not None and not pos.rows and self.mode in ("jabatan", "tugas") else None

    def _bare_letter_item(self, text: str) -> re.Match[str] | None:
        """An item whose marker lost its dot, accepted only as the next letter of the list (or the same one
        again). The last marker may be two letters ("aa." after "z.", or OCR's "cc." for "c."): its last letter
        counts; a marker that is no letter a-z expects none."""
        m = BARE_LETTER_ITEM.match(text)
        if m is None:
            return None
        last = self.last_letter[-1:]
        if not last:
            accepted = {"a"}
        elif "a" <= last <= "y":
            accepted = {last, chr(ord(last) + 1)}
        else:
            accepted = {last}
        return m if m.group(1) in accepted else None

    def feed_fragment(self, fragment: TableFragment, method: str) -> None:
        self.mode = None
        self.pending = []
        self.body.fragments += 1
        if self.current is None:
            self.body.positions.append(Position("", fragment.page_no, fragment.page_no))
        pos = self.current
        assert pos is not None
        pos.page_end = fragment.page_no
        pos.header_text = pos.header_text or fragment.header_text
        if not pos.table_columns and fragment.header_text:
            pos.table_columns = [c.header for c in fragment.columns.columns if c.header]
        pos.table_fields |= {c.field for c in fragment.columns.columns if c.field}
        continues = (self.open_fragment is not None and fragment.page_no == self.open_fragment.page_no + 1
                     and bool(pos.rows))
        if not continues:
            self._settle_awaiting()
        rows = list(fragment.rows)
        override: dict[int, str] = {}
        if continues and rows:
            merged, override = self._stitch(pos, rows[0], fragment)
            if merged:
                if rows[0].group < 0 and not rows[0].sasaran:
                    # the cut row's rest is under no sasaran printed on this page: the rows waiting since the
                    # break are of the group above them, not of the next sasaran printed here
                    self._settle_awaiting()
                rows = rows[1:]
                self.body.stitched_rows += 1
        last_printed = max((i for i, r in enumerate(rows) if r.group >= 0), default=-1)
        for i, row in enumerate(rows):
            cells = list(row.cells())
            group = (fragment.page_no, row.group)
            box = (fragment.columns.columns[0].x0, row.top, fragment.columns.columns[-1].x1, row.bottom)
            new = IndicatorRow(cells, fragment.page_no, method, row.conf, group, box, dict(row.extra),
                               fragment.strategy)
            if row.group in override:
                cells[0] = override[row.group]
            elif not cells[0] and fragment.ends_page and 0 <= last_printed < i and fragment.strategy == "aligned":
                # below the last (centred) sasaran of the page: its sasaran is printed on the next page
                new.group = (fragment.page_no, -2)
                self.awaiting.append(new)
            elif not cells[0] and pos.rows:
                self._settle_awaiting()  # no sasaran of its own: the waiting rows are of the same group
                cells[0] = pos.rows[-1].cells[0]
                new.group = pos.rows[-1].group
            if cells[0] and self.awaiting and row.group >= 0:
                for waiting in self.awaiting:  # the centred sasaran printed after the break names them too
                    waiting.cells[0] = cells[0]
                    waiting.group = group
                self.awaiting = []
            pos.rows.append(new)
        self.open_fragment = fragment if fragment.ends_page else None

    def _settle_awaiting(self) -> None:
        """No sasaran came after the break for the rows waiting for one: fill them down as usual."""
        pos = self.current
        if pos is not None:
            for waiting in self.awaiting:
                index = pos.rows.index(waiting)
                if index > 0 and not waiting.cells[0]:
                    waiting.cells[0] = pos.rows[index - 1].cells[0]
                    waiting.group = pos.rows[index - 1].group
        self.awaiting = []

    def _stitch(self, pos: Position, first: TableRow, fragment: TableFragment) -> tuple[bool, dict[int, str]]:
        """Finish what the page break cut: (``first`` merged into the previous row?, sasaran to use per cell)."""
        prev = pos.rows[-1]
        pairs = list(zip(prev.cells[1:], first.cells()[1:]))
        cut_row = (not first.indikator or first.indikator[:1].islower()
                   or any(_continues(head, tail) for head, tail in pairs if head and tail)
                   or _finishes_cut_cells(pairs))
        override: dict[int, str] = {}
        # the sasaran text atop the page finishes the previous one when it reads on from it, or when a ruled
        # grid ties it to the cut row's own cell (a centred borderless block may be the next group's)
        continued = _continues(prev.cells[0], first.sasaran) or (cut_row and fragment.columns.ruled)
        if first.sasaran and (continued or not prev.cells[0]):
            whole = _join(prev.cells[0], first.sasaran)
            old_group = prev.group
            for row in pos.rows:
                if row.group == old_group:
                    row.cells[0] = whole
                    row.group = (fragment.page_no, first.group)
            override[first.group] = whole
        if not cut_row:
            return False, override
        for i, text in enumerate(first.cells()[1:], start=1):
            if text:
                prev.cells[i] = _join(prev.cells[i], text)
        for header, text in first.extra:
            if text:
                prev.extra[header] = _join(prev.extra.get(header, ""), text)
        prev.conf = min(prev.conf, first.conf)
        prev.stitched = True
        prev.continued = (fragment.page_no, (fragment.columns.columns[0].x0, first.top,
                                             fragment.columns.columns[-1].x1, first.bottom))
        return True, override


def _value_x(line: Line) -> float | None:
    """x of the first word after the label's colon (where values and wrapped lines start)."""
    seen_colon = False
    for w in line.words:
        if seen_colon:
            return w.x0
        if w.text.endswith(":"):
            seen_colon = True
    return None


def _join(head: str, tail: str) -> str:
    """A cell's text before a page break and after it: a word hyphenated there, or cut without a hyphen (a
    narrow cell's word on the page's last line), is joined back."""
    if not head:
        return tail
    if head.endswith("-") and tail[:1].isalpha():
        return head + tail
    heads, tails = head.split(), tail.split()
    if heads and tails and is_known_cut(heads[-1], tails[0].rstrip(".,;:")):
        return head + tail
    return f"{head} {tail}"


def _item_ended(item: str, ocr: bool) -> bool:
    """A list item closed by its terminator (";", or ":" and "," that OCR makes of it): a capitalised line after
    it starts the next item even when its marker was lost."""
    return item.rstrip().endswith((";", ":", ",") if ocr else (";",))


def _opening_class(text: str) -> str | None:
    """The affix class of an item's first word: list items of a Fungsi are parallel (menyelenggarakan, mengelola,
    merencanakan -> "me"; penyelenggaraan, pengelolaan -> "pe")."""
    match = OPENING_WORD.match(text.casefold())
    if match is None:
        return None
    return "me" if match.group(1).startswith("me") else "pe"


def _parallel_opening(item: str, text: str) -> bool:
    """A closed item followed by a lower-case line that opens the way the item did: the next item, even where the
    line is too long to tell by its end."""
    opening = _opening_class(text)
    return opening is not None and opening == _opening_class(item)


def _text_right_edge(page: PageContent) -> float | None:
    """Where body text ends on the right: the furthest right end of the page's text lines (tables excluded), the
    margin that wrapped lines reach; None on a page with too few lines to tell."""
    ends = [item.x1 for item in page.items if isinstance(item, Line) and item.words]
    return max(ends) if len(ends) >= 4 else None


def _finishes_cut_cells(pairs: list[tuple[str, str]]) -> bool:
    """The first row after a break leaves empty a cell the row before it filled, and what it does print follows
    a cell left without a closing stop: the rest of a cut row, not a row of its own."""
    leaves_empty = any(head and not tail for head, tail in pairs)
    printed = [(head, tail) for head, tail in pairs if tail]
    return leaves_empty and bool(printed) and all(head and not _closed(head) for head, _ in printed)


def _closed(cell: str) -> bool:
    """A cell's text that reads complete: a sentence end, or a formula's ``100%`` or a closing bracket."""
    return bool(SENTENCE_END.search(cell)) or cell.rstrip().endswith(("%", ")"))


def _continues(head: str, tail: str) -> bool:
    """Whether ``tail`` (top of a new page) carries on the sentence ``head`` left unfinished."""
    return bool(tail[:1].islower() or CONTINUES.search(head.strip()))


def parse_decree(pages: Iterable[PageContent]) -> DecreeBody:
    """Walk every page's items in order and build the positions with their rows."""
    parser = _Parser()
    for page in pages:
        right = _text_right_edge(page)
        for item in page.items:
            if isinstance(item, TableFragment):
                parser.feed_fragment(item, page.method)
            else:
                parser.feed_line(item, page.page_no, right)
    parser._settle_awaiting()
    for pos in parser.body.positions:
        for row in pos.rows:
            row.cells = [c.strip() for c in row.cells]
            row.extra = {k: v.strip() for k, v in row.extra.items()}
            if pos.table_fields and "sumber_data" not in pos.table_fields and not row.cells[3]:
                row.cells[2], row.cells[3] = _sumber_in_penjelasan(row.cells[2])
    return parser.body


SUMBER_LABEL = re.compile(r"(?:^|(?<=\s))sumber\s+data\s*:\s*", re.IGNORECASE)


def _sumber_in_penjelasan(text: str) -> tuple[str, str]:
    """A table without a sumber-data column may print it in the penjelasan cell ('… x 100%\nSumber data:
    Register pengaduan'): (penjelasan, sumber data) apart; the text as it is and "" without such a line."""
    match = SUMBER_LABEL.search(text)
    if match is None or not text[match.end():].strip():
        return text, ""
    return text[:match.start()].strip(), text[match.end():].strip()
