"""One exception hierarchy, each kind carrying its process exit code, and the one handler that turns an error
into that exit code and a line on stderr (`run_command`; as OCRmyPDF's ``ExitCode`` and its ``run``)."""
from __future__ import annotations

import sys
from collections.abc import Callable
from enum import IntEnum


class ExitCode(IntEnum):
    """What the process exit status tells a caller (documented in the README)."""

    OK = 0
    SOME_FILES_FAILED = 1
    USAGE = 2
    MISSING_DEPENDENCY = 3
    OUTPUT_NOT_WRITABLE = 4
    INTERRUPTED = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C


class IkiError(Exception):
    """Base of every error the pipeline raises on purpose."""

    exit_code = ExitCode.SOME_FILES_FAILED

    def one_line(self) -> str:
        """What the command prints on stderr when this error ends it."""
        return f"error: {self}"


class DocumentError(IkiError):
    """One input file cannot be read; recorded as a `failed` decree, the run goes on."""


class PageError(IkiError):
    """One page cannot be read; recorded on the decree (status `partial`), the run goes on."""


class UsageError(IkiError):
    """The command line names something that cannot be run (a bad value, a missing input, a busy output folder):
    stop before any output is touched."""

    exit_code = ExitCode.USAGE


class MissingDependencyError(IkiError):
    """A system program (Tesseract, a language pack) is absent: stop the run with what to install."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputError(IkiError):
    """The output folder cannot be written: stop the run."""

    exit_code = ExitCode.OUTPUT_NOT_WRITABLE


class Interrupted(IkiError):
    """Ctrl-C: the command stops; what it had finished is kept."""

    exit_code = ExitCode.INTERRUPTED

    def one_line(self) -> str:
        return str(self) or "interrupted"


def run_command(command: Callable[[], int]) -> int:
    """Run ``command`` and return its exit code; an `IkiError` (Ctrl-C: `Interrupted`) ends it with one line on
    stderr and the error's own exit code. Any other exception is a bug and keeps its traceback."""
    try:
        return int(command())
    except KeyboardInterrupt:
        error: IkiError = Interrupted()
    except IkiError as exc:
        error = exc
    print(error.one_line(), file=sys.stderr)
    return int(error.exit_code)
