"""The second OCR pass over ink the page pass left out: found where no word covers text-like ink, read back
in page coordinates, and nothing found where every word was read or the ink is speckle."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extract.missed_ink import missed_pieces, read_pieces
from extract.page_image import binarize, render_page
from extract.tesseract import ocr_words

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
DPI = 300
LINES = ("Jumlah keluhan pengaduan pelayanan", "administratif yang ditindaklanjuti", "Data layanan masyarakat")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path = tmp_path_factory.mktemp("ink") / "lines.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 11)
    for i, text in enumerate(LINES):
        pdf.drawString(72, A4[1] - 100 - 16 * i, text)
    pdf.save()
    return binarize(render_page(str(path), 0, DPI))


@needs_tesseract
def test_a_line_the_page_pass_left_out_is_found_and_read(page: np.ndarray) -> None:
    words = ocr_words(page, psm=11, dpi=DPI)
    assert [w["text"] for w in words][-3:] == LINES[-1].split()
    last_top = min(w["top"] for w in words if w["text"] == "Data")
    kept = [w for w in words if w["top"] < last_top - 10]  # as if the page pass had missed the last line
    height = float(np.median([w["height"] for w in kept]))
    pieces = missed_pieces(page, kept, height)
    assert len(pieces) == 1 and abs(pieces[0].top - last_top) < height
    recovered = read_pieces(page, pieces, binary_path="tesseract", lang="ind+eng", dpi=DPI, timeout_s=60)
    assert [w["text"] for w in recovered] == LINES[-1].split()
    for got, want in zip(recovered, words[-3:]):  # back in page pixels, where the page pass had them
        assert abs(got["left"] - want["left"]) <= 3 and abs(got["top"] - want["top"]) <= 3


@needs_tesseract
def test_nothing_is_missed_when_every_word_was_read(page: np.ndarray) -> None:
    words = ocr_words(page, psm=11, dpi=DPI)
    assert missed_pieces(page, words, float(np.median([w["height"] for w in words]))) == []


def test_speckle_is_no_missed_text() -> None:
    rng = np.random.default_rng(1)
    speckled = np.full((800, 800), 255, np.uint8)
    speckled[rng.random(speckled.shape) < 0.002] = 0
    assert missed_pieces(speckled, [], 40.0) == []


def test_no_pieces_means_no_tesseract_call(tmp_path: Path) -> None:
    assert read_pieces(np.full((10, 10), 255, np.uint8), [], binary_path=str(tmp_path / "absent"), lang="ind",
                       dpi=DPI, timeout_s=1) == []
