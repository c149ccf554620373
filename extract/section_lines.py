"""Recognisers for the lines that structure a decree: position labels, titles, signature and LAMPIRAN blocks.

Shared by table reconstruction (such a line can never be inside an indicator table) and by the decree parser.
"""
from __future__ import annotations

import re

# "1. Jabatan : X", "JABATAN : X", "2. Tugas" (value printed apart), but not "fungsi berdasarkan ..." in a cell.
# OCR drops small punctuation and reads "1" as "l", "I", "|", "]" or "!": "] Jabatan CAMAT" is a label too.
LABEL = re.compile(
    r"^\s*(?:[\dlI|\]\[!]{1,2}\s*[.,)]?\s*(jabatan|tugas|fungsi)\b\s*[:;]?\s*|(jabatan|tugas|fungsi)\s*(?:[:;]\s*|$))(.*)$",
    re.IGNORECASE,
)
# OCR may drop the number and the colon as well: "Jabatan KASI PEMERINTAHAN". Only trusted inside a position
# block (see decree_structure), never to end a table.
BARE_LABEL = re.compile(r"^\s*(Jabatan|JABATAN|Tugas|TUGAS|Fungsi|FUNGSI)\s+(\S.*)$")
TITLE_LINE = re.compile(r"^INDIKATOR KINERJA INDIVIDU\b")
OTHER_SECTION = re.compile(r"^\s*(ditetapkan\b|pada\s+tanggal\b|lampiran\b|tembusan\b|nip\b|nip\.|keputusan\b)",
                           re.IGNORECASE)
# the signature block's place and date: "Samarinda, 2023", "Malang, 3 Januari 2023"
PLACE_DATE = re.compile(r"^[A-Z][A-Za-z.' -]{2,30},\s*(\d{1,2}\s+)?([A-Za-z]{3,12}\s+)?\d{4}$")
LAMPIRAN_LINE = re.compile(r"^\s*(lampiran|nomor|tanggal|tentang)\s*:", re.IGNORECASE)


def label_of(text: str, bare: bool = False) -> tuple[str, str] | None:
    """(label, value) for a position label line ("3. Fungsi : a. ..."), else None; ``bare`` also accepts a
    label whose number and colon were lost ("Jabatan KASI PEMERINTAHAN")."""
    m = LABEL.match(text)
    if m:
        return (m.group(1) or m.group(2)).lower(), m.group(3).strip().lstrip(":").strip()
    b = BARE_LABEL.match(text) if bare else None
    return (b.group(1).lower(), b.group(2).strip()) if b else None


def is_block_start(text: str) -> bool:
    """A line that starts a block of its own even inside a grid (a spreadsheet prints everything in cells): a
    position label, a page title, the signature's place and date. Other section words ("Keputusan ...") may open
    a ruled cell's text."""
    text = text.strip()
    return bool(LABEL.match(text) or TITLE_LINE.match(text) or PLACE_DATE.match(text))


def is_section_text(text: str) -> bool:
    """A line that can never be inside an indicator table (labels, titles, signature block)."""
    return is_block_start(text) or bool(OTHER_SECTION.match(text.strip()))
