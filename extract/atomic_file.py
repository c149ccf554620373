"""The one way output files are written: to a temporary name beside the target, then renamed over it, so a reader
never sees a half-written file and an interrupted write leaves none behind."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """``write(temporary_path)`` writes the content; it then replaces ``path`` in one rename. The temporary name
    is ``.NAME.tmp-PID``: what a writer killed mid-write leaves is swept by the next run (`DatasetStore.sweep`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:  # a full disk, Ctrl-C: leave no half-written temp file behind
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """A UTF-8 text file written atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
