"""Shared fixtures: small invented IKI decrees (Kecamatan Sukamaju, Kabupaten Contoh) rendered at test time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = TESTS_DIR.parent
# `import pipeline` (project root) and `import decree_pdf` (this folder) work however pytest is started.
for _import_root in (str(PROJECT_ROOT), str(TESTS_DIR)):
    if _import_root not in sys.path:
        sys.path.insert(0, _import_root)

from decree_pdf import (
    DecreeSpec,
    IndicatorRow,
    PositionSpec,
    RenderDecree,
    RenderedDecree,
    TableStyleName,
    render_decree,
)

VARIANT_HEADER = (
    "SASARAN/KINERJA UTAMA",
    "INDIKATOR KINERJA INDIVIDU",
    "PENJELASAN/FORMULASI PENGHITUNGAN",
    "SUMBER DATA",
)

def sukamaju_decree(positions: tuple[PositionSpec, ...]) -> DecreeSpec:
    """A Keputusan Camat Sukamaju with the given position blocks."""
    number = "800/117/KEC.SKM/IV/2024"
    return DecreeSpec(
        letterhead=(
            "PEMERINTAH KABUPATEN CONTOH",
            "KECAMATAN SUKAMAJU",
            "Jalan Raya Sukamaju Nomor 17 Telepon (0261) 555017 Kode Pos 45391",
        ),
        title_lines=(
            "KEPUTUSAN CAMAT SUKAMAJU",
            f"NOMOR : {number}",
            "TENTANG",
            "INDIKATOR KINERJA INDIVIDU DI LINGKUNGAN KECAMATAN SUKAMAJU KABUPATEN CONTOH",
        ),
        unit_type="kecamatan",
        unit_name="Kecamatan Sukamaju",
        region="Kabupaten Contoh",
        decree_number=number,
        place="Sukamaju",
        decree_date=dt.date(2024, 4, 1),
        signatory_title="CAMAT SUKAMAJU",
        signatory_name="Drs. HERMAN SUTISNA, M.Si",
        signatory_rank="Pembina Tingkat I",
        signatory_nip="19700101 199003 1 002",
        positions=positions,
    )


def camat_position() -> PositionSpec:
    """CAMAT: default header with numbered row; a sasaran merged over 3 rows; a two-paragraph sumber data."""
    pelayanan = "Meningkatnya kualitas pelayanan publik di Kecamatan Sukamaju"
    trantib = "Meningkatnya ketenteraman dan ketertiban umum di wilayah kecamatan"
    return PositionSpec(
        jabatan="CAMAT",
        tugas=(
            ("Memimpin penyelenggaraan urusan pemerintahan umum, pemberdayaan masyarakat, serta ketenteraman "
            "dan ketertiban umum di wilayah Kecamatan Sukamaju sesuai dengan ketentuan peraturan "
            "perundang-undangan."),
        ),
        fungsi=(
            "Pengoordinasian kegiatan pemberdayaan masyarakat;",
            "Pengoordinasian upaya penyelenggaraan ketenteraman dan ketertiban umum;",
            ("Pembinaan dan pengawasan penyelenggaraan kegiatan desa dan kelurahan di wilayah kecamatan, "
            "termasuk fasilitasi penyusunan peraturan desa dan evaluasi laporan pertanggungjawaban kepala desa;"),
            "Pelaksanaan tugas lain yang diberikan oleh Bupati.",
        ),
        rows=(
            IndicatorRow(
                pelayanan,
                "Indeks Kepuasan Masyarakat (IKM) terhadap layanan PATEN",
                "Jumlah nilai persepsi seluruh responden berbanding jumlah responden yang mengisi kuesioner SKM",
                "Laporan hasil survei kepuasan masyarakat",
            ),
            IndicatorRow(
                pelayanan,
                "Persentase permohonan layanan administrasi yang diselesaikan tepat waktu",
                "Jumlah permohonan yang diselesaikan sesuai standar waktu berbanding jumlah seluruh "
                "permohonan yang diterima x 100%",
                "Buku register pelayanan",
            ),
            IndicatorRow(
                pelayanan,
                "Persentase pengaduan masyarakat yang ditindaklanjuti",
                "Jumlah pengaduan yang ditindaklanjuti berbanding jumlah pengaduan yang diterima x 100%",
                "Rekapitulasi pengaduan\nLaporan tindak lanjut pengaduan",
            ),
            IndicatorRow(
                trantib,
                "Persentase gangguan ketenteraman dan ketertiban yang tertangani",
                "Jumlah gangguan trantibum yang tertangani berbanding jumlah gangguan trantibum yang "
                "dilaporkan x 100%",
                "Laporan Kasi Trantib",
            ),
        ),
    )


def sekretaris_position() -> PositionSpec:
    """Sekretaris Kecamatan: header variant, NO column, no numbered row, a two-paragraph formula,
    a numbered-list sumber data and one spelling variant (Prosentase) in an indikator."""
    akuntabilitas = "Meningkatnya akuntabilitas kinerja dan keuangan kecamatan"
    return PositionSpec(
        jabatan="Sekretaris Kecamatan",
        tugas=(
            ("Membantu Camat dalam mengoordinasikan penyusunan program, pengelolaan keuangan, administrasi "
            "umum dan kepegawaian di lingkungan Kecamatan Sukamaju."),
        ),
        fungsi=(
            "Penyusunan rencana kerja dan anggaran kecamatan;",
            "Pengelolaan administrasi keuangan dan penyusunan laporan pertanggungjawaban;",
            "Pelaksanaan urusan umum, kepegawaian dan rumah tangga kecamatan.",
        ),
        rows=(
            IndicatorRow(
                akuntabilitas,
                "Persentase dokumen perencanaan yang disusun tepat waktu",
                "Jumlah dokumen perencanaan (Renja, RKA, DPA) yang disusun tepat waktu berbanding jumlah "
                "dokumen perencanaan yang wajib disusun x 100%\nDihitung pada akhir tahun anggaran",
                "Dokumen Renja, RKA dan DPA",
            ),
            IndicatorRow(
                akuntabilitas,
                "Prosentase SPJ yang diverifikasi tepat waktu",
                "Jumlah SPJ yang diverifikasi paling lambat 7 hari kerja berbanding jumlah SPJ yang diajukan "
                "x 100%",
                "Buku kas umum dan register SPJ",
            ),
            IndicatorRow(
                "Meningkatnya kualitas pengelolaan kepegawaian",
                "Persentase pegawai yang data kepegawaiannya mutakhir",
                "Jumlah pegawai dengan data kepegawaian mutakhir berbanding jumlah seluruh pegawai x 100%",
                "1. Daftar urut kepangkatan\n2. Rekapitulasi kehadiran pegawai",
            ),
        ),
        header=VARIANT_HEADER,
        numbered_row=False,
        no_column=True,
    )


def kasi_pemerintahan_position() -> PositionSpec:
    """KASI PEMERINTAHAN: tugas and fungsi but no indicator table at all."""
    return PositionSpec(
        jabatan="KASI PEMERINTAHAN",
        tugas=(
            ("Melaksanakan sebagian tugas Camat di bidang pemerintahan umum, administrasi kependudukan dan "
            "pembinaan pemerintahan desa."),
        ),
        fungsi=(
            "Penyiapan bahan pembinaan penyelenggaraan pemerintahan desa;",
            "Fasilitasi pelayanan administrasi kependudukan di tingkat kecamatan;",
            "Penyusunan laporan pelaksanaan tugas Seksi Pemerintahan.",
        ),
        rows=(),
    )


def staff_pelayanan_position() -> PositionSpec:
    """STAFF PELAYANAN: fungsi printed as ``-``, one sasaran merged over two rows."""
    sasaran = "Terlaksananya pelayanan administrasi terpadu kecamatan"
    return PositionSpec(
        jabatan="STAFF PELAYANAN",
        tugas=("Menerima, memeriksa kelengkapan dan mencatat berkas permohonan layanan masyarakat.",),
        fungsi=(),
        rows=(
            IndicatorRow(
                sasaran,
                "Persentase berkas permohonan yang dicatat dalam register",
                "Jumlah berkas yang dicatat berbanding jumlah berkas yang diterima x 100%",
                "Buku register pelayanan",
            ),
            IndicatorRow(
                sasaran,
                "Jumlah keluhan pemohon atas pelayanan loket",
                "Jumlah keluhan yang disampaikan melalui kotak saran dan aplikasi pengaduan dalam satu tahun",
                "Rekapitulasi kotak saran",
            ),
        ),
    )


def default_decree() -> DecreeSpec:
    """The small default decree: four positions, one of them without a table."""
    return sukamaju_decree((
        camat_position(),
        sekretaris_position(),
        kasi_pemerintahan_position(),
        staff_pelayanan_position(),
    ))


def review_decree() -> DecreeSpec:
    """The default decree with rows a reviewer must look at, as shipped in data/raw/ (so a newcomer's first
    report shows its review view): the sekretaris row a page break cuts (ruled style) and the last staff row lost
    their sumber data, and a camat percentage indikator has a formula that is no ratio."""
    camat, sekretaris = camat_position(), sekretaris_position()
    pengaduan = camat.rows[2]
    camat = dataclasses.replace(camat, rows=(*camat.rows[:2], dataclasses.replace(
        pengaduan, formulasi="Jumlah pengaduan yang ditindaklanjuti dalam satu tahun anggaran"), *camat.rows[3:]))
    sekretaris = dataclasses.replace(sekretaris, rows=(
        dataclasses.replace(sekretaris.rows[0], sumber_data=""), *sekretaris.rows[1:]))
    staff = staff_pelayanan_position()
    staff = dataclasses.replace(staff, rows=(staff.rows[0], dataclasses.replace(staff.rows[1], sumber_data="")))
    return sukamaju_decree((camat, sekretaris, kasi_pemerintahan_position(), staff))


# Distinct services, one per row of the long table: each indikator names its own.
LONG_TABLE_SERVICES: tuple[tuple[str, str], ...] = (
    ("Meningkatnya kualitas pelayanan administrasi kependudukan di kelurahan", "surat pengantar KTP"),
    ("Meningkatnya kualitas pelayanan administrasi kependudukan di kelurahan", "surat pengantar kartu keluarga"),
    ("Meningkatnya kualitas pelayanan administrasi kependudukan di kelurahan", "surat keterangan pindah"),
    ("Meningkatnya kualitas pelayanan administrasi kependudukan di kelurahan", "surat keterangan domisili"),
    ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "usulan Musrenbang kelurahan"),
    ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "kegiatan gotong royong RT"),
    ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "kegiatan posyandu balita"),
    ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "kegiatan PKK kelurahan"),
    ("Meningkatnya partisipasi masyarakat dalam pembangunan kelurahan", "rapat koordinasi LPM"),
    ("Meningkatnya ketenteraman dan ketertiban lingkungan", "pos ronda yang aktif"),
    ("Meningkatnya ketenteraman dan ketertiban lingkungan", "laporan gangguan keamanan"),
    ("Meningkatnya ketenteraman dan ketertiban lingkungan", "penertiban reklame liar"),
    ("Meningkatnya kesejahteraan sosial masyarakat", "penyaluran bantuan sosial"),
    ("Meningkatnya kesejahteraan sosial masyarakat", "pendataan keluarga miskin"),
    ("Meningkatnya kesejahteraan sosial masyarakat", "rujukan layanan BPJS"),
    ("Meningkatnya kesejahteraan sosial masyarakat", "pendampingan penerima PKH"),
)


def long_table_rows() -> tuple[IndicatorRow, ...]:
    """Sixteen indicator rows in four sasaran groups of 4, 5, 3 and 4 rows."""
    return tuple(
        IndicatorRow(
            sasaran,
            f"Persentase {service} yang diselesaikan sesuai standar pelayanan",
            f"Jumlah {service} yang diselesaikan sesuai standar waktu dan persyaratan berbanding jumlah "
            f"seluruh {service} yang diajukan masyarakat dalam satu tahun x 100%",
            f"Register {service}\nLaporan bulanan kelurahan" if index % 4 == 1 else f"Register {service}",
        )
        for index, (sasaran, service) in enumerate(LONG_TABLE_SERVICES)
    )


def long_table_decree() -> DecreeSpec:
    """A decree whose LURAH table runs over page breaks that cut a row inside a merged sasaran group.

    The cut depends on the exact layout (text lengths): test_decree_pdf checks it still happens in every
    style, so an edit here that moves the break is caught there.
    """
    lurah = PositionSpec(
        jabatan="LURAH",
        tugas=(
            ("Melaksanakan kegiatan pemerintahan kelurahan, pemberdayaan masyarakat dan pelayanan "
             "masyarakat di wilayah kelurahan."),
        ),
        fungsi=(
            "Pelaksanaan kegiatan pemerintahan kelurahan;",
            "Pemberdayaan masyarakat dan pelayanan masyarakat;",
            "Pelaksanaan ketenteraman dan ketertiban umum;",
            "Pembinaan lembaga kemasyarakatan;",
            "Pemeliharaan prasarana dan fasilitas pelayanan umum.",
        ),
        rows=long_table_rows(),
    )
    kasubag = PositionSpec(
        jabatan="Kasubag Umum",
        tugas=("Melaksanakan urusan surat-menyurat, kearsipan, perlengkapan dan rumah tangga kecamatan.",),
        fungsi=("Pengelolaan surat masuk dan surat keluar;", "Pengelolaan barang milik daerah."),
        rows=(
            IndicatorRow(
                "Meningkatnya tertib administrasi umum",
                "Persentase surat masuk yang didisposisi pada hari yang sama",
                "Jumlah surat masuk yang didisposisi pada hari diterima berbanding jumlah surat masuk x 100%",
                "Agenda surat masuk",
            ),
        ),
    )
    return sukamaju_decree((lurah, kasubag))


@pytest.fixture(scope="session")
def decree_spec() -> DecreeSpec:
    """The small default decree (4 positions, one without table); frozen, so shared by the session."""
    return default_decree()


@pytest.fixture(scope="session")
def long_table_spec() -> DecreeSpec:
    """A decree with a table long enough to run over page breaks; frozen, so shared by the session."""
    return long_table_decree()


@pytest.fixture
def render_decree_pdf(tmp_path: Path) -> RenderDecree:
    """Factory: ``render_decree_pdf(spec, style, name=None, landscape_page=False, folder="input")`` renders
    into ``tmp_path/folder/name`` (default name ``decree-<style>.pdf``) and returns the RenderedDecree
    (``.path``, ``.page_count``, pages of positions and rows)."""

    def render(spec: DecreeSpec, style: TableStyleName, name: str | None = None,
               landscape_page: bool = False, folder: str = "input") -> RenderedDecree:
        pdf_name = name or f"decree-{style}{'-landscape' if landscape_page else ''}.pdf"
        return render_decree(spec, tmp_path / folder / pdf_name, style, landscape_page=landscape_page)

    return render
