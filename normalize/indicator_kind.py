"""What an indicator measures (``indicator_kind``) and whether its formula is a ratio (``is_ratio``), by rules kept
as data (``indicator_rules.json``)."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extract.list_marks import LIST_MARKER

RULES_PATH = Path(__file__).with_name("indicator_rules.json")
OTHER = "other"
_LIST_MARKER = re.compile(rf"^\s*\(?{LIST_MARKER}\s*")


@dataclass(frozen=True)
class IndicatorRules:
    """Kind rules in priority order, how many leading words they read, and the ratio patterns."""

    lead_words: int
    kinds: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    ratio_patterns: tuple[re.Pattern[str], ...]


@functools.lru_cache(maxsize=4)
def load_indicator_rules(path: Path = RULES_PATH) -> IndicatorRules:
    """Read and compile the rules file (a bad pattern fails here, at start-up)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return IndicatorRules(
        lead_words=int(data.get("lead_words", 4)),
        kinds=tuple((k["kind"], tuple(re.compile(p) for p in k["patterns"])) for k in data["kinds"]),
        ratio_patterns=tuple(re.compile(p) for p in data["ratio_patterns"]),
    )


def indicator_lead(indikator: str, lead_words: int) -> str:
    """The first words of the first non-empty line, casefolded, without a list marker."""
    first = next((line for line in indikator.split("\n") if line.strip()), "")
    return " ".join(_LIST_MARKER.sub("", first.casefold()).split()[:lead_words])


@functools.lru_cache(maxsize=16384)
def indicator_kind(indikator: str | None, rules_path: Path = RULES_PATH) -> str | None:
    """``persentase``, ``jumlah``, ``nilai/indeks``, ``tingkat``, ``dokumen`` or ``other`` (None: no text)."""
    if not indikator or not indikator.strip():
        return None
    rules = load_indicator_rules(rules_path)
    lead = indicator_lead(indikator, rules.lead_words)
    hits = [(match.start(), order, kind)
            for order, (kind, patterns) in enumerate(rules.kinds)
            for pattern in patterns if (match := pattern.search(lead))]
    return min(hits)[2] if hits else OTHER


@functools.lru_cache(maxsize=16384)
def is_ratio(formulasi: str | None, rules_path: Path = RULES_PATH) -> bool | None:
    """Whether the formula divides one quantity by another (None: no formula printed)."""
    if not formulasi or not formulasi.strip():
        return None
    text = formulasi.casefold()
    return any(p.search(text) for p in load_indicator_rules(rules_path).ratio_patterns)
