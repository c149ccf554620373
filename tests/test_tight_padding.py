"""Borderless tables printed with ~1 pt cell padding (words placed by hand, in PDF points): consecutive rows leave
a gap only ~2 pt wider than the gap between wrapped lines, and the next column's text starts ~2 pt after a full
line of the previous one."""
from __future__ import annotations

from functools import partial

from placed_words import words_at as placed_words_at

from extract.column_edges import recurring_starts
from extract.layout import Word
from extract.table_columns import Column, ColumnLayout, subtract_all
from extract.table_rows import aligned_rows

H = 11.0  # text height
words_at = partial(placed_words_at, height=H, char=5.0, space=3.0)




LAYOUT = ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 200), Column("formulasi", 200, 300),
                       Column("sumber_data", 300, 400)), False, ())


def _table(row_lines: list[tuple[list[str], list[str], list[str]]], wrap_gaps: list[float], row_gap: float,
           ) -> list[Word]:
    """Rows of (indikator, formulasi, sumber) cell lines, top-aligned; lines wrap with the gaps in turn."""
    words: list[Word] = []
    y = 100.0
    k = 0
    for cells in row_lines:
        tallest = max(len(c) for c in cells)
        for i in range(tallest):
            for column, lines in zip((105, 205, 305), cells):
                if i < len(lines):
                    words += words_at(lines[i], column, y)
            if i + 1 < tallest:
                y += H + wrap_gaps[k % len(wrap_gaps)]
                k += 1
        y += H + row_gap
    return words


ROWS = [(["Persentase", "permohonan KTP"], ["Jumlah", "permohonan x", "100%"], ["Data SKM"]),
        (["Nilai indeks", "kepuasan"], ["Hasil", "survei"], ["Seksi", "pemerintahan"]),
        (["Jumlah laporan", "keuangan"], ["Jumlah", "laporan"], ["Laporan", "tahunan"]),
        (["Tingkat", "kehadiran"], ["Jumlah", "hadir"], ["Absensi"])]


def test_rows_with_one_point_padding_do_not_merge():
    # a word processor repeats one pitch exactly: wraps 2.75 pt apart, rows 4.75 pt (1 pt padding above and below)
    rows = aligned_rows(LAYOUT, _table(ROWS, [2.75], 4.75), 95, 300)
    assert [r.indikator for r in rows] == ["Persentase permohonan KTP", "Nilai indeks kepuasan",
                                           "Jumlah laporan keuangan", "Tingkat kehadiran"]


def test_browser_pixel_rounding_of_wraps_is_not_a_row_break():
    # a browser rounds line positions to whole pixels: wraps 1.25 or 2.0 pt apart, both inside one cell
    rows = aligned_rows(LAYOUT, _table(ROWS, [1.25, 2.0, 1.25], 9.5), 95, 300)
    assert [r.formulasi for r in rows] == ["Jumlah permohonan x 100%", "Hasil survei", "Jumlah laporan",
                                           "Jumlah hadir"]


def test_column_edge_counts_starts_after_a_wide_gap_only():
    # every formula starts with "Jumlah": the second word starts at one x after a word space, not a column edge
    lines = [words_at("Nilai", 105, y) + words_at("Jumlah kegiatan", 205, y) for y in (100, 115, 130)]
    edges = recurring_starts(lines)
    assert any(abs(e - 205) <= 0.75 for e in edges)
    assert not any(abs(e - 238) <= 0.75 for e in edges)


def test_two_point_gap_at_a_column_edge_is_a_gutter():
    # a full indikator line ends 2 pt before the formulasi column, whose lines start at x=205 on the lines below
    full = words_at("permohonan", 153, 100) + words_at("Hasil", 205, 100)
    below = [words_at("KTP", 105, y) + words_at("survei", 205, y) for y in (115, 130, 145)]
    edges = recurring_starts([full, *below])
    assert subtract_all([[(150.0, 225.0)]], full) is None  # no wider than a word space: prose, on its own
    assert subtract_all([[(150.0, 225.0)]], full, edges) == [[(203.0, 205.0)]]


def test_column_edge_after_a_gap_just_wider_than_a_word_space():
    # a narrow TARGET column whose numbers start 4.5 pt after the longest PENANGGUNG JAWAB lines
    lines = [words_at(who, 615 - 4.5 - 5.0 * len(who), y) + words_at(target, 615, y)
             for y, who, target in ((100, "Pemerintahan", "100"), (115, "Sekretaris", "100"), (130, "Umum", "12"))]
    assert any(abs(e - 615) <= 0.75 for e in recurring_starts(lines))
