"""A layout fuzzer for indicator tables: hypothesis draws decrees over every dimension of how the table is printed
and four real producers print them (reportlab, LibreOffice Writer from a .docx, LibreOffice Calc from an .xlsx
laid out as offices keep their sheets, Chromium from HTML).

Dimensions (``LAYOUT_DIMENSIONS``): the NO column, header wording and case, header wrap depth (narrow columns and
long wordings), the column set (extra columns such as SATUAN or TARGET, a missing formula or sumber-data
column; without a sumber-data column, "Sumber data: ..." printed in the formula cell), column widths, font
size 7-12 pt, portrait or landscape, cell padding down to zero, table rules (full grid, none, horizontal rules
between groups only), merged sasaran cells aligned at the top or centred,
tables long enough to break over pages (inside merged cells), and how the position labels are printed
(``1. Jabatan``, ``I. JABATAN`` / ``II. TUGAS POKOK``, or no numbers at all), and a group header cell spanning
two columns above a second header row (``TARGET`` over ``VOLUME`` and ``SATUAN``).

The truth of a drawn decree is exact: per position, the rows as (sasaran, indikator, formulasi, sumber_data)
with the sasaran filled down, a field whose column is not printed as None, and the extras as
{printed header: text}. Used by ``tests/test_layout_fuzz.py`` (a fixed sample) and ``bench/fuzz_layouts.py``.
"""
from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

FIELDS = ("sasaran", "indikator", "formulasi", "sumber_data")
PRODUCERS = ("reportlab", "libreoffice", "chromium")
RULES = ("grid", "none", "groups")  # every cell boxed; no rules; horizontal rules between sasaran groups only
LABELS = ("arabic", "roman", "bare")  # 1. Jabatan / 2. Tugas; I. JABATAN / II. TUGAS POKOK; Jabatan / Tugas

# Printed header wordings per field (DOMAIN.md's variants and the meaning words beyond them).
HEADER_WORDINGS: dict[str, tuple[str, ...]] = {
    "no": ("NO", "NO.", "Nomor"),
    "sasaran": ("SASARAN", "KINERJA UTAMA", "SASARAN KINERJA UTAMA", "SASARAN/KINERJA UTAMA", "SASARAN STRATEGIS",
                "TUJUAN", "PROGRAM"),
    "indikator": ("INDIKATOR KINERJA", "INDIKATOR KINERJA UTAMA", "INDIKATOR KINERJA INDIVIDU", "IKI",
                  "INDIKATOR KINERJA INDIVIDU (IKI)"),
    "formulasi": ("FORMULASI", "FORMULASI PERHITUNGAN/PENJELASAN", "PENJELASAN/FORMULASI PERHITUNGAN",
                  "ALASAN/PENJELASAN", "CARA PERHITUNGAN", "DEFINISI OPERASIONAL"),
    "sumber_data": ("SUMBER DATA",),
}
EXTRA_HEADERS: tuple[str, ...] = ("SATUAN", "TARGET", "PENANGGUNG JAWAB", "KETERANGAN", "RENCANA AKSI",
                                  "KINERJA ATASAN YANG DIINTERVENSI")

# Cell text: invented, realistic phrases of the document type.
_SASARAN = ("Meningkatnya kualitas pelayanan administrasi kependudukan", "Terwujudnya tata kelola keuangan yang akuntabel",
            "Meningkatnya partisipasi warga dalam pembangunan", "Terjaganya ketenteraman dan ketertiban umum",
            "Tersedianya dokumen perencanaan tepat waktu", "Meningkatnya kapasitas aparatur kantor")
_INDIKATOR = ("Persentase permohonan KTP yang selesai tepat waktu", "Jumlah laporan keuangan yang disusun",
              "Nilai indeks kepuasan masyarakat", "Persentase usulan Musrenbang yang diakomodasi",
              "Jumlah kegiatan patroli wilayah", "Tingkat kehadiran pegawai", "Jumlah dokumen RKA yang disusun",
              "Persentase pengaduan yang ditindaklanjuti", "Jumlah pelatihan yang diikuti pegawai")
_FORMULASI = ("Jumlah permohonan selesai dibagi jumlah permohonan masuk x 100%", "Jumlah laporan yang disusun",
              "Hasil survei kepuasan masyarakat tahunan", "(jumlah usulan diakomodasi / jumlah usulan) x 100%",
              "Jumlah patroli yang dilaksanakan dalam satu tahun", "Jumlah hari hadir berbanding hari kerja x 100%")
_SUMBER = ("Seksi Pemerintahan", "Subbagian Keuangan", "Laporan tahunan kantor", "Data SKM", "Seksi Trantib",
           "Register pengaduan")
_EXTRA_TEXT: dict[str, tuple[str, ...]] = {
    "SATUAN": ("%", "Dokumen", "Kegiatan", "Laporan", "Indeks"),
    "TARGET": ("100", "12", "4 laporan", "85%", "1 dokumen"),
    "PENANGGUNG JAWAB": ("Sekretaris", "Kasi Pemerintahan", "Kasubbag Umum", "Kasi Trantib"),
    "KETERANGAN": ("Triwulan", "Tahunan", "-", "Bulanan"),
    "RENCANA AKSI": ("Menyusun jadwal kegiatan", "Rapat koordinasi bulanan", "Monitoring lapangan"),
    "KINERJA ATASAN YANG DIINTERVENSI": ("Meningkatnya kinerja kecamatan", "Terwujudnya pelayanan prima"),
    "VOLUME": ("80", "100", "12", "4"),
    "TAHUN LALU": ("75%", "90", "10 laporan"),
    "TAHUN INI": ("80%", "95", "12 laporan"),
}
# A group header cell over two columns of a second header row: group -> the two columns' own headers.
GROUP_HEADERS: dict[str, tuple[str, str]] = {"TARGET": ("VOLUME", "SATUAN"), "CAPAIAN": ("TAHUN LALU", "TAHUN INI")}


@dataclass(frozen=True)
class FuzzColumn:
    """One printed column: its key (a field, ``no`` or ``extra``), its header as printed and the group header cell
    printed above it ("" when its header cell spans both header rows)."""

    key: str
    header: str
    share: float  # of the table width
    group: str = ""

    @property
    def label(self) -> str:
        """The header an extra column's cells are keyed by: the group's text in front of its own."""
        return f"{self.group} {self.header}" if self.group else self.header


@dataclass(frozen=True)
class FuzzRow:
    """One logical row: the four fields (None: no such column) and the extras by printed header."""

    sasaran: str
    indikator: str
    formulasi: str | None
    sumber_data: str | None
    extra: tuple[tuple[str, str], ...]
    sumber_in_penjelasan: bool = False  # no sumber-data column: printed as "Sumber data: ..." in the formula cell

    def printed(self, key: str) -> str:
        """The text of the cell of field ``key`` as printed."""
        if key == "formulasi" and self.sumber_in_penjelasan:
            return f"{self.formulasi}\nSumber data: {self.sumber_data}"
        return getattr(self, key) or ""

    def truth(self) -> tuple[Any, ...]:
        return (self.sasaran, self.indikator, self.formulasi, self.sumber_data, dict(self.extra))


@dataclass(frozen=True)
class FuzzPosition:
    jabatan: str
    tugas: str
    fungsi: tuple[str, ...]
    columns: tuple[FuzzColumn, ...]
    rows: tuple[FuzzRow, ...]
    numbered_row: bool


@dataclass(frozen=True)
class FuzzLayout:
    """How the decree is printed."""

    font_size: float
    landscape: bool
    padding: float  # cell padding in points
    rules: str  # one of RULES
    valign: str  # "top" or "middle": where a merged sasaran is printed in its cell
    header_case: str  # "upper" or "title"
    labels: str = "arabic"  # one of LABELS


@dataclass(frozen=True)
class FuzzDecree:
    unit: str  # e.g. "Kecamatan Sukamaju"
    region: str
    year: int
    positions: tuple[FuzzPosition, ...]
    layout: FuzzLayout

    def truth(self) -> list[list[tuple[Any, ...]]]:
        """Per position, the rows a perfect extractor returns."""
        return [[row.truth() for row in p.rows] for p in self.positions]

    def dimensions(self) -> dict[str, str]:
        """The drawn value of each layout dimension (for per-dimension scores)."""
        cols = self.positions[0].columns
        keys = [c.key for c in cols]
        return {
            "no_column": str("no" in keys),
            "extra_columns": str(sum(1 for k in keys if k == "extra")),
            "fields_missing": ",".join(f for f in ("formulasi", "sumber_data") if f not in keys) or "none",
            "sumber_in_penjelasan": str(any(r.sumber_in_penjelasan for p in self.positions for r in p.rows)),
            "columns": str(len(cols)),
            "font_size": f"{self.layout.font_size:g}",
            "orientation": "landscape" if self.layout.landscape else "portrait",
            "padding": "zero" if self.layout.padding == 0 else "some",
            "rules": self.layout.rules,
            "valign": self.layout.valign,
            "header_case": self.layout.header_case,
            "rows": "long" if sum(len(p.rows) for p in self.positions) > 12 else "short",
            "labels": self.layout.labels,
            "group_header": next((c.group for c in self.positions[0].columns if c.group), "none"),
        }

    def positions_truth(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Per position, (jabatan, tugas, fungsi items) as a perfect extractor returns them."""
        return [(p.jabatan, p.tugas, p.fungsi) for p in self.positions]


_ACRONYMS = ("IKI", "IKU", "(IKI)", "(IKU)")


def _case(text: str, case: str) -> str:
    if case == "upper":
        return text.upper()
    return " ".join(w if w in _ACRONYMS else "/".join(p.capitalize() for p in w.split("/")) for w in text.split(" "))


@st.composite
def fuzz_columns(draw: st.DrawFn, header_case: str) -> tuple[FuzzColumn, ...]:
    keys = (["no"] if draw(st.booleans()) else []) + ["sasaran", "indikator"]
    # one in five tables leaves out the formula or the sumber-data column (never both: the table would be a list)
    missing = draw(st.sampled_from(("formulasi", "sumber_data", "", "", "", "", "", "", "", "")))
    keys += [f for f in ("formulasi", "sumber_data") if f != missing]
    extras = draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=3, unique=True))
    columns = []
    for key in keys:
        share = 0.06 if key == "no" else draw(st.floats(0.14, 0.34))
        columns.append(FuzzColumn(key, _case(draw(st.sampled_from(HEADER_WORDINGS[key])), header_case), share))
    for header in extras:
        columns.append(FuzzColumn("extra", _case(header, header_case), draw(st.floats(0.08, 0.16))))
    total = sum(c.share for c in columns)
    return tuple(FuzzColumn(c.key, c.header, c.share / total) for c in columns)


@st.composite
def fuzz_rows(draw: st.DrawFn, columns: Sequence[FuzzColumn]) -> tuple[FuzzRow, ...]:
    keys = {c.key for c in columns}
    # a table without a sumber-data column may print it in the formula cell, on a line of its own
    inline = "sumber_data" not in keys and "formulasi" in keys and draw(st.booleans())
    rows: list[FuzzRow] = []
    sasaran_pool = list(_SASARAN)
    for _ in range(draw(st.integers(1, 3))):
        sasaran = draw(st.sampled_from(sasaran_pool))
        sasaran_pool.remove(sasaran)
        for _ in range(draw(st.integers(1, 3))):
            extra = tuple((c.header, draw(st.sampled_from(_EXTRA_TEXT[c.header.upper()])))
                          for c in columns if c.key == "extra")
            rows.append(FuzzRow(sasaran, draw(st.sampled_from(_INDIKATOR)),
                                draw(st.sampled_from(_FORMULASI)) if "formulasi" in keys else None,
                                draw(st.sampled_from(_SUMBER)) if "sumber_data" in keys or inline else None, extra,
                                inline))
    return tuple(rows)


_JABATAN = ("Sekretaris Kecamatan", "Kepala Seksi Pemerintahan", "Kasubbag Umum dan Kepegawaian", "LURAH",
            "Kepala Seksi Ketenteraman dan Ketertiban", "Bendahara Pengeluaran")
_FUNGSI = ("penyusunan rencana kerja seksi;", "pelaksanaan koordinasi dengan instansi terkait;",
           "pengelolaan administrasi surat menyurat;", "pelaporan hasil pelaksanaan tugas.")


def _fit_words(columns: tuple[FuzzColumn, ...], layout: FuzzLayout) -> tuple[FuzzColumn, ...]:
    """Widen columns too narrow for their longest word (a producer would break it mid-word), keeping the total."""
    width = (842 if layout.landscape else 595) - 110
    texts = {"no": "99", "sasaran": " ".join(_SASARAN), "indikator": " ".join(_INDIKATOR),
             "formulasi": " ".join(_FORMULASI), "sumber_data": " ".join(_SUMBER)}
    floors = []
    for c in columns:
        body = (texts.get(c.key) or " ".join(_EXTRA_TEXT[c.header.upper()])).split()
        longest = max([0.62 * len(w) for w in body] + [0.78 * len(w) for w in c.header.split()])
        floors.append((layout.font_size * longest + 2 * layout.padding + 8) / width)
    shares = [max(c.share, f) for c, f in zip(columns, floors)]
    for _ in range(20):  # give back what the floors took, from the columns above their floor
        excess = sum(shares) - 1.0
        room = [s - f for s, f in zip(shares, floors)]
        if excess <= 1e-6 or sum(room) <= 1e-6:
            break
        cut = min(excess, sum(room))  # more than the room: the table is printed wider than the text block
        shares = [s - cut * r / sum(room) for s, r in zip(shares, room)]
    return tuple(FuzzColumn(c.key, c.header, s, c.group) for c, s in zip(columns, shares))


@st.composite
def fuzz_decrees(draw: st.DrawFn) -> FuzzDecree:
    """A decree drawn over every layout dimension; its tables share one column set."""
    header_case = draw(st.sampled_from(("upper", "title")))
    layout = FuzzLayout(draw(st.sampled_from((7.0, 8.0, 9.0, 10.0, 11.0, 12.0))), draw(st.booleans()),
                        draw(st.sampled_from((0.0, 1.0, 3.0, 5.0))), draw(st.sampled_from(RULES)),
                        draw(st.sampled_from(("top", "middle"))), header_case)
    columns = _fit_words(draw(fuzz_columns(header_case)), layout)
    jabatan = draw(st.lists(st.sampled_from(_JABATAN), min_size=1, max_size=3, unique=True))
    positions = tuple(FuzzPosition(j, "Membantu pimpinan dalam pelaksanaan tugas di bidangnya.",
                                   tuple(draw(st.lists(st.sampled_from(_FUNGSI), min_size=1, max_size=4, unique=True))),
                                   columns, draw(fuzz_rows(columns)), draw(st.booleans()))
                      for j in jabatan)
    unit = draw(st.sampled_from(("Kecamatan Sukamaju", "Kelurahan Tanjung Harapan", "Desa Mekarsari")))
    region = draw(st.sampled_from(("Kabupaten Sumber Jaya", "Kota Batu Putih")))
    year = draw(st.integers(2018, 2026))
    layout = replace(layout, labels=draw(st.sampled_from(LABELS)))  # drawn last: earlier draws stay as they were
    group = draw(st.sampled_from(("", "", "TARGET", "CAPAIAN")))
    if group and not any(c.header.upper() in GROUP_HEADERS[group] for c in columns):
        positions = _with_group(positions, group, header_case, layout)
    return FuzzDecree(unit, region, year, positions, layout)


def _with_group(positions: tuple[FuzzPosition, ...], group: str, case: str, layout: FuzzLayout
                ) -> tuple[FuzzPosition, ...]:
    """The positions with two more extra columns under one group header cell, where the text block has room for
    them; their cells cycle through the columns' texts (no draw: the decree's other draws stay as they were)."""
    added = tuple(FuzzColumn("extra", _case(h, case), 0.09, _case(group, case)) for h in GROUP_HEADERS[group])
    columns = _fit_words((*positions[0].columns, *added), layout)
    if sum(c.share for c in columns) > 1.0 + 1e-6:
        return positions  # no room for two more columns: a real table would not run off the paper
    out = []
    for p in positions:
        rows = tuple(replace(r, extra=(*r.extra, *((c.label, _EXTRA_TEXT[c.header.upper()][i % len(
            _EXTRA_TEXT[c.header.upper()])]) for c in columns[-2:]))) for i, r in enumerate(p.rows))
        out.append(replace(p, columns=columns, rows=rows))
    return tuple(out)


def drawn_decrees(n: int) -> list[FuzzDecree]:
    """The first ``n`` decrees hypothesis draws with a fixed seed: the same every run (the tests' fixed sample and
    the bench's wide run)."""
    drawn: list[FuzzDecree] = []

    @settings(max_examples=n, database=None, derandomize=True, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(fuzz_decrees())
    def collect(decree: FuzzDecree) -> None:
        drawn.append(decree)

    with _without_local_constants():
        collect()
    return drawn[:n]


@contextmanager
def _without_local_constants() -> Iterator[None]:
    """Draw without the numbers and strings hypothesis mixes in from the project's own modules already imported:
    which those are depends on what ran before (pytest's collection order, the bench's ``__main__``) and on every
    edit to a constant in ``extract/``, so the fixed sample would not stay fixed. Uses hypothesis internals; where
    they are missing the draws go on unchanged."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:
        yield
        return
    if not hasattr(providers, "_get_local_constants") or not hasattr(providers, "CONSTANTS_CACHE"):
        yield
        return
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        with patch.object(providers, "_get_local_constants", providers.Constants):
            yield
    finally:
        providers.CONSTANTS_CACHE.cache.clear()


# ---------------------------------------------------------------------------------------------------------
# Producers
# ---------------------------------------------------------------------------------------------------------


def _front_lines(decree: FuzzDecree) -> list[str]:
    return [f"PEMERINTAH {decree.region.upper()}", decree.unit.upper(), "",
            f"INDIKATOR KINERJA INDIVIDU {decree.unit.upper()} TAHUN {decree.year}", ""]


def position_labels(position: FuzzPosition, style: str) -> tuple[str, str, str]:
    """The Jabatan, Tugas and Fungsi label lines of a position, printed in one of ``LABELS``' styles."""
    if style == "roman":
        return f"I. JABATAN : {position.jabatan}", f"II. TUGAS POKOK : {position.tugas}", "III. FUNGSI :"
    if style == "bare":
        return f"Jabatan : {position.jabatan}", f"Tugas : {position.tugas}", "Fungsi :"
    return f"1. Jabatan : {position.jabatan}", f"2. Tugas : {position.tugas}", "3. Fungsi :"


def _cells_of(position: FuzzPosition) -> list[list[str]]:
    """The printed body grid: one list per row (sasaran and NO printed on the group's first row only)."""
    grid = []
    number = 0
    for _, group in groupby(position.rows, key=lambda r: r.sasaran):
        number += 1
        for k, row in enumerate(group):
            extra = dict(row.extra)
            cells = []
            for col in position.columns:
                if col.key == "no":
                    cells.append(str(number) if k == 0 else "")
                elif col.key == "sasaran":
                    cells.append(row.sasaran if k == 0 else "")
                elif col.key == "extra":
                    cells.append(extra[col.label])
                else:
                    cells.append(row.printed(col.key))
            grid.append(cells)
    return grid


def _header_grid(columns: Sequence[FuzzColumn]) -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """The header rows' cell texts ("" under a span) and the spans ((row, col) to (row, col)): one row when no
    column has a group; else a group cell across its columns' first row, and every other header cell over
    both rows."""
    if not any(c.group for c in columns):
        return [[c.header for c in columns]], []
    top, bottom, spans = [], [], []
    for j, c in enumerate(columns):
        first_of_group = c.group and (j == 0 or columns[j - 1].group != c.group)
        top.append(c.group if first_of_group else "" if c.group else c.header)
        bottom.append(c.header if c.group else "")
        if not c.group:
            spans.append(((0, j), (1, j)))
        elif first_of_group:
            last = max(k for k in range(j, len(columns)) if columns[k].group == c.group and all(
                columns[m].group == c.group for m in range(j, k + 1)))
            spans.append(((0, j), (0, last)))
    return [top, bottom], spans


def _html_header(columns: Sequence[FuzzColumn]) -> str:
    """The ``<thead>`` rows: a group cell with ``colspan`` over its columns' own cells, the others ``rowspan``."""
    rows, spans = _header_grid(columns)
    if len(rows) == 1:
        return "<tr>" + "".join(f"<th>{html.escape(t)}</th>" for t in rows[0]) + "</tr>"
    width = {c0: c1 - c0 + 1 for (r0, c0), (r1, c1) in spans if r0 == r1}
    top = "".join(f"<th colspan='{width[j]}'>{html.escape(t)}</th>" if j in width else
                  f"<th rowspan='2'>{html.escape(t)}</th>" for j, t in enumerate(rows[0]) if t)
    bottom = "".join(f"<th>{html.escape(t)}</th>" for t in rows[1] if t)
    return f"<tr>{top}</tr><tr>{bottom}</tr>"


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _groups(position: FuzzPosition) -> list[tuple[int, int]]:
    """(first, last) body row of each sasaran group."""
    spans, start = [], 0
    for _, group in groupby(position.rows, key=lambda r: r.sasaran):
        n = len(list(group))
        spans.append((start, start + n - 1))
        start += n
    return spans


def render_reportlab(decree: FuzzDecree, path: Path) -> Path:
    """Print with reportlab's platypus (a Table per position, header row repeated over page breaks)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lay = decree.layout
    size = lay.font_size
    body = ParagraphStyle("b", fontName="Helvetica", fontSize=size, leading=size * 1.25)
    head = ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", alignment=1)
    page = landscape(A4) if lay.landscape else A4
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50)
    story: list[Any] = [Paragraph(html.escape(line) or "&nbsp;", head) for line in _front_lines(decree)]
    width = page[0] - 100
    for position in decree.positions:
        story += [Paragraph(html.escape(line), body) for line in position_labels(position, lay.labels)]
        story += [Paragraph(f"{chr(97 + i)}. {html.escape(item)}", body) for i, item in enumerate(position.fungsi)]
        header_rows, spans = _header_grid(position.columns)
        data: list[list[Any]] = [[Paragraph(html.escape(t), head) if t else "" for t in row] for row in header_rows]
        if position.numbered_row:
            data.append([Paragraph(str(i + 1), head) for i in range(len(position.columns))])
        first = len(data)
        data += [[Paragraph(html.escape(t).replace("\n", "<br/>"), body) for t in row] for row in _cells_of(position)]
        style: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 0), (-1, first - 1), "MIDDLE")]
        style += [("SPAN", (c0, r0), (c1, r1)) for (r0, c0), (r1, c1) in spans]
        style += [(k, (0, 0), (-1, -1), lay.padding) for k in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                                                 "BOTTOMPADDING")]
        keys = [c.key for c in position.columns]
        for a, b in _groups(position):
            for key in ("no", "sasaran"):
                if key in keys and b > a:
                    col = keys.index(key)
                    style.append(("SPAN", (col, first + a), (col, first + b)))
                    if lay.valign == "middle":
                        style.append(("VALIGN", (col, first + a), (col, first + b), "MIDDLE"))
            if lay.rules == "groups":
                style.append(("LINEBELOW", (0, first + b), (-1, first + b), 0.6, colors.black))
        if lay.rules == "grid":
            style.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
        elif lay.rules == "groups":
            style.append(("LINEBELOW", (0, first - 1), (-1, first - 1), 0.6, colors.black))
        story.append(Spacer(1, 6))
        story.append(Table(data, colWidths=[c.share * width for c in position.columns], repeatRows=first,
                           style=TableStyle(style)))
        story.append(Spacer(1, 12))
    story += _signature_reportlab(decree, body)
    doc.build(story)
    return path


def _signature_reportlab(decree: FuzzDecree, style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer
    right = style.clone("sig", leftIndent=300)
    return [Spacer(1, 12), Paragraph(f"Ditetapkan di Sukamaju pada tanggal 2 Januari {decree.year}", right),
            Paragraph(f"KEPALA {decree.unit.upper()},", right), Spacer(1, 30), Paragraph("BUDI SANTOSO, S.Sos", right),
            Paragraph("NIP. 19700101 199003 1 002", right)]


def decree_html(decree: FuzzDecree) -> str:
    """The decree as an HTML page: ``rowspan`` sasaran, a repeating ``<thead>``, rules by CSS."""
    lay = decree.layout
    border = {"grid": "1px solid black", "none": "none", "groups": "none"}[lay.rules]
    css = (f"@page {{ size: A4 {'landscape' if lay.landscape else 'portrait'}; margin: 18mm; }}"
           f"body {{ font-family: 'DejaVu Sans', Arial, sans-serif; font-size: {lay.font_size}pt; }}"
           f"table {{ border-collapse: collapse; width: 100%; }}"
           f"th, td {{ border: {border}; padding: {lay.padding}pt; vertical-align: top; }}"
           f"th {{ text-align: center; vertical-align: middle; }} td.m {{ vertical-align: {lay.valign}; }}"
           f"tr.g td {{ border-top: {'1px solid black' if lay.rules == 'groups' else border}; }}"
           f"thead th {{ border-bottom: {'1px solid black' if lay.rules != 'none' else 'none'}; }}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"]
    parts += [f"<div style='text-align:center'><b>{html.escape(line)}</b>&nbsp;</div>" for line in _front_lines(decree)]
    for position in decree.positions:
        parts.append("<p>" + "<br>".join(html.escape(line) for line in position_labels(position, lay.labels))
                     + "</p><ol type='a'>"
                     + "".join(f"<li>{html.escape(i)}</li>" for i in position.fungsi) + "</ol>")
        widths = "".join(f"<col style='width:{c.share * 100:.1f}%'>" for c in position.columns)
        head = _html_header(position.columns)
        if position.numbered_row:
            head += "<tr>" + "".join(f"<th>{i + 1}</th>" for i in range(len(position.columns))) + "</tr>"
        grid = _cells_of(position)
        spans = {a: b - a + 1 for a, b in _groups(position)}
        keys = [c.key for c in position.columns]
        body = []
        for r, cells in enumerate(grid):
            out = []
            for key, text in zip(keys, cells):
                if key in ("no", "sasaran"):
                    if r in spans:
                        out.append(f"<td class='m' rowspan='{spans[r]}'>{_html_text(text)}</td>")
                else:
                    out.append(f"<td>{_html_text(text)}</td>")
            body.append(f"<tr class='{'g' if r in spans else ''}'>{''.join(out)}</tr>")
        parts.append(f"<table><colgroup>{widths}</colgroup><thead>{head}</thead><tbody>{''.join(body)}</tbody>"
                     "</table><br>")
    parts.append(f"<div style='margin-left:55%'>Ditetapkan di Sukamaju<br>pada tanggal 2 Januari {decree.year}<br>"
                 f"KEPALA {html.escape(decree.unit.upper())},<br><br><br>BUDI SANTOSO, S.Sos<br>"
                 "NIP. 19700101 199003 1 002</div></body></html>")
    return "".join(parts)


def render_chromium(decree: FuzzDecree, path: Path) -> Path:
    """Print the HTML page with headless Chromium."""
    from chromium import run_chromium

    page = path.with_suffix(".html")
    page.write_text(decree_html(decree), encoding="utf-8")
    result = run_chromium(path.parent / ".chromium", "--no-pdf-header-footer", f"--print-to-pdf={path}",
                          page.as_uri())
    if not path.exists():
        raise RuntimeError(f"chromium did not print {path}: {result.stderr.strip()[-300:]}")
    return path


LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def render_libreoffice(decree: FuzzDecree, path: Path) -> Path:
    """Write a .docx with python-docx (merged cells, Word table borders) and print it with LibreOffice."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    lay = decree.layout
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if lay.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(lay.font_size)
    normal.paragraph_format.space_after = Pt(0)
    for line in _front_lines(decree):
        document.add_paragraph(line).alignment = 1
    width_mm = (297 if lay.landscape else 210) - 36
    for position in decree.positions:
        for line in position_labels(position, lay.labels):
            document.add_paragraph(line)
        for i, item in enumerate(position.fungsi):
            document.add_paragraph(f"{chr(97 + i)}. {item}")
        grid = _cells_of(position)
        header_rows, spans = _header_grid(position.columns)
        n_head = len(header_rows) + (1 if position.numbered_row else 0)
        table = document.add_table(rows=n_head + len(grid), cols=len(position.columns))
        if lay.rules == "grid":
            table.style = "Table Grid"
        for j, col in enumerate(position.columns):
            for h, row in enumerate(header_rows):
                table.cell(h, j).text = row[j]
            if position.numbered_row:
                table.cell(len(header_rows), j).text = str(j + 1)
            for r, cells in enumerate(grid):
                table.cell(n_head + r, j).text = cells[j]
        for (r0, c0), (r1, c1) in spans:
            text = header_rows[r0][c0]
            table.cell(r0, c0).merge(table.cell(r1, c1)).text = text
        for h in range(n_head):
            _repeat_header(table.rows[h], OxmlElement, qn)
            for cell in table.rows[h].cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for paragraph in cell.paragraphs:
                    paragraph.alignment = 1
        keys = [c.key for c in position.columns]
        for a, b in _groups(position):
            for key in ("no", "sasaran"):
                if key in keys:
                    j = keys.index(key)
                    cell = table.cell(n_head + a, j).merge(table.cell(n_head + b, j)) if b > a else \
                        table.cell(n_head + a, j)
                    cell.text = grid[a][j]
                    if lay.valign == "middle":
                        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if lay.rules == "groups":
                for cell in table.rows[n_head + b].cells:
                    _border(cell, "bottom", OxmlElement, qn)
        if lay.rules == "groups":
            for cell in table.rows[n_head - 1].cells:
                _border(cell, "bottom", OxmlElement, qn)
        _cell_margins(table, lay.padding, OxmlElement, qn)
        _column_widths(table, fitted_widths(position.columns, width_mm), Mm, qn)
        document.add_paragraph("")
    for line in (f"Ditetapkan di Sukamaju pada tanggal 2 Januari {decree.year}", f"KEPALA {decree.unit.upper()},",
                 "", "", "BUDI SANTOSO, S.Sos", "NIP. 19700101 199003 1 002"):
        document.add_paragraph(line).paragraph_format.left_indent = Mm(100)
    source = path.with_suffix(".docx")
    document.save(str(source))
    _soffice_to_pdf(source, path)
    return path


def fitted_widths(columns: Sequence[FuzzColumn], text_width: float) -> list[float]:
    """The drawn column widths in the unit of ``text_width``, scaled down proportionally when they overflow it
    (a word processor's table always fits the page: its user drags the columns narrower)."""
    widths = [c.share * text_width for c in columns]
    scale = min(1.0, text_width / sum(widths))
    return [w * scale for w in widths]


def _column_widths(table: Any, widths_mm: Sequence[float], mm: Any, qn: Any) -> None:
    """Give the table one set of widths everywhere Word and LibreOffice read them: the grid (``w:gridCol``, which
    LibreOffice lays the columns out on; python-docx leaves it at equal columns), every cell (``w:tcW``, merged
    continuations included), the table width and a fixed layout (no autofit that redistributes them)."""
    twips = [int(mm(w).twips) for w in widths_mm]
    for grid_col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips):
        grid_col.set(qn("w:w"), str(w))
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths_mm):  # no horizontal merges: one tc per grid column
            tc.width = mm(width)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(twips)))
    table.autofit = False


def _repeat_header(row: Any, element: Any, qn: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = element("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _border(cell: Any, side: str, element: Any, qn: Any) -> None:
    properties = cell._tc.get_or_add_tcPr()
    borders = properties.find(qn("w:tcBorders"))
    if borders is None:
        borders = element("w:tcBorders")
        properties.append(borders)
    edge = element(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)


def _cell_margins(table: Any, padding: float, element: Any, qn: Any) -> None:
    properties = table._tbl.tblPr
    margins = element("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        edge = element(f"w:{side}")
        edge.set(qn("w:w"), str(int(padding * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    properties.append(margins)


def _soffice_to_pdf(source: Path, pdf: Path) -> None:
    if LIBREOFFICE is None:
        raise RuntimeError("LibreOffice is not installed (scripts/bootstrap.sh installs it)")
    profile = source.parent / ".lo-profile"
    result = subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
                            capture_output=True, text=True, timeout=180, check=False)
    produced = source.with_suffix(".pdf")
    if not produced.exists():
        raise RuntimeError(f"LibreOffice did not print {source.name}: {result.stderr.strip()[-300:]}")
    if produced != pdf:
        produced.replace(pdf)


def render_calc(decree: FuzzDecree, path: Path) -> Path:
    """Lay the decree out in a spreadsheet (openpyxl) and print it with LibreOffice Calc, as offices keep their
    IKI tables: labels and fungsi in the first column, merged sasaran and NO cells, wrapped text, the sheet fitted
    to the page width (small type), gridlines printed where the table has no borders of its own."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lay = decree.layout
    book = Workbook()
    sheet = book.active
    columns = decree.positions[0].columns
    width_chars = 100 if lay.landscape else 70  # the sheet's width in Calc's character units
    widths = fitted_widths(columns, width_chars)
    n_cols = max(len(p.columns) for p in decree.positions)
    for j in range(n_cols):
        sheet.column_dimensions[get_column_letter(j + 1)].width = widths[j] if j < len(widths) else 10
    plain, bold = Font(name="Liberation Sans", size=lay.font_size), Font(name="Liberation Sans", size=lay.font_size,
                                                                          bold=True)
    thin = Side(style="thin")
    row_no = 0

    def lines_needed(text: str, width: float) -> int:
        # Calc stores the row heights a sheet was saved with: wrap the words as it does, in points (a width
        # unit is 5.25 pt and 3.75 pt of margin; Liberation Sans has Helvetica's metrics), less the cell padding
        room, lines = width * 5.25 + 3.75 - 4, 0
        for paragraph in text.split("\n"):  # a line break in the cell ("Sumber data: ...") starts a line
            lines, used = lines + 1, 0.0
            for word in paragraph.split():
                w = stringWidth(word, "Helvetica", lay.font_size)
                space = stringWidth(" ", "Helvetica", lay.font_size) if used else 0.0
                if used and used + space + w > room:
                    lines, used = lines + 1, w
                else:
                    used += space + w
        return lines

    def put(text: str, font: Font = plain, merge_to: int = 1) -> None:
        nonlocal row_no
        row_no += 1
        cell = sheet.cell(row_no, 1, text)
        cell.font = font
        if merge_to > 1:
            sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=merge_to)
            cell.alignment = Alignment(horizontal="center")

    for line in _front_lines(decree):
        put(line, bold, n_cols)
    for position in decree.positions:
        cols = position.columns
        row_widths = fitted_widths(cols, width_chars)
        for line in position_labels(position, lay.labels):
            put(line)
        for i, item in enumerate(position.fungsi):
            put(f"{chr(97 + i)}. {item}")
        row_no += 1  # a blank row above the table
        header_rows, spans = _header_grid(cols)
        if position.numbered_row:
            header_rows = [*header_rows, [str(j + 1) for j in range(len(cols))]]
        first_head = row_no + 1
        for texts in header_rows:
            row_no += 1
            for j, text in enumerate(texts):
                cell = sheet.cell(row_no, j + 1, text or None)
                cell.font = bold
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.row_dimensions[row_no].height = max(
                lines_needed(t, w) for t, w in zip(texts, row_widths)) * lay.font_size * 1.2 + 2
        for (r0, c0), (r1, c1) in spans:
            sheet.merge_cells(start_row=first_head + r0, start_column=c0 + 1, end_row=first_head + r1,
                              end_column=c1 + 1)
        grid = _cells_of(position)
        body_top = row_no + 1
        heights = []  # what Calc's optimal row height gives each row (it sizes rows to their wrapped text)
        for cells in grid:
            row_no += 1
            for j, text in enumerate(cells):
                cell = sheet.cell(row_no, j + 1, text or None)
                cell.font = plain
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            heights.append(max(lines_needed(t, w) for t, w, c in zip(cells, row_widths, cols)
                               if c.key not in ("no", "sasaran")) * lay.font_size * 1.2 + 2)
            sheet.row_dimensions[row_no].height = heights[-1]
        keys = [c.key for c in cols]
        for a, b in _groups(position):
            for key in ("no", "sasaran"):
                if key not in keys:
                    continue
                j = keys.index(key)
                need = lines_needed(grid[a][j], row_widths[j]) * lay.font_size * 1.3 + 2
                have = sum(heights[a:b + 1])
                if need > have:  # a merged cell never grows its rows: its user makes the last row taller
                    heights[b] += need - have
                    sheet.row_dimensions[body_top + b].height = heights[b]
                if b > a:
                    sheet.merge_cells(start_row=body_top + a, start_column=j + 1, end_row=body_top + b,
                                      end_column=j + 1)
                sheet.cell(body_top + a, j + 1).alignment = Alignment(
                    vertical="center" if lay.valign == "middle" else "top", wrap_text=True)
        if lay.rules != "none":
            group_ends = {body_top + b for _, b in _groups(position)}
            for r in range(first_head, row_no + 1):
                for j in range(len(cols)):
                    if lay.rules == "grid":
                        sheet.cell(r, j + 1).border = Border(left=thin, right=thin, top=thin, bottom=thin)
                    elif r in group_ends or r == body_top - 1:
                        sheet.cell(r, j + 1).border = Border(bottom=thin)
        row_no += 1
    for line in (f"Ditetapkan di Sukamaju pada tanggal 2 Januari {decree.year}", f"KEPALA {decree.unit.upper()},",
                 "", "", "BUDI SANTOSO, S.Sos", "NIP. 19700101 199003 1 002"):
        row_no += 1
        sheet.cell(row_no, max(1, n_cols - 2), line or None).font = plain
    sheet.print_options.gridLines = lay.rules == "none"
    sheet.page_setup.orientation = "landscape" if lay.landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    source = path.with_suffix(".xlsx")
    book.save(str(source))
    _soffice_to_pdf(source, path)
    return path


RENDERERS = {"reportlab": render_reportlab, "libreoffice": render_libreoffice, "chromium": render_chromium,
             "calc": render_calc}


def extracted(pdf: Path, ocr: bool = False) -> tuple[list[list[tuple[Any, ...]]], list[tuple[str, str, tuple[str, ...]]]]:
    """Run the real extraction on a printed (or, with ``ocr``, scanned) decree: per position its rows as the
    truth spells them, and per position (jabatan, tugas, fungsi items)."""
    from extract.document import extract_document
    from extract.settings import Settings

    result = extract_document(pdf, pdf.name, Settings(ocr=ocr))
    by_position: dict[int, list[tuple[Any, ...]]] = {}
    for rec in result.indicators:
        row = tuple(_flat(rec[f + "_raw"]) for f in FIELDS) + (
            {k: _flat(v) for k, v in (rec.get("extra") or [])},)
        by_position.setdefault(rec["position_idx"], []).append(row)
    rows = [by_position.get(i, []) for i in range(max(by_position, default=-1) + 1)]
    positions = [(_flat(p["jabatan_raw"]) or "", _flat(" ".join(p["tugas_raw"] or [])) or "",
                  tuple(_flat(i) or "" for i in p["fungsi_raw"] or [])) for p in result.positions]
    return rows, positions


def _flat(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def normalized_truth(decree: FuzzDecree) -> list[list[tuple[Any, ...]]]:
    return [[tuple(_flat(v) if isinstance(v, str) or v is None else {k: _flat(x) for k, x in v.items()}
                   for v in row) for row in rows] for rows in decree.truth()]
