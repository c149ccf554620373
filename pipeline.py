#!/usr/bin/env python3
"""IKI decree extraction: a folder of decree PDFs in, clean Parquet datasets out.

    python pipeline.py [INPUT ...] [--out DIR] [--workers N] [--no-ocr]

INPUT is any mix of PDF files and folders (searched recursively); defaults: data/raw -> data/clean.
Exit codes: 0 all files ok, 1 some file failed or was read only partly, 2 usage error,
3 a system dependency is missing, 4 the output folder cannot be written.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.document import DocumentResult, extract_document
from extract.errors import ExitCode, IkiError, OutputError
from extract.settings import PIPELINE_VERSION, Settings
from normalize.columns import normalize_indicator, normalize_position
from store.parquet_writer import records_to_table, write_atomic
from store.schema import DATASETS

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/clean")


@dataclass(frozen=True)
class InputFile:
    """A PDF to read and the name it gets in the output (relative to the input root it was found under)."""

    path: Path
    source_path: str


def discover_inputs(inputs: Sequence[Path]) -> list[InputFile]:
    """PDF files named directly, and every *.pdf under the named folders, in a stable order."""
    found: list[InputFile] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"):
                found.append(InputFile(path, path.relative_to(item).as_posix()))
        elif item.exists():
            found.append(InputFile(item, item.name))
        else:
            raise IkiError(f"input not found: {item}")
    return found


def _extract_one(job: tuple[InputFile, Settings]) -> DocumentResult:
    item, settings = job
    return extract_document(item.path, item.source_path, settings)


def run_extraction(files: Sequence[InputFile], settings: Settings, executor: Executor | None = None
                   ) -> Iterator[DocumentResult]:
    """Extract every file, in parallel when an executor is given; results come back in input order."""
    jobs = [(f, settings) for f in files]
    if executor is None:
        yield from map(_extract_one, jobs)
    else:
        yield from executor.map(_extract_one, jobs)


def write_datasets(results: Sequence[DocumentResult], out: Path) -> None:
    """Normalize and write decrees, positions, indicators and pages as Parquet under ``out``."""
    records = {
        "decrees": [r.decree for r in results],
        "positions": [normalize_position(p) for r in results for p in r.positions],
        "indicators": [normalize_indicator(i) for r in results for i in r.indicators],
        "pages": [p for r in results for p in r.pages],
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in DATASETS.items():
            write_atomic(records_to_table(records[name], schema), out / f"{name}.parquet")
    except OSError as exc:
        raise OutputError(f"cannot write output to {out}: {exc}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iki-pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT_INPUT],
                        help="PDF files or folders searched recursively (default: data/raw)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: data/clean)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes reading files in parallel (default: all cores)")
    parser.add_argument("--no-ocr", action="store_true", help="skip pages without a usable text layer")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--version", action="version", version=PIPELINE_VERSION)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings(ocr=not args.no_ocr, workers=max(1, args.workers))
        files = discover_inputs(args.inputs)
        results: list[DocumentResult] = []
        if settings.workers > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=min(settings.workers, len(files))) as pool:
                results = _collect(run_extraction(files, settings, pool), args.quiet)
        else:
            results = _collect(run_extraction(files, settings), args.quiet)
        write_datasets(results, args.out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except IkiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    bad = [r for r in results if r.decree["status"] != "ok"]
    rows = sum(len(r.indicators) for r in results)
    print(f"{len(results)} decree(s), {rows} indicator rows, {len(bad)} not ok -> {args.out}")
    return ExitCode.SOME_FILES_FAILED if bad else ExitCode.OK


def _collect(results: Iterator[DocumentResult], quiet: bool) -> list[DocumentResult]:
    collected = []
    for result in results:
        decree = result.decree
        if not quiet or decree["status"] != "ok":
            line = f"{decree['status']:8s} {decree['source_path']}: {len(result.indicators)} rows"
            print(line + (f" - {decree['error']}" if decree.get("error") else ""), file=sys.stderr)
        collected.append(result)
    return collected


def console_main() -> None:
    """Entry point of the installed ``iki-pipeline`` script."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
