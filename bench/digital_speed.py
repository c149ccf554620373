#!/usr/bin/env python3
"""Benchmark: pages per second of the digital extraction, and its cost relative to a bare pdfplumber pass.

    python bench/digital_speed.py [PDF or folder ...]   (default: ../shared/corpus, digital styles only)

The baseline, run in the same process on the same pages, only opens each page and reads its characters;
the ratio (ours / baseline) is what to watch, not the absolute seconds of this machine.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extract.document import extract_document
from extract.settings import Settings

DIGITAL_STYLES = ("__docx", "__ruled", "__borderless")


def digital_pdfs(args: list[str]) -> list[Path]:
    if args:
        paths = [Path(a) for a in args]
        return sorted(p for a in paths for p in ([a] if a.is_file() else a.rglob("*.pdf")))
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return sorted(p for p in corpus.glob("*.pdf") if any(s in p.stem for s in DIGITAL_STYLES))


def bare_chars(pdfs: list[Path]) -> tuple[float, int]:
    start, pages = time.perf_counter(), 0
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            for page in pdf.pages:
                _ = page.chars
                pages += 1
    return time.perf_counter() - start, pages


def ours(pdfs: list[Path]) -> tuple[float, int]:
    settings = Settings(ocr=False)
    start, pages = time.perf_counter(), 0
    for pdf_path in pdfs:
        result = extract_document(pdf_path, pdf_path.name, settings)
        pages += int(result.decree["pages"])
    return time.perf_counter() - start, pages


def main() -> int:
    pdfs = digital_pdfs(sys.argv[1:])
    if not pdfs:
        print("no PDFs found", file=sys.stderr)
        return 2
    bare_chars(pdfs[:1])  # warm imports and caches for both
    base_s, base_pages = bare_chars(pdfs)
    our_s, our_pages = ours(pdfs)
    assert base_pages == our_pages
    print(f"{len(pdfs)} files, {our_pages} pages")
    print(f"bare pdfplumber chars : {base_s:7.2f} s  {base_pages / base_s:7.1f} pages/s")
    print(f"iki extraction        : {our_s:7.2f} s  {our_pages / our_s:7.1f} pages/s")
    print(f"ratio ours / bare     : {our_s / base_s:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
