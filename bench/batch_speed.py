#!/usr/bin/env python3
"""Benchmark: files per second over a synthetic archive with 1 worker and with all workers, and peak memory.

    python bench/batch_speed.py [--files 200] [--workers N]

The archive is made of the shared corpus's digital PDFs (when ../shared/corpus exists) and decrees rendered by
the test fixture generator, copied under distinct names (and bytes: a numbered comment after %%EOF, so that
duplicate detection reads each) until it holds --files PDFs. Both runs happen in this
process's session, on the same files, into fresh output folders; the ratio is what to watch.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from conftest import default_decree, long_table_decree  # noqa: E402
from decree_pdf import render_decree  # noqa: E402


def build_archive(folder: Path, n_files: int) -> list[Path]:
    seeds: list[Path] = []
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        seeds += sorted(p for p in corpus.glob("*.pdf") if any(s in p.stem for s in ("docx", "ruled", "borderless")))
    gen = folder / "_generated"
    for style in ("ruled", "borderless", "partial"):
        seeds.append(render_decree(default_decree(), gen / f"default-{style}.pdf", style).path)
        seeds.append(render_decree(long_table_decree(), gen / f"long-{style}.pdf", style).path)
    archive = folder / "archive"
    for i in range(n_files):
        seed = seeds[i % len(seeds)]
        target = archive / f"batch{i // 50:02d}" / f"{i:04d}-{seed.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        # a comment after %%EOF makes each copy a distinct file (byte-identical copies are read once)
        target.write_bytes(seed.read_bytes() + f"\n% copy {i}\n".encode())
    return seeds


def run(archive: Path, out: Path, workers: int) -> tuple[float, int]:
    """Seconds for a full run and the peak RSS (KiB) of the largest process in it."""
    start = time.perf_counter()
    cmd = [sys.executable, str(ROOT / "pipeline.py"), str(archive), "--out", str(out), "--workers", str(workers),
           "--quiet", "--no-ocr"]
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_archive(folder, args.files)
        archive = folder / "archive"
        one_s, one_rss = run(archive, folder / "out1", 1)
        all_s, all_rss = run(archive, folder / "outN", args.workers)
        again_s, _ = run(archive, folder / "outN", args.workers)
    print(f"{args.files} files")
    print(f"1 worker   : {one_s:7.1f} s  {args.files / one_s:6.2f} files/s")
    print(f"{args.workers} workers  : {all_s:7.1f} s  {args.files / all_s:6.2f} files/s   speed-up {one_s / all_s:.2f}x")
    print(f"rerun, nothing changed: {again_s:.1f} s")
    print(f"peak RSS of the largest process: {max(one_rss, all_rss) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
