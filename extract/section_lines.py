"""Recognisers for the lines that structure a decree: position labels, titles, signature and LAMPIRAN blocks.

Shared by table reconstruction (such a line can never be inside an indicator table) and by the decree parser.
"""
from __future__ import annotations

import re

# "1. Jabatan : X", "JABATAN : X", "2. Tugas" (value printed apart), "II. TUGAS POKOK :", "Nama Jabatan : X", but not
# "fungsi berdasarkan ..." in a cell. OCR drops small punctuation and reads "1" as "l", "I", "|", "]" or "!":
# "] Jabatan CAMAT" is a label too. Roman numerals up to four letters (I. ... VIII.).
_KEYWORD = r"((?:nama\s+)?jabatan|(?:uraian\s+)?tugas(?:\s+pokok)?|fungsi)"
LABEL = re.compile(
    rf"^\s*(?:(?:[IVX]{{1,4}}|[\dlI|\]\[!]{{1,2}})\s*[.,)]?\s*{_KEYWORD}\b\s*[:;]?\s*|{_KEYWORD}\s*(?:[:;]\s*|$))(.*)$",
    re.IGNORECASE,
)
# OCR may drop the number and the colon as well: "Jabatan KASI PEMERINTAHAN". Only trusted inside a position
# block (see decree_structure), never to end a table.
BARE_LABEL = re.compile(r"^\s*(Jabatan|JABATAN|Tugas(?: Pokok)?|TUGAS(?: POKOK)?|Fungsi|FUNGSI)\s+(\S.*)$")
LABEL_KEYS = ("jabatan", "tugas", "fungsi")
TITLE_LINE = re.compile(r"^INDIKATOR KINERJA INDIVIDU\b")
OTHER_SECTION = re.compile(r"^\s*(ditetapkan\b|pada\s+tanggal\b|lampiran\b|tembusan\b|nip\b|nip\.|keputusan\b)",
                           re.IGNORECASE)
# the signature block's place and date: "Samarinda, 2023", "Malang, 3 Januari 2023"
PLACE_DATE = re.compile(r"^[A-Z][A-Za-z.' -]{2,30},\s*(\d{1,2}\s+)?([A-Za-z]{3,12}\s+)?\d{4}$")
# the signature block's first line, "Ditetapkan di Sukamaju" / "Ditetapkan pada tanggal ...": never a cell's text
SIGNING_PLACE = re.compile(r"^\s*ditetapkan\s+(di|pada)\b", re.IGNORECASE)
SIGNING_OPENS = re.compile(r"^\s*(ditetapkan|pada\s+tanggal)\b", re.IGNORECASE)  # a signature block's first line
LAMPIRAN_LINE = re.compile(r"^\s*(lampiran|nomor|tanggal|tentang)\s*:", re.IGNORECASE)


def label_of(text: str, bare: bool = False) -> tuple[str, str] | None:
    """(label, value) for a position label line ("3. Fungsi : a. ..."), else None; ``bare`` also accepts a
    label whose number and colon were lost ("Jabatan KASI PEMERINTAHAN")."""
    m = LABEL.match(text)
    if m:
        return _key(m.group(1) or m.group(2)), m.group(3).strip().lstrip(":").strip()
    b = BARE_LABEL.match(text) if bare else None
    return (_key(b.group(1)), b.group(2).strip()) if b else None


def _key(printed: str) -> str:
    """The label a printed keyword stands for ("Tugas Pokok" and "Uraian Tugas" are ``tugas``)."""
    lowered = printed.lower()
    return next(k for k in LABEL_KEYS if k in lowered)


def is_block_start(text: str) -> bool:
    """A line that starts a block of its own even inside a grid (a spreadsheet prints everything in cells, its
    gridlines running on under the signature): a position label, a page title, the signature's place and date.
    Other section words ("Keputusan ...") may open a ruled cell's text."""
    text = text.strip()
    return bool(LABEL.match(text) or TITLE_LINE.match(text) or PLACE_DATE.match(text) or SIGNING_PLACE.match(text))


def is_section_text(text: str) -> bool:
    """A line that can never be inside an indicator table (labels, titles, signature block)."""
    return is_block_start(text) or bool(OTHER_SECTION.match(text.strip()))
