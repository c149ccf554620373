"""The scan degradations write what real photocopies and phone photos carry: a bilevel CCITT G4 page, a colour
JPEG page with the desk showing around the paper, and the same bytes for the same seed."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from scan_degrade import degrade_pdf, page_image_filters, phone_photo, photocopy, write_pdf

PAGE_DPI = 100.0


@pytest.fixture(scope="module")
def text_page() -> np.ndarray:
    """A small A4-shaped greyscale page (0 ink, 255 paper) at 100 dpi with a few lines of text and a ruled box."""
    page = np.full((1169, 827), 255, np.uint8)
    for i, line in enumerate(["INDIKATOR KINERJA INDIVIDU", "Sasaran: meningkatnya pelayanan", "Sumber data: laporan"]):
        cv2.putText(page, line, (60, 150 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2, cv2.LINE_AA)
    cv2.rectangle(page, (50, 400), (770, 700), 0, 2)
    return page


def single_page_image(pdf_path: Path) -> pdfium.PdfImage:
    """The one image object on the first page (a scan page holds nothing else)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    images = [obj for obj in pdf[0].get_objects() if isinstance(obj, pdfium.PdfImage)]
    assert len(images) == 1
    return images[0]


def test_photocopy_page_is_bilevel_ccitt_g4(text_page: np.ndarray, tmp_path: Path) -> None:
    image = photocopy(text_page, PAGE_DPI, np.random.default_rng(1), out_dpi=200.0)
    assert image.mode == "1"
    assert image.size == (1654, 2338)  # redrawn at the copier's 200 dpi
    write_pdf([image], tmp_path / "copy.pdf", 200.0)
    assert page_image_filters(tmp_path / "copy.pdf") == [["CCITTFaxDecode"]]
    metadata = single_page_image(tmp_path / "copy.pdf").get_metadata()
    assert metadata.bits_per_pixel == 1
    ink_share = 1 - np.asarray(image, dtype=np.float32).mean()
    assert 0.005 < ink_share < 0.2  # text and a copier edge survive; the page did not go black


def test_phone_photo_page_is_colour_jpeg_with_desk_around_the_paper(text_page: np.ndarray, tmp_path: Path) -> None:
    image = phone_photo(text_page, PAGE_DPI, np.random.default_rng(2))
    assert image.mode == "RGB"
    paper_px = image.info["dpi"][0] * text_page.shape[1] / PAGE_DPI
    assert 1250 <= paper_px <= 1650
    write_pdf([image], tmp_path / "photo.pdf", 175.0)
    assert page_image_filters(tmp_path / "photo.pdf") == [["DCTDecode"]]
    pixels = np.asarray(image, dtype=np.float32)
    h, w = pixels.shape[:2]
    corner_brightness = [pixels[y:y + 20, x:x + 20].mean() for y in (0, h - 20) for x in (0, w - 20)]
    centre_brightness = pixels[h // 2 - 50:h // 2 + 50, w // 2 - 50:w // 2 + 50].mean()
    assert max(corner_brightness) < 0.75 * centre_brightness  # the desk shows in every corner
    assert pixels[..., 0].mean() > pixels[..., 2].mean()  # warm light: more red than blue


@pytest.mark.parametrize("kind", ["photocopy", "phone"])
def test_same_seed_same_image_bytes(kind: str, text_page: np.ndarray, tmp_path: Path) -> None:
    source = tmp_path / "page.pdf"
    write_pdf([photocopy(text_page, PAGE_DPI, np.random.default_rng(0), out_dpi=200.0)], source, 200.0)

    def image_data(seed: int, folder: str) -> bytes:
        (tmp_path / folder).mkdir()
        degrade_pdf(source, tmp_path / folder / "out.pdf", kind, seed)
        return bytes(single_page_image(tmp_path / folder / "out.pdf").get_data(decode_simple=False))

    first, again, other = image_data(7, "a"), image_data(7, "b"), image_data(8, "c")
    assert first == again
    assert first != other
    assert (tmp_path / "a" / "out.pdf").read_bytes() == (tmp_path / "b" / "out.pdf").read_bytes()
