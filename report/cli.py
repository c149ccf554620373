"""Command line of the report: ``python -m report OUT [--input DIR ...]`` (also reachable as ``pipeline.py report``)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

from extract.errors import ExitCode, IkiError
from report.build import QUALITY_NAME, build_report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iki-pipeline report",
                                     description="Regenerate quality.parquet and report.html of an output folder.")
    parser.add_argument("out", type=Path, help="the output folder (holds decrees.parquet …)")
    parser.add_argument("--input", type=Path, action="append", default=[], metavar="DIR",
                        help="folder (or PDF) the decrees were read from, for row images; repeatable")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build the report; print one summary line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        path = build_report(args.out, list(args.input))
    except IkiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    severities = pq.read_table(args.out / QUALITY_NAME, columns=["severity"]).column("severity").to_pylist()
    counts = ", ".join(f"{severities.count(s)} {s}" for s in ("error", "warning", "info"))
    print(f"{len(severities)} findings ({counts}) -> {path}")
    return int(ExitCode.OK)
