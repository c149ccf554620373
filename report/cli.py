"""Command line of the report: ``python -m report OUT [--input DIR ...]`` (also reachable as ``pipeline.py report``)."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

from extract.errors import ExitCode, run_command
from report.build import QUALITY_NAME, build_report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iki-pipeline report",
                                     description="Regenerate quality.parquet and report.html of an output folder.")
    parser.add_argument("out", type=Path, help="the output folder (holds decrees.parquet …)")
    parser.add_argument("--input", type=Path, action="append", default=[], metavar="DIR",
                        help="folder (or PDF) the decrees were read from, for row images; repeatable (default: "
                             "where the run read each file, as files.parquet records it)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build the report; print one summary line; return the exit code."""
    args = build_parser().parse_args(argv)
    return run_command(lambda: _report(args.out, list(args.input)))


def _report(out: Path, input_roots: list[Path]) -> int:
    path = build_report(out, input_roots)
    severities = pq.read_table(out / QUALITY_NAME, columns=["severity"]).column("severity").to_pylist()
    counts = ", ".join(f"{severities.count(s)} {s}" for s in ("error", "warning", "info"))
    print(f"{len(severities)} findings ({counts}) -> {path}")
    return int(ExitCode.OK)
