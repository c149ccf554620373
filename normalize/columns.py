"""Fill the normalized columns of extracted records from their raw columns.

Until the spelling normalizer lands, the normalized text is the raw text with whitespace tidied; the columns exist
so analysts' code does not change when normalization arrives.
"""
from __future__ import annotations

from typing import Any

INDICATOR_TEXT_COLUMNS = ("sasaran", "indikator", "formulasi", "sumber_data")


def normalize_text(raw: str | None) -> str | None:
    """Normalized form of one cell (today: trimmed, internal runs of spaces collapsed, newlines kept)."""
    if raw is None:
        return None
    return "\n".join(" ".join(part.split()) for part in raw.split("\n")).strip()


def normalize_indicator(record: dict[str, Any]) -> dict[str, Any]:
    """Add ``<col>`` next to every ``<col>_raw`` of an indicator record."""
    out = dict(record)
    for col in INDICATOR_TEXT_COLUMNS:
        out[col] = normalize_text(record.get(f"{col}_raw"))
    return out


def normalize_position(record: dict[str, Any]) -> dict[str, Any]:
    """Add ``jabatan``, ``tugas``, ``fungsi`` (normalized) next to their raw forms."""
    out = dict(record)
    out["jabatan"] = normalize_text(record.get("jabatan_raw"))
    out["tugas"] = [normalize_text(t) for t in record.get("tugas_raw", [])]
    out["fungsi"] = [normalize_text(t) for t in record.get("fungsi_raw", [])]
    return out
