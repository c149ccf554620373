"""Time limits hold in every thread: a Dask worker runs each file in a thread, where SIGALRM cannot reach. The
limit is an error raised into the thread at its next bytecode, so Python work stops; a library that catches every
Exception can swallow it, so a whole page read in a thread is not always cut (a test timing one was flaky)."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from extract.time_limit import TimeLimitExceeded, time_limit

SAFETY_S = 60.0  # a limit that does not work ends the busy loop here and fails the test, not the suite


def in_a_thread(work: Callable[[], object]) -> object:
    """What ``work`` returns or raises when it runs in a thread other than the main one."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return outcome[0]


def busy_until_stopped() -> str:
    with time_limit(0.2, "the busy loop"):
        deadline = time.monotonic() + SAFETY_S
        while time.monotonic() < deadline:
            pass
    return "not stopped"


def test_a_limit_stops_python_work_in_a_worker_thread() -> None:
    outcome = in_a_thread(busy_until_stopped)
    assert isinstance(outcome, TimeLimitExceeded)
    assert str(outcome) == "the busy loop took longer than 0.2 s"


def test_a_block_that_ends_in_time_leaves_nothing_behind_in_its_thread() -> None:
    def quick_then_busy() -> str:
        with time_limit(0.2, "a quick block"):
            total = sum(range(1000))
        end = time.monotonic() + 0.5  # past the limit of the block that ended: nothing may be raised here
        while time.monotonic() < end:
            pass
        return f"done {total}"

    assert in_a_thread(quick_then_busy) == "done 499500"


@pytest.mark.parametrize("seconds", [0, -1])
def test_no_limit_is_no_limit(seconds: float) -> None:
    assert in_a_thread(lambda: time_limit(seconds, "x").__enter__()) is None
