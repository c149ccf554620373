"""Scanned page -> PageLayout, on a ruled table page the test renders, rotates, noises and re-scans itself.

The Tesseract tests run the real program (skipped, with a reason, when it is not installed); the image and
geometry tests need only OpenCV and PDFium. Fault injection uses tiny fake ``tesseract`` scripts.
"""
from __future__ import annotations

import re
import shutil
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from extract.errors import MissingDependencyError, PageError
from extract.layout import PageLayout, Word
from extract.ocr_page import load_page_image, ocr_page_layout, repair_symbols
from extract.page_image import binarize, deskew, estimate_skew, render_page
from extract.ruling_lines import find_ruling_lines
from extract.tesseract import check_tesseract, ocr_words

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")

SCAN_DPI = 200
SCAN_ROTATION_DEG = 1.5  # counter-clockwise, as PIL's Image.rotate turns it
FONT_PT = 10.0
PADDING_PT = 3.0  # tight padding: neighbouring columns' text sits ~6 pt apart, across a ruling line
COLUMN_X = (50.0, 150.0, 280.0, 450.0, 545.0)  # 4 columns: sasaran | indikator | formulasi | sumber data
TABLE_ROWS = (
    ("KINERJA UTAMA", "INDIKATOR KINERJA", "FORMULASI PERHITUNGAN", "SUMBER DATA"),
    (
        "Meningkatkan partisipasi masyarakat dalam pembangunan",
        "Persentase kehadiran peserta Musrenbang",
        "Jumlah peserta hadir berbanding jumlah undangan x 100%",
        "Daftar hadir",
    ),
    (
        "Terwujudnya pelayanan publik yang prima",
        "Persentase usulan yang diakomodir",
        "Jumlah usulan berbanding jumlah seluruh usulan x 100%",
        "Laporan Musrenbang Kecamatan",
    ),
)
ROW_TOPS = (120.0, 150.0, 220.0, 290.0)  # row edges, PDF points from the top of the page


@dataclass(frozen=True)
class Cell:
    """One printed cell: its text and box (PDF points, origin top-left)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def table_cells() -> list[Cell]:
    """The cells of the test table, row by row."""
    return [
        Cell(text, COLUMN_X[c], COLUMN_X[c + 1], ROW_TOPS[r], ROW_TOPS[r + 1])
        for r, row in enumerate(TABLE_ROWS)
        for c, text in enumerate(row)
    ]


def draw_table_pdf(path: Path) -> None:
    """A4 page with the ruled 4-column table: grey bold header, wrapped cell text, 0.8 pt rules."""
    page_height = A4[1]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFillGray(0.85)
    pdf.rect(COLUMN_X[0], page_height - ROW_TOPS[1], COLUMN_X[-1] - COLUMN_X[0], ROW_TOPS[1] - ROW_TOPS[0],
             stroke=0, fill=1)
    pdf.setFillGray(0.0)
    pdf.setLineWidth(0.8)
    for y in ROW_TOPS:
        pdf.line(COLUMN_X[0], page_height - y, COLUMN_X[-1], page_height - y)
    for x in COLUMN_X:
        pdf.line(x, page_height - ROW_TOPS[0], x, page_height - ROW_TOPS[-1])
    for index, cell in enumerate(table_cells()):
        font = "Helvetica-Bold" if index < 4 else "Helvetica"
        lines = simpleSplit(cell.text, font, FONT_PT, cell.x1 - cell.x0 - 2 * PADDING_PT)
        pdf.setFont(font, FONT_PT)
        for line_no, line in enumerate(lines):
            baseline = cell.top + PADDING_PT + FONT_PT * (line_no + 1)
            pdf.drawString(cell.x0 + PADDING_PT, page_height - baseline, line)
    pdf.save()


def scan_pdf(vector_pdf: Path, scanned_pdf: Path, rotation_deg: float, seed: int = 7) -> None:
    """Rasterize at 200 dpi, turn, add grey paper and noise, save as an image-only PDF (one full-page image)."""
    gray = render_page(str(vector_pdf), 0, SCAN_DPI)
    turned = np.asarray(
        Image.fromarray(gray).rotate(rotation_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    )
    rng = np.random.default_rng(seed)
    paper = turned.astype(np.float64) * 0.92 + 8.0  # scanner grey: paper ~243, ink ~8
    noisy = paper + rng.normal(0.0, 12.0, paper.shape)
    specks = rng.random(paper.shape) < 0.0005
    noisy[specks] = 40.0
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(scanned_pdf, "PDF", resolution=SCAN_DPI)


def tokens(text: str) -> list[str]:
    """Lower-cased words without surrounding punctuation."""
    return [t for t in (raw.strip(".,;:()").lower() for raw in text.split()) if t]


def word_recall(expected: list[str], page_words: tuple[Word, ...]) -> float:
    """Share of expected tokens (as a multiset) found among the page's words."""
    found = Counter(t for w in page_words for t in tokens(w.text))
    wanted = Counter(expected)
    return sum(min(n, found[t]) for t, n in wanted.items()) / sum(wanted.values())


@pytest.fixture(scope="module")
def vector_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "table.pdf"
    draw_table_pdf(path)
    return path


@pytest.fixture(scope="module")
def scanned_pdf(vector_pdf: Path) -> Path:
    path = vector_pdf.with_name("table__scan.pdf")
    scan_pdf(vector_pdf, path, SCAN_ROTATION_DEG)
    return path


@pytest.fixture(scope="module")
def scanned_layout(scanned_pdf: Path) -> PageLayout:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed")
    page_width, page_height = pdfium.PdfDocument(str(scanned_pdf))[0].get_size()
    return ocr_page_layout(str(scanned_pdf), 0, page_width, page_height)


# --- image preparation and ruling lines (no Tesseract) -----------------------------------------------------


@pytest.mark.parametrize("rotation_deg", [SCAN_ROTATION_DEG, -2.0, 0.0, 7.5, -9.0])
def test_estimate_skew_measures_the_scan_rotation(vector_pdf: Path, tmp_path: Path, rotation_deg: float) -> None:
    scanned = tmp_path / "turned.pdf"
    scan_pdf(vector_pdf, scanned, rotation_deg)
    page_image = load_page_image(str(scanned), 0, dpi=300)
    assert abs(estimate_skew(page_image.gray) - rotation_deg) <= 0.5


def test_scan_is_read_from_the_embedded_image_and_upscaled(scanned_pdf: Path, vector_pdf: Path) -> None:
    scan = load_page_image(str(scanned_pdf), 0, dpi=300)
    assert scan.source.startswith("embedded 200 dpi") and scan.dpi == pytest.approx(300, abs=0.5)
    assert load_page_image(str(vector_pdf), 0, dpi=150).source == "rendered"


def test_ruling_lines_of_the_deskewed_scan_match_the_drawn_table(scanned_pdf: Path) -> None:
    page_image = load_page_image(str(scanned_pdf), 0, dpi=300)
    level = deskew(page_image.gray, estimate_skew(page_image.gray))
    segments = find_ruling_lines(level, page_image.dpi)
    horizontal = sorted(s.y for s in segments if s.is_horizontal)
    vertical = sorted(s.x for s in segments if not s.is_horizontal)
    assert horizontal == pytest.approx(ROW_TOPS, abs=2.0)
    assert vertical == pytest.approx(COLUMN_X, abs=2.0)


def test_text_strokes_are_not_ruling_lines(vector_pdf: Path) -> None:
    page_image = render_page(str(vector_pdf), 0, 300)
    words_only = page_image.copy()
    words_only[:, :] = 255
    top, bottom = int(ROW_TOPS[1] * 300 / 72) + 8, int(ROW_TOPS[2] * 300 / 72) - 8
    left, right = int(COLUMN_X[0] * 300 / 72) + 8, int(COLUMN_X[1] * 300 / 72) - 8
    words_only[top:bottom, left:right] = page_image[top:bottom, left:right]  # one cell's text, no rules
    assert find_ruling_lines(words_only, 300) == []


def test_binarize_keeps_a_blank_noisy_page_blank() -> None:
    rng = np.random.default_rng(1)
    paper = np.clip(rng.normal(225, 10, (1200, 900)), 0, 255).astype(np.uint8)
    assert np.mean(binarize(paper) == 0) < 0.001


# --- symbol repair ----------------------------------------------------------------------------------------


def _line(*texts: str) -> list[Word]:
    return [Word(text, 10.0 * i, 10.0 * i + 8, 0.0, 10.0, 0.9) for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("read", "repaired"),
    [
        (("usulan", "x", "10074"), ("usulan", "x", "100%")),
        (("usulan", "x", "100Y4."), ("usulan", "x", "100%.")),
        (("usulan", "x", "100", "74"), ("usulan", "x", "100", "%")),
        (("kelurahan", "x", "10094", "Trantib."), ("kelurahan", "x", "100%", "Trantib.")),
        (("pengaduan", "x100", "&", "Jumlah"), ("pengaduan", "x100", "%", "Jumlah")),
        (("dikali", "10096"), ("dikali", "100%")),
        (("(£", "hari", "/", "£", "hari)"), ("(Σ", "hari", "/", "Σ", "hari)")),
        (("(Z", "Pegawai", "x", "E", "hari"), ("(Σ", "Pegawai", "x", "Σ", "hari")),
    ],
)
def test_repair_symbols_fixes_known_misreadings(read: tuple[str, ...], repaired: tuple[str, ...]) -> None:
    words, repairs = repair_symbols(_line(*read))
    assert tuple(w.text for w in words) == repaired
    assert len(repairs) == sum(a != b for a, b in zip(read, repaired))


@pytest.mark.parametrize(
    "read",
    [
        ("nomor", "10074"),
        ("RT", "74"),
        ("x", "100", "orang"),
        ("x", "1000", "penduduk"),
        ("Vitamin", "E"),
        ("Blok", "Z", "2"),
        ("x", "1007"),
        ("NIP.", "19690920", "199112", "1001"),
    ],
)
def test_repair_symbols_leaves_other_text_alone(read: tuple[str, ...]) -> None:
    words, repairs = repair_symbols(_line(*read))
    assert tuple(w.text for w in words) == read and repairs == []


# --- real Tesseract on the scanned table --------------------------------------------------------------------


@needs_tesseract
def test_scanned_table_words_are_recovered(scanned_layout: PageLayout) -> None:
    expected = [t for row in TABLE_ROWS for text in row for t in tokens(text)]
    assert scanned_layout.method == "ocr"
    assert word_recall(expected, scanned_layout.words) >= 0.85
    assert all(0.0 <= w.conf <= 1.0 and w.text.strip() for w in scanned_layout.words)


@needs_tesseract
def test_scanned_table_layout_has_the_table_rulings(scanned_layout: PageLayout) -> None:
    assert len(scanned_layout.h_segments) == len(ROW_TOPS)
    assert len(scanned_layout.v_segments) == len(COLUMN_X)
    skew_note = next(n for n in scanned_layout.notes if n.startswith("skew:"))
    measured = float(re.search(r"[-+]?\d+\.\d+", skew_note).group())  # type: ignore[union-attr]
    assert measured == pytest.approx(SCAN_ROTATION_DEG, abs=0.5)


@needs_tesseract
def test_scanned_words_land_in_their_cells(scanned_layout: PageLayout) -> None:
    cells = table_cells()
    owner: dict[str, Cell | None] = {}
    for cell in cells:  # a token printed in exactly one cell tells which cell its word must sit in
        for token in tokens(cell.text):
            owner[token] = cell if owner.get(token, cell) is cell else None
    checked = misplaced = 0
    for word in scanned_layout.words:
        for token in tokens(word.text):
            home = owner.get(token)
            if home is None:
                continue
            checked += 1
            inside = home.x0 <= word.x_mid <= home.x1 and home.top <= word.y_mid <= home.bottom
            misplaced += not inside
    assert checked >= 0.9 * sum(cell is not None for cell in owner.values())
    assert misplaced == 0


@needs_tesseract
def test_no_word_straddles_a_column_rule(scanned_layout: PageLayout) -> None:
    for rule in scanned_layout.v_segments:
        straddling = [
            w.text
            for w in scanned_layout.words
            if w.x0 < rule.x - 1.0 < rule.x + 1.0 < w.x1 and rule.top <= w.y_mid <= rule.bottom
        ]
        assert straddling == [], f"words glued across the rule at x={rule.x:.0f}"


# --- the Tesseract wrapper ----------------------------------------------------------------------------------


@needs_tesseract
def test_check_tesseract_reports_the_version() -> None:
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?", check_tesseract())


def test_check_tesseract_names_what_to_install_when_the_program_is_missing(tmp_path: Path) -> None:
    with pytest.raises(MissingDependencyError) as caught:
        check_tesseract(str(tmp_path / "no-such-tesseract"))
    message = str(caught.value)
    assert "\n" not in message
    assert "not found" in message and "apt-get install tesseract-ocr" in message


@needs_tesseract
def test_check_tesseract_names_the_missing_language_pack() -> None:
    with pytest.raises(MissingDependencyError, match=r"^[^\n]*'xyz'[^\n]*apt-get install tesseract-ocr-xyz`$"):
        check_tesseract(langs=("ind", "xyz"))


def _fake_tesseract(tmp_path: Path, body: str) -> str:
    """A shell script that answers ``--version`` like Tesseract 5 and runs ``body`` for anything else."""
    script = tmp_path / "tesseract"
    script.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_tesseract_crash_becomes_a_page_error(tmp_path: Path) -> None:
    binary = _fake_tesseract(tmp_path, 'echo "simulated crash: out of memory" >&2; exit 1')
    with pytest.raises(PageError, match="simulated crash"):
        ocr_words(np.full((50, 50), 255, np.uint8), binary=binary)


def test_tesseract_hang_becomes_a_page_error(tmp_path: Path) -> None:
    binary = _fake_tesseract(tmp_path, "sleep 10")
    with pytest.raises(PageError, match="timeout"):
        ocr_words(np.full((50, 50), 255, np.uint8), binary=binary, timeout_s=1)


def test_ocr_words_on_a_missing_program_names_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr"):
        ocr_words(np.full((50, 50), 255, np.uint8), binary=str(tmp_path / "no-such-tesseract"))
