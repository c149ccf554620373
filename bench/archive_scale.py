#!/usr/bin/env python3
"""Benchmark: how planning, reading and reporting grow with the number of decrees in one output folder.

    python bench/archive_scale.py --decrees 1000 10000 [--work DIR] [--markdown]

For each N it writes N synthetic decree results through the real store (DatasetStore.write and the run's
automatic merging; ~20 positions, ~60 indicator rows, 5 pages a decree, years 2019-2024 and some unknown; no
extraction) next to N small input files, then times, each in a fresh process so that its peak memory is its own:
planning a rerun with nothing changed, planning a rerun after 1 % of the inputs changed, writing those
replacements, a full read of `indicators` in pandas, DuckDB and Polars, a one-year filtered read (DuckDB), the
review file (variant_candidates.csv) and the report. One line per N; the last line gives each figure's growth
from the first N to the last (linear growth is the ratio of the Ns). ``--baseline`` measures the layout and
planning of before: no merging (one part per decree and dataset) and every input hashed (``--checksum``).
A phase over ``--timeout``, failed or ``--skip``ped prints "–"; a line per N gives each phase's peak memory.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = (0, 2019, 2020, 2021, 2022, 2023, 2024)
WORDS = ("jumlah persentase tingkat nilai indeks dokumen laporan pelayanan kegiatan program masyarakat desa "
         "kelurahan kecamatan pemerintahan ketentraman ketertiban umum pembangunan ekonomi kesejahteraan sosial "
         "keuangan perencanaan kepegawaian administrasi penyusunan pelaksanaan evaluasi realisasi anggaran "
         "target capaian kinerja sasaran terlaksananya meningkatnya tersusunnya data informasi").split()
PHASES = ("plan-noop", "plan-1%", "replace-1%", "pandas", "duckdb", "polars", "one-year", "review", "report")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def synthetic_result(source_path: str, decree_id: str, rng: random.Random) -> object:
    """One decree's rows as a worker hands them over (already normalized, so the store does no text work)."""
    from extract.document import DocumentResult
    from extract.settings import PIPELINE_VERSION

    year = rng.choice(YEARS)
    positions, indicators = [], []
    for p in range(20):
        jabatan = _sentence(rng, 4)
        tugas = [_sentence(rng, 12) for _ in range(2)]
        positions.append({"decree_id": decree_id, "position_idx": p, "jabatan_raw": jabatan.upper(), "jabatan": jabatan,
                          "tugas_raw": tugas, "tugas": tugas, "fungsi_raw": [], "fungsi": [], "page_start": 1 + p // 5,
                          "page_end": 1 + p // 5, "table_header": "NO | SASARAN | INDIKATOR | FORMULASI | SUMBER DATA",
                          "table_columns": ["NO", "SASARAN", "INDIKATOR", "FORMULASI", "SUMBER DATA"],
                          "jabatan_role": "staf", "bidang": ["umum-kepegawaian"]})
        for r in range(3):
            texts = {"sasaran": _sentence(rng, 8), "indikator": "Persentase " + _sentence(rng, 6).lower(),
                     "formulasi": _sentence(rng, 10) + " x 100%", "sumber_data": _sentence(rng, 3)}
            indicators.append({"decree_id": decree_id, "position_idx": p, "row_idx": r,
                               **{f"{k}_raw": v for k, v in texts.items()}, **texts, "page": 1 + p // 5,
                               "method": "text", "confidence": 1.0, "box_x0": 50.0, "box_top": 100.0 + 30 * r,
                               "box_x1": 550.0, "box_bottom": 125.0 + 30 * r, "indicator_kind": "persentase",
                               "is_ratio": True, "extra": None, "table_strategy": "ruled", "stitched": False})
    pages = [{"decree_id": decree_id, "page": i + 1, "method": "text", "reason": "text layer"} for i in range(5)]
    normalizations = [{"decree_id": decree_id, "column": "indikator", "raw_token": "jumlh", "normalized_token": "jumlah",
                       "rule": "lexicon", "source": "lexicon", "score": 1.0, "count": 2}]
    decree = {"decree_id": decree_id, "source_path": source_path, "status": "ok", "pages": 5, "text_pages": 5,
              "ocr_pages": 0, "unit_type": "kecamatan", "unit_name": f"Kecamatan {rng.choice(WORDS).title()}",
              "region": "Kota Samarinda", "decree_number": f"800/{rng.randrange(10**6)}", "year": year or None,
              "positions": 20, "indicators": 60, "pipeline_version": PIPELINE_VERSION}
    return DocumentResult(decree, positions, indicators, pages, normalizations, normalized=True)


def write_inputs(folder: Path, indexes: range | list[int], version: int = 0) -> None:
    """Input files of a few KiB, bytes unique to (index, version); a new version keeps the size."""
    for i in indexes:
        path = folder / f"batch{i // 1000:03d}" / f"decree-{i:06d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n" + hashlib.sha256(f"{i}/{version}".encode()).digest() * (64 + i % 64))


def write_results(inputs: Path, out: Path, indexes: list[int], merge: bool = True) -> None:
    """Write the decrees of ``indexes`` as a run does: unmerge those read again, write, merge when due, index."""
    from batch.duplicates import file_records
    from pipeline import discover_inputs
    from store.dataset_store import DatasetStore
    from store.file_index import content_hashes, write_file_index

    store = DatasetStore(out)
    store.prepare()
    files = discover_inputs([inputs])
    by_source = {f.source_path: f for f in files}
    chosen = [files[i] for i in indexes]
    hashes = content_hashes(chosen, out)
    store.unmerge(*(f.source_path for f in chosen))
    rng = random.Random(len(indexes))
    for count, item in enumerate(chosen, 1):
        store.write(synthetic_result(item.source_path, hashes[item.source_path], rng))  # type: ignore[arg-type]
        if merge and count % 500 == 0:
            store.compact_if_due()
    if merge:
        store.compact_if_due()
    done = store.done()
    all_hashes = content_hashes(files, out)
    write_file_index(out, file_records(files, all_hashes, {}, set(done)), {d.decree_id for d in done.values()},
                     keep_earlier=True)
    assert set(by_source) == set(done), "every input is a done decree"


def run_phase(phase: str, inputs: Path, out: Path, changed: int, baseline: bool) -> float:
    """Seconds one phase takes (called in a fresh process)."""
    import duckdb
    import pandas as pd
    import polars as pl

    from batch.review_file import write_review_file
    from pipeline import discover_inputs, plan_run
    from report.build import build_report
    from store.dataset_store import DatasetStore

    glob = str(out / "indicators.parquet" / "**" / "*.parquet")
    start = time.perf_counter()
    if phase in ("plan-noop", "plan-1%"):
        plan = plan_run(discover_inputs([inputs]), DatasetStore(out), force=False, prune=False, ocr=False,
                        checksum=baseline)
        expected = 0 if phase == "plan-noop" else changed
        assert len(plan.to_extract) == expected, (phase, len(plan.to_extract), expected)
    elif phase == "replace-1%":
        files = discover_inputs([inputs])
        write_results(inputs, out, [i for i in range(len(files)) if i % 100 == 0], merge=not baseline)
    elif phase == "pandas":
        pd.read_parquet(out / "indicators.parquet")
    elif phase == "duckdb":
        duckdb.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning=true)").arrow()  # type: ignore[union-attr]
    elif phase == "polars":
        pl.read_parquet(glob, hive_partitioning=True)
    elif phase == "one-year":
        duckdb.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning=true) "  # type: ignore[union-attr]
                   "WHERE decree_year = 2022").arrow()
    elif phase == "review":
        write_review_file(out)  # what a run's review-file process does
    elif phase == "report":
        build_report(out, [])
    return time.perf_counter() - start


def phase_in_process(phase: str, inputs: Path, out: Path, changed: int, timeout: float, baseline: bool
                     ) -> tuple[float | None, float]:
    """(seconds or None on a timeout/failure, peak MiB) of one phase run in its own process."""
    cmd = [sys.executable, __file__, "--phase", phase, "--inputs", str(inputs), "--out", str(out),
           "--changed", str(changed)] + (["--baseline"] if baseline else [])
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, 0.0
    if done.returncode != 0:
        print(f"{phase} failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None, 0.0
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return measured["seconds"], measured["peak_mib"]


def bench_one(n: int, work: Path, timeout: float, baseline: bool, skip: list[str]
              ) -> dict[str, tuple[float | None, float]]:
    inputs, out = work / f"in-{n}", work / f"out-{n}"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    write_inputs(inputs, range(n))
    start = time.perf_counter()
    write_results(inputs, out, list(range(n)), merge=not baseline)
    figures: dict[str, tuple[float | None, float]] = {"write": (time.perf_counter() - start, 0.0)}
    changed = [i for i in range(n) if i % 100 == 0]
    for phase in PHASES:
        if phase == "plan-1%":
            write_inputs(inputs, changed, version=1)
        skipped = phase in skip and phase not in ("plan-1%", "replace-1%")  # later phases expect these done
        figures[phase] = (None, 0.0) if skipped else phase_in_process(phase, inputs, out, len(changed), timeout,
                                                                       baseline)
    files = sum(1 for _ in out.rglob("*.parquet"))
    figures["files"] = (float(files), 0.0)
    return figures


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decrees", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, help="folder for inputs and outputs (default: a temp folder)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one phase may take")
    parser.add_argument("--baseline", action="store_true", help="no merging, every input hashed (the old way)")
    parser.add_argument("--skip", nargs="*", choices=PHASES, default=[], help="phases not to run")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--changed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        seconds = run_phase(args.phase, args.inputs, args.out, args.changed, args.baseline)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mib": peak}))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="archive-scale-"))
    header = ["N" + (" (baseline)" if args.baseline else ""), "write", *PHASES, "peak MiB (phase)", "files"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    lines = {}
    peaks: list[str] = []
    for n in args.decrees:
        figures = bench_one(n, work, args.timeout, args.baseline, args.skip)
        lines[n] = figures
        peak_phase = max(PHASES, key=lambda p: figures[p][1])
        cells = [str(n), _cell(figures["write"][0]), *(_cell(figures[p][0]) for p in PHASES),
                 f"{figures[peak_phase][1]:.0f} ({peak_phase})", f"{figures['files'][0]:.0f}"]
        print("| " + " | ".join(cells) + " |", flush=True)
        peaks.append(f"N={n} peak MiB: " + ", ".join(f"{p} {figures[p][1]:.0f}" for p in PHASES))
    print("\n".join(peaks))
    if len(lines) > 1:
        first, last = min(lines), max(lines)
        growth = []
        for phase in ("write", *PHASES):
            before, after = lines[first][phase][0], lines[last][phase][0]
            if before and after:
                growth.append(f"{phase} x{after / before:.1f}")
        print(f"growth from N={first} to N={last} (x{last / first:.0f} decrees): " + ", ".join(growth))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
