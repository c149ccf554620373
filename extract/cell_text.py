"""The words of one table cell -> its text: wrapped lines joined by a space, paragraphs by a newline."""
from __future__ import annotations

import re
from collections.abc import Sequence

from extract.layout import Word
from extract.text_lines import Line, group_lines
from extract.word_list import indonesian_stems

LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[a-z][.)]|[-•❖▪●*·])\s")
SENTENCE_END = re.compile(r"[.;:!?]$")


def starts_paragraph(prev: Line, line: Line, cell_x1: float | None) -> bool:
    """Whether ``line`` opens a new paragraph rather than continuing ``prev``'s wrapped text."""
    gap = line.top - prev.bottom
    # OCR boxes hug the glyphs (x-height lines look shorter, gaps taller): demand a wider gap there
    factor = 0.45 if prev.conf >= 1.0 and line.conf >= 1.0 else 0.9
    if gap > factor * max(prev.height, line.height):
        return True
    text = line.text
    if LIST_ITEM.match(text):
        return True
    if SENTENCE_END.search(prev.text) and text[:1].isupper() and cell_x1 is not None:
        # a short line that ends a sentence did not wrap: the next line is a new paragraph
        return cell_x1 - prev.x1 > 3 * _char_width(line)
    return False


def _char_width(line: Line) -> float:
    chars = sum(len(w.text) for w in line.words)
    return sum(w.x1 - w.x0 for w in line.words) / max(chars, 1)


# short words a line may start with: never the tail of a word broken at the line end
SHORT_WORDS = frozenset({"di", "ke", "se", "si", "x", "dan", "ini", "itu", "per", "pun", "tak", "rp",
                         "m", "km", "kg", "ha", "cm", "mm", "ton", "unit"})
MAX_TAIL = 6  # letters of a cut word's tail: past three only where the dictionary tells a tail from a word
_BARE_PUNCT = re.compile(r"[.,;:]+$")
_SUFFIXES = ("kan", "nya", "an", "i", "lah")  # a derived word ('usulan') is a stem ('usul') and a suffix
# prefixes, each with the initial letters its nasal may have replaced ('penyusunan' = peny + susun + an)
_PREFIXES = {"di": ("",), "ke": ("",), "se": ("",), "ter": ("",), "ber": ("",), "per": ("",), "me": ("",),
             "pe": ("",), "mem": ("", "p"), "pem": ("", "p"), "men": ("", "t"), "pen": ("", "t"),
             "meng": ("", "k"), "peng": ("", "k"), "meny": ("s",), "peny": ("s",)}


def is_broken_word(prev: Line, line: Line, widest: float) -> bool:
    """Whether ``line`` opens with the tail of a word broken at the end of ``prev`` without a hyphen: a word wider
    than its cell is cut where the cell ends (LibreOffice, narrow columns). The cut word ends ``prev`` and reaches
    the cell's right edge (``widest``: the right end of the cell's widest line) less the glyph that did not fit,
    and its tail is letters of the word's own case that are no word on their own (a short word such as 'si' only
    where the dictionary knows the head with it and not alone: 'administra' / 'si'): up to three ('kependuduka' /
    'n'), or up to six that the dictionary does not know ('Pemerint' / 'ahan') when the cut word is alone on its
    line (a word wider than the whole line); a tail of one or two letters may follow other words ('4 lapora' /
    'n')."""
    head, tail = prev.words[-1].text, _BARE_PUNCT.sub("", line.words[0].text)
    if len(prev.words) > 1 and len(tail) > 2:
        return False
    if prev.x1 < widest - 1.5 * _char_width(prev):  # the cut falls within a glyph of the edge
        return False
    if not _may_be_cut(head, tail):
        return False
    if tail.lower() in SHORT_WORDS:  # a word of its own, unless the dictionary knows only the two together
        return is_known_cut(head, tail)
    if len(tail) <= 3:
        return True  # the dictionary lists letters and syllables ('a', 'an'): it cannot tell a short tail
    return len(tail) <= MAX_TAIL and _unknown_word(tail.lower())


def _may_be_cut(head: str, tail: str) -> bool:
    """Letters on both sides, of one case, a head of four or more: what a word cut in two looks like."""
    return (len(head) >= 4 and head.isalpha() and tail.isalpha()
            and ((head[-1].islower() and tail.islower()) or (head.isupper() and tail.isupper())))


BOUND_TAILS = frozenset({"nya", "kan", "lah", "kah"})  # suffixes never written as words of their own


def is_known_cut(head: str, tail: str) -> bool:
    """Whether the dictionary knows ``head`` + ``tail`` as one word and not ``head`` alone ('Dokume' / 'n',
    'administra' / 'si'), or ``tail`` is a suffix that is no word ('Meningkat' / 'nya'): the test that needs no
    layout, for a word cut at a page break."""
    return (_may_be_cut(head, tail) and len(tail) <= MAX_TAIL and known_word((head + tail).lower()) is True
            and (tail.lower() in BOUND_TAILS or known_word(head.lower()) is False))


def _unknown_word(token: str) -> bool:
    """No stem of the Indonesian dictionary, alone or with a suffix (False without the dictionary)."""
    return known_word(token) is False


def known_word(token: str) -> bool | None:
    """Whether a lower-case token is a stem of the Indonesian dictionary, alone or with a suffix and a prefix
    ('kegiatan', 'dilaksanakan', 'penyusunan'); None without the dictionary."""
    stems = indonesian_stems()
    if stems is None:
        return None
    bases = fresh = [token]
    for _ in range(2):  # up to two prefixes ('kependudukan' = ke + pen + duduk + an)
        fresh = [lost + base[len(p):] for base in fresh for p, restored in _PREFIXES.items()
                 if base.startswith(p) and len(base) - len(p) >= 3 for lost in restored]
        bases = bases + fresh
    return any(base in stems or any(base.endswith(sfx) and len(base) - len(sfx) >= 3 and base[:-len(sfx)] in stems
                                    for sfx in _SUFFIXES) for base in bases)


def lines_to_cell_text(lines: Sequence[Line], cell_x1: float | None = None) -> str:
    """Join cell lines in reading order; a word hyphenated across lines is joined back, hyphen kept, and a word
    broken without one (see `is_broken_word`) is joined back whole."""
    parts: list[str] = []
    prev: Line | None = None
    widest = max((ln.x1 for ln in lines), default=0.0)
    for line in lines:
        if prev is None:
            parts.append(line.text)
        elif starts_paragraph(prev, line, cell_x1):
            parts.append("\n" + line.text)
        elif prev.text.endswith("-") and line.text[:1].isalpha():
            parts.append(line.text)  # a word broken at the line end ("masing-" + "masing")
        elif is_broken_word(prev, line, widest):
            parts.append(line.text)
        else:
            parts.append(" " + line.text)
        prev = line
    return "".join(parts).strip()


def words_to_cell_text(words: Sequence[Word], cell_x1: float | None = None) -> str:
    """Group a cell's words into lines, then join them (see `lines_to_cell_text`)."""
    return lines_to_cell_text(group_lines(words), cell_x1)
