"""Domain wording the checks look for (data, not logic): percentage indicators and ratio formulas.

Spellings come from DOMAIN.md: the percentage word is printed Persentase, Prosentase or Presentase (not
*presentasi*, a real word: "presentation"); a ratio formula reads ``… berbanding …``, ``… dibagi …``,
``(Σ A / Σ B) x 100%`` or ``… dikali 100%``.
"""
from __future__ import annotations

import re

from normalize.indicator_kind import is_ratio

# An indikator measured as a percentage.
PERCENT_INDIKATOR = re.compile(r"\b(?:persentase|prosentase|presentase|persentasi|prosentasi|persen)\b|%",
                               re.IGNORECASE)
# A formula multiplied by 100: "x 100%", "X 100 %", "× 100", "dikali 100%", "di kali 100".
TIMES_100 = re.compile(r"(?:(?<![a-z])[x×*]|kali(?:kan)?)\s*100\b", re.IGNORECASE)
# An indikator that names a ratio that is not a percentage (an index, a score, an average): a division without
# "x 100" is what it should have.
NAMED_RATIO_INDIKATOR = re.compile(r"\b(?:rasio|indeks|index|nilai|rata-rata|rerata|skor)\b", re.IGNORECASE)
# A cell is empty when it holds no letter or digit (blank, "-", ".").
HAS_CONTENT = re.compile(r"\w")
# Words, for comparing indicator text between decrees.
WORD = re.compile(r"\w+")


def is_percentage_indikator(indikator: str) -> bool:
    """The indikator is measured as a percentage (``Persentase …``, ``Prosentase …``, ``… (%)``)."""
    return bool(PERCENT_INDIKATOR.search(indikator))


def is_ratio_formula(formulasi: str) -> bool:
    """The formula divides one count by another (``berbanding``, ``dibagi``, ``Σ A / Σ B``) or multiplies by 100:
    the rule behind the ``is_ratio`` column, so the check and the column never disagree."""
    return bool(TIMES_100.search(formulasi) or is_ratio(formulasi))


def is_empty_cell(text: str | None) -> bool:
    """Nothing readable printed: null, blank, or only punctuation such as ``-``."""
    return text is None or not HAS_CONTENT.search(text)
