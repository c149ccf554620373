"""Summaries of the spelling normalizer's audit files, whatever their exact column names.

``normalizations.parquet`` (one row per applied change, or per change with a count) and ``variant_candidates.csv``
(variants found for review) are written by the normalizer; both are optional. Their columns are recognised by
name among common spellings (``variant``/``raw``/``from`` …, ``canonical``/``normalized``/``to`` …,
``count``/``n`` …), so this report keeps working while that format settles.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from report.findings import Finding

VARIANT_COLUMNS = ("variant", "raw", "raw_token", "original", "from", "token", "source", "word")
CANONICAL_COLUMNS = ("canonical", "normalized", "normalized_token", "to", "replacement", "target", "suggestion")
COUNT_COLUMNS = ("count", "n", "occurrences", "frequency", "freq", "hits")
TOP_SHOWN = 5


@dataclass(frozen=True)
class VariantFamily:
    """A canonical spelling, how often a variant of it was seen, and those variants (most frequent first)."""

    canonical: str
    count: int
    variants: tuple[str, ...]


def _pick(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    """The column named one of ``names`` (case-insensitive), else the first whose name contains one of them
    (``token_raw``, ``canonical_form``)."""
    lowered = {str(c).casefold(): str(c) for c in frame.columns}
    exact = next((lowered[n] for n in names if n in lowered), None)
    if exact is not None:
        return exact
    return next((original for low, original in lowered.items() if any(len(n) > 2 and n in low for n in names)),
                None)


def variant_families(frame: pd.DataFrame | None) -> list[VariantFamily]:
    """Families (canonical -> variants) in an audit frame, largest first; ``[]`` when the columns are unknown."""
    if frame is None or frame.empty:
        return []
    variant_col, canonical_col = _pick(frame, VARIANT_COLUMNS), _pick(frame, CANONICAL_COLUMNS)
    if variant_col is None or canonical_col is None:
        return []
    count_col = _pick(frame, COUNT_COLUMNS)
    counts = (pd.to_numeric(frame[count_col], errors="coerce").fillna(1).astype(int) if count_col
              else pd.Series(1, index=frame.index))
    pairs = pd.DataFrame({"variant": frame[variant_col].astype(str), "canonical": frame[canonical_col].astype(str),
                          "count": counts.to_numpy()})
    pairs = pairs[pairs["variant"].str.casefold() != pairs["canonical"].str.casefold()]
    pairs["family"] = pairs["canonical"].str.casefold()
    families = []
    for _, group in pairs.groupby("family", sort=False):
        by_variant = group.groupby("variant")["count"].sum().sort_values(ascending=False)
        spelling = group.groupby("canonical")["count"].sum().sort_values(ascending=False, kind="stable").index[0]
        families.append(VariantFamily(str(spelling), int(by_variant.sum()),
                                      tuple(str(v) for v in by_variant.index)))
    return sorted(families, key=lambda f: (-f.count, f.canonical.casefold()))


def _top(families: list[VariantFamily]) -> str:
    return "; ".join(f"{'/'.join(f.variants[:3])} → {f.canonical} ×{f.count}" for f in families[:TOP_SHOWN])


def normalization_findings(normalizations: pd.DataFrame | None, candidates: pd.DataFrame | None) -> list[Finding]:
    """Run-wide info findings: the normalizations applied (how many, in how many decrees, the top families) and
    the variant candidates found. One each per run, so that an archive of clean decrees is not flagged decree by
    decree for what the normalizer did right; the per-decree detail is in normalizations.parquet."""
    findings = []
    if normalizations is not None and not normalizations.empty:
        decree_col = _pick(normalizations, ("decree_id",))
        decrees = normalizations[decree_col].nunique() if decree_col else 1
        families = variant_families(normalizations)
        changed = sum(f.count for f in families) or len(normalizations)
        findings.append(Finding(
            "normalize.applied", f"{changed} spelling normalization(s) in {decrees} decree(s), "
            f"{len(families)} famil(ies): {_top(families)}", value=str(changed)))
    families = variant_families(candidates)
    if families:
        findings.append(Finding("normalize.variant_candidates",
                                f"{len(families)} variant famil(ies) for review: {_top(families)}",
                                value=str(sum(len(f.variants) for f in families))))
    return findings
