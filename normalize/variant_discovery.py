"""Variant discovery: spellings nobody listed yet, clustered the way OpenRefine clusters values, for review.

Tokens of the raw indicator columns that no lexicon knows (not in the domain lexicon, not accepted by hunspell
id/en) are clustered with the other tokens of the same data:

- key collision on the *fingerprint* (casefolded, accents and punctuation removed) and on the 1-gram
  fingerprint (its sorted distinct letters: catches transpositions, administarsi ~ administrasi), kept when the
  two spellings are also near (similarity >= ``MIN_SIMILARITY``);
- nearest neighbours: tokens within one edit (two from eight letters on) by Damerau-Levenshtein distance;
- tokens the normalizer already corrects by fuzzy matching are listed too (method ``fuzzy``): a reviewed entry
  in the lexicon makes that correction explicit.

Each candidate names its suggested canonical (a correct word of the cluster, else its most frequent spelling),
most frequent first. To turn rows into lexicon entries, put ``y`` in their ``accept`` column and run
``python -m normalize.variant_discovery accept CANDIDATES.csv`` (or paste the ``lexicon_entry`` cell).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from extract.atomic_file import write_atomic

from normalize.cleanup import nfkc
from normalize.columns import INDICATOR_TEXT_COLUMNS
from normalize.lexicon import LEXICON_PATH
from normalize.spelling import TOKEN, SpellingNormalizer, default_normalizer

MIN_LENGTH = 5
MIN_SIMILARITY = 0.8


@dataclass(frozen=True)
class VariantCandidate:
    """One unlisted spelling and the canonical it most likely stands for."""

    variant: str
    canonical: str
    count: int
    canonical_count: int
    method: str  # fingerprint, ngram-fingerprint, knn, fuzzy
    score: float
    canonical_known: bool
    examples: str  # printed forms of the variant, most frequent first
    lexicon_entry: str
    accept: str = ""


def fingerprint(token: str) -> str:
    """OpenRefine's fingerprint of one token: casefolded, accents and non-alphanumerics removed."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def ngram_fingerprint(token: str, n: int = 1) -> str:
    """OpenRefine's n-gram fingerprint: the sorted distinct n-grams of the fingerprint."""
    key = fingerprint(token)
    return "".join(sorted({key[i:i + n] for i in range(max(1, len(key) - n + 1))}))


def token_counts(texts: Iterable[Any]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """(casefolded token -> count, casefolded token -> its printed forms with counts)."""
    counts: Counter[str] = Counter()
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        if not isinstance(text, str):
            continue
        for match in TOKEN.finditer(nfkc(text)):
            token = match.group()
            if token.isalpha():
                folded = token.casefold()
                counts[folded] += 1
                printed[folded][token] += 1
    return counts, printed


def _texts(indicators: pd.DataFrame) -> list[Any]:
    texts: list[Any] = []
    for column in INDICATOR_TEXT_COLUMNS:
        name = f"{column}_raw" if f"{column}_raw" in indicators.columns else column
        if name in indicators.columns:
            texts.extend(indicators[name].tolist())
    return texts


def _affix_relatives(a: str, b: str) -> bool:
    """Whether one token is the other with an affix added (diproses ~ proses): a derived word, not a variant."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or long.endswith(short)


def _is_listed(token: str, normalizer: SpellingNormalizer) -> bool:
    lexicon = normalizer.lexicon
    return token in lexicon.protected_words or lexicon.is_variant(token)


def find_variant_candidates(indicators: pd.DataFrame | Iterable[Any],
                            normalizer: SpellingNormalizer | None = None) -> list[VariantCandidate]:
    """Unlisted spellings of the indicators' raw text (a frame, or its text cells one by one, as a stream over a
    large output passes them, so that memory follows the vocabulary, not the rows) and their suggested canonical,
    most frequent first."""
    normalizer = normalizer or default_normalizer()
    resources = normalizer.resources
    counts, printed = token_counts(_texts(indicators) if isinstance(indicators, pd.DataFrame) else indicators)
    words = [t for t in counts if len(t) >= MIN_LENGTH - 1]

    def known(token: str) -> bool:
        return token in normalizer.lexicon.protected_words or resources.is_hunspell_word(token)

    unknown = [t for t in words if len(t) >= MIN_LENGTH and not _is_listed(t, normalizer) and not known(t)]
    best: dict[str, tuple[tuple[bool, int, float], str, str, float]] = {}

    def offer(variant: str, canonical: str, method: str, score: float) -> None:
        if canonical == variant or normalizer.lexicon.is_variant(canonical) or _affix_relatives(variant, canonical):
            return
        rank = (known(canonical), counts.get(canonical, 0), score)
        if variant not in best or rank > best[variant][0]:
            best[variant] = (rank, canonical, method, score)

    for method, key in (("fingerprint", fingerprint), ("ngram-fingerprint", ngram_fingerprint)):
        groups: dict[str, list[str]] = defaultdict(list)
        for token in words:
            groups[key(token)].append(token)
        for token in unknown:
            for other in groups[key(token)]:
                score = fuzz.ratio(token, other) / 100.0
                if other != token and score >= MIN_SIMILARITY:
                    offer(token, other, method, score)

    by_length: dict[int, list[str]] = defaultdict(list)
    for token in words:
        by_length[len(token)].append(token)
    for token in unknown:
        max_edits = 1 if len(token) < 8 else 2
        for length in range(len(token) - max_edits, len(token) + max_edits + 1):
            for other, _, _ in process.extract(token, by_length.get(length, []), scorer=DamerauLevenshtein.distance,
                                               score_cutoff=max_edits, limit=None):
                score = fuzz.ratio(token, other) / 100.0
                if other != token and score >= MIN_SIMILARITY:
                    offer(token, other, "knn", score)

    for token in unknown:
        decision = normalizer.normalize_cell(token).replacements
        fuzzy = [r for r in decision if r.rule == "fuzzy"]
        if fuzzy:
            offer(token, fuzzy[0].normalized.casefold(), "fuzzy", fuzzy[0].score)

    candidates = []
    for variant, ((is_known, canonical_count, _), canonical, method, score) in best.items():
        if not is_known and canonical_count <= counts[variant]:
            continue  # two unknown spellings: only the rarer one is offered as the variant
        entry = json.dumps({"canonical": canonical, "variants": [variant]}, ensure_ascii=False)
        examples = " | ".join(form for form, _ in printed[variant].most_common(3))
        candidates.append(VariantCandidate(variant, canonical, counts[variant], canonical_count, method,
                                           round(score, 4), is_known, examples, entry))
    return sorted(candidates, key=lambda c: (-c.count, -c.canonical_count, c.variant))


def write_variant_candidates(indicators: pd.DataFrame | Iterable[Any], out_csv: Path) -> int:
    """Write the variant candidates of ``indicators`` to ``out_csv`` (most frequent first); returns how many."""
    candidates = find_variant_candidates(indicators)


    def write_csv(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(VariantCandidate)])
            writer.writeheader()
            writer.writerows(asdict(c) for c in candidates)

    write_atomic(out_csv, write_csv)
    return len(candidates)


# ---------------------------------------------------------------------------------------------- review loop


def accepted_entries(rows: Sequence[dict[str, str]]) -> dict[str, list[str]]:
    """canonical -> variants of the rows a reviewer marked ``accept`` (y, yes, x, 1, true)."""
    entries: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.get("accept", "").strip().casefold() in ("y", "yes", "x", "1", "true", "ya"):
            variant, canonical = row["variant"].strip().casefold(), row["canonical"].strip().casefold()
            if variant and canonical and variant != canonical and variant not in entries[canonical]:
                entries[canonical].append(variant)
    return dict(entries)


def merge_into_lexicon(data: dict[str, Any], entries: dict[str, list[str]], note: str) -> int:
    """Add ``entries`` to a parsed lexicon document (existing canonical entries grow); returns variants added."""
    listed = {v for e in data.get("variants", []) for v in e["variants"]}
    by_canonical = {e["canonical"].casefold(): e for e in data.setdefault("variants", [])}
    added = 0
    for canonical, variants in entries.items():
        new = [v for v in variants if v not in listed]
        if not new:
            continue
        if canonical in by_canonical:
            by_canonical[canonical]["variants"].extend(new)
        else:
            by_canonical[canonical] = {"canonical": canonical, "variants": new, "note": note}
            data["variants"].append(by_canonical[canonical])
        listed.update(new)
        added += len(new)
    return added


def dump_lexicon(data: dict[str, Any]) -> str:
    """The lexicon document in its reviewed layout: one entry per line, one line per word list."""
    lines = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, list):
            body = ",\n".join(f"  {json.dumps(v, ensure_ascii=False)}" for v in value)
            lines.append(f" {json.dumps(key)}: [\n{body}\n ]{comma}" if value else f" {json.dumps(key)}: []{comma}")
        elif isinstance(value, dict):
            inner = ",\n".join(f"  {json.dumps(k)}: {_wrapped(v)}" for k, v in value.items())
            lines.append(f" {json.dumps(key)}: {{\n{inner}\n }}{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrapped(value: Any, width: int = 116) -> str:
    """A JSON value; a long list of strings wrapped over several lines."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= width or not isinstance(value, list):
        return text
    lines, line = [], ""
    for item in (json.dumps(v, ensure_ascii=False) for v in value):
        if line and len(line) + len(item) + 2 > width:
            lines.append(line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    lines.append(line)
    return "[\n   " + "\n   ".join(lines) + "\n  ]"


def accept_candidates(candidates_csv: Path, lexicon_path: Path = LEXICON_PATH) -> int:
    """Merge the accepted rows of a candidates CSV into the lexicon file; returns how many variants were added."""
    from normalize.lexicon import lexicon_from_dict

    with candidates_csv.open(encoding="utf-8", newline="") as handle:
        entries = accepted_entries(list(csv.DictReader(handle)))
    data = json.loads(lexicon_path.read_text(encoding="utf-8"))
    added = merge_into_lexicon(data, entries, f"accepted from {candidates_csv.name}")
    lexicon_from_dict(data)  # refuse to write a lexicon that contradicts itself
    if added:
        lexicon_path.write_text(dump_lexicon(data), encoding="utf-8")
    return added


def main(argv: Sequence[str] | None = None) -> int:
    """``discover INDICATORS_DIR OUT.csv`` or ``accept CANDIDATES.csv [--lexicon FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m normalize.variant_discovery", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    discover = sub.add_parser("discover", help="write the candidates of an indicators.parquet dataset")
    discover.add_argument("indicators", type=Path)
    discover.add_argument("out_csv", type=Path)
    accept = sub.add_parser("accept", help="merge the rows marked in the accept column into the lexicon")
    accept.add_argument("candidates_csv", type=Path)
    accept.add_argument("--lexicon", type=Path, default=LEXICON_PATH)
    args = parser.parse_args(argv)
    if args.command == "discover":
        written = write_variant_candidates(pd.read_parquet(args.indicators), args.out_csv)
        print(f"{written} variant candidate(s) -> {args.out_csv}")
    else:
        added = accept_candidates(args.candidates_csv, args.lexicon)
        print(f"{added} variant(s) added to {args.lexicon}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
