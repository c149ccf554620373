"""Words -> text lines (reading order), and removal of page furniture (page numbers)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.layout import Word

PAGE_NUMBER = re.compile(r"^[-–—(]?\s*(hal(aman|\.)?\s*)?\d{1,4}\s*(dari\s*\d+\s*)?[-–—)]?$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """Words sharing a baseline band, sorted left to right."""

    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return words_to_text(self.words)

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)


def words_to_text(words: Sequence[Word]) -> str:
    """Join words of one line with single spaces."""
    return " ".join(w.text for w in words)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap; lines come out top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            current = lines[-1]
            top = min(w.top for w in current)
            bottom = max(w.bottom for w in current)
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(word.height, bottom - top):
                current.append(word)
                continue
        lines.append([word])
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def is_page_furniture(line: Line, page_height: float) -> bool:
    """A page number printed in the top or bottom margin ("- 2 -", "Halaman 3"), or what OCR makes of a scan's
    edge there (the paper border, a shadow: scraps like "Uu oy | tot |" without one confidently read word)."""
    in_margin = line.bottom < 0.1 * page_height or line.top > 0.88 * page_height
    return in_margin and (bool(PAGE_NUMBER.match(line.text.strip())) or _scan_edge_noise(line))


def _scan_edge_noise(line: Line) -> bool:
    """OCR words none of which is a word read with confidence (4+ letters at 0.6 or more)."""
    return line.conf < 1.0 and not any(sum(c.isalpha() for c in w.text) >= 4 and w.conf >= 0.6 for w in line.words)


def split_by_gap(words: Sequence[Word], min_gap: float) -> list[list[Word]]:
    """Split one line's words where the horizontal gap is at least ``min_gap``."""
    chunks: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.x0):
        if chunks and word.x0 - chunks[-1][-1].x1 < min_gap:
            chunks[-1].append(word)
        else:
            chunks.append([word])
    return chunks
