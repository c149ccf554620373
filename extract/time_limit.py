"""Wall-clock limits for work that may hang (a pathological page in the parser, a stuck OCR call).

In a process's main thread the limit is SIGALRM. Elsewhere — a Dask worker runs each task in a thread of its
own — a timer thread raises the same error asynchronously in the working thread (CPython's
``PyThreadState_SetAsyncExc``): it lands at the next Python bytecode, so a call stuck inside C code ends only when
that call returns (the Tesseract calls carry their own subprocess timeout).
"""
from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from extract.errors import PageError


class TimeLimitExceeded(PageError):
    """The work did not finish in its time limit."""


class _ThreadTimeLimitExceeded(TimeLimitExceeded):
    """The same error raised into a thread, which cannot pass arguments: its message is the thread's own."""

    def __init__(self) -> None:
        super().__init__(getattr(_limits, "message", "the time limit was reached"))


_limits = threading.local()  # the message of the limit running in each thread


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the block after ``seconds`` (0: no limit), in any thread."""
    if seconds <= 0:
        yield
        return
    message = f"{what} took longer than {seconds:g} s"
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
        with _alarm_limit(seconds, message):
            yield
    else:
        with _thread_limit(seconds, message):
            yield


@contextmanager
def _alarm_limit(seconds: float, message: str) -> Iterator[None]:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_limit(seconds: float, message: str) -> Iterator[None]:
    target = threading.get_ident()
    state = threading.Lock()
    over = {"block": False, "fired": False}

    def fire() -> None:
        with state:
            if over["block"]:
                return
            over["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                       ctypes.py_object(_ThreadTimeLimitExceeded))

    previous = getattr(_limits, "message", None)
    _limits.message = message
    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with state:
            over["block"] = True
            if over["fired"]:  # fired as the block ended: an error not yet raised must not escape the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        timer.cancel()
        _limits.message = previous
