"""report.html is one self-contained file with the charts, and shows flagged rows as printed on their page."""
from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from test_report_fixtures import (
    SERVICES,
    OutputSpec,
    clean_rows,
    decree_record,
    fake_id,
    pdf_output,
    position_record,
)

from report.build import REPORT_NAME, build_report
from report.checks import run_checks
from report.cli import main as report_main
from report.output_tables import load_output_tables
from report.review_rows import select_review_rows
from report.settings import ReportSettings

CHART_IDS = ("chart-rows-per-decree", "chart-pages-per-decree", "chart-ocr-confidence", "chart-findings-by-check")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
EMBEDDED_JPEG = re.compile(r'src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"')


def with_normalizations(out: Path, decree_id: str) -> None:
    pd.DataFrame({"decree_id": [decree_id, decree_id], "raw": ["Prosentase", "Musrembang"],
                  "canonical": ["Persentase", "Musrenbang"]}).to_parquet(out / "normalizations.parquet")


def test_report_is_self_contained_with_charts_and_the_printed_row(tmp_path: Path) -> None:
    input_dir = tmp_path / "input"
    spec = pdf_output(input_dir)
    out = spec.write(tmp_path / "out")
    with_normalizations(out, spec.decrees[0]["decree_id"])
    path = build_report(out, [input_dir])
    assert path == out / REPORT_NAME
    html = path.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html), "report.html must not load anything from the network"
    assert "<link" not in html and "url(" not in html and "<script src" not in html
    for chart_id in (*CHART_IDS, "chart-variant-families"):
        assert f'id="{chart_id}"' in html
    assert html.count('<svg class="chart"') == 5
    images = EMBEDDED_JPEG.findall(html)
    assert len(images) == 1
    crop = Image.open(io.BytesIO(base64.b64decode(images[0])))
    width, height = crop.size
    assert 1000 <= width <= 1080 and 100 <= height <= 140  # the 495 x 50 pt row at 150 dpi, plus the margin
    darkest, lightest = (int(v) for v in crop.convert("L").getextrema())  # type: ignore[arg-type]
    assert darkest < 80 and lightest > 200  # printed text on paper, not a blank crop
    assert "Persentase surat diarsipkan" in html and "row.empty_field" in html
    assert "Musrenbang ← Musrembang" in html


def test_without_the_pdfs_the_row_images_are_omitted(tmp_path: Path) -> None:
    out = pdf_output(tmp_path / "input").write(tmp_path / "out")
    html = build_report(out, []).read_text(encoding="utf-8")
    assert "data:image" not in html
    assert "no input folder given" in html
    assert "Persentase surat diarsipkan" in html  # the extracted text is still shown
    assert 'id="chart-variant-families-missing"' in html


def test_a_pdf_changed_since_extraction_is_not_cropped(tmp_path: Path) -> None:
    input_dir = tmp_path / "input"
    out = pdf_output(input_dir).write(tmp_path / "out")
    with (input_dir / "sub" / "arsip.pdf").open("ab") as pdf:
        pdf.write(b"\n% edited\n")
    html = build_report(out, [input_dir]).read_text(encoding="utf-8")
    assert "data:image" not in html and "has changed since it was extracted" in html


def test_rows_to_review_are_capped_worst_first(tmp_path: Path) -> None:
    decree_id = fake_id("ocr")
    rows = clean_rows(decree_id, 0, SERVICES[:4])
    rows[0]["sumber_data"] = ""
    rows[2].update(method="ocr", confidence=0.3)
    rows[3].update(method="ocr", confidence=0.5)
    spec = OutputSpec()
    spec.add_decree(decree_record(decree_id, "ocr.pdf", text_pages=0, ocr_pages=2),
                    [position_record(decree_id, 0, "LURAH")], rows)
    tables, _ = load_output_tables(spec.write(tmp_path / "out"))
    findings = run_checks(tables, ReportSettings())
    chosen, total = select_review_rows(tables, findings, limit=2)
    assert total == 3
    assert [r.key[2] for r in chosen] == [2, 3]


def test_command_line_regenerates_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    input_dir = tmp_path / "input"
    out = pdf_output(input_dir).write(tmp_path / "out")
    assert report_main([str(out), "--input", str(input_dir)]) == 0
    assert "1 findings (0 error, 1 warning, 0 info)" in capsys.readouterr().out
    assert (out / "quality.parquet").is_file() and (out / REPORT_NAME).is_file()
    assert report_main([str(tmp_path / "nowhere")]) == 2
    assert "no output folder" in capsys.readouterr().err


def test_an_empty_output_folder_still_gets_a_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    html = build_report(out, []).read_text(encoding="utf-8")
    assert "contract.missing_dataset" in html
    for chart_id in CHART_IDS:
        assert f'id="{chart_id}"' in html
