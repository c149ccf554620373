#!/usr/bin/env python3
"""Benchmark: the four speed ratios of issue 12, each against its floor, as whole processes timed in turn.

    python bench/speed_ratios.py [--decree PDF] [--scan PDF] [--rerun-inputs DIR] [--repeats 3] [--only NAME ...]

Each pair (ours, its floor) is run alternately --repeats times in this run; the medians and their ratio are
printed. Wall-clock times on a shared machine drift: it is the ratio of neighbouring runs that is compared.

- cli: ``pipeline.py --version`` and ``pipeline.py --help`` (two processes) against two bare starts of the same
  interpreter (``python -c pass``). Goal <= 4x.
- digital: the pipeline on --decree (a Word-made decree: 14 pages in the issue), one worker, no report, into a fresh
  output folder, against pdfplumber's own ``extract_tables()`` on every page of the same file. Goal <= 1.0x.
- ocr: the pipeline on --scan (a 10-page 200-dpi scan), one worker, no report, against bare ``tesseract -l
  ind+eng`` with one thread (OMP_THREAD_LIMIT=1) on the scan's own page images (extracted at their own resolution
  before timing), all pages in one process. Goal <= 1.3x.
- rerun: the pipeline again on --rerun-inputs (a folder of decrees; 9 in the issue) with nothing changed, against
  that folder's first run into a fresh output folder (all workers, with the report). Goal <= 0.25.

Without arguments, nothing is measured that needs an input file: only ``cli``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PIPELINE = str(ROOT / "pipeline.py")
GOALS = {"cli": 4.0, "digital": 1.0, "ocr": 1.3, "rerun": 0.25}

PDFPLUMBER_TABLES = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
"""


def timed(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds one whole process takes (its output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    subprocess.run(list(command), check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def in_turn(ours: Callable[[], float], floor: Callable[[], float], repeats: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor``, run alternately (so that both see the same machine load)."""
    ours_s: list[float] = []
    floor_s: list[float] = []
    for _ in range(repeats):
        ours_s.append(ours())
        floor_s.append(floor())
    return statistics.median(ours_s), statistics.median(floor_s)


def pipeline_env() -> dict[str, str]:
    """This checkout on the path, as `PYTHONPATH=$PWD python pipeline.py` runs it."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def measure_cli(repeats: int) -> tuple[float, float]:
    env = pipeline_env()

    def ours() -> float:
        return timed([PYTHON, PIPELINE, "--version"], env) + timed([PYTHON, PIPELINE, "--help"], env)

    def floor() -> float:
        return timed([PYTHON, "-c", "pass"]) + timed([PYTHON, "-c", "pass"])

    return in_turn(ours, floor, repeats)


def fresh_run(inputs: Path, out: Path, *options: str) -> float:
    """Seconds of a pipeline run into an empty ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    return timed([PYTHON, PIPELINE, str(inputs), "--out", str(out), "--quiet", *options], pipeline_env())


def measure_digital(decree: Path, work: Path, repeats: int) -> tuple[float, float]:
    return in_turn(lambda: fresh_run(decree, work / "digital", "--workers", "1", "--no-report"),
                   lambda: timed([PYTHON, "-c", PDFPLUMBER_TABLES, str(decree)]), repeats)


def scan_page_images(scan: Path, folder: Path) -> list[Path]:
    """Each page's largest image at its own resolution, as PNG with its dpi recorded (as Tesseract reads it)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    pdf = pypdfium2.PdfDocument(str(scan))
    for index, page in enumerate(pdf):
        images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
        if not images:
            continue
        largest = max(images, key=lambda image: image.get_px_size()[0] * image.get_px_size()[1])
        picture = largest.get_bitmap(render=False).to_pil()
        width_in = page.get_width() / 72.0
        dpi = round(picture.width / width_in)
        path = folder / f"page-{index + 1:03d}.png"
        picture.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


def measure_ocr(scan: Path, work: Path, repeats: int, tesseract: str) -> tuple[float, float]:
    pages = scan_page_images(scan, work / "scan-pages")
    page_list = work / "scan-pages.txt"
    page_list.write_text("".join(f"{p}\n" for p in pages), encoding="utf-8")
    one_thread = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    print(f"  ocr: {len(pages)} page images of {scan.name}", flush=True)
    return in_turn(lambda: fresh_run(scan, work / "ocr", "--workers", "1", "--no-report"),
                   lambda: timed([tesseract, str(page_list), "-", "-l", "ind+eng"], one_thread), repeats)


def measure_rerun(inputs: Path, work: Path, repeats: int) -> tuple[float, float]:
    out = work / "rerun"
    rerun_s: list[float] = []
    first_s: list[float] = []
    for _ in range(repeats):
        first_s.append(fresh_run(inputs, out))
        rerun_s.append(timed([PYTHON, PIPELINE, str(inputs), "--out", str(out), "--quiet"], pipeline_env()))
    return statistics.median(rerun_s), statistics.median(first_s)


def report(name: str, what: str, ours: float, floor: float, floor_name: str) -> None:
    ratio = ours / floor
    verdict = "meets" if ratio <= GOALS[name] else "misses"
    print(f"{name:8} {what}: {ours:.2f} s; {floor_name}: {floor:.2f} s; ratio {ratio:.2f} "
          f"({verdict} the goal <= {GOALS[name]})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decree", type=Path, help="a digital (Word-made) decree PDF")
    parser.add_argument("--scan", type=Path, help="a scanned decree PDF")
    parser.add_argument("--rerun-inputs", type=Path, help="a folder of decree PDFs for the no-op rerun")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tesseract", default="tesseract")
    parser.add_argument("--only", nargs="+", choices=sorted(GOALS), help="measure only these")
    args = parser.parse_args()
    wanted = set(args.only or GOALS)
    print(f"medians of {args.repeats} runs each, in turn, on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="iki-speed-") as work_dir:
        work = Path(work_dir)
        if "cli" in wanted:
            ours, floor = measure_cli(args.repeats)
            report("cli", "--version + --help", ours, floor, "two bare interpreter starts")
        if "digital" in wanted and args.decree:
            ours, floor = measure_digital(args.decree, work, args.repeats)
            report("digital", f"{args.decree.name}, 1 worker, no report", ours, floor,
                   "pdfplumber extract_tables()")
        if "ocr" in wanted and args.scan:
            ours, floor = measure_ocr(args.scan, work, args.repeats, args.tesseract)
            report("ocr", f"{args.scan.name}, 1 worker, no report", ours, floor,
                   "bare tesseract, 1 thread, the scan's own images")
        if "rerun" in wanted and args.rerun_inputs:
            ours, floor = measure_rerun(args.rerun_inputs, work, args.repeats)
            report("rerun", f"no-op rerun of {args.rerun_inputs}", ours, floor, "its first run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
