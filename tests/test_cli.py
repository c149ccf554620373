"""The command line as a user meets it: usage errors in one line before any work, and a fast --help."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, default_decree
from decree_pdf import render_decree

import pipeline
from batch import executors

HEAVY_MODULES = {"pandas", "pyarrow", "cv2", "dask", "distributed", "pandera"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python pipeline.py ARGS`` in a fresh interpreter, as a user would type it."""
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


def one_line(stderr: str) -> str:
    """The whole of stderr, which must be a single line."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_folder_without_pdf_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "notes.txt").write_text("not a decree")
    out = tmp_path / "out"
    result = run_cli(str(src), "--out", str(out))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert str(src) in line and "no PDF" in line
    assert not out.exists()


def test_glob_matching_no_pdf_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.txt").write_text("not a decree")
    pattern = str(src / "*.pdf")  # what the shell passes on when nothing matches (or when quoted)
    out = tmp_path / "out"
    result = run_cli(pattern, "--out", str(out))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert pattern in line and "no PDF" in line
    assert not out.exists()


def test_quoted_glob_reads_the_pdfs_it_matches(tmp_path: Path) -> None:
    src = tmp_path / "in"
    render_decree(default_decree(), src / "a" / "decree.pdf", "ruled")
    out = tmp_path / "out"
    result = run_cli(str(src / "*" / "*.pdf"), "--out", str(out), "--no-ocr", "--no-report", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 extracted")


def test_two_files_under_one_name_are_a_usage_error_and_one_file_named_twice_is_read_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = render_decree(default_decree(), tmp_path / "2023" / "SK-IKI.pdf", "ruled").path
    second = render_decree(default_decree(), tmp_path / "2024" / "SK-IKI.pdf", "borderless").path
    out = tmp_path / "out"
    rc = pipeline.main([str(first.parent), str(second.parent), "--out", str(out), "--no-ocr", "--quiet"])
    assert rc == 2 and not out.exists()  # one of them would have replaced the other in the output
    assert one_line(capsys.readouterr().err) == (
        f"error: two inputs are both named SK-IKI.pdf ({first} and {second}); name the folder that holds them both "
        "instead, so that each keeps a name of its own")
    found = pipeline.discover_inputs([first.parent, first])  # the file itself and the folder that holds it
    assert [f.source_path for f in found] == ["SK-IKI.pdf"]


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "input not found" in one_line(result.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_workers_below_one_is_rejected(tmp_path: Path, workers: str) -> None:
    render_decree(default_decree(), tmp_path / "in" / "decree.pdf", "ruled")
    result = run_cli(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", workers)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "--workers" in line and "at least 1" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["notaport", "tcp://host:notaport", "tcp://host:", "host:99999", "tcp://:8786"])
def test_malformed_dask_address_is_rejected_before_any_work(tmp_path: Path, address: str) -> None:
    render_decree(default_decree(), tmp_path / "in" / "decree.pdf", "ruled")
    result = run_cli(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--dask", address, "--no-ocr")
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert repr(address) in line and "tcp://HOST:PORT" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "tls://scheduler.example:8786", "scheduler:8786",
                                     "tcp://[::1]:8786", "local"])
def test_well_formed_dask_addresses_parse(address: str) -> None:
    assert pipeline.build_parser().parse_args(["--dask", address]).dask == address


def free_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_dask_scheduler_stops_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT_S", 1.0)
    render_decree(default_decree(), tmp_path / "in" / "decree.pdf", "ruled")
    address = f"tcp://127.0.0.1:{free_port()}"
    out = tmp_path / "out"
    rc = pipeline.main([str(tmp_path / "in"), "--out", str(out), "--dask", address, "--no-ocr", "--quiet"])
    assert rc == 3
    line = one_line(capsys.readouterr().err)
    assert address in line and "could not connect" in line and "1 s" in line
    assert not out.exists()  # not even empty dataset folders


@pytest.mark.parametrize(("argv", "exit_code"), [(["--help"], 0), (["--version"], 0), (["--workers", "0"], 2),
                                                 (["--no-such-option"], 2)])
def test_help_version_and_usage_errors_import_no_heavy_library(argv: list[str], exit_code: int) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", str(PROJECT_ROOT / "pipeline.py"), *argv],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == exit_code
    assert result.stdout.strip() if exit_code == 0 else "error:" in result.stderr
    # -X importtime writes "import time: self | cumulative | module" to stderr for every module imported
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:") and "|" in line}
    assert imported and not imported & HEAVY_MODULES, sorted(imported & HEAVY_MODULES)
