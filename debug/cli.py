"""``iki-pipeline debug FILE --page N [--out PNG]``: one page drawn with what extraction saw on it (the I/O edge:
reads the PDF and its page image, writes the PNG)."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from debug.page_drawing import LEGEND, draw_page
from extract.document import OCR_METHODS, read_pages_up_to
from extract.errors import ExitCode, UsageError, run_command
from extract.layout import PageLayout
from extract.ocr_page import image_as_read, load_page_image
from extract.page_image import render_page
from extract.page_tables import TableFragment
from extract.settings import Settings

DEBUG_DPI = 100  # resolution of the drawn page: enough to tell the words apart, small enough to open anywhere


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``debug``."""
    parser = argparse.ArgumentParser(
        prog="iki-pipeline debug",
        description="Draw one page with what extraction found on it: words, ruling lines, and per table its "
                    "header band, columns and row bands. The pages before it are read too (a table they leave "
                    "open changes how this page is read), with OCR where a run would use it.")
    parser.add_argument("file", type=Path, help="a decree PDF")
    parser.add_argument("--page", type=int, required=True, help="1-based page number")
    parser.add_argument("--out", type=Path, help="PNG to write (default: FILE's name with -pN.png, here)")
    parser.add_argument("--no-ocr", action="store_true", help="skip pages without a usable text layer")
    parser.add_argument("--tesseract", default="tesseract", help="Tesseract program to run (default: from PATH)")
    parser.add_argument("--ocr-dpi", type=int, default=300, help="resolution pages are OCRed at (default 300)")
    return parser


def _check_page(path: Path, page_no: int) -> None:
    """The file is a PDF with a page ``page_no``, or a usage error that says what it has."""
    if not path.is_file():
        raise UsageError(f"not a file: {path}")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - PDFium says why in its own words
        raise UsageError(f"{path} cannot be opened as a PDF: {exc}") from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if not 1 <= page_no <= pages:
        raise UsageError(f"{path} has {pages} page(s); there is no page {page_no}")


def page_image(path: Path, layout: PageLayout, settings: Settings) -> Image.Image:
    """The page as extraction saw it: the text layer's page rendered; a scan's image levelled and turned upright
    as OCR read it (its words are in that frame)."""
    index = layout.page_no - 1
    if layout.method not in OCR_METHODS or layout.ocr is None:
        return Image.fromarray(render_page(str(path), index, DEBUG_DPI))
    image = Image.fromarray(image_as_read(load_page_image(str(path), index, settings.ocr_dpi).gray, layout.ocr))
    factor = DEBUG_DPI / 72.0 * layout.width / image.width
    return image.resize((round(image.width * factor), round(image.height * factor)))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the PNG; print where, and what each colour means; return the exit code."""
    return run_command(lambda: _debug(build_parser().parse_args(argv)))


def _debug(args: argparse.Namespace) -> int:
    out = args.out or Path(f"{args.file.stem}-p{args.page}.png")
    try:
        settings = Settings(ocr=not args.no_ocr, tesseract=args.tesseract, ocr_dpi=args.ocr_dpi, workers=1)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    _check_page(args.file, args.page)
    layout, content = read_pages_up_to(args.file, args.page, settings)
    drawn = draw_page(page_image(args.file, layout, settings), layout, content)
    out.parent.mkdir(parents=True, exist_ok=True)
    drawn.save(out)
    tables = sum(1 for item in content.items if isinstance(item, TableFragment))
    print(f"page {layout.page_no} ({layout.method}: {layout.reason}); {len(layout.words)} words, "
          f"{len(layout.segments)} ruling lines, {tables} table fragment(s) -> {out}")
    print("colours: " + ", ".join(f"{name} rgb{colour}" for name, colour in LEGEND))
    return int(ExitCode.OK)
