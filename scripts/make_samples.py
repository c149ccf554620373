#!/usr/bin/env python3
"""Regenerate the sample decrees shipped in data/raw/ (invented content, rendered by the test fixture generator).

    .venv/bin/python scripts/make_samples.py

Samples: the default decree as a ruled, a borderless and a partially ruled PDF, the long-table decree (tables
running over page breaks) ruled, a scanned copy (image-only PDF, rotated, noisy) for the OCR path, and a decree
with rows to review (two empty sumber data cells, one in a row a page break cuts; a percentage whose formula is no
ratio), so the first report a newcomer opens shows its review view.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from conftest import default_decree, long_table_decree, review_decree  # noqa: E402
from decree_pdf import rasterize_pdf, render_decree  # noqa: E402


def main() -> int:
    raw = ROOT / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for style in ("ruled", "borderless", "partial"):
        render_decree(default_decree(), raw / f"sukamaju-2024-{style}.pdf", style)
    render_decree(long_table_decree(), raw / "sukamaju-2024-long-ruled.pdf", "ruled")
    render_decree(long_table_decree(), raw / "sukamaju-2024-long-borderless.pdf", "borderless")
    render_decree(review_decree(), raw / "sukamaju-2024-review.pdf", "ruled")
    rasterize_pdf(raw / "sukamaju-2024-ruled.pdf", raw / "scans" / "sukamaju-2024-ruled-scan.pdf", dpi=200,
                  angle=0.8, noise=0.03, seed=7)
    for path in sorted(raw.rglob("*.pdf")):
        print(path.relative_to(ROOT), path.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
