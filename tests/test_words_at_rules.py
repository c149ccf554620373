"""Two ruled table cells printed with no padding: the last glyph of one cell and the first of the next touch the
vertical rule between them, and a word grouping by glyph distance alone reads them as one word. A text layer is cut
into words at such a rule, and only at one."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.pdfgen import canvas

from extract.pdf_text import read_text_layout

RULE_X = 150.0
BASELINE = 700.0


def _touching_cells(path: Path, *, rule: str) -> Path:
    """"disusun" set flush right against x = RULE_X and "Seksi" flush left from it, on one baseline; ``rule`` is
    "cell" (the boxes of two cells), "none", or "short" (a tick under the text that does not span it)."""
    pdf = canvas.Canvas(str(path), pagesize=(300, 800))
    pdf.setFont("Helvetica", 10)
    pdf.drawRightString(RULE_X, BASELINE, "disusun")
    pdf.drawString(RULE_X, BASELINE, "Seksi")
    pdf.setLineWidth(0.5)
    if rule == "cell":
        pdf.rect(80, BASELINE - 4, RULE_X - 80, 16)
        pdf.rect(RULE_X, BASELINE - 4, 60, 16)
    elif rule == "short":
        pdf.line(RULE_X, BASELINE - 8, RULE_X, BASELINE - 1)
    pdf.save()
    return path


def _page_words(path: Path) -> list[str]:
    with pdfplumber.open(path) as document:
        return [w.text for w in read_text_layout(document.pages[0], 1).words]


def test_word_touching_a_cell_rule_is_split_at_the_rule(tmp_path: Path) -> None:
    assert _page_words(_touching_cells(tmp_path / "ruled.pdf", rule="cell")) == ["disusun", "Seksi"]


def test_word_split_keeps_each_part_on_its_side_of_the_rule(tmp_path: Path) -> None:
    with pdfplumber.open(_touching_cells(tmp_path / "ruled.pdf", rule="cell")) as document:
        left, right = read_text_layout(document.pages[0], 1).words
    assert left.x1 <= RULE_X + 0.5 and right.x0 >= RULE_X - 0.5


def test_touching_texts_without_a_rule_stay_one_word(tmp_path: Path) -> None:
    assert _page_words(_touching_cells(tmp_path / "plain.pdf", rule="none")) == ["disusunSeksi"]


def test_rule_that_does_not_span_the_glyphs_does_not_split(tmp_path: Path) -> None:
    assert _page_words(_touching_cells(tmp_path / "tick.pdf", rule="short")) == ["disusunSeksi"]
