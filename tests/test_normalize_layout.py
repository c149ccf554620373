"""Layout line breaks in the normalized columns: a wrapped line is joined with a space, so one indicator reads the
same however it was wrapped; items and paragraphs stay on their own lines; a jabatan is one Title Case line. Raw
columns keep what is printed."""
from __future__ import annotations

import pytest

from normalize.cleanup import clean_layout
from normalize.columns import normalize_indicator, normalize_position, normalize_text
from normalize.jabatan import jabatan_title


@pytest.mark.parametrize(("raw", "cleaned"), [
    # wrapped lines: one indicator, however wide its column was
    ("Persentase dokumen\nperencanaan yang disusun", "Persentase dokumen perencanaan yang disusun"),
    ("Indeks Kepuasan Masyarakat terhadap layanan\nPATEN", "Indeks Kepuasan Masyarakat terhadap layanan PATEN"),
    ("berbanding jumlah permohonan\nx 100%", "berbanding jumlah permohonan x 100%"),
    ("jumlah warga di\nKecamatan Sukamaju", "jumlah warga di Kecamatan Sukamaju"),  # no line ends with "di"
    ("laporan bulanan,\nLaporan tahunan", "laporan bulanan, Laporan tahunan"),
    ("Persentase Dokumen\nPerencanaan Yang Disusun", "Persentase Dokumen Perencanaan Yang Disusun"),  # Title Case
    ("PERSENTASE DOKUMEN\nPERENCANAAN", "PERSENTASE DOKUMEN PERENCANAAN"),
    # items and paragraphs: kept apart
    ("1. Daftar urut kepangkatan\n2. Rekapitulasi kehadiran", "1. Daftar urut kepangkatan\n2. Rekapitulasi kehadiran"),
    ("penyusunan laporan;\nb. pelaksanaan monitoring", "penyusunan laporan;\nb. pelaksanaan monitoring"),
    ("Dokumen yang disahkan:\nrenja dan renstra", "Dokumen yang disahkan:\nrenja dan renstra"),
    ("dokumen perencanaan x 100%\nDihitung pada akhir tahun", "dokumen perencanaan x 100%\nDihitung pada akhir tahun"),
    ("Rekapitulasi pengaduan\nLaporan tindak lanjut", "Rekapitulasi pengaduan\nLaporan tindak lanjut"),
    ("❖ Jumlah pelayanan\n❖ Jumlah pengaduan", "Jumlah pelayanan\nJumlah pengaduan"),
    ("- register surat\n- buku agenda", "register surat\n- buku agenda"),
    ("Laporan\n- 5% dari target", "Laporan\n- 5% dari target"),
])
def test_wrapped_lines_are_joined_and_items_kept_apart(raw: str, cleaned: str) -> None:
    assert clean_layout(raw) == cleaned
    assert clean_layout(cleaned) == cleaned


def test_one_indicator_wrapped_two_ways_normalizes_to_one_text() -> None:
    """The grouping problem: `Persentase dokumen\\nperencanaan` and its one-line print are one indicator."""
    wrapped = {"indikator_raw": "Prosentase dokumen\nperencanaan yang disusun tepat\nwaktu"}
    one_line = {"indikator_raw": "Prosentase dokumen perencanaan yang disusun tepat waktu"}
    out = [normalize_indicator(dict(r))["indikator"] for r in (wrapped, one_line)]
    assert out == ["Persentase dokumen perencanaan yang disusun tepat waktu"] * 2


def test_raw_columns_keep_the_printed_line_breaks() -> None:
    record = {"formulasi_raw": "Jumlah dokumen\nberbanding target x 100%", "jabatan_raw": "KEPALA SEKSI\nPEMERINTAHAN",
              "tugas_raw": ["Menyusun rencana\nkerja;"], "fungsi_raw": []}
    assert normalize_indicator(dict(record))["formulasi_raw"] == record["formulasi_raw"]
    position = normalize_position(dict(record))
    assert (position["jabatan_raw"], position["tugas_raw"]) == (record["jabatan_raw"], record["tugas_raw"])
    assert (position["jabatan"], position["tugas"]) == ("Kepala Seksi Pemerintahan", ["Menyusun rencana kerja;"])


@pytest.mark.parametrize(("printed", "title"), [
    ("CAMAT", "Camat"),
    ("Sekretaris\nKecamatan", "Sekretaris Kecamatan"),
    ("KASI PEMERINTAHAN DAN TRANTIB", "Kasi Pemerintahan dan Trantib"),
    ("kepala seksi kesejahteraan sosial", "Kepala Seksi Kesejahteraan Sosial"),
    ("KEPALA UPT PUSKESMAS", "Kepala UPT Puskesmas"),  # a listed acronym in an all-upper title
    ("Staf PPTK", "Staf PPTK"),  # a short UPPER word in a mixed-case title
    ("Pengelola LKjIP", "Pengelola LKjIP"),  # mixed case is the word's spelling
])
def test_jabatan_title_case(printed: str, title: str) -> None:
    assert jabatan_title(printed, frozenset({"upt"})) == title
    assert jabatan_title(title, frozenset({"upt"})) == title


def test_jabatan_printed_two_ways_is_one_title() -> None:
    titles = {normalize_position({"jabatan_raw": j})["jabatan"]
              for j in ("KEPALA SEKSI EKONOMI DAN PEMBANGUNAN", "Kepala Seksi Ekonomi\ndan Pembangunan")}
    assert titles == {"Kepala Seksi Ekonomi dan Pembangunan"}


def test_normalize_text_joins_wrapped_lines() -> None:
    assert normalize_text("Jumlah laporan\nbulanan yang\ndisampaikan") == "Jumlah laporan bulanan yang disampaikan"
