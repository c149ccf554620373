"""Batch runs over archives: bad inputs isolated, incremental reruns, crash safety, Dask, exit codes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, default_decree, long_table_decree
from decree_pdf import render_decree
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

import pipeline

SORT = ["source_path"]


def read(out: Path, name: str) -> pd.DataFrame:
    """A dataset as a frame in a stable row order (parts arrive in any order)."""
    frame = pd.read_parquet(out / f"{name}.parquet")
    keys = {"decrees": ["source_path"], "positions": ["decree_id", "position_idx"],
            "indicators": ["decree_id", "position_idx", "row_idx"], "pages": ["decree_id", "page"]}[name]
    return frame.sort_values(keys).reset_index(drop=True)


def make_archive(folder: Path, copies: int = 1) -> list[Path]:
    """A few distinct decrees in a nested folder (different specs and styles give different bytes)."""
    paths = []
    for i in range(copies):
        for style in ("ruled", "borderless"):
            spec = default_decree()
            if i:
                spec = dataclasses.replace(spec, decree_number=f"800/{i}/KEC.SKM/2024")
            paths.append(render_decree(spec, folder / f"batch{i}" / f"decree-{style}.pdf", style).path)
    return paths


def encrypted_pdf(path: Path, user_password: str) -> Path:
    """A one-page encrypted PDF (an empty user password opens without asking)."""
    enc = StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=1)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=enc)
    c.drawString(72, 760, "INDIKATOR KINERJA INDIVIDU")
    c.showPage()
    c.save()
    return path


ZERO_PAGE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                 b"trailer<</Root 1 0 R>>\n%%EOF\n")


def test_bad_inputs_each_fail_alone_with_one_line_reason(tmp_path: Path) -> None:
    src = tmp_path / "in"
    good = render_decree(default_decree(), src / "good.pdf", "ruled").path
    data = good.read_bytes()
    (src / "not-a-pdf.pdf").write_text("Keputusan Camat, typed in a word processor and saved as .pdf by hand")
    (src / "empty.pdf").write_bytes(b"")
    (src / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (src / "zero-pages.pdf").write_bytes(ZERO_PAGE_PDF)
    xref_at = data.rfind(b"startxref")
    (src / "broken-xref.pdf").write_bytes(data[:xref_at] + b"startxref\n999999999\n%%EOF\n")
    encrypted_pdf(src / "encrypted-user-password.pdf", "s3cret")
    encrypted_pdf(src / "encrypted-no-user-password.pdf", "")
    out = tmp_path / "out"
    rc = pipeline.main([str(src), "--out", str(out), "--workers", "2", "--quiet"])
    decrees = read(out, "decrees").set_index("source_path")
    assert rc == 1
    assert decrees.loc["good.pdf", "status"] == "ok" and decrees.loc["good.pdf", "indicators"] > 0
    for name in ("not-a-pdf.pdf", "empty.pdf", "truncated.pdf", "zero-pages.pdf", "encrypted-user-password.pdf"):
        error = decrees.loc[name, "error"]
        assert decrees.loc[name, "status"] == "failed", name
        assert error and "\n" not in error and name in error, (name, error)
    assert "password" in decrees.loc["encrypted-user-password.pdf", "error"]
    assert "empty" in decrees.loc["empty.pdf", "error"] and "not a PDF" in decrees.loc["not-a-pdf.pdf", "error"]
    # readable despite the damage: pdfminer rebuilds a broken xref; an empty user password needs no prompt
    assert decrees.loc["broken-xref.pdf", "status"] == "ok"
    assert decrees.loc["encrypted-no-user-password.pdf", "status"] in ("ok", "partial")


def test_page_time_limit_marks_pages_failed_and_keeps_going(tmp_path: Path) -> None:
    src = tmp_path / "in"
    render_decree(default_decree(), src / "slow.pdf", "ruled")
    out = tmp_path / "out"
    rc = pipeline.main([str(src), "--out", str(out), "--workers", "1", "--quiet", "--page-timeout", "0.000001"])
    decree = read(out, "decrees").iloc[0]
    pages = read(out, "pages")
    assert rc == 1 and decree["status"] == "partial"
    assert "took longer than" in decree["error"] and "slow.pdf page 1" in decree["error"]
    assert set(pages["method"]) == {"failed"}


def test_rerun_with_nothing_changed_processes_zero_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    make_archive(src)
    out = tmp_path / "out"
    assert pipeline.main([str(src), "--out", str(out), "--quiet"]) == 0
    first = read(out, "indicators")
    capsys.readouterr()
    report_written = (out / "report.html").stat().st_mtime_ns
    assert pipeline.main([str(src), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "0 extracted" in printed
    pd.testing.assert_frame_equal(first, read(out, "indicators"))
    # nothing changed: the review file and the report are not rebuilt
    assert "report:" not in printed and (out / "report.html").stat().st_mtime_ns == report_written
    # a report missing, or older than the datasets (a run cut off before writing it), is rebuilt
    (out / "report.html").unlink()
    assert pipeline.main([str(src), "--out", str(out), "--quiet"]) == 0
    assert "report:" in capsys.readouterr().out and (out / "report.html").exists()


def test_changed_file_replaces_its_rows_and_prune_drops_removed_ones(tmp_path: Path) -> None:
    src = tmp_path / "in"
    ruled, borderless = make_archive(src)
    out = tmp_path / "out"
    pipeline.main([str(src), "--out", str(out), "--quiet"])
    old_id = read(out, "decrees").set_index("source_path").loc["batch0/decree-ruled.pdf", "decree_id"]
    render_decree(long_table_decree(), ruled, "ruled")  # same name, new content
    pipeline.main([str(src), "--out", str(out), "--quiet"])
    decrees = read(out, "decrees").set_index("source_path")
    new_id = decrees.loc["batch0/decree-ruled.pdf", "decree_id"]
    assert new_id != old_id and old_id not in set(read(out, "indicators")["decree_id"])
    assert any(read(out, "positions").query("decree_id == @new_id")["jabatan_raw"] == "LURAH")
    borderless.unlink()
    pipeline.main([str(src), "--out", str(out), "--quiet"])
    assert "batch0/decree-borderless.pdf" in set(read(out, "decrees")["source_path"])  # kept without --prune
    pipeline.main([str(src), "--out", str(out), "--quiet", "--prune"])
    assert set(read(out, "decrees")["source_path"]) == {"batch0/decree-ruled.pdf"}


def test_datasets_are_partitioned_by_year_and_a_decree_moves_when_its_year_changes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    ruled, _ = make_archive(src)
    out = tmp_path / "out"
    pipeline.main([str(src), "--out", str(out), "--quiet"])
    for name in ("decrees", "positions", "indicators", "pages", "normalizations"):
        assert [p.name for p in (out / f"{name}.parquet").iterdir()] == ["decree_year=2024"], name
    spec = dataclasses.replace(default_decree(), decree_date=dt.date(2023, 3, 1), decree_number="800/1/KEC/2023")
    render_decree(spec, ruled, "ruled")  # same file, now a 2023 decree
    pipeline.main([str(src), "--out", str(out), "--quiet"])
    decrees = read(out, "decrees")
    assert sorted(zip(decrees["source_path"], decrees["decree_year"].astype(int))) == [
        ("batch0/decree-borderless.pdf", 2024), ("batch0/decree-ruled.pdf", 2023)]
    assert len(list((out / "indicators.parquet").rglob("part-*.parquet"))) == 2  # moved, not copied
    only_2023 = pd.read_parquet(out / "indicators.parquet", filters=[("decree_year", "=", 2023)])
    assert set(only_2023["decree_id"]) == set(decrees.query("decree_year == 2023")["decree_id"])


def test_duckdb_and_polars_read_the_same_rows_as_pandas(tmp_path: Path) -> None:
    import duckdb
    import polars as pl

    src, out = tmp_path / "in", tmp_path / "out"
    make_archive(src)
    pipeline.main([str(src), "--out", str(out), "--quiet", "--no-report"])
    for name in ("decrees", "positions", "indicators"):
        frame = read(out, name)
        glob = str(out / f"{name}.parquet" / "*" / "*.parquet")
        in_duckdb = duckdb.sql(f"SELECT decree_id, decree_year FROM read_parquet('{glob}', hive_partitioning = true)")
        in_polars = pl.read_parquet(glob, hive_partitioning=True)
        assert len(in_duckdb.fetchall()) == len(in_polars) == len(frame) > 0
        assert sorted(in_polars["decree_id"].to_list()) == sorted(frame["decree_id"])


def test_sigkill_then_rerun_gives_the_same_datasets(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_archive(src, copies=4)
    reference = tmp_path / "reference"
    assert pipeline.main([str(src), "--out", str(reference), "--quiet", "--workers", "1"]) == 0
    out = tmp_path / "out"
    cmd = [sys.executable, str(PROJECT_ROOT / "pipeline.py"), str(src), "--out", str(out), "--workers", "1",
           "--quiet"]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "decrees.parquet").rglob("part-*"))) < 2:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "decrees.parquet").rglob("part-*")))
    assert 0 < done_before < 8, "the kill must land part-way through the run"
    assert pipeline.main([str(src), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    for name in ("decrees", "positions", "indicators", "pages"):
        pd.testing.assert_frame_equal(read(out, name), read(reference, name), check_like=True)


def test_dask_local_cluster_gives_the_same_rows(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src = tmp_path / "in"
    make_archive(src)
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    assert pipeline.main([str(src), "--out", str(local), "--quiet", "--workers", "2"]) == 0
    assert pipeline.main([str(src), "--out", str(dask_out), "--quiet", "--workers", "2", "--dask", "local"]) == 0
    for name in ("decrees", "positions", "indicators"):
        pd.testing.assert_frame_equal(read(local, name), read(dask_out, name))


def test_unwritable_output_stops_with_exit_code_4(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_archive(src)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert pipeline.main([str(src), "--out", str(blocker / "out"), "--quiet"]) == 4
