"""Render the quality report as ONE self-contained HTML file: inline CSS, a few lines of inline JS, SVG charts and
row crops as base64 JPEG. Nothing is fetched: the file opens offline, and fast, from an e-mail or a share.

Sections: summary numbers · charts (rows and pages per decree, OCR confidence, findings by check, spelling
variant families) · a sortable per-decree table · the check catalogue with counts · the findings (filterable) ·
the rows to review, worst first, each with the image of the row as printed next to the extracted text.
"""
from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from report.charts import Bar, Segment, bar_chart_svg, histogram_svg
from report.findings import CHECKS, SEVERITY_RANK, Finding
from report.normalization_summary import VariantFamily
from report.review_rows import ReviewRow
from report.row_crops import RowCrops, RowImage
from report.run_summary import RunSummary
from report.settings import ReportSettings

SEVERITY_COLORS = {"error": "#d62728", "warning": "#f0a202", "info": "#4c78a8"}
METHOD_COLORS = {"text": "#4c78a8", "ocr": "#f58518", "skipped": "#bab0ac", "failed": "#d62728"}
STATUS_COLORS = {"ok": "#2ca02c", "partial": "#f0a202", "failed": "#d62728"}


@dataclass(frozen=True)
class ReportContent:
    """Everything the page shows, already computed."""

    title: str
    generated: str
    out_dir: Path
    input_roots: tuple[Path, ...]
    summary: RunSummary
    decrees: pd.DataFrame  # run_summary.decree_table
    findings: tuple[Finding, ...]  # sorted, worst first
    review_rows: tuple[ReviewRow, ...]
    flagged_rows_total: int
    crops: RowCrops
    families: tuple[VariantFamily, ...]
    families_source: str  # which file the families come from ("" when none)
    ocr_confidences: tuple[float, ...]
    settings: ReportSettings


CSS = """
:root{--fg:#1d232a;--muted:#5b6570;--line:#dde2e7;--bg:#f6f7f9;--card:#fff}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}main{max-width:1240px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid var(--line);
padding-bottom:4px}.muted{color:var(--muted)}code{font:12px ui-monospace,Menlo,Consolas,monospace}
nav a{margin-right:14px;color:#2a5db0;text-decoration:none}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:14px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:22px}.card small{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:12px}
.chartbox{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px;overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f4;position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
table.sortable th[data-dir=asc]::after{content:" ▲"}table.sortable th[data-dir=desc]::after{content:" ▼"}
td.num,th.num{text-align:right}.wrap{max-height:520px;overflow:auto;border:1px solid var(--line)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff}
.error{background:#d62728}.warning{background:#f0a202}.info{background:#4c78a8}
.ok{color:#2ca02c}.partial{color:#c77c02}.failed{color:#d62728}
input[type=search]{padding:5px 8px;width:320px;margin:0 0 8px;border:1px solid var(--line);border-radius:6px}
.review{background:var(--card);border:1px solid var(--line);border-left:5px solid #f0a202;border-radius:8px;
margin:0 0 12px;padding:10px 12px}.review.sev-error{border-left-color:#d62728}
.review.sev-info{border-left-color:#4c78a8}.review header{margin-bottom:6px}
.review .body{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px}
.review img{max-width:100%;border:1px solid var(--line);display:block}
.crop{margin:0 0 6px}.crop figcaption{font-size:12px;color:var(--muted)}.crop a{cursor:zoom-in}
.crop .close{display:none}.crop:target{position:fixed;inset:0;z-index:20;margin:0;background:rgba(20,20,20,.9);
display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px}
.crop:target img{max-width:96vw;max-height:88vh;width:auto;background:#fff}
.crop:target figcaption{color:#fff;font-size:14px}.crop:target .close{display:inline;color:#fff;cursor:pointer}
.review dl{margin:0;display:grid;grid-template-columns:92px 1fr;gap:2px 8px}
.review dt{color:var(--muted)}.review dd{margin:0;white-space:pre-wrap;word-break:break-word}
.review ul{margin:6px 0 0;padding-left:18px}.nocrop{color:var(--muted);font-style:italic;border:1px dashed
var(--line);padding:16px;border-radius:6px}.note{color:var(--muted);margin:4px 0 10px}
"""

JS = """
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0], col = th.cellIndex;
    var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
    table.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });
    th.dataset.dir = dir;
    var key = function (row) {
      var cell = row.cells[col], v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
      var n = parseFloat(v); return (v === '' || isNaN(n)) ? v.toLowerCase() : n;
    };
    var rows = Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), c;
      if (typeof x !== typeof y) { c = typeof x === 'number' ? -1 : 1; } else { c = x < y ? -1 : (x > y ? 1 : 0); }
      return dir === 'asc' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
var filter = document.getElementById('finding-filter');
if (filter) {
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    document.querySelectorAll('#findings tbody tr').forEach(function (r) {
      r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
}
document.addEventListener('keydown', function (e) {  // Esc shrinks an enlarged row image back into its card
  var open = location.hash.indexOf('#crop-') === 0 && document.getElementById(location.hash.slice(1));
  if (e.key === 'Escape' && open) { location.hash = open.closest('article').id; }
});
document.documentElement.dataset.ready = '1';
"""


def render_report_html(content: ReportContent) -> str:
    """The whole page as one string."""
    sections = [
        _summary_section(content),
        _charts_section(content),
        _decrees_section(content),
        _checks_section(content),
        _findings_section(content),
        _review_section(content),
    ]
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{escape(content.title)}</title><style>{CSS}</style></head><body><main>"
            + "".join(sections) + f"</main><script>{JS}</script></body></html>\n")


def _card(value: str, label: str, detail: str = "") -> str:
    return f'<div class="card"><small>{escape(label)}</small><b>{escape(value)}</b><small>{detail}</small></div>'


def _split(counts: dict[str, int]) -> str:
    return " · ".join(f"{escape(k)} {v}" for k, v in counts.items() if v)


def _summary_section(content: ReportContent) -> str:
    s = content.summary
    roots = ", ".join(str(r) for r in content.input_roots) or "as recorded in files.parquet"
    per10 = f"{s.findings_per_10_rows:.2f}" if s.findings_per_10_rows is not None else "–"
    conf = f"{s.mean_ocr_confidence:.2f}" if s.mean_ocr_confidence is not None else "–"
    failures = s.decrees_by_status.get("failed", 0) + s.pages_by_method.get("failed", 0)
    cards = "".join([
        _card(str(s.decrees), "decrees", _split(s.decrees_by_status)),
        _card(str(s.pages), "pages", _split(s.pages_by_method)),
        _card(str(s.positions), "positions"),
        _card(str(s.rows), "indicator rows", _split(s.rows_by_method)),
        _card(conf, "mean OCR confidence", f"{s.rows_by_method.get('ocr', 0)} OCR rows"),
        _card(str(failures), "failures", "failed files + failed pages"),
        _card(str(s.findings), "findings", _split(s.findings_by_severity)),
        _card(per10, "findings per 10 rows"),
    ])
    return (f"<header><h1>{escape(content.title)}</h1><p class=\"muted\">Output <code>{escape(str(content.out_dir))}"
            f"</code> · inputs {escape(roots)} · generated {escape(content.generated)} · every finding is in "
            "<code>quality.parquet</code></p><nav><a href=\"#charts\">Charts</a><a href=\"#decrees\">Decrees</a>"
            "<a href=\"#checks\">Checks</a><a href=\"#findings-list\">Findings</a><a href=\"#review\">Rows to review</a>"
            f"</nav></header><section id=\"summary\"><div class=\"cards\">{cards}</div></section>")


def _charts_section(content: ReportContent) -> str:
    table = content.decrees
    rows_bars = [Bar(str(path), (Segment(float(rows - ocr_rows), METHOD_COLORS["text"], "text rows"),
                                 Segment(float(ocr_rows), METHOD_COLORS["ocr"], "OCR rows")))
                 for path, rows, ocr_rows in zip(table["source_path"], table["rows"], table["ocr_rows"])]
    page_bars = [Bar(str(r["source_path"]), tuple(Segment(float(r[m]), METHOD_COLORS[m], m)
                                                  for m in ("text", "ocr", "skipped", "failed")))
                 for _, r in table.iterrows()]
    counts = Counter(f.check for f in content.findings)
    check_bars = [Bar(check, (Segment(float(n), SEVERITY_COLORS[CHECKS[check].severity], CHECKS[check].severity),))
                  for check, n in sorted(counts.items(), key=lambda kv: (SEVERITY_RANK[CHECKS[kv[0]].severity],
                                                                         -kv[1], kv[0]))]
    charts = [
        bar_chart_svg(rows_bars, "chart-rows-per-decree", "Indicator rows per decree"),
        bar_chart_svg(page_bars, "chart-pages-per-decree", "Pages per decree, by how they were read"),
        histogram_svg(list(content.ocr_confidences), "chart-ocr-confidence", "OCR confidence of indicator rows",
                      marker=content.settings.low_confidence, marker_label=f"flag < {content.settings.low_confidence:g}",
                      empty_note="no OCR rows in this output"),
        bar_chart_svg(check_bars, "chart-findings-by-check", "Findings by check", label_chars=30),
    ]
    if content.families:
        family_bars = [Bar(f"{f.canonical} ← {', '.join(f.variants[:3])}",
                           (Segment(float(f.count), "#72b7b2", "occurrences"),)) for f in content.families[:15]]
        charts.append(bar_chart_svg(family_bars, "chart-variant-families",
                                    f"Top spelling variant families ({content.families_source})", label_chars=40))
    else:
        charts.append('<div class="note" id="chart-variant-families-missing">Spelling variant families: neither '
                      '<code>normalizations.parquet</code> nor <code>variant_candidates.csv</code> is in this output.'
                      '</div>')
    boxes = "".join(f'<div class="chartbox">{c}</div>' for c in charts)
    return f'<section id="charts"><h2>Charts</h2><div class="charts">{boxes}</div></section>'


def _decrees_section(content: ReportContent) -> str:
    head = ("<tr><th>source</th><th>status</th><th class=num>pages</th><th class=num>text</th><th class=num>ocr</th>"
            "<th class=num>skipped</th><th class=num>failed</th><th>unit</th><th class=num>year</th>"
            "<th class=num>positions</th><th class=num>rows</th><th class=num>OCR conf.</th>"
            "<th class=num>errors</th><th class=num>warnings</th><th class=num>info</th></tr>")
    body = []
    for _, r in content.decrees.iterrows():
        conf = "" if r["ocr_confidence"] is None or pd.isna(r["ocr_confidence"]) else f"{r['ocr_confidence']:.2f}"
        cells = [f"<td>{escape(str(r['source_path']))}</td>",
                 f"<td class=\"{escape(str(r['status']))}\">{escape(str(r['status']))}</td>"]
        cells += [f"<td class=num>{int(r[c])}</td>" for c in ("pages", "text", "ocr", "skipped", "failed")]
        cells += [f"<td>{escape(str(r['unit_name']))}</td>", f"<td class=num>{escape(str(r['year']))}</td>",
                  f"<td class=num>{int(r['positions'])}</td>", f"<td class=num>{int(r['rows'])}</td>",
                  f"<td class=num data-sort=\"{conf or -1}\">{conf}</td>"]
        cells += [f"<td class=num>{int(r[c])}</td>" for c in ("errors", "warnings", "infos")]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<section id="decrees"><h2>Decrees ({len(content.decrees)})</h2><p class="note">Click a column to '
            f'sort.</p><div class="wrap"><table class="sortable" id="decree-table"><thead>{head}</thead><tbody>'
            f'{"".join(body)}</tbody></table></div></section>')


def _checks_section(content: ReportContent) -> str:
    counts = Counter(f.check for f in content.findings)
    rows = "".join(
        f"<tr><td><code>{escape(spec.name)}</code></td><td><span class=\"badge {spec.severity}\">{spec.severity}"
        f"</span></td><td class=num>{counts.get(spec.name, 0)}</td><td>{escape(spec.meaning)}</td></tr>"
        for spec in CHECKS.values())
    return ('<section id="checks"><h2>Checks</h2><div class="wrap"><table class="sortable"><thead><tr><th>check</th>'
            '<th>severity</th><th class=num>findings</th><th>meaning</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div></section>')


def _findings_section(content: ReportContent) -> str:
    paths = dict(zip(content.decrees["decree_id"], content.decrees["source_path"]))
    shown = content.findings[:content.settings.max_findings_listed]
    rows = []
    for f in shown:
        badge = f'<span class="badge {f.severity}">{f.severity}</span>'
        cells = [f'<td data-sort="{SEVERITY_RANK[f.severity]}">{badge}</td>', f"<td><code>{escape(f.check)}</code></td>",
                 f"<td>{escape(str(paths.get(f.decree_id, f.decree_id[:12] if f.decree_id else 'run')))}</td>"]
        cells += [f"<td class=num>{'' if v is None else v}</td>" for v in (f.position_idx, f.row_idx, f.page)]
        cells += [f"<td>{escape(f.message)}</td>", f"<td><code>{escape(f.value or '')}</code></td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f" Showing the first {len(shown)} of {len(content.findings)}." if len(shown) < len(content.findings)
            else "")
    return ('<section id="findings-list"><h2>Findings</h2><p class="note">Worst first; click a column to sort, type '
            f'to filter.{more}</p><input type="search" id="finding-filter" placeholder="filter findings…">'
            '<div class="wrap"><table class="sortable" id="findings"><thead><tr><th>severity</th><th>check</th>'
            '<th>source</th><th class=num>position</th><th class=num>row</th><th class=num>page</th><th>message</th>'
            f'<th>value</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')


def _review_section(content: ReportContent) -> str:
    cards = [_review_card(row, content.crops) for row in content.review_rows]
    shown = len(content.review_rows)
    total = content.flagged_rows_total
    note = (f"{shown} of {total} flagged rows, worst first (severity, then OCR confidence)."
            if total > shown else f"All {total} flagged rows, worst first.")
    images = sum(1 for row in content.review_rows if row.key in content.crops.images)
    note += (f" {images} shown with the row as printed on its page (both parts of a row a page break cuts); "
             "click an image to enlarge it.")
    return (f'<section id="review"><h2>Rows to review</h2><p class="note">{escape(note)}</p>'
            f'{"".join(cards) or "<p>No flagged rows.</p>"}</section>')


def _review_card(row: ReviewRow, crops: RowCrops) -> str:
    severity = min((f.severity for f in row.findings), key=lambda s: SEVERITY_RANK[s])
    decree_id, position_idx, row_idx = row.key
    conf = f" · {escape(row.method)} {row.confidence:.2f}" if row.confidence is not None else ""
    page = f" · page {row.page}" if row.page is not None else ""
    head = (f'<header><span class="badge {severity}">{severity}</span> <b>{escape(row.source_path)}</b>{page} · '
            f'position {position_idx} ({escape(row.jabatan or "no jabatan")}) · row {row_idx}{conf}</header>')
    card_id = f"row-{decree_id[:12]}-{position_idx}-{row_idx}"
    images = crops.images.get(row.key)
    if images:
        figure = "".join(_crop_figure(image, f"crop-{card_id[4:]}-{n}", card_id, row_idx, n, len(images))
                         for n, image in enumerate(images))
        figure = f"<div>{figure}</div>"
    else:
        why = crops.missing.get(row.key) or ("no page box recorded for this row" if row.box is None
                                             else "row image not rendered")
        figure = f'<div class="nocrop">No image: {escape(why)}</div>'
    fields = "".join(f"<dt>{escape(label)}</dt><dd>{escape(text) or '<i class=muted>(empty)</i>'}</dd>"
                     for label, text in row.fields) or "<dt>row</dt><dd>not found in indicators.parquet</dd>"
    reasons = "".join(f"<li><code>{escape(f.check)}</code> {escape(f.reason_for((position_idx, row_idx)))}</li>"
                      for f in row.findings)
    return (f'<article class="review sev-{severity}" id="{card_id}">{head}'
            f'<div class="body">{figure}<dl>{fields}</dl></div><ul>{reasons}</ul></article>')


def _crop_figure(image: RowImage, crop_id: str, card_id: str, row_idx: int, part: int, parts: int) -> str:
    """One printed part of a row; a click enlarges it to the window (CSS ``:target``), Esc or "close" shrinks it."""
    caption = f"page {image.page}"
    if parts > 1:
        caption += ": continued after the page break" if part else ": a page break cuts the row here"
    return (f'<figure class="crop" id="{crop_id}"><a href="#{crop_id}" title="enlarge">'
            f'<img alt="row {row_idx} as printed on page {image.page}" decoding="async" '
            f'src="data:image/jpeg;base64,{base64.b64encode(image.jpeg).decode("ascii")}"></a>'
            f'<figcaption>{escape(caption)} <a class="close" href="#{card_id}">close ×</a></figcaption></figure>')
