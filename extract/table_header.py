"""Find the indicator table's header on a page and read which logical field each header column holds.

Header wording varies by office (see ``header_variants.json``); header cells wrap over two or three lines, so a
header is a band of consecutive lines made only of header vocabulary that together name at least three fields.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from extract.column_edges import EDGE_PT, SPACE_GAP, open_starts
from extract.layout import Segment, Word, cut_word, median_height
from extract.section_lines import is_section_text
from extract.text_lines import Line, split_by_gap

FIELDS = ("sasaran", "indikator", "formulasi", "sumber_data")
NUMBER_CELL = re.compile(r"^\(?(\d{1,2}|[lI|])[.)]?$")  # OCR reads a lone "1" as l, I or |
_PART_SEPARATOR = re.compile(r"[/\"“”‘’'`,;|]")  # inside a header word: a slash, or OCR's reading of a space
_PUNCT = re.compile(r"^(?:[^\w/]|_)+|(?:[^\w/]|_)+$")  # punctuation and underscores around a word


@dataclass(frozen=True)
class HeaderVocabulary:
    """Header wording as data: field keywords in priority order (field None: an extra column), the words a
    header line may hold, the words that open a new cell, and the words that mark a referenced column."""

    field_keywords: tuple[tuple[str | None, tuple[str, ...], bool], ...]
    vocabulary: frozenset[str]
    openers: frozenset[str]
    qualifiers: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_vocabulary(path: str | None = None) -> HeaderVocabulary:
    """Read ``header_variants.json`` (the reviewed list of header wordings)."""
    source = Path(path) if path else Path(__file__).with_name("header_variants.json")
    spec = json.loads(source.read_text(encoding="utf-8"))
    keywords = tuple(
        (f["field"], tuple(k.upper() for k in f["keywords"]), bool(f.get("whole_cell", False))) for f in spec["fields"]
    )
    return HeaderVocabulary(keywords, frozenset(v.upper() for v in spec["vocabulary"]),
                            frozenset(o.upper() for o in spec["field_openers"]),
                            frozenset(q.upper() for q in spec.get("qualifiers", ())))


@dataclass(frozen=True)
class HeaderColumn:
    """One header cell (possibly several stacked lines) and the field it names (None: unknown)."""

    field: str | None
    x0: float
    x1: float
    text: str

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class TableHeader:
    """A recognised table header: its vertical extent and columns left to right."""

    top: float
    bottom: float
    columns: tuple[HeaderColumn, ...]
    numbered_row: bool
    first_line: int  # index of the header's first line in the page's line list
    last_line: int  # index of the last line (numbered row included)
    leaf_y: float  # middle of the lowest header text line: the row whose cells are the columns

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.columns)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.columns)

    @property
    def fields(self) -> list[str | None]:
        return [c.field for c in self.columns]


def word_parts(text: str, vocab: HeaderVocabulary | None = None) -> list[str]:
    """Upper-case parts of a header word, split at '/' ("SASARAN/KINERJA" -> SASARAN, KINERJA) or at a quote,
    comma or bar OCR read in a word space ('KINERJA“UTAMA'); with ``vocab``, also two header words run together
    where OCR lost the slash or space ("PERHITUNGANPENJELASAN")."""
    cleaned = _PUNCT.sub("", text.upper())
    parts = [_PUNCT.sub("", p) for p in _PART_SEPARATOR.split(cleaned)]
    parts = [p for p in parts if p] or ([text] if text.strip() == "/" else [])
    return [q for p in parts for q in _run_together(p, vocab)] if vocab else parts


SLASH_MISREAD = "IL1|"  # what OCR makes of a slash between two header words


def _run_together(part: str, vocab: HeaderVocabulary) -> list[str]:
    """``part`` cut into two vocabulary words of 4+ letters when it is no vocabulary word itself (or more, see
    `_glued_words`), else as it is;
    a slash OCR read as a letter may stand between them, and the second may be the head of a word the line
    goes on with ('PERHITUNGANIPENJEL' 'ASAN': PERHITUNGAN / PENJEL) or a word OCR misread by a letter
    ('PERHITUNGANIPERJELASAN')."""
    if part in vocab.vocabulary or len(part) < 8:
        return [part]
    for k in range(4, len(part) - 3):
        if part[:k] not in vocab.vocabulary:
            continue
        rest = part[k:]
        if rest in vocab.vocabulary:
            return [part[:k], rest]
        if rest[0] in SLASH_MISREAD and len(rest) >= 4 and (is_vocabulary_word(rest[1:], vocab) or any(
                word.startswith(rest[1:]) for word in vocab.vocabulary)):
            return [part[:k], rest[1:]]
    return _glued_words(part, vocab) or [part]  # three or more cells' words run together


def is_vocabulary_word(part: str, vocab: HeaderVocabulary) -> bool:
    """A header word, allowing OCR slips ("PENJELASA", "INDIKAT0R") and the stray letters of a word wrapped
    inside a narrow header cell ("N")."""
    if part in vocab.vocabulary or (len(part) <= 2 and part.isalpha()):
        return True
    return len(part) >= 5 and process.extractOne(part, vocab.vocabulary, scorer=fuzz.ratio, score_cutoff=80) is not None


def is_word_piece(part: str, vocab: HeaderVocabulary) -> bool:
    """The head or tail (3+ letters) of a header word that a narrow cell or OCR wrapped onto its own line
    ("PENJEL" / "ASAN" of PENJELASAN)."""
    return len(part) >= 3 and part.isalpha() and any(
        len(word) > len(part) and (word.startswith(part) or word.endswith(part) or is_near_piece(part, word))
        for word in vocab.vocabulary)


def is_near_piece(part: str, word: str) -> bool:
    """``part`` (5+ letters) is the head or tail of ``word`` but for one letter: a dropout ate a word's start and
    blurred the next letter ("JMBER" of SUMBER)."""
    n = len(part)
    return n >= 5 and len(word) > n and min(Levenshtein.distance(part, word[:n]),
                                             Levenshtein.distance(part, word[-n:])) <= 1


def is_vocabulary_line(line: Line, vocab: HeaderVocabulary, inside_band: bool = False) -> bool:
    """Whether every word of the line is header vocabulary; a word OCR cut in two ("PENJEL ASAN") counts when
    its pieces joined are, and inside a header band (``inside_band``) a piece of a wrapped header word counts."""
    parts = [p for w in line.words if w.text not in "/:" for p in word_parts(w.text, vocab)]
    # readable[i]: parts[i:] can be read as header words, each part alone or joined with the next (a dropout or a
    # narrow cell splits a word into pieces: "SI" / "MBER", "FORMU" / "ASI")
    readable = [False] * len(parts) + [True]
    for i in range(len(parts) - 1, -1, -1):
        alone = is_vocabulary_word(parts[i], vocab) or (inside_band and is_word_piece(parts[i], vocab))
        joined = i + 1 < len(parts) and readable[i + 2] and is_vocabulary_word(parts[i] + parts[i + 1], vocab)
        readable[i] = (alone and readable[i + 1]) or joined
    return readable[0]


def field_of(text: str, vocab: HeaderVocabulary) -> str | None:
    """The logical field a header cell's text names, by keyword priority (None: an extra column). A word a
    narrow cell broke without a hyphen ("INDIKA" / "TOR") or printed letter-wise ("N" / "O") is read joined."""
    parts = [p for w in text.split() for p in word_parts(w, vocab)]
    joined = parts + ["".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 2, min(i + 4, len(parts)) + 1)]
    for name, keywords, whole_cell in vocab.field_keywords:
        if whole_cell:
            if parts and (all(p in keywords for p in parts) or "".join(parts) in keywords):
                return name
        elif any(p in keywords for p in joined):
            return name
    return _field_of_misread(joined, vocab)


def _field_of_misread(parts: Sequence[str], vocab: HeaderVocabulary) -> str | None:
    """The field of a header no keyword names exactly, from a keyword a part is a near miss of (``SUMBFR``,
    ``INDIKAT0R``: 5+ letters, 80 % alike, the closest keyword) or else a keyword's head or tail but for one letter
    (``JMBER`` of SUMBER after a toner dropout)."""
    best: tuple[float, str | None] = (0.0, None)
    for part in parts:
        if len(part) < 5 or part in vocab.vocabulary:
            continue
        for name, keywords, whole_cell in vocab.field_keywords:
            for keyword in keywords:
                if len(keyword) < 5 or whole_cell:
                    continue
                score = fuzz.ratio(part, keyword)
                if score < 80 and is_near_piece(part, keyword):
                    score = 79.0  # below every whole-word near miss
                if score >= 79 and score > best[0]:
                    best = (score, name)
    return best[1]


def is_qualified(text: str, vocab: HeaderVocabulary) -> bool:
    """A header naming a referenced column (``SASARAN RPJMD YANG DIACU``, ``KINERJA ATASAN ...``)."""
    return any(p in vocab.qualifiers for w in text.split() for p in word_parts(w))


def assign_fields(texts: Sequence[str], vocab: HeaderVocabulary) -> list[str | None]:
    """Fields of a header's cells left to right; each field goes to one cell only: a plain cell before one with a
    qualifier, the left one before the right. The others are extras (None)."""
    fields = [field_of(t, vocab) for t in texts]
    for name in set(f for f in fields if f is not None):
        claimants = [i for i, f in enumerate(fields) if f == name]
        if len(claimants) < 2:
            continue
        keep = min(claimants, key=lambda i: (is_qualified(texts[i], vocab), i))
        for i in claimants:
            if i != keep:
                fields[i] = None
    return fields


def fields_named(lines: Sequence[Line], vocab: HeaderVocabulary) -> set[str]:
    """The table fields (of FIELDS) that some header cell in these lines names."""
    found: set[str] = set()
    for line in lines:
        for chunk in header_chunks(line, vocab):
            name = field_of(" ".join(w.text for w in chunk), vocab)
            if name in FIELDS:
                found.add(name)
    return found


def header_chunks(line: Line, vocab: HeaderVocabulary, edges: Sequence[float] = (),
                  rules: Sequence[float] = ()) -> list[list[Word]]:
    """Split a header line into cells: at wide gaps, before a word that opens another field's name, and before a
    word that starts where the body's lines start a column (``edges``, see `open_starts`: a header cell's
    widest line fills its column, and with little padding it is a word space from the next cell's text), or
    after a gap wider than a word space that a column edge lies in, before a word that can name a column (a
    centred header starts a little right of its column's edge; the words of a group cell over two columns are
    a word space apart; the second word of SUMBER DATA names none, and OCR spaces words widely), or where a vertical
    rule of the header stands between two words (``rules``: their x; squeezed cells of a ruled header)."""
    height = median_height(line.words)
    min_gap = 0.9 * height
    chunks: list[list[Word]] = []
    for gap_chunk in split_by_gap(line.words, min_gap):
        current: list[Word] = []
        for word in gap_chunk:
            parts = word_parts(word.text, vocab)
            if not parts:
                continue  # a lone dash or underscore: OCR speckle or a rule's stub, no cell
            opens = bool(parts) and parts[0] in vocab.openers
            kinerja_after_other = bool(parts) and parts[0] == "KINERJA" and current and not any(
                p in ("INDIKATOR", "SASARAN") for p in word_parts(current[-1].text, vocab))
            gap = word.x0 - current[-1].x1 if current else 0.0
            at_edge = gap > 0 and (any(abs(word.x0 - e) <= EDGE_PT or (
                gap >= SPACE_GAP * height and current[-1].x1 < e < word.x0 and _names_a_column(parts, vocab))
                for e in edges) or _rule_between(current[-1], word, rules))
            if current and (opens or kinerja_after_other or at_edge):
                chunks.append(current)
                current = []
            current.append(word)
        if current:
            chunks.append(current)
    return chunks


def _names_a_column(parts: Sequence[str], vocab: HeaderVocabulary) -> bool:
    """Whether a header word is, or begins, a keyword that names a column ('TARG' of TARGET; not 'DATA')."""
    return bool(parts) and any(k == parts[0] or (len(parts[0]) >= 3 and k.startswith(parts[0]))
                               for _, keywords, _ in vocab.field_keywords for k in keywords)


def is_numbered_row(line: Line) -> bool:
    """The "1 2 3 4" / "(1) (2) (3) (4)" row printed under a header."""
    return len(line.words) >= 3 and all(NUMBER_CELL.match(w.text) for w in line.words)


def _numbers_the_columns(last: Line, line: Line, n_columns: int) -> bool:
    """A numbering row printed further below the header (a taller header row, cell padding): it counts the
    columns 1, 2, 3 ... one number to a column, and sits within three lines of the header."""
    numbers = [w.text.strip("().") for w in sorted(line.words, key=lambda w: w.x0)]
    return (line.top - last.bottom < 3 * max(last.height, line.height)
            and numbers == [str(k) for k in range(1, len(numbers) + 1)] and len(numbers) >= n_columns - 1)


def find_headers(lines: Sequence[Line], vocab: HeaderVocabulary | None = None,
                 v_rules: Sequence[Segment] = ()) -> list[TableHeader]:
    """Every table header on a page (a page may hold the end of one table and the start of another);
    ``v_rules``: the page's vertical rules (the cell borders of a ruled header)."""
    vocab = vocab or load_vocabulary()
    headers: list[TableHeader] = []
    i = 0
    while i < len(lines):
        if not is_vocabulary_line(lines[i], vocab):
            i += 1
            continue
        j = i
        while (j + 1 < len(lines) and is_vocabulary_line(lines[j + 1], vocab, inside_band=True)
               and _close(lines[j], lines[j + 1])):
            j += 1
        start = _trim_title(lines, i, j, vocab)
        band = lines[start:j + 1]
        named = fields_named(band, vocab)
        header = _build_header(lines, start, j, vocab, v_rules) if "indikator" in named and len(named) >= 2 else None
        sub = j
        while header is not None and sub + 1 < len(lines) and sub - j < MAX_SUBHEADER_LINES and _is_group_row(
                lines[sub], lines[sub + 1], header, wrapped=sub > j, v_rules=v_rules):
            sub += 1
        if sub > j:
            header = _build_header(lines, start, sub, vocab, v_rules)
        if header is not None and len(header.columns) >= 3:
            headers.append(header)
            i = header.last_line + 1
        else:
            i = j + 1
    return headers


MAX_SUBHEADER_WORDS = 3  # words of one cell of a second header row under a group ('TAHUN LALU', 'TW I')
MAX_SUBHEADER_LINES = 3  # lines that row's cells may wrap onto


def _is_group_row(last: Line, line: Line, header: TableHeader, wrapped: bool = False,
                  v_rules: Sequence[Segment] = ()) -> bool:
    """Whether ``line`` is a second header row under a group cell whose own words are no header vocabulary
    ('CAPAIAN' over 'TAHUN LALU' and 'TAHUN INI'; 'TARGET' over '2023' and '2024'): right under the header, all
    its words under columns that name no field, two or more cells apart by a column gap (one is enough on a line
    the row's cells ``wrapped`` onto, or under columns already read as one group's: neighbours whose texts open
    with one word), each a few words opening with a capital or a digit; cells also part where a vertical rule
    stands between two words (``v_rules``: a ruled grid printed with no padding). A data row's first line has
    text under a field's column."""
    if not _close(last, line) or is_numbered_row(line):
        return False
    columns = header.columns
    cuts = [(a.x1 + b.x0) / 2 for a, b in zip(columns, columns[1:])]
    owners = {sum(1 for c in cuts if w.x_mid > c) for w in line.words}
    if any(columns[k].field is not None for k in owners):
        return False
    rules = _rules_beside(v_rules, line.top, line.bottom)
    cells = [part for cell in split_by_gap(line.words, 0.9 * median_height(line.words))
             for part in _parted_at(cell, rules)]
    first = [c.text.split()[0].upper() if c.text.split() else "" for c in columns]
    grouped = {k for k in range(len(columns)) if any(0 <= n < len(columns) and first[n] == first[k]
                                                      for n in (k - 1, k + 1))}
    # one cell is enough on a line the row wrapped onto, or under columns already read as one group's
    wrapped = wrapped or owners <= grouped
    return len(cells) >= (1 if wrapped else 2) and all(len(cell) <= MAX_SUBHEADER_WORDS and (cell[0].text[:1].isupper()
                                                                        or cell[0].text[:1].isdigit()) for cell in cells)


def _rules_beside(v_rules: Sequence[Segment], top: float, bottom: float) -> list[float]:
    """The x of each vertical rule that stands beside the band ``top``-``bottom`` (a header line or lines)."""
    return [r.x for r in v_rules if r.top <= bottom and r.bottom >= top]


def _rule_between(left: Word, right: Word, rules: Sequence[float]) -> bool:
    """Whether a vertical rule (``rules``: their x) stands between two words of a line: two cells' texts."""
    return any(left.x1 - 0.5 <= x <= right.x0 + 0.5 for x in rules)


def _parted_at(words: Sequence[Word], rules: Sequence[float]) -> list[list[Word]]:
    """``words`` (left to right) in runs that no vertical rule stands between."""
    runs: list[list[Word]] = []
    for word in words:
        if runs and not _rule_between(runs[-1][-1], word, rules):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _close(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom < 1.2 * max(upper.height, lower.height)


def _trim_title(lines: Sequence[Line], start: int, end: int, vocab: HeaderVocabulary) -> int:
    """Drop a page title ("INDIKATOR KINERJA INDIVIDU") that sits just above a header."""
    while start < end:
        line = lines[start]
        single_phrase = len(header_chunks(line, vocab)) == 1
        far = lines[start + 1].top - line.bottom > 0.8 * line.height
        still_header = len(fields_named(lines[start + 1:end + 1], vocab) & set(FIELDS)) >= 3
        if single_phrase and far and still_header:
            start += 1
        else:
            break
    return start


BODY_SAMPLE_LINES = 40  # lines under a header read for the body's column edges


def _body_sample(lines: Sequence[Line], start: int) -> Sequence[Line]:
    """The lines under a header up to the next position's label or title: the table's body, whose column edges
    the prose after it (at other x positions, many of them) must not blur."""
    end = start
    while end < min(len(lines), start + BODY_SAMPLE_LINES) and not is_section_text(lines[end].text):
        end += 1
    return lines[start:end]


def _build_header(lines: Sequence[Line], start: int, end: int, vocab: HeaderVocabulary,
                  v_rules: Sequence[Segment] = ()) -> TableHeader:
    edges = open_starts([ln.words for ln in _body_sample(lines, end + 1)])
    chunks: list[tuple[int, list[Word]]] = []
    for index in range(start, end + 1):
        line = Line(tuple(part for w in lines[index].words for part in _split_glued(w, edges, vocab)))
        rules = _rules_beside(v_rules, line.top, line.bottom)
        chunks.extend((index, chunk) for chunk in header_chunks(line, vocab, edges, rules))
    rule_xs = _rules_beside(v_rules, lines[start].top, lines[end].bottom)
    cells = header_cells(chunks, lambda words: field_of(" ".join(w.text for w in words), vocab) is not None,
                         rule_xs)
    texts = [_joined_words([w.text for w in sorted(group + leaf, key=lambda w: (round(w.top), w.x0))], vocab)
             for group, leaf in cells]
    fields = assign_fields(texts, vocab)
    columns = tuple(HeaderColumn(f, min(w.x0 for w in leaf), max(w.x1 for w in leaf), text)
                    for f, (_, leaf), text in zip(fields, cells, texts))
    last = end
    numbered = last + 1 < len(lines) and is_numbered_row(lines[last + 1]) and (
        _close(lines[last], lines[last + 1]) or _numbers_the_columns(lines[last], lines[last + 1], len(columns)))
    if numbered:
        last += 1
    return TableHeader(lines[start].top, lines[last].bottom, columns, numbered, start, last,
                       (lines[end].top + lines[end].bottom) / 2)


def _split_glued(word: Word, edges: Sequence[float], vocab: HeaderVocabulary) -> list[Word]:
    """A header word that is header words run together ('SATUANTARGET', 'KETERANGANTARGETSATUAN': cells printed
    with no padding) cut where the body starts a column inside it; else the word as it is."""
    parts = _run_together(_PUNCT.sub("", word.text.upper()), vocab)
    if len(parts) < 2 or sum(len(p) for p in parts) != len(word.text):
        return [word]
    cut = word.x0 + len(parts[0]) * (word.x1 - word.x0) / len(word.text)
    edge = next((e for e in edges if abs(e - cut) <= 2.5 * (word.x1 - word.x0) / len(word.text)), None)
    if edge is None:
        return [word]
    head, rest = cut_word(word, len(parts[0]), edge)
    return [head, *_split_glued(rest, edges, vocab)]


def _glued_words(text: str, vocab: HeaderVocabulary) -> list[str]:
    """``text`` as vocabulary words of four letters or more run together, shortest first ([] when it is not)."""
    if text in vocab.vocabulary:
        return [text]
    for k in range(4, len(text) - 3):
        if text[:k] in vocab.vocabulary:
            rest = _glued_words(text[k:], vocab)
            if rest:
                return [text[:k], *rest]
    return []


def _joined_words(words: Sequence[str], vocab: HeaderVocabulary) -> str:
    """A header cell's words joined with spaces, but a header word a narrow cell broke without a hyphen
    ('KETERANGA' / 'N') joined back: together they are a header word, and the head is none or the tail is a
    stray letter or two ('STRATEGI' / 'S': STRATEGI names an extra column, STRATEGIS qualifies a sasaran)."""
    out: list[str] = []
    for word in words:
        if out and (out[-1].upper() not in vocab.vocabulary or (len(word) <= 2 and word.isalpha())) \
                and (out[-1] + word).upper() in vocab.vocabulary:
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def _overlap(a: Sequence[Word], b: Sequence[Word]) -> float:
    """Width shared by the x-ranges of two word groups."""
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return min(a1, b1) - max(a0, b0)


def header_cells(chunks: Sequence[tuple[int, list[Word]]],
                 names_field: Callable[[list[Word]], bool] = lambda words: False, rules: Sequence[float] = ()
                 ) -> list[tuple[list[Word], list[Word]]]:
    """Header chunks (line index, words) -> per column, left to right, (group words, own words). Stacked lines
    of one cell merge; a group cell spanning two or more columns of a lower header row (``TARGET`` over
    ``SATUAN`` and ``NILAI``) is read in front of each of them instead of merging them into one column.
    ``names_field``: whether a chunk names one of the four fields (see `_cells_under`)."""
    spans: dict[int, tuple[float, float]] = {}  # group chunk -> the x-span of the columns under it
    for k, (line, words) in enumerate(chunks):
        below = _cells_under(k, chunks, names_field, rules)
        if below:
            spans[k] = (min(w.x0 for ws in below for w in ws), max(w.x1 for ws in below for w in ws))
    leaves = merge_overlapping([words for k, (_, words) in enumerate(chunks) if k not in spans])
    cells = []
    for leaf in leaves:
        x0, x1 = min(w.x0 for w in leaf), max(w.x1 for w in leaf)
        spanning = [w for k, (a, b) in spans.items() for w in chunks[k][1] if min(b, x1) - max(a, x0) > 0]
        cells.append((spanning, leaf))
    return cells


def _cells_under(k: int, chunks: Sequence[tuple[int, list[Word]]],
                 names_field: Callable[[list[Word]], bool], rules: Sequence[float] = ()) -> list[list[Word]]:
    """The header cells of a lower row that chunk ``k`` is a group cell over ([] when it is none): two or more,
    apart by a column gap (their stacked lines merged), that it reaches into; or, for a short group text
    centred between them ('TARGET' over 'VOLUME' and 'SATUAN', touching one or neither), the two cells right and
    left of its middle that have no other text above them (the second lines of two single cells always do) and
    name no field (the first line of a three-line cell sits between two one-line cells: 'KINERJA ATASAN' between
    'SUMBER DATA' and 'KETERANGAN')."""
    line, words = chunks[k]
    gap = 0.8 * median_height(words)
    # any overlap: a short group text centred over its span may reach only a little into each cell below
    below = merge_overlapping([other for j, (other_line, other) in enumerate(chunks) if other_line > line
                               and j != k and _overlap(words, other) > 0])
    def apart(a: Sequence[Word], b: Sequence[Word]) -> bool:  # a column gap, or a vertical rule, between them
        return _overlap(a, b) <= -gap or any(_span(a)[1] <= x <= _span(b)[0] for x in rules)

    if len(below) >= 2 and all(apart(a, b) for i, a in enumerate(below) for b in below[i + 1:]):
        return below
    if len(below) > 1:
        return []
    x0, x1 = _span(words)
    middle = (x0 + x1) / 2
    tops = [other for j, (other_line, other) in enumerate(chunks) if other_line > line and not any(
        n != k and upper_line < other_line and _overlap(upper, other) > 0 for n, (upper_line, upper) in enumerate(chunks))]
    left = [c for c in tops if _span(c)[1] < middle]
    right = [c for c in tops if _span(c)[0] > middle]
    if not left or not right:
        return []
    a = max(left, key=lambda c: _span(c)[1])
    b = min(right, key=lambda c: _span(c)[0])
    reaches_one = not below or any(_overlap(below[0], c) > 0.5 * (_span(below[0])[1] - _span(below[0])[0])
                                   for c in (a, b))
    if _overlap(a, b) > -gap or names_field(a) or names_field(b) or not reaches_one:
        return []  # the one cell it reaches into must be one of the two: else it is a cell's first line
    lo, hi = _span(a)[1], _span(b)[0]
    if any(n != k and _span(other)[0] < hi and _span(other)[1] > lo
           for n, (_, other) in enumerate(chunks) if other is not a and other is not b) or not (
            _span(a)[0] <= x0 and x1 <= _span(b)[1]):
        return []  # two neighbouring cells, nothing else between them, the group text within their span
    return [a, b]


def _span(words: Sequence[Word]) -> tuple[float, float]:
    """The x-range of a word group."""
    return min(w.x0 for w in words), max(w.x1 for w in words)


def merge_overlapping(groups: list[list[Word]]) -> list[list[Word]]:
    """Merge word groups whose x-ranges overlap (stacked lines of one header cell), left to right."""
    spans = sorted(((min(w.x0 for w in g), max(w.x1 for w in g), list(g)) for g in groups), key=lambda s: s[0])
    merged: list[tuple[float, list[Word]]] = []  # (right edge so far, words)
    for x0, x1, ws in spans:
        if merged and x0 < merged[-1][0] - 0.5:
            right, words = merged[-1]
            merged[-1] = (max(right, x1), words + ws)
        else:
            merged.append((x1, ws))
    return [words for _, words in merged]
