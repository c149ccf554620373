"""The unit of parallel work as it runs in a worker process: set the process up once, then read one PDF per call.

A worker dies with its parent (Linux: PR_SET_PDEATHSIG), runs under the run's memory limit, and tells the parent
which file it is reading (a marker file named after its pid), so that the parent can name the file a dead worker
was holding.
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from batch.inflation_budget import content_budget, oversized_content
from batch.inputs import InputFile
from batch.memory_limit import format_memory_size, limit_address_space, oversized_page_image, page_pixel_budget
from extract.settings import Settings

if TYPE_CHECKING:
    from extract.document import DocumentResult

# Test hook (tests/test_batch_faults.py): a worker given a file whose source path contains this variable's value
# kills itself with SIGKILL, as the OOM killer would. Unset in every real run.
CRASH_HOOK_ENV = "IKI_TEST_CRASH_ON"
MEMORY_LIMIT_REASON = "exceeds the memory limit"
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class WorkerLimits:
    """What bounds one worker process: its address space in bytes (None: unbounded)."""

    max_memory: int | None = None


@dataclass(frozen=True)
class FileJob:
    """One file to read, the settings to read it with, and where its worker notes that it is reading it."""

    item: InputFile
    settings: Settings
    limits: WorkerLimits
    in_flight_dir: Path | None = None


def init_worker(limits: WorkerLimits) -> None:
    """Set up a fresh worker process: one Tesseract thread, death with the parent, the memory limit."""
    # one Tesseract thread per worker process: several per process are much slower under a pool
    os.environ["OMP_THREAD_LIMIT"] = "1"
    # Ctrl-C reaches the whole process group: the parent alone handles it (stops the workers, says what was done)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    limit_address_space(limits.max_memory)


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (else a killed run leaves its workers running)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGKILL)


def failed_result(item: InputFile, reason: str) -> DocumentResult:
    """A `failed` decree for a file whose reading ended without a result of its own."""
    from extract.document import failed_decree, file_sha256

    return failed_decree(file_sha256(item.path), item.source_path, f"{item.source_path}: {reason}")


def extract_one(job: FileJob) -> DocumentResult:
    """Read and normalize one file; a file past the memory limit becomes a `failed` decree, never a dead run."""
    marker = _mark_in_flight(job)
    try:
        _crash_hook(job.item.source_path)
        try:
            return _extract_within_limits(job)
        except MemoryError:
            return failed_result(job.item, memory_limit_reason(job.limits))
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def _extract_within_limits(job: FileJob) -> DocumentResult:
    from extract.document import extract_document
    from normalize.columns import normalize_result

    settings, limits = job.settings, job.limits
    if limits.max_memory:  # before any library inflates a stream or renders a page
        too_big = oversized_content(job.item.path, content_budget(limits.max_memory))
        if not too_big and settings.ocr:
            too_big = oversized_page_image(job.item.path, settings.ocr_dpi, page_pixel_budget(limits.max_memory))
        if too_big:
            return failed_result(job.item, too_big)
    result = extract_document(job.item.path, job.item.source_path, settings)
    if "MemoryError" in (result.decree.get("error") or ""):  # caught per page or per file by the extractor
        return failed_result(job.item, memory_limit_reason(limits))
    return normalize_result(result)


def memory_limit_reason(limits: WorkerLimits) -> str:
    """'exceeds the memory limit (2.5G per worker, --max-memory)'."""
    if limits.max_memory:
        return f"{MEMORY_LIMIT_REASON} ({format_memory_size(limits.max_memory)} per worker, --max-memory)"
    return f"{MEMORY_LIMIT_REASON} (the machine ran out of memory)"


def _mark_in_flight(job: FileJob) -> Path | None:
    """Note which file this process is reading, for the parent to find if this process dies."""
    if job.in_flight_dir is None:
        return None
    marker = job.in_flight_dir / str(os.getpid())
    marker.write_text(job.item.source_path, encoding="utf-8")
    return marker


def _crash_hook(source_path: str) -> None:
    """Test hook: die as an OOM-killed worker does when CRASH_HOOK_ENV names part of this file's path."""
    needle = os.environ.get(CRASH_HOOK_ENV)
    if needle and needle in source_path:
        os.kill(os.getpid(), signal.SIGKILL)
