"""Words a narrow cell broke without a hyphen (LibreOffice cuts a word wider than its cell where the cell ends):
joined back in cell text and in header cells; natural wraps, short words and units are left apart."""
from __future__ import annotations

import pytest
from placed_words import words_at

from extract.cell_text import is_known_cut, words_to_cell_text
from extract.table_header import find_headers
from extract.text_lines import group_lines
from extract.word_list import indonesian_stems

PITCH = 11.0


def _cell(*lines: str, x: float = 50.0) -> str:
    words = [w for k, text in enumerate(lines) for w in words_at(text, x, 100 + k * PITCH)]
    return words_to_cell_text(words, cell_x1=125.0)


def test_a_word_cut_at_the_cell_edge_is_joined_back():
    # 'Meningkatnya' (54 pt) fits; 'kependudukan' (54 pt) did not: its last glyph went to the next line
    assert _cell("Meningkatnya", "kualitas", "kependuduka", "n") == "Meningkatnya kualitas kependudukan"


def test_a_natural_wrap_before_a_short_word_or_a_unit_stays_apart():
    assert _cell("Meningkatnya", "kependudukan", "di desa") == "Meningkatnya kependudukan di desa"
    assert _cell("Jumlah usulan", "diakomodasi", "x 100%") == "Jumlah usulan diakomodasi x 100%"
    # a short line (far from the widest) did not reach the edge: no word was cut there
    assert _cell("Meningkatnya", "kualitas", "bu") == "Meningkatnya kualitas bu"


def test_a_capitalised_word_is_not_joined_to_a_lower_case_tail():
    assert _cell("Meningkatnya", "KECAMATA", "n") == "Meningkatnya KECAMATA n"


def test_a_header_word_broken_in_a_narrow_cell_is_read_whole():
    header = (words_at("INDIKATOR", 105, 80) + words_at("SUMBER DATA", 200, 80) + words_at("KETERANGA", 300, 80)
              + words_at("N", 300, 80 + PITCH))
    body = [words_at("Jumlah", 105, y) + words_at("Data", 200, y) + words_at("Tahunan", 300, y)
            for y in (120, 131, 142)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns] == ["INDIKATOR", "SUMBER DATA", "KETERANGAN"]


def test_two_header_cells_closer_than_a_line_height_part_where_the_body_starts_a_column_between_them():
    # 'SUMBER' / 'DATA' and 'TARG' / 'ET' (a narrow cell broke TARGET): 6 pt apart, the body's third column
    # starting in that gap, a little left of the centred 'TARG'
    header = (words_at("INDIKATOR", 105, 80 - PITCH) + words_at("KINERJA", 105, 80) + words_at("SUMBER", 200, 80)
              + words_at("TARG", 233, 80) + words_at("DATA", 204.75, 80 + PITCH) + words_at("ET", 237.5, 80 + PITCH))
    body = [words_at("Jumlah", 105, y) + words_at("Data", 200, y) + words_at("100", 231, y) for y in (120, 131, 142)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns] == ["INDIKATOR KINERJA", "SUMBER DATA", "TARGET"]


@pytest.mark.skipif(indonesian_stems() is None, reason="needs Debian's hunspell-id (scripts/bootstrap.sh installs it)")
def test_a_short_word_ends_a_cut_word_only_where_the_dictionary_knows_them_together():
    assert _cell("pelayanan", "administra", "si") == "pelayanan administrasi"
    assert _cell("pelayanan", "kependudukan", "di") == "pelayanan kependudukan di"


@pytest.mark.skipif(indonesian_stems() is None, reason="needs Debian's hunspell-id (scripts/bootstrap.sh installs it)")
def test_a_longer_tail_is_joined_when_it_is_no_dictionary_word():
    assert _cell("Meningk", "atnya", x=50.0) == "Meningkatnya"
    assert _cell("Seksi", "Pemerint", "ahan") == "Seksi Pemerintahan"
    # 'mutu' is a word: 'Meningkatnya' reached the edge because the next word did not fit
    assert _cell("Meningkatnya", "mutu", "pelayanan") == "Meningkatnya mutu pelayanan"


def test_a_one_letter_tail_is_joined_even_after_other_words():
    assert _cell("Tersediany", "a dokumen") == "Tersedianya dokumen"
    assert _cell("Dokumen", "4 lapora", "n") == "Dokumen 4 laporan"


@pytest.mark.skipif(indonesian_stems() is None, reason="needs Debian's hunspell-id (scripts/bootstrap.sh installs it)")
def test_a_derived_word_on_the_next_line_is_no_tail():
    """'usulan' is 'usul' + '-an': a word that wrapped, not the tail of 'Persentase'."""
    assert _cell("Persentase", "usulan yang") == "Persentase usulan yang"


@pytest.mark.skipif(indonesian_stems() is None, reason="needs Debian's hunspell-id (scripts/bootstrap.sh installs it)")
def test_a_word_cut_at_a_page_break_is_told_by_the_dictionary_alone():
    """Text on two pages has no cell edge to measure: the dictionary must know the two parts as one word and
    not the head alone, or the tail must be a suffix that is never a word."""
    assert is_known_cut("Dokume", "n") and is_known_cut("lapora", "n") and is_known_cut("Meningkat", "nya")
    assert not is_known_cut("laporan", "kantor") and not is_known_cut("Seksi", "di")
    assert not is_known_cut("Meningkatnya", "an")


def test_a_vertical_rule_between_two_header_words_parts_their_cells():
    """A ruled header squeezed onto a page's last lines, its body on the next page: no body lines show where the
    columns start, the cell borders do ('SUMBER' | 'TARG', 5 pt apart)."""
    from extract.layout import Segment
    header = (words_at("INDIKATOR", 105, 80 - PITCH) + words_at("KINERJA", 105, 80) + words_at("SUMBER", 200, 80)
              + words_at("TARG", 232, 80) + words_at("DATA", 204.75, 80 + PITCH) + words_at("ET", 237.5, 80 + PITCH))
    rules = [Segment(x, x, 60, 102) for x in (100, 195, 229.5, 260)]
    headers = find_headers(group_lines(header), v_rules=rules)
    assert [c.text for c in headers[0].columns] == ["INDIKATOR KINERJA", "SUMBER DATA", "TARGET"]


def test_a_header_phrase_stays_one_cell_over_a_column_of_repeated_two_word_values():
    """OCR spaces 'SUMBER DATA' a little wide, and every row's 'Pemerintah Desa' starts its second word right
    under that gap: a recurring start, but DATA names no column of its own."""
    header = (words_at("SASARAN", 30, 80) + words_at("INDIKATOR", 105, 80) + words_at("SUMBER", 200, 80)
              + words_at("DATA", 230.5, 80))
    body = [words_at("Sasaran", 30, y) + words_at("Jumlah", 105, y) + words_at("Pemerintah", 180, y)
            + words_at("Desa", 228.5, y) for y in (100, 111, 122, 133)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns][-1] == "SUMBER DATA"


def test_three_header_cells_printed_touching_are_cut_where_the_body_starts_their_columns():
    """No cell padding: 'KETERANGAN', 'TARGET' and 'SATUAN' run together into one word; the body's lines start
    their columns at the two joins."""
    header = (words_at("SASARAN", 30, 80) + words_at("INDIKATOR", 105, 80)
              + words_at("KETERANGANTARGETSATUAN", 200, 80))
    body = [words_at("Sasaran", 30, y) + words_at("Jumlah", 105, y) + words_at("Tahunan", 200, y)
            + words_at("12", 245, y) + words_at("Dokumen", 272, y) for y in (100, 111, 122)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns] == ["SASARAN", "INDIKATOR", "KETERANGAN", "TARGET", "SATUAN"]
