#!/usr/bin/env python3
"""Benchmark: how long the quality report takes to build, how big it is, and how long Chromium takes to open it.

    python bench/report_speed.py OUT [--input DIR ...] [--repeat N]

OUT is an output folder the pipeline wrote (e.g. ``python pipeline.py ../shared/corpus --out /tmp/out --no-ocr``),
DIR the input folder(s) it read, for the row images. Build time is split into its stages (read + contract +
domain checks + review rows, row images, HTML). The Chromium figure is the wall time of ``chromium --headless --dump-dom`` on
report.html minus the same on about:blank (the browser's own start-up), median of N runs each.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from report.archive_scan import scan_archive
from report.build import build_report, report_content
from report.html_report import render_report_html
from report.settings import ReportSettings

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def stage_times(out: Path, inputs: list[Path]) -> dict[str, float]:
    """Seconds per stage of one build, computed apart from build_report (which does the same in one go)."""
    settings = ReportSettings()
    t_scan, scan = timed(lambda: scan_archive(out, settings))
    t_content, content = timed(lambda: report_content(out, scan, inputs, settings))
    t_html, _ = timed(lambda: render_report_html(content))
    return {"read + checks + review rows": t_scan, "row images": t_content, "html": t_html}


def chromium_dump_seconds(chromium: str, url: str, profile: Path) -> float:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--input", type=Path, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    builds = [timed(lambda: build_report(args.out, args.input)) for _ in range(args.repeat)]
    html_path = builds[-1][1]
    print(f"build_report: median {statistics.median(t for t, _ in builds):.2f} s over {args.repeat} run(s)")
    for stage, seconds in stage_times(args.out, args.input).items():
        print(f"  {stage:<22} {seconds:6.2f} s")
    html = html_path.read_text(encoding="utf-8")
    print(f"report.html: {html_path.stat().st_size / 1e6:.2f} MB, {html.count('data:image/jpeg')} row image(s), "
          f"{html.count('<svg')} chart(s)")

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium: not installed, load time not measured")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        chromium_dump_seconds(chromium, "about:blank", profile)  # first start creates the profile
        blank = [chromium_dump_seconds(chromium, "about:blank", profile) for _ in range(args.repeat)]
        report = [chromium_dump_seconds(chromium, html_path.as_uri(), profile) for _ in range(args.repeat)]
    b, r = statistics.median(blank), statistics.median(report)
    print(f"chromium --dump-dom: about:blank {b:.2f} s, report.html {r:.2f} s -> report load ≈ {r - b:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
