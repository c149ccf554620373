"""The review view of report.html on the shipped sample with rows to review (data/raw/sukamaju-2024-review.pdf),
extracted by a real run: each flagged row shows its own reason, a row a page break cuts shows both printed parts,
a report rebuilt without --input keeps its row images, and in Chromium an image enlarges on a click (its link)."""
from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from chromium import needs_chromium, run_chromium
from conftest import review_decree
from decree_pdf import expected_rows
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "sukamaju-2024-review.pdf"
CARD = re.compile(r'<article class="review[^"]*" id="row-\w+-(\d+)-(\d+)">(.*?)</article>', re.DOTALL)
IMAGE = re.compile(r'<figure class="crop" id="(crop-[\w-]+)">.*?src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)".*?'
                   r"<figcaption>(.*?) <a", re.DOTALL)


@pytest.fixture(scope="module")
def review_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped review sample extracted as ``iki-pipeline`` does, from a folder of its own."""
    import pipeline

    root = tmp_path_factory.mktemp("review")
    (root / "in").mkdir()
    shutil.copy(SAMPLE, root / "in" / SAMPLE.name)
    assert pipeline.main([str(root / "in"), "--out", str(root / "out"), "--workers", "1", "--quiet"]) == 0
    return root / "out"


def review_cards(html: str) -> dict[tuple[int, int], str]:
    """The review cards by (position_idx, row_idx)."""
    return {(int(p), int(r)): body for p, r, body in CARD.findall(html)}


def test_shipped_review_sample_holds_the_review_decree(review_out: Path) -> None:
    """scripts/make_samples.py renders it from tests/conftest.py:review_decree: the rows read back are its rows."""
    indicators = pd.read_parquet(review_out / "indicators.parquet").sort_values(["position_idx", "row_idx"])
    fields = ["sasaran_raw", "indikator_raw", "formulasi_raw", "sumber_data_raw"]
    read = [[tuple(str(v) for v in row) for row in group[fields].itertuples(index=False)]
            for _, group in indicators.groupby("position_idx")]
    assert read == [rows for rows in expected_rows(review_decree()) if rows]


def test_each_flagged_row_says_its_own_reason(review_out: Path) -> None:
    quality = pd.read_parquet(review_out / "quality.parquet")
    empty = quality[quality["check"] == "row.empty_field"]
    assert empty["message"].tolist() == ["2 of 9 rows in 2 positions: sumber data empty"]  # the decree's summary
    cards = review_cards((review_out / "report.html").read_text(encoding="utf-8"))
    assert set(cards) == {(0, 2), (1, 0), (3, 1)}
    for key in ((1, 0), (3, 1)):
        assert "<code>row.empty_field</code> sumber data empty</li>" in cards[key]
        assert "2 of 9 rows" not in cards[key]
    assert "<code>row.percentage_not_ratio</code> percentage indikator, formula not a ratio" in cards[(0, 2)]


def test_a_row_a_page_break_cuts_shows_both_parts(review_out: Path) -> None:
    indicators = pd.read_parquet(review_out / "indicators.parquet")
    cut = indicators[indicators["stitched"]]
    assert list(zip(cut["position_idx"], cut["row_idx"], cut["page"], cut["continued_page"])) == [(1, 0, 2, 3)]
    assert indicators.loc[~indicators["stitched"], "continued_page"].isna().all()
    card = review_cards((review_out / "report.html").read_text(encoding="utf-8"))[(1, 0)]
    parts = IMAGE.findall(card)
    assert [caption for _, _, caption in parts] == ["page 2: a page break cuts the row here",
                                                    "page 3: continued after the page break"]
    for _, jpeg, _ in parts:
        darkest, lightest = Image.open(io.BytesIO(base64.b64decode(jpeg))).convert("L").getextrema()  # type: ignore[misc]
        assert darkest < 80 and lightest > 200  # printed text on paper, not a blank crop


def test_report_rebuilt_without_input_keeps_the_row_images(review_out: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline

    files = pd.read_parquet(review_out / "files.parquet")
    assert Path(files["input_path"].iloc[0]).is_absolute()
    before = IMAGE.findall((review_out / "report.html").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)  # the recorded path does not depend on where the report is rebuilt
    assert pipeline.main(["report", str(review_out)]) == 0
    after = IMAGE.findall((review_out / "report.html").read_text(encoding="utf-8"))
    assert len(after) == len(before) == 4  # three rows, one of them in two parts
    assert [jpeg for _, jpeg, _ in after] == [jpeg for _, jpeg, _ in before]


@needs_chromium
def test_chromium_shows_crops_reasons_and_both_parts(review_out: Path, tmp_path: Path) -> None:
    dom = run_chromium(tmp_path, "--dump-dom", (review_out / "report.html").as_uri()).stdout
    assert 'data-ready="1"' in dom
    assert dom.count('src="data:image/jpeg;base64,') == 4
    assert "continued after the page break" in dom and "sumber data empty</li>" in dom


@needs_chromium
def test_chromium_enlarges_a_row_image_over_the_page(review_out: Path, tmp_path: Path) -> None:
    """A click on an image follows its link to ``#crop-…``: the image then fills the window over a dark backdrop."""
    html = review_out / "report.html"
    crop_id = IMAGE.findall(review_cards(html.read_text(encoding="utf-8"))[(1, 0)])[1][0]

    def corner(url: str, name: str) -> int:
        shot = tmp_path / name
        run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", url)
        return int(Image.open(shot).convert("L").getpixel((8, 880)))  # type: ignore[arg-type]

    assert corner(html.as_uri(), "page.png") > 200
    assert corner(f"{html.as_uri()}#{crop_id}", "enlarged.png") < 90
