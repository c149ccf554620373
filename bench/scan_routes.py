#!/usr/bin/env python3
"""Benchmark: seconds per page of every image route, each against bare Tesseract on the same page's own image.

    .venv/bin/python bench/scan_routes.py [--pages 4] [--routes scan,ocr-layer,photocopy,phone]

Routes and their pages: `scan` - ../shared/corpus/*__scan.pdf; `ocr-layer` - ../shared/corpus2/*__ocr-layer.pdf;
`photocopy` and `phone` - pages of ../shared/corpus/*__docx.pdf degraded here by tests/scan_degrade.py (CCITT G4
bilevel; colour JPEG photo). Ours = the pipeline's whole per-page route (triage, page image, sheet flattening for
photos, deskew, ruling lines, binarization, the page pass and the second pass over missed ink, symbol repair, the
layer comparison for ocr-layer pages). Baseline, in the same process on the same pages: `tesseract img - -l ind+eng`,
one thread (OMP_THREAD_LIMIT=1, as our workers run), on the page's embedded image at its own resolution.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from scan_degrade import degrade_pdf  # noqa: E402

from extract.document import _page_layout, _PdfiumPages  # noqa: E402
from extract.page_image import embedded_scan, render_page  # noqa: E402
from extract.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
ROUTES = ("scan", "ocr-layer", "photocopy", "phone")


def route_pages(route: str, n: int, work: Path) -> list[tuple[Path, int]]:
    """``n`` (file, page index) pairs for a route, spread over its files; degraded routes are made in ``work``."""
    if route in ("scan", "ocr-layer"):
        corpus = "corpus" if route == "scan" else "corpus2"
        files = sorted((SHARED / corpus).glob(f"*__{route}.pdf"))
        return _spread([(f, i) for f in files for i in range(1, min(len(pdfium.PdfDocument(str(f))), 6))], n)
    pages = []
    for k, source in enumerate(sorted((SHARED / "corpus").glob("*__docx.pdf"))):
        for index in (1, 2, 3):
            one = work / f"{source.stem}-p{index}.pdf"
            _single_page(source, index, one)
            degraded = work / f"{source.stem}-p{index}__{route}.pdf"
            degrade_pdf(one, degraded, route, seed=11 + 10 * k + index)
            pages.append((degraded, 0))
    return _spread(pages, n)


def _spread(pages: list[tuple[Path, int]], n: int) -> list[tuple[Path, int]]:
    step = max(len(pages) // n, 1)
    return pages[::step][:n]


def _single_page(source: Path, index: int, target: Path) -> None:
    pdf = pdfium.PdfDocument(str(source))
    one = pdfium.PdfDocument.new()
    one.import_pages(pdf, [index])
    one.save(str(target))


def bare_tesseract(pdf_path: Path, index: int, work: Path) -> float:
    """Seconds bare Tesseract takes on the page's own image (its embedded scan, else a 300-dpi rendering)."""
    scan = embedded_scan(str(pdf_path), index)
    gray = scan.gray if scan is not None else render_page(str(pdf_path), index, 300)
    image = work / "page.png"
    cv2.imwrite(str(image), gray)
    start = time.perf_counter()
    subprocess.run(["tesseract", str(image), "-", "-l", "ind+eng"], check=True, env=os.environ,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def ours(pdf_path: Path, index: int) -> tuple[float, str]:
    """Seconds the pipeline's page route takes, and the method it chose."""
    settings = Settings()
    with pdfplumber.open(pdf_path) as pdf, _PdfiumPages(pdf_path) as drawn:
        start = time.perf_counter()
        layout = _page_layout(pdf.pages[index], index + 1, pdf_path, settings, drawn.text_drawing(index))
        return time.perf_counter() - start, layout.method


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=4, help="pages per route")
    parser.add_argument("--routes", default=",".join(ROUTES))
    args = parser.parse_args()
    if not SHARED.is_dir():
        print("../shared (the corpora) not found", file=sys.stderr)
        return 2
    os.environ["OMP_THREAD_LIMIT"] = "1"
    print(f"{'route':10s} {'pages':>5s} {'ours s/page':>12s} {'bare s/page':>12s} {'ratio':>6s}  methods")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for route in args.routes.split(","):
            pages = route_pages(route, args.pages, work)
            mine, bare, methods = [], [], []
            for pdf_path, index in pages:
                bare.append(bare_tesseract(pdf_path, index, work))
                seconds, method = ours(pdf_path, index)
                mine.append(seconds)
                methods.append(method)
            print(f"{route:10s} {len(pages):5d} {np.mean(mine):12.2f} {np.mean(bare):12.2f} "
                  f"{sum(mine) / sum(bare):6.2f}x  {','.join(sorted(set(methods)))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
