"""Tests of the fixture generator itself: the rendered decrees are what the end-to-end tests assume."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from decree_pdf import (
    STYLES,
    DecreeSpec,
    IndicatorRow,
    PositionSpec,
    RenderDecree,
    TableStyleName,
    expected_decree,
    expected_rows,
    rasterize_pdf,
    render_decree,
    sasaran_groups,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def page_words(pdf_path: Path) -> list[list[str]]:
    """The words of every page of a PDF, in reading order."""
    with pdfplumber.open(pdf_path) as pdf:
        return [[word["text"] for word in page.extract_words()] for page in pdf.pages]


def document_text(pdf_path: Path) -> str:
    """The whole text layer, whitespace collapsed to single spaces."""
    with pdfplumber.open(pdf_path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.mark.parametrize("style", STYLES)
def test_rendered_decree_opens_and_prints_every_jabatan(
    render_decree_pdf: RenderDecree, decree_spec: DecreeSpec, style: TableStyleName
) -> None:
    rendered = render_decree_pdf(decree_spec, style)
    with pdfplumber.open(rendered.path) as pdf:
        assert len(pdf.pages) == rendered.page_count >= 3
        assert all(page.chars for page in pdf.pages)
    text = document_text(rendered.path)
    for position in decree_spec.positions:
        assert f"Jabatan : {position.jabatan}" in text
    assert f"NOMOR : {decree_spec.decree_number}" in text
    assert f"NIP. {decree_spec.signatory_nip}" in text
    assert "Pada tanggal : 1 April 2024" in text


@pytest.mark.parametrize("style", STYLES)
def test_merged_sasaran_is_printed_once_per_group(
    render_decree_pdf: RenderDecree, decree_spec: DecreeSpec, style: TableStyleName
) -> None:
    rendered = render_decree_pdf(decree_spec, style)
    printed = sum(words.count("Meningkatnya") for words in page_words(rendered.path))
    groups = [position.rows[group.start].sasaran for position in decree_spec.positions
              for group in sasaran_groups(position.rows)]
    assert printed == sum(sasaran.startswith("Meningkatnya") for sasaran in groups) == 4


def test_multi_paragraph_cell_starts_a_new_line(render_decree_pdf: RenderDecree, decree_spec: DecreeSpec) -> None:
    """The second paragraph of a formula cell starts at the cell's left edge, like its first line."""
    rendered = render_decree_pdf(decree_spec, "ruled")
    with pdfplumber.open(rendered.path) as pdf:
        pages = [page.extract_words() for page in pdf.pages]
    page = next(words for words in pages if any(word["text"] == "Dihitung" for word in words))
    second_paragraph = next(word for word in page if word["text"] == "Dihitung")
    line_starts = [word for word in page if word["text"] in ("Jumlah", "dokumen", "disusun")
                   and word["top"] < second_paragraph["top"] and abs(word["x0"] - second_paragraph["x0"]) < 1.0]
    assert line_starts


def test_position_without_rows_prints_no_table(render_decree_pdf: RenderDecree, decree_spec: DecreeSpec) -> None:
    rendered = render_decree_pdf(decree_spec, "ruled")
    tableless = [index for index, position in enumerate(decree_spec.positions) if not position.rows]
    assert tableless == [2]
    assert all(part.position_index != 2 for part in rendered.table_parts)
    assert rendered.position_pages(2)[0] == rendered.position_first_pages[2]


@pytest.mark.parametrize("style", STYLES)
def test_long_table_runs_over_a_page_break_cutting_a_row_inside_a_merged_sasaran(
    render_decree_pdf: RenderDecree, long_table_spec: DecreeSpec, style: TableStyleName
) -> None:
    """merged-sasaran-over-page-break: the long fixture must keep producing the hard case."""
    rendered = render_decree_pdf(long_table_spec, style)
    first_page, last_page = rendered.position_pages(0)
    assert rendered.page_count > 1 and last_page > first_page
    cut_groups = rendered.cut_groups(0, long_table_spec)
    cut_inside_group = [row for row in rendered.cut_rows(0)
                        if any(row in group and row != group[-1] for group in cut_groups)]
    assert cut_inside_group, (rendered.cut_rows(0), cut_groups)
    row_pages = rendered.row_pages(0)
    assert row_pages == sorted(row_pages) and len(row_pages) == len(long_table_spec.positions[0].rows)


@pytest.mark.parametrize("style", STYLES)
def test_long_table_repeats_its_header_on_every_page(
    render_decree_pdf: RenderDecree, long_table_spec: DecreeSpec, style: TableStyleName
) -> None:
    rendered = render_decree_pdf(long_table_spec, style)
    pages = page_words(rendered.path)
    table_pages = sorted({part.page for part in rendered.table_parts if part.position_index == 0})
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "SUMBER" in pages[page - 1], page


def test_landscape_pages_are_wider_than_tall(render_decree_pdf: RenderDecree, decree_spec: DecreeSpec) -> None:
    rendered = render_decree_pdf(decree_spec, "ruled", landscape_page=True)
    with pdfplumber.open(rendered.path) as pdf:
        assert all(page.width > page.height for page in pdf.pages)
    assert "Jabatan : STAFF PELAYANAN" in document_text(rendered.path)


def test_rendering_is_byte_identical(tmp_path: Path, decree_spec: DecreeSpec) -> None:
    first = render_decree(decree_spec, tmp_path / "a.pdf", "borderless").path.read_bytes()
    second = render_decree(decree_spec, tmp_path / "b.pdf", "borderless").path.read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_rasterized_pdf_has_no_text_layer(render_decree_pdf: RenderDecree, decree_spec: DecreeSpec,
                                         tmp_path: Path) -> None:
    rendered = render_decree_pdf(decree_spec, "ruled")
    scan = rasterize_pdf(rendered.path, tmp_path / "scan" / "decree-scan.pdf", dpi=100, angle=1.2, noise=0.04)
    with pdfplumber.open(scan) as pdf:
        assert len(pdf.pages) == rendered.page_count
        assert all(not page.chars and len(page.images) == 1 for page in pdf.pages)
        assert abs(pdf.pages[0].width - 595.3) < 2 and abs(pdf.pages[0].height - 841.9) < 2


def test_expected_rows_fill_sasaran_down(decree_spec: DecreeSpec) -> None:
    rows = expected_rows(decree_spec)
    assert [len(position_rows) for position_rows in rows] == [4, 3, 0, 2]
    assert len({row[0] for row in rows[0][:3]}) == 1
    assert rows[1][0][2].count("\n") == 1
    assert [len(group) for group in sasaran_groups(decree_spec.positions[0].rows)] == [3, 1]


def test_expected_decree_has_nip_digits_only(decree_spec: DecreeSpec) -> None:
    decree = expected_decree(decree_spec)
    assert decree["signatory_nip"] == "197001011990031002"
    assert (decree["unit_type"], decree["unit_name"], decree["region"], decree["year"]) == (
        "kecamatan", "Kecamatan Sukamaju", "Kabupaten Contoh", 2024)


WORD_POOL = ("jumlah", "laporan", "pelayanan", "masyarakat", "kegiatan", "berbanding", "seluruh", "data",
             "kelurahan", "persentase", "dokumen", "tepat", "waktu", "register", "tahunan", "x", "100%")


@st.composite
def random_positions(draw: st.DrawFn) -> PositionSpec:
    """A position whose table has random group sizes, cell lengths and paragraph counts."""
    phrase = st.lists(st.sampled_from(WORD_POOL), min_size=1, max_size=40).map(" ".join)
    group_sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5))
    rows = []
    for group, size in enumerate(group_sizes):
        sasaran = f"Sasaran{group} " + draw(phrase)
        for _ in range(size):
            paragraphs = draw(st.lists(phrase, min_size=1, max_size=3))
            rows.append(IndicatorRow(sasaran, draw(phrase), "\n".join(paragraphs), draw(phrase)))
    return PositionSpec("LURAH", ("Tugas.",), (), tuple(rows), no_column=draw(st.booleans()),
                        numbered_row=draw(st.booleans()))


@settings(max_examples=12, database=None, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=random_positions(), style=st.sampled_from(STYLES))
def test_page_breaks_never_lose_text_or_reorder_rows(
    tmp_path: Path, decree_spec: DecreeSpec, position: PositionSpec, style: TableStyleName
) -> None:
    """Whatever the row sizes, every word of every cell is printed (the merged sasaran once per group)."""
    spec = replace(decree_spec, positions=(position,))
    rendered = render_decree(spec, tmp_path / f"random-{style}.pdf", style)
    rows = spec.positions[0].rows
    row_pages = rendered.row_pages(0)
    assert len(row_pages) == len(rows) and row_pages == sorted(row_pages)
    printed = Counter(word for words in page_words(rendered.path) for word in words)
    truth = Counter(word for row in rows for cell in row.as_tuple()[1:] for word in cell.split())
    truth.update(word for group in sasaran_groups(rows) for word in rows[group.start].sasaran.split())
    assert not truth - printed
