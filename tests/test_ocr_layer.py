"""Scans that carry somebody else's OCR text layer (scanner software, OCRmyPDF): page images with the recognised
text drawn invisibly over them. Triage names them "ocr-layer"; they are OCRed like scans, the layer's own text
kept when OCR is off or fails; and nothing one page does loses the decree."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import default_decree
from decree_pdf import expected_rows, rasterize_pdf, render_decree
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from test_end_to_end_ocr import matched_share

import extract.document as document
import pipeline
from extract.ocr_page import slash_misread
from extract.page_image import embedded_scan
from extract.pdf_text import text_drawing
from extract.settings import Settings
from extract.triage import TextDrawing, lexicon_match, text_layer_verdict

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is installed by scripts/bootstrap.sh")
SENTENCE = "Melaksanakan penyusunan program kegiatan pemerintahan dan pelayanan masyarakat di kelurahan"
FONT = "Helvetica"


def scrambled(text: str) -> str:
    """A wrong reading of a word: its letters reversed (a layer no one can use, yet letters and the right count)."""
    return text[::-1]


def ocr_layer_pdf(digital: Path, out: Path, tmp_path: Path, reading: Callable[[str], str] = str,
                  dpi: int = 200) -> Path:
    """Build what OCRmyPDF makes of a scan of ``digital``: per page one full-page image and every word of the page
    drawn invisibly (render mode 3) over where it is printed, as ``reading`` reads it."""
    scanned = rasterize_pdf(digital, tmp_path / f"{out.stem}-scan.pdf", dpi=dpi)
    out.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(out))
    scans = pdfium.PdfDocument(str(scanned))
    with pdfplumber.open(digital) as pdf:
        for index, page in enumerate(pdf.pages):
            width, height = float(page.width), float(page.height)
            c.setPageSize((width, height))
            image_path = tmp_path / f"{out.stem}-page{index}.png"
            scans[index].render(scale=dpi / 72).to_pil().save(image_path)
            c.drawImage(str(image_path), 0, 0, width=width, height=height)
            for word in page.extract_words():
                draw_word(c, reading(word["text"]), word["x0"], word["x1"], height - word["bottom"],
                          word["bottom"] - word["top"], mode=3)
            c.showPage()
    scans.close()
    c.save()
    return out


def draw_word(c: canvas.Canvas, text: str, x0: float, x1: float, baseline: float, size: float, mode: int) -> None:
    """One word as a text object of its own, stretched to its printed width (as OCR layers place words)."""
    text_object = c.beginText(x0, baseline + 0.2 * size)
    text_object.setTextRenderMode(mode)
    text_object.setFont(FONT, size)
    text_object.setHorizScale(100.0 * (x1 - x0) / max(stringWidth(text, FONT, size), 0.1))
    text_object.textOut(text)
    c.drawText(text_object)


def scan_page_pdf(out: Path, tmp_path: Path, *, mode: int = 3, text_first: bool = False,
                  reading: Callable[[str], str] = str, image_share: float = 1.0) -> Path:
    """One A4 page: a grey "scan" image covering ``image_share`` of it and 12 lines of Indonesian drawn with text
    render ``mode`` (3 = invisible), before the image (under it) when ``text_first``."""
    width, height = 595.0, 842.0
    pixels = np.full((842, 595), 235, dtype=np.uint8)
    pixels[100:110, 60:540] = 20
    image_path = tmp_path / f"{out.stem}.png"
    Image.fromarray(pixels, mode="L").save(image_path)
    c = canvas.Canvas(str(out), pagesize=(width, height))

    def lines() -> None:
        for k in range(12):
            x = 60.0
            for word in SENTENCE.split():
                w = stringWidth(word, FONT, 10)
                draw_word(c, reading(word), x, x + w, 760 - 18 * k, 10, mode)
                x += w + 8

    if text_first:
        lines()
    c.drawImage(str(image_path), 0, 0, width=width * image_share, height=height * image_share)
    if not text_first:
        lines()
    c.showPage()
    c.save()
    return out


def verdict_of(path: Path) -> tuple[str, str]:
    with pdfplumber.open(path) as pdf:
        drawing = text_drawing(pdfium.PdfDocument(str(path))[0])
        verdict = text_layer_verdict(pdf.pages[0], drawing)
    return verdict.method, verdict.reason


def test_invisible_text_over_a_page_image_is_an_ocr_layer(tmp_path: Path) -> None:
    path = scan_page_pdf(tmp_path / "invisible.pdf", tmp_path)
    drawing = text_drawing(pdfium.PdfDocument(str(path))[0])
    assert drawing.text_objects == 12 * len(SENTENCE.split()) == drawing.invisible and drawing.under_image == 0
    method, reason = verdict_of(path)
    assert method == "ocr-layer" and "render mode 3" in reason


def test_visible_text_hidden_under_the_page_image_is_an_ocr_layer(tmp_path: Path) -> None:
    method, reason = verdict_of(scan_page_pdf(tmp_path / "under.pdf", tmp_path, mode=0, text_first=True))
    assert method == "ocr-layer" and "under the image" in reason


def test_visible_text_that_is_no_language_over_a_page_image_is_an_ocr_layer(tmp_path: Path) -> None:
    method, reason = verdict_of(scan_page_pdf(tmp_path / "garbled.pdf", tmp_path, mode=0, reading=scrambled))
    assert method == "ocr-layer" and "reads badly" in reason


def test_visible_words_over_a_background_image_stay_a_text_layer(tmp_path: Path) -> None:
    """A digital page printed on a full-page letterhead image is read from its text layer."""
    assert verdict_of(scan_page_pdf(tmp_path / "letterhead.pdf", tmp_path, mode=0))[0] == "text"
    assert text_layer_verdict(pdfplumber.open(scan_page_pdf(tmp_path / "plain.pdf", tmp_path, mode=0)).pages[0],
                              None).method == "text"


def test_invisible_text_beside_a_small_image_is_not_an_ocr_layer(tmp_path: Path) -> None:
    method, _ = verdict_of(scan_page_pdf(tmp_path / "small.pdf", tmp_path, image_share=0.5))
    assert method == "text"


def test_the_scan_under_an_invisible_layer_is_read_at_its_own_resolution(tmp_path: Path) -> None:
    scan = embedded_scan(str(scan_page_pdf(tmp_path / "layer.pdf", tmp_path)), 0)
    assert scan is not None and scan.source == "embedded" and scan.gray.shape == (842, 595)
    assert embedded_scan(str(scan_page_pdf(tmp_path / "visible.pdf", tmp_path, mode=0)), 0) is None


def test_lexicon_match_counts_words_of_three_letters_or_more() -> None:
    match = lexicon_match(["Pelaksanaan kegiatan, di Ke1urahan: pe|aksanaan x 100%", "nakanaskaleM"])
    assert (match.tokens, match.known) == (5, 2)
    assert TextDrawing(10, 4, 2).hidden_share == pytest.approx(0.6)


@pytest.mark.parametrize(("read", "repaired"), [
    ("SASARANIKINERJA", "SASARAN/KINERJA"), ("PENJELASANIFORMULASI", "PENJELASAN/FORMULASI"),
    ("SasaranlKinerja", "Sasaran/Kinerja"), ("KINERJAINDIVIDU", None), ("PEMERINTAHAN", None),
    ("Kesejahteraan", None), ("BimtekIPelatihan", None), ("kegiatanlprogram", None)])
def test_slash_read_as_a_letter_between_two_words_is_put_back(read: str, repaired: str | None) -> None:
    assert slash_misread(read) == repaired


def run(src: Path, out: Path, *extra: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    pipeline.main([str(src), "--out", str(out), "--quiet", "--workers", "1", "--no-report", *extra])
    return (pd.read_parquet(out / "decrees.parquet"), pd.read_parquet(out / "indicators.parquet"),
            pd.read_parquet(out / "pages.parquet"))


@needs_tesseract
def test_wrong_invisible_ocr_layer_is_read_again_with_our_ocr(tmp_path: Path) -> None:
    """The scan's OCR layer reads every word backwards: the page is an ocr-layer page, our OCR is kept, and the
    rows are those printed."""
    spec = default_decree()
    digital = render_decree(spec, tmp_path / "digital.pdf", "ruled").path
    ocr_layer_pdf(digital, tmp_path / "in" / "ocr-layer.pdf", tmp_path, reading=scrambled)
    decrees, indicators, pages = run(tmp_path / "in", tmp_path / "out")
    decree = decrees.iloc[0]
    assert decree["status"] == "ok" and decree["ocr_pages"] == decree["pages"] and decree["text_pages"] == 0
    assert set(pages["method"]) == {"ocr-layer"}
    assert all("render mode 3" in reason and "our OCR kept" in reason for reason in pages["reason"])
    assert set(indicators["method"]) == {"ocr"} and indicators["confidence"].lt(1.0).all()
    assert matched_share(indicators, expected_rows(spec)) >= 0.85
    assert decree["unit_name"] == "Kecamatan Sukamaju"


def test_ocr_layer_text_is_kept_when_ocr_is_off(tmp_path: Path) -> None:
    """--no-ocr: the layer's own (here correct) words are read, levelled and cut by the ruling lines of the image;
    no page is skipped."""
    spec = default_decree()
    digital = render_decree(spec, tmp_path / "digital.pdf", "ruled").path
    ocr_layer_pdf(digital, tmp_path / "in" / "ocr-layer.pdf", tmp_path)
    decrees, indicators, pages = run(tmp_path / "in", tmp_path / "out", "--no-ocr")
    assert decrees.iloc[0]["status"] == "ok"
    assert set(pages["method"]) == {"ocr-layer"}
    assert all("OCR turned off" in reason and "layer's text kept" in reason for reason in pages["reason"])
    assert set(indicators["method"]) == {"ocr"}
    assert matched_share(indicators, expected_rows(spec)) >= 0.9


def test_ocr_layer_text_is_kept_when_our_ocr_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: Tesseract crashes on every page; the layer's text is read instead and the decree is ok."""
    spec = default_decree()
    digital = render_decree(spec, tmp_path / "digital.pdf", "ruled").path
    path = ocr_layer_pdf(digital, tmp_path / "ocr-layer.pdf", tmp_path)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("tesseract crashed (signal 11)")

    monkeypatch.setattr(document, "ocr_layer_page_layout", crash)
    result = document.extract_document(path, "ocr-layer.pdf", Settings())
    assert result.decree["status"] == "ok"
    assert all(p["method"] == "ocr-layer" and "our OCR failed (RuntimeError: tesseract crashed" in p["reason"]
               for p in result.pages)
    assert len(result.indicators) == sum(len(rows) for rows in expected_rows(spec))


def test_a_page_that_breaks_reading_is_failed_and_the_rest_kept(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    spec = default_decree()
    digital = render_decree(spec, tmp_path / "digital.pdf", "ruled")
    broken_page = digital.position_first_pages[2]
    real_read_page = document.read_page

    def read_page(layout, carry):  # type: ignore[no-untyped-def]
        if layout.page_no == broken_page:
            raise KeyError("x0")
        return real_read_page(layout, carry)

    monkeypatch.setattr(document, "read_page", read_page)
    result = document.extract_document(digital.path, "digital.pdf", Settings(ocr=False))
    assert result.decree["status"] == "partial" and f"page {broken_page}: KeyError" in result.decree["error"]
    failed = [p for p in result.pages if p["method"] == "failed"]
    assert [p["page"] for p in failed] == [broken_page] and len(failed[0]["reason"].splitlines()) == 1
    assert result.decree["positions"] >= 2 and result.indicators


def test_a_page_that_breaks_the_structure_parser_is_left_out_and_the_rest_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = default_decree()
    digital = render_decree(spec, tmp_path / "digital.pdf", "ruled")
    broken_page = digital.page_count
    real_parse = document.parse_decree

    def parse_decree(pages):  # type: ignore[no-untyped-def]
        pages = list(pages)
        if any(page.page_no == broken_page for page in pages):
            raise TypeError("ord() expected a character, but string of length 2 found")
        return real_parse(pages)

    monkeypatch.setattr(document, "parse_decree", parse_decree)
    result = document.extract_document(digital.path, "digital.pdf", Settings(ocr=False))
    assert result.decree["status"] == "partial"
    assert f"page {broken_page}: decree structure not read: TypeError" in result.decree["error"]
    assert [p["page"] for p in result.pages if p["method"] == "failed"] == [broken_page]
    assert result.decree["positions"] >= 1 and result.indicators
