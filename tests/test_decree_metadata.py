"""Decree metadata read from invented line lists: other units, other layouts, glued page numbers, signatures."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.decree_metadata import DecreeMetadata, clean_name, parse_date, read_metadata, title_case

MENGINGAT = [
    "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
    "sebagaimana telah diubah terakhir dengan Undang-Undang Nomor 9",
    "Nomor 9 Tahun 2015 tentang Perubahan Kedua atas Undang-Undang",
    "2. Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;",
    "MEMUTUSKAN :",
    "Menetapkan : KEPUTUSAN TENTANG INDIKATOR KINERJA INDIVIDU.",
]


def test_kecamatan_decree_with_page_number_glued_to_the_title() -> None:
    meta = read_metadata([
        "PEMERINTAH KABUPATEN LEMBAH HIJAU", "KECAMATAN SUKAMAJU", "Jalan Merdeka No. 5 Telp. 0341-12345",
        "-2KEPUTUSAN CAMAT SUKAMAJU", "NOMOR : 800/ 45 /412.3/2022", "TENTANG",
        "INDIKATOR KINERJA INDIVIDU DI LINGKUNGAN KECAMATAN SUKAMAJU", "CAMAT SUKAMAJU,",
        "Menimbang : a. bahwa untuk mengukur kinerja di lingkungan Kecamatan Sukamaju;", *MENGINGAT,
        "Ditetapkan di : Sukamaju", "Pada tanggal : 14 Pebruari 2022", "CAMAT SUKAMAJU,",
        "Drs. H. AHMAD FAUZI, M.Si", "Pembina Tk. I", "NIP. 19700101 199003 1 002",
    ])
    assert meta == DecreeMetadata("kecamatan", "Kecamatan Sukamaju", "Kabupaten Lembah Hijau", "800/ 45 /412.3/2022",
                                  dt.date(2022, 2, 14), 2022, "Drs. H. AHMAD FAUZI, M.Si", "197001011990031002")


@pytest.mark.parametrize("glued", ["- 3 -KEPUTUSAN LURAH MEKAR SARI", "-3KEPUTUSAN LURAH MEKAR SARI",
                                   "3KEPUTUSAN LURAH MEKAR SARI", "K E P U T U S A N LURAH MEKAR SARI"])
def test_page_number_glued_to_the_first_line_of_a_page(glued: str) -> None:
    meta = read_metadata([glued, "Nomor:12/KEL-MS/2021", "TENTANG", "INDIKATOR KINERJA INDIVIDU",
                          "Ditetapkan di Mekar Sari pada tanggal 01-03-2021", "LURAH MEKAR SARI,",
                          "SITI RAHAYU, S.Sos", "NIP.198203152009012004"])
    assert (meta.unit_type, meta.unit_name) == ("kelurahan", "Kelurahan Mekar Sari")
    assert (meta.decree_number, meta.decree_date, meta.year) == ("12/KEL-MS/2021", dt.date(2021, 3, 1), 2021)
    assert (meta.signatory_name, meta.signatory_nip) == ("SITI RAHAYU, S.Sos", "198203152009012004")


def test_unit_printed_only_by_the_signatory_of_a_desa() -> None:
    meta = read_metadata([
        "INDIKATOR KINERJA INDIVIDU", "1. Jabatan : SEKRETARIS DESA", "2. Tugas : Membantu Kepala Desa",
        "3. Fungsi : -", "Tanjung Asri, 2 Januari 2024", "KEPALA DESA TANJUNG ASRI,", "MUHAMMAD YUSUF",
    ])
    assert meta == DecreeMetadata("desa", "Desa Tanjung Asri", None, None, dt.date(2024, 1, 2), 2024,
                                  "MUHAMMAD YUSUF", None)


def test_unit_printed_only_by_a_jabatan() -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU", "1. Jabatan : Camat Batu Ampar", "2. Tugas : Memimpin",
                          "3. Fungsi : -", "1. Jabatan : Sekretaris Kecamatan", "2. Tugas : Membantu Camat"])
    assert (meta.unit_type, meta.unit_name, meta.signatory_name) == ("kecamatan", "Kecamatan Batu Ampar", None)


def test_mixed_case_title_and_signature() -> None:
    meta = read_metadata(["Indikator Kinerja Individu Desa Sumber Rejo Tahun 2024", "1. Jabatan : Kepala Desa",
                          "Sumber Rejo, Maret 2024", "Kepala Desa Sumber Rejo,", "Sugeng Riyadi"])
    assert (meta.unit_type, meta.unit_name, meta.year) == ("desa", "Desa Sumber Rejo", 2024)
    assert (meta.decree_date, meta.signatory_name) == (None, "Sugeng Riyadi")


def test_rsud_decree() -> None:
    meta = read_metadata([
        "PEMERINTAH KOTA TELUK INDAH", "RUMAH SAKIT UMUM DAERAH SULTAN AGUNG",
        "KEPUTUSAN DIREKTUR RUMAH SAKIT UMUM DAERAH SULTAN AGUNG", "NOMOR 445/102/RSUD-SA/2023", "TENTANG",
        "INDIKATOR KINERJA INDIVIDU TAHUN 2023", "Ditetapkan di Teluk Indah", "pada tanggal 3 Juli 2023",
        "DIREKTUR,", "dr. RINA WULANDARI, Sp.PD., M.Kes", "Pembina Utama Muda", "NIP 19750505 200312 2 003",
    ])
    assert meta == DecreeMetadata("other", "Rumah Sakit Umum Daerah Sultan Agung", "Kota Teluk Indah",
                                  "445/102/RSUD-SA/2023", dt.date(2023, 7, 3), 2023,
                                  "dr. RINA WULANDARI, Sp.PD., M.Kes", "197505052003122003")


def test_puskesmas_through_its_signatory() -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU", "Ditetapkan di : Karang Rejo", "Pada tanggal : 5 Agustus 2021",
                          "KEPALA UPT PUSKESMAS KARANG REJO,", "Ns. YUDI PRASETYO, S.Kep", "Penata Tk. I (III/d)",
                          "NIP. 19800808 200501 1 008"])
    assert (meta.unit_type, meta.unit_name) == ("other", "UPT Puskesmas Karang Rejo")
    assert (meta.signatory_name, meta.signatory_nip) == ("Ns. YUDI PRASETYO, S.Kep", "198008082005011008")


def test_dinas_title_wrapped_over_two_lines_and_region_after_the_unit() -> None:
    meta = read_metadata([
        "KEPUTUSAN KEPALA DINAS PEMBERDAYAAN MASYARAKAT DAN DESA", "KABUPATEN SUKA MAJU", "NOMOR : 050/77/DPMD/2020",
        "TENTANG INDIKATOR KINERJA INDIVIDU", "Ditetapkan di Suka Maju", "Pada tanggal 9 Nopember 2020",
        "KEPALA DINAS PEMBERDAYAAN MASYARAKAT DAN", "DESA KABUPATEN SUKA MAJU,", "Ir. BUDI HARTONO, S.T.,", "M.T.",
        "NIP. 19690920 199112 1 001",
    ])
    assert (meta.unit_type, meta.unit_name, meta.region) == ("dinas", "Dinas Pemberdayaan Masyarakat dan Desa",
                                                             "Kabupaten Suka Maju")
    assert (meta.decree_date, meta.year) == (dt.date(2020, 11, 9), 2020)
    assert (meta.signatory_name, meta.signatory_nip) == ("Ir. BUDI HARTONO, S.T., M.T.", "196909201991121001")


def test_badan_signatory_title_wrapped() -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU", "Pada tanggal : 2 Mei 2022",
                          "KEPALA BADAN PERENCANAAN PEMBANGUNAN", "DAERAH KOTA CONTOH,", "ANDI SAPUTRA, S.E., M.M.",
                          "NIP. 19720202 199803 1 004"])
    assert (meta.unit_type, meta.unit_name, meta.region) == ("badan", "Badan Perencanaan Pembangunan Daerah",
                                                             "Kota Contoh")


@pytest.mark.parametrize(("title", "unit_name"), [
    ("INSPEKTUR KABUPATEN TANAH DATAR,", "Inspektorat Kabupaten Tanah Datar"),
    ("SEKRETARIS DAERAH KOTA CONTOH,", "Sekretariat Daerah Kota Contoh"),
    ("KEPALA SMP NEGERI 2 CONTOH,", "SMP Negeri 2 Contoh"),
    ("DIREKTUR RSUD KOTA BARU,", "RSUD Kota Baru"),
])
def test_other_units_through_their_heads(title: str, unit_name: str) -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU", "Pada tanggal : 2 Mei 2022", title, "ANDI SAPUTRA, S.Pd",
                          "NIP. 19720202 199803 1 004"])
    assert (meta.unit_type, meta.unit_name) == ("other", unit_name)


def test_stacked_letterhead_names_the_most_specific_unit() -> None:
    meta = read_metadata(["PEMERINTAH KOTA CONTOH", "KECAMATAN ILIR BARAT", "KELURAHAN SUNGAI PINANG",
                          "Jl. Pinang No. 1", "INDIKATOR KINERJA INDIVIDU", "1. Jabatan : LURAH"])
    assert (meta.unit_type, meta.unit_name, meta.region) == ("kelurahan", "Kelurahan Sungai Pinang", "Kota Contoh")


def test_title_page_only_year_and_place_date_line() -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU", "KELURAHAN SUNGAI DAMA", "TAHUN 2022",
                          "1. JABATAN : LURAH", "Contoh, 2022", "LURAH SUNGAI DAMA,", "Rudi Hartono, SE.MM",
                          "NIP. 19771212 200701 1 013"])
    assert meta == DecreeMetadata("kelurahan", "Kelurahan Sungai Dama", None, None, None, 2022,
                                  "Rudi Hartono, SE.MM", "197712122007011013")


def test_number_cut_by_a_line_wrap_and_repeated_in_the_lampiran() -> None:
    meta = read_metadata([
        "KEPUTUSAN CAMAT WONOREJO NOMOR: 188.4/ 12", "/35.07.11/2020", "TENTANG", *MENGINGAT,
        "Ditetapkan di : Wonorejo", "Pada tanggal : Januari 2020", "Camat Wonorejo,", "AGUS SALIM, S.P.,",
        "LAMPIRAN : KEPUTUSAN CAMAT", "WONOREJO", "NOMOR : 188.4/ 12 /35.07.11/2020",
    ])
    assert (meta.decree_number, meta.year, meta.decree_date) == ("188.4/ 12 /35.07.11/2020", 2020, None)
    assert (meta.unit_type, meta.unit_name, meta.signatory_name) == ("kecamatan", "Kecamatan Wonorejo",
                                                                     "AGUS SALIM, S.P.,")


def test_laws_cited_in_the_mengingat_are_not_the_decree() -> None:
    meta = read_metadata(["INDIKATOR KINERJA INDIVIDU (IKI) KECAMATAN TELUK", *MENGINGAT,
                          "3. Peraturan Daerah Kabupaten Pesisir Barat Nomor 4 Tahun 2016;"])
    assert (meta.decree_number, meta.year, meta.region) == (None, None, "Kabupaten Pesisir Barat")
    assert (meta.unit_type, meta.unit_name) == ("kecamatan", "Kecamatan Teluk")


def test_last_signature_block_wins_and_keeps_the_nip_printed_earlier() -> None:
    first = ["Pada tanggal : 1 April 2019", "CAMAT SUKAMAJU,", "BUDI SANTOSO, M.Si", "NIP. 19700101 199003 1 002"]
    same = read_metadata([*first, "1. Jabatan : CAMAT", "Pada tanggal : 1 April 2019", "Camat Sukamaju,",
                          "BUDI SANTOSO, M.Si"])
    assert (same.signatory_name, same.signatory_nip) == ("BUDI SANTOSO, M.Si", "197001011990031002")
    other = read_metadata([*first, "1. Jabatan : CAMAT", "Pada tanggal : 1 April 2019", "a.n. CAMAT SUKAMAJU",
                           "SEKRETARIS KECAMATAN,", "RINA MARLINA, S.IP", "NIP :", "19800202 200501 2 002"])
    assert (other.signatory_name, other.signatory_nip) == ("RINA MARLINA, S.IP", "198002022005012002")
    assert (other.unit_type, other.unit_name) == ("kecamatan", "Kecamatan Sukamaju")


def test_preamble_title_is_not_a_signature() -> None:
    meta = read_metadata(["KEPUTUSAN CAMAT SUKAMAJU", "CAMAT SUKAMAJU,",
                          "Menimbang : a. bahwa untuk mengukur kinerja perlu ditetapkan;"])
    assert (meta.signatory_name, meta.signatory_nip) == (None, None)


def test_ocr_reads_the_commas_of_academic_titles_as_periods() -> None:
    assert clean_name("SUWANDI. S.Sos..M.Si") == "SUWANDI, S.Sos.,M.Si"
    assert clean_name("Hendra Gunawan. SE.MM") == "Hendra Gunawan, SE.MM"
    assert clean_name("Hendra Gunawan. SEMM") == "Hendra Gunawan, SEMM"
    assert clean_name("Drs. H. M. YUSUF") == "Drs. H. M. YUSUF"
    assert clean_name("Drs. M. YUSUF, M.Si") == "Drs. M. YUSUF, M.Si"
    meta = read_metadata(["Pada tanggal : 1 April 2019", "LURAH SUKA DAMAI,", "YANTO PRAKOSO. A.Md", "NIP.l9690920199112100l"])
    assert (meta.signatory_name, meta.signatory_nip) == ("YANTO PRAKOSO, A.Md", "196909201991121001")


@pytest.mark.parametrize(("text", "date"), [
    ("Pada tanggal : 1 April 2019", dt.date(2019, 4, 1)),
    ("Pada tanggal : 01 Pebruari 2020", dt.date(2020, 2, 1)),
    ("pada tanggal 30 Nopember 2021", dt.date(2021, 11, 30)),
    ("Ditetapkan di Sukamaju pada tanggal 17 Agustus 2022", dt.date(2022, 8, 17)),
    ("Pada tanggal : 01-04-2019", dt.date(2019, 4, 1)),
    ("TANGGAL : 31/12/2020", dt.date(2020, 12, 31)),
    ("Pada tanggal : 31 Pebruari 2020", None),
    ("Pada tanggal : Januari 2023", None),
])
def test_dates(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


def test_title_case_keeps_official_short_forms() -> None:
    assert title_case("UPT PUSKESMAS KARANG REJO") == "UPT Puskesmas Karang Rejo"
    assert title_case("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG") == "Dinas Pekerjaan Umum dan Penataan Ruang"


def test_page_furniture_and_empty_input() -> None:
    assert read_metadata([]) == DecreeMetadata()
    assert read_metadata(["Page 3 of 12", "- 4 -", "Halaman 2 dari 9"]) == DecreeMetadata()


def test_title_without_comma_above_name_and_nip() -> None:
    meta = read_metadata(["1. Jabatan : LURAH", "Tembusan disampaikan kepada Yth.", "LURAH BUKIT RAYA",
                          "ttd", "HENDRA WIJAYA, S.STP", "Penata (III/c)", "NIP. 19850505 200701 1 001"])
    assert (meta.unit_type, meta.unit_name) == ("kelurahan", "Kelurahan Bukit Raya")
    assert (meta.signatory_name, meta.signatory_nip) == ("HENDRA WIJAYA, S.STP", "198505052007011001")


def test_nip_label_and_digits_on_separate_lines_without_title() -> None:
    meta = read_metadata(["Dokumen ini ditandatangani secara elektronik", "Sri Wahyuni, S.Sos", "NIP :",
                          "19800202 200501 2 002"])
    assert (meta.signatory_name, meta.signatory_nip) == ("Sri Wahyuni, S.Sos", "198002022005012002")


def test_words_inside_position_blocks_are_not_metadata() -> None:
    meta = read_metadata([
        "1. Jabatan : Kasi Ekonomi Pembangunan", "2. Tugas : Melaksanakan kegiatan Forum Kota Sehat;",
        "3. Fungsi : a. Menyusun laporan kegiatan tanggal 5 Mei 2020 di Kelurahan;",
        "b. Melaksanakan tugas pada Dinas Pekerjaan Umum Tahun 2020;",
    ])
    assert meta == DecreeMetadata()


def test_unit_wrapped_under_the_title_and_a_place_named_kota() -> None:
    meta = read_metadata(["PEMERINTAH KABUPATEN KUTAI CONTOH", "INDIKATOR KINERJA INDIVIDU KELURAHAN",
                          "KOTA BARU TAHUN 2022", "1. Jabatan : LURAH"])
    assert meta == DecreeMetadata("kelurahan", "Kelurahan Kota Baru", "Kabupaten Kutai Contoh", year=2022)


def test_organisation_level_iku_names_its_unit_in_a_label() -> None:
    meta = read_metadata(["INDIKATOR KINERJA UTAMA", "Nama Unit Organisasi : Dinas Kesehatan", "Tugas : Membantu"])
    assert (meta.unit_type, meta.unit_name) == ("dinas", "Dinas Kesehatan")


def test_unit_from_the_considerations_and_year_from_the_number() -> None:
    meta = read_metadata(["NOMOR : 800/12/2021", "Menimbang : a. bahwa untuk mengukur kinerja pegawai di lingkungan",
                          "Kelurahan Sungai Keledang, perlu ditetapkan Indikator Kinerja Individu;", *MENGINGAT])
    assert (meta.unit_type, meta.unit_name, meta.year) == ("kelurahan", "Kelurahan Sungai Keledang", 2021)
    assert meta.region is None


def test_keputusan_alone_with_the_issuer_and_number_on_the_next_line() -> None:
    meta = read_metadata([
        "PEMERINTAH KABUPATEN BUKIT MAS", "DINAS PERTANIAN", "Alamat : Jl. Sawah Lebar No. 2",
        "KEPUTUSAN", "KEPALA DINAS PERTANIAN KABUPATEN BUKIT MAS Nomor : 520/KPTS/DISTAN/2021", "TENTANG",
        "INDIKATOR KINERJA INDIVIDU TAHUN 2021", "KEPALA DINAS PERTANIAN KABUPATEN BUKIT MAS,",
        "Menimbang : a. bahwa perlu ditetapkan;", *MENGINGAT, "Ditetapkan di : Bukit Mas",
        "Pada tanggal : 4 Januari 2021", "KEPALA DINAS PERTANIAN", "KABUPATEN BUKIT MAS,", "Ir. SLAMET RIYADI, M.P.",
        "Pembina Utama Muda", "NIP. 19660606 199203 1 006",
    ])
    assert meta == DecreeMetadata("dinas", "Dinas Pertanian", "Kabupaten Bukit Mas", "520/KPTS/DISTAN/2021",
                                  dt.date(2021, 1, 4), 2021, "Ir. SLAMET RIYADI, M.P.", "196606061992031006")


def test_puskesmas_named_by_its_letterhead_when_the_issuer_is_misspelt() -> None:
    meta = read_metadata(["PEMERINTAH KABUPATEN TELUK DALAM", "PUSKESMAS SUKA RAMAI", "Jalan Pendidikan No. 9",
                          "KEPUTUSAN", "KEPALA PUKESMAS SUKA RAMAI", "Nomor : ..../SK/PKM-SR/I/2022",
                          "Ditetapkan di : Suka Ramai", "Pada tanggal : 17 Januari 2022"])
    assert (meta.unit_type, meta.unit_name, meta.region) == ("other", "Puskesmas Suka Ramai", "Kabupaten Teluk Dalam")
    assert (meta.decree_number, meta.year) == ("..../SK/PKM-SR/I/2022", 2022)
