"""A decree whose cross-reference table is broken: pdfminer sees no page of it, PDFium rebuilds the table and
reads it; its rows come out as from the intact file. A file neither library can read fails with both reasons.
Every PDF is rendered at test time and damaged as a bad upload or a careless tool leaves it."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import camat_position, sukamaju_decree
from decree_pdf import render_decree

from extract.document import extract_document
from extract.settings import Settings

XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")


def damaged_xref(pdf: bytes, entry_offset: int | None) -> bytes:
    """The PDF with every in-use xref entry pointing at ``entry_offset`` (None: shifted 7 bytes past its object)."""
    start, end = pdf.rindex(b"\nxref"), pdf.rindex(b"startxref")

    def damage(entry: re.Match[bytes]) -> bytes:
        offset = int(entry[1]) + 7 if entry_offset is None else entry_offset
        return b"%010d %s n" % (offset, entry[2])

    return pdf[:start] + XREF_ENTRY.sub(damage, pdf[start:end]) + pdf[end:]


def rows(path: Path) -> tuple[str, list[tuple[object, ...]]]:
    result = extract_document(path, path.name, Settings(ocr=False))
    return result.decree["status"], [(r["position_idx"], r["row_idx"], r["sasaran_raw"], r["indikator_raw"],
                                      r["formulasi_raw"], r["sumber_data_raw"]) for r in result.indicators]


@pytest.mark.parametrize("entry_offset", [0, None], ids=["xref-entries-zeroed", "xref-offsets-shifted"])
def test_a_decree_whose_xref_pdfminer_cannot_follow_is_read_from_pdfiums_rebuilt_copy(
        tmp_path: Path, entry_offset: int | None) -> None:
    intact = render_decree(sukamaju_decree((camat_position(),)), tmp_path / "intact.pdf", "ruled").path
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(damaged_xref(intact.read_bytes(), entry_offset))
    with pdfplumber.open(broken) as pdf:
        assert len(pdf.pages) == 0  # the damage this test is about: pdfminer alone loses the decree
    status, broken_rows = rows(broken)
    assert status == "ok" and broken_rows == rows(intact)[1] and len(broken_rows) == 4
    result = extract_document(broken, "broken.pdf", Settings(ocr=False))
    assert all("read from PDFium's rebuilt copy (pdfminer found 0 of 2 pages)" in p["reason"] for p in result.pages)


def test_a_file_no_library_can_read_fails_with_what_each_says(tmp_path: Path) -> None:
    intact = render_decree(sukamaju_decree((camat_position(),)), tmp_path / "intact.pdf", "ruled").path
    pdf = intact.read_bytes()
    start, end = pdf.rindex(b"\nxref"), pdf.rindex(b"startxref")
    garbage = bytes(b if b in b"\r\n" else ord("#") for b in pdf[start + 1:end])
    (tmp_path / "garbage-xref.pdf").write_bytes(pdf[:start + 1] + garbage + pdf[end:])
    result = extract_document(tmp_path / "garbage-xref.pdf", "garbage-xref.pdf", Settings(ocr=False))
    assert result.decree["status"] == "failed"
    assert result.decree["error"] == ("garbage-xref.pdf: broken PDF structure: pdfminer cannot open it (No /Root "
                                      "object!) and PDFium cannot open it (Data format error)")
