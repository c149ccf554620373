"""Decree metadata from the lines outside the tables: unit, region, number, date, year, signatory.

The input is the document's text lines in reading order (front matter, position blocks, LAMPIRAN, signature).
Every field is read from the places a decree prints it, most trusted first:

- unit: the issuer (`KEPUTUSAN CAMAT X`), the title (`INDIKATOR KINERJA INDIVIDU KELURAHAN X`), the signatory
  (`LURAH X,`, `KEPALA DINAS …,`), the letterhead (its most specific line), `Nama Unit Organisasi : …`, a Jabatan
  that names its unit (`Camat X`), and last the Menimbang's `di lingkungan Kecamatan X`;
- region: the letterhead (`PEMERINTAH KABUPATEN X`), any other upper-case line, a mixed-case mention, and last the
  regional regulations cited in the Mengingat (`Peraturan Bupati X`);
- number: `NOMOR : …` on its own line, after `KEPUTUSAN …` or in the LAMPIRAN box (a copy cut by a line wrap gives
  way to a complete one); never a law cited in Menimbang/Mengingat;
- date: `Pada tanggal : 1 April 2019`, `Ditetapkan di … pada tanggal 01-04-2019`, `Samarinda, 1 April 2019`;
- year: the title's `TAHUN 2023`, else the date's, else the signing line's (`Januari 2023`), else the number's;
- signatory: the last signature block (title, name with its academic titles as printed, rank, NIP).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.section_lines import label_of

MONTHS = {"januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
          "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
          "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "nopember": 11,
          "november": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_IN_WORDS = re.compile(r"\b(\d{1,2})\s*[-.]?\s*(" + _MONTH + r")\.?\s*[-.,]?\s*((?:19|20)\d{2})\b", re.IGNORECASE)
DATE_IN_DIGITS = re.compile(r"\b(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*((?:19|20)\d{2})\b")
ANY_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")

# Units: the words that open a unit's name -> (unit_type, the name is a place name). Order matters: longer first.
UNIT_HEADS: tuple[tuple[str, str, bool], ...] = (
    (r"KECAMATAN|KEC\.", "kecamatan", True),
    (r"KELURAHAN|KEL\.", "kelurahan", True),
    (r"DESA", "desa", True),
    (r"DINAS", "dinas", False),
    (r"BADAN", "badan", False),
    (r"RUMAH\s+SAKIT(?:\s+UMUM)?(?:\s+DAERAH)?|RSUD|RSU", "other", False),
    (r"(?:UPTD?\s+)?PUSKESMAS|(?:UPTD?\s+)?PUSAT\s+KESEHATAN\s+MASYARAKAT", "other", False),
    (r"INSPEKTORAT(?:\s+DAERAH)?", "other", False),
    (r"SEKRETARIAT\s+(?:DAERAH|DPRD|DEWAN\s+PERWAKILAN\s+RAKYAT\s+DAERAH)", "other", False),
    (r"SEKOLAH\s+(?:DASAR|MENENGAH\s+(?:PERTAMA|ATAS|KEJURUAN))(?:\s+NEGERI)?|SEKOLAH", "other", False),
    (r"(?:SD|SMP|SMA|SMK|MTS)N?(?:\s+NEGERI)?", "other", False),
    (r"SATUAN\s+POLISI\s+PAMONG\s+PRAJA|UPTD?|KANTOR", "other", False),
)
UNIT_TYPES = tuple(dict.fromkeys(kind for _, kind, _ in UNIT_HEADS))  # every decrees.unit_type, in this order
_UNIT_HEAD = re.compile(r"^(?:(?:PADA\s+)?KANTOR\s+(?=(?:KECAMATAN|KELURAHAN|DESA|DINAS|BADAN)\b))?("
                        + "|".join(f"(?:{p})" for p, _, _ in UNIT_HEADS) + r")(?=[\s,.]|$)", re.IGNORECASE)
_PLACE_HEAD = re.compile(r"^(?:KECAMATAN|KEC\.|KELURAHAN|KEL\.|DESA)$", re.IGNORECASE)
# A head of a unit, printed in a title or signature block -> the unit words it stands for.
HEAD_TITLES: tuple[tuple[str, str], ...] = (
    (r"CAMAT", "KECAMATAN"),
    (r"LURAH", "KELURAHAN"),
    (r"KEPALA\s+DESA|KADES", "DESA"),
    (r"INSPEKTUR(?:\s+DAERAH)?", "INSPEKTORAT"),
    (r"SEKRETARIS\s+DAERAH|SEKDA", "SEKRETARIAT DAERAH"),
    (r"SEKRETARIS\s+DPRD", "SEKRETARIAT DPRD"),
    (r"KEPALA|DIREKTUR(?:\s+UTAMA)?|SEKRETARIS", ""),  # followed by the unit itself: KEPALA DINAS X, DIREKTUR RSUD X
)
_ACTING = r"(?:(?:a\.?\s?n\.?|plt\.?|plh\.?|pj\.?|pjs\.?)\s+)?"
_HEAD_TITLE = re.compile(r"^" + _ACTING + "(" + "|".join(f"(?:{p})" for p, _ in HEAD_TITLES) + r")\b\s*(.*)$",
                         re.IGNORECASE)
ON_BEHALF = re.compile(r"^(?:a\.?\s?n\.?|atas\s+nama)\s+\S", re.IGNORECASE)
SIGNATORY_HEAD = re.compile(r"^" + _ACTING + r"(CAMAT|LURAH|KEPALA|KADES|DIREKTUR|INSPEKTUR|SEKRETARIS|SEKDA|BUPATI"
                            r"|WALI\s?KOTA|GUBERNUR)\b", re.IGNORECASE)

# Words that end a unit or region name: what follows is the region, the year, the number ...
NAME_STOP = frozenset({"KOTA", "KABUPATEN", "KAB", "KAB.", "PROVINSI", "PROV.", "TAHUN", "NOMOR", "NO", "NO.",
                       "TENTANG", "PADA", "DI", "YANG", "SELAKU", "NIP", "NIP.", "TANGGAL", "KEPUTUSAN"})
PLACE_STOP = frozenset({"KECAMATAN", "KEC.", "KELURAHAN", "KEL.", "DESA", "DINAS", "BADAN"})
CONNECTORS = frozenset({"dan", "serta", "&"})
# Kept upper case in a Title Case name (official short forms).
ACRONYMS = frozenset({"RSUD", "RSU", "UPT", "UPTD", "SD", "SDN", "SMP", "SMPN", "SMA", "SMAN", "SMK", "SMKN", "MTS",
                      "MTSN", "DPRD", "PPKB", "KB", "PMD", "PU", "PUPR", "BPBD", "BKD", "BKPSDM", "BAPPEDA",
                      "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})

REGION_BY_HEAD = re.compile(r"\b(?:Peraturan\s+(?:Daerah\s+)?|PEMERINTAH\s+)?(BUPATI|WALI\s?KOTA)\s+(\S.*)$",
                            re.IGNORECASE)
CITED_REGION = re.compile(r"\bPeraturan\s+(?:Daerah\s+(Kota|Kabupaten)|(Bupati|Wali\s?kota))\s+(\S.*)$",
                          re.IGNORECASE)

NUMBER = re.compile(r"^(?:(?:LAMPIRAN|SALINAN|KEPUTUSAN)\b.*?\s)?(?:NOMOR|NO\s*[.:])\s*[:.]?\s*(.*)$", re.IGNORECASE)
# "KEPALA DINAS X KABUPATEN Y Nomor : 12/KPTS/2020": the issuer's title and the number on one line
TITLED_NUMBER = re.compile(r"^[A-Z][A-Z0-9 .,'&()/-]*\s(?:NOMOR|Nomor)\s*:\s*(.*)$")
NUMBER_END = re.compile(r"\s+(?:TENTANG|TANGGAL|TGL\.?)\b.*$", re.IGNORECASE)
CITED_LAW_NUMBER = re.compile(r"^\d+\s+Tahun\s+\d{4}(?:\s+tentang\b.*)?$")  # "12 Tahun 2011 tentang" (mixed case)
NUMBER_CONTINUED = re.compile(r"^(?=.*\d)[/.\-]?[0-9A-Z][0-9A-Z./\- ]*$")  # "/35.07.07/2023" under "NOMOR: 188.4/ 06"

TITLE_YEAR = re.compile(r"\bTAHUN\s+(?:ANGGARAN\s+)?((?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)", re.IGNORECASE)
IKI_TITLE = re.compile(r"^INDIKATOR\s+KINERJA\s+(?:INDIVIDU|UTAMA)\s*(?:\((?:IKI|IKU)\))?\s*"
                       r"(?:(?:PADA|DI)\s+(?:LINGKUNGAN\s+)?)?(.*)$", re.IGNORECASE)
DECREE_OF = re.compile(r"^(?:(?:LAMPIRAN|SALINAN)\b\s*[IVX\d]*\s*:?\s*)?KEPUTUSAN\b\s*(.*)$", re.IGNORECASE)
UNIT_LABEL = re.compile(r"^(?:Nama\s+)?(?:Unit\s+(?:Organisasi|Kerja)|Perangkat\s+Daerah|SKPD|OPD|Instansi)\s*:\s*(.+)$",
                        re.IGNORECASE)
IN_UNIT = re.compile(r"\b(?:di\s+lingkungan|pada)\b\s*(.*)$", re.IGNORECASE)
LETTERHEAD = re.compile(r"^PEMERINTAH(?:AN)?\s+(?:KOTA|KABUPATEN|KAB\.?|PROVINSI)\b", re.IGNORECASE)

CITED_START = re.compile(r"^(Menimbang|Mengingat|Memperhatikan)\b", re.IGNORECASE)
CITED_END = re.compile(r"^(MEMUTUSKAN|Menetapkan|KESATU|PERTAMA|LAMPIRAN|Ditetapkan|INDIKATOR\s+KINERJA)\b",
                       re.IGNORECASE)
SIGNING = re.compile(r"^(?:Ditetapkan\b|Pada\s+tanggal\b|Tanggal\s*:|Dikeluarkan\b)", re.IGNORECASE)
PLACE_AND_DATE = re.compile(r"^[A-Z][A-Za-z.' -]{2,30},\s*(?:\d{1,2}[\s\-/.]*)?(?:[A-Za-z]{3,10}\.?[\s\-/.]*)?"
                            r"(?:\d{1,2}[\s\-/.]+)?(?:19|20)\d{2}$")

NIP = re.compile(r"\bNIP(?![A-Za-z])\s*\.?\s*:?\s*([\dOoIl|][\dOoIl|\s.]{16,40})", re.IGNORECASE)
BARE_NIP = re.compile(r"^(\d{8})\s*(\d{6})\s*(\d)\s*(\d{3})$")  # "19690920 199112 1 001" without its label
RANK = re.compile(r"^(pembina|penata|pengatur|juru|pangkat|golongan|gol\.)\b|/\s*(I{1,3}|IV)\s*/?\s*[a-e]?\b",
                  re.IGNORECASE)
NOT_A_NAME = re.compile(r"^(ttd\.?|dto\.?|cap|stempel|materai|t\.t\.d\.?)$", re.IGNORECASE)
# Academic titles printed after a name: "S.P.", "M.AP.", "M.Si", "SE", "MM", "A.Ks", "S.Sos", "Ph.D".
DEGREE = r"(?:[SMDA]\.\s?[A-Za-z]{1,6}\.?(?:\s?[A-Z][a-z]{0,4}\.?)?|S[EHTP]\.?|M[MTHPE]\.?|MAP\.?|MSi\.?|Ph\.?\s?D\.?)"
DEGREES_ONLY = re.compile(r"^(?:,?\s*" + DEGREE + r"\s*,?\s*)+$")
OCR_COMMA = re.compile(r"\b([A-Za-z]{3,})\.(?=\s?" + DEGREE + r"(?:[\s,.]|$))")  # "SUWARSO. A.Ks" -> "SUWARSO, A.Ks"
# a mixed-case name ending in ". SEMM": the short capitals after it are a degree that lost its dots
OCR_LAST_DEGREE = re.compile(r"(?<=[a-z]{3})\.(?=\s[A-Z]{2,6}\.?$)")
PREFIX_TITLES = frozenset({"drs", "dra", "drg", "prof", "ir", "hj", "ns", "apt", "dr", "kh"})  # printed before a name
OCR_DOUBLE_DOT = re.compile(r"\.\.(?=\s?" + DEGREE + r")")  # "A.Ks..M.Si" -> "A.Ks.,M.Si"

GLUED_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*\d{1,3}\s*[-–—]\s*|[-–—]\d{1,3}(?=[A-Za-z])|\d{1,3}(?=(?:KEPUTUSAN|LAMPIRAN"
                               r"|NOMOR|INDIKATOR|TENTANG)\b))")
PAGE_FURNITURE = re.compile(r"^(?:(?:page|halaman|hal\.?)\s*\d+(?:\s*(?:of|dari|/)\s*\d+)?|[-–—]?\s*\d{1,3}\s*[-–—]?)$",
                            re.IGNORECASE)
SPACED_WORD = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")  # "K E P U T U S A N"


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


@dataclass(frozen=True)
class Signature:
    """The signature block: the title line(s) above the name, the name as printed, the NIP's 18 digits."""

    title: str | None = None
    name: str | None = None
    nip: str | None = None


def title_case(text: str) -> str:
    """'KECAMATAN PALARAN' -> 'Kecamatan Palaran'; official short forms stay upper case (UPT Puskesmas X)."""
    words = []
    for i, word in enumerate(text.split()):
        bare = word.strip(".,()")
        if bare.upper() in ACRONYMS and bare.isupper() or any(c.isdigit() for c in word):
            words.append(word)
        elif i and word.lower() in CONNECTORS:
            words.append(word.lower())
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def read_metadata(lines: Sequence[str]) -> DecreeMetadata:
    """Read metadata from the document's non-table lines, in reading order."""
    text_lines = clean_lines(lines)
    cited = cited_spans(text_lines)
    signature = find_signature(text_lines)
    unit_type, unit_name = find_unit(text_lines, cited, signature)
    date = find_date(text_lines, cited)
    number = find_number(text_lines, cited)
    year = find_year(text_lines, cited, date, number)
    region = find_region(text_lines, cited)
    return DecreeMetadata(unit_type, unit_name, region, number, date, year, signature.name, signature.nip)


def clean_lines(lines: Iterable[str]) -> list[str]:
    """Stripped lines without page furniture; a page number glued to a line (`-2KEPUTUSAN …`) is cut off and
    letter-spaced words (`K E P U T U S A N`) are closed up."""
    out = []
    for raw in lines:
        text = GLUED_PAGE_NUMBER.sub("", raw.strip()).strip()
        text = SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), text)
        if text and not PAGE_FURNITURE.match(text):
            out.append(text)
    return out


def cited_spans(lines: Sequence[str]) -> list[str]:
    """Per line: 'menimbang' / 'mengingat' inside those considerations (laws cited there carry numbers, years
    and regions that are not the decree's), else ''."""
    marks, span = [], ""
    for text in lines:
        start = CITED_START.match(text)
        if start:
            span = "menimbang" if start.group(1).lower() == "menimbang" else "mengingat"
        elif CITED_END.match(text) or label_of(text):
            span = ""
        marks.append(span)
    return marks


# --- unit ---------------------------------------------------------------------------------------------------


def find_unit(lines: Sequence[str], cited: Sequence[str], signature: Signature) -> tuple[str | None, str | None]:
    """(unit_type, unit_name) from the first place that names the unit, most trusted first."""
    for source in (_unit_of_decree, _unit_of_title, _unit_of_signature, _unit_of_letterhead, _unit_of_label,
                   _unit_of_jabatan, _unit_of_considerations):
        found = source(lines, cited, signature)
        if found is not None:
            return found
    return None, None


def unit_phrase(text: str) -> tuple[str, str] | None:
    """(unit_type, unit_name) of a text that opens with a unit: 'KECAMATAN PALARAN KOTA SAMARINDA' ->
    ('kecamatan', 'Kecamatan Palaran'); 'UPT PUSKESMAS SUKAJADI,' -> ('other', 'UPT Puskesmas Sukajadi')."""
    m = _UNIT_HEAD.match(text.strip())
    if not m:
        return None
    head = " ".join(m.group(1).split())
    kind, place = next((k, p) for pattern, k, p in UNIT_HEADS if re.fullmatch(pattern, head, re.IGNORECASE))
    name = _name_words(text.strip()[m.end():], place)
    if place:
        if not name:
            return None
        canonical = {"kecamatan": "Kecamatan", "kelurahan": "Kelurahan", "desa": "Desa"}[kind]
        return kind, f"{canonical} {title_case(name)}"
    if not name:
        if kind in ("dinas", "badan"):
            return None
        region = region_phrase(text.strip()[m.end():])  # "INSPEKTORAT KABUPATEN X": the region is its name
        return kind, title_case(head) + (f" {region}" if region else "")
    return kind, title_case(f"{head} {name}")


def head_title_unit(text: str) -> tuple[str, str] | None:
    """The unit a head of unit stands for: 'CAMAT PALARAN,' -> kecamatan Palaran; 'KEPALA DINAS KESEHATAN' ->
    dinas; 'DIREKTUR RSUD X' -> other; 'a.n. LURAH X' -> kelurahan X."""
    m = _HEAD_TITLE.match(text.strip())
    if not m:
        return None
    head = " ".join(m.group(1).upper().split())
    unit_words = next(u for p, u in HEAD_TITLES if re.fullmatch(p, head, re.IGNORECASE))
    return unit_phrase(f"{unit_words} {m.group(2)}" if unit_words else m.group(2))


def _unit_of_decree(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    for i, text in enumerate(lines):
        m = DECREE_OF.match(text)
        if m and not cited[i]:
            rest, at = (m.group(1), i) if m.group(1).strip() else (lines[i + 1] if i + 1 < len(lines) else "", i + 1)
            found = head_title_unit(_with_wrapped_name(rest, lines, at))  # "KEPUTUSAN" alone: the title under it
            if found:
                return found
    return None


def _unit_of_title(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    for i, text in enumerate(lines):
        m = IKI_TITLE.match(text)
        if not m or cited[i]:
            continue
        rest = m.group(1).strip()
        found = unit_phrase(_with_wrapped_name(rest, lines, i)) if rest else None
        if found is None and rest.isupper():  # "INDIKATOR KINERJA INDIVIDU PEJABAT PENGAWAS DINAS X"
            found = _first_unit_in(rest)
        if found is None and not rest and i + 1 < len(lines):  # the unit printed on the line under the title
            found = unit_phrase(lines[i + 1]) or head_title_unit(lines[i + 1])
        if found:
            return found
    return None


def _first_unit_in(text: str) -> tuple[str, str] | None:
    words = text.split()
    for k in range(1, len(words)):
        found = unit_phrase(" ".join(words[k:]))
        if found:
            return found
    return None


def _unit_of_signature(_: Sequence[str], __: Sequence[str], signature: Signature) -> tuple[str, str] | None:
    return head_title_unit(signature.title) if signature.title else None


def _unit_of_letterhead(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    """The most specific unit line of a letterhead (PEMERINTAH KOTA X / KECAMATAN Y / KELURAHAN Z -> Z)."""
    for i, text in enumerate(lines):
        if not LETTERHEAD.match(text):
            continue
        found = None
        for below in lines[i + 1:i + 5]:
            unit = unit_phrase(below) if below.isupper() else None
            if unit is None:
                break
            found = unit
        if found:
            return found
    return None


def _unit_of_label(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    for text in lines:
        m = UNIT_LABEL.match(text)
        if m:
            found = unit_phrase(m.group(1))
            if found:
                return found
    return None


def _unit_of_jabatan(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    """A position whose title names the unit it heads: 'Jabatan : Camat Sukamaju', 'KEPALA DESA X'."""
    for text in lines:
        label = label_of(text)
        if label and label[0] == "jabatan" and label[1]:
            found = head_title_unit(label[1])
            if found:
                return found
    return None


def _unit_of_considerations(lines: Sequence[str], cited: Sequence[str], _: Signature) -> tuple[str, str] | None:
    """'… kinerja di lingkungan Kecamatan X' in the front matter (never a law cited in the Mengingat, nor a
    position's Tugas)."""
    for i, text in enumerate(lines[:_first_label(lines)]):
        if cited[i] == "mengingat":
            continue
        m = IN_UNIT.search(text)
        if m:
            at = i if m.group(1) else i + 1  # "... di lingkungan" / "Kelurahan X, perlu ..."
            rest = m.group(1) or (lines[at] if at < len(lines) else "")
            found = unit_phrase(_with_wrapped_name(rest, lines, at))
            if found:
                return found
    return None


def _first_label(lines: Sequence[str]) -> int:
    """Where the position blocks begin (the front matter ends)."""
    return next((i for i, text in enumerate(lines) if label_of(text)), len(lines))


def _with_wrapped_name(rest: str, lines: Sequence[str], i: int) -> str:
    """A unit or head title whose name went to the next line ('KEPUTUSAN CAMAT' / 'SUKAMAJU'): joined."""
    if not (0 < len(rest.split()) <= 3 and rest.isupper() and i + 1 < len(lines)):
        return rest
    below = lines[i + 1]
    if not below.isupper() or len(below.split()) > 4 or re.match(r"^(NOMOR|NO\b|TENTANG|TANGGAL)", below):
        return rest
    opens_unit = _HEAD_TITLE.match(rest) or _UNIT_HEAD.match(rest)
    return f"{rest} {below}" if opens_unit and not (unit_phrase(rest) or head_title_unit(rest)) else rest


def _name_words(rest: str, place: bool) -> str:
    """The name that follows a unit word, up to the region, year, number, punctuation or prose."""
    out: list[str] = []
    for word in rest.split():
        bare = word.strip(",;:")
        upper = bare.upper()
        first_of_place = place and not out and upper in ("KOTA", "KAB.")  # KELURAHAN KOTA BARU
        if not bare or bare.startswith("(") or (upper in NAME_STOP and not first_of_place) \
                or (place and upper in PLACE_STOP):
            break
        if not (bare[:1].isupper() or bare[:1].isdigit()) and not (out and bare.lower() in CONNECTORS):
            break
        out.append(bare)
        if word != bare or len(out) >= (4 if place else 10):
            break
    while out and out[-1].lower() in CONNECTORS:
        out.pop()
    return " ".join(out).rstrip(".") if out and not re.search(r"\.\w", out[-1]) else " ".join(out)


# --- region -------------------------------------------------------------------------------------------------


def region_phrase(text: str) -> str | None:
    """'KOTA SAMARINDA' -> 'Kota Samarinda'; 'KAB. MALANG' -> 'Kabupaten Malang' (None if no name follows)."""
    m = re.match(r"^\s*(KOTA|KABUPATEN|KAB\.?)\s+(\S.*)$", text, re.IGNORECASE)
    if not m:
        return None
    name = _name_words(m.group(2), place=True)
    if not name:
        return None
    kind = "Kota" if m.group(1).upper() == "KOTA" else "Kabupaten"
    return f"{kind} {title_case(name)}"


def find_region(lines: Sequence[str], cited: Sequence[str]) -> str | None:
    """The region: letterhead, then an upper-case line, then a mixed-case mention in the front matter (a fungsi's
    'Forum Kota Sehat' is no region), then a regional law cited in the Mengingat."""
    first_label = _first_label(lines)
    passes = (
        lambda i, t: bool(LETTERHEAD.match(t)),
        lambda i, t: not cited[i] and t.isupper(),
        lambda i, t: i < first_label and cited[i] != "mengingat",  # mixed case: front matter only
    )
    for accept in passes:
        for i, text in enumerate(lines):
            if accept(i, text):
                if re.search(r"\b(KOTA|KABUPATEN)$", text) and i + 1 < len(lines) and lines[i + 1].isupper():
                    text = f"{text} {lines[i + 1]}"  # "... KABUPATEN" / "MALANG"
                found = _region_in(text)
                if found:
                    return found
    for text in lines:
        m = CITED_REGION.search(text)
        if m:
            kind = m.group(1) or ("Kabupaten" if m.group(2).lower() == "bupati" else "Kota")
            found = region_phrase(f"{kind} {m.group(3)}")
            if found:
                return found
    return None


def _region_in(text: str) -> str | None:
    for m in re.finditer(r"(?:^|(?<=[\s(,]))(?:KOTA|KABUPATEN|KAB\.?)\s", text, re.IGNORECASE):
        before = text[:m.start()].split()
        if before and _PLACE_HEAD.match(before[-1]):
            continue  # KELURAHAN KOTA BARU: a place named Kota ...
        found = region_phrase(text[m.start():])
        if found:
            return found
    head = REGION_BY_HEAD.search(text)
    if head and text.isupper():
        kind = "KABUPATEN" if head.group(1).upper() == "BUPATI" else "KOTA"
        return region_phrase(f"{kind} {head.group(2)}")
    return None


# --- number, date, year -------------------------------------------------------------------------------------


def find_number(lines: Sequence[str], cited: Sequence[str]) -> str | None:
    """The decree number as printed; a copy cut by a line wrap gives way to a complete copy printed elsewhere."""
    found: list[str] = []
    for i, text in enumerate(lines):
        m = NUMBER.match(text) or TITLED_NUMBER.match(text)
        if not m or cited[i]:
            continue
        value = NUMBER_END.sub("", m.group(1)).strip().strip(",;").strip()
        if not value and i + 1 < len(lines) and NUMBER_CONTINUED.match(lines[i + 1]):
            value = lines[i + 1]  # "NOMOR :" with the number printed under it
        if not value or not re.search(r"\d", value) or CITED_LAW_NUMBER.match(value):
            continue
        if i + 1 < len(lines) and (value.endswith(("/", "-", ".")) or lines[i + 1].startswith("/")):
            below = lines[i + 1]
            if NUMBER_CONTINUED.match(below) and len(below) <= 30:
                value = f"{value} {below}" if not value.endswith(("/", "-", ".")) else value + below
        found.append(value.replace("|", "/"))
    if not found:
        return None
    first = found[0]
    key = re.sub(r"\s+", "", first)
    longer = [v for v in found if re.sub(r"\s+", "", v).startswith(key)]
    return max(longer, key=lambda v: len(re.sub(r"\s+", "", v)))


def find_date(lines: Sequence[str], cited: Sequence[str]) -> dt.date | None:
    """The full date of the signing line (`Pada tanggal`, `Ditetapkan …`, `Tanggal :`, `Samarinda, 1 April 2019`),
    else of a short line that says `tanggal` (a date inside a Tugas or a cited law is not the decree's)."""
    signing = [t for i, t in enumerate(lines) if not cited[i] and (SIGNING.match(t) or PLACE_AND_DATE.match(t))]
    short = [t for i, t in enumerate(lines) if not cited[i] and len(t.split()) <= 8
             and re.search(r"\btanggal\b", t, re.IGNORECASE)]
    for text in signing + short:
        date = parse_date(text)
        if date:
            return date
    return None


def parse_date(text: str) -> dt.date | None:
    """'1 April 2019', '01 Pebruari 2020', '01-04-2019' in a text -> the date (None if none is valid)."""
    for m in DATE_IN_WORDS.finditer(text):
        try:
            return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
    for m in DATE_IN_DIGITS.finditer(text):
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def find_year(lines: Sequence[str], cited: Sequence[str], date: dt.date | None, number: str | None) -> int | None:
    """The title's `TAHUN 2023`, else the date's year, else the signing line's, else the number's."""
    for i, text in enumerate(lines):
        if cited[i] or not (text.isupper() or IKI_TITLE.match(text) or DECREE_OF.match(text)):
            continue
        if re.search(r"\bNOMOR\b\s*:?\s*\d+\s+TAHUN\b", text, re.IGNORECASE) and not DECREE_OF.match(text):
            continue  # a law cited in an upper-case line
        m = TITLE_YEAR.search(text)
        if m:
            return int(m.group(1))
    if date is not None:
        return date.year
    for i, text in enumerate(lines):
        if not cited[i] and (SIGNING.match(text) or PLACE_AND_DATE.match(text)):
            m = ANY_YEAR.search(text)
            if m:
                return int(m.group(1))
    if number:
        m = re.search(r"(?:^|[/.\-\s])((?:19|20)\d{2})\s*$", number)
        if m:
            return int(m.group(1))
    return None


# --- signature ----------------------------------------------------------------------------------------------


def find_signature(lines: Sequence[str]) -> Signature:
    """The last signature block: its title, the name under it (academic titles kept as printed) and its NIP.
    A block printed without a NIP takes it from an earlier block of the same signatory."""
    blocks = _signature_blocks(lines)
    if not blocks:
        return Signature()
    last = blocks[-1]
    if last.nip is None and last.name:
        key = _name_key(last.name)
        earlier = [b.nip for b in blocks[:-1] if b.nip and b.name and _name_key(b.name) == key]
        if earlier:
            return Signature(last.title, last.name, earlier[-1])
    return last


def _signature_blocks(lines: Sequence[str]) -> list[Signature]:
    blocks: list[Signature] = []
    used_until = -1
    for i, text in enumerate(lines):
        if i <= used_until:
            continue
        nip = _nip_of(lines, i)
        title = _title_at(lines, i)
        if title is not None:
            block, used_until = _block_from_title(lines, i, title)
            if block.name or block.nip:  # not the "CAMAT X," that opens the preamble
                blocks.append(block)
        elif nip is not None:
            if i > 0 and re.fullmatch(r"NIP\s*\.?\s*:?", lines[i - 1], re.IGNORECASE):
                continue  # the digits under a "NIP :" line, read with it
            blocks.append(_block_above_nip(lines, i, nip))
    return blocks


def _title_at(lines: Sequence[str], i: int) -> str | None:
    """The signatory's title ending at line i ('CAMAT SUKAMAJU,' or one wrapped over two lines), else None."""
    text = lines[i]
    if len(text) > 90 or not _is_titled(text):
        return None
    ends = text.endswith(",")
    after_signing = i > 0 and (SIGNING.match(lines[i - 1]) or PLACE_AND_DATE.match(lines[i - 1]))
    if SIGNATORY_HEAD.match(text) and (ends or after_signing):
        if i > 0 and ON_BEHALF.match(lines[i - 1]):
            return lines[i - 1]  # "a.n. CAMAT X" / "SEKRETARIS KECAMATAN,": the unit is the one signed for
        return text.rstrip(",").strip()
    if ends and i > 0 and SIGNATORY_HEAD.match(lines[i - 1]) and _is_titled(lines[i - 1]) \
            and not lines[i - 1].endswith(","):
        return f"{lines[i - 1]} {text.rstrip(',')}".strip()
    return None


def _is_titled(text: str) -> bool:
    """Every word capitalised (a title or a name), not prose."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in CONNECTORS
                               or re.match(r"^(a\.?n\.?|plt\.?|plh\.?|pj\.?)$", w, re.IGNORECASE) for w in words)


def _block_from_title(lines: Sequence[str], i: int, title: str) -> tuple[Signature, int]:
    """Name (with wrapped academic titles), rank and NIP under a signatory title; returns the last line used."""
    name: str | None = None
    nip: str | None = None
    j = i + 1
    end = min(len(lines), i + 8)
    while j < end:
        text = lines[j]
        found_nip = _nip_of(lines, j)
        if found_nip is not None:
            nip = found_nip
            if name is None:
                name = _name_before_nip(text)
            j += 1 if not re.fullmatch(r"NIP\s*\.?\s*:?", text, re.IGNORECASE) else 2
            break
        if name is None:
            if NOT_A_NAME.match(text) or not text.strip("_-. "):
                j += 1
                continue
            if _title_at(lines, j) or not is_name_like(text):
                break
            name = text
        elif DEGREES_ONLY.match(text) and name.rstrip().endswith((",", ".")):
            name = f"{name} {text}"  # the name's titles wrapped to the next line
        elif not RANK.search(text):
            break
        j += 1
    return Signature(title, clean_name(name) if name else None, nip), j - 1


def is_name_like(text: str) -> bool:
    """A line that can be a signatory's name: short, capitalised words (lower case only in abbreviated titles
    such as 'dr.'), no label, no section word."""
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80 or CITED_START.match(text) or SIGNING.match(text) \
            or SIGNATORY_HEAD.match(text):
        return False
    if label_of(text) or DECREE_OF.match(text) or NUMBER.match(text) or IKI_TITLE.match(text) \
            or re.match(r"^(LAMPIRAN|TENTANG|MEMUTUSKAN|Menetapkan)\b", text, re.IGNORECASE):
        return False
    if ":" in text and not re.match(r"^nama\s*:", text, re.IGNORECASE):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or "." in w or w[:1] in "(_[" for w in words)


def _name_before_nip(text: str) -> str | None:
    """The name printed on the NIP's own line ('SUWARSO, M.Si NIP. 1969…'), if any."""
    head = re.split(r"\bNIP\b", text, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    return head or None


def _block_above_nip(lines: Sequence[str], i: int, nip: str) -> Signature:
    """A NIP with no signatory title found above it: the nearest name-like line above (ranks skipped), and the
    title over that name if it opens with a head's word ('CAMAT SUKAMAJU' printed without its comma)."""
    own = _name_before_nip(lines[i])
    if own and not BARE_NIP.match(lines[i]) and is_name_like(own):
        above = lines[i - 1] if i > 0 and SIGNATORY_HEAD.match(lines[i - 1]) else None
        return Signature(above, clean_name(own), nip)
    for j in range(i - 1, max(i - 5, -1), -1):
        text = lines[j]
        if RANK.search(text) or NOT_A_NAME.match(text):
            continue
        if DEGREES_ONLY.match(text) and j > 0:
            j, text = j - 1, f"{lines[j - 1]} {text}"
        if not is_name_like(text):
            break
        k = j - 1
        while k > 0 and NOT_A_NAME.match(lines[k]):
            k -= 1
        title = lines[k] if k >= 0 and SIGNATORY_HEAD.match(lines[k]) and _is_titled(lines[k]) else None
        return Signature(title.rstrip(",") if title else None, clean_name(text), nip)
    return Signature(None, None, nip)


def _nip_of(lines: Sequence[str], i: int) -> str | None:
    """The 18 digits of a NIP printed on line i (`NIP. 19690920 199112 1 001`, `NIP :` with the digits on the
    next line, or the bare grouped digits); OCR's O and l in the digits are read as 0 and 1."""
    text = lines[i]
    m = NIP.search(text)
    if m:
        return _nip_digits(m.group(1))
    if re.fullmatch(r"NIP\s*\.?\s*:?", text, re.IGNORECASE) and i + 1 < len(lines):
        return _nip_digits(lines[i + 1])
    m = BARE_NIP.match(text)
    return "".join(m.groups()) if m else None


def _nip_digits(text: str) -> str | None:
    digits = re.sub(r"[\s.]", "", text.translate(str.maketrans("OoIl|", "00111")))
    m = re.match(r"\d{18}", digits)
    return m.group(0) if m else None


def clean_name(name: str) -> str:
    """The name as printed, without stamps, underline marks or brackets; OCR's '.' for ',' before an academic
    title is read back as ',' ('SUWARSO. A.Ks..M.Si' -> 'SUWARSO, A.Ks.,M.Si')."""
    name = re.sub(r"^(?:nama\s*:\s*|ttd\.?\s+)", "", name.strip(), flags=re.IGNORECASE)
    name = name.strip("_()[] ")
    name = OCR_DOUBLE_DOT.sub(".,", name)
    name = OCR_COMMA.sub(lambda m: m.group(0) if m.group(1).lower() in PREFIX_TITLES else f"{m.group(1)},", name)
    name = OCR_LAST_DEGREE.sub(",", name)
    return " ".join(name.split())


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.split(",")[0].lower())
