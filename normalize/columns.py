"""Fill the normalized columns of extracted records from their raw columns, and say what was changed.

Raw columns (``*_raw``) are never modified. Per indicator: ``sasaran``, ``indikator``, ``formulasi``,
``sumber_data`` (spelling-normalized), ``indicator_kind`` and ``is_ratio``. Per position: ``jabatan`` and the items
of ``tugas``/``fungsi`` (spelling-normalized), ``jabatan_role`` and ``bidang``. :func:`normalize_decree` does a
whole decree and returns the audit rows (``normalizations.parquet``) with it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from extract.decree_metadata import ACRONYMS
from extract.document import DocumentResult
from extract.error_text import describe
from normalize.indicator_kind import indicator_kind, is_ratio
from normalize.jabatan import classify_jabatan, jabatan_title
from normalize.spelling import Replacement, SpellingNormalizer, default_normalizer

INDICATOR_TEXT_COLUMNS = ("sasaran", "indikator", "formulasi", "sumber_data")
POSITION_LIST_COLUMNS = ("tugas", "fungsi")
# Short forms kept upper case in a Title Case jabatan, besides the lexicon's acronyms: those of unit names (UPT,
# UPTD, PMD …) and Roman numerals.
TITLE_ACRONYMS = frozenset(a.casefold() for a in ACRONYMS)

Record = dict[str, Any]
ColumnReplacement = tuple[str, Replacement]


@dataclass(frozen=True)
class NormalizedDecree:
    """A decree's records with their normalized columns, and the audit of every replacement made."""

    indicators: list[Record]
    positions: list[Record]
    normalizations: list[Record]


def normalize_text(raw: str | None, normalizer: SpellingNormalizer | None = None) -> str | None:
    """Normalized form of one cell (clean-up and one spelling per word); None stays None."""
    if raw is None:
        return None
    return (normalizer or default_normalizer()).normalize_cell(raw).text


def _normalize_cell(raw: str | None, column: str, normalizer: SpellingNormalizer,
                    audit: list[ColumnReplacement]) -> str | None:
    if raw is None:
        return None
    cell = normalizer.normalize_cell(raw)
    audit.extend((column, r) for r in cell.replacements)
    return cell.text


def _indicator(record: Record, normalizer: SpellingNormalizer, audit: list[ColumnReplacement]) -> Record:
    out = dict(record)
    for column in INDICATOR_TEXT_COLUMNS:
        out[column] = _normalize_cell(record.get(f"{column}_raw"), column, normalizer, audit)
    out["indicator_kind"] = indicator_kind(out["indikator"])
    out["is_ratio"] = is_ratio(out["formulasi"])
    return out


def _position(record: Record, normalizer: SpellingNormalizer, audit: list[ColumnReplacement]) -> Record:
    out = dict(record)
    jabatan = _normalize_cell(record.get("jabatan_raw"), "jabatan", normalizer, audit)
    out["jabatan"] = jabatan_title(jabatan, normalizer.lexicon.acronyms | TITLE_ACRONYMS) if jabatan else jabatan
    for column in POSITION_LIST_COLUMNS:
        items = record.get(f"{column}_raw") or []
        normalized = (_normalize_cell(item, column, normalizer, audit) for item in items)
        out[column] = [item for item in normalized if item is not None]
    role = classify_jabatan(out["jabatan"])
    out["jabatan_role"] = role.role
    out["bidang"] = list(role.bidang) if role.bidang else None
    return out


def normalize_indicator(record: Record, normalizer: SpellingNormalizer | None = None) -> Record:
    """Add ``<col>`` next to every ``<col>_raw`` of an indicator record, with ``indicator_kind`` and ``is_ratio``."""
    return _indicator(record, normalizer or default_normalizer(), [])


def normalize_position(record: Record, normalizer: SpellingNormalizer | None = None) -> Record:
    """Add ``jabatan``, ``tugas``, ``fungsi`` (normalized), ``jabatan_role`` and ``bidang`` to a position record."""
    return _position(record, normalizer or default_normalizer(), [])


def audit_rows(decree_id: str, replacements: Iterable[ColumnReplacement]) -> list[Record]:
    """One row per distinct (column, raw token, normalized token, rule, source, score), with its count."""
    counts = Counter((column, r.raw, r.normalized, r.rule, r.source, r.score) for column, r in replacements)
    return [{"decree_id": decree_id, "column": column, "raw_token": raw, "normalized_token": normalized,
             "rule": rule, "source": source, "score": score, "count": count}
            for (column, raw, normalized, rule, source, score), count in sorted(counts.items(), key=_audit_order)]


def _audit_order(item: tuple[tuple[str, str, str, str, str, float], int]) -> tuple[int, str, str]:
    (column, raw, *_), count = item
    return (-count, column, raw)


def normalize_decree(decree_id: str, indicators: Sequence[Record], positions: Sequence[Record],
                     normalizer: SpellingNormalizer | None = None) -> NormalizedDecree:
    """Normalize one decree's indicators and positions; the audit lists every replacement with its count."""
    normalizer = normalizer or default_normalizer()
    audit: list[ColumnReplacement] = []
    normalized_indicators = [_indicator(r, normalizer, audit) for r in indicators]
    normalized_positions = [_position(r, normalizer, audit) for r in positions]
    return NormalizedDecree(normalized_indicators, normalized_positions, audit_rows(decree_id, audit))


def normalize_result(result: DocumentResult) -> DocumentResult:
    """``result`` with its normalized columns and audit filled, done where the decree was read (a worker), so the
    parent that writes never becomes the bottleneck. A normalizer failure leaves the raw text, marks the decree
    partial with a one-line reason, and loses nothing."""
    if result.normalized:
        return result
    decree_id = str(result.decree.get("decree_id") or "")
    try:
        done = normalize_decree(decree_id, result.indicators, result.positions)
    except Exception as exc:  # noqa: BLE001 - a normalizer bug must not cost the extracted rows
        reason = f"{result.decree.get('source_path')}: normalization failed: {describe(exc)}"
        decree = {**result.decree, "status": "failed" if result.decree.get("status") == "failed" else "partial",
                  "error": "; ".join(e for e in (result.decree.get("error"), reason) if e)}
        return replace(result, decree=decree, normalized=True)
    return replace(result, indicators=done.indicators, positions=done.positions,
                   normalizations=done.normalizations, normalized=True)
