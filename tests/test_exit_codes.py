"""One place maps errors to exit codes (`extract.errors.run_command`): each error kind ends a command with its
own code and one line; a ValueError that is no usage mistake (pyarrow's ArrowInvalid) is not passed off as one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import PROJECT_ROOT, default_decree
from decree_pdf import render_decree

from batch.executors import SchedulerUnreachableError
from batch.output_lock import OutputBusyError
from extract.errors import (
    DocumentError,
    ExitCode,
    IkiError,
    MissingDependencyError,
    OutputError,
    UsageError,
    run_command,
)
from report.build import ReportError


def fails_with(error: BaseException) -> int:
    def command() -> int:
        raise error
    return run_command(command)


@pytest.mark.parametrize(("error", "code"), [
    (UsageError("bad"), ExitCode.USAGE), (OutputBusyError("busy"), ExitCode.USAGE),
    (ReportError("no output"), ExitCode.USAGE), (MissingDependencyError("no tesseract"), ExitCode.MISSING_DEPENDENCY),
    (SchedulerUnreachableError("no scheduler"), ExitCode.MISSING_DEPENDENCY),
    (OutputError("read-only"), ExitCode.OUTPUT_NOT_WRITABLE), (DocumentError("broken"), ExitCode.SOME_FILES_FAILED),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED),
])
def test_each_error_kind_ends_the_command_with_its_code_and_one_line(
        error: BaseException, code: ExitCode, capsys: pytest.CaptureFixture[str]) -> None:
    assert fails_with(error) == code
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == ("interrupted" if isinstance(error, KeyboardInterrupt) else f"error: {error}")


def test_an_arrow_error_is_not_a_usage_error() -> None:
    """pyarrow.ArrowInvalid is a ValueError: it is a bug to show, never 'usage' (exit code 2)."""
    assert issubclass(pa.ArrowInvalid, ValueError) and not issubclass(pa.ArrowInvalid, IkiError)
    with pytest.raises(pa.ArrowInvalid):
        fails_with(pa.ArrowInvalid("Could not convert 'x' with type str: tried to convert to int32"))


def test_a_bad_setting_is_a_usage_error_in_one_line(tmp_path: Path) -> None:
    render_decree(default_decree(), tmp_path / "in" / "decree.pdf", "ruled")
    result = subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), str(tmp_path / "in"), "--out",
                             str(tmp_path / "out"), "--ocr-dpi", "20"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.strip().splitlines() == ["error: ocr_dpi must be between 72 and 600, not 20"]
    assert not (tmp_path / "out").exists()
