"""The real lexical resources a token is checked against: is it a correct word, and which words is it near.

- Debian ``hunspell-id`` / ``hunspell-en-us`` (``/usr/share/hunspell``), read by spylls (pure Python, affix-aware:
  it knows *pengoordinasian* and *ketenteraman*). A look-up costs ~1-4 ms, so answers are cached per word.
- ``wordfreq``'s Indonesian list (31k frequent words) and English words with a Zipf frequency >= 3.
- Sastrawi's root-word list, for derived forms the dictionaries lack (ter+laksana+nya, ke+sekretariat+an).

When the hunspell files are missing the resources still load (``has_hunspell`` is False): correct words are then
recognised from the word lists alone and the caller turns fuzzy correction off rather than guess.
"""
from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from extract.word_cache import cached_word_data
from extract.word_list import HUNSPELL_DIR, cached_hunspell_stems  # one reader of the .dic files

ENGLISH_MIN_ZIPF = 3.0
MIN_ROOT_LEN = 4

# Indonesian affixes for recognising derived forms of a known root: (printed prefix, restored first letters).
# meN-/peN- drop or keep the root's first consonant (menata <- tata, memimpin <- pimpin, menyusun <- susun).
PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("memper", ("",)), ("diper", ("",)), ("menge", ("",)), ("penge", ("",)),
    ("meng", ("", "k")), ("peng", ("", "k")), ("meny", ("s",)), ("peny", ("s",)),
    ("mem", ("", "p")), ("pem", ("", "p")), ("men", ("", "t")), ("pen", ("", "t")),
    ("ber", ("",)), ("per", ("",)), ("ter", ("",)), ("me", ("",)), ("pe", ("",)), ("be", ("",)),
    ("di", ("",)), ("ke", ("",)), ("se", ("",)),
)
SUFFIXES: tuple[str, ...] = ("kannya", "annya", "inya", "nya", "kan", "an", "i", "lah", "kah", "pun", "")


@dataclass(frozen=True)
class LexicalResources:
    """Word lists and dictionaries, loaded once; every query is a pure function of the word."""

    common_words: frozenset[str]  # wordfreq Indonesian + frequent English, casefolded
    roots: frozenset[str]  # root words (hunspell stems, Sastrawi, wordfreq) for derived forms
    vocabulary_by_length: Mapping[int, tuple[str, ...]]  # correct whole words, the fuzzy search space
    zipf_id: Mapping[str, float]
    dictionary_words: frozenset[str] = frozenset()  # hunspell-id stems that are words on their own
    hunspell_lookups: tuple[Callable[[str], bool], ...] = ()
    hunspell_id_lookup: Callable[[str], bool] | None = None
    memoize: bool = True  # False only to measure the cost of a look-up (bench/normalize_speed.py)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_hunspell(self) -> bool:
        """Whether the affix-aware Indonesian dictionary is available."""
        return self.hunspell_id_lookup is not None

    def load_dictionaries(self) -> None:
        """Parse the hunspell dictionaries now rather than at the first look-up (a fork server does, once, for
        every worker forked from it)."""
        for lookup in self.hunspell_lookups:
            lookup("")

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` in Indonesian (0 when unknown)."""
        return self.zipf_id.get(word.casefold(), 0.0)

    def is_dictionary_word(self, word: str) -> bool:
        """Whether a dictionary (hunspell id/en) or the frequency lists know ``word`` (casefolded)."""
        folded = word.casefold()
        if folded in self.common_words:
            return True
        return self.is_hunspell_word(folded) if self.hunspell_lookups else False

    def is_hunspell_word(self, word: str) -> bool:
        """Whether a hunspell dictionary (id or en) accepts ``word``; the word lists when there is none."""
        folded = word.casefold()
        if not self.hunspell_lookups:
            return folded in self.common_words
        return self._cached("hunspell", folded, lambda: any(lookup(folded) for lookup in self.hunspell_lookups))

    def is_indonesian_word(self, word: str) -> bool:
        """Whether hunspell-id accepts ``word``: the test a correction target must pass."""
        folded = word.casefold()
        if self.hunspell_id_lookup is None:
            return False
        if folded in self.dictionary_words:
            return True
        lookup = self.hunspell_id_lookup
        return self._cached("id", folded, lambda: lookup(folded))

    def is_derived_word(self, word: str) -> bool:
        """Whether ``word`` is prefixes + a known root (>= 4 letters) + suffixes (ter+laksana+nya)."""
        folded = word.casefold()
        return self._cached("derived", folded, lambda: _derivable(folded, self.roots))

    def is_plausible_word(self, word: str) -> bool:
        """A cheap pre-check before the dictionary: a listed word, a root, or a root with affixes."""
        folded = word.casefold()
        return folded in self.common_words or folded in self.roots or self.is_derived_word(folded)

    def is_known(self, word: str) -> bool:
        """A correct word by any resource: dictionary, frequency list or derivation from a root."""
        return self.is_dictionary_word(word) or self.is_derived_word(word)

    def near_words(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        """Vocabulary words within ``max_distance`` Damerau-Levenshtein edits of ``word`` (casefolded), nearest
        first, then in vocabulary order."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

        folded = word.casefold()
        found: list[tuple[str, int]] = []
        for length in range(len(folded) - max_distance, len(folded) + max_distance + 1):
            choices = self.vocabulary_by_length.get(length)
            if not choices:
                continue
            # Levenshtein (bit-parallel, several times faster over a whole bucket) counts a transposition as two
            # edits, so every word within max_distance DL edits is within 2 * max_distance of it
            near = []
            for match, _, index in process.extract(folded, choices, scorer=Levenshtein.distance,
                                                   score_cutoff=2 * max_distance, limit=None):
                distance = DamerauLevenshtein.distance(folded, match, score_cutoff=max_distance)
                if distance <= max_distance and match != folded:
                    near.append((distance, index, match))
            found.extend((match, int(distance)) for distance, _, match in sorted(near))
        return found

    def _cached(self, kind: str, word: str, compute: Callable[[], bool]) -> bool:
        # A plain dict used as a memo: answers never change for a given word.
        if not self.memoize:
            return bool(compute())
        key = f"{kind}\x00{word}"
        answer = self._cache.get(key)
        if answer is None:
            answer = self._cache[key] = bool(compute())
        return bool(answer)


def _derivable(word: str, roots: frozenset[str]) -> bool:
    """Strip one suffix (or none) and one or two prefixes; a split leaving a known root of >= 4 letters counts."""
    for suffix in SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        if suffix and len(stem) >= MIN_ROOT_LEN and stem in roots:
            return True
        if _prefixed_root(stem, roots, depth=2):
            return True
    return False


def _prefixed_root(stem: str, roots: frozenset[str], depth: int) -> bool:
    """Whether ``stem`` is one to ``depth`` prefixes followed by a known root."""
    for prefix, restorations in PREFIXES:
        if not stem.startswith(prefix):
            continue
        rest = stem[len(prefix):]
        for head in restorations:
            candidate = head + rest
            if len(candidate) >= MIN_ROOT_LEN and candidate in roots:
                return True
            if depth > 1 and _prefixed_root(candidate, roots, depth - 1):
                return True
    return False


class _HunspellLookup:
    """spylls' affix-aware look-up in one hunspell dictionary, parsed on the first look-up (~0.2 s for id, ~1.3 s
    for en): a process whose words are all in the word lists never parses it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._dictionary: Any = None

    def __call__(self, word: str) -> bool:
        if self._dictionary is None:
            from spylls.hunspell import Dictionary

            self._dictionary = Dictionary.from_files(str(self.base))
        return bool(self._dictionary.lookup(word))


def _hunspell_lookup(base: Path) -> Callable[[str], bool] | None:
    if not (base.with_suffix(".dic").exists() and base.with_suffix(".aff").exists()):
        return None
    if importlib.util.find_spec("spylls") is None:
        return None
    return _HunspellLookup(base)


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (importing wordfreq takes 0.1 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _sastrawi_roots() -> set[str]:
    package = _package_dir("Sastrawi")
    if package is None:
        return set()
    path = package / "Stemmer" / "data" / "kata-dasar.txt"
    if not path.exists():
        return set()
    return cached_word_data("sastrawi_roots", (path,), lambda: _read_roots(path))


def _read_roots(path: Path) -> set[str]:
    return {w.strip().casefold() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()}


def _wordfreq_lists() -> tuple[dict[str, float], set[str]]:
    """(Indonesian word -> Zipf, frequent English words), from the word cache once they have been read."""
    package = _package_dir("wordfreq")
    if package is None:
        return {}, set()
    sources = sorted((package / "data").glob("*_id.msgpack.gz")) + sorted((package / "data").glob("*_en.msgpack.gz"))
    return cached_word_data(f"wordfreq_lists_zipf{ENGLISH_MIN_ZIPF}", sources, _read_wordfreq_lists)


def _read_wordfreq_lists() -> tuple[dict[str, float], set[str]]:
    from wordfreq import get_frequency_dict

    indonesian = {w.casefold(): round(math.log10(f * 1e9), 2)
                  for w, f in get_frequency_dict("id", wordlist="best").items() if f > 0}
    min_freq = 10 ** ENGLISH_MIN_ZIPF / 1e9
    english = {w.casefold() for w, f in get_frequency_dict("en", wordlist="best").items() if f >= min_freq}
    return indonesian, english


def _by_length(words: Iterable[str]) -> Mapping[int, tuple[str, ...]]:
    buckets: dict[int, list[str]] = {}
    for word in words:
        if word.isalpha():
            buckets.setdefault(len(word), []).append(word)
    return MappingProxyType({length: tuple(sorted(ws)) for length, ws in buckets.items()})


def load_resources(extra_words: Iterable[str] = (), hunspell_dir: Path = HUNSPELL_DIR) -> LexicalResources:
    """Load every available resource; ``extra_words`` (the domain lexicon) join the vocabulary and roots."""
    indonesian, english = _wordfreq_lists()
    extra = {w.casefold() for w in extra_words}
    id_base, en_base = hunspell_dir / "id_ID", hunspell_dir / "en_US"
    id_lookup, en_lookup = _hunspell_lookup(id_base), _hunspell_lookup(en_base)
    stems, stem_words = (cached_hunspell_stems(id_base.with_suffix(".dic")) if id_lookup else (set(), set()))
    roots = frozenset(stems | _sastrawi_roots() | set(indonesian) | extra)
    # The fuzzy search space: dictionary stems, frequent Indonesian words the dictionary also accepts (checked
    # when a candidate is picked), and the domain words.
    vocabulary = stem_words | set(indonesian) | extra
    return LexicalResources(
        common_words=frozenset(set(indonesian) | english | extra),
        roots=roots,
        vocabulary_by_length=_by_length(vocabulary),
        zipf_id=MappingProxyType(indonesian),
        dictionary_words=frozenset(stem_words),
        hunspell_lookups=tuple(lookup for lookup in (id_lookup, en_lookup) if lookup is not None),
        hunspell_id_lookup=id_lookup,
    )


@functools.lru_cache(maxsize=4)
def cached_resources(extra_words: frozenset[str] = frozenset(), hunspell_dir: Path = HUNSPELL_DIR) -> LexicalResources:
    """The resources, loaded once per process for a given domain vocabulary (~0.1 s from the word cache; the hunspell dictionaries are parsed on first use)."""
    return load_resources(extra_words, hunspell_dir)
