"""The same decree twice in the archive: identical files under two paths, or nearly identical indicator text.

Near-identical content is measured as the Jaccard similarity of the sets of word shingles (``shingle_words``
consecutive casefolded words) of each decree's indikator and formulasi text. The comparison is exact and
pairwise: an 18-file corpus takes milliseconds, and a few thousand decrees a few seconds; past that a MinHash
LSH index (e.g. ``datasketch``) would find the same pairs without comparing all of them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from report.findings import Finding
from report.vocabulary import WORD


@dataclass(frozen=True)
class DecreeText:
    """One decree's comparable text: its id, path and indicator-text shingles."""

    decree_id: str
    source_path: str
    shingles: frozenset[str]


def text_shingles(texts: Iterable[str], size: int) -> frozenset[str]:
    """Every run of ``size`` consecutive casefolded words, within each text."""
    found: set[str] = set()
    for text in texts:
        words = [w.casefold() for w in WORD.findall(text)]
        if len(words) < size:
            if words:
                found.add(" ".join(words))
            continue
        found.update(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))
    return frozenset(found)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def decree_texts(decrees: pd.DataFrame, indicators: pd.DataFrame, shingle_words: int) -> list[DecreeText]:
    """The shingles of every decree that has indicator rows, in source-path order; a decree_id listed under
    several paths (``decree.duplicate_id``) is compared once, under its first path."""
    text = (indicators["indikator"].fillna("").astype(str) + "\n" + indicators["formulasi"].fillna("").astype(str))
    by_decree = text.groupby(indicators["decree_id"].astype(str), sort=False).agg(list).to_dict()
    found = []
    for decree_id, source_path in sorted(zip(decrees["decree_id"], decrees["source_path"]), key=lambda p: str(p[1])):
        rows = by_decree.pop(str(decree_id), None)
        if rows:
            found.append(DecreeText(str(decree_id), str(source_path), text_shingles(rows, shingle_words)))
    return found


def duplicate_id_findings(decrees: pd.DataFrame) -> list[Finding]:
    """One finding per extra path of a file that is in the archive more than once (same sha256)."""
    findings = []
    for decree_id, group in decrees.groupby(decrees["decree_id"].astype(str), sort=True):
        paths = sorted(str(p) for p in group["source_path"])
        for path in paths[1:]:
            findings.append(Finding("decree.duplicate_id", f"{path} is the same file as {paths[0]}",
                                    decree_id=str(decree_id), value=path))
    return findings


def near_duplicate_findings(texts: Sequence[DecreeText], threshold: float) -> list[Finding]:
    """Decrees whose shingles overlap at least ``threshold``, grouped: every member but the first is flagged once."""
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, tuple[float, int]] = {}
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            score = jaccard(texts[i].shingles, texts[j].shingles)
            if score >= threshold:
                parent[root(j)] = root(i)
                for member, other in ((i, j), (j, i)):
                    if score > best.get(member, (-1.0, -1))[0]:
                        best[member] = (score, other)
    findings = []
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        first = members[0]
        for member in members[1:]:
            score, closest = best.get(member, (0.0, first))
            findings.append(Finding(
                "decree.near_duplicate",
                f"{texts[member].source_path} has nearly the same indicator text as {texts[closest].source_path} "
                f"(Jaccard {score:.2f}; group of {len(members)} led by {texts[first].source_path})",
                decree_id=texts[member].decree_id, value=f"{score:.3f} {texts[closest].source_path}"))
    return findings
