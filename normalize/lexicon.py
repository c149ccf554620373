"""The curated domain lexicon (``lexicon.json``): canonical terms, their known variants, protected words.

The lexicon is data, reviewed like code. :func:`load_lexicon` reads it into a frozen :class:`DomainLexicon` and
refuses a file that contradicts itself (a variant that is also a canonical or protected word, a variant listed
twice), so a bad edit fails at start-up rather than as silent wrong corrections.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

LEXICON_PATH = Path(__file__).with_name("lexicon.json")


class LexiconError(ValueError):
    """The lexicon file is malformed or contradicts itself."""


@dataclass(frozen=True)
class LexiconEntry:
    """One canonical term and how it is matched (``word``, ``prefix`` or ``context``)."""

    canonical: str
    variants: tuple[str, ...]
    kind: str = "word"
    context: tuple[str, ...] = ()
    window: int = 0
    note: str = ""

    @property
    def label(self) -> str:
        """How the audit names this entry (``lexicon:persentase``)."""
        return f"lexicon:{self.canonical}"


@dataclass(frozen=True)
class SuffixRule:
    """Replace an ending of an unknown token (kept only when the result is a dictionary word)."""

    ending: str
    replacement: str

    @property
    def label(self) -> str:
        return f"suffix:{self.ending}->{self.replacement}"


@dataclass(frozen=True)
class DomainLexicon:
    """Everything the normalizer knows about the domain, casefolded, immutable."""

    exact: Mapping[str, LexiconEntry]
    prefixes: tuple[tuple[str, LexiconEntry], ...]
    contextual: Mapping[str, LexiconEntry]
    suffix_rules: tuple[SuffixRule, ...]
    false_friends: frozenset[str]
    domain_words: frozenset[str]
    acronyms: frozenset[str]
    person_titles: frozenset[str]
    degrees: frozenset[str]
    place_words: frozenset[str]
    ocr_confusions: tuple[tuple[str, str], ...]

    @property
    def canonical_words(self) -> frozenset[str]:
        """Every canonical spelling the lexicon maps to."""
        entries = [*self.exact.values(), *(e for _, e in self.prefixes), *self.contextual.values()]
        return frozenset(e.canonical.casefold() for e in entries)

    @property
    def protected_words(self) -> frozenset[str]:
        """Words fuzzy matching must never change (false friends, domain words, acronyms, canonicals)."""
        return self.false_friends | self.domain_words | self.acronyms | self.canonical_words

    def is_variant(self, word: str) -> bool:
        """Whether ``word`` (any case) is a listed variant of some canonical term."""
        folded = word.casefold()
        return (folded in self.exact or folded in self.contextual
                or any(folded.startswith(prefix) for prefix, _ in self.prefixes))


def _words(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip().casefold() for v in values)


def _entry(raw: Mapping[str, Any], kind: str) -> LexiconEntry:
    canonical = raw.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise LexiconError(f"{kind} entry without a canonical: {raw!r}")
    if kind == "context":
        variants = _words([raw.get("variant")], f"context entry {canonical}")
        context = _words(raw.get("context"), f"context entry {canonical}")
        window = raw.get("window", 4)
        if not isinstance(window, int) or window < 1:
            raise LexiconError(f"context entry {canonical}: window must be a positive integer")
        return LexiconEntry(canonical.strip(), variants, kind, context, window, str(raw.get("note", "")))
    return LexiconEntry(canonical.strip(), _words(raw.get("variants"), f"entry {canonical}"), kind,
                        note=str(raw.get("note", "")))


def lexicon_from_dict(data: Mapping[str, Any]) -> DomainLexicon:
    """Build and validate a lexicon from the parsed JSON document."""
    word_entries = [_entry(e, "word") for e in data.get("variants", [])]
    prefix_entries = [_entry(e, "prefix") for e in data.get("prefix_variants", [])]
    context_entries = [_entry(e, "context") for e in data.get("context_variants", [])]
    protected = data.get("protected", {})
    triggers = data.get("name_triggers", {})
    lexicon = DomainLexicon(
        exact=MappingProxyType({v: e for e in word_entries for v in e.variants}),
        prefixes=tuple(sorted(((v, e) for e in prefix_entries for v in e.variants), key=lambda p: -len(p[0]))),
        contextual=MappingProxyType({v: e for e in context_entries for v in e.variants}),
        suffix_rules=tuple(SuffixRule(str(r["from"]).casefold(), str(r["to"]).casefold())
                           for r in data.get("suffix_rules", [])),
        false_friends=frozenset(_words(protected.get("false_friends", []), "protected.false_friends")),
        domain_words=frozenset(_words(protected.get("domain_words", []), "protected.domain_words")),
        acronyms=frozenset(_words(protected.get("acronyms", []), "protected.acronyms")),
        person_titles=frozenset(_words(triggers.get("person_titles", []), "name_triggers.person_titles")),
        degrees=frozenset(_words(triggers.get("degrees", []), "name_triggers.degrees")),
        place_words=frozenset(_words(triggers.get("place_words", []), "name_triggers.place_words")),
        ocr_confusions=tuple((str(a), str(b)) for a, b in data.get("ocr_confusions", [])),
    )
    _check_consistent(lexicon, [*word_entries, *prefix_entries, *context_entries])
    return lexicon


def _check_consistent(lexicon: DomainLexicon, entries: list[LexiconEntry]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        for variant in entry.variants:
            if variant in seen:
                raise LexiconError(f"variant {variant!r} listed for both {seen[variant]!r} and {entry.canonical!r}")
            seen[variant] = entry.canonical
    canonicals = lexicon.canonical_words
    never_changed = lexicon.domain_words | lexicon.acronyms | lexicon.false_friends
    for variant, canonical in seen.items():
        if variant == canonical.casefold():
            raise LexiconError(f"variant {variant!r} equals its canonical")
        if variant in canonicals:
            raise LexiconError(f"{variant!r} is both a variant and a canonical term")
        contextual = variant in lexicon.contextual
        if variant in never_changed and not (contextual and variant in lexicon.false_friends):
            raise LexiconError(f"{variant!r} is both a variant and a protected word")


def load_lexicon(path: Path = LEXICON_PATH) -> DomainLexicon:
    """Read and validate a lexicon file (default: the one shipped next to this module)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise LexiconError(f"cannot read lexicon {path}: {error}") from error
    return lexicon_from_dict(data)
