"""One exception hierarchy; each kind maps to a process exit code in one place (`EXIT_CODES`)."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the process exit status tells a caller (documented in the README)."""

    OK = 0
    SOME_FILES_FAILED = 1
    USAGE = 2
    MISSING_DEPENDENCY = 3
    OUTPUT_NOT_WRITABLE = 4


class IkiError(Exception):
    """Base of every error the pipeline raises on purpose."""

    exit_code = ExitCode.SOME_FILES_FAILED


class DocumentError(IkiError):
    """One input file cannot be read; recorded as a `failed` decree, the run goes on."""


class PageError(IkiError):
    """One page cannot be read; recorded on the decree (status `partial`), the run goes on."""


class MissingDependencyError(IkiError):
    """A system program (Tesseract, a language pack) is absent: stop the run with what to install."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputError(IkiError):
    """The output folder cannot be written: stop the run."""

    exit_code = ExitCode.OUTPUT_NOT_WRITABLE
