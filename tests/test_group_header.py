"""Two header rows: a group cell spanning two columns above their own header cells (words placed by hand, in PDF
points). The group's text is read in front of each column's own; the second row's words need not be header
vocabulary ('TAHUN LALU'), and they may wrap."""
from __future__ import annotations

from placed_words import words_at

from extract.table_header import find_headers
from extract.text_lines import group_lines

BODY = [words_at("1", 5, y) + words_at("Meningkatnya", 30, y) + words_at("Jumlah", 130, y)
        + words_at("Laporan", 230, y) + words_at("80", 330, y) + words_at("Dokumen", 390, y) for y in (140, 151)]


def _headers(header_words: list) -> list[str]:
    headers = find_headers(group_lines(header_words + [w for line in BODY for w in line]))
    return [c.text for c in headers[0].columns]


def test_a_short_group_text_centred_over_two_columns_is_read_in_front_of_each():
    """'TARGET' (narrow, centred over both columns) reaches into neither 'VOLUME' nor 'SATUAN'."""
    header = (words_at("NO", 5, 100) + words_at("SASARAN", 30, 100) + words_at("INDIKATOR", 130, 100)
              + words_at("SUMBER DATA", 230, 100) + words_at("TARGET", 355, 95) + words_at("VOLUME", 320, 110)
              + words_at("SATUAN", 390, 110))
    assert _headers(header) == ["NO", "SASARAN", "INDIKATOR", "SUMBER DATA", "TARGET VOLUME", "TARGET SATUAN"]


def test_a_second_header_row_of_other_words_wrapped_over_two_lines_is_header_not_a_row():
    """'CAPAIAN' over 'TAHUN LALU' and 'TAHUN INI': LALU is no header word and wrapped onto a line of its own;
    the first data row is still the first row."""
    header = (words_at("NO", 5, 100) + words_at("SASARAN", 30, 100) + words_at("INDIKATOR", 130, 100)
              + words_at("SUMBER DATA", 230, 100) + words_at("CAPAIAN", 364, 95) + words_at("TAHUN", 330, 108)
              + words_at("TAHUN INI", 390, 108) + words_at("LALU", 332, 119))
    assert _headers(header) == ["NO", "SASARAN", "INDIKATOR", "SUMBER DATA", "CAPAIAN TAHUN LALU", "CAPAIAN TAHUN INI"]


def test_the_first_line_of_a_tall_cell_between_two_field_cells_is_no_group():
    """'KINERJA ATASAN' (a three-line cell whose other lines share a line with words no header vocabulary holds)
    sits between the one-line SUMBER DATA and KETERANGAN cells: it names no group over them."""
    header = (words_at("KINERJA ATASAN", 330, 95) + words_at("NO", 5, 100) + words_at("SASARAN", 30, 100)
              + words_at("INDIKATOR", 130, 100) + words_at("SUMBER DATA", 230, 100) + words_at("KETERANGAN", 420, 100)
              + words_at("YANG DIINTERVENSI", 322, 106) + words_at("LALU", 500, 106))
    assert "SUMBER DATA" in _headers(header)


def test_a_group_cell_over_two_ruled_cells_printed_with_no_padding():
    """CAPAIAN over 'Tahun Lalu' | 'Tahun Ini' in a ruled grid with no cell padding: the two sub-header cells are
    closer than a column gap, but the rule between them parts them, under the group and as the second header row."""
    from extract.layout import Segment
    header = (words_at("Capaian", 232, 80) + words_at("Nomor", 50, 90) + words_at("Indikator", 105, 90)
              + words_at("Sumber Data", 157, 90) + words_at("Tahun Lalu", 210, 100) + words_at("Tahun Ini", 258, 100))
    body = [words_at("1", 50, y) + words_at("Jumlah", 105, y) + words_at("Data", 160, y) + words_at("75%", 210, y)
            + words_at("80%", 258, y) for y in (115, 126)]
    rules = [Segment(x, x, 75, 140) for x in (45, 100, 155, 205, 300)] + [Segment(255.5, 255.5, 91, 140)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]), v_rules=rules)
    assert [c.text for c in headers[0].columns] == ["Nomor", "Indikator", "Sumber Data", "Capaian Tahun Lalu",
                                                   "Capaian Tahun Ini"]
