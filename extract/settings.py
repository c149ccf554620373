"""All run settings in one frozen, self-validating object (no module-level mutable state)."""
from __future__ import annotations

from dataclasses import dataclass

PIPELINE_VERSION = "0.2.0"


@dataclass(frozen=True)
class Settings:
    """How to read decrees; passed, pickled, to every worker."""

    ocr: bool = True
    tesseract: str = "tesseract"
    ocr_lang: str = "ind+eng"
    ocr_dpi: int = 300
    workers: int = 1
    page_timeout: float = 120.0  # seconds one page may take (parsing + OCR); 0 = no limit
    file_timeout: float = 3600.0  # seconds one file may take; pages left after it are reported failed

    def __post_init__(self) -> None:
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError(f"ocr_dpi must be between 72 and 600, not {self.ocr_dpi}")
        if self.page_timeout < 0 or self.file_timeout < 0:
            raise ValueError("time limits must be >= 0 (0 means no limit)")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
