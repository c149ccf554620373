"""Header words as OCR reads them off photocopies: a slash read as a letter between two header words, a quote read
in a word space, a word cut in two by a dropout. Each still names its field, so the table is not lost."""
from __future__ import annotations

from placed_words import words_at

from extract.table_header import find_headers, load_vocabulary, word_parts
from extract.text_lines import group_lines


def test_a_slash_read_as_a_letter_still_parts_two_header_words():
    vocab = load_vocabulary()
    assert word_parts("PERHITUNGANIPENJELASAN", vocab) == ["PERHITUNGAN", "PENJELASAN"]
    assert word_parts("PERHITUNGANIPERJELASAN", vocab) == ["PERHITUNGAN", "PERJELASAN"]  # and a letter misread
    assert word_parts("PERHITUNGANIPENJEL", vocab) == ["PERHITUNGAN", "PENJEL"]  # 'ASAN' follows as a word
    assert word_parts("KINERJA“UTAMA", vocab) == ["KINERJA", "UTAMA"]


def test_a_photocopied_header_line_is_found_with_its_four_fields():
    line = ("KINERJA“UTAMA", 60), ("INDIKATOR KINERJA", 180), ("FORMULASI PERHITUNGANIPENJEL ASAN", 280), (
        "SUMBER DATA", 460)
    words = [w for text, x in line for w in words_at(text, x, 100)]
    words += [w for text, x in (("Tersusunnya", 60), ("Jumlah", 180), ("Jumlah", 280), ("Dokumen", 460))
              for w in words_at(text, x, 130)]
    header = find_headers(group_lines(words))[0]
    assert header.fields == ["sasaran", "indikator", "formulasi", "sumber_data"]


def test_a_column_numbering_row_with_ocr_speckle_is_no_data_row():
    from extract.table_rows import TableRow

    assert TableRow("\\ 1", "2", "\\ 3", "\\ 4 \\", 0, 1, 1.0, 0).is_numbering
    assert not TableRow("Jumlah 1", "2", "", "", 0, 1, 1.0, 0).is_numbering
