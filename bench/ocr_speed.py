#!/usr/bin/env python3
"""Benchmark: seconds per scanned page for our OCR path, against bare `tesseract` on the same page images.

    python bench/ocr_speed.py [--pages 6] [PDF ...]   (default: pages of ../shared/corpus/*__scan*.pdf)

Baseline, run in the same process on the same pages: `tesseract page.png - -l ind+eng` with one thread
(OMP_THREAD_LIMIT=1, as our workers run), on the page image at the resolution we OCR at (300 dpi: lower-resolution
scans are upscaled first), and at the scan's own resolution. Ours = image preparation (deskew, ruling lines,
binarization) + the same one Tesseract pass + building the page layout.
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
import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract.ocr_page import load_page_image, ocr_page_layout  # noqa: E402

DPI = 300


def sample_pages(pdfs: list[Path], n: int) -> list[tuple[Path, int, float, float]]:
    pages = []
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            for index in range(1, len(pdf.pages), 3):
                page = pdf.pages[index]
                pages.append((pdf_path, index, float(page.width), float(page.height)))
    step = max(len(pages) // n, 1)
    return pages[::step][:n]


def bare_tesseract(image_path: Path) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    subprocess.run(["tesseract", str(image_path), "-", "-l", "ind+eng"], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=6)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((ROOT.parent / "shared" / "corpus").glob("*__scan*.pdf"))
    if not pdfs:
        print("no scanned PDFs given and ../shared/corpus not found", file=sys.stderr)
        return 2
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ours = bare_300 = bare_native = 0.0
    pages = sample_pages(pdfs, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        for pdf_path, index, width, height in pages:
            native = load_page_image(str(pdf_path), index, 0)
            upscaled = load_page_image(str(pdf_path), index, DPI)
            native_png, upscaled_png = Path(tmp) / "native.png", Path(tmp) / "300.png"
            cv2.imwrite(str(native_png), native.gray)
            cv2.imwrite(str(upscaled_png), upscaled.gray)
            bare_native += bare_tesseract(native_png)
            bare_300 += bare_tesseract(upscaled_png)
            start = time.perf_counter()
            ocr_page_layout(str(pdf_path), index, width, height, dpi=DPI)
            ours += time.perf_counter() - start
    n = len(pages)
    print(f"{n} scanned pages from {len(pdfs)} files")
    print(f"ours (prepare + OCR at {DPI} dpi): {ours / n:5.2f} s/page")
    print(f"bare tesseract at {DPI} dpi      : {bare_300 / n:5.2f} s/page   ratio ours/bare {ours / bare_300:.2f}x")
    print(f"bare tesseract at scan dpi      : {bare_native / n:5.2f} s/page   ratio ours/bare {ours / bare_native:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
