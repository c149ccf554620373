"""The review file of a run (variant_candidates.csv): spellings no lexicon knows, clustered over the whole output.

Telling a known spelling from an unknown one needs the hunspell dictionaries (~1.5 s to parse): the file is
written in a process forked from the workers' fork server, which has them loaded, not by the run's own process.
"""
from __future__ import annotations

from pathlib import Path


def write_review_file(out: Path) -> tuple[Path, int]:
    """Write ``out``/variant_candidates.csv from the raw indicator text of every decree in ``out``; (its path, the
    number of candidates)."""
    from normalize.columns import INDICATOR_TEXT_COLUMNS
    from normalize.variant_discovery import write_variant_candidates
    from report.output_tables import VARIANT_CANDIDATES_NAME
    from store.dataset_store import DatasetStore

    out_csv = out / VARIANT_CANDIDATES_NAME
    # streamed batch by batch: memory stays flat however many decrees the output holds
    raw_text = DatasetStore(out).stream_values("indicators", [f"{c}_raw" for c in INDICATOR_TEXT_COLUMNS])
    return out_csv, write_variant_candidates(raw_text, out_csv)


def write_review_file_in_worker(out: Path, local_workers: bool) -> tuple[Path, int]:
    """`write_review_file`, in a worker process when the run has local workers (else here: a --dask run)."""
    if not local_workers:
        return write_review_file(out)
    from batch.resilient_pool import call_in_worker_process

    return call_in_worker_process(write_review_file, out)
