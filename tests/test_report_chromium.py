"""report.html as a person sees it: headless Chromium renders it (screenshot not blank) and its DOM, after the
page's script ran, holds the charts and the embedded row image. Skipped only where Chromium is not installed
(scripts/bootstrap.sh installs it, so CI runs it)."""
from __future__ import annotations

from pathlib import Path

import pytest
from chromium import needs_chromium, run_chromium
from PIL import Image
from test_report_fixtures import pdf_output

from report.build import build_report

pytestmark = needs_chromium


@pytest.fixture
def report_html(tmp_path: Path) -> Path:
    input_dir = tmp_path / "input"
    out = pdf_output(input_dir).write(tmp_path / "out")
    return build_report(out, [input_dir])


def test_screenshot_of_the_report_is_not_blank(tmp_path: Path, report_html: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", report_html.as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2000)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, charts and the row image, not a blank page


def test_dom_after_load_has_charts_and_the_row_image(tmp_path: Path, report_html: Path) -> None:
    result = run_chromium(tmp_path, "--dump-dom", report_html.as_uri())
    dom = result.stdout
    assert 'data-ready="1"' in dom, "the page's script did not run to its end"
    for chart_id in ("chart-rows-per-decree", "chart-pages-per-decree", "chart-ocr-confidence",
                     "chart-findings-by-check"):
        assert f'id="{chart_id}"' in dom
    assert dom.count("<svg") >= 4
    assert 'src="data:image/jpeg;base64,' in dom
    assert "Persentase surat diarsipkan" in dom
