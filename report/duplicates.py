"""The same decree twice in the archive: identical files under two paths, or nearly identical indicator text.

Near-identical content is measured as the Jaccard similarity of the sets of word shingles (``shingle_words``
consecutive casefolded words) of each decree's indikator and formulasi text. Which pairs are compared is found
by MinHash LSH (``LSH_BANDS`` bands of ``LSH_ROWS`` hashes): decrees that share a whole band of their signature,
which a pair at the 0.9 threshold does with probability 1 - 3e-7, so comparing all N² pairs (hours for 10,000
decrees) is not needed; each candidate pair's Jaccard is then computed exactly, so no pair is flagged by chance.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from report.findings import Finding
from report.vocabulary import WORD


@dataclass(frozen=True)
class DecreeText:
    """One decree's comparable text: its id, path and indicator-text shingles."""

    decree_id: str
    source_path: str
    shingles: np.ndarray  # sorted distinct 64-bit hashes of its shingles (shingle_hashes): 8 bytes a shingle


def shingle_hashes(shingles: Iterable[str]) -> np.ndarray:
    """Sorted distinct stable 64-bit hashes of shingles: what a decree keeps for the comparison, a tenth of the
    memory of the strings (a 10,000-decree archive keeps ~50 MB)."""
    return np.unique(np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
                                  for s in shingles), dtype=np.uint64))


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


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted distinct hash arrays (0 for two empty ones)."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def decree_texts(decrees: pd.DataFrame, indicators: pd.DataFrame, shingle_words: int) -> list[DecreeText]:
    """The shingles of every decree that has indicator rows, in source-path order; a decree_id listed under
    several paths (``decree.duplicate_id``) is compared once, under its first path."""
    text = (indicators["indikator"].fillna("").astype(str) + "\n" + indicators["formulasi"].fillna("").astype(str))
    by_decree = text.groupby(indicators["decree_id"].astype(str), sort=False).agg(list).to_dict()
    found = []
    for decree_id, source_path in sorted(zip(decrees["decree_id"], decrees["source_path"]), key=lambda p: str(p[1])):
        rows = by_decree.pop(str(decree_id), None)
        if rows:
            found.append(DecreeText(str(decree_id), str(source_path),
                                    shingle_hashes(text_shingles(rows, shingle_words))))
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


LSH_BANDS = 20
LSH_ROWS = 6
_SEEDS = np.random.default_rng(20240401).integers(1, 2**63, size=LSH_BANDS * LSH_ROWS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def minhash_signature(hashed: np.ndarray) -> np.ndarray:
    """``LSH_BANDS * LSH_ROWS`` min-hashes of a non-empty array of shingle hashes (stable across processes)."""
    mixed = (hashed[:, None] ^ _SEEDS[None, :]) * _MIX  # wraps modulo 2**64, as intended
    mixed ^= mixed >> np.uint64(29)
    signature: np.ndarray = mixed.min(axis=0)
    return signature


def candidate_pairs(texts: Sequence[DecreeText]) -> list[tuple[int, int]]:
    """Pairs (i < j) whose signatures agree on at least one whole band, in order."""
    pairs: set[tuple[int, int]] = set()
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, text in enumerate(texts):
        if not len(text.shingles):
            continue
        signature = minhash_signature(text.shingles)
        for band in range(LSH_BANDS):
            members = buckets.setdefault((band, signature[band * LSH_ROWS:(band + 1) * LSH_ROWS].tobytes()), [])
            pairs.update((j, i) for j in members)
            members.append(i)
    return sorted(pairs)


def near_duplicate_findings(texts: Sequence[DecreeText], threshold: float) -> list[Finding]:
    """Decrees whose shingles overlap at least ``threshold``, grouped: every member but the first is flagged once."""
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, tuple[float, int]] = {}
    for i, j in candidate_pairs(texts):
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
