"""A local process pool that outlives its workers: a worker killed mid-file (SIGKILL, the OOM killer, a crash in
a C library) costs that file, not the run.

When a worker dies, `concurrent.futures` breaks the whole pool and fails every unfinished future. Here the pool
is rebuilt and the unfinished files go on; the files the dead pool was reading (each worker leaves a marker
naming its file) are first read again alone, one process each, and a file whose lone process dies too is
recorded `failed` with how it died.
"""
from __future__ import annotations

import multiprocessing
import signal
import tempfile
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from batch.inputs import InputFile
from batch.worker import (FileJob, WorkerLimits, die_with_parent, extract_one, failed_result, init_worker,
                          memory_limit_reason)
from extract.settings import Settings

if TYPE_CHECKING:
    from extract.document import DocumentResult

_OOM_EVENTS = Path("/sys/fs/cgroup/memory.events")
_ALLOCATION_FAILURE_SIGNALS = ("SIGABRT", "SIGSEGV", "SIGBUS", "SIGTRAP")
Answer = TypeVar("Answer")


def extract_files(files: Sequence[InputFile], settings: Settings, limits: WorkerLimits, workers: int
                  ) -> Generator[DocumentResult, None, None]:
    """Read ``files`` on ``workers`` processes; results arrive as files finish (any order), one per file."""
    queue = list(files)
    with tempfile.TemporaryDirectory(prefix="iki-in-flight-") as in_flight:
        in_flight_dir = Path(in_flight)
        while queue:
            unfinished = yield from _run_pool(queue, settings, limits, workers, in_flight_dir)
            held = _files_held(in_flight_dir)
            suspects = [f for f in unfinished if f.source_path in held] or unfinished[:1]
            queue = [f for f in unfinished if f not in suspects]
            for item in suspects:
                yield _run_alone(FileJob(item, settings, limits), limits)


def _worker_context() -> Any:  # a multiprocessing context (typeshed's BaseContext lacks .Process)
    """Workers are forked from a fork server started afresh, not from this process: each starts with the same
    small address space (libraries and dictionaries preloaded, batch/worker_preload.py), so the memory limit
    means the same for the first pool and a rebuilt one (forked from a parent whose Arrow buffers had grown, a
    worker started with 2.1 GB of address space instead of 0.9 GB), and no lock held by a parent's thread is
    copied into a worker."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["batch.worker_preload"])
    return context


def start_worker_server() -> None:
    """Start the fork server now (it loads its libraries and dictionaries while this process plans the run)."""
    context = _worker_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _run_pool(files: list[InputFile], settings: Settings, limits: WorkerLimits, workers: int,
              in_flight_dir: Path) -> Generator[DocumentResult, None, list[InputFile]]:
    """Yield the results of one pool's life; returns the files left unfinished when a worker died."""
    unfinished: list[InputFile] = []
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(files))), mp_context=_worker_context(),
                               initializer=init_worker, initargs=(limits,))
    try:
        futures = {pool.submit(extract_one, FileJob(f, settings, limits, in_flight_dir)): f for f in files}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            yield result
    except BaseException:  # Ctrl-C, or the parent stopped reading: stop the workers now, not after their file
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    order = {f.source_path: i for i, f in enumerate(files)}
    return sorted(unfinished, key=lambda f: order[f.source_path])


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes (their files are read again by the next run)."""
    processes = getattr(pool, "_processes", None) or {}  # CPython keeps its workers there (3.8-3.13)
    for process in list(processes.values()):
        if process.is_alive():
            process.kill()


def _files_held(in_flight_dir: Path) -> set[str]:
    """The files the workers of a broken pool were reading (their markers), markers removed."""
    held = set()
    for marker in in_flight_dir.iterdir():
        held.add(marker.read_text(encoding="utf-8"))
        marker.unlink()
    return held


class WorkerProcessDied(Exception):
    """A process started by `call_in_worker_process` ended without an answer."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


def call_in_worker_process(function: Callable[..., Answer], *args: Any) -> Answer:
    """``function(*args)`` in a process of its own, forked from the fork server (so with the libraries and
    dictionaries a worker has, at no load cost here); what it raises is raised here, and a process that dies
    raises `WorkerProcessDied`."""
    context = _worker_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_answer_main, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()  # the child holds the only write end: its death reads as end of file here
    try:
        failed, answer = receiver.recv()
    except EOFError:
        process.join()
        raise WorkerProcessDied(process.exitcode) from None
    finally:
        receiver.close()
    process.join()
    if failed:
        raise answer
    return answer  # type: ignore[no-any-return]


def _answer_main(sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent()  # a killed run leaves no process behind (the fork server's own death signal is not inherited)
    try:
        answer = (False, function(*args))
    except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
        answer = (True, exc)
    sender.send(answer)
    sender.close()


def _run_alone(job: FileJob, limits: WorkerLimits) -> DocumentResult:
    """Read one file in a process of its own; if that process dies too, the file is `failed` with how."""
    oom_kills = _oom_kill_count()
    try:
        return call_in_worker_process(_extract_alone, job, limits)
    except WorkerProcessDied as died:
        return failed_result(job.item, _death_reason(died.exitcode, _oom_kill_count() > oom_kills, limits))
    except Exception as exc:  # noqa: BLE001 - extract_one records document errors itself: a bug costs this file
        return failed_result(job.item, f"worker failed: {type(exc).__name__}: {exc}")


def _extract_alone(job: FileJob, limits: WorkerLimits) -> DocumentResult:
    init_worker(limits)
    return extract_one(job)


def _death_reason(exitcode: int | None, oom_killed: bool, limits: WorkerLimits) -> str:
    """How a worker process ended, in words: 'worker died: killed by signal 9 (SIGKILL)'."""
    if oom_killed:
        return "worker died: out of memory (killed by the kernel's OOM killer)"
    if exitcode is None or exitcode >= 0:
        return f"worker died: exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = "unknown signal"
    reason = f"worker died: killed by signal {-exitcode} ({name})"
    if limits.max_memory and name in _ALLOCATION_FAILURE_SIGNALS:
        # PDFium and other C libraries abort when an allocation fails under the address-space limit
        reason += f", most likely as it {memory_limit_reason(limits)}"
    return reason


def _oom_kill_count() -> int:
    """The OOM killer's kills in this process's cgroup so far (0 where the kernel does not tell)."""
    try:
        for line in _OOM_EVENTS.read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
    except (OSError, ValueError):
        pass
    return 0
