"""Tiny output folders for the report tests, built with pyarrow from records (and a one-page PDF with reportlab).

The other ``test_report_*`` modules import the builders from here; the tests in this module check that the clean
fixture is clean (no finding at all), so every finding a crafted variant produces is the crafted problem.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from report.checks import run_checks
from report.output_tables import load_output_tables
from report.settings import ReportSettings
from store.parquet_writer import records_to_table, write_atomic
from store.schema import DATASETS

Record = dict[str, Any]
PAGE_WIDTH, PAGE_HEIGHT = A4


def fake_id(name: str) -> str:
    """A sha256-shaped decree id for a decree that has no PDF."""
    return hashlib.sha256(name.encode()).hexdigest()


def decree_record(decree_id: str, source_path: str, **changes: Any) -> Record:
    """A complete, clean decrees row (counts must be kept right by the caller)."""
    record: Record = {
        "decree_id": decree_id, "source_path": source_path, "status": "ok", "error": None,
        "pages": 2, "text_pages": 2, "ocr_pages": 0, "unit_type": "kecamatan", "unit_name": "Kecamatan Sukamaju",
        "region": "Kabupaten Contoh", "decree_number": "800/117/KEC.SKM/IV/2024", "decree_date": None, "year": 2024,
        "signatory_name": "Drs. HERMAN SUTISNA, M.Si", "signatory_nip": "197001011990031002",
        "positions": 0, "indicators": 0, "pipeline_version": "test",
    }
    record.update(changes)
    return record


def position_record(decree_id: str, position_idx: int, jabatan: str, **changes: Any) -> Record:
    """A clean positions row with a recognised table header."""
    record: Record = {
        "decree_id": decree_id, "position_idx": position_idx, "jabatan_raw": jabatan, "jabatan": jabatan,
        "tugas_raw": ["Melaksanakan tugas."], "tugas": ["Melaksanakan tugas."], "fungsi_raw": [], "fungsi": [],
        "page_start": 1, "page_end": 1,
        "table_header": "KINERJA UTAMA | INDIKATOR KINERJA UTAMA | FORMULASI PERHITUNGAN/PENJELASAN | SUMBER DATA",
    }
    record.update(changes)
    return record


def indicator_record(decree_id: str, position_idx: int, row_idx: int, indikator: str, formulasi: str,
                     sasaran: str = "Meningkatnya kualitas pelayanan", sumber_data: str = "Buku register",
                     **changes: Any) -> Record:
    """A clean indicators row on page 1 (raw and normalized text equal)."""
    record: Record = {
        "decree_id": decree_id, "position_idx": position_idx, "row_idx": row_idx,
        "sasaran_raw": sasaran, "indikator_raw": indikator, "formulasi_raw": formulasi, "sumber_data_raw": sumber_data,
        "sasaran": sasaran, "indikator": indikator, "formulasi": formulasi, "sumber_data": sumber_data,
        "page": 1, "method": "text", "confidence": 1.0, "table_strategy": "ruled", "stitched": False,
        "box_x0": 50.0, "box_top": 100.0 + 60 * row_idx, "box_x1": 540.0, "box_bottom": 150.0 + 60 * row_idx,
    }
    record.update(changes)
    return record


def page_records(decree_id: str, pages: int, method: str = "text") -> list[Record]:
    """One pages row per page, all read the same way."""
    return [{"decree_id": decree_id, "page": p, "method": method, "reason": "1000 characters in a readable text layer",
             "error": None} for p in range(1, pages + 1)]


# Distinct services, so that two clean decrees built from different lists are not near-duplicates.
SERVICES = ("surat pengantar KTP", "surat keterangan domisili", "rekomendasi izin keramaian",
            "legalisasi dokumen kependudukan", "usulan Musrenbang kelurahan", "laporan gangguan ketertiban")


def clean_rows(decree_id: str, position_idx: int, services: Sequence[str]) -> list[Record]:
    """Consistent percentage indicators with ratio formulas, one per service."""
    return [indicator_record(decree_id, position_idx, i, f"Persentase {s} yang diselesaikan tepat waktu",
                             f"Jumlah {s} yang diselesaikan tepat waktu berbanding jumlah {s} yang diajukan x 100%")
            for i, s in enumerate(services)]


@dataclass
class OutputSpec:
    """The records of a whole output folder; ``write`` puts one part per dataset and decree under a folder."""

    decrees: list[Record] = field(default_factory=list)
    positions: list[Record] = field(default_factory=list)
    indicators: list[Record] = field(default_factory=list)
    pages: list[Record] = field(default_factory=list)

    def add_decree(self, decree: Record, positions: list[Record], indicators: list[Record],
                   pages: list[Record] | None = None, keep_counts: bool = False) -> None:
        """Add one decree and its rows; its counts are set from the rows unless ``keep_counts``."""
        if not keep_counts:
            decree = {**decree, "positions": len(positions), "indicators": len(indicators)}
        self.decrees.append(decree)
        self.positions += positions
        self.indicators += indicators
        self.pages += pages if pages is not None else page_records(decree["decree_id"], int(decree["pages"]))

    def write(self, out: Path) -> Path:
        """Write every dataset as per-decree Parquet parts, as the pipeline's store does."""
        records = {"decrees": self.decrees, "positions": self.positions, "indicators": self.indicators,
                   "pages": self.pages}
        for name, schema in DATASETS.items():
            folder = out / f"{name}.parquet"
            folder.mkdir(parents=True, exist_ok=True)
            for index, decree in enumerate(self.decrees):
                mine = [r for r in records[name] if r["decree_id"] == decree["decree_id"]]
                if name == "decrees":
                    mine = [decree]
                write_atomic(records_to_table(mine, schema), folder / f"part-{index:04d}.parquet")
        return out


def clean_output() -> OutputSpec:
    """One clean decree: two positions of three consistent rows each."""
    decree_id = fake_id("clean")
    spec = OutputSpec()
    spec.add_decree(decree_record(decree_id, "sukamaju.pdf"),
                    [position_record(decree_id, 0, "CAMAT"), position_record(decree_id, 1, "Sekretaris Kecamatan")],
                    clean_rows(decree_id, 0, SERVICES[:3]) + clean_rows(decree_id, 1, SERVICES[3:]))
    return spec


@dataclass(frozen=True)
class PrintedRow:
    """Where the one-page test PDF prints its indicator row."""

    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points, origin top-left)


def render_row_pdf(path: Path) -> PrintedRow:
    """A one-page A4 PDF with a boxed table row (four cells); returns where the row is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=A4)
    x0, top, x1, bottom = 50.0, 120.0, 545.0, 170.0
    canvas.rect(x0, PAGE_HEIGHT - bottom, x1 - x0, bottom - top)
    cells = ("Meningkatnya kualitas", "Persentase surat diarsipkan", "Jumlah surat berbanding x 100%", "Agenda")
    for index, text in enumerate(cells):
        cell_x = x0 + index * (x1 - x0) / 4
        canvas.line(cell_x, PAGE_HEIGHT - bottom, cell_x, PAGE_HEIGHT - top)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(cell_x + 4, PAGE_HEIGHT - top - 16, text)
    canvas.showPage()
    canvas.save()
    return PrintedRow(" | ".join(cells), (x0, top, x1, bottom))


def pdf_output(input_dir: Path) -> OutputSpec:
    """An output whose decree is a real one-page PDF under ``input_dir`` with one flagged row (sumber data empty)."""
    printed = render_row_pdf(input_dir / "sub" / "arsip.pdf")
    decree_id = hashlib.sha256((input_dir / "sub" / "arsip.pdf").read_bytes()).hexdigest()
    x0, top, x1, bottom = printed.box
    rows = [indicator_record(decree_id, 0, 0, "Persentase surat diarsipkan", "Jumlah surat berbanding x 100%",
                             sumber_data="", box_x0=x0, box_top=top, box_x1=x1, box_bottom=bottom)]
    spec = OutputSpec()
    spec.add_decree(decree_record(decree_id, "sub/arsip.pdf", pages=1, text_pages=1),
                    [position_record(decree_id, 0, "KASUBAG UMUM")], rows)
    return spec


def test_clean_output_has_no_finding(tmp_path: Path) -> None:
    tables, read_findings = load_output_tables(clean_output().write(tmp_path / "out"))
    assert read_findings == []
    assert run_checks(tables, ReportSettings()) == []
    assert len(tables.indicators) == 6 and len(tables.positions) == 2


def test_pdf_output_points_at_its_printed_row(tmp_path: Path) -> None:
    spec = pdf_output(tmp_path / "input")
    tables, _ = load_output_tables(spec.write(tmp_path / "out"))
    checks = {f.check for f in run_checks(tables, ReportSettings())}
    assert checks == {"row.empty_field"}
