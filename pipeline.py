#!/usr/bin/env python3
"""IKI decree extraction: a folder of decree PDFs in, clean Parquet datasets and a data-quality report out.

    iki-pipeline [INPUT ...] [--out DIR] [--workers N] [--dask ADDRESS] [--no-ocr] ...
    iki-pipeline report OUT [--input DIR]      regenerate quality.parquet and report.html
    iki-pipeline compact OUT                   merge the output's one-decree parts into large files now
    iki-pipeline debug FILE --page N [--out PNG]   draw what extraction saw on one page

(in a clone: .venv/bin/iki-pipeline, or .venv/bin/python pipeline.py)

INPUT is any mix of PDF files, folders (searched recursively) and glob patterns; defaults: data/raw -> data/clean.
Exit codes: 0 all files ok, 1 some file failed or was read only partly, 2 usage error (also: an input that is
missing or holds no PDF, or another run is writing to OUT), 3 a system dependency is missing or the Dask
scheduler does not answer, 4 the output folder cannot be written, 130 interrupted (Ctrl-C; a rerun resumes).
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from batch.executors import DASK_ADDRESS_FORM, is_dask_address, open_dask_client, open_results
from batch.inputs import InputFile
from batch.memory_limit import MIN_MAX_MEMORY, format_memory_size, parse_memory_size, worker_max_memory
from batch.progress import Progress
from extract.errors import ExitCode, IkiError, Interrupted, OutputError, UsageError, run_command
from extract.settings import PIPELINE_VERSION, Settings

# pandas, pyarrow, OpenCV, pandera and Dask are imported where a run needs them, so --help and --version answer
# at once (tests/test_cli.py checks that they stay unimported)
if TYPE_CHECKING:
    from extract.document import DocumentResult
    from store.dataset_store import DatasetStore

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/clean")


class RunInterrupted(Interrupted):
    """Ctrl-C during a run: how many decrees were written, for the one line the run ends with."""

    def __init__(self, decrees_written: int) -> None:
        super().__init__(f"interrupted — {decrees_written} decrees written, rerun to resume")
        self.decrees_written = decrees_written


def _pdfs_under(folder: Path) -> list[InputFile]:
    """Every *.pdf under ``folder``, named relative to it, in a stable order."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [InputFile(path, path.relative_to(folder).as_posix()) for path in paths]


def discover_inputs(inputs: Sequence[Path]) -> list[InputFile]:
    """PDF files named directly, every *.pdf under the named folders, and the PDFs and folders a glob pattern the
    shell left unexpanded (quoted, or matching nothing) matches, in a stable order. An input that yields no PDF
    is a usage error, not an empty run."""
    found: list[InputFile] = []
    for item in inputs:
        if item.is_dir():
            pdfs = _pdfs_under(item)
            if not pdfs:
                raise UsageError(f"no PDF found in {item} (searched recursively for *.pdf)")
        elif item.exists():
            pdfs = [InputFile(item, item.name)]
        elif glob.has_magic(str(item)):
            pdfs = []
            for match in map(Path, sorted(glob.glob(str(item), recursive=True))):
                if match.is_dir():
                    pdfs.extend(_pdfs_under(match))
                elif match.suffix.lower() == ".pdf":
                    pdfs.append(InputFile(match, match.name))
            if not pdfs:
                raise UsageError(f"no PDF found matching {item}")
        else:
            raise UsageError(f"input not found: {item}")
        found.extend(pdfs)
    return _each_name_once(found)


def _each_name_once(found: Sequence[InputFile]) -> list[InputFile]:
    """Each input once: a file named twice (itself, and inside a named folder) is read once; two files under one
    name (`a.pdf` in two named folders) are a usage error, as the output knows a decree by that name and one of
    them would silently replace the other."""
    by_name: dict[str, InputFile] = {}
    for item in found:
        first = by_name.setdefault(item.source_path, item)
        if first is not item and first.path.resolve() != item.path.resolve():
            raise UsageError(f"two inputs are both named {item.source_path} ({first.path} and {item.path}); name "
                             "the folder that holds them both instead, so that each keeps a name of its own")
    return list(by_name.values())


@dataclass(frozen=True)
class RunPlan:
    """Which inputs to extract now, which are already done, and which old outputs to drop."""

    to_extract: list[InputFile]
    up_to_date: list[InputFile]
    to_prune: list[str]
    decree_ids: dict[str, str] = field(default_factory=dict)  # source_path -> sha256 of its bytes
    duplicate_of: dict[str, str] = field(default_factory=dict)  # a duplicate's source_path -> the one read
    superseded: list[str] = field(default_factory=list)  # duplicates the output holds as decrees of their own


def plan_run(files: Sequence[InputFile], store: DatasetStore, force: bool, prune: bool, ocr: bool = True,
             checksum: bool = False) -> RunPlan:
    """Skip a file whose content hash and pipeline version are already in the output (unless ``force``) with
    today's column types; a `partial` decree is read again when OCR is on (its pages may have been skipped by
    --no-ocr or timed out). Of byte-identical files one is read, the others are recorded as its duplicates.
    A file whose size and modification time match files.parquet keeps its recorded hash unless ``checksum``."""
    from batch.duplicates import find_duplicates
    from store.file_index import content_hashes

    done = store.done()
    decree_ids = content_hashes(files, store.out, checksum)
    duplicate_of = find_duplicates(files, decree_ids, {s: d.decree_id for s, d in done.items()})
    to_extract: list[InputFile] = []
    up_to_date: list[InputFile] = []
    for item in files:
        if item.source_path in duplicate_of:
            continue
        prior = done.get(item.source_path)
        current = (not force and prior is not None and prior.pipeline_version == PIPELINE_VERSION
                   and prior.current_contract
                   and prior.decree_id == decree_ids[item.source_path] and not (ocr and prior.status == "partial"))
        (up_to_date if current else to_extract).append(item)
    inputs = {f.source_path for f in files}
    to_prune = sorted(s for s in done if s not in inputs) if prune else []
    superseded = sorted(s for s in duplicate_of if s in done)
    return RunPlan(to_extract, up_to_date, to_prune, decree_ids, duplicate_of, superseded)


class _OneLineErrorParser(argparse.ArgumentParser):
    """Reports a usage error in one line (the usage summary is in --help), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _worker_count(text: str) -> int:
    """--workers: a whole number of at least 1."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {count}")
    return count


def _max_memory(text: str) -> int:
    """--max-memory: a size such as 2.5G or 1500M (at least 1.5G), or 0 for no limit."""
    if text.strip().lower() in ("0", "none"):
        return 0
    try:
        size = parse_memory_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if size < MIN_MAX_MEMORY:
        raise argparse.ArgumentTypeError(f"must be at least {format_memory_size(MIN_MAX_MEMORY)} (what the OCR "
                                         f"of one page needs), not {text}")
    return size


def _dask_address(text: str) -> str:
    """--dask: 'local' or a scheduler address ``[scheme://]host:port``."""
    if not is_dask_address(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a scheduler address; expected {DASK_ADDRESS_FORM}")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The command line of an extraction run (``report`` is handled by report.cli)."""
    parser = _OneLineErrorParser(prog="iki-pipeline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT_INPUT],
                        help="PDF files or folders searched recursively (default: data/raw)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: data/clean)")
    parser.add_argument("--workers", type=_worker_count, default=os.cpu_count() or 1,
                        help="processes reading files in parallel (default: all cores)")
    parser.add_argument("--max-memory", metavar="SIZE", type=_max_memory,
                        help="memory each worker process may use, e.g. 2.5G; a file needing more is recorded as "
                             "failed (default: an equal share of the machine's RAM per worker, at least 2G; 0: no "
                             "limit; not applied to --dask workers)")
    parser.add_argument("--no-ocr", action="store_true", help="skip pages without a usable text layer")
    parser.add_argument("--tesseract", default="tesseract", help="Tesseract program to run (default: from PATH)")
    parser.add_argument("--ocr-dpi", type=int, default=300, help="resolution pages are OCRed at (default 300)")
    parser.add_argument("--dask", metavar="ADDRESS", type=_dask_address,
                        help="run the per-file work on the Dask scheduler at ADDRESS (tcp://host:8786), or 'local' "
                             "for a LocalCluster of --workers processes; outputs are written by this process")
    parser.add_argument("--page-timeout", type=float, default=120.0,
                        help="seconds one page may take before it is recorded as failed (0: no limit)")
    parser.add_argument("--file-timeout", type=float, default=3600.0,
                        help="seconds one file may take; later pages are recorded as failed (0: no limit)")
    parser.add_argument("--force", action="store_true", help="re-extract files already in the output")
    parser.add_argument("--checksum", action="store_true",
                        help="hash every input to find changed files, not only those whose size or modification "
                             "time differ from files.parquet (catches a file rewritten with its old size and mtime)")
    parser.add_argument("--prune", action="store_true",
                        help="drop from the output the decrees whose input file is no longer among the inputs")
    parser.add_argument("--no-report", action="store_true", help="do not write quality.parquet and report.html")
    parser.add_argument("--quiet", action="store_true", help="print only problems and the summary line")
    parser.add_argument("--version", action="version", version=PIPELINE_VERSION)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code. ``report OUT [--input DIR]`` regenerates the report,
    ``debug FILE --page N`` draws one page's reading."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        from report import cli as report_cli

        return report_cli.main(argv[1:])
    if argv[:1] == ["debug"]:
        from debug import cli as debug_cli

        return debug_cli.main(argv[1:])
    if argv[:1] == ["compact"]:
        return _compact(argv[1:])
    args = build_parser().parse_args(argv)

    def run() -> int:
        with ExitStack() as lock_held:
            try:
                return _run(args, lock_held)
            except KeyboardInterrupt:  # before any decree was written (while writing: RunInterrupted)
                raise RunInterrupted(0) from None

    return run_command(run)


def _run(args: argparse.Namespace, lock_held: ExitStack) -> int:
    """One extraction run; the output folder's lock is held on ``lock_held`` until the caller leaves it."""
    try:
        settings = Settings(ocr=not args.no_ocr, tesseract=args.tesseract, ocr_dpi=args.ocr_dpi,
                            workers=args.workers, page_timeout=args.page_timeout, file_timeout=args.file_timeout)
    except ValueError as exc:  # Settings checks the values the options gave it
        raise UsageError(str(exc)) from exc
    files = discover_inputs(args.inputs)
    if not args.dask:
        from batch.resilient_pool import start_worker_server

        # first: the server loads its libraries and dictionaries while this process imports its own (pandas,
        # pyarrow: ~2 s) and plans the run, on the other core
        start_worker_server()
    from batch.output_lock import lock_output
    from batch.worker import WorkerLimits
    from extract.tesseract import check_tesseract
    from store.dataset_store import DatasetStore

    if settings.ocr:
        check_tesseract(settings.tesseract, tuple(settings.ocr_lang.split("+")))
    # a Dask scheduler that does not answer, or has no worker, stops the run before the output folder is touched
    dask_client = (lock_held.enter_context(open_dask_client(min(settings.workers, len(files)), args.dask))
                   if args.dask else None)
    lock_held.enter_context(lock_output(args.out))
    store = DatasetStore(args.out)
    try:
        store.prepare()
    except OSError as exc:
        raise OutputError(f"cannot write output to {args.out}: {exc}") from exc
    plan = plan_run(files, store, args.force, args.prune, settings.ocr, args.checksum)
    workers = min(settings.workers, max(len(plan.to_extract), 1))
    limits = WorkerLimits(worker_max_memory(args.max_memory, settings.workers))
    # the workers are up before any decree is pruned or swept
    with open_results(plan.to_extract, settings, limits, workers, dask_client) as results:
        store.remove(*plan.to_prune, *plan.superseded)
        # decrees read again leave their merged files now: one rewrite per merged file, not one per decree
        store.unmerge(*(f.source_path for f in plan.to_extract))
        keep = ({f.source_path for f in files} | set(store.done())) - set(plan.duplicate_of)
        store.sweep(keep)
        extracted, rows = _write_as_they_come(results, store, Progress(len(plan.to_extract), quiet=args.quiet))
    try:
        store.compact_if_due()
    except OSError as exc:  # the decrees are written; their parts are merged by a later run
        print(f"error: parts of {args.out} not merged: {exc}", file=sys.stderr)
    done = store.done()
    _write_file_index(files, plan, store, keep_earlier=not args.prune)
    changed = bool(extracted or plan.to_prune or plan.superseded)
    bad = [f.source_path for f in files if f.source_path in done and done[f.source_path].status != "ok"]
    print(f"{extracted} extracted ({rows} indicator rows), {len(plan.up_to_date)} up to date, "
          f"{len(plan.to_prune)} pruned, {len(plan.duplicate_of)} duplicates, {len(bad)} not ok -> {args.out}")
    if changed or not _derived_files_current(store, with_report=not args.no_report):
        _write_candidates(store, quiet=args.quiet, local_workers=not args.dask)
    else:  # nothing changed: the review file and the report already show these datasets
        return ExitCode.SOME_FILES_FAILED if bad else ExitCode.OK
    if not args.no_report:
        from report import build_report

        roots = [p if p.is_dir() else p.parent for p in args.inputs]
        try:
            print(f"report: {build_report(args.out, roots)}")
        except IkiError as exc:  # the datasets are written; a report problem is told, not fatal
            print(f"error: report not written: {exc}", file=sys.stderr)
    return ExitCode.SOME_FILES_FAILED if bad else ExitCode.OK


def _compact(argv: Sequence[str]) -> int:
    """``compact OUT``: merge every output part into large files now (a run does it once enough parts wait)."""
    from batch.output_lock import lock_output
    from store.dataset_store import DatasetStore

    parser = _OneLineErrorParser(prog="iki-pipeline compact",
                                 description="Merge the one-decree Parquet parts of OUT into large files.")
    parser.add_argument("out", type=Path, help="the output folder (holds decrees.parquet …)")
    args = parser.parse_args(argv)

    def compact() -> int:
        if not (args.out / "decrees.parquet").is_dir():
            raise UsageError(f"no output folder at {args.out}")
        with lock_output(args.out):
            store = DatasetStore(args.out)
            try:
                store.prepare()
                merged = store.compact()
            except OSError as exc:
                raise OutputError(f"cannot write output to {args.out}: {exc}") from exc
        print(f"{merged} files merged -> {args.out}")
        return ExitCode.OK

    return run_command(compact)


def _write_as_they_come(results: Iterator[DocumentResult], store: DatasetStore, progress: Progress
                        ) -> tuple[int, int]:
    """Write each decree as soon as it arrives (only the parent writes); keeps no rows in memory."""
    files = rows = 0
    try:
        for result in results:  # a Ctrl-C lands here, waiting for a worker, or in the writing below
            try:
                status = store.write(result)  # `failed` when its rows break the output contract
            except OSError as exc:
                raise OutputError(f"cannot write output to {store.out}: {exc}") from exc
            files += 1  # counted as soon as it is on disk: a Ctrl-C during the progress line below still tells it
            decree = result.decree
            as_read = status == decree["status"]  # else its rows were not written
            progress.done(decree["source_path"], status, int(decree["pages"] or 0), len(result.indicators),
                          decree.get("error") if as_read else "output contract not met (see decrees.error)")
            rows += len(result.indicators) if as_read else 0
    except KeyboardInterrupt:
        raise RunInterrupted(files) from None
    finally:
        progress.close()
    return files, rows


def _write_file_index(files: Sequence[InputFile], plan: RunPlan, store: DatasetStore, keep_earlier: bool) -> None:
    """files.parquet: every input path and its decree, duplicates included (see store/file_index.py)."""
    from batch.duplicates import file_records
    from store.file_index import write_file_index

    done = store.done()
    records = file_records(files, plan.decree_ids, plan.duplicate_of, set(done))
    try:
        write_file_index(store.out, records, {d.decree_id for d in done.values()}, keep_earlier)
    except OSError as exc:  # the datasets are written; the index is rewritten by the next run
        print(f"error: {store.out / 'files.parquet'} not written: {exc}", file=sys.stderr)


def _derived_files_current(store: DatasetStore, with_report: bool) -> bool:
    """Whether the review file (and the report) were written after the newest dataset part: a run that extracted
    and removed nothing then rebuilds neither (a run cut off before writing them left them older, or missing)."""
    from report.build import REPORT_NAME
    from report.output_tables import VARIANT_CANDIDATES_NAME

    derived = [store.out / VARIANT_CANDIDATES_NAME] + ([store.out / REPORT_NAME] if with_report else [])
    if not all(path.exists() for path in derived):
        return False
    newest = max((part.stat().st_mtime for part in store.out.glob("*.parquet/*/*.parquet")), default=0.0)
    return min(path.stat().st_mtime for path in derived) >= newest


def _write_candidates(store: DatasetStore, quiet: bool, local_workers: bool) -> None:
    """Spellings no lexicon knows, clustered over the whole output, for a person to review (written by a worker
    process, which has the dictionaries loaded, unless the run's workers are Dask's)."""
    from batch.resilient_pool import WorkerProcessDied
    from batch.review_file import write_review_file_in_worker
    from report.output_tables import VARIANT_CANDIDATES_NAME

    try:
        out_csv, count = write_review_file_in_worker(store.out, local_workers)
    except (OSError, WorkerProcessDied) as exc:  # the datasets are written; a review file problem is told, not fatal
        print(f"error: {store.out / VARIANT_CANDIDATES_NAME} not written: {exc}", file=sys.stderr)
        return
    if not quiet:
        print(f"variant candidates: {count} -> {out_csv}")


def console_main() -> None:
    """Entry point of the installed ``iki-pipeline`` script."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
