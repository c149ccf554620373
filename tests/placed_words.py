"""Words placed by hand on a synthetic page (PDF points), for the unit tests of the table stages."""
from __future__ import annotations

from extract.layout import Word


def words_at(text: str, x: float, top: float, *, height: float = 9.0, char: float = 4.5,
             space: float = 2.5) -> list[Word]:
    """Lay out the words of ``text`` on one line starting at ``x``: ``char`` points per letter, ``space`` between."""
    out = []
    for token in text.split():
        out.append(Word(token, x, x + char * len(token), top, top + height))
        x += char * len(token) + space
    return out
