"""Deterministic clean-up of one cell, before any spelling decision: the same input always gives the same text.

- Unicode NFKC (ligatures, full-width letters, no-break spaces), soft hyphens and zero-width characters dropped;
- stray bullet glyphs (❖ • ▪ ➢ and the private-use glyphs of Symbol/Wingdings fonts) removed at the start of a
  line, and turned into a line break in mid-line (a bullet starts an item); a ``-`` list dash at a line start;
- whitespace: runs collapsed to one space inside a line, lines trimmed, blank lines dropped, newlines kept.

Joining words split by a line-end hyphen needs a dictionary, so it lives with the spelling rules
(:mod:`normalize.spelling`).
"""
from __future__ import annotations

import re
import unicodedata

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
BULLET_GLYPHS = "❖•●▪■□◦○◆◇➢➤►▶▸‣⁃✓✔✗➔→⇒※◘◙"
_PRIVATE_USE = "\ue000-\uf8ff"
_LEADING_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}{_PRIVATE_USE}]+\s*|[-–—]\s+(?=[^\W\d_]))")
_MIDLINE_BULLET = re.compile(rf"\s+[{BULLET_GLYPHS}{_PRIVATE_USE}]+\s+")
_SPACES = re.compile(r"[^\S\n]+")


def nfkc(text: str) -> str:
    """Unicode NFKC with invisible characters (soft hyphen, zero-width space/joiner, BOM) removed."""
    return unicodedata.normalize("NFKC", text).translate(INVISIBLE)


def strip_bullet(line: str) -> str:
    """A line without its leading bullet glyph or list dash."""
    previous = None
    while previous != line:
        previous, line = line, _LEADING_BULLET.sub("", line.strip(), count=1)
    return line


def clean_layout(text: str) -> str:
    """NFKC, bullets and whitespace tidied; newlines between paragraphs kept, blank lines dropped."""
    text = _MIDLINE_BULLET.sub("\n", nfkc(text).replace("\r\n", "\n").replace("\r", "\n"))
    lines = (strip_bullet(_SPACES.sub(" ", line)) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
