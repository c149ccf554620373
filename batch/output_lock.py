"""One run at a time per output folder: an exclusive `flock` on OUT/.iki-pipeline.lock for the whole run.

A second run on the same folder would sweep the first run's temporary files and could delete decrees the first
still counts as done; it stops at once instead, naming the process that holds the folder. The kernel drops the
lock when the holder exits, however it exits (kill -9 included), so a stale lock file never blocks a rerun.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extract.errors import OutputError, UsageError

LOCK_NAME = ".iki-pipeline.lock"


class OutputBusyError(UsageError):
    """Another run holds the output folder: stop before touching it (exit code 2, as for a usage error)."""


@contextmanager
def lock_output(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for the block; raise `OutputBusyError` at once if another run holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, as before
        yield
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / LOCK_NAME).open("a+", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write output to {out}: {exc}") from exc
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise OutputBusyError(f"another run is writing to {out} (pid {holder}); wait for it or use another "
                                  "--out") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
