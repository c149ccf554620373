"""Unit tests of each extraction stage on small synthetic layouts (words placed by hand, in PDF points)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from placed_words import words_at

from extract.cell_text import words_to_cell_text
from extract.decree_metadata import read_metadata
from extract.layout import Segment, Word
from extract.section_lines import is_section_text, label_of
from extract.table_columns import Column, ColumnLayout, best_gutter, subtract_all
from extract.table_header import find_headers
from extract.table_rows import aligned_rows, ruled_rows
from extract.text_lines import Line, group_lines, is_page_furniture

H = 9.0  # text height used throughout




def test_header_with_stacked_cells_and_numbered_row_is_one_header():
    words = (words_at("INDIKATOR", 200, 100) + words_at("FORMULASI", 400, 100)
             + words_at("KINERJA UTAMA", 60, 106) + words_at("SUMBER DATA", 600, 106)
             + words_at("KINERJA UTAMA", 200, 112) + words_at("PERHITUNGAN/PENJELASAN", 380, 112)
             + words_at("1", 90, 130) + words_at("2", 230, 130) + words_at("3", 450, 130) + words_at("4", 620, 130))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1
    header = headers[0]
    assert header.fields == ["sasaran", "indikator", "formulasi", "sumber_data"]
    assert header.numbered_row and header.bottom == 130 + H


def test_header_variant_wording_and_no_column():
    words = words_at("NO", 40, 100) + words_at("SASARAN/KINERJA UTAMA", 80, 100) + words_at(
        "INDIKATOR KINERJAINDIVIDU", 260, 100) + words_at("PENJELASAN/FORMULASI PENGHITUNGAN", 420, 100) + words_at(
        "SUMBER DATA", 640, 100)
    header = find_headers(group_lines(words))[0]
    assert header.fields == ["no", "sasaran", "indikator", "formulasi", "sumber_data"]


def test_page_title_is_not_a_header():
    lines = group_lines(words_at("INDIKATOR KINERJA INDIVIDU", 200, 50))
    assert find_headers(lines) == []


def test_gutter_prefers_aligned_column_start_over_word_space():
    words = [w for y in (100, 111, 122) for w in words_at("aaaa bbbb", 10, y) + words_at("Jumlah cc", 100, y)]
    free = subtract_all([[(30.0, 150.0)]], words)
    assert free is not None
    a, b = best_gutter(free[0], words)
    assert a < 100 <= b + 0.01  # the cut lies before "Jumlah", not after it


def test_narrow_gutter_wins_where_the_next_column_keeps_starting():
    # justified sasaran lines with 12 pt word spaces; the indikator column starts 6 pt after them, line after line
    # (the justified lines differ, so their wide spaces do not line up from one line to the next)
    sasaran = [[Word("Melaksanakan", 10, 64, 0, H), Word("di", 76, 85, 0, H)],
               [Word("kebersihan", 10, 58, 0, H), Word("dan", 74, 85, 0, H)]]
    words = [replace(w, top=y, bottom=y + H) for k, y in enumerate(range(100, 166, 11))
             for w in sasaran[k % 2] + words_at("Terbentuknya kampung", 91, 0)]
    assert best_gutter([(64.0, 74.0), (85.0, 91.0)], words) == (85.0, 91.0)


def test_a_gutter_narrower_than_a_word_space_between_the_header_texts_beats_a_wide_one_under_a_header():
    # cells with little padding: column A's lines end one word space before column B's short texts ('-', '-',
    # 'Tahun'), which leave a wide free space under B's own centred header text; a cut there would split it
    words = [w for y, b in ((100, "-"), (111, "-"), (122, "Tahun"))
             for w in words_at("Kinerja baik", 24.5, y) + words_at(b, 79, y)]
    free = subtract_all([[(40.0, 115.0)]], words)
    assert free is not None and all(a > 79 for a, _ in free[0])  # the word space itself is no free interval
    a, b = best_gutter(free[0], words, between=(60.0, 80.0))
    assert 76.5 <= a < b <= 79.0


def test_line_filling_a_gutter_ends_the_table():
    prose = words_at("a long line of prose that runs across every column of the page", 10, 100)
    assert subtract_all([[(60.0, 90.0)]], prose) is None


def _layout() -> ColumnLayout:
    return ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 200), Column("formulasi", 200, 300),
                         Column("sumber_data", 300, 400)), True, ())


def test_ruled_rows_see_a_rule_a_dropout_cut_and_not_a_neighbour_reaching_in():
    """A photocopy lost 30 pt of the rule inside the indikator cell: still a row border. The rule under the first
    row also reaches 5 pt into the merged sasaran cell: not a border there."""
    words = (words_at("Sasaran satu", 5, 130) + words_at("Ind A", 105, 105) + words_at("F A", 205, 105)
             + words_at("S A", 305, 105) + words_at("Ind B", 105, 135) + words_at("F B", 205, 135)
             + words_at("S B", 305, 135))
    rules = [Segment(95, 130, 130, 130), Segment(160, 400, 130.5, 130.5)]
    rows = ruled_rows(_layout(), words, rules, 100, 160)
    assert rows is not None
    assert [r.cells() for r in rows] == [("Sasaran satu", "Ind A", "F A", "S A"), ("Sasaran satu", "Ind B", "F B", "S B")]


def test_ruled_rows_spread_merged_sasaran_over_its_rows():
    words = (words_at("Sasaran satu", 5, 130) + words_at("Ind A", 105, 105) + words_at("F A", 205, 105)
             + words_at("S A", 305, 105) + words_at("Ind B", 105, 135) + words_at("F B", 205, 135)
             + words_at("S B", 305, 135) + words_at("Sasaran dua", 5, 165) + words_at("Ind C", 105, 165)
             + words_at("F C", 205, 165) + words_at("S C", 305, 165))
    rules = [Segment(100, 400, 130, 130), Segment(0, 400, 160, 160)]  # no rule across sasaran at y=130
    rows = ruled_rows(_layout(), words, rules, 100, 190)
    assert rows is not None
    assert [r.cells() for r in rows] == [("Sasaran satu", "Ind A", "F A", "S A"), ("Sasaran satu", "Ind B", "F B", "S B"),
                                         ("Sasaran dua", "Ind C", "F C", "S C")]


def test_a_row_whose_first_line_pokes_above_a_group_rule_is_under_it():
    """Cells printed with no padding: the next group's first line starts 0.2 pt above the rule that closes the
    group before it; that row is the next group's, with the sasaran centred on its rows."""
    def row(y: float, tag: str) -> list:
        return words_at(f"Ind {tag}", 105, y) + words_at(f"F {tag}", 205, y) + words_at(f"S {tag}", 305, y)
    words = (words_at("Sasaran satu", 5, 100) + row(100, "A") + words_at("Sasaran dua", 5, 117) + row(109.3, "B")
             + row(125, "C"))
    rules = [Segment(0, 400, 109.5, 109.5)]
    rows = aligned_rows(_layout(), words, 95, 140, rules)
    assert [r.sasaran for r in rows] == ["Sasaran satu", "Sasaran dua", "Sasaran dua"]


def test_sasaran_read_as_two_blocks_in_one_row_stays_one_cell():
    """OCR set the last line of a one-row table's sasaran a little lower: two blocks in the one row, still its
    sasaran (it was lost whole when each block had to have a row of its own)."""
    words = (words_at("Meningkatkan", 5, 100) + words_at("kualitas", 5, 110) + words_at("Kelurahan Baru", 5, 126)
             + words_at("Ind A", 105, 100) + words_at("Rumus A", 205, 100) + words_at("yang", 205, 110)
             + words_at("dihitung", 205, 120) + words_at("Data", 305, 100))
    rows = aligned_rows(_layout(), words, 95, 140)
    assert [r.cells() for r in rows] == [("Meningkatkan kualitas\nKelurahan Baru", "Ind A", "Rumus A yang dihitung",
                                          "Data")]


def test_numbered_row_with_numbers_lost_to_ocr_is_no_indicator_row():
    words = (words_at("3", 250, 100) + words_at("4", 350, 100) + words_at("Sasaran", 5, 115) + words_at("Ind", 105, 115)
             + words_at("Rumus", 205, 115) + words_at("Data", 305, 115))
    rows = aligned_rows(_layout(), words, 95, 130)
    assert [r.cells() for r in rows] == [("Sasaran", "Ind", "Rumus", "Data")]


def test_aligned_rows_centre_sasaran_and_keep_paragraphs():
    # two rows 30pt apart; the sasaran printed once, vertically centred over both; a 2-paragraph formula cell
    words = (words_at("Sasaran tengah", 5, 121) + words_at("Ind A", 105, 100) + words_at("Rumus A.", 205, 100)
             + words_at("Paragraf dua", 205, 115) + words_at("S A", 305, 100) + words_at("Ind B", 105, 140)
             + words_at("Rumus B", 205, 140) + words_at("S B", 305, 140))
    layout = ColumnLayout(_layout().columns, False, ())
    rows = aligned_rows(layout, words, 95, 150)
    assert [r.cells() for r in rows] == [("Sasaran tengah", "Ind A", "Rumus A.\nParagraf dua", "S A"),
                                         ("Sasaran tengah", "Ind B", "Rumus B", "S B")]


def test_sasaran_centred_on_three_rows_is_not_taken_for_top_aligned_with_the_middle_one():
    # rows of 4, 3 and 4 lines; a three-line sasaran centred on all three starts where the middle
    # row does
    def cell(x: float, top: float, n_lines: int, text: str) -> list[Word]:
        return [w for k in range(n_lines) for w in words_at(f"{text}{k}", x, top + 12 * k)]
    words = [w for top, n, name in ((100, 4, "a"), (151, 3, "b"), (190, 4, "c"))
             for x, field in ((105, "ind"), (205, "rumus"), (305, "sumber"))
             for w in cell(x, top, n, f"{field}{name}")]
    words += words_at("Sasaran satu", 5, 151) + words_at("sasaran dua", 5, 163) + words_at("sasaran tiga", 5, 175)
    layout = ColumnLayout(_layout().columns, False, ())
    rows = aligned_rows(layout, words, 95, 235)
    assert [r.indikator.split()[0] for r in rows] == ["inda0", "indb0", "indc0"]
    assert [r.sasaran for r in rows] == ["Sasaran satu sasaran dua sasaran tiga"] * 3


def test_cell_text_joins_wrapped_lines_and_hyphenated_words():
    words = words_at("Jumlah pelayanan masing-", 0, 0) + words_at("masing RT", 0, 10.5)
    assert words_to_cell_text(words) == "Jumlah pelayanan masing-masing RT"


def test_position_labels_and_section_lines():
    assert label_of("1. Jabatan : CAMAT") == ("jabatan", "CAMAT")
    assert label_of("3. FUNGSI : a. Penyelenggaraan") == ("fungsi", "a. Penyelenggaraan")
    assert label_of("fungsi berdasarkan peraturan") is None
    assert is_section_text("Ditetapkan di Sukamaju") and not is_section_text("Jumlah usulan x 100%")


def test_page_number_in_margin_is_furniture():
    line = group_lines(words_at("- 2 -", 290, 820))[0]
    assert is_page_furniture(line, 842) and not is_page_furniture(line, 2000)


def test_metadata_from_front_matter_and_signature():
    meta = read_metadata([
        "KEPUTUSAN CAMAT SUKAMAJU KABUPATEN CONTOH", "NOMOR : 800/12/435.1/2024", "TENTANG",
        "INDIKATOR KINERJA INDIVIDU KECAMATAN SUKAMAJU TAHUN 2024", "Ditetapkan di Sukamaju",
        "Pada tanggal : 2 Januari 2024", "CAMAT SUKAMAJU,", "Drs. BUDI SANTOSO, M.Si", "Pembina Tk. I",
        "NIP. 19700101 199003 1 002",
    ])
    assert (meta.unit_type, meta.unit_name, meta.region) == ("kecamatan", "Kecamatan Sukamaju", "Kabupaten Contoh")
    assert meta.decree_number == "800/12/435.1/2024" and meta.year == 2024
    assert meta.decree_date == dt.date(2024, 1, 2)
    assert meta.signatory_name == "Drs. BUDI SANTOSO, M.Si" and meta.signatory_nip == "197001011990031002"


def _page(lines: list[tuple[float, float, str]], conf: float = 1.0):  # type: ignore[no-untyped-def]
    """A PageContent of plain lines: (x, top, text) each; ``conf`` < 1 makes it an OCR page."""
    from dataclasses import replace

    from extract.page_tables import PageContent
    items = tuple(group_lines([replace(w, conf=conf) for w in words_at(text, x, top)])[0] for x, top, text in lines)
    return PageContent(1, "text" if conf == 1.0 else "ocr", "", items, None, conf)


def test_labels_printed_apart_from_their_values():
    from extract.decree_structure import parse_decree
    page = _page([(60, 100, "INDIKATOR KINERJA INDIVIDU"), (40, 120, "1. JABATAN"), (40, 132, "2. TUGAS"),
                  (40, 144, "3. FUNGSI"), (140, 160, ": CAMAT"), (140, 172, ": Memimpin penyelenggaraan pemerintahan"),
                  (140, 184, ": a. Pengoordinasian kegiatan;"), (150, 196, "b. Pembinaan desa.")])
    body = parse_decree([page])
    assert [(p.jabatan, p.tugas, p.fungsi) for p in body.positions] == [
        ("CAMAT", ["Memimpin penyelenggaraan pemerintahan"], ["Pengoordinasian kegiatan;", "Pembinaan desa."])]


def test_ocr_labels_without_punctuation_and_fungsi_without_markers():
    from extract.decree_structure import parse_decree
    page = _page([(60, 100, "INDIKATOR KINERJA INDIVIDU"), (40, 120, "] Jabatan KASI PEMERINTAHAN"),
                  (40, 132, "Tugas Melaksanakan sebagian tugas Camat"), (40, 144, "Fungsi a Penyiapan bahan;"),
                  (140, 156, "Fasilitasi pelayanan administrasi kependudukan di tingkat"),
                  (140, 168, "kecamatan;"), (140, 180, "Penyusunan laporan.")])
    body = parse_decree([page])
    pos = body.positions[0]
    assert pos.jabatan == "KASI PEMERINTAHAN" and pos.tugas == ["Melaksanakan sebagian tugas Camat"]
    assert pos.fungsi == ["Penyiapan bahan;", "Fasilitasi pelayanan administrasi kependudukan di tingkat kecamatan;",
                          "Penyusunan laporan."]


def test_markerless_lowercase_fungsi_items_split_where_a_line_was_ended_on_purpose():
    """OCR lost the bullets and read ';' as ','; the next item starts lower-case. A line whose successor's first
    word would have fitted after it was ended on purpose; a line that wraps at the right edge was not."""
    from extract.decree_structure import parse_decree
    page = _page([(60, 100, "INDIKATOR KINERJA INDIVIDU"), (40, 120, "1. Jabatan : Sekretaris"),
                  (40, 132, "2. Tugas : Membantu Camat dalam urusan kesekretariatan dan keuangan kantor kecamatan"),
                  (40, 144, "3. Fungsi : merencanakan kegiatan kesekretariatan,"),
                  (104, 156, "mengelola urusan administrasi kepegawaian, kesejahteraan dan pendidikan"),
                  (104, 168, "pelatihan pegawai,"), (104, 180, "mengoordinasikan perencanaan dan pelaporan.")],
                 conf=0.9)
    pos = parse_decree([page]).positions[0]
    assert pos.fungsi == ["merencanakan kegiatan kesekretariatan,",
                          "mengelola urusan administrasi kepegawaian, kesejahteraan dan pendidikan pelatihan pegawai,",
                          "mengoordinasikan perencanaan dan pelaporan."]


def test_header_word_cut_in_two_by_ocr_is_still_a_header_line():
    words = (words_at("SASARAN/KINERJA", 60, 100) + words_at("INDIKATOR", 200, 100) + words_at("FORMULASI", 400, 100)
             + words_at("SUMBER", 600, 100) + words_at("UTAMA", 60, 112) + words_at("KINERJA UTAMA", 200, 112)
             + words_at("PERHITUNGAN/PENJEL ASAN", 380, 112) + words_at("DATA", 600, 112))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1 and headers[0].bottom == 112 + H


def test_header_words_run_together_by_ocr_are_read_apart():
    """OCR lost the slash (``PERHITUNGANPENJELASAN``) and a space (``KINERJAUTAMA``): still the header."""
    words = (words_at("KINERJAUTAMA", 60, 100) + words_at("INDIKATOR KINERJA", 200, 100)
             + words_at("FORMULASI PERHITUNGANPENJELASAN", 330, 100) + words_at("SUMBER DATA", 600, 100))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1 and headers[0].fields == ["sasaran", "indikator", "formulasi", "sumber_data"]


def test_header_with_ocr_speckle_and_a_dropout_in_a_word_keeps_its_four_columns():
    """A photocopy: a stray dash and underscore read in the header band, SUMBER read as SUMBFR."""
    words = (words_at("SASARAN", 60, 100) + words_at("—", 150, 100) + words_at("INDIKATOR KINERJA", 200, 100)
             + words_at("_", 310, 101) + words_at("FORMULASI", 380, 100) + words_at("SUMBFR DATA", 600, 100))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1 and headers[0].fields == ["sasaran", "indikator", "formulasi", "sumber_data"]


def test_header_words_a_dropout_split_in_pieces_are_read_joined():
    """A photocopy's toner dropout split SUMBER into "SI MBER" and FORMULASI into "FORMU} ASI"."""
    words = (words_at("NO", 40, 100) + words_at("SASARAN", 80, 100) + words_at("INDIKATOR KINERJA", 200, 100)
             + words_at("FORMU} ASI", 380, 100) + words_at("SI MBER DATA", 600, 100))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1 and headers[0].fields == ["no", "sasaran", "indikator", "formulasi", "sumber_data"]


def test_header_word_that_lost_its_start_to_a_dropout_still_names_its_column():
    """JMBER DATA (SUMBER's S gone, U broken to J) printed centred on its own line between two header lines."""
    words = (words_at("SASARAN/KINERJA", 60, 100) + words_at("INDIKATOR KINERJA", 200, 100)
             + words_at("PENJELASAN/FORMULASI", 380, 100) + words_at("JMBER DATA", 600, 106)
             + words_at("UTAMA", 60, 112) + words_at("INDIVIDU", 200, 112) + words_at("PENGHITUNGAN", 380, 112))
    headers = find_headers(group_lines(words))
    assert len(headers) == 1 and headers[0].fields == ["sasaran", "indikator", "formulasi", "sumber_data"]
    assert headers[0].bottom == 112 + H


def test_a_long_word_that_merely_starts_with_header_words_is_not_header_vocabulary():
    assert find_headers(group_lines(words_at("INDIKATOR KINERJA", 200, 100) + words_at("SUMBERDAYAMANUSIA", 400, 100)
                                    + words_at("SASARAN", 60, 100))) == []


def test_row_cut_by_a_page_break_is_finished_even_when_its_rest_is_capitalised():
    """Atop the next page: an empty sumber data cell the row before filled, and text that follows cells left
    without a closing stop: the rest of the cut row. A whole new row after it stays a row."""
    from extract.decree_structure import PageContent, parse_decree
    from extract.page_tables import TableFragment
    from extract.table_rows import TableRow

    def fragment(page_no: int, rows: list[tuple[str, str, str, str]]) -> TableFragment:
        table_rows = tuple(TableRow(*cells, top=100.0 + 40 * i, bottom=130.0 + 40 * i, conf=0.9,
                                    group=0 if cells[0] else -1) for i, cells in enumerate(rows))
        return TableFragment(page_no, 100.0, 700.0, table_rows, _layout(), "header" if page_no == 1 else "",
                             "ruled", ends_page=True)

    label = _page([(40, 60, "1. Jabatan : Sekretaris Kelurahan")]).items[0]
    first = PageContent(1, "ocr", "", (label, fragment(1, [
        ("Meningkatkan kinerja SDM", "Terlaksananya pengelolaan disiplin", "Terkelolanya pengawasan disiplin",
         "Data Kesekretariatan.")])), None, 0.9)
    second = PageContent(2, "ocr", "", (fragment(2, [
        ("", "Kepegawaian", "Pegawai melalui buku kendali", ""),
        ("", "Tersusunnya laporan kepegawaian", "Jumlah laporan", "Data Kepegawaian")]),), None, 0.9)
    rows = parse_decree([first, second]).positions[0].rows
    assert [row.cells[1:] for row in rows] == [
        ["Terlaksananya pengelolaan disiplin Kepegawaian",
         "Terkelolanya pengawasan disiplin Pegawai melalui buku kendali", "Data Kesekretariatan."],
        ["Tersusunnya laporan kepegawaian", "Jumlah laporan", "Data Kepegawaian"]]


def test_markerless_fungsi_items_split_where_the_next_line_opens_like_the_item_did():
    """Long OCR lines (no room to tell by their ends): a closed item, then a lower-case line opening with the same
    kind of word (mengelola ... / menyelenggarakan ...) is the next item; a wrapped line of the item is not."""
    from extract.decree_structure import parse_decree
    page = _page([(60, 100, "INDIKATOR KINERJA INDIVIDU"), (40, 120, "1. Jabatan : Sekretaris"),
                  (40, 132, "2. Tugas : Membantu Camat dalam urusan kesekretariatan dan keuangan kantor kecamatan"),
                  (40, 144, "3. Fungsi : mengelola urusan rumah tangga, keprotokolan dan hubungan masyarakat,"),
                  (104, 156, "menyelenggarakan kegiatan tata usaha persuratan dan penggandaan, kearsipan dan"),
                  (104, 168, "perpustakaan,")], conf=0.9)
    pos = parse_decree([page]).positions[0]
    assert pos.fungsi == ["mengelola urusan rumah tangga, keprotokolan dan hubungan masyarakat,",
                          "menyelenggarakan kegiatan tata usaha persuratan dan penggandaan, kearsipan dan perpustakaan,"]


def test_narrow_column_gap_counts_only_where_the_next_column_starts_as_above():
    """Little cell padding leaves a 4 pt gap beside 3 pt word spaces: kept when the next column's text starts
    exactly where it did on the lines above; the same gap elsewhere is just a word space."""
    def line(*spans: tuple[str, float, float]) -> list[Word]:
        return [Word(text, x0, x1, 100, 110) for text, x0, x1 in spans]
    gutter = [[(128.0, 185.0)]]
    table_line = line(("kinerja", 125, 159), ("dan", 162, 181), ("perencanaan", 185, 251), ("yang", 254, 279))
    assert subtract_all(gutter, table_line) == [[(181, 185)]]
    prose = line(("kinerja", 125, 159), ("dan", 162, 181), ("perencanaan", 186, 251), ("yang", 254, 279))
    assert subtract_all(gutter, prose) is None


def test_scan_edge_scraps_in_the_margin_are_furniture_but_read_words_are_not():
    def ocr_line(texts_confs: list[tuple[str, float]], top: float) -> Line:
        words = [Word(t, 500 + 40 * k, 530 + 40 * k, top, top + 5, conf=c) for k, (t, c) in enumerate(texts_confs)]
        return group_lines(words)[0]
    assert is_page_furniture(ocr_line([("Uu", 0.25), ("oy", 0.37), ("|", 0.81), ("tot", 0.29)], 0.0), 842)
    assert not is_page_furniture(ocr_line([("LAMPIRAN", 0.93), ("KEPUTUSAN", 0.91)], 20.0), 842)
    assert not is_page_furniture(ocr_line([("Uu", 0.25), ("oy", 0.37)], 400.0), 842)  # not in the margin


def test_capitalised_fungsi_line_after_a_hard_break_is_the_next_item_even_without_terminator():
    """OCR dropped the ';' and a lettered list's markers: a capital after a line ended on purpose starts the next
    item; a capitalised word that wraps from a full line (Pemerintahan) continues the item."""
    from extract.decree_structure import parse_decree
    page = _page([(60, 100, "INDIKATOR KINERJA INDIVIDU"), (40, 120, "1. Jabatan : Lurah"),
                  (40, 132, "2. Tugas : Membantu Camat dalam urusan pemerintahan, pelayanan dan pemberdayaan"),
                  (40, 144, "3. Fungsi : a. Melaksanakan sistem pengendalian intern"),
                  (104, 156, "Melaksanakan koordinasi terhadap jalannya kegiatan di seluruh wilayah"),
                  (104, 168, "Pemerintahan Kelurahan")], conf=0.9)
    pos = parse_decree([page]).positions[0]
    assert pos.fungsi == ["Melaksanakan sistem pengendalian intern",
                          "Melaksanakan koordinasi terhadap jalannya kegiatan di seluruh wilayah Pemerintahan Kelurahan"]


def test_lines_along_the_image_edge_are_no_rules():
    from extract.ruling_lines import drop_page_edges

    band = Segment(10, 11, 0, 842)  # a copier's dark band along the left edge of an A4 page
    rule = Segment(102, 103, 250, 370)
    shadow = Segment(0, 595, 835, 836)  # a scanner lid's shadow along the bottom
    assert drop_page_edges([band, rule, shadow], 595, 842) == [rule]


def test_a_rule_curved_by_a_bent_page_is_one_line_and_a_filled_band_two_edges():
    import numpy as np

    from extract.ruling_lines import mask_to_segments

    mask = np.zeros((400, 1200), np.uint8)
    for x in range(100, 1100):  # a 3-px rule sagging 30 px in the middle of the page
        y = 100 + round(30 * np.sin(np.pi * (x - 100) / 1000))
        mask[y:y + 3, x] = 255
    mask[300:360, 100:1100] = 255  # a shaded header band
    segments = mask_to_segments(mask, 300, horizontal=True)
    assert len(segments) == 3
    curve = min(segments, key=lambda s: s.y)
    assert 100 * 72 / 300 <= curve.y <= 133 * 72 / 300 and curve.x1 - curve.x0 > 230


def test_a_numbering_row_printed_further_below_a_tall_header_is_part_of_it():
    """'1 2 3 4' two lines under the header (a tall header row): it counts the columns, so it is no data row."""
    words = (words_at("SASARAN", 60, 100) + words_at("INDIKATOR", 200, 100) + words_at("FORMULASI", 380, 100)
             + words_at("SUMBER DATA", 600, 100) + words_at("1", 60, 120) + words_at("2", 200, 120)
             + words_at("3", 380, 120) + words_at("4", 600, 120))
    headers = find_headers(group_lines(words))
    assert headers[0].numbered_row and headers[0].bottom == 120 + H


def test_a_header_word_cut_before_its_last_letter_names_its_field():
    """'STRATEGI' / 'S': a narrow cell broke SASARAN STRATEGIS; STRATEGI alone would name an extra column."""
    words = (words_at("SASARAN", 60, 100) + words_at("INDIKATOR", 200, 100) + words_at("FORMULASI", 380, 100)
             + words_at("SUMBER DATA", 600, 100) + words_at("STRATEGI", 60, 111) + words_at("S", 80, 122))
    assert find_headers(group_lines(words))[0].fields == ["sasaran", "indikator", "formulasi", "sumber_data"]


def test_a_first_body_line_gluing_two_cells_is_cut_between_the_header_texts():
    """Cells printed with no padding: the table's first line glues 'kepuasan' to the next cell's 'Subbagian'
    inside the gap between the two centred header texts; no line above shows where the column starts. The table
    was lost whole (its first line ended it before any row)."""
    from extract.layout import PageLayout
    from extract.page_tables import TableFragment, read_page
    words = (words_at("SASARAN", 34.25, 100) + words_at("INDIKATOR", 129.75, 100) + words_at("SUMBER DATA", 226.25, 100)
             + words_at("Meningkatnya", 0, 120) + words_at("Nilai indeks kepuasanSubbagian Keuangan", 100, 120)
             + words_at("kapasitas", 0, 131) + words_at("masyarakat", 100, 131))
    items = read_page(PageLayout(1, 600, 800, tuple(words)), None).items
    fragments = [item for item in items if isinstance(item, TableFragment)]
    assert [r.cells() for f in fragments for r in f.rows] == [
        ("Meningkatnya kapasitas", "Nilai indeks kepuasan masyarakat", "", "Subbagian Keuangan")]


def test_a_header_repeated_atop_the_next_page_reads_its_rows_in_the_carried_columns():
    """A browser repeats a table's head on every page. Under it a lone continued row fills its indikator cell to
    a word space from the next column's text; the columns carried from the page before show where that starts."""
    from extract.layout import PageLayout
    from extract.page_tables import TableFragment, read_page
    words = (words_at("SASARAN", 34.25, 50) + words_at("INDIKATOR", 129.75, 50) + words_at("SUMBER DATA", 226.25, 50)
             + words_at("Meningkatnya", 2, 70) + words_at("Nilai indeks kepuasan", 107, 70)
             + words_at("Data SKM kantor", 200, 70)
             + words_at("Ditetapkan di Sukamaju", 300, 120))
    carry = ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 199), Column("sumber_data", 199, 600)),
                         False, ((98.0, 102.0), (196.0, 200.0)))
    rows = [r.cells() for item in read_page(PageLayout(2, 600, 800, tuple(words)), carry).items
            if isinstance(item, TableFragment) for r in item.rows]
    assert rows == [("Meningkatnya", "Nilai indeks kepuasan", "", "Data SKM kantor")]


def test_rows_waiting_at_a_page_break_keep_the_sasaran_above_when_the_next_one_starts_below_the_cut_row():
    """A centred merged sasaran cell cut by the page break: its text printed on the first page, its last row cut.
    On the next page the rest of the cut row is under no sasaran, and the next group's text is centred on the
    rows after it: the rows waiting since the break are of the group above."""
    from extract.decree_structure import parse_decree
    from extract.page_tables import PageContent, TableFragment
    from extract.table_rows import TableRow
    label = group_lines(words_at("1. Jabatan : Camat", 40, 60))[0]
    first = TableFragment(1, 100, 700, (TableRow("Sasaran satu", "Ind A", "F A", "S A", 110, 150, 1.0, 0),
                                        TableRow("", "Ind B", "F B", "S B", 150, 190, 1.0, -1),
                                        TableRow("", "Ind C", "F C awal", "S C", 190, 700, 1.0, -1)),
                          _layout(), "SASARAN | INDIKATOR | FORMULASI | SUMBER DATA", "aligned", True)
    second = TableFragment(2, 50, 200, (TableRow("", "", "akhir", "", 50, 70, 1.0, -1),
                                        TableRow("Sasaran dua", "Ind D", "F D", "S D", 70, 120, 1.0, 0)),
                           _layout(), "", "aligned", False)
    body = parse_decree([PageContent(1, "text", "", (label, first), _layout(), 1.0),
                         PageContent(2, "text", "", (second,), None, 1.0)])
    assert [(r.cells[0], r.cells[1]) for r in body.positions[0].rows] == [
        ("Sasaran satu", "Ind A"), ("Sasaran satu", "Ind B"), ("Sasaran satu", "Ind C"), ("Sasaran dua", "Ind D")]


def test_a_small_table_tells_its_row_gaps_from_the_gaps_of_its_wrapped_lines():
    """Five lines are too few to measure a table's line spacing from all its gaps; the two lines that go on in
    lower case are wraps for certain, and rows printed with a little padding are a point further apart."""
    words = (words_at("Persentase pengaduan", 105, 100) + words_at("ditindaklanjuti", 105, 110.25)
             + words_at("Nilai indeks", 105, 122.75) + words_at("Jumlah pelatihan", 105, 134.75)
             + words_at("pegawai", 105, 145) + words_at("Seksi Pemerintahan", 305, 100)
             + words_at("Seksi Pemerintahan", 305, 122.75) + words_at("Laporan tahunan", 305, 134.75))
    rows = aligned_rows(_layout(), words, 95, 160)
    assert [r.indikator for r in rows] == ["Persentase pengaduan ditindaklanjuti", "Nilai indeks",
                                           "Jumlah pelatihan pegawai"]


def test_a_sumber_data_printed_in_the_penjelasan_cell_of_a_table_without_its_column_is_read_apart():
    from extract.decree_structure import parse_decree
    from extract.page_tables import PageContent, TableFragment
    from extract.table_rows import TableRow
    label = group_lines(words_at("1. Jabatan : Camat", 40, 60))[0]
    three = ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 200), Column("formulasi", 200, 400)),
                         False, ())
    table = TableFragment(1, 100, 300, (
        TableRow("Sasaran", "Ind A", "Jumlah hadir / hari kerja x 100%\nSumber data: Register pengaduan", "", 110, 150,
                 1.0, 0),
        TableRow("Sasaran", "Ind B", "Jumlah sumber data yang diolah", "", 150, 190, 1.0, 0)),
        three, "SASARAN | INDIKATOR | PENJELASAN", "aligned", False)
    body = parse_decree([PageContent(1, "text", "", (label, table), None, 1.0)])
    assert [r.cells[2:] for r in body.positions[0].rows] == [
        ["Jumlah hadir / hari kerja x 100%", "Register pengaduan"], ["Jumlah sumber data yang diolah", ""]]


def test_a_word_space_gap_at_a_column_edge_the_body_starts_at_is_the_gutter():
    """Small type, little padding: the formula column ends a word space before the sumber column's texts, which
    start at one x on every line (a column edge of the body); the wide space right of the short sumber texts
    lies under that column's own header."""
    words = [w for y, end, head, tail in ((100, 510.8, "satu", "Register pengaduan"),
                                          (111, 508.0, "jumlah", "Register pengaduan"),
                                          (122, 506.0, "usulan)", "Data SKM"))
             for w in words_at(head, end - 4.5 * len(head), y) + words_at(tail, 512.6, y)]
    intervals = [(510.8, 512.6), (591.6, 640.0)]
    assert best_gutter(intervals, words, (482.0, 625.9)) == (591.6, 625.9 + 0.75)  # without the body's edges
    assert best_gutter(intervals, words, (482.0, 625.9), column_edges=[512.6]) == (510.8, 512.6)


def test_blocks_level_with_row_tops_are_top_aligned_when_centring_them_fits_no_better():
    """Both sasaran blocks start level with a row's top; the second one also happens to sit at the centre of
    the three rows above and below it. A table prints merged cells one way: top-aligned, as the first block
    shows, and the third row is the first group's."""
    words = (words_at("Sasaran satu", 5, 100) + words_at("Sasaran dua", 5, 160)
             + [w for k, y in enumerate((100, 120, 140, 160, 180)) for w in words_at(f"Ind {k}", 105, y)
                + words_at(f"Data {k}", 305, y)])
    rows = aligned_rows(_layout(), words, 95, 189)
    assert [r.sasaran for r in rows] == ["Sasaran satu"] * 3 + ["Sasaran dua"] * 2


def test_a_block_centred_on_three_rows_and_one_taller_than_its_row_are_read_centred():
    """The first sasaran sits level with the middle one of its three rows, centred on them; the second, four
    lines in a one-line row, makes that row as tall as itself and is centred there too. Read as top-aligned the
    first block would leave its first row to the page before."""
    words = (words_at("Sasaran satu", 5, 120) + [w for k, y in enumerate((160, 171, 182, 193))
                                                 for w in words_at(f"dua baris{k}", 5, y)]
             + [w for k, y in enumerate((100, 120, 140, 160)) for w in words_at(f"Ind {k}", 105, y)
                + words_at(f"Data {k}", 305, y)])
    rows = aligned_rows(_layout(), words, 95, 205)
    assert [r.sasaran.split()[0] for r in rows] == ["Sasaran", "Sasaran", "Sasaran", "dua"]


def test_a_group_number_off_every_row_top_shows_the_merged_cells_centred():
    """Every sasaran block starts level with a row's top, but the NO column's third number sits between two
    rows: the table centres its merged cells, and the third group spans the three rows around its text."""
    layout = ColumnLayout((Column("no", 0, 30), Column("sasaran", 30, 100), Column("indikator", 100, 200),
                           Column("formulasi", 200, 300), Column("sumber_data", 300, 400)), True, ())
    words = (words_at("1", 5, 100) + words_at("Satu", 35, 100) + words_at("2", 5, 122) + words_at("Dua", 35, 122)
             + words_at("3", 5, 171.5) + words_at("Tiga a", 35, 166) + words_at("Tiga b", 35, 177)
             + [w for k, y in enumerate((100, 122, 144, 166, 188)) for w in words_at(f"Ind {k}", 105, y)
                + words_at(f"Data {k}", 305, y)])
    rows = aligned_rows(layout, words, 95, 200)
    assert [r.sasaran for r in rows] == ["Satu", "Dua", "Tiga a Tiga b", "Tiga a Tiga b", "Tiga a Tiga b"]


def test_a_word_space_at_a_recurring_start_does_not_beat_a_gap_the_next_column_starts_at():
    """Formulas opening '(jumlah usulan' and 'usulan) x 100%' line up their second words too; the real gutter
    before them, where their column's lines start, stays the cut."""
    texts = [("patroli", 251.0, 275.3), ("Jumlah", 285.5, 314.1), ("laporan", 316.6, 346.1),
             ("(jumlah", 285.5, 314.6), ("usulan", 317.1, 343.3), ("usulan)", 285.5, 314.7), ("x", 317.1, 321.5),
             ("(jumlah", 285.5, 314.6), ("usulan", 317.1, 343.3), ("usulan)", 285.5, 314.7), ("x", 317.1, 321.5)]
    words = [Word(t, x0, x1, 100 + 10 * k, 109 + 10 * k) for k, (t, x0, x1) in enumerate(texts)]
    assert best_gutter([(275.8, 285.5), (314.7, 316.6)], words, (239.4, 320.5), [285.5, 317.1]) == (275.8, 285.5)


def test_a_row_hugging_a_rule_across_the_table_after_a_tall_row_stays_in_the_table():
    """A sheet ruled between its sasaran groups only, with a tall row (a merged cell made it so): the next
    group's first line, right under the rule across the table, is a row, not text after the table."""
    from extract.layout import PageLayout, Segment
    from extract.page_tables import TableFragment, read_page
    words = (words_at("SASARAN", 34.25, 100) + words_at("INDIKATOR", 129.75, 100) + words_at("SUMBER DATA", 226.25, 100)
             + words_at("Satu", 2, 120) + words_at("Ind A", 102, 120) + words_at("Data A", 202, 120)
             + words_at("Dua", 2, 160.5) + words_at("Ind B", 102, 160.5) + words_at("Data B", 202, 160.5))
    rules = (Segment(0, 300, 112, 112), Segment(0, 300, 160, 160), Segment(0, 300, 175, 175))
    items = read_page(PageLayout(1, 600, 800, tuple(words), rules), None).items
    rows = [r.cells() for item in items if isinstance(item, TableFragment) for r in item.rows]
    assert rows == [("Satu", "Ind A", "", "Data A"), ("Dua", "Ind B", "", "Data B")]


def test_the_signing_place_starts_a_block_even_inside_a_grid():
    from extract.section_lines import is_block_start
    assert is_block_start("Ditetapkan di Sukamaju") and is_block_start("DITETAPKAN DI : SAMARINDA")
    assert not is_block_start("Ditetapkannya target tahunan")


def test_lines_under_a_header_between_a_sheets_gridlines_are_no_rows_by_the_rules():
    """A sheet prints its header row atop every page and gridlines under every row; the list that goes on under
    the repeated header fills the columns as prose does and is not a table body, rules across or not."""
    from extract.layout import PageLayout, Segment
    from extract.page_tables import TableFragment, read_page
    words = (words_at("SASARAN", 34.25, 100) + words_at("INDIKATOR", 129.75, 100) + words_at("SUMBER DATA", 226.25, 100)
             + words_at("c. Mengumpulkan data informasi bidang pemerintahan dan ketertiban umum", 40, 120, space=2.0)
             + words_at("d. Melaksanakan koordinasi dengan unit kerja terkait di kelurahan kami", 40, 135, space=2.0))
    rules = (tuple(Segment(0, 300, y, y) for y in (112, 131, 146)) + tuple(Segment(x, x, 95, 112) for x in (0, 300))
             + tuple(Segment(x, x, 200, 260) for x in (0, 100, 200, 300)))  # the header's cells, a grid lower down
    items = read_page(PageLayout(1, 600, 800, tuple(words), rules), None).items
    assert not [item for item in items if isinstance(item, TableFragment) and item.rows]


def test_rows_of_a_table_inside_a_page_all_take_a_sasaran_centred_a_little_off():
    """Tall spreadsheet rows put a centred sasaran a few points off its rows' text centre. On a page break its
    first and last rows could be another page's; inside a page (a header above, text after) they cannot."""
    words = (words_at("Sasaran", 5, 121) + words_at("kinerja baik", 5, 130)
             + [w for k, y in enumerate((100, 120, 140))
                for w in words_at(f"Ind {k}", 105, y) + words_at(f"Data {k}", 305, y)])
    inside = aligned_rows(_layout(), words, 95, 150, (), 94.0, (False, False))
    assert [r.sasaran for r in inside] == ["Sasaran kinerja baik"] * 3
    across = aligned_rows(_layout(), words, 95, 150)
    assert across[0].sasaran == ""  # at a page break the first row may be the previous page's


def test_a_gap_the_next_short_column_starts_at_beats_the_wide_space_after_its_values():
    """'Kasi Pemerintahan' | '85%': the TARGET values start 6 pt after the names on every line; the wide free
    space after them, before the TARGET header's text, has no line starting at its end."""
    words = (words_at("Pemerintahan", 617.8 - 54, 100) + words_at("85%", 623.6, 100)
             + words_at("Umum", 610.0 - 18, 111) + words_at("85%", 623.6, 111))
    assert best_gutter([(617.8, 623.6), (637.1, 664.2)], words, (615.0, 647.8)) == (617.8, 623.6)


def test_a_merged_cells_text_above_a_tall_gap_keeps_the_rows_below_in_the_table():
    """A sheet prints a merged sasaran cell's text again atop the next page; the cut row's rest sits three lines
    below it. The gap is inside the merged cell, not after the table. The text above the first row is read as
    the tail of the sasaran before the break (the decree parser joins it to that row)."""
    from extract.layout import PageLayout
    from extract.page_tables import TableFragment, read_page
    words = (words_at("Terjaganya ketertiban", 2, 50) + words_at("umum", 2, 61)
             + words_at("Persentase pengaduan", 102, 100) + words_at("Seksi Trantib", 202, 100))
    carry = ColumnLayout((Column("sasaran", 0, 100), Column("indikator", 100, 199), Column("sumber_data", 199, 600)),
                         False, ((98.0, 102.0), (196.0, 202.0)))
    rows = [r.cells() for item in read_page(PageLayout(2, 600, 800, tuple(words)), carry).items
            if isinstance(item, TableFragment) for r in item.rows]
    assert rows == [("Terjaganya ketertiban umum", "", "", ""),
                    ("Terjaganya ketertiban umum", "Persentase pengaduan", "", "Seksi Trantib")]


def test_a_rows_last_line_where_the_signature_starts_is_kept_when_the_signature_opens_with_its_place():
    """The formula cell's 'Sumber data: ...' line starts where the signature below does; the signature block
    opens with 'Ditetapkan di', so nothing above that line is the signature's."""
    from extract.layout import PageLayout
    from extract.page_tables import TableFragment, read_page
    words = (words_at("SASARAN", 34.25, 100) + words_at("INDIKATOR", 129.75, 100) + words_at("PENJELASAN", 330, 100)
             + words_at("Sasaran", 2, 120) + words_at("Ind A", 102, 120) + words_at("Jumlah hadir x 100%", 320, 120)
             + words_at("Sumber data: Seksi Trantib", 320, 131) + words_at("Ditetapkan di Sukamaju", 320, 160))
    items = read_page(PageLayout(1, 600, 800, tuple(words)), None).items
    rows = [r.cells() for item in items if isinstance(item, TableFragment) for r in item.rows]
    assert rows == [("Sasaran", "Ind A", "Jumlah hadir x 100% Sumber data: Seksi Trantib", "")]


def test_a_sasarans_tail_atop_a_continued_page_finishes_the_row_before_the_break():
    """A header repeated atop the page, then the last word of the sasaran whose rows ended on the page before
    ('... tepat' / 'waktu'), then the next group's first row: the tail is its own pre-row, not the next group's."""
    from extract.decree_structure import parse_decree
    from extract.layout import PageLayout
    from extract.page_tables import read_page
    header = words_at("SASARAN", 34.25, 50) + words_at("INDIKATOR", 129.75, 50) + words_at("SUMBER DATA", 226.25, 50)
    first = (words_at("1. Jabatan : Camat", 40, 30) + header + words_at("Tersedia tepat", 2, 70)
             + words_at("Ind A", 102, 70) + words_at("Data A", 202, 70))
    second = (header + words_at("waktu", 2, 70) + words_at("Meningkatnya mutu", 2, 90) + words_at("Ind B", 102, 90)
              + words_at("Data B", 202, 90))
    page1 = read_page(PageLayout(1, 600, 800, tuple(first)), None)
    page2 = read_page(PageLayout(2, 600, 800, tuple(second)), page1.carry)
    body = parse_decree([page1, page2])
    assert [(r.cells[0], r.cells[1]) for r in body.positions[0].rows] == [
        ("Tersedia tepat waktu", "Ind A"), ("Meningkatnya mutu", "Ind B")]
