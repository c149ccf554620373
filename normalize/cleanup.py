"""Deterministic clean-up of one cell, before any spelling decision: the same input always gives the same text.

- Unicode NFKC (ligatures, full-width letters, no-break spaces), soft hyphens and zero-width characters dropped;
- stray bullet glyphs (❖ • ▪ ➢ and the private-use glyphs of Symbol/Wingdings fonts) removed at the start of a
  line, and turned into a line break in mid-line (a bullet starts an item); a ``-`` list dash at a line start;
- whitespace: runs collapsed to one space inside a line, lines trimmed, blank lines dropped;
- line breaks that are only layout (a wrapped line) become a space, so one indicator reads the same however it was
  wrapped; a break stays where a new item or paragraph starts: after ``.`` ``;`` ``:`` ``!`` ``?``, before a list
  marker (``1.``, ``a)``, a dash) or a bullet, and before a capitalised word unless the line before ends with a
  word that cannot end one (``di``, ``dan``, ``yang`` …) or with ``,`` ``-`` ``/``, or the cell capitalises all its
  words (Title Case). A bulleted item that would read as a continuation keeps a ``- `` dash for its bullet, so
  cleaning cleaned text changes nothing.

Joining words split by a line-end hyphen needs a dictionary, so it lives with the spelling rules
(:mod:`normalize.spelling`).
"""
from __future__ import annotations

import re
import unicodedata

from extract.list_marks import BULLET_GLYPHS, DASHES, SENTENCE_END

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_PRIVATE_USE = "\ue000-\uf8ff"
_LEADING_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}{_PRIVATE_USE}]+\s*|[{DASHES}]\s+(?=[^\W\d_]))")
_MIDLINE_BULLET = re.compile(rf"\s+[{BULLET_GLYPHS}{_PRIVATE_USE}]+\s+")
_SPACES = re.compile(r"[^\S\n]+")
_LIST_MARKER = re.compile(rf"^(?:(?:[0-9]{{1,2}}|[a-zA-Z]|[ivxIVX]{{2,4}})[.)](?:\s|$)|[{DASHES}])")
FUNCTION_WORDS = frozenset({"dan", "atau", "serta", "yang", "di", "ke", "dari", "pada", "untuk", "dengan", "dalam",
                            "oleh", "bagi", "terhadap", "kepada", "sebagai", "melalui"})  # words no line ends with
_CONTINUED = re.compile(rf"(?:[,/&(-]|\b(?:{'|'.join(sorted(FUNCTION_WORDS))}))$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{4,}")


def nfkc(text: str) -> str:
    """Unicode NFKC with invisible characters (soft hyphen, zero-width space/joiner, BOM) removed."""
    return unicodedata.normalize("NFKC", text).translate(INVISIBLE)


def strip_bullet(line: str) -> str:
    """A line without its leading bullet glyph or list dash."""
    previous = None
    while previous != line:
        previous, line = line, _LEADING_BULLET.sub("", line.strip(), count=1)
    return line


def is_title_case(text: str) -> bool:
    """Every word of four letters or more but the function words is capitalised (a capital then says nothing)."""
    words = [w for w in _WORD.findall(text) if w.casefold() not in FUNCTION_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def starts_item(previous: str, line: str, title_case: bool = False) -> bool:
    """Whether ``line`` starts a new item or paragraph after ``previous`` rather than continuing its wrapped text."""
    if SENTENCE_END.search(previous) or _LIST_MARKER.match(line):
        return True
    capitalised = line[:1].isupper() and line[1:2].islower()
    return capitalised and not title_case and not _CONTINUED.search(previous)


def join_wrapped(lines: list[tuple[str, bool]]) -> str:
    """Lines (text, printed with a bullet) joined: a space inside wrapped text, a line break between items."""
    title_case = is_title_case(" ".join(line for line, _ in lines))
    text = ""
    for line, bulleted in lines:
        if not text:
            text = line
        elif starts_item(text, line, title_case):
            text += "\n" + line
        else:
            text += ("\n- " if bulleted else " ") + line
    return text


def clean_layout(text: str) -> str:
    """NFKC, bullets and whitespace tidied; wrapped lines joined with a space, items and paragraphs kept apart."""
    text = nfkc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _MIDLINE_BULLET.sub(lambda m: f"\n{m.group().strip()} ", text)  # a bullet in mid-line starts an item
    lines = []
    for printed in text.split("\n"):
        printed = _SPACES.sub(" ", printed).strip()
        line = strip_bullet(printed)
        if line:
            lines.append((line, line != printed))
    return join_wrapped(lines)
