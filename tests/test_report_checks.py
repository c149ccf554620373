"""The quality checks find what they should on crafted output folders, and nothing else."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_report_fixtures import (
    SERVICES,
    OutputSpec,
    clean_output,
    clean_rows,
    decree_record,
    fake_id,
    indicator_record,
    page_records,
    position_record,
)

import report.checks
from report.build import QUALITY_NAME, build_report
from report.checks import run_checks
from report.findings import CHECKS, QUALITY, Finding, format_pages
from report.output_tables import load_output_tables
from report.settings import ReportSettings
from store.schema import DESCRIPTION, description


def findings_of(spec: OutputSpec, out: Path, extra_files: dict[str, object] | None = None) -> list[Finding]:
    """Every finding (read + checks) of ``spec`` written under ``out``."""
    spec.write(out)
    for name, content in (extra_files or {}).items():
        if isinstance(content, pd.DataFrame):
            content.to_parquet(out / name) if name.endswith(".parquet") else content.to_csv(out / name, index=False)
    tables, found = load_output_tables(out)
    return found + run_checks(tables, ReportSettings())


def checks_of(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for f in findings:
        grouped.setdefault(f.check, []).append(f)
    return grouped


def one_decree(rows_by_position: dict[str, list[dict[str, Any]]], **decree_changes: Any) -> tuple[OutputSpec, str]:
    """A spec with one decree whose positions (jabatan -> rows built for that position index) are given."""
    decree_id = fake_id("one")
    spec = OutputSpec()
    positions = [position_record(decree_id, i, jabatan) for i, jabatan in enumerate(rows_by_position)]
    rows = [dict(r, decree_id=decree_id, position_idx=i) for i, rs in enumerate(rows_by_position.values()) for r in rs]
    spec.add_decree(decree_record(decree_id, "one.pdf", **decree_changes), positions, rows)
    return spec, decree_id


def row(indikator: str, formulasi: str, row_idx: int = 0, **changes: Any) -> dict[str, Any]:
    return indicator_record("x", 0, row_idx, indikator, formulasi, **changes)


GOOD = ("Persentase surat yang diarsipkan", "Jumlah surat diarsipkan berbanding jumlah surat masuk x 100%")


def test_every_check_name_is_documented_in_the_checks_docstring() -> None:
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", report.checks.__doc__ or "", re.MULTILINE))
    assert documented == set(CHECKS)


def test_position_without_indicators_once_per_position(tmp_path: Path) -> None:
    spec, decree_id = one_decree({"CAMAT": [row(*GOOD)], "KASI PEMERINTAHAN": []})
    spec.positions[1]["table_header"] = None
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"position.no_indicators"}
    (finding,) = found["position.no_indicators"]
    assert (finding.decree_id, finding.position_idx, finding.value) == (decree_id, 1, "no table")


def test_rows_without_recognised_header(tmp_path: Path) -> None:
    spec, _ = one_decree({"CAMAT": [row(*GOOD), row(*GOOD, row_idx=1, sumber_data="Agenda")]})
    spec.positions[0]["table_header"] = None
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"position.header_unrecognised"}
    assert found["position.header_unrecognised"][0].rows == ((0, 0), (0, 1))


def test_empty_cells_summarised_per_decree_and_field(tmp_path: Path) -> None:
    spec, _ = one_decree({
        "CAMAT": [row("", GOOD[1]), row(GOOD[0], "-", row_idx=1), row(*GOOD, row_idx=2, sumber_data=" ")],
        "SEKRETARIS": [row(*GOOD, sumber_data=""), row(*GOOD, row_idx=1, sasaran="")],
    })
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"row.empty_field", "row.sasaran_unfilled"}
    by_field = {(f.value or "").split(";")[0]: f for f in found["row.empty_field"]}
    assert set(by_field) == {"indikator", "formulasi", "sumber_data"}
    assert by_field["sumber_data"].rows == ((0, 2), (1, 0))
    assert by_field["sumber_data"].position_idx is None and by_field["sumber_data"].row_idx is None
    assert (by_field["indikator"].position_idx, by_field["indikator"].row_idx) == (0, 0)
    assert found["row.sasaran_unfilled"][0].rows == ((1, 1),)


@pytest.mark.parametrize(("indikator", "formulasi", "expected"), [
    ("Jumlah surat yang diarsipkan", "Jumlah surat diarsipkan berbanding jumlah surat masuk x 100%",
     "row.ratio_not_percentage"),
    ("Tingkat kehadiran rapat", "(Σ hadir / Σ undangan) x 100%", "row.ratio_not_percentage"),
    ("Terlaksananya pembinaan RT", "Jumlah RT dibina dibagi jumlah RT", "row.ratio_not_percentage"),
    ("Persentase RT yang aktif", "Jumlah RT yang aktif di wilayah kecamatan", "row.percentage_not_ratio"),
    ("Prosentase sekolah yang mengikuti lomba", "100 %", "row.percentage_not_ratio"),
    ("Prosentase SPJ yang diverifikasi", "Jumlah SPJ diverifikasi dikali 100%", None),
    ("Presentase pengaduan (%)", "Jumlah pengaduan ditindaklanjuti dibandingkan jumlah pengaduan", None),
    ("Indeks Kepuasan Masyarakat", "Jumlah nilai persepsi berbanding jumlah responden", None),
    ("Jumlah kegiatan gotong royong", "Jumlah kegiatan dalam satu tahun", None),
])
def test_ratio_and_percentage_consistency(tmp_path: Path, indikator: str, formulasi: str,
                                          expected: str | None) -> None:
    spec, _ = one_decree({"CAMAT": [row(indikator, formulasi)]})
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == ({expected} if expected else set())


def test_low_ocr_confidence_only_under_threshold(tmp_path: Path) -> None:
    spec, _ = one_decree({"LURAH": [row(*GOOD, method="ocr", confidence=0.41),
                                    row(*GOOD, row_idx=1, method="ocr", confidence=0.75),
                                    row(*GOOD, row_idx=2, method="text", confidence=0.2)]})
    other = fake_id("other scan")
    spec.add_decree(decree_record(other, "other.pdf"), [position_record(other, 0, "LURAH")],
                    [dict(r, method="ocr", confidence=c) for r, c in zip(clean_rows(other, 0, SERVICES[:2]),
                                                                           (0.52, 0.55))])
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"row.low_ocr_confidence"}
    second, first = sorted(found["row.low_ocr_confidence"], key=lambda f: f.message)
    assert (first.position_idx, first.row_idx, first.page) == (0, 0, 1)
    assert first.message == "position 0 row 0: OCR confidence under 0.60 (lowest 0.41)" and first.rows == ((0, 0),)
    assert second.message == "2 of 2 rows in 1 position: OCR confidence under 0.60 (lowest 0.52)"
    assert second.value == "p0: 0 (0.52), 1 (0.55)"
    # the review card of one row says what holds for that row, not the decree's summary line
    assert [second.reason_for(key) for key in second.rows] == ["OCR confidence 0.52, under 0.60",
                                                                "OCR confidence 0.55, under 0.60"]


def test_skipped_and_failed_pages_one_finding_each_per_decree(tmp_path: Path) -> None:
    decree_id = fake_id("scan")
    pages = page_records(decree_id, 1) + [
        {"decree_id": decree_id, "page": p, "method": "skipped", "reason": "OCR not available", "error": None}
        for p in (2, 3, 4, 5, 7)
    ] + [{"decree_id": decree_id, "page": 6, "method": "failed", "reason": "ocr", "error": "page 6: timeout"}]
    spec = OutputSpec()
    spec.add_decree(decree_record(decree_id, "scan.pdf", status="partial", pages=7, text_pages=1),
                    [position_record(decree_id, 0, "CAMAT")], clean_rows(decree_id, 0, SERVICES[:2]), pages)
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"page.skipped", "page.failed"}
    assert [f.value for f in found["page.skipped"]] == ["2-5, 7"]
    assert found["page.failed"][0].page == 6 and "timeout" in found["page.failed"][0].message


def test_metadata_missing(tmp_path: Path) -> None:
    spec, decree_id = one_decree({"CAMAT": [row(*GOOD)]}, unit_name=None, region=None)
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"decree.metadata_missing"}
    (finding,) = found["decree.metadata_missing"]
    assert finding.value == "unit_name" and "region" in finding.message and finding.decree_id == decree_id


def test_same_position_printed_twice(tmp_path: Path) -> None:
    rows = [row(*GOOD), row("Persentase arsip yang dipindai", "Jumlah arsip dipindai berbanding arsip x 100%", 1)]
    spec, _ = one_decree({"Kasubag Umum": rows, "KASUBAG  UMUM": rows, "Kasubag Keuangan": rows})
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"position.duplicate"}
    (finding,) = found["position.duplicate"]
    assert (finding.position_idx, finding.value) == (1, "0")


def test_same_decree_twice_in_the_archive(tmp_path: Path) -> None:
    spec = OutputSpec()
    same, other, copy = fake_id("same"), fake_id("other"), fake_id("copy")
    for decree_id, path, services in ((same, "a/sukamaju.pdf", SERVICES[:4]), (same, "b/sukamaju.pdf", SERVICES[:4]),
                                      (copy, "c/sukamaju-scan.pdf", SERVICES[:4]),
                                      (other, "d/lain.pdf", SERVICES[3:])):
        spec.add_decree(decree_record(decree_id, path), [position_record(decree_id, 0, "CAMAT")],
                        clean_rows(decree_id, 0, services))
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"decree.duplicate_id", "decree.near_duplicate", "contract.duplicate_key"}
    assert [f.value for f in found["decree.duplicate_id"]] == ["b/sukamaju.pdf"]
    (near,) = found["decree.near_duplicate"]
    assert near.decree_id == copy and "1.00" in near.message
    # the shared decree_id also makes the positions/indicators keys collide: the contract says so too
    assert {f.decree_id for f in found["contract.duplicate_key"]} == {same}


def test_near_duplicate_threshold(tmp_path: Path) -> None:
    spec = OutputSpec()
    for name, services in (("x", SERVICES[:5]), ("y", SERVICES[:4] + SERVICES[5:])):
        decree_id = fake_id(name)
        spec.add_decree(decree_record(decree_id, f"{name}.pdf"), [position_record(decree_id, 0, "CAMAT")],
                        clean_rows(decree_id, 0, services))
    assert findings_of(spec, tmp_path) == []  # 4 of 6 distinct services shared: similar, not the same decree


def test_decree_failed_and_counts_that_disagree(tmp_path: Path) -> None:
    spec = OutputSpec()
    bad, off = fake_id("bad"), fake_id("off")
    spec.add_decree(decree_record(bad, "bad.pdf", status="failed", error="bad.pdf: not a PDF", pages=0,
                                  text_pages=0, unit_name=None, year=None), [], [], [])
    spec.add_decree(decree_record(off, "off.pdf", positions=1, indicators=5),
                    [position_record(off, 0, "CAMAT")], clean_rows(off, 0, SERVICES[:2]), keep_counts=True)
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"decree.failed", "decree.count_mismatch"}
    assert found["decree.failed"][0].decree_id == bad and "not a PDF" in found["decree.failed"][0].message
    assert found["decree.count_mismatch"][0].value == "1/5 vs 1/2"


def test_read_every_page_but_found_no_position(tmp_path: Path) -> None:
    spec = OutputSpec()
    decree_id = fake_id("empty")
    spec.add_decree(decree_record(decree_id, "empty.pdf"), [], [])
    assert set(checks_of(findings_of(spec, tmp_path))) == {"decree.no_positions"}


def test_normalization_audit_files_are_summarised(tmp_path: Path) -> None:
    spec = clean_output()
    decree_id = spec.decrees[0]["decree_id"]
    applied = pd.DataFrame({"decree_id": [decree_id] * 3, "raw": ["Prosentase", "Presentase", "Musrembang"],
                            "canonical": ["Persentase", "Persentase", "Musrenbang"]})
    candidates = pd.DataFrame({"variant": ["kwalitas", "survey"], "canonical": ["kualitas", "survei"],
                               "count": [4, 2]})
    found = checks_of(findings_of(spec, tmp_path, {"normalizations.parquet": applied,
                                                  "variant_candidates.csv": candidates}))
    assert set(found) == {"normalize.applied", "normalize.variant_candidates"}
    (applied_finding,) = found["normalize.applied"]
    assert applied_finding.decree_id is None and applied_finding.value == "3"
    assert "in 1 decree(s)" in applied_finding.message
    assert "Persentase ×2" in applied_finding.message
    assert found["normalize.variant_candidates"][0].decree_id is None


def test_unknown_normalization_columns_are_tolerated(tmp_path: Path) -> None:
    odd = pd.DataFrame({"something": ["a"], "else": ["b"]})
    found = checks_of(findings_of(clean_output(), tmp_path, {"normalizations.parquet": odd,
                                                            "variant_candidates.csv": odd}))
    assert set(found) == {"normalize.applied"}  # counted as one change, families unknown


def test_contract_violations_become_findings(tmp_path: Path) -> None:
    spec = clean_output()
    decree_id = spec.decrees[0]["decree_id"]
    spec.decrees[0]["status"] = "done"
    spec.indicators[0]["confidence"] = 1.5
    spec.indicators[1]["box_x1"] = 10.0  # left of box_x0
    spec.indicators[2]["row_idx"] = 1  # the same key as row 1
    spec.indicators.append(indicator_record(decree_id, 7, 0, *GOOD))  # a position that does not exist
    spec.decrees[0]["indicators"] = len(spec.indicators)
    found = checks_of(findings_of(spec, tmp_path))
    assert set(found) == {"contract.value_not_allowed", "contract.value_out_of_range", "contract.duplicate_key",
                          "contract.orphan_row"}
    assert "'done'" in found["contract.value_not_allowed"][0].message
    out_of_range = {(f.value or "").split(";")[0] for f in found["contract.value_out_of_range"]}
    assert out_of_range == {"in_range(0.0, 1.0)", "ordered_box"}
    assert found["contract.orphan_row"][0].rows == ((7, 0),)
    confidence = next(f for f in found["contract.value_out_of_range"] if "confidence" in f.message)
    assert confidence.reason_for(confidence.rows[0]) == "indicators.confidence: fails in_range(0.0, 1.0): 1.5"
    assert all(f.decree_id == decree_id for fs in found.values() for f in fs)


def test_part_schema_unreadable_part_and_missing_dataset(tmp_path: Path) -> None:
    spec = clean_output()
    out = spec.write(tmp_path / "out")
    part = next((out / "indicators.parquet").rglob("part-*.parquet"))
    table = pq.read_table(part)
    table = table.drop_columns(["box_x0"]).set_column(table.schema.get_field_index("page") - 0, "page",
                                                      table.column("page").cast(pa.int64()))
    pq.write_table(table.append_column("unexpected", pa.array(["x"] * table.num_rows)), part)
    (out / "positions.parquet" / "part-9999.parquet").write_bytes(b"not parquet at all")
    for leftover in (out / "pages.parquet").glob("*"):
        leftover.unlink()
    tables, found = load_output_tables(out)
    grouped = checks_of(found)
    assert set(grouped) == {"contract.part_schema", "contract.unreadable_part", "contract.missing_dataset"}
    schema_problem = grouped["contract.part_schema"][0].value or ""
    assert "missing column box_x0" in schema_problem and "page is int64" in schema_problem
    assert "extra column(s) unexpected" in schema_problem
    assert len(tables.indicators) == 6 and tables.indicators["box_x0"].isna().all()  # conformed, not dropped
    assert str(tables.indicators["page"].dtype) == "int32[pyarrow]"


def test_quality_parquet_schema_and_order(tmp_path: Path) -> None:
    spec, _ = one_decree({"CAMAT": [row(*GOOD, status=None)], "STAFF": []}, unit_name=None)
    spec.indicators[0]["indikator"] = ""
    out = spec.write(tmp_path / "out")
    build_report(out, [])
    quality = pq.read_table(out / QUALITY_NAME)
    assert quality.schema.equals(QUALITY)
    assert quality.schema.metadata[DESCRIPTION] and [f.name for f in quality.schema if not description(f)] == []
    frame = quality.to_pandas()
    assert set(frame["severity"]) <= {"error", "warning", "info"}
    assert set(frame["check"]) <= set(CHECKS)
    assert list(frame["check"]) == ["decree.metadata_missing", "position.no_indicators", "row.empty_field"]
    assert frame.loc[2, "row_idx"] == 0 and frame.loc[2, "position_idx"] == 0


def test_format_pages() -> None:
    assert format_pages([7, 2, 3, 4, 9, 10]) == "2-4, 7, 9-10"
    assert format_pages([]) == ""


def test_settings_validate_themselves() -> None:
    with pytest.raises(ValueError):
        ReportSettings(low_confidence=1.5)
    with pytest.raises(ValueError):
        ReportSettings(crop_dpi=10)


def test_nulls_in_every_column_are_reported_not_raised(tmp_path: Path) -> None:
    spec = clean_output()
    decree_id = spec.decrees[0]["decree_id"]
    spec.decrees.append(decree_record(fake_id("null"), "null.pdf", status=None, pages=None, year=None,
                                      positions=None, indicators=None))
    spec.decrees[0]["status"] = None
    for column in ("position_idx", "row_idx", "page", "method", "confidence", "indikator", "box_x0"):
        spec.indicators[0][column] = None
    spec.positions[1]["position_idx"] = None
    spec.pages[0].update(page=None, method=None)
    out = spec.write(tmp_path / "out")
    build_report(out, [tmp_path])
    frame = pq.read_table(out / QUALITY_NAME).to_pandas()
    null_columns = {m.split(":")[0] for m in frame.loc[frame["check"] == "contract.null_value", "message"]}
    assert null_columns >= {"decrees.status", "decrees.pages", "indicators.position_idx", "indicators.row_idx",
                            "indicators.page", "indicators.method", "indicators.confidence", "positions.position_idx",
                            "pages.page", "pages.method"}
    assert decree_id in set(frame["decree_id"])
