"""Progress of a run: a bar (files, pages, rate, ETA) on a terminal, plain log lines otherwise."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts finished files and pages; draws with tqdm on a TTY, else prints one line per file."""

    def __init__(self, total_files: int, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.total = total_files
        self.files = 0
        self.pages = 0
        self.quiet = quiet
        self.started = time.monotonic()
        self.bar = None
        if not quiet and total_files and self.stream.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total_files, unit="file", file=self.stream, dynamic_ncols=True)

    def done(self, source_path: str, status: str, pages: int, rows: int, error: str | None) -> None:
        """Record one finished file."""
        self.files += 1
        self.pages += pages
        elapsed = max(time.monotonic() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, pages_s=f"{self.pages / elapsed:.1f}")
            self.bar.update(1)
            if status != "ok":
                self.bar.write(f"{status:8s} {source_path}: {error}", file=self.stream)
            return
        if self.quiet and status == "ok":
            return
        eta = (self.total - self.files) * elapsed / self.files
        line = (f"[{self.files}/{self.total}] {status:7s} {source_path}: {pages} pages, {rows} rows "
                f"({self.pages / elapsed:.1f} pages/s, eta {eta:.0f} s)")
        print(line + (f" - {error}" if error else ""), file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
