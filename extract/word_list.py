"""Is a token an Indonesian word? The stems of Debian's ``hunspell-id`` dictionary, read once per process.

Table reading needs this in one place: telling the tail of a word a narrow cell cut ('Pemerint' / 'ahan') from a
word that wrapped onto the next line ('Meningkatnya' / 'mutu'). Stems only (no affix expansion): a cut tail is a
word's end, which is rarely a stem. Without the dictionary the caller falls back to a stricter rule.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

HUNSPELL_DIR = Path(os.environ.get("IKI_HUNSPELL_DIR", "/usr/share/hunspell"))


@functools.lru_cache(maxsize=1)
def indonesian_stems() -> frozenset[str] | None:
    """The dictionary's stems, lower-cased; None when the dictionary is not installed."""
    path = HUNSPELL_DIR / "id_ID.dic"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    lines = text.splitlines()[1:]  # the first line is the entry count
    return frozenset(line.split("/", 1)[0].strip().lower() for line in lines if line.strip())
