"""Borderless and group-ruled tables printed with no cell padding (words placed by hand, in PDF points): a cell's
last glyph touches the next cell's first, wrapped lines and rows are spaced alike, and one sasaran's last line sits
right above the next one's first."""
from __future__ import annotations

from placed_words import words_at

from extract.layout import Segment, Word
from extract.table_columns import Column, ColumnLayout, best_gutter, split_at_column_edges, subtract_all
from extract.table_rows import aligned_rows

H = 9.0  # text height
PITCH = 11.0  # line pitch: every line of the table, wrapped or not, one pitch below the last




COLUMNS = (Column("sasaran", 0, 100), Column("indikator", 100, 200), Column("formulasi", 200, 300),
           Column("sumber_data", 300, 400))
LAYOUT = ColumnLayout(COLUMNS, False, ())
NUMBERED = ColumnLayout((Column("no", 0, 20), *(Column(c.field, max(c.x0, 20), c.x1) for c in COLUMNS)), False, ())


def test_word_glued_across_a_column_edge_is_cut_where_the_next_cell_starts():
    """'patroliHasil': the indikator cell's last word touches the formulasi cell's first; the formulasi column
    starts at x=200 on the other lines, so the word is two words there and the gutter stays free."""
    lines = [words_at("Jumlah", 105, 100) + [Word("patroliHasil", 170.0, 224.0, 111, 111 + H)],
             words_at("wilayah", 105, 122) + words_at("kepuasan", 200, 122),
             words_at("Tingkat", 105, 144) + words_at("Jumlah", 200, 144),
             words_at("pegawai", 105, 155) + words_at("hari", 200, 155)]
    edges = [200.0]
    cut = split_at_column_edges(lines[0], edges)
    assert [w.text for w in cut] == ["Jumlah", "patroli", "Hasil"]
    assert cut[2].x0 == 200.0 and cut[1].x1 < 200.0
    assert subtract_all([[(150.0, 250.0)]], cut, edges) is not None
    # a word that only happens to cross the edge, with no cell start there, is left whole
    assert [w.text for w in split_at_column_edges([Word("pelaksanaan", 180.0, 230.0, 0, H)], edges)] == [
        "pelaksanaan"]


def _group_table(sasaran_x: float = 5) -> list[Word]:
    """Two sasaran groups of two rows each; every line one pitch below the last (no padding anywhere)."""
    rows = [("Ind satu", "Rumus satu"), ("Ind dua", "Rumus dua"), ("Ind tiga", "Rumus tiga"),
            ("Ind empat", "Rumus empat")]
    words: list[Word] = []
    y = 100.0
    for ind, rumus in rows:
        words += words_at(ind, 105, y) + words_at("lanjutan", 105, y + PITCH) + words_at(rumus, 205, y)
        words += words_at("Data", 305, y)
        y += 2 * PITCH
    # each sasaran fills its group's four lines, so the two sasaran cells touch; wrapped as a word processor
    # wraps (a line breaks only where the next word would not fit)
    for k, text in enumerate(("Meningkatnya", "kualitas pelayanan", "umum kantor", "kecamatan yang baik",
                              "Terwujudnya tata", "kelola keuangan", "yang akuntabel dan", "transparan")):
        words += words_at(text, sasaran_x, 100 + k * PITCH)
    return words


def test_rules_between_sasaran_groups_bound_the_sasaran_cells():
    rule = Segment(0, 400, 100 + 4 * PITCH - 1, 100 + 4 * PITCH - 1)  # drawn across the table between the groups
    rows = aligned_rows(LAYOUT, _group_table(), 95, 100 + 8 * PITCH, [rule])
    assert [r.sasaran for r in rows] == ["Meningkatnya kualitas pelayanan umum kantor kecamatan yang baik"] * 2 + [
        "Terwujudnya tata kelola keuangan yang akuntabel dan transparan"] * 2
    assert [r.formulasi for r in rows] == ["Rumus satu", "Rumus dua", "Rumus tiga", "Rumus empat"]


def test_top_aligned_numbers_bound_sasaran_cells_that_touch():
    """No rules at all: the NO column's numbers, each level with its group's first row, cut the sasaran lines."""
    words = _group_table(sasaran_x=25) + words_at("1", 3, 100) + words_at("2", 3, 100 + 4 * PITCH)
    rows = aligned_rows(NUMBERED, words, 95, 100 + 8 * PITCH)
    assert [r.sasaran for r in rows] == ["Meningkatnya kualitas pelayanan umum kantor kecamatan yang baik"] * 2 + [
        "Terwujudnya tata kelola keuangan yang akuntabel dan transparan"] * 2


def test_narrow_target_column_is_cut_between_the_header_texts():
    """A short TARGET column ('85%', '100') leaves more free space inside itself than in its narrow gap to the
    column on its left; the TARGET values start right after that gap on every line, the wide space has no line
    starting at its end, and the TARGET header's text lies inside its column: the cut falls before it."""
    words = (words_at("Monitoring", 100, 100) + words_at("85%", 152, 100) + words_at("lapangan", 100, 111)
             + words_at("Menyusun", 100, 122) + words_at("100", 152, 122) + words_at("jadwal kegiatan", 100, 133))
    free = [(149.0, 152.0), (168.0, 176.0)]  # after 'kegiatan'; after '85%' up to the header's middle
    assert best_gutter(free, words) == (149.0, 152.0)
    assert best_gutter(free, words, between=(146.0, 160.0)) == (149.0, 152.0)


def _unpadded_rows(top: float) -> list[Word]:
    """Three rows, every line one pitch below the last: a row's last lines stop short of the column's width, so
    the next row's first words would have fitted there had they been the same cell's."""
    lines = [("Meningkatnya kualitas", "Persentase permohonan", "Jumlah permohonan", "Seksi"),
             ("pelayanan umum", "yang selesai", "x 100%", "Pemerintahan"),
             ("", "Tingkat hadir", "Hadir", "Data SKM"),
             ("Terwujudnya tata", "Jumlah laporan", "Jumlah laporan", "Subbagian"),
             ("kelola keuangan", "", "", "Keuangan")]
    words: list[Word] = []
    for k, cells in enumerate(lines):
        for x, text in zip((5, 105, 205, 305), cells):
            words += words_at(text, x, top + k * PITCH)
    return words


def test_rows_of_an_unpadded_table_open_where_lines_did_not_wrap():
    """No gap anywhere: the body follows the header's text one pitch below, so the cells have no padding, and a
    row opens where two columns start a line their previous line had room for."""
    rows = aligned_rows(LAYOUT, _unpadded_rows(100), 95, 100 + 5 * PITCH, header_bottom=100 - PITCH + H)
    assert [(r.indikator, r.formulasi, r.sumber_data) for r in rows] == [
        ("Persentase permohonan yang selesai", "Jumlah permohonan x 100%", "Seksi Pemerintahan"),
        ("Tingkat hadir", "Hadir", "Data SKM"),
        ("Jumlah laporan", "Jumlah laporan", "Subbagian Keuangan")]
    assert [r.sasaran for r in rows] == ["Meningkatnya kualitas pelayanan umum"] * 2 + [
        "Terwujudnya tata kelola keuangan"]


def test_paragraphs_of_a_padded_cell_stay_one_row():
    """The same lines under a header with room between them (padded cells): short lines are paragraphs inside the
    cells, not rows."""
    rows = aligned_rows(LAYOUT, _unpadded_rows(100), 95, 100 + 5 * PITCH, header_bottom=100 - 2 * PITCH)
    assert len(rows) == 1


def test_glued_word_is_cut_at_the_edge_its_next_cell_starts_at_not_the_first_it_crosses():
    """'dilaksanakanSeksi' crosses two column edges (one where a column's lines start inside the word's first
    part, one where 'Seksi' opens the next cell): the cut is at the second."""
    word = Word("dilaksanakanSeksi", 448.5, 513.0, 0, H)
    assert [w.text for w in split_at_column_edges([word], [457.5, 494.7])] == ["dilaksanakan", "Seksi"]


def test_header_cells_a_word_space_apart_are_split_where_the_body_starts_a_column():
    """'Satuan Atasan Yang': the SATUAN cell and the widest line of the KINERJA ATASAN cell a word space apart;
    the body's lines start the second column exactly where 'Atasan' starts."""
    from extract.table_header import find_headers
    from extract.text_lines import group_lines

    header = (words_at("Kinerja", 318, 80) + words_at("INDIKATOR", 105, 91) + words_at("SUMBER", 200, 91)
              + words_at("Satuan Atasan Yang", 270, 91) + words_at("Diintervensi", 311, 102))
    body = [words_at("Jumlah", 105, y) + words_at("Data", 200, y) + words_at("Unit", 270, y)
            + words_at("Meningkatnya", 299.5, y) for y in (120, 131, 142)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns] == ["INDIKATOR", "SUMBER", "Satuan", "Kinerja Atasan Yang Diintervensi"]


def test_touching_top_aligned_sasaran_cells_part_where_a_sentence_opens_on_a_row_top():
    """No rules, no NO column, no padding: the second sasaran starts with a capital on its first row's line."""
    rows = aligned_rows(LAYOUT, _group_table(), 95, 100 + 8 * PITCH, header_bottom=100 - PITCH + H)
    assert [r.sasaran for r in rows] == ["Meningkatnya kualitas pelayanan umum kantor kecamatan yang baik"] * 2 + [
        "Terwujudnya tata kelola keuangan yang akuntabel dan transparan"] * 2


def test_a_title_case_name_running_on_at_a_row_top_stays_in_its_cell():
    """'Pemberdayaan' / 'Masyarakat dan Kelembagaan': a capitalised line level with a row's top continues a
    capitalised name, not a new sasaran."""
    words = [w for w in _group_table() if w.x0 >= 100]
    for k, text in enumerate(("Tertib administrasi", "data Pemberdayaan", "Masyarakat dan", "Kelembagaan desa")):
        words += words_at(text, 5, 100 + k * PITCH)
    rows = aligned_rows(LAYOUT, words, 95, 100 + 8 * PITCH, header_bottom=100 - PITCH + H)
    assert {r.sasaran for r in rows} == {"Tertib administrasi data Pemberdayaan Masyarakat dan Kelembagaan desa"}


def test_a_centred_header_wider_than_its_column_text_is_not_split_by_the_cut():
    """'Penanggung' (660-703) is centred over 'Sekretaris' (650-681) and pokes into the gap before the TARGET
    column's '100' (719): the cut falls in the part of that gap between the two header texts, not in its middle
    (which would split the header) nor after '100' (which would give '100' to the wrong column)."""
    words = [Word("Sekretaris", 649.9, 681.4, 283, 283 + H), Word("100", 719.4, 731.1, 283, 283 + H)]
    a, b = best_gutter([(681.6, 719.4), (731.1, 752.2)], words, between=(702.8, 743.5))
    assert 702.8 <= (a + b) / 2 < 719.4


def test_an_x_where_wrapped_words_start_by_chance_is_no_column_edge():
    """Three lines of one column start a word at x=150 by chance; other lines run words across it: a header
    word that starts there ('PERHITUNGAN' after 'FORMULASI') stays in its cell."""
    from extract.column_edges import open_starts, recurring_starts

    lines = [words_at("Jumlah", 105, 0) + [Word("berkas", 150.0, 177.0, 0, H)],
             words_at("Data", 105, 11) + [Word("pelayanan", 150.2, 190.7, 11, 11 + H)],
             words_at("Kartu", 105, 22) + [Word("register", 150.4, 186.4, 22, 22 + H)],
             words_at("Jumlah permohonan", 105, 33), words_at("Persentase pengaduan", 105, 44),
             words_at("Laporan pengaduan", 105, 55)]
    assert any(abs(e - 150.4) < 0.1 for e in recurring_starts(lines))
    assert open_starts(lines) == [105.0]


def test_rows_of_full_lines_open_where_two_columns_start_a_sentence():
    """Every cell one full line, no padding: no gap and no short line shows the rows; the indikator and formula
    cells each open with a capitalised word after a line that ends a cell."""
    texts = [("Jumlah pelatihan pegawai", "Jumlah hadir x 100%"), ("Nilai indeks kepuasan", "Hasil survei tahunan"),
             ("Tingkat kehadiran rapat", "Jumlah rapat per tahun")]
    words = [w for k, (ind, rumus) in enumerate(texts)
             for w in words_at(ind, 105, 100 + k * PITCH) + words_at(rumus, 205, 100 + k * PITCH)]
    rows = aligned_rows(LAYOUT, words, 95, 100 + 3 * PITCH, header_bottom=100 - PITCH + H)
    assert [(r.indikator, r.formulasi) for r in rows] == texts


def test_a_name_wrapped_beside_a_list_item_opens_no_row():
    """'hasil pembangunan' / 'Dana Desa' (a name wrapped in a sentence) level with '- Seluruh Desa' (a list item,
    a paragraph of its cell): one row."""
    lines = [("Jumlah fasilitas", "Jumlah pembangunan", "- Seksi"), ("hasil pembangunan", "yang didanai desa", "Pembangunan"),
             ("Dana Desa", "dari desa", "- Seluruh Desa")]
    words = [w for k, cells in enumerate(lines) for x, text in zip((105, 205, 305), cells)
             for w in words_at(text, x, 100 + k * PITCH)]
    rows = aligned_rows(LAYOUT, words, 95, 100 + 3 * PITCH, header_bottom=100 - PITCH + H)
    assert len(rows) == 1


def test_a_start_after_a_gap_narrower_than_any_word_space_is_a_column_edge():
    """With no cell padding a cell's last word may end 1.5 pt before the next cell's first (narrower than any
    font's word space, 0.2 of the text height): that start counts towards the column edge like one after a wide
    gap, so three such lines make an edge."""
    from extract.column_edges import recurring_starts

    lines = [words_at("Jumlah", 105, 0) + [Word("Data", 133.5, 151.5, 0, H)],
             words_at("Jumlah", 105, 11) + [Word("Seksi", 133.5, 156.0, 11, 11 + H)],
             words_at("Nilai", 105, 22) + [Word("Register", 133.5, 169.5, 22, 22 + H)]]
    assert any(abs(e - 133.5) < 0.1 for e in recurring_starts(lines))


def test_lower_case_words_glued_across_a_column_edge_are_cut_where_they_are_two_dictionary_words():
    """'yangjumlah': the indikator cell's wrapped line ends with 'yang', the formulasi cell's wrapped line opens
    with 'jumlah' in lower case, no capital marks the cut; the dictionary does ('yang' | 'jumlah'). A word the
    dictionary knows, or a capitalised name, is never cut ('pelaksanaan', 'Sukamaju')."""
    glued = Word("yangjumlah", 182.0, 227.0, 0, H)  # 4.5 pt a letter: 'jumlah' starts at 200
    assert [w.text for w in split_at_column_edges([glued], [200.0], dictionary=True)] == ["yang", "jumlah"]
    # only where the line would otherwise end the table: a word the dictionary lacks may look like two
    assert [w.text for w in split_at_column_edges([glued], [200.0])] == ["yangjumlah"]
    for whole in ("pelaksanaan", "Sukamaju", "kependudukan"):
        word = Word(whole, 200.0 - 4.5 * 4, 200.0 - 4.5 * 4 + 4.5 * len(whole), 0, H)
        assert [w.text for w in split_at_column_edges([word], [200.0], dictionary=True)] == [whole]


def test_a_short_unpadded_body_is_not_ended_by_a_line_whose_cells_touch():
    """Two rows at a page's foot: the first starts every column after a gap; on the second the sasaran's line
    runs into the indikator's first word ('dalampengaduan') and a sumber-data line fills its cell to the glyph
    ('Pemerintahan' ends where TARGET's text starts). Too few lines for recurring edges: the starts of the
    line above tell the columns, and the table keeps both lines."""
    from extract.page_tables import _body_end
    from extract.table_columns import layout_from_gutters
    from extract.text_lines import Line

    heads = [("sasaran", "SASARAN"), ("indikator", "INDIKATOR"), ("sumber_data", "SUMBER DATA"), (None, "TARGET")]
    columns = layout_from_gutters(heads, [(60.0, 130.0), (170.0, 230.0), (270.0, 330.0)], 400.0)
    first = Line(tuple(words_at("Meningkatnya", 5, 100) + words_at("Persentase", 104.5, 100)
                       + words_at("Register", 200, 100) + words_at("4", 300, 100)))
    # 'dalam' | 'pengaduan' a word space after 'warga', the indikator's text starting where it did above
    second = Line(tuple(words_at("partisipasi warga", 5, 111) + [Word("dalampengaduan", 82.0, 145.0, 111, 111 + H)]
                        + [Word("Pemerintahan", 246.0, 300.0, 111, 111 + H)]))
    lines = [first, second]
    end, _ = _body_end(lines, 0, 2, columns, None)
    assert end == 2
    assert [w.text for w in lines[1].words] == ["partisipasi", "warga", "dalam", "pengaduan", "Pemerintahan"]


def test_two_header_words_run_together_are_split_where_the_body_starts_a_column():
    """'SATUANTARGET': the SATUAN and TARGET header cells printed with no padding; the body's lines start the
    TARGET column inside the glued word."""
    from extract.table_header import find_headers
    from extract.text_lines import group_lines

    header = (words_at("INDIKATOR", 105, 91) + words_at("SUMBER", 200, 91)
              + [Word("SATUANTARGET", 250.0, 304.0, 91, 91 + H)])
    body = [words_at("Jumlah", 105, y) + words_at("Data", 200, y) + words_at("%", 250, y) + words_at("12", 277, y)
            for y in (120, 131, 142)]
    headers = find_headers(group_lines(header + [w for line in body for w in line]))
    assert [c.text for c in headers[0].columns] == ["INDIKATOR", "SUMBER", "SATUAN", "TARGET"]
