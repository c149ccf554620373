"""Wall-clock limits for work that may hang (a pathological page in the parser, a stuck OCR call)."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from extract.errors import PageError


class TimeLimitExceeded(PageError):
    """The work did not finish in its time limit."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the block after ``seconds`` (SIGALRM; only in a process's main thread —
    elsewhere, e.g. in a Dask worker thread, the block runs unlimited and the caller's own limits apply)."""
    usable = seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
