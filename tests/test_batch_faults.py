"""Faults an archive brings, each made for real: a pool worker killed mid-file, a page too big for the memory
limit, byte-identical files under many names, two runs on one output folder, a killed parent. Every run is
the CLI in a fresh process; every PDF is rendered at test time."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, camat_position, sukamaju_decree
from decree_pdf import rasterize_pdf, render_decree
from raw_pdf import deflated_spaces, pdf_of_objects, stream_object

from batch.worker import CRASH_HOOK_ENV


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python pipeline.py ARGS`` in a fresh interpreter, with extra environment variables."""
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


def distinct_decrees(folder: Path, count: int) -> list[Path]:
    """``count`` small decrees (one position, one page) with different bytes (a different number each)."""
    paths = []
    for i in range(count):
        spec = dataclasses.replace(sukamaju_decree((camat_position(),)), decree_number=f"800/{i + 1}/KEC.SKM/2024")
        paths.append(render_decree(spec, folder / f"decree-{i}.pdf", "ruled").path)
    return paths


def decrees_by_path(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "decrees.parquet").set_index("source_path")


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


def test_a_killed_worker_costs_its_file_not_the_run(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 5)
    result = run_cli(str(src), "--out", str(out), "--workers", "2", "--no-ocr", "--no-report", "--quiet",
                     env={CRASH_HOOK_ENV: "decree-2"})
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    decrees = decrees_by_path(out)
    assert sorted(decrees.index) == [f"decree-{i}.pdf" for i in range(5)]
    assert set(decrees.drop("decree-2.pdf")["status"]) == {"ok"}
    dead = decrees.loc["decree-2.pdf"]
    assert dead["status"] == "failed"
    assert dead["error"] == "decree-2.pdf: worker died: killed by signal 9 (SIGKILL)"


def huge_page_pdf(path: Path, side_pt: float = 20000) -> Path:
    """A one-page scan-like PDF whose page is ``side_pt`` points square (an image, no text): rendered for OCR at
    300 dpi it would be 83,333 pixels square."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    speckle = Image.effect_noise((64, 64), 64).convert("L")
    page = canvas.Canvas(str(path), pagesize=(side_pt, side_pt))
    page.drawInlineImage(speckle, 0, 0, side_pt, side_pt)
    page.showPage()
    page.save()
    return path


def huge_image_pdf(path: Path, side_px: int = 20000) -> Path:
    """An A4 page showing one grey image of ``side_px`` x ``side_px`` pixels (400 Mpx at 20000; a 1.6 MB file)."""
    import zlib

    row = bytes(range(256)) * (side_px // 256) + bytes(side_px % 256)
    deflate = zlib.compressobj(1)
    pixels = b"".join([deflate.compress(row) for _ in range(side_px)] + [deflate.flush()])
    image = stream_object(pixels, b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
                                  b"/BitsPerComponent 8/Filter/FlateDecode" % (side_px, side_px))
    path.write_bytes(pdf_of_objects([
        b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im0 5 0 R>>>>/Contents 4 0 R>>",
        stream_object(b"q 595 0 0 842 0 0 cm /Im0 Do Q"), image]))
    return path


def inflating_pdf(path: Path, inflated_gib: float) -> Path:
    """A decompression bomb: one page whose content stream is about 1 MB of Flate per GiB of spaces it inflates
    to."""
    content = stream_object(deflated_spaces(int(inflated_gib * 1024)), b"/Filter/FlateDecode")
    path.write_bytes(pdf_of_objects([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                     b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>", content]))
    return path


def test_a_bomb_and_huge_images_fail_under_the_memory_limit_and_the_good_files_go_on(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    first, _ = distinct_decrees(src, 2)
    rasterize_pdf(first, src / "scan.pdf", dpi=200)  # OCR'd under the limit too
    huge_page_pdf(src / "huge-page.pdf")
    huge_image_pdf(src / "huge-image.pdf")
    inflating_pdf(src / "bomb.pdf", 1)
    result = run_cli(str(src), "--out", str(out), "--workers", "2", "--max-memory", "2.5G", "--no-report", "--quiet")
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    decrees = decrees_by_path(out)
    assert list(decrees.loc[["decree-0.pdf", "decree-1.pdf", "scan.pdf"], "status"]) == ["ok", "ok", "ok"]
    assert decrees.loc["scan.pdf", "ocr_pages"] >= 1
    assert list(decrees.loc[["huge-page.pdf", "huge-image.pdf", "bomb.pdf"], "status"]) == ["failed"] * 3
    assert "page 1 image would exceed the memory limit" in decrees.loc["huge-page.pdf", "error"]
    assert decrees.loc["huge-image.pdf", "error"] == ("huge-image.pdf: page 1 image would exceed the memory limit: "
                                                      "its embedded image (400 Mpx), budget 168 Mpx")
    # the bomb is refused before any library inflates it: no worker dies for it
    assert decrees.loc["bomb.pdf", "error"] == ("bomb.pdf: page 1 content exceeds the memory limit: its streams "
                                                "inflate to more than 160M (a decompression bomb)")
    assert_unique_keys(out)


def test_a_run_under_ulimit_v_bounds_its_workers_by_it(tmp_path: Path) -> None:
    import resource

    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 1)
    huge_image_pdf(src / "huge-image.pdf")
    inflating_pdf(src / "bomb.pdf", 1)

    def ulimit_v() -> None:  # `ulimit -v 2621440`: 2.5 GiB of address space for the run and all it starts
        resource.setrlimit(resource.RLIMIT_AS, (5 << 29, 5 << 29))

    result = subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), str(src), "--out", str(out),
                             "--workers", "2", "--no-report", "--quiet"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=300, preexec_fn=ulimit_v)
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    decrees = decrees_by_path(out)
    assert decrees.loc["decree-0.pdf", "status"] == "ok"
    # the budgets come from the 2.5G the kernel grants, not from a default share of the machine's RAM
    assert decrees.loc["bomb.pdf", "error"].endswith("inflate to more than 160M (a decompression bomb)")
    assert decrees.loc["huge-image.pdf", "error"].endswith("budget 168 Mpx")


def test_max_memory_below_what_a_worker_needs_is_a_usage_error(tmp_path: Path) -> None:
    distinct_decrees(tmp_path / "in", 1)
    result = run_cli(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--max-memory", "200M")
    assert result.returncode == 2
    assert "--max-memory" in result.stderr and "at least 1.5G" in result.stderr
    assert not (tmp_path / "out").exists()


def children_of(pid: int) -> set[int]:
    """The live descendants of ``pid``: its children, theirs … (Linux /proc); pool workers are forked by a fork
    server, a child of the run."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
        found |= children
        for child in children:
            found |= children_of(child)
    return found


def is_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(PROJECT_ROOT / "pipeline.py"), *args], cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    src = tmp_path / "in"
    distinct_decrees(src, 6)
    run = start_cli(str(src), "--out", str(tmp_path / "out"), "--workers", "2", "--no-ocr", "--no-report")
    wait_for(lambda: any((tmp_path / "out" / "decrees.parquet").rglob("part-*.parquet")))  # workers at work
    workers = children_of(run.pid)
    os.kill(run.pid, signal.SIGKILL)  # the parent alone, as the OOM killer or `kill -9 PID` does
    run.wait()
    try:
        wait_for(lambda: not any(is_alive(pid) for pid in workers), seconds=10)
    finally:  # never leave an orphan behind, even when the test fails
        for pid in filter(is_alive, workers):
            os.kill(pid, signal.SIGKILL)


def pool_workers(run_pid: int) -> set[int]:
    """The run's pool workers: the children of its fork server (a child of the run; the workers' command lines
    name the fork server too, being forked from it)."""
    for task in Path(f"/proc/{run_pid}/task").glob("*"):
        try:
            for child in map(int, (task / "children").read_text().split()):
                if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return children_of(child)  # --no-ocr: a worker starts no Tesseract of its own
        except OSError:
            continue
    return set()


def test_a_pool_worker_killed_from_outside_mid_run_costs_no_file(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 10)
    run = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "pipeline.py"), str(src), "--out", str(out),
                            "--workers", "2", "--no-ocr", "--no-report", "--quiet"], cwd=PROJECT_ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: any((out / "decrees.parquet").rglob("part-*.parquet")) and len(pool_workers(run.pid)) == 2)
    everyone = children_of(run.pid)
    os.kill(min(pool_workers(run.pid)), signal.SIGKILL)  # as `kill -9 $(pgrep -P FORKSERVER)` or the OOM killer
    killed_mid_run = run.poll() is None
    stdout, stderr = run.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert killed_mid_run and run.returncode == 0, stderr
    assert stdout.startswith("10 extracted")  # the files the dead pool held were read again alone, and read
    decrees = decrees_by_path(out)
    assert sorted(decrees.index) == [f"decree-{i}.pdf" for i in range(10)] and set(decrees["status"]) == {"ok"}
    assert_unique_keys(out)
    wait_for(lambda: not any(is_alive(pid) for pid in everyone), seconds=10)  # no orphan


def test_one_worker_writes_each_decree_as_it_finishes(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 8)
    run = start_cli(str(src), "--out", str(out), "--workers", "1", "--no-ocr", "--no-report")
    wait_for(lambda: any((out / "decrees.parquet").rglob("part-*.parquet")))
    written_while_running = len(list((out / "decrees.parquet").rglob("part-*.parquet")))
    still_running = run.poll() is None
    assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    assert still_running and written_while_running < 8


def assert_unique_keys(out: Path) -> None:
    for name, key in (("decrees", ["decree_id"]), ("positions", ["decree_id", "position_idx"]),
                      ("indicators", ["decree_id", "position_idx", "row_idx"])):
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert len(frame) > 0 and not frame.duplicated(key).any(), name


def test_identical_files_are_read_once_and_every_path_is_recorded(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    original, other = distinct_decrees(src, 2)
    for i in range(4):
        copy = src / f"copies/{i}/same-{i}.pdf"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(original.read_bytes())
    result = run_cli(str(src), "--out", str(out), "--workers", "2", "--no-ocr", "--no-report")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "2 extracted" in result.stdout and "4 duplicates" in result.stdout
    identical = ["decree-0.pdf"] + [f"copies/{i}/same-{i}.pdf" for i in range(4)]
    read_once = "copies/0/same-0.pdf"  # the first in input order (sorted paths)
    assert sorted(decrees_by_path(out).index) == [read_once, "decree-1.pdf"]
    assert_unique_keys(out)
    files = pd.read_parquet(out / "files.parquet").set_index("source_path")
    assert sorted(files.index) == sorted(identical + ["decree-1.pdf"])
    assert set(files.loc[[p for p in identical if p != read_once], "duplicate_of"]) == {read_once}
    assert files.loc[[read_once, "decree-1.pdf"], "duplicate_of"].isna().all()
    assert files.loc[identical, "decree_id"].nunique() == 1
    assert files.loc["decree-0.pdf", "size_bytes"] == original.stat().st_size

    other.write_bytes(original.read_bytes())  # a decree read on its own before now duplicates another
    rerun = run_cli(str(src), "--out", str(out), "--workers", "2", "--no-ocr", "--no-report")
    assert rerun.returncode == 0 and rerun.stdout.startswith("0 extracted"), rerun.stdout + rerun.stderr
    assert list(decrees_by_path(out).index) == [read_once]
    assert_unique_keys(out)
    files = pd.read_parquet(out / "files.parquet").set_index("source_path")
    assert len(files) == 6 and files.loc["decree-1.pdf", "duplicate_of"] == read_once


def test_a_second_run_on_a_busy_output_folder_stops_at_once_and_touches_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 16)  # enough that the first run is still writing when the second one has stopped
    first = start_cli(str(src), "--out", str(out), "--workers", "1", "--no-ocr", "--no-report", "--quiet")
    lock = out / ".iki-pipeline.lock"
    wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid))
    second = run_cli(str(src), "--out", str(out), "--workers", "1", "--no-ocr", "--no-report", "--force")
    first_still_running = first.poll() is None
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert lines == [f"error: another run is writing to {out} (pid {first.pid}); wait for it or use another --out"]
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert first_still_running
    decrees = decrees_by_path(out)
    assert sorted(decrees.index) == sorted(f"decree-{i}.pdf" for i in range(16)) and set(decrees["status"]) == {"ok"}
    assert_unique_keys(out)
    third = run_cli(str(src), "--out", str(out), "--workers", "1", "--no-ocr", "--no-report")  # lock released
    assert third.returncode == 0 and third.stdout.startswith("0 extracted"), third.stderr


def test_ctrl_c_ends_with_one_line_and_exit_130_and_a_rerun_resumes(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 6)
    run = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "pipeline.py"), str(src), "--out", str(out),
                            "--workers", "2", "--no-ocr", "--no-report", "--quiet"], cwd=PROJECT_ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_for(lambda: any((out / "decrees.parquet").rglob("part-*.parquet")))
    workers = children_of(run.pid)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground process group
    _, stderr = run.communicate(timeout=60)
    written = len(list((out / "decrees.parquet").rglob("part-*.parquet")))
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines() == [f"interrupted — {written} decrees written, rerun to resume"]
    wait_for(lambda: not any(is_alive(pid) for pid in workers), seconds=10)
    rerun = run_cli(str(src), "--out", str(out), "--workers", "2", "--no-ocr", "--no-report", "--quiet")
    assert rerun.returncode == 0 and rerun.stdout.startswith(f"{6 - written} extracted"), rerun.stderr
    assert set(decrees_by_path(out)["status"]) == {"ok"} and len(decrees_by_path(out)) == 6


def test_prune_with_an_empty_input_folder_refuses_and_keeps_the_output(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 1)
    assert run_cli(str(src), "--out", str(out), "--no-ocr", "--no-report", "--quiet").returncode == 0
    for pdf in src.glob("*.pdf"):  # an unmounted share looks like an empty folder
        pdf.unlink()
    result = run_cli(str(src), "--out", str(out), "--prune", "--no-ocr", "--no-report")
    assert result.returncode == 2 and "no PDF found" in result.stderr
    assert list(decrees_by_path(out).index) == ["decree-0.pdf"]


def test_a_file_that_kills_its_dask_workers_is_failed_and_the_run_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 2)
    result = run_cli(str(src), "--out", str(out), "--workers", "2", "--dask", "local", "--no-ocr", "--no-report",
                     "--quiet", env={CRASH_HOOK_ENV: "decree-1"})
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    decrees = decrees_by_path(out)
    assert decrees.loc["decree-0.pdf", "status"] == "ok" and decrees.loc["decree-1.pdf", "status"] == "failed"
    assert decrees.loc["decree-1.pdf", "error"].startswith("decree-1.pdf: worker died: KilledWorker")


def test_a_report_that_does_not_fit_leaves_no_temp_file(tmp_path: Path) -> None:
    import resource

    src, out = tmp_path / "in", tmp_path / "out"
    distinct_decrees(src, 1)
    assert run_cli(str(src), "--out", str(out), "--no-ocr", "--no-report", "--quiet").returncode == 0

    def small_disk() -> None:  # files past 8 KiB fail with EFBIG, as on a full disk (report.html: ~18 KiB)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 10, 8 << 10))

    result = subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), "report", str(out)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, preexec_fn=small_disk)
    assert result.returncode == 4, result.stderr
    assert_no_traceback(result)
    assert "report.html" in result.stderr and "File too large" in result.stderr
    assert not list(out.glob(".*.tmp-*")) and not (out / "report.html").exists()


def test_a_dask_scheduler_without_workers_stops_the_run_with_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    import pipeline
    from batch import executors

    pytest.importorskip("distributed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scheduler = subprocess.Popen([str(Path(sys.executable).parent / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    try:
        def answers() -> bool:
            with socket.socket() as client:
                return client.connect_ex(("127.0.0.1", port)) == 0

        wait_for(answers, seconds=60)
        monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT_S", 1.0)
        distinct_decrees(tmp_path / "in", 1)
        address = f"tcp://127.0.0.1:{port}"
        rc = pipeline.main([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--dask", address, "--no-ocr",
                            "--quiet"])
        err = capsys.readouterr().err
        assert rc == 3
        assert err.strip().splitlines() == [f"error: the Dask scheduler at {address} has no worker (waited 1 s); "
                                            f"start workers with: dask worker {address}"]
        assert not (tmp_path / "out").exists()
    finally:
        scheduler.kill()
        scheduler.wait()


def test_dask_results_once_read_are_released_so_a_lost_worker_costs_no_recomputation(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from batch.executors import open_dask_client, open_results
    from batch.inputs import InputFile
    from batch.worker import WorkerLimits
    from extract.settings import Settings

    files = [InputFile(path, path.name) for path in distinct_decrees(tmp_path / "in", 4)]
    with open_dask_client(2, "local") as client, \
            open_results(files, Settings(ocr=False), WorkerLimits(), 2, client) as results:
        scheduler = client.cluster.scheduler  # a LocalCluster's scheduler runs in this process
        read = [next(results) for _ in files]  # every result, the generator still open as in a run
        assert sorted(r.decree["source_path"] for r in read) == sorted(f.source_path for f in files)
        wait_for(lambda: not scheduler.tasks)  # nothing of ours left in the cluster's memory
        workers = client.run(os.getpid)
        lost, pid = next(iter(workers.items()))
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: lost not in scheduler.workers)
        assert not scheduler.tasks  # the scheduler has nothing to compute again
        assert list(results) == []
