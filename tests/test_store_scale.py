"""An output at archive scale: parts merged into large files, one decree replaced without rewriting its year, a
merge cut off by a crash finished by the next run, and rerun plans that hash only files whose size or mtime moved."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import default_decree, long_table_decree
from decree_pdf import render_decree

import pipeline
from extract.document import DocumentResult
from extract.settings import PIPELINE_VERSION
from store.compaction import merged_files
from store.dataset_store import DatasetStore
from store.journal import FileChanges, replay_journals
from store.schema import ALL_DATASETS

KEYS = {"decrees": ["source_path"], "positions": ["decree_id", "position_idx"],
        "indicators": ["decree_id", "position_idx", "row_idx"], "pages": ["decree_id", "page"],
        "normalizations": ["decree_id", "column", "raw_token"]}


def read(out: Path, name: str) -> pd.DataFrame:
    """A dataset read by pandas from its folder, in a stable row order, without the partition column."""
    frame = pd.read_parquet(out / f"{name}.parquet").drop(columns="decree_year")
    return frame.sort_values(KEYS[name]).reset_index(drop=True)


def decree(number: int, year: int = 2023, rows: int = 2, text: str = "Jumlah laporan") -> DocumentResult:
    """A small decree as a worker hands it over, already normalized."""
    decree_id = f"{number:064x}"
    indicators = [{"decree_id": decree_id, "position_idx": 0, "row_idx": r, "indikator_raw": f"{text} {r}",
                   "indikator": f"{text} {r}", "page": 1, "method": "text", "confidence": 1.0,
                   "table_strategy": "ruled", "stitched": False} for r in range(rows)]
    return DocumentResult(
        decree={"decree_id": decree_id, "source_path": f"d{number}.pdf", "status": "ok", "pages": 1, "text_pages": 1,
                "ocr_pages": 0, "year": year,
                "positions": 1, "indicators": rows, "pipeline_version": PIPELINE_VERSION},
        positions=[{"decree_id": decree_id, "position_idx": 0, "jabatan_raw": "CAMAT", "jabatan": "Camat"}],
        indicators=indicators, pages=[{"decree_id": decree_id, "page": 1, "method": "text"}], normalized=True)


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read(out, name) for name in ALL_DATASETS}


def test_compaction_keeps_every_row_and_leaves_no_part(tmp_path: Path) -> None:
    store = DatasetStore(tmp_path)
    store.prepare()
    for n in range(8):
        store.write(decree(n, year=2022 + n % 2))
    before = snapshot(tmp_path)
    assert store.compact(capacity=3) == 6 * len(ALL_DATASETS)  # per year: 3 decrees merged, 1 left a part
    for name in ALL_DATASETS:
        assert len(store.parts(name)) == 2
        assert [p.parent.name for p in merged_files(store.dataset_dir(name))] == ["decree_year=2022",
                                                                                   "decree_year=2023"]
        pd.testing.assert_frame_equal(read(tmp_path, name), before[name], check_dtype=False)
    assert sorted(store.done()) == sorted(f"d{n}.pdf" for n in range(8))


def test_replacing_one_decree_after_compaction_rewrites_only_the_merged_file_holding_it(tmp_path: Path) -> None:
    store = DatasetStore(tmp_path)
    store.prepare()
    for n in range(6):
        store.write(decree(n))
    store.compact(capacity=2)  # three merged files per dataset, two decrees each
    files_before = {name: set(merged_files(store.dataset_dir(name))) for name in ALL_DATASETS}

    replaced = dataclasses.replace(decree(99, rows=3, text="Persentase capaian"))
    replaced.decree.update(source_path="d4.pdf")
    DatasetStore(tmp_path).write(replaced)  # a fresh store, as the next run has

    for name in ("decrees", "positions", "indicators", "pages"):
        after = set(merged_files(store.dataset_dir(name)))
        assert len(files_before[name] - after) == 1, name  # one merged file rewritten, the other two untouched
        assert len(after - files_before[name]) == 1, name  # ... as a file holding the decree left in it
    decrees = read(tmp_path, "decrees")
    assert sorted(decrees["source_path"]) == sorted(f"d{n}.pdf" for n in range(6))
    indicators = read(tmp_path, "indicators")
    assert f"{4:064x}" not in set(indicators["decree_id"])
    assert list(indicators.query(f"decree_id == '{99:064x}'")["indikator"]) == [f"Persentase capaian {r}"
                                                                                 for r in range(3)]
    assert len(indicators) == 5 * 2 + 3


def test_a_merge_cut_off_after_its_journal_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """The crash window of a merge: merged file written, parts not yet deleted. Readers must not keep both."""
    store = DatasetStore(tmp_path)
    store.prepare()
    for n in range(3):
        store.write(decree(n))
    before = snapshot(tmp_path)
    changes = FileChanges(tmp_path)
    from store.compaction import merge_into

    for name in ALL_DATASETS:
        merge_into(changes, name, store.parts(name))
    assert changes.record() is not None  # journaled, then "killed": nothing renamed or deleted yet
    assert all(len(store.parts(name)) == 3 and not merged_files(store.dataset_dir(name)) for name in ALL_DATASETS)

    DatasetStore(tmp_path).prepare()  # the next run
    assert replay_journals(tmp_path) == 0
    for name in ALL_DATASETS:
        assert store.parts(name) == [] and len(merged_files(store.dataset_dir(name))) == 1
        pd.testing.assert_frame_equal(read(tmp_path, name), before[name], check_dtype=False)
    assert not list(tmp_path.rglob(".*.tmp-*"))


def make_archive(folder: Path) -> tuple[Path, Path]:
    ruled = render_decree(default_decree(), folder / "a" / "decree-ruled.pdf", "ruled").path
    borderless = render_decree(default_decree(), folder / "b" / "decree-borderless.pdf", "borderless").path
    return ruled, borderless


def run(src: Path, out: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert pipeline.main([str(src), "--out", str(out), "--quiet", "--no-report", *options]) == 0
    return capsys.readouterr().out


def test_compact_command_then_a_changed_file_is_replaced_as_in_a_fresh_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    ruled, _ = make_archive(src)
    run(src, out, capsys)
    assert pipeline.main(["compact", str(out)]) == 0
    assert "files merged" in capsys.readouterr().out
    assert not list(out.rglob("part-*.parquet")) and merged_files(out / "indicators.parquet")
    assert "0 extracted" in run(src, out, capsys)

    render_decree(long_table_decree(), ruled, "ruled")  # same name, new content
    assert "1 extracted" in run(src, out, capsys)
    fresh = tmp_path / "fresh"
    run(src, fresh, capsys)
    for name in ("decrees", "positions", "indicators", "pages"):
        pd.testing.assert_frame_equal(read(out, name), read(fresh, name), check_dtype=False, check_categorical=False)


def test_compact_command_on_a_folder_without_output_is_a_usage_error(tmp_path: Path) -> None:
    assert pipeline.main(["compact", str(tmp_path)]) == 2


def test_touched_file_is_not_read_again_and_a_same_size_rewrite_needs_checksum(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    ruled, _ = make_archive(src)
    run(src, out, capsys)

    later = ruled.stat().st_mtime_ns + 5 * 10**9
    os.utime(ruled, ns=(later, later))  # touched: new mtime, same bytes
    assert "0 extracted" in run(src, out, capsys)  # hashed again (mtime moved), found unchanged
    index = pd.read_parquet(out / "files.parquet").set_index("source_path")
    assert index.loc["a/decree-ruled.pdf", "modified"].value // 10**6 == later // 10**9 * 1000 + later // 10**6 % 1000

    data = bytearray(ruled.read_bytes())
    data[-2:] = b"\n\n" if data[-2:] != b"\n\n" else b"  "  # other bytes, same size
    stat = ruled.stat()
    ruled.write_bytes(bytes(data))
    os.utime(ruled, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime set back: rsync's blind spot
    assert "0 extracted" in run(src, out, capsys)
    assert "1 extracted" in run(src, out, capsys, "--checksum")


def test_report_read_in_slices_finds_what_the_whole_folder_read_finds(tmp_path: Path) -> None:
    """Slices of one decree give the findings, totals, decree lines and review rows of one whole-folder pass."""
    from report.archive_scan import scan_archive
    from report.checks import run_checks
    from report.findings import sort_findings
    from report.output_tables import load_output_tables
    from report.review_rows import select_review_rows
    from report.run_summary import decree_table, summarise_run
    from report.settings import ReportSettings

    store = DatasetStore(tmp_path)
    store.prepare()
    for n in range(6):
        result = decree(n, year=2022 + n % 2, rows=3 + n, text="Persentase" if n % 3 else "Jumlah")
        for row in result.indicators[::2]:
            row.update(method="ocr", confidence=0.3 + n / 20, formulasi_raw="A / B x 100%", formulasi="A / B x 100%")
        if n == 4:
            result.decree["indicators"] = 99  # a count mismatch: an error finding
        store.write(result)
    store.write(DocumentResult({**decree(1).decree, "source_path": "copy.pdf"}, normalized=True))  # same sha256
    store.compact(capacity=2)

    settings = ReportSettings(max_crops=4)
    tables, read_findings = load_output_tables(tmp_path)
    whole = sort_findings(read_findings + run_checks(tables, settings))
    assert {"decree.count_mismatch", "decree.duplicate_id", "row.low_ocr_confidence"} <= {f.check for f in whole}
    for slice_decrees in (1, 2, 1000):
        scan = scan_archive(tmp_path, settings, slice_decrees)
        assert scan.findings == whole, slice_decrees
        assert scan.summary == summarise_run(tables, whole)
        pd.testing.assert_frame_equal(scan.decrees, decree_table(tables, whole), check_dtype=False)
        assert (scan.review_rows, scan.flagged_rows_total) == select_review_rows(tables, whole, 4)
