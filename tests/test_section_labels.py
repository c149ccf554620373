"""Position labels as decrees print them: numbered 1-3, Roman I-III ('II. TUGAS POKOK'), or without numbers."""
from __future__ import annotations

import pytest

from extract.section_lines import label_of


@pytest.mark.parametrize(("line", "expected"), [
    ("1. Jabatan : Camat", ("jabatan", "Camat")),
    ("I. JABATAN : SEKRETARIS CAMAT", ("jabatan", "SEKRETARIS CAMAT")),
    ("II. TUGAS POKOK : Memimpin kantor", ("tugas", "Memimpin kantor")),
    ("III. FUNGSI :", ("fungsi", "")),
    ("IV. Fungsi: a. menyusun", ("fungsi", "a. menyusun")),
    ("Tugas Pokok : Membantu camat", ("tugas", "Membantu camat")),
    ("Nama Jabatan : Lurah", ("jabatan", "Lurah")),
    ("Uraian Tugas : Membantu lurah", ("tugas", "Membantu lurah")),
    ("] Jabatan CAMAT", ("jabatan", "CAMAT")),  # OCR read the 1 as a bracket and lost the colon
])
def test_labels_in_every_numbering_are_read(line: str, expected: tuple[str, str]) -> None:
    assert label_of(line) == expected


@pytest.mark.parametrize("line", ["fungsi berdasarkan peraturan", "VI. Jabatanku", "b. bahwa tugas pokok dan fungsi"])
def test_cell_text_is_no_label(line: str) -> None:
    assert label_of(line) is None
