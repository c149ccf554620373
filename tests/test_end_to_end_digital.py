"""End to end on digital PDFs: decrees rendered at test time go through ``pipeline.main``; the Parquet output
is compared with the truth they were rendered from, row by row and exactly.

Text is compared after :func:`squash` (whitespace runs inside a line collapsed to one space, blank lines
dropped): wrapped lines are joined with a space and paragraphs with ``\\n``, so line breaks that separate
paragraphs still count. Page numbers are 1-based, like pdfplumber's ``page.page_number``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from decree_pdf import (
    STYLES,
    DecreeSpec,
    RenderedDecree,
    TableStyleName,
    expected_decree,
    expected_rows,
    nip_digits,
    render_decree,
)

from normalize.variant_discovery import VariantCandidate

OUTPUT_TABLES = ("decrees", "positions", "indicators", "normalizations")
RAW_COLUMNS = ("sasaran_raw", "indikator_raw", "formulasi_raw", "sumber_data_raw")
NORMALIZED_COLUMNS = ("sasaran", "indikator", "formulasi", "sumber_data")
# The only spelling variant printed in the fixtures, and its canonical form (see DOMAIN.md).
VARIANT_FIXES = {"Prosentase": "Persentase"}

VARIANT_CANDIDATE_HEADER = [f.name for f in fields(VariantCandidate)]

Row = tuple[str, ...]


@dataclass(frozen=True)
class PipelineOutput:
    """What one ``pipeline.main`` run returned and wrote, as pyarrow tables and plain rows."""

    rc: int
    tables: dict[str, pa.Table]
    candidates_header: list[str]

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of one output table as dicts."""
        return self.tables[name].to_pylist()

    def decree(self, source_path: str) -> dict[str, Any]:
        """The decrees row of one input file (path relative to the input root, with ``/``)."""
        matches = [row for row in self.rows("decrees") if row["source_path"] == source_path]
        assert len(matches) == 1, [row["source_path"] for row in self.rows("decrees")]
        return matches[0]

    def positions(self, decree_id: str) -> list[dict[str, Any]]:
        """The positions of one decree, in position_idx order."""
        rows = [row for row in self.rows("positions") if row["decree_id"] == decree_id]
        return sorted(rows, key=lambda row: row["position_idx"])

    def indicators(self, decree_id: str, position_idx: int) -> list[dict[str, Any]]:
        """The indicator rows of one position, in row_idx order."""
        rows = [row for row in self.rows("indicators")
                if row["decree_id"] == decree_id and row["position_idx"] == position_idx]
        return sorted(rows, key=lambda row: row["row_idx"])


@dataclass(frozen=True)
class DigitalRun:
    """One decree rendered in one style and run through the pipeline on its own."""

    spec: DecreeSpec
    rendered: RenderedDecree
    source_path: str
    output: PipelineOutput

    @property
    def decree(self) -> dict[str, Any]:
        """The decree's row in decrees.parquet."""
        return self.output.decree(self.source_path)

    @property
    def decree_id(self) -> str:
        """sha256 of the rendered file."""
        return hashlib.sha256(self.rendered.path.read_bytes()).hexdigest()


def run_pipeline(input_dir: Path, out_dir: Path) -> PipelineOutput:
    """Run the pipeline's entry point on a folder and read back its three Parquet outputs."""
    import pipeline  # imported here: a missing or broken pipeline fails each test, not the collection

    rc = pipeline.main([str(input_dir), "--out", str(out_dir)])
    tables = {name: pq.read_table(out_dir / f"{name}.parquet") for name in OUTPUT_TABLES}
    with (out_dir / "variant_candidates.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    return PipelineOutput(rc=rc, tables=tables, candidates_header=header)


def render_and_run(root: Path, spec: DecreeSpec, style: TableStyleName, landscape_page: bool = False) -> DigitalRun:
    """Render one decree into ``root/input`` and run the pipeline on that folder."""
    name = f"sukamaju-{style}{'-landscape' if landscape_page else ''}.pdf"
    rendered = render_decree(spec, root / "input" / name, style, landscape_page=landscape_page)
    return DigitalRun(spec, rendered, name, run_pipeline(root / "input", root / "out"))


def squash(text: str | None) -> str | None:
    """Collapse whitespace runs inside each line to one space and drop blank lines; keep the line breaks."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def squash_row(values: tuple[str | None, ...]) -> Row:
    """A row of texts, each squashed (None kept as "" so a missing cell shows in the diff)."""
    return tuple(squash(value) or "" for value in values)


def raw_rows(indicator_rows: list[dict[str, Any]]) -> list[Row]:
    """The raw (as printed) columns of indicator rows, squashed."""
    return [squash_row(tuple(row[column] for column in RAW_COLUMNS)) for row in indicator_rows]


def normalize_variants(text: str) -> str:
    """The canonical spelling of the fixture text (its only variant replaced)."""
    for variant, canonical in VARIANT_FIXES.items():
        text = text.replace(variant, canonical)
    return text


def stitched_rows(run: DigitalRun) -> set[tuple[int, int]]:
    """(position_idx, row_idx) of the rows indicators.stitched marks."""
    return {(row["position_idx"], row["row_idx"]) for row in run.output.rows("indicators") if row["stitched"]}


def printed_cut_rows(run: DigitalRun) -> set[tuple[int, int]]:
    """(position, row) of every row the renderer cut at a page break."""
    return {(position, row) for position in range(len(run.spec.positions))
            for row in run.rendered.cut_rows(position)}


def assert_rows_exact(run: DigitalRun) -> None:
    """Every position's indicator rows equal the truth (raw columns, squashed), in order, none extra."""
    for position_idx, truth in enumerate(expected_rows(run.spec)):
        actual = run.output.indicators(run.decree_id, position_idx)
        assert raw_rows(actual) == [squash_row(row) for row in truth], run.spec.positions[position_idx].jabatan
        assert [row["row_idx"] for row in actual] == list(range(len(truth)))
    assert {row["position_idx"] for row in run.output.rows("indicators")} <= set(range(len(run.spec.positions)))


# ---------------------------------------------------------------------------------------------------------
# The default decree, in each table style
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=STYLES)
def default_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                decree_spec: DecreeSpec) -> DigitalRun:
    """The default decree rendered in one style (ruled, borderless, partial) and run through the pipeline."""
    return render_and_run(tmp_path_factory.mktemp(f"default-{request.param}"), decree_spec, request.param)


def test_digital_decree_is_ok(default_run: DigitalRun) -> None:
    decree = default_run.decree
    assert default_run.output.rc == 0
    assert len(default_run.output.rows("decrees")) == 1
    assert (decree["status"], decree["error"]) == ("ok", None)
    assert decree["decree_id"] == default_run.decree_id
    assert decree["pages"] == decree["text_pages"] == default_run.rendered.page_count
    assert decree["ocr_pages"] == 0
    assert decree["pipeline_version"]


def test_decree_metadata(default_run: DigitalRun) -> None:
    truth = expected_decree(default_run.spec)
    decree = default_run.decree
    fields = ("unit_type", "unit_name", "region", "decree_number", "year", "signatory_nip")
    assert {field: decree[field] for field in fields} == {field: truth[field] for field in fields}
    assert decree["signatory_nip"] == "197001011990031002" == nip_digits(default_run.spec.signatory_nip)
    # a timestamp at midnight, so that pandas reads datetime64
    assert decree["decree_date"] == dt.datetime.combine(truth["decree_date"], dt.time()) == dt.datetime(2024, 4, 1)


def test_signatory_name_as_printed(default_run: DigitalRun) -> None:
    assert squash(default_run.decree["signatory_name"]) == default_run.spec.signatory_name


def test_positions_in_document_order(default_run: DigitalRun) -> None:
    positions = default_run.output.positions(default_run.decree_id)
    assert [row["position_idx"] for row in positions] == list(range(len(default_run.spec.positions)))
    assert [squash(row["jabatan_raw"]) for row in positions] == [p.jabatan for p in default_run.spec.positions]
    assert all(row["jabatan"] for row in positions)


def test_tugas_and_fungsi_exact(default_run: DigitalRun) -> None:
    """fungsi items come without their ``a.`` markers; ``-`` (none) is an empty list."""
    positions = default_run.output.positions(default_run.decree_id)
    actual = [([squash(t) for t in row["tugas"]], [squash(f) for f in row["fungsi"]]) for row in positions]
    truth = [(list(p.tugas), list(p.fungsi)) for p in default_run.spec.positions]
    assert actual == truth


def test_position_pages(default_run: DigitalRun) -> None:
    positions = default_run.output.positions(default_run.decree_id)
    actual = [(row["page_start"], row["page_end"]) for row in positions]
    assert actual == [default_run.rendered.position_pages(index) for index in range(len(positions))]


def test_indicator_rows_exact(default_run: DigitalRun) -> None:
    """Merged sasaran filled down, header and numbered rows dropped, NO column dropped, paragraphs kept."""
    assert_rows_exact(default_run)


def test_position_without_table_has_no_rows(default_run: DigitalRun) -> None:
    tableless = [index for index, position in enumerate(default_run.spec.positions) if not position.rows]
    assert tableless, "the default fixture has a position without a table"
    positions = default_run.output.positions(default_run.decree_id)
    for index in tableless:
        assert squash(positions[index]["jabatan_raw"]) == default_run.spec.positions[index].jabatan
        assert default_run.output.indicators(default_run.decree_id, index) == []


def test_multi_paragraph_cells_keep_their_paragraphs(default_run: DigitalRun) -> None:
    cells = {(row["row_idx"], column): squash(row[column]) or ""
             for row in default_run.output.indicators(default_run.decree_id, 1)
             for column in ("formulasi_raw", "sumber_data_raw")}
    assert cells.get((0, "formulasi_raw"), "").split("\n")[-1:] == ["Dihitung pada akhir tahun anggaran"]
    assert cells.get((2, "sumber_data_raw")) == "1. Daftar urut kepangkatan\n2. Rekapitulasi kehadiran pegawai"


def test_indicator_pages(default_run: DigitalRun) -> None:
    for position_idx in range(len(default_run.spec.positions)):
        rows = default_run.output.indicators(default_run.decree_id, position_idx)
        assert [row["page"] for row in rows] == default_run.rendered.row_pages(position_idx), position_idx


def test_text_method_and_confidence(default_run: DigitalRun) -> None:
    rows = default_run.output.rows("indicators")
    assert rows and {row["method"] for row in rows} == {"text"}
    assert all(row["confidence"] is not None and 0.0 <= row["confidence"] <= 1.0 for row in rows)


def test_table_strategy_says_how_the_rows_were_found(default_run: DigitalRun) -> None:
    """Rows of a fully ruled table are cut at its rules; a table ruled only around it (partial) or not at all is
    read from its text alignment."""
    rows = default_run.output.rows("indicators")
    ruled = default_run.rendered.path.name.startswith("sukamaju-ruled")
    assert {row["table_strategy"] for row in rows} == ({"ruled"} if ruled else {"aligned"})
    assert stitched_rows(default_run) == printed_cut_rows(default_run)


def test_normalized_columns_fix_the_variant_and_keep_canonical_text(default_run: DigitalRun) -> None:
    """Prosentase -> Persentase; already canonical text and acronyms (SKM, PATEN, SPJ, RKA, DPA) untouched."""
    for position_idx, truth in enumerate(expected_rows(default_run.spec)):
        actual = default_run.output.indicators(default_run.decree_id, position_idx)
        normalized = [squash_row(tuple(row[column] for column in NORMALIZED_COLUMNS)) for row in actual]
        assert normalized == [squash_row(tuple(normalize_variants(text) for text in row)) for row in truth]


def test_run_writes_the_audit_and_the_review_file(default_run: DigitalRun) -> None:
    """normalizations.parquet lists the fixture's one variant with its count; variant_candidates.csv is there."""
    audit = [row for row in default_run.output.rows("normalizations") if row["decree_id"] == default_run.decree_id]
    printed = sum(text.count(variant) for rows in expected_rows(default_run.spec) for row in rows for text in row
                  for variant in VARIANT_FIXES)
    assert {(r["raw_token"], r["normalized_token"]) for r in audit} == set(VARIANT_FIXES.items())
    assert sum(r["count"] for r in audit) == printed
    assert default_run.output.candidates_header == VARIANT_CANDIDATE_HEADER


# ---------------------------------------------------------------------------------------------------------
# A long table over page breaks
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=STYLES)
def long_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             long_table_spec: DecreeSpec) -> DigitalRun:
    """The long-table decree rendered in one style and run through the pipeline."""
    return render_and_run(tmp_path_factory.mktemp(f"long-{request.param}"), long_table_spec, request.param)


def test_long_table_rows_exact(long_run: DigitalRun) -> None:
    assert long_run.output.rc == 0
    assert long_run.decree["status"] == "ok"
    assert_rows_exact(long_run)


def test_merged_sasaran_over_page_break_fills_every_row(long_run: DigitalRun) -> None:
    sasaran_by_row = {row["row_idx"]: squash(row["sasaran_raw"])
                      for row in long_run.output.indicators(long_run.decree_id, 0)}
    truth = expected_rows(long_run.spec)[0]
    cut_groups = long_run.rendered.cut_groups(0, long_run.spec)
    assert cut_groups
    for group in cut_groups:
        assert [sasaran_by_row.get(index) for index in group] == [truth[index][0] for index in group]


def test_row_cut_by_page_break_is_one_row(long_run: DigitalRun) -> None:
    rows = raw_rows(long_run.output.indicators(long_run.decree_id, 0))
    truth = expected_rows(long_run.spec)[0]
    assert len(rows) == len(truth)
    cut_rows = long_run.rendered.cut_rows(0)
    assert cut_rows
    for index in cut_rows:
        assert rows[index] == squash_row(truth[index])


def test_row_cut_by_page_break_is_marked_stitched(long_run: DigitalRun) -> None:
    """indicators.stitched names exactly the rows a page break cut (joined with the next page's first row)."""
    assert long_run.rendered.cut_rows(0)
    assert stitched_rows(long_run) == printed_cut_rows(long_run)


def test_long_table_is_one_table_over_its_pages(long_run: DigitalRun) -> None:
    positions = long_run.output.positions(long_run.decree_id)
    assert [squash(row["jabatan_raw"]) for row in positions] == ["LURAH", "Kasubag Umum"]
    first_page, last_page = long_run.rendered.position_pages(0)
    assert (positions[0]["page_start"], positions[0]["page_end"]) == (first_page, last_page)
    assert last_page > first_page
    rows = long_run.output.indicators(long_run.decree_id, 0)
    assert [row["page"] for row in rows] == long_run.rendered.row_pages(0)


# ---------------------------------------------------------------------------------------------------------
# Landscape pages
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_landscape_rows_exact(tmp_path: Path, decree_spec: DecreeSpec, style: TableStyleName) -> None:
    run = render_and_run(tmp_path, decree_spec, style, landscape_page=True)
    assert run.output.rc == 0
    assert run.decree["status"] == "ok"
    assert_rows_exact(run)


# ---------------------------------------------------------------------------------------------------------
# Bad input next to a good one
# ---------------------------------------------------------------------------------------------------------

BAD_FILES: dict[str, Callable[[bytes], bytes]] = {
    "bad/plain-text.pdf": lambda good: b"Ini bukan PDF, hanya catatan rapat kecamatan.\n",
    "bad/empty.pdf": lambda good: b"",
    "bad/truncated.pdf": lambda good: good[: len(good) // 2],
}


@dataclass(frozen=True)
class MixedRun:
    """One run over a good decree and broken files; ``bad_files`` maps source_path to the bytes written."""

    good: DigitalRun
    bad_files: dict[str, bytes]


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory, decree_spec: DecreeSpec) -> MixedRun:
    """A folder (searched recursively) with one good decree and three broken .pdf files."""
    root = tmp_path_factory.mktemp("mixed")
    rendered = render_decree(decree_spec, root / "input" / "good" / "sukamaju.pdf", "ruled")
    good_bytes = rendered.path.read_bytes()
    bad_files = {source_path: make(good_bytes) for source_path, make in BAD_FILES.items()}
    for source_path, content in bad_files.items():
        (root / "input" / source_path).parent.mkdir(parents=True, exist_ok=True)
        (root / "input" / source_path).write_bytes(content)
    output = run_pipeline(root / "input", root / "out")
    return MixedRun(DigitalRun(decree_spec, rendered, "good/sukamaju.pdf", output), bad_files)


def test_bad_files_fail_and_the_run_goes_on(mixed_run: MixedRun) -> None:
    run = mixed_run.good
    assert run.output.rc == 1
    assert sorted(row["source_path"] for row in run.output.rows("decrees")) == sorted(
        ["good/sukamaju.pdf", *mixed_run.bad_files])
    assert (run.decree["status"], run.decree["error"]) == ("ok", None)
    assert_rows_exact(run)


@pytest.mark.parametrize("source_path", sorted(BAD_FILES))
def test_bad_file_is_a_failed_row_with_a_one_line_error(mixed_run: MixedRun, source_path: str) -> None:
    decree = mixed_run.good.output.decree(source_path)
    assert decree["status"] == "failed"
    assert decree["error"] and decree["error"].strip() and "\n" not in decree["error"]
    assert decree["decree_id"] == hashlib.sha256(mixed_run.bad_files[source_path]).hexdigest()
    assert mixed_run.good.output.positions(decree["decree_id"]) == []


# ---------------------------------------------------------------------------------------------------------
# Output schemas
# ---------------------------------------------------------------------------------------------------------


def is_text(data_type: pa.DataType) -> bool:
    """A string column (plain or large)."""
    return pa.types.is_string(data_type) or pa.types.is_large_string(data_type)


def is_text_list(data_type: pa.DataType) -> bool:
    """A list<string> column (plain or large list)."""
    return (pa.types.is_list(data_type) or pa.types.is_large_list(data_type)) and is_text(data_type.value_type)


SCHEMAS: dict[str, dict[str, Callable[[pa.DataType], bool]]] = {
    "decrees": {
        "decree_id": is_text, "source_path": is_text, "status": is_text, "error": is_text,
        "pages": pa.types.is_integer, "text_pages": pa.types.is_integer, "ocr_pages": pa.types.is_integer,
        "unit_type": is_text, "unit_name": is_text, "region": is_text, "decree_number": is_text,
        "decree_date": pa.types.is_timestamp, "year": pa.types.is_integer, "signatory_name": is_text,
        "signatory_nip": is_text, "pipeline_version": is_text,
    },
    "positions": {
        "decree_id": is_text, "position_idx": pa.types.is_integer, "jabatan_raw": is_text, "jabatan": is_text,
        "tugas": is_text_list, "fungsi": is_text_list,
        "page_start": pa.types.is_integer, "page_end": pa.types.is_integer,
        "jabatan_role": is_text, "bidang": is_text_list,
    },
    "indicators": {
        "decree_id": is_text, "position_idx": pa.types.is_integer, "row_idx": pa.types.is_integer,
        **{column: is_text for column in RAW_COLUMNS + NORMALIZED_COLUMNS},
        "page": pa.types.is_integer, "method": is_text, "confidence": pa.types.is_floating,
        "indicator_kind": is_text, "is_ratio": pa.types.is_boolean,
        "table_strategy": is_text, "stitched": pa.types.is_boolean,
    },
    "normalizations": {
        "decree_id": is_text, "column": is_text, "raw_token": is_text, "normalized_token": is_text,
        "rule": is_text, "source": is_text, "score": pa.types.is_floating, "count": pa.types.is_integer,
    },
}


@pytest.mark.parametrize("name", OUTPUT_TABLES)
def test_output_schema(mixed_run: MixedRun, name: str) -> None:
    schema = mixed_run.good.output.tables[name].schema
    missing = sorted(set(SCHEMAS[name]) - set(schema.names))
    assert not missing, f"{name} lacks {missing}"
    wrong = {column: str(schema.field(column).type) for column, check in SCHEMAS[name].items()
             if not check(schema.field(column).type)}
    assert not wrong, f"{name} column types: {wrong}"


def test_status_values(mixed_run: MixedRun) -> None:
    assert {row["status"] for row in mixed_run.good.output.rows("decrees")} <= {"ok", "partial", "failed"}
