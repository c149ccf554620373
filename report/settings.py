"""Thresholds and limits of the quality report, in one frozen, self-validating object."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportSettings:
    """How strict the checks are and how much the HTML report embeds."""

    low_confidence: float = 0.6  # OCR rows under this confidence are flagged
    near_duplicate_jaccard: float = 0.9  # two decrees whose indicator-text shingles overlap this much are one decree
    shingle_words: int = 3  # words per shingle for the near-duplicate comparison
    max_crops: int = 200  # flagged rows shown with their page image, worst first
    crop_dpi: int = 150  # enlarged (a click), a row shows its small print; 100 dpi blurred it
    crop_margin: float = 4.0  # PDF points around a row's box
    crop_max_height: float = 360.0  # PDF points; a taller row box is cut (its text is shown in full next to it)
    max_findings_listed: int = 2000  # findings listed in the HTML table (all of them are in quality.parquet)

    def __post_init__(self) -> None:
        if not 0.0 <= self.low_confidence <= 1.0:
            raise ValueError(f"low_confidence must be between 0 and 1, not {self.low_confidence}")
        if not 0.0 < self.near_duplicate_jaccard <= 1.0:
            raise ValueError(f"near_duplicate_jaccard must be in (0, 1], not {self.near_duplicate_jaccard}")
        if self.shingle_words < 1:
            raise ValueError(f"shingle_words must be at least 1, not {self.shingle_words}")
        if self.max_crops < 0 or self.max_findings_listed < 0:
            raise ValueError("max_crops and max_findings_listed must be >= 0")
        if not 36 <= self.crop_dpi <= 300:
            raise ValueError(f"crop_dpi must be between 36 and 300, not {self.crop_dpi}")
        if self.crop_margin < 0 or self.crop_max_height <= 0:
            raise ValueError("crop_margin must be >= 0 and crop_max_height > 0")
