"""Spelling normalization, jabatan roles, indicator kinds and the audit: table-driven cases for every variant
family and every false friend of the domain, plus the store writing ``normalizations.parquet``.

Self-contained: invented text only, no shared corpus. Cases that need the hunspell dictionary (fuzzy matching)
are skipped where Debian's ``hunspell-id`` is not installed (``scripts/bootstrap.sh`` installs it).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extract.document import DocumentResult
from normalize.cleanup import clean_layout
from normalize.columns import (
    normalize_decree,
    normalize_indicator,
    normalize_position,
    normalize_result,
    normalize_text,
)
from normalize.indicator_kind import indicator_kind, is_ratio
from normalize.jabatan import classify_jabatan
from normalize.lexicon import LexiconError, lexicon_from_dict, load_lexicon
from normalize.spelling import apply_case, case_style, default_normalizer
from normalize.variant_discovery import (
    accept_candidates,
    dump_lexicon,
    fingerprint,
    ngram_fingerprint,
    write_variant_candidates,
)
from store.dataset_store import DatasetStore
from store.schema import NORMALIZATIONS

needs_hunspell = pytest.mark.skipif(not default_normalizer().resources.has_hunspell,
                                    reason="Debian hunspell-id is not installed (scripts/bootstrap.sh installs it)")


def norm(text: str) -> str:
    result = normalize_text(text)
    assert result is not None
    return result


# ------------------------------------------------------------------------------------------ variant families

FAMILIES = [
    # (printed, normalized): every family of DOMAIN.md, in the case styles it is printed in
    ("Prosentase pegawai yang hadir", "Persentase pegawai yang hadir"),
    ("Presentase pegawai yang hadir", "Persentase pegawai yang hadir"),
    ("PROSENTASE PEGAWAI", "PERSENTASE PEGAWAI"),
    ("usulan Musrembang kelurahan", "usulan Musrenbang kelurahan"),
    ("MELALUI MUSREMBANG KECAMATAN", "MELALUI MUSRENBANG KECAMATAN"),
    ("hasil Musrembangkel tahun ini", "hasil Musrenbangkel tahun ini"),
    ("hasil Musrenbangcam dan Musrenbangdes", "hasil Musrenbangcam dan Musrenbangdes"),
    ("Jumlah sosialisasi dan money administrasi RT", "Jumlah sosialisasi dan monev administrasi RT"),
    ("laporan monitoring dan money kegiatan", "laporan monitoring dan monev kegiatan"),
    ("nilai survey kepuasan masyarakat", "nilai survei kepuasan masyarakat"),
    ("Surve kepuasan masyarakat", "Survei kepuasan masyarakat"),
    ("forum konsultasi public", "forum konsultasi publik"),
    ("pelatihan system informasi desa", "pelatihan sistem informasi desa"),
    ("Laporan Kasubag Umum", "Laporan Kasubbag Umum"),
    ("KASUBAG. PERENCANAAN", "KASUBBAG. PERENCANAAN"),
    ("Kasubbag Keuangan", "Kasubbag Keuangan"),
    ("Kasi Tranitib", "Kasi Trantib"),
    ("Meningkatnya produktifitas kerja", "Meningkatnya produktivitas kerja"),
    ("kwalitas pelayanan", "kualitas pelayanan"),
    ("pelayanan yang berkwalitas", "pelayanan yang berkualitas"),
    ("ketentraman dan ketertiban umum", "ketenteraman dan ketertiban umum"),
    ("KETENTRAMAN DAN KETERTIBAN", "KETENTERAMAN DAN KETERTIBAN"),
    ("Loporan bulanan", "Laporan bulanan"),
    ("Tertaksananya rapat koordinasi", "Terlaksananya rapat koordinasi"),
    ("pengelolaan administarsi umum", "pengelolaan administrasi umum"),
    ("pengelolaan adminstrasi umum", "pengelolaan administrasi umum"),
    ("Pengkoordinasian kegiatan", "Pengoordinasian kegiatan"),
    ("efektifitas anggaran", "efektivitas anggaran"),
]


@pytest.mark.parametrize(("printed", "normalized"), FAMILIES)
def test_variant_family_maps_to_its_canonical(printed: str, normalized: str) -> None:
    assert norm(printed) == normalized


FALSE_FRIENDS = [
    "Presentasi hasil kegiatan di depan camat",  # presentasi (presentation) is a word
    "sesuai ketentuan yang berlaku",  # ketentuan is not ketenteraman
    "bantuan uang atau money transfer",  # money outside a monitoring/evaluasi context is English
    "Persentase pegawai yang hadir",  # canonical text stays as it is
    "Musrenbang kelurahan dan Musrenbangdes",
    "SKM IKM SAKIP LAKIP LKjIP SPJ SPP SPM DPA RKA ADD DD PATEN PKH BLT BPJS LPM PKK RT RW",
    "Nilai SKM dan IKM terhadap layanan PATEN",
    "Dokumen Renja, RKA dan DPA serta RKPDesa dan APBDes",
    "Laporan kegiatan Linmas, Siskamling dan pos kamling",
    "Kasi Trantib dan Kesra",
    "trantibum dan pemberdayaan masyarakat",
    "Kelurahan Sukamaju Kecamatan Karangrejo",
    "Ditetapkan oleh Drs. H. Suparno, M.Si",
    "Bapak Sukarmin dan Ibu Wartini",
    "Jumlah pengaduan yang ditindaklanjuti berbanding jumlah pengaduan yang diterima x 100%",
    "(Σ Pegawai yang hadir / Σ Pegawai) x 100%",
    "Terlaksananya dan terselenggaranya kegiatan kesekretariatan",
    "Pengadministrasian surat masuk dan keluar",
]


@pytest.mark.parametrize("text", FALSE_FRIENDS)
def test_false_friends_acronyms_names_and_correct_text_are_kept(text: str) -> None:
    assert norm(text) == text


@needs_hunspell
@pytest.mark.parametrize(("printed", "normalized"), [
    ("Menigkatnya partisipasi masyarakat", "Meningkatnya partisipasi masyarakat"),
    ("Pemberdayan kelompok", "Pemberdayaan kelompok"),
    ("BENDAHAHA BARANG", "BENDAHARA BARANG"),
    ("STAFF PEMBERDAYAAN MASYRAKAT", "STAFF PEMBERDAYAAN MASYARAKAT"),
    ("pengettikan surat keluar", "pengetikan surat keluar"),
    ("Membanntu camat", "Membantu camat"),
    ("perkembangan perkeroperasian", "perkembangan perkoperasian"),
    ("jumlah berbading jumlah", "jumlah berbanding jumlah"),
    # a doubled letter or a repeated syllable beats an equally near word with another letter
    ("Laporan pelaksanan kegiatan", "Laporan pelaksanaan kegiatan"),
    ("Indeks kepuasaan masyarakat", "Indeks kepuasan masyarakat"),
    ("kualitas pelayananan publik", "kualitas pelayanan publik"),
    # read as affixes + a root, yet one common word is a single edit away
    ("administrasi kependudukkan", "administrasi kependudukan"),
    ("loporan yang berkwalitas", "laporan yang berkualitas"),
])
def test_fuzzy_matching_finds_unlisted_variants(printed: str, normalized: str) -> None:
    assert norm(printed) == normalized


@needs_hunspell
@pytest.mark.parametrize("text", [
    "warga Desa Karangsari",  # a place name after a place word
    "bersama Suwandi dan Sukirman",  # capitalised tokens that do not start a sentence
    "PENGADMINISTRASI PEMERINTAHAN DESA KEDUNGREJO",
    "melalui aplikasi SIPEKA",  # an unknown acronym
    "dengan mengkompilasikan data",  # a correct derived word the dictionary lacks
    "penyusunan RKPDes",
    "Tersusnya laporan",  # a slip with no single clear correction stays as printed
    "pemilahan sampah",  # affixes + root (pilah); near pemilihan and pemisahan: a rival, so kept
    "Terlaksananya kegiatan kesekretariatan",  # correct derived words no dictionary lists
    "mengkoordinasikan kegiatan",  # in common use (wordfreq), though KBBI prefers mengoordinasikan
])
def test_fuzzy_matching_leaves_names_acronyms_and_ambiguous_tokens(text: str) -> None:
    assert norm(text) == text


# ---------------------------------------------------------------------------------------------- clean-up


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("❖ Jumlah pelayanan\n- Jumlah pengaduan", "Jumlah pelayanan\nJumlah pengaduan"),
    ("  Jumlah   laporan \n\n  bulanan ", "Jumlah laporan bulanan"),  # a wrapped line
    ("ﬁnal\u00a0dokumen", "final dokumen"),
    ("pen\u00adyusunan", "penyusunan"),
    ("• satu • dua", "satu\n- dua"),  # an item that would read as a continuation keeps a dash
    ("- 5% dari target", "- 5% dari target"),
])
def test_clean_layout(raw: str, cleaned: str) -> None:
    assert clean_layout(raw) == cleaned


@needs_hunspell
@pytest.mark.parametrize(("raw", "normalized"), [
    ("pelak- sanaan kegiatan", "pelaksanaan kegiatan"),
    ("pelak-\nsanaan kegiatan", "pelaksanaan kegiatan"),
    ("masing- masing RT", "masing-masing RT"),
    ("tugas-tugas lain", "tugas-tugas lain"),
    ("sosial- budaya", "sosial- budaya"),
    ("pe1ayanan umum", "pelayanan umum"),
    ("tahun 2023 dan RT 05", "tahun 2023 dan RT 05"),
])
def test_line_end_hyphens_and_ocr_confusions(raw: str, normalized: str) -> None:
    assert norm(raw) == normalized


@pytest.mark.parametrize(("token", "canonical", "expected"), [
    ("MUSREMBANG", "musrenbang", "MUSRENBANG"),
    ("Prosentase", "persentase", "Persentase"),
    ("survey", "survei", "survei"),
    ("Kasubag", "Kasubbag", "Kasubbag"),
])
def test_replacement_keeps_the_case_style(token: str, canonical: str, expected: str) -> None:
    assert apply_case(token, canonical) == expected
    assert case_style(expected) == case_style(token)


# ----------------------------------------------------------------------------------------------- lexicon


def test_shipped_lexicon_is_consistent() -> None:
    lexicon = load_lexicon()
    assert lexicon.exact["prosentase"].canonical == "persentase"
    assert "presentasi" in lexicon.protected_words and "ketentuan" in lexicon.protected_words
    assert not any(lexicon.is_variant(word) for word in lexicon.canonical_words)


@pytest.mark.parametrize("document", [
    {"variants": [{"canonical": "a", "variants": ["x"]}, {"canonical": "b", "variants": ["x"]}]},
    {"variants": [{"canonical": "persentase", "variants": ["presentasi"]}],
     "protected": {"false_friends": ["presentasi"]}},
    {"variants": [{"canonical": "survei", "variants": ["survei"]}]},
    {"variants": [{"variants": ["x"]}]},
])
def test_contradicting_lexicon_is_refused(document: dict) -> None:
    with pytest.raises(LexiconError):
        lexicon_from_dict(document)


# ------------------------------------------------------------------------------------- jabatan and kinds


@pytest.mark.parametrize(("jabatan", "role", "bidang"), [
    ("CAMAT", "camat", ("pimpinan",)),
    ("Sekretaris Kecamatan", "sekretaris", ("kesekretariatan",)),
    ("SEKRETARIS LURAH", "sekretaris", ("kesekretariatan",)),
    ("LURAH", "lurah", ("pimpinan",)),
    ("Kepala Desa", "kepala desa", ("pimpinan",)),
    ("KASI PEMERINTAHAN DAN TRANTIB", "kepala seksi", ("pemerintahan", "trantib")),
    ("Kepala Seksi Pelayanan Publik", "kepala seksi", ("pelayanan",)),
    ("KASI PELAYANAN UMUM", "kepala seksi", ("pelayanan",)),
    ("Kasi Ekonomi dan Pembangunan", "kepala seksi", ("ekonomi-pembangunan",)),
    ("KASI KESEJAHTERAAN SOSIAL", "kepala seksi", ("kesejahteraan",)),
    ("Kasubbag Umum dan Kepegawaian", "kepala subbagian", ("umum-kepegawaian",)),
    ("KASUBBAG. PERENCANAAN DAN KEUANGAN", "kepala subbagian", ("perencanaan", "keuangan")),
    ("BENDAHARA PENGELUARAN", "bendahara", ("keuangan",)),
    ("STAFF PELAYANAN UMUM", "staf", ("pelayanan",)),
    ("PENGADMINISTRASI PEMERINTAHAN DESA", "pengadministrasi", ("pemerintahan",)),
    ("PRANATA PERLINDUNGAN MASYARAKAT", "pranata", ("trantib",)),
    ("Pengelola Data Pemberdayaan Masyarakat", "pengelola", ("kesejahteraan",)),
    ("Juru Masak", None, None),
])
def test_jabatan_role_and_bidang(jabatan: str, role: str | None, bidang: tuple[str, ...] | None) -> None:
    found = classify_jabatan(jabatan)
    assert (found.role, found.bidang) == (role, bidang)


@pytest.mark.parametrize(("indikator", "kind"), [
    ("Persentase pegawai yang hadir tepat waktu", "persentase"),
    ("1. Persentase SPJ yang diverifikasi", "persentase"),
    ("- Jumlah laporan yang disusun", "jumlah"),
    ("Jumlah dokumen perencanaan", "jumlah"),
    ("Indeks Kepuasan Masyarakat (IKM)", "nilai/indeks"),
    ("Nilai SAKIP kecamatan", "nilai/indeks"),
    ("Tingkat partisipasi masyarakat", "tingkat"),
    ("Dokumen Renja yang tersusun", "dokumen"),
    ("Tersusunnya laporan keuangan", "dokumen"),
    ("Terlaksananya rapat koordinasi", "other"),
    ("", None),
])
def test_indicator_kind(indikator: str, kind: str | None) -> None:
    assert indicator_kind(indikator) == kind


@pytest.mark.parametrize(("formulasi", "ratio"), [
    ("Jumlah pengaduan yang ditindaklanjuti berbanding jumlah pengaduan x 100%", True),
    ("(Σ Pegawai yang hadir / Σ Pegawai) x 100%", True),
    ("Jumlah realisasi dibagi jumlah target", True),
    ("Jumlah SPJ yang diverifikasi X 100 %", True),
    ("Jumlah laporan yang disusun dalam satu tahun", False),
    ("Laporan distribusi Rastra / BPMT", False),
    ("Jumlah pengajuan usulan pencairan DD/ADD", False),
    ("", None),
])
def test_is_ratio(formulasi: str, ratio: bool | None) -> None:
    assert is_ratio(formulasi) == ratio


# ------------------------------------------------------------------------------------- records and audit

INDICATOR = {
    "decree_id": "d1", "position_idx": 0, "row_idx": 0,
    "sasaran_raw": "Meningkatnya kwalitas pelayanan publik",
    "indikator_raw": "Prosentase pelayanan yang diselesaikan",
    "formulasi_raw": "Jumlah pelayanan selesai berbanding jumlah permohonan x 100%",
    "sumber_data_raw": "Laporan hasil survey\nLoporan bulanan",
}
POSITION = {
    "decree_id": "d1", "position_idx": 0, "jabatan_raw": "KASUBAG UMUM",
    "tugas_raw": ["Menyusun Prosentase kehadiran;"], "fungsi_raw": ["Pengkoordinasian kegiatan;", "Pelaporan."],
}


def test_indicator_record_gets_normalized_columns_kind_and_ratio() -> None:
    out = normalize_indicator(dict(INDICATOR))
    assert out["sasaran"] == "Meningkatnya kualitas pelayanan publik"
    assert out["indikator"] == "Persentase pelayanan yang diselesaikan"
    assert out["sumber_data"] == "Laporan hasil survei\nLaporan bulanan"
    assert (out["indicator_kind"], out["is_ratio"]) == ("persentase", True)
    assert all(out[k] == v for k, v in INDICATOR.items())


def test_position_record_gets_normalized_lists_role_and_bidang() -> None:
    out = normalize_position(dict(POSITION))
    assert out["jabatan"] == "Kasubbag Umum"
    assert out["tugas"] == ["Menyusun Persentase kehadiran;"]
    assert out["fungsi"] == ["Pengoordinasian kegiatan;", "Pelaporan."]
    assert (out["jabatan_role"], out["bidang"]) == ("kepala subbagian", ["umum-kepegawaian"])


def test_decree_audit_counts_every_replacement() -> None:
    decree = normalize_decree("d1", [dict(INDICATOR), dict(INDICATOR, row_idx=1)], [dict(POSITION)])
    audit = {(r["column"], r["raw_token"], r["normalized_token"]): r for r in decree.normalizations}
    assert audit[("indikator", "Prosentase", "Persentase")]["count"] == 2
    assert audit[("indikator", "Prosentase", "Persentase")]["source"] == "lexicon:persentase"
    assert audit[("tugas", "Prosentase", "Persentase")]["count"] == 1
    assert audit[("jabatan", "KASUBAG", "KASUBBAG")]["rule"] == "lexicon"
    assert audit[("sumber_data", "survey", "survei")]["score"] == 1.0
    assert {r["decree_id"] for r in decree.normalizations} == {"d1"}
    assert set(NORMALIZATIONS.names) == set(decree.normalizations[0])


def test_store_writes_the_audit_before_the_decree_part(tmp_path: Path) -> None:
    decree_id = "d" * 64  # the store writes only decrees that meet the output contract
    result = DocumentResult(
        decree={"decree_id": decree_id, "source_path": "a.pdf", "status": "ok", "pages": 1, "text_pages": 1,
                "ocr_pages": 0, "positions": 1, "indicators": 1, "pipeline_version": "test"},
        positions=[{**POSITION, "decree_id": decree_id}],
        indicators=[{**INDICATOR, "decree_id": decree_id, "page": 1, "method": "text", "confidence": 1.0,
                     "table_strategy": "ruled", "stitched": False}],
        pages=[{"decree_id": decree_id, "page": 1, "method": "text"}])
    store = DatasetStore(tmp_path)
    store.prepare()
    store.write(result)
    audit = pq.read_table(store.part_path("normalizations", "a.pdf", None))
    assert audit.schema.equals(NORMALIZATIONS)
    assert ("Prosentase", "Persentase") in set(zip(audit.column("raw_token").to_pylist(),
                                                   audit.column("normalized_token").to_pylist()))
    indicators = pq.read_table(store.part_path("indicators", "a.pdf", None)).to_pylist()
    assert indicators[0]["indikator_raw"] == INDICATOR["indikator_raw"]
    assert indicators[0]["indicator_kind"] == "persentase"
    store.remove("a.pdf")
    assert not store.part_path("normalizations", "a.pdf", None).exists()


# ------------------------------------------------------------------------------------- variant discovery


def test_fingerprints() -> None:
    assert fingerprint("Kelurahan,") == fingerprint("KELURAHAN") == "kelurahan"
    assert ngram_fingerprint("administarsi") == ngram_fingerprint("administrasi")


@needs_hunspell
def test_variant_candidates_csv_most_frequent_first_and_accepted_into_the_lexicon(tmp_path: Path) -> None:
    rows = (["Meningkatnya pemberdayaan masyarakat desa"] * 5 + ["Pemberdayan masyarakat desa"] * 3
            + ["Terlaksananya rapat warga", "Terlaksananya rapat waega"])
    indicators = pd.DataFrame({"sasaran_raw": rows, "indikator_raw": ["Jumlah warga"] * len(rows),
                               "formulasi_raw": [None] * len(rows), "sumber_data_raw": [""] * len(rows)})
    out_csv = tmp_path / "variant_candidates.csv"
    written = write_variant_candidates(indicators, out_csv)
    with out_csv.open(encoding="utf-8") as handle:
        candidates = list(csv.DictReader(handle))
    assert written == len(candidates) >= 1
    assert candidates[0]["variant"] == "pemberdayan" and candidates[0]["canonical"] == "pemberdayaan"
    assert [int(c["count"]) for c in candidates] == sorted((int(c["count"]) for c in candidates), reverse=True)
    assert json.loads(candidates[0]["lexicon_entry"]) == {"canonical": "pemberdayaan", "variants": ["pemberdayan"]}

    lexicon_path = tmp_path / "lexicon.json"
    lexicon_path.write_text(dump_lexicon({"variants": [{"canonical": "persentase", "variants": ["prosentase"]}]}))
    candidates[0]["accept"] = "y"
    with out_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(candidates[0]))
        writer.writeheader()
        writer.writerows(candidates)
    assert accept_candidates(out_csv, lexicon_path) == 1
    merged = load_lexicon(lexicon_path)
    assert merged.exact["pemberdayan"].canonical == "pemberdayaan"
    assert merged.exact["prosentase"].canonical == "persentase"


def test_shipped_lexicon_survives_a_dump_round_trip() -> None:
    path = Path(__file__).resolve().parents[1] / "normalize" / "lexicon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(dump_lexicon(data)) == data


def test_a_normalizer_failure_keeps_the_rows_and_marks_the_decree_partial() -> None:
    broken = {**INDICATOR, "formulasi_raw": 12345}  # not text: the normalizer cannot read it
    result = normalize_result(DocumentResult(
        decree={"decree_id": "d1", "source_path": "a.pdf", "status": "ok", "error": None},
        positions=[dict(POSITION)], indicators=[broken]))
    assert result.normalized and result.indicators == [broken]
    assert result.decree["status"] == "partial"
    assert result.decree["error"].startswith("a.pdf: normalization failed:") and "\n" not in result.decree["error"]


def test_normalize_result_fills_columns_once() -> None:
    result = normalize_result(DocumentResult(decree={"decree_id": "d1", "source_path": "a.pdf", "status": "ok"},
                                             positions=[dict(POSITION)], indicators=[dict(INDICATOR)]))
    assert result.normalized and result.decree["status"] == "ok"
    assert result.indicators[0]["indikator"].startswith("Persentase") and result.normalizations
    assert normalize_result(result) is result
