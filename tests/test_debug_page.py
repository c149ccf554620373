"""`iki-pipeline debug FILE --page N`: a PNG of the page with what extraction found drawn where it found it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, default_decree
from decree_pdf import TableStyleName, rasterize_pdf, render_decree
from PIL import Image

from debug.cli import DEBUG_DPI
from debug.page_drawing import COLUMN_COLOUR, HEADER_COLOUR, ROW_COLOUR, WORD_COLOUR
from extract.document import read_pages_up_to
from extract.page_tables import TableFragment
from extract.settings import Settings

A4_RATIO = 842 / 595  # height / width of a portrait A4 page


def run_debug(*args: str) -> subprocess.CompletedProcess[str]:
    """``python pipeline.py debug ARGS`` as a user would type it."""
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "pipeline.py"), "debug", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300)


def colour_near(image: Image.Image, x: float, y: float, colour: tuple[int, int, int], reach: int = 2) -> bool:
    """Whether a pixel within ``reach`` of (x, y) has exactly ``colour``."""
    pixels = image.load()
    assert pixels is not None
    return any(pixels[px, py] == colour
               for px in range(max(0, round(x) - reach), min(image.width, round(x) + reach + 1))
               for py in range(max(0, round(y) - reach), min(image.height, round(y) + reach + 1)))


@pytest.mark.parametrize("style", ["ruled", "borderless"])
def test_debug_png_draws_found_columns_rows_and_header_where_extraction_found_them(
        tmp_path: Path, style: TableStyleName) -> None:
    rendered = render_decree(default_decree(), tmp_path / "decree.pdf", style)
    page_no = rendered.table_parts[0].page
    out = tmp_path / "drawn" / "page.png"
    result = run_debug(str(rendered.path), "--page", str(page_no), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "table fragment" in result.stdout
    image = Image.open(out).convert("RGB")
    assert image.height / image.width == pytest.approx(A4_RATIO, rel=0.01)
    assert image.width == pytest.approx(595 * DEBUG_DPI / 72, abs=2)

    layout, content = read_pages_up_to(rendered.path, page_no, Settings(ocr=False))
    fragment = next(item for item in content.items if isinstance(item, TableFragment))
    scale = image.width / layout.width
    assert fragment.header_bottom is not None
    header_mid = (fragment.top + fragment.header_bottom) / 2
    assert colour_near(image, fragment.columns.columns[0].x0 * scale, header_mid * scale, HEADER_COLOUR)
    for row in fragment.rows:
        row_mid = (row.top + row.bottom) / 2 * scale
        for column in fragment.columns.columns:
            assert colour_near(image, column.x0 * scale, row_mid, COLUMN_COLOUR), (column, row)
        second = fragment.columns.columns[1]
        assert colour_near(image, (second.x0 + second.x1) / 2 * scale, row.top * scale, ROW_COLOUR), row
    word = layout.words[0]
    assert colour_near(image, word.x0 * scale, (word.top + word.bottom) / 2 * scale, WORD_COLOUR)
    # below the last printed thing nothing is drawn: the colours mark found things, not the whole page
    lowest = max(w.bottom for w in layout.words)
    margin = image.crop((0, round(lowest * scale) + 4, image.width, image.height))
    drawn = {COLUMN_COLOUR, ROW_COLOUR, HEADER_COLOUR, WORD_COLOUR}
    assert not drawn & {colour for _, colour in margin.getcolors(maxcolors=1 << 20) or []}


def test_debug_of_a_page_the_file_does_not_have_is_a_usage_error(tmp_path: Path) -> None:
    rendered = render_decree(default_decree(), tmp_path / "decree.pdf", "ruled")
    result = run_debug(str(rendered.path), "--page", str(rendered.page_count + 1), "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert f"has {rendered.page_count} page(s)" in result.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by scripts/bootstrap.sh")
def test_debug_of_a_sideways_scan_draws_on_the_page_image_turned_upright(tmp_path: Path) -> None:
    """An OCR page is drawn on its own image, levelled and turned upright as OCR read it (its words' frame)."""
    rendered = render_decree(default_decree(), tmp_path / "digital.pdf", "ruled")
    scan = rasterize_pdf(rendered.path, tmp_path / "scan.pdf", dpi=150, angle=1.0, noise=0.02, seed=7,
                         quarter_turns=1)
    page_no = rendered.table_parts[0].page
    out = tmp_path / "scan-page.png"
    result = run_debug(str(scan), "--page", str(page_no), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "(ocr:" in result.stdout
    image = Image.open(out).convert("RGB")
    assert image.height / image.width == pytest.approx(A4_RATIO, rel=0.02)  # upright, not the sideways scan
    pixels = {colour for _, colour in image.getcolors(maxcolors=1 << 22) or []}
    assert {COLUMN_COLOUR, ROW_COLOUR, WORD_COLOUR} <= pixels
