"""Optional: the shared corpus and its yardstick (runs only where ../shared/corpus exists, e.g. in CI).

Digital styles only, to stay fast; the scanned styles are measured by the benchmarks and recorded in the README.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

import pipeline

SHARED = PROJECT_ROOT.parent / "shared"
pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not (SHARED / "corpus" / "manifest.json").exists(), reason="no ../shared/corpus")]
TARGETS = {"docx": 0.97, "ruled": 0.97, "borderless": 0.93}


def load_scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SHARED / "bench" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_digital_styles_meet_their_targets(tmp_path: Path) -> None:
    src = tmp_path / "corpus"
    src.mkdir()
    for pdf in (SHARED / "corpus").glob("*.pdf"):
        if any(pdf.stem.endswith(f"__{style}") for style in TARGETS):
            shutil.copy(pdf, src / pdf.name)
    out = tmp_path / "out"
    assert pipeline.main([str(src), "--out", str(out), "--quiet", "--no-ocr"]) == 0
    score = load_scorer()

    class Args:
        truth = str(SHARED / "corpus" / "truth")
        manifest = str(SHARED / "corpus" / "manifest.json")
        clean = str(out)

    summary = score.score_pipeline(Args)["summary"]
    for style, target in TARGETS.items():
        assert summary[style]["f1"] >= target, (style, summary[style])
        assert summary[style]["mean_pos_recall"] >= 0.98 and summary[style]["mean_attribution"] >= 0.98
