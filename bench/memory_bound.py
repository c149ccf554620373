#!/usr/bin/env python3
"""Benchmark: peak memory of one run on a 1,000-page decree against a 10-page one (digital pages).

    python bench/memory_bound.py [--pages 1000]

Both inputs are the test fixture's long decree, its pages repeated; each run is a fresh `pipeline.py` process
with one worker, measured by the peak resident set size of that child process.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from conftest import long_table_decree  # noqa: E402
from decree_pdf import render_decree  # noqa: E402


def repeated_pdf(source: Path, pages: int, target: Path) -> Path:
    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    n = len(src)
    while len(out) < pages:
        out.import_pages(src, list(range(min(n, pages - len(out)))))
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))
    return target


def peak_rss_mib(pdf: Path, out: Path) -> tuple[float, float]:
    code = (
        "import resource, subprocess, sys\n"
        f"subprocess.run([sys.executable, {str(ROOT / 'pipeline.py')!r}, {str(pdf)!r}, '--out', {str(out)!r}, "
        "'--workers', '1', '--quiet', '--no-ocr'], check=False, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(result.stdout.strip()) / 1024, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = render_decree(long_table_decree(), folder / "base.pdf", "ruled").path
        small = repeated_pdf(base, 10, folder / "small" / "small.pdf")
        large = repeated_pdf(base, args.pages, folder / "large" / "large.pdf")
        small_mib, small_s = peak_rss_mib(small, folder / "out-small")
        large_mib, large_s = peak_rss_mib(large, folder / "out-large")
    print(f"10 pages        : peak RSS {small_mib:6.0f} MiB  ({small_s:.1f} s)")
    print(f"{args.pages} pages    : peak RSS {large_mib:6.0f} MiB  ({large_s:.1f} s)")
    print(f"ratio large/small: {large_mib / small_mib:.2f}x for {args.pages / 10:.0f}x the pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
