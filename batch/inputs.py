"""An input file of a run: where the PDF is and the name it gets in the output."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    """A PDF to read and the name it gets in the output (relative to the input root it was found under)."""

    path: Path
    source_path: str
