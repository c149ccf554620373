"""Rows of a borderless table read by OCR (words placed by hand, in PDF points, as Tesseract boxes them): a box
hugs its line's glyphs, so two wrapped lines of one cell stand most of a line apart, and that gap wobbles with
ascenders and descenders; rows are further apart still. An extra column whose value wrapped late tells nothing
about paragraph spacing."""
from __future__ import annotations

from dataclasses import replace

from placed_words import words_at

from extract.table_columns import Column, ColumnLayout
from extract.table_rows import aligned_rows

LAYOUT = ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 200), Column("formulasi", 200, 300),
                       Column("sumber_data", 300, 400), Column(None, 400, 460, "TARGET")), False, ())


def _ocr(text: str, x: float, top: float, height: float = 8.0) -> list:
    return [replace(w, conf=0.9) for w in words_at(text, x, top, height=height)]


def _cell(lines: list[str], x: float, top: float, gaps: list[float]) -> list:
    words, y = [], top
    for k, text in enumerate(lines):
        words += _ocr(text, x, y)
        y += 8.0 + (gaps[k] if k < len(gaps) else 0.0)
    return words


def test_wrapped_lines_a_wobbling_ocr_gap_apart_stay_in_their_rows():
    wobble = [5.0, 7.0, 6.0, 4.5, 7.2, 5.5]
    words = []
    for r, top in enumerate((100.0, 160.0)):  # rows 60 pt apart: 3 lines of 8 pt and gaps of 4.5-7.2, then 15+
        words += _cell(["Meningkatnya", "kualitas", "pelayanan"], 5, top, wobble[r:])
        words += _cell(["Jumlah", "dokumen yang", "disusun"], 105, top, wobble[r + 1:])
        words += _cell(["Jumlah laporan", "dibagi jumlah", "laporan x 100%"], 205, top, wobble[r + 2:])
        words += _cell(["Seksi", "pemerintahan"], 305, top, wobble[r + 3:])
        words += _cell(["1", "dokumen"] if r else ["12"], 405, top + (13.0 if r else 0.0), [9.0])
    rows = aligned_rows(LAYOUT, words, 95, 230)
    assert [(r.indikator, r.formulasi) for r in rows] == [
        ("Jumlah dokumen yang disusun", "Jumlah laporan dibagi jumlah laporan x 100%")] * 2
