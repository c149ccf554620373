"""Where the per-file work runs: a local process pool (batch/resilient_pool.py) or a Dask cluster.

Both hand the parent an iterator of results as files finish, so the parent loop (write, report progress) is the
same. The Dask client is opened before the run touches its output folder: a scheduler that does not answer stops
the run with nothing written.
"""
from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from batch.inputs import InputFile
from extract.errors import MissingDependencyError
from extract.settings import Settings

if TYPE_CHECKING:  # distributed is imported by a --dask run, not by --help
    from distributed import Client

    from batch.worker import WorkerLimits
    from extract.document import DocumentResult

DASK_ADDRESS_FORM = "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786) or 'local'"
# [scheme://]host:port, the host a name, an IPv4 address or a bracketed IPv6 address
_DASK_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]{1,5})")
DASK_CONNECT_TIMEOUT_S = 10.0  # a scheduler that answers at all answers well within this


class SchedulerUnreachableError(MissingDependencyError):
    """The Dask scheduler named by --dask does not answer, or has no worker to run on: stop the run before any
    file is read (a run would wait for ever)."""


def is_dask_address(address: str) -> bool:
    """True for 'local' and for a scheduler address of the form ``[scheme://]host:port``."""
    if address == "local":
        return True
    match = _DASK_ADDRESS.fullmatch(address)
    return match is not None and 1 <= int(match["port"]) <= 65535


@contextmanager
def open_results(files: Sequence[InputFile], settings: Settings, limits: WorkerLimits, workers: int,
                 dask_client: Client | None = None) -> Iterator[Iterator[DocumentResult]]:
    """The results of reading ``files``, as they finish: on a local pool of ``workers`` processes that survives
    a worker's death (any ``workers``, 1 included, so that each result is written as it arrives and a crash costs
    one file), or on the Dask cluster of ``dask_client`` (see `open_dask_client`)."""
    if dask_client is None:
        from batch.resilient_pool import extract_files

        local_results = extract_files(files, settings, limits, workers)
        try:
            yield local_results
        finally:
            local_results.close()  # stops the workers now when the run ends early (Ctrl-C, a write error)
        return
    dask_results = _results_as_completed(files, settings, dask_client)
    try:
        yield dask_results
    finally:
        dask_results.close()


def _results_as_completed(files: Sequence[InputFile], settings: Settings, client: Client
                          ) -> Generator[DocumentResult, None, None]:
    """Results from a Dask cluster as they finish; a file whose task fails there (its workers died:
    `KilledWorker` after Dask's own retries) is a `failed` decree, not the end of the run. Each result is released
    on the cluster once read: a worker lost later then holds nothing the scheduler would compute again."""
    from distributed import as_completed

    from batch.worker import FileJob, WorkerLimits, extract_one, failed_result

    futures = {client.submit(extract_one, FileJob(f, settings, WorkerLimits()), pure=False): f for f in files}
    try:
        for future in as_completed(list(futures)):
            item = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - extract_one records document errors itself: this is the cluster
                reason = " ".join(str(exc).split())[:200]
                result = failed_result(item, f"worker died: {type(exc).__name__}: {reason}")
            finally:
                future.release()
            yield result
    finally:
        client.cancel(list(futures))  # the run ends early (Ctrl-C, a write error): nothing left to compute


@contextmanager
def open_dask_client(workers: int, dask_address: str) -> Iterator[Client]:
    """A client of the Dask scheduler at ``dask_address``, which answers and has a worker ("local" starts a
    LocalCluster with ``workers`` single-threaded worker processes); raises `SchedulerUnreachableError` within
    DASK_CONNECT_TIMEOUT_S otherwise."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise MissingDependencyError("--dask needs the 'distributed' package: pip install 'dask[distributed]'") from exc
    if dask_address == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as local_client:
            yield local_client
        return
    try:
        client = Client(dask_address, timeout=DASK_CONNECT_TIMEOUT_S)
    except OSError as exc:  # refused, unresolvable host or no answer in time: all end in OSError
        raise SchedulerUnreachableError(
            f"could not connect to the Dask scheduler at {dask_address} within "
            f"{DASK_CONNECT_TIMEOUT_S:g} s") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=DASK_CONNECT_TIMEOUT_S)
        except TimeoutError as exc:  # dask.distributed.TimeoutError is the built-in one
            raise SchedulerUnreachableError(
                f"the Dask scheduler at {dask_address} has no worker (waited {DASK_CONNECT_TIMEOUT_S:g} s); start "
                "workers with: dask worker " + dask_address) from exc
        yield client
