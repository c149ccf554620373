"""Decree metadata from the lines outside the tables: unit, region, number, date, year, signatory."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

MONTHS = {"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
          "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11, "desember": 12}
UNIT_WORDS = {"KECAMATAN": "kecamatan", "KELURAHAN": "kelurahan", "DESA": "desa", "DINAS": "dinas", "BADAN": "badan"}
HEAD_OF_UNIT = {"CAMAT": "kecamatan", "LURAH": "kelurahan", "KEPALA DESA": "desa", "KEPALA DINAS": "dinas",
                "KEPALA BADAN": "badan"}
NAME_STOP = r"(?=\s+(?:KOTA|KABUPATEN|KAB\.?|TAHUN|PROVINSI|NOMOR|TENTANG|PADA|DI)\b|\s*[,(]|$)"
UNIT_LINE = re.compile(r"^(?:.*?\bINDIKATOR KINERJA INDIVIDU\s*(?:\(IKI\))?\s+)?(KECAMATAN|KELURAHAN|DESA|DINAS|BADAN)"
                       r"\s+([A-Z][A-Z'.\- ]*?)" + NAME_STOP)
DECREE_OF = re.compile(r"^KEPUTUSAN\s+(CAMAT|LURAH|KEPALA DESA|KEPALA DINAS|KEPALA BADAN)\s+([A-Z][A-Z'.\- ]*?)"
                       + NAME_STOP)
REGION = re.compile(r"\b(KOTA|KABUPATEN)\s+([A-Z][A-Z'\-]*(?:\s+(?!TAHUN\b|NOMOR\b)[A-Z][A-Z'\-]*)?)"
                    r"(?=\s+(?:TAHUN|NOMOR|TENTANG)\b|\s*[,.]|$)")
NUMBER = re.compile(r"^NOMOR\s*:?\s*(.*\d.*)$", re.IGNORECASE)
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
YEAR = re.compile(r"\bTAHUN\s+((?:19|20)\d{2})\b")
NIP = re.compile(r"\bNIP\.?\s*:?\s*((?:\d[\s.]*){18})", re.IGNORECASE)
RANK = re.compile(r"^(pembina|penata|pengatur|juru|pangkat|golongan)\b|/\s*(I{1,3}|IV)\s*/?\s*[a-e]?\b", re.IGNORECASE)
SIGN_TITLE = re.compile(r"^(CAMAT|LURAH|KEPALA\s+[A-Z ]+|SEKRETARIS\s+[A-Z ]+|PLT\.?\s+[A-Z ]+)[A-Z ]*,$")


@dataclass(frozen=True)
class DecreeMetadata:
    """What the front matter and signature block say about the decree (None where not printed)."""

    unit_type: str | None = None
    unit_name: str | None = None
    region: str | None = None
    decree_number: str | None = None
    decree_date: dt.date | None = None
    year: int | None = None
    signatory_name: str | None = None
    signatory_nip: str | None = None


def title_case(text: str) -> str:
    """'KECAMATAN PALARAN' -> 'Kecamatan Palaran' (the form analysts group on)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def read_metadata(lines: Sequence[str]) -> DecreeMetadata:
    """Read metadata from the document's non-table lines, in reading order."""
    upper_lines = [ln.strip() for ln in lines if ln.strip() and ln.strip() == ln.strip().upper()]
    unit_type, unit_name = _unit(upper_lines)
    date = _date(lines)
    year = _first(int(m.group(1)) for ln in upper_lines for m in [YEAR.search(ln)] if m)
    if year is None and date is not None:
        year = date.year
    number = _first(m.group(1).strip() for ln in lines for m in [NUMBER.match(ln.strip())] if m)
    if year is None and number:
        found = re.findall(r"(?:19|20)\d{2}", number)
        year = int(found[-1]) if found else None
    region = _first(title_case(f"{m.group(1)} {m.group(2)}") for ln in upper_lines for m in [REGION.search(ln)] if m)
    name, nip = _signatory(lines)
    return DecreeMetadata(unit_type, unit_name, region, number, date, year, name, nip)


def _first(values):  # type: ignore[no-untyped-def]
    return next(iter(values), None)


def _unit(upper_lines: Sequence[str]) -> tuple[str | None, str | None]:
    for ln in upper_lines:
        m = UNIT_LINE.match(ln)
        if m:
            return UNIT_WORDS[m.group(1)], title_case(f"{m.group(1)} {m.group(2)}")
    for ln in upper_lines:
        m = DECREE_OF.match(ln)
        if m:
            kind = HEAD_OF_UNIT[m.group(1)]
            return kind, title_case(f"{kind} {m.group(2)}")
    return None, None


def _date(lines: Sequence[str]) -> dt.date | None:
    for ln in lines:
        if re.search(r"tanggal|ditetapkan", ln, re.IGNORECASE):
            m = DATE.search(ln)
            if m:
                try:
                    return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
                except ValueError:
                    return None
    return None


def _signatory(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """The last NIP printed and the name above it (ranks skipped); else the name under 'CAMAT X,'."""
    stripped = [ln.strip() for ln in lines]
    for i in range(len(stripped) - 1, -1, -1):
        m = NIP.search(stripped[i])
        if m:
            nip = re.sub(r"\D", "", m.group(1))
            for j in range(i - 1, max(i - 4, -1), -1):
                if stripped[j] and not RANK.search(stripped[j]):
                    return stripped[j], nip
            return None, nip
    for i in range(len(stripped) - 1, -1, -1):
        if SIGN_TITLE.match(stripped[i]) and i + 1 < len(stripped):
            return stripped[i + 1], None
    return None, None
