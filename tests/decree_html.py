"""Decrees as a web page printed to PDF by headless Chromium: another PDF producer than the reportlab fixtures.

Browser-made copies of decrees differ from word-processor ones where it matters to the extractor: table cells
have little padding (column gaps of a few points), header cells are centred, a merged sasaran is a ``rowspan``
cell aligned at its top, list markers are drawn by the browser, and the signature block follows the last table
with no "Ditetapkan" line between them.
"""
from __future__ import annotations

import html
from itertools import groupby
from pathlib import Path
from typing import Literal

from chromium import run_chromium
from decree_pdf import DecreeSpec, PositionSpec

HtmlStyle = Literal["ruled", "borderless"]

_STYLE = """
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; }}
.center {{ text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: {border}; padding: 2px 3px; vertical-align: top; }}
.signature {{ margin-left: 58%; margin-top: 18px; }}
"""


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br>")


def _table(position: PositionSpec) -> str:
    labels = ("NO",) if position.no_column else ()
    head = "".join(f"<th>{_text(label)}</th>" for label in labels + position.header)
    body = []
    number = 0
    for sasaran, rows in groupby(position.rows, key=lambda row: row.sasaran):
        group = list(rows)
        for k, row in enumerate(group):
            number += 1
            cells = [f"<td>{number}</td>"] if position.no_column else []
            if k == 0:
                cells.append(f"<td rowspan='{len(group)}'>{_text(sasaran)}</td>")
            cells += [f"<td>{_text(text)}</td>" for text in (row.indikator, row.formulasi, row.sumber_data)]
            body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def decree_html(spec: DecreeSpec, style: HtmlStyle) -> str:
    """The decree as one HTML page: front matter, position blocks with their tables, signature."""
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><style>"
             f"{_STYLE.format(border='1px solid black' if style == 'ruled' else 'none')}</style></head><body>"]
    parts += [f"<div class='center'><b>{_text(line)}</b></div>" for line in spec.letterhead]
    parts += [f"<div class='center'>{_text(line)}</div>" for line in spec.title_lines]
    parts.append("<h4 class='center'>INDIKATOR KINERJA INDIVIDU</h4>")
    for position in spec.positions:
        parts.append(f"<p>1. Jabatan : {_text(position.jabatan)}</p>")
        parts.append(f"<p>2. Tugas : {_text(' '.join(position.tugas))}</p>")
        items = "".join(f"<li>{_text(item)}</li>" for item in position.fungsi)
        parts.append(f"<p>3. Fungsi :</p><ol type='a'>{items}</ol>" if items else "<p>3. Fungsi : -</p>")
        if position.rows:
            parts.append(_table(position))
    parts.append(f"<div class='signature'>{_text(spec.signatory_title)}<br><br><br><br>"
                 f"{_text(spec.signatory_name)}<br>NIP. {_text(spec.signatory_nip)}</div></body></html>")
    return "".join(parts)


def print_decree(spec: DecreeSpec, pdf_path: Path, style: HtmlStyle) -> Path:
    """Write the decree's page next to ``pdf_path`` and print it to ``pdf_path`` with headless Chromium."""
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    page = pdf_path.with_suffix(".html")
    page.write_text(decree_html(spec, style), encoding="utf-8")
    result = run_chromium(pdf_path.parent / ".chromium", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
                          page.as_uri())
    if not pdf_path.exists():
        raise RuntimeError(f"chromium did not print {pdf_path}: {result.stderr.strip()[-300:]}")
    page.unlink()
    return pdf_path
