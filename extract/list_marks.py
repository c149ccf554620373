"""The marks that structure decree text, defined once: what ends a sentence and what opens a list item.

Read by the decree parser (Tugas bullets, cut table cells) and by the normalizer (line joining, bullet clean-up,
the indikator's first words); `extract/cell_text.py` still keeps its own pair (LIST_ITEM, SENTENCE_END).
"""
from __future__ import annotations

import re

SENTENCE_END_MARKS = ".;:!?"
SENTENCE_END = re.compile(rf"[{SENTENCE_END_MARKS}]\s*$")  # a line or item closed on purpose
# bullet glyphs as fonts print them (Symbol/Wingdings private-use glyphs are the normalizer's concern)
BULLET_GLYPHS = "❖•●▪■□◦○◆◇➢➤►▶▸‣⁃✓✔✗➔→⇒※◘◙"
DASHES = "-–—"  # first in a character class, where "-" is then no range
NUMBER_MARKER = r"\d{1,2}[.)]"  # 1. 2)
LETTER_MARKER = r"[a-z][.)]"  # a. b)
LIST_MARKER = rf"(?:[{DASHES}{BULLET_GLYPHS}*]|{NUMBER_MARKER}|{LETTER_MARKER})"  # regex text, to embed
