"""Wide layout fuzzing: N decrees drawn by the tests' hypothesis strategies (tests/layout_fuzz.py), each printed
by every producer, extracted, and scored row by row. Prints row F1 per producer and per value of every layout
dimension, so a weak shape shows as a low line.

    .venv/bin/python bench/fuzz_layouts.py --decrees 300 [--producers reportlab,libreoffice,chromium,calc]
    .venv/bin/python bench/fuzz_layouts.py --decrees 30 --scan 200   # each print scanned at 200 dpi, read by OCR

Scanned prints are scored with OCR's slips allowed: a row counts when its four fields are, on average, at least
SCAN_MATCH similar (rapidfuzz ratio) to a truth row of its position.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layout_fuzz import RENDERERS, drawn_decrees, extracted, normalized_truth  # noqa: E402

SCAN_MATCH = 0.9  # mean field similarity at which an OCR'd row is the truth row


def row_counts(truth: list[list[tuple[Any, ...]]], got: list[list[tuple[Any, ...]]]) -> tuple[int, int, int]:
    """(true positives, predicted, truth) with rows matched exactly within their position."""
    tp = pred = want = 0
    for i, rows in enumerate(truth):
        mine = got[i] if i < len(got) else []
        key = [repr(r) for r in rows]
        have = Counter(repr(r) for r in mine)
        tp += sum((Counter(key) & have).values())
        want += len(rows)
    pred = sum(len(p) for p in got)
    return tp, pred, want


def fuzzy_row_counts(truth: list[list[tuple[Any, ...]]], got: list[list[tuple[Any, ...]]]) -> tuple[int, int, int]:
    """`row_counts` for OCR'd rows: each truth row takes the most similar unmatched row of its position when the
    four fields are SCAN_MATCH similar on average."""
    from rapidfuzz import fuzz

    def similarity(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
        return sum(fuzz.ratio(x or "", y or "") for x, y in zip(a[:4], b[:4])) / 400

    tp = 0
    for i, rows in enumerate(truth):
        mine = list(got[i]) if i < len(got) else []
        for row in rows:
            best = max(mine, key=lambda g: similarity(row, g), default=None)
            if best is not None and similarity(row, best) >= SCAN_MATCH:
                tp += 1
                mine.remove(best)
    return tp, sum(len(p) for p in got), sum(len(rows) for rows in truth)


def scanned(pdf: Path, dpi: int) -> Path:
    """The print as a scanner delivers it: every page a grey image at ``dpi``, no text layer."""
    from PIL import Image
    from scan_degrade import rendered_pages, write_pdf

    out = pdf.with_name(pdf.stem + "-scan.pdf")
    write_pdf([Image.fromarray(page) for page in rendered_pages(pdf, dpi)], out, dpi)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decrees", type=int, default=300)
    parser.add_argument("--producers", default=",".join(RENDERERS))
    parser.add_argument("--scan", type=int, default=0, metavar="DPI", help="scan each print at DPI and read it by OCR")
    args = parser.parse_args()
    producers = args.producers.split(",")
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, decree in enumerate(drawn_decrees(args.decrees)):
            for producer in producers:
                try:
                    pdf = RENDERERS[producer](decree, Path(tmp) / f"{i}-{producer}.pdf")
                    if args.scan:
                        counts = fuzzy_row_counts(normalized_truth(decree), extracted(scanned(pdf, args.scan), ocr=True)[0])
                    else:
                        counts = row_counts(normalized_truth(decree), extracted(pdf)[0])
                except Exception as exc:  # noqa: BLE001 - a producer failing to print is counted, not fatal
                    print(f"decree {i} {producer}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    failures += 1
                    continue
                for key in [("producer", producer)] + [(f"{d}={v}", producer) for d, v in decree.dimensions().items()]:
                    for k in range(3):
                        totals[key][k] += counts[k]
    print(f"{'dimension=value':34s} {'producer':12s} {'F1':>6s} {'P':>6s} {'R':>6s} rows")
    for (name, producer), (tp, pred, want) in sorted(totals.items()):
        p = tp / pred if pred else 0.0
        r = tp / want if want else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:34s} {producer:12s} {f1:6.3f} {p:6.3f} {r:6.3f} {want}")
    print(f"{failures} renders failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
