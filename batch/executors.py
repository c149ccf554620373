"""Where the per-file work runs: in-process, a local process pool, or a Dask cluster.

All three hand back `concurrent.futures`-style futures, so the parent loop (write, report progress) is the same.
A Dask `Client` is used through `client.get_executor()`, its concurrent.futures executor.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from extract.errors import IkiError


class InlineExecutor(Executor):
    """Runs each call at submit time in this process (one worker: simplest, easiest to debug)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def _init_worker() -> None:
    # one Tesseract thread per worker process: several per process are much slower under a pool
    os.environ["OMP_THREAD_LIMIT"] = "1"


@contextmanager
def open_executor(workers: int, dask_address: str | None = None) -> Iterator[Executor]:
    """An executor for ``workers`` processes, or for the Dask scheduler at ``dask_address`` ("local" starts a
    LocalCluster with ``workers`` single-threaded worker processes)."""
    if dask_address:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a declared dependency
            raise IkiError("--dask needs the 'distributed' package: pip install 'dask[distributed]'") from exc
        if dask_address == "local":
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                yield client.get_executor()
        else:
            with Client(dask_address) as client:
                yield client.get_executor()
        return
    if workers <= 1:
        yield InlineExecutor()
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        yield pool
