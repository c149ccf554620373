"""Where the per-file work runs: in-process, a local process pool, or a Dask cluster.

All three hand back `concurrent.futures`-style futures, so the parent loop (write, report progress) is the same.
A Dask `Client` is used through `client.get_executor()`, its concurrent.futures executor.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any

from extract.errors import ExitCode, IkiError

DASK_ADDRESS_FORM = "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786) or 'local'"
# [scheme://]host:port, the host a name, an IPv4 address or a bracketed IPv6 address
_DASK_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]{1,5})")
DASK_CONNECT_TIMEOUT_S = 10.0  # a scheduler that answers at all answers well within this


class SchedulerUnreachableError(IkiError):
    """The Dask scheduler named by --dask does not answer: stop the run before any file is read."""

    exit_code = ExitCode.MISSING_DEPENDENCY


def is_dask_address(address: str) -> bool:
    """True for 'local' and for a scheduler address of the form ``[scheme://]host:port``."""
    if address == "local":
        return True
    match = _DASK_ADDRESS.fullmatch(address)
    return match is not None and 1 <= int(match["port"]) <= 65535


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
            try:
                client = Client(dask_address, timeout=DASK_CONNECT_TIMEOUT_S)
            except OSError as exc:  # refused, unresolvable host or no answer in time: all end in OSError
                raise SchedulerUnreachableError(
                    f"could not connect to the Dask scheduler at {dask_address} within "
                    f"{DASK_CONNECT_TIMEOUT_S:g} s") from exc
            with client:
                yield client.get_executor()
        return
    if workers <= 1:
        yield InlineExecutor()
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: imported when a pool is opened

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        yield pool
