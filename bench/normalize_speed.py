#!/usr/bin/env python3
"""Benchmark: cells per second of the spelling normalizer, with and without its caches.

    python bench/normalize_speed.py [--truth DIR] [--cells N] [--uncached N]

Cells come from the corpus truth files (every sasaran, indikator, formulasi, sumber data, jabatan, tugas and
fungsi text; default ../shared/corpus/truth), cycled up to ``--cells`` (default 100,000) the way a large run
repeats the same wording; without truth files they are synthesized from a small invented vocabulary. The cached
run is what the pipeline does (cells and token decisions memoized, dictionary answers memoized); the uncached
run turns every cache off and measures ``--uncached`` cells (default 1,000). Loading the dictionaries is timed
apart.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from normalize.dictionaries import cached_resources
from normalize.lexicon import load_lexicon
from normalize.spelling import SpellingNormalizer

DEFAULT_TRUTH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "truth"
SYNTHETIC_TEXT = ("Jumlah laporan pelayanan masyarakat yang diselesaikan tepat waktu berbanding seluruh permohonan "
                   "Prosentase kegiatan Musrembang kelurahan survey kepuasan SKM IKM ketentraman ketertiban "
                   "produktifitas kwalitas dokumen Renja RKA DPA Terlaksananya sosialisasi dan money administarsi "
                   "pemberdayan Menigkatnya Kasubag Umum Sukamaju x 100%")


def truth_cells(truth_dir: Path) -> list[str]:
    """Every text cell of the truth files, in file order."""
    cells: list[str] = []
    for path in sorted(truth_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for position in doc.get("positions", []):
            cells.append(position.get("jabatan") or "")
            cells += position.get("tugas", []) + position.get("fungsi", [])
            for row in position.get("rows", []):
                cells += [row.get(f, "") for f in ("sasaran", "indikator", "formulasi", "sumber_data")]
    return [c for c in cells if c]


def synthetic_cells(count: int, seed: int = 7) -> list[str]:
    """Invented cells of 4-16 words (a few hundred distinct ones, as in a decree)."""
    rng = random.Random(seed)
    words = SYNTHETIC_TEXT.split()
    return [" ".join(rng.choices(words, k=rng.randint(4, 16))) for _ in range(min(count, 800))]


def timed(normalizer: SpellingNormalizer, cells: list[str]) -> float:
    start = time.perf_counter()
    for cell in cells:
        normalizer.normalize_cell(cell)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", type=Path, default=DEFAULT_TRUTH)
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--uncached", type=int, default=1_000)
    args = parser.parse_args(argv)

    distinct = truth_cells(args.truth) if args.truth.is_dir() else []
    source = f"truth files in {args.truth}" if distinct else "synthesized text"
    distinct = distinct or synthetic_cells(args.cells)
    cells = list(islice(cycle(distinct), args.cells))

    start = time.perf_counter()
    lexicon = load_lexicon()
    resources = cached_resources(lexicon.domain_words | lexicon.canonical_words)
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    resources.load_dictionaries()  # else parsed at the first look-up, inside the timing below
    parse_seconds = time.perf_counter() - start

    cached = SpellingNormalizer(lexicon, resources)
    cached_seconds = timed(cached, cells)
    uncached = SpellingNormalizer(lexicon, dataclasses.replace(resources, memoize=False, _cache={}), cache_size=0)
    sample = cells[: args.uncached]
    uncached_seconds = timed(uncached, sample)

    cached_rate = len(cells) / cached_seconds
    uncached_rate = len(sample) / uncached_seconds
    print(f"cells: {len(cells):,} ({len(set(cells)):,} distinct) from {source}")
    print(f"word lists loaded in {load_seconds:.2f} s (from the word cache once built), hunspell dictionaries "
          f"parsed in {parse_seconds:.2f} s (hunspell: {'yes' if resources.has_hunspell else 'no'})")
    print(f"cached:   {cached_rate:,.0f} cells/s ({cached_seconds:.2f} s for {len(cells):,} cells)")
    print(f"uncached: {uncached_rate:,.0f} cells/s ({uncached_seconds:.2f} s for {len(sample):,} cells)")
    print(f"cache speed-up: {cached_rate / uncached_rate:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
