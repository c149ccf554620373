"""Word lists read once and kept as a marshal file that loads in milliseconds (parsing the hunspell, wordfreq and
Sastrawi files takes seconds, and every worker process needs them).

A cache file is named after what it holds and the size and mtime of the files it was built from, so an updated
dictionary builds a new one. It lives in ``$IKI_CACHE_DIR``, else ``$XDG_CACHE_HOME/iki-pipeline``, else
``~/.cache/iki-pipeline``; where that cannot be written the lists are built in memory each time, as before.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

CACHE_FORMAT = 1  # bump when what a builder returns changes shape
WordData = TypeVar("WordData")


def cache_dir() -> Path:
    """Where word caches are kept (not created here)."""
    explicit = os.environ.get("IKI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iki-pipeline"


def _source_key(name: str, sources: Sequence[Path]) -> str:
    """A digest of the builder's name and the path, size and mtime of each source file (absent ones too)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{name}".encode())
    for source in sources:
        try:
            stat = source.stat()
            digest.update(f"\0{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"\0{source}\0absent".encode())
    return digest.hexdigest()[:16]


def cached_word_data(name: str, sources: Sequence[Path], build: Callable[[], WordData]) -> WordData:
    """What ``build`` returns (plain str/float/set/dict/list/tuple values only), from the cache file for ``name``
    and ``sources`` when there is one, else built now and saved for the next process."""
    path = cache_dir() / f"{name}-{_source_key(name, sources)}.marshal"
    try:
        with path.open("rb") as cached:
            data: WordData = marshal.load(cached)
        return data
    except (OSError, EOFError, ValueError, TypeError):  # missing, unreadable or cut short: build it again
        pass
    data = build()
    _save(path, data)
    return data


def _save(path: Path, data: Any) -> None:
    """Write atomically (a concurrent worker reads the old file or the new one, never half of one); a cache
    that cannot be written is skipped."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(data, out)
        os.replace(temporary, path)
    except (OSError, ValueError):
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
