"""One spelling per word: a cell's tokens mapped to their canonical form, each change recorded with its evidence.

Order of decisions for one token (the first that applies wins):

1. the domain lexicon (``lexicon.json``): a listed variant, a variant prefix (Musrembangkel), a variant inside an
   affixed form (ber+kwalitas), a context-bound variant (money -> monev next to *monitoring*/*evaluasi*);
2. guards — these tokens are never changed by the rules below: shorter than ``min_length``; protected words
   (false friends, domain words, acronyms, canonical terms); acronyms (UPPER, <= 6 letters, or UPPER inside
   mixed-case text); mixed case (LKjIP, RKPDesa); numbers; names (a capitalised token that does not start a
   sentence, tokens after a person title or a place word, before an academic degree); correct words (hunspell
   id/en, wordfreq, or prefixes + a known root + suffixes);
3. a suffix rule (produktifitas -> produktivitas) when the result is a dictionary word;
4. OCR confusions (rn/m, 1/l, 0/o …) when exactly one reading is a dictionary word;
5. fuzzy matching against the dictionary vocabulary and the domain lexicon, also stem-wise inside affixes: within
   one edit (two from ten letters on), similarity >= ``min_ratio``, the target accepted by hunspell-id, and a
   unique best match (a tie is broken only by a clear frequency gap, else the token is left alone).

Cells and tokens are normalized once (``functools.lru_cache``); the result is a pure function of the text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from extract.list_marks import SENTENCE_END_MARKS
from normalize.cleanup import clean_layout, nfkc
from normalize.dictionaries import PREFIXES, SUFFIXES, LexicalResources, cached_resources
from normalize.lexicon import DomainLexicon, LexiconEntry, load_lexicon

TOKEN = re.compile(r"[^\W_]+")
_HYPHEN_BREAK = re.compile(r"(?<![\w-])([^\W\d_]{2,})-(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)([^\W\d_]+)")
_SENTENCE_END = re.compile(rf"[{SENTENCE_END_MARKS}\n]")  # a sentence or line boundary between two tokens
_LIST_MARKER = re.compile(r"^(?:[0-9]{1,2}|[a-zA-Z])$")
NAME_SPAN = 4  # tokens after a title / before a degree taken as a name
PLACE_SPAN = 3  # capitalised tokens after a place word taken as a place name
DOMAIN_PRIOR = 5.5  # a domain term counts as this frequent (Zipf) when two near words tie


@dataclass(frozen=True)
class SpellingSettings:
    """Thresholds of the token rules; validated on creation."""

    min_length: int = 6  # shorter tokens are changed only by the lexicon
    max_edits_short: int = 1  # Damerau-Levenshtein edits allowed below long_from letters
    max_edits_long: int = 2
    long_from: int = 10
    min_ratio: float = 0.85  # rapidfuzz normalized Indel similarity of token and target
    tie_zipf_gap: float = 1.0  # two equally near targets: the more frequent wins only by this margin
    morph_min_length: int = 8  # stem-wise (inside affixes) fuzzy search from this length
    acronym_max_length: int = 6
    derived_min_zipf: float = 3.0  # a token read only as affixes + root is corrected only towards a word this common

    def __post_init__(self) -> None:
        if self.min_length < 5:
            raise ValueError("min_length below 5 would let fuzzy matching touch short tokens")
        if not 0.5 <= self.min_ratio <= 1.0:
            raise ValueError(f"min_ratio must be in [0.5, 1], not {self.min_ratio}")
        if not 0 <= self.max_edits_short <= self.max_edits_long <= 3:
            raise ValueError("edit limits must satisfy 0 <= short <= long <= 3")


@dataclass(frozen=True)
class Replacement:
    """One change of a printed token: what, into what, by which rule or lexicon entry, how sure."""

    raw: str
    normalized: str
    rule: str  # nfkc, hyphen-join, lexicon, lexicon-prefix, lexicon-affix, lexicon-context, suffix, ocr, fuzzy
    source: str  # the lexicon entry (lexicon:persentase) or resource (hunspell-id) that justified it
    score: float  # 1.0 for rules and the lexicon; the similarity for fuzzy matches


@dataclass(frozen=True)
class CellNormalization:
    """A normalized cell and the replacements that made it."""

    text: str
    replacements: tuple[Replacement, ...]


class TokenContext(NamedTuple):
    """What the neighbours of a token say about it (part of the token-decision cache key)."""

    sentence_initial: bool
    upper_cell: bool
    name: bool
    context_hit: bool


def case_style(token: str) -> str:
    """``upper``, ``title``, ``lower`` or ``mixed``."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return "lower"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "title"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    if all(c.islower() for c in letters):
        return "lower"
    return "mixed"


def apply_case(token: str, canonical: str) -> str:
    """``canonical`` written in the case style of ``token`` (MUSREMBANG -> MUSRENBANG, Prosentase -> Persentase)."""
    style = case_style(token)
    if style == "upper":
        return canonical.upper()
    if style == "title":
        return canonical[:1].upper() + canonical[1:].lower()
    if style == "lower":
        return canonical.lower()
    if len(token) == len(canonical):
        return "".join(c.upper() if t.isupper() else c.lower() for t, c in zip(token, canonical))
    return canonical


class _Token(NamedTuple):
    text: str
    start: int
    end: int


class SpellingNormalizer:
    """The token rules over one lexicon and one set of lexical resources; caches decisions per token."""

    def __init__(self, lexicon: DomainLexicon, resources: LexicalResources,
                 settings: SpellingSettings = SpellingSettings(), cache_size: int = 200_000) -> None:
        self.lexicon = lexicon
        self.resources = resources
        self.settings = settings
        self._protected = lexicon.protected_words
        self._targets = lexicon.canonical_words | lexicon.domain_words
        # Per-instance memo caches (pure functions of their arguments).
        self.decide_token = functools.lru_cache(maxsize=cache_size)(self._decide_token)
        self.normalize_cell = functools.lru_cache(maxsize=cache_size)(self._normalize_cell)

    def cache_clear(self) -> None:
        """Forget cached cells and token decisions (the benchmark's uncached run)."""
        self.decide_token.cache_clear()
        self.normalize_cell.cache_clear()

    # ----------------------------------------------------------------------------------------------- cells

    def _normalize_cell(self, raw: str) -> CellNormalization:
        """Clean-up, hyphen joins, then every token through :meth:`decide_token`."""
        replacements = [Replacement(chunk, nfkc(chunk), "nfkc", "unicode", 1.0)
                        for chunk in raw.split() if nfkc(chunk) != chunk and any(c.isalpha() for c in chunk)]
        text = clean_layout(raw)
        text = _HYPHEN_BREAK.sub(lambda m: self._join_hyphen_break(m, replacements), text)
        tokens = [_Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        upper_cell = _is_upper_cell(text)
        names = self._name_positions(text, tokens)
        pieces: list[str] = []
        cursor = 0
        for index, token in enumerate(tokens):
            context = TokenContext(
                sentence_initial=_sentence_initial(text, tokens, index),
                upper_cell=upper_cell,
                name=index in names,
                context_hit=self._context_hit(tokens, index),
            )
            decision = self.decide_token(token.text, context)
            if decision is not None:
                replacements.append(decision)
                pieces.append(text[cursor:token.start] + decision.normalized)
                cursor = token.end
        pieces.append(text[cursor:])
        return CellNormalization("".join(pieces), tuple(replacements))

    def _join_hyphen_break(self, match: re.Match[str], replacements: list[Replacement]) -> str:
        left, right = match.group(1), match.group(2)
        if right[:1].isupper() and not left.isupper():
            return match.group()
        if left.casefold() == right.casefold():
            joined = f"{left}-{right}"  # reduplication cut at the line end: masing- masing
        elif self.resources.is_indonesian_word(left + right):
            joined = left + right
        else:
            return match.group()
        replacements.append(Replacement(match.group(), joined, "hyphen-join", "hunspell-id", 1.0))
        return joined

    def _name_positions(self, text: str, tokens: list[_Token]) -> set[int]:
        """Indexes of tokens that are (part of) a person or place name by their neighbours."""
        names: set[int] = set()
        for index, token in enumerate(tokens):
            folded = token.text.casefold()
            if folded in self.lexicon.person_titles and case_style(token.text) in ("title", "upper"):
                names.update(_capitalised_run(tokens, index + 1, NAME_SPAN))
            elif folded in self.lexicon.place_words:
                names.update(_capitalised_run(tokens, index + 1, PLACE_SPAN))
            elif (folded in self.lexicon.degrees and case_style(token.text) != "lower" and index
                  and "," in text[tokens[index - 1].end:token.start]):
                names.update(i for i in range(max(0, index - NAME_SPAN), index)
                             if case_style(tokens[i].text) in ("title", "upper"))
        return names

    def _context_hit(self, tokens: list[_Token], index: int) -> bool:
        entry = self.lexicon.contextual.get(tokens[index].text.casefold())
        if entry is None:
            return False
        lo, hi = max(0, index - entry.window), min(len(tokens), index + entry.window + 1)
        return any(i != index and tokens[i].text.casefold().startswith(entry.context)
                   for i in range(lo, hi))

    # ---------------------------------------------------------------------------------------------- tokens

    def _decide_token(self, token: str, context: TokenContext) -> Replacement | None:
        """The replacement of one token in its context, or None to keep it as printed."""
        folded = token.casefold()
        if not token.isalpha():
            return self._ocr_digits(token, context)
        by_lexicon = self._lexicon_replacement(token, folded, context)
        if by_lexicon is not None or folded in self.lexicon.contextual:
            return by_lexicon
        if self._guarded(token, folded, context):
            return None
        if self.resources.is_derived_word(folded):
            # Affixes + a known root make it a possible word (terlaksananya), not a sure one (kepuasaan): only an
            # unrivalled, common dictionary word nearby overrules that reading.
            return self._fuzzy(token, folded, strict=True)
        for rule in (self._suffix_rule, self._ocr_letters, self._fuzzy):
            found = rule(token, folded)
            if found is not None:
                return found
        return None

    def _lexicon_replacement(self, token: str, folded: str, context: TokenContext) -> Replacement | None:
        entry = self.lexicon.exact.get(folded)
        if entry is not None:
            return self._replace(token, entry.canonical, "lexicon", entry)
        entry = self.lexicon.contextual.get(folded)
        if entry is not None:
            return self._replace(token, entry.canonical, "lexicon-context", entry) if context.context_hit else None
        for prefix, entry in self.lexicon.prefixes:
            if folded.startswith(prefix):
                return self._replace(token, entry.canonical + folded[len(prefix):], "lexicon-prefix", entry)
        if len(folded) >= 7 and folded not in self._protected and not self.resources.is_dictionary_word(folded):
            for head, core, tail in _affix_splits(folded):
                entry = self.lexicon.exact.get(core)
                if entry is not None and len(core) >= 5:
                    return self._replace(token, head + entry.canonical.casefold() + tail, "lexicon-affix", entry)
        return None

    def _replace(self, token: str, canonical: str, rule: str, entry: LexiconEntry) -> Replacement | None:
        normalized = apply_case(token, canonical)
        return None if normalized == token else Replacement(token, normalized, rule, entry.label, 1.0)

    def _guarded(self, token: str, folded: str, context: TokenContext) -> bool:
        """Whether the token must stay as printed whatever the rules below would say."""
        style = case_style(token)
        return (len(folded) < self.settings.min_length
                or folded in self._protected
                or style == "mixed"
                or (style == "upper" and (len(folded) <= self.settings.acronym_max_length or not context.upper_cell))
                or context.name
                or (style == "title" and not context.sentence_initial and not context.upper_cell)
                or self.resources.is_dictionary_word(folded))

    def _suffix_rule(self, token: str, folded: str) -> Replacement | None:
        for rule in self.lexicon.suffix_rules:
            if folded.endswith(rule.ending):
                candidate = folded[: len(folded) - len(rule.ending)] + rule.replacement
                if self.resources.is_indonesian_word(candidate):
                    return Replacement(token, apply_case(token, candidate), "suffix", rule.label, 1.0)
        return None

    def _ocr_letters(self, token: str, folded: str) -> Replacement | None:
        pairs = [(a, b) for a, b in self.lexicon.ocr_confusions if a.isalpha() and b.isalpha()]
        return self._single_reading(token, folded, pairs)

    def _ocr_digits(self, token: str, context: TokenContext) -> Replacement | None:
        """A letter token with one or two digits inside (pe1ayanan): the digit is a misread letter."""
        letters = sum(c.isalpha() for c in token)
        digits = sum(c.isdigit() for c in token)
        if (letters < self.settings.min_length - 1 or not 1 <= digits <= 2 or "_" in token or context.name
                or case_style(token) == "mixed" or not token[0].isalpha()):
            return None
        pairs = [(a, b) for a, b in self.lexicon.ocr_confusions if a.isdigit()]
        return self._single_reading(token, token.casefold(), pairs, every_digit=True)

    def _single_reading(self, token: str, folded: str, pairs: list[tuple[str, str]],
                        every_digit: bool = False) -> Replacement | None:
        readings: set[str] = set()
        for wrong, right in pairs:
            start = folded.find(wrong)
            while start >= 0:
                readings.add(folded[:start] + right + folded[start + len(wrong):])
                start = folded.find(wrong, start + 1)
        if every_digit:
            readings = {r for r in _digit_readings(folded, pairs)} | readings
            readings = {r for r in readings if r.isalpha()}
        valid = {r for r in readings if r != folded and self.resources.is_plausible_word(r)
                 and self.resources.is_indonesian_word(r)}
        if len(valid) != 1:
            return None
        reading = valid.pop()
        return Replacement(token, apply_case(token, reading), "ocr", "hunspell-id", 1.0)

    def _prior(self, target: str) -> float:
        """How likely a target is a priori: its Zipf frequency, domain terms counted as frequent."""
        return max(self.resources.zipf(target), DOMAIN_PRIOR if target in self._targets else 0.0)

    def _fuzzy(self, token: str, folded: str, strict: bool = False) -> Replacement | None:
        """The one nearest correct word, if it is clearly the one meant; ``strict``: no rival at all, and a word
        at least ``derived_min_zipf`` common."""
        if not self.resources.has_hunspell:
            return None  # without the affix-aware dictionary a correct derived word could look misspelt
        settings = self.settings
        max_edits = settings.max_edits_long if len(folded) >= settings.long_from else settings.max_edits_short
        candidates: dict[str, int] = {}
        for word, distance in self.resources.near_words(folded, max_edits):
            candidates[word] = min(distance, candidates.get(word, distance))
        if len(folded) >= settings.morph_min_length:
            for head, core, tail in _affix_splits(folded):
                if len(core) < 5:
                    continue
                for word, _ in self.resources.near_words(core, max_edits):
                    target = head + word + tail
                    distance = int(DamerauLevenshtein.distance(folded, target))
                    if distance <= max_edits:
                        candidates[target] = min(distance, candidates.get(target, distance))
        doubled = self._doubling_target(folded, candidates)
        if doubled is not None:
            return self._fuzzy_replacement(token, folded, doubled, strict)
        # Nearest first; the dictionary (slow) is asked only about the nearest distance that has a word.
        ranked = sorted((distance, -self._prior(target), target) for target, distance in candidates.items()
                        if target != folded and not self.lexicon.is_variant(target))
        scored: list[tuple[int, float, str, float]] = []
        for distance, neg_prior, target in ranked:
            if scored and (distance > scored[0][0] or len(scored) == 2
                           or (not strict and -neg_prior <= -scored[0][1] - settings.tie_zipf_gap)):
                break  # the best is known and no rival can tie it any more
            if self._is_target(target):
                scored.append((distance, neg_prior, target, fuzz.ratio(folded, target) / 100.0))
        if not scored:
            return None
        best = scored[0]
        rivals = scored[1:]
        if strict and rivals:
            return None
        if rivals and (-best[1]) - (-rivals[0][1]) < settings.tie_zipf_gap:
            return None  # two equally near words: not for a machine to choose
        return self._fuzzy_replacement(token, folded, best[2], strict)

    def _fuzzy_replacement(self, token: str, folded: str, target: str, strict: bool) -> Replacement | None:
        ratio = fuzz.ratio(folded, target) / 100.0
        if ratio < self.settings.min_ratio:
            return None  # the nearest word is not similar enough (a rival below the bar still made it a tie)
        if strict and self._prior(target) < self.settings.derived_min_zipf:
            return None
        source = "lexicon" if target in self._targets else "hunspell-id"
        return Replacement(token, apply_case(token, target), "fuzzy", source, round(ratio, 4))

    def _doubling_target(self, folded: str, candidates: dict[str, int]) -> str | None:
        """The one correct word that differs from the token only by a doubled letter or a repeated syllable
        (pelaksanan ~ pelaksanaan, kepuasaan ~ kepuasan, pelayananan ~ pelayanan): the commonest typing slip,
        preferred over an equally near word with another letter (kekuasaan)."""
        skeleton = _skeleton(folded)
        same = [t for t in candidates if t != folded and _skeleton(t) == skeleton and not self.lexicon.is_variant(t)
                and self._is_target(t)]
        return same[0] if len(same) == 1 else None

    def _is_target(self, word: str) -> bool:
        """A word a token may be corrected to: a domain term, or a word hunspell-id accepts."""
        return word in self._targets or (self.resources.is_plausible_word(word)
                                         and self.resources.is_indonesian_word(word))


def _skeleton(word: str) -> str:
    """``word`` with doubled letters single and a syllable repeated back to back once (aa -> a, anan -> an)."""
    single = re.sub(r"(.)\1+", r"\1", word)
    return re.sub(r"(..)\1+", r"\1", single)


def _digit_readings(folded: str, pairs: list[tuple[str, str]]) -> set[str]:
    """Every way of reading each digit of ``folded`` as one of its confusable letters."""
    readings = {""}
    for char in folded:
        options = [b for a, b in pairs if a == char] or [char]
        readings = {r + option for r in readings for option in options}
        if len(readings) > 64:
            return set()
    return readings


def _affix_splits(folded: str) -> list[tuple[str, str, str]]:
    """(prefix, core, suffix) splits of a token by the Indonesian affixes it starts/ends with."""
    heads = [""] + [p for p, _ in PREFIXES if folded.startswith(p)]
    tails = [s for s in SUFFIXES if folded.endswith(s)]
    return [(head, folded[len(head): len(folded) - len(tail)], tail)
            for head in heads for tail in tails
            if (head or tail) and len(folded) - len(head) - len(tail) >= 3]


def _is_upper_cell(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _sentence_initial(text: str, tokens: list[_Token], index: int) -> bool:
    if index == 0:
        return True
    gap = text[tokens[index - 1].end:tokens[index].start]
    if _SENTENCE_END.search(gap):
        return not (gap.strip() == "." and len(tokens[index - 1].text) == 1 and index >= 2
                    and not _SENTENCE_END.search(text[tokens[index - 2].end:tokens[index - 1].start]))
    return bool(_LIST_MARKER.match(tokens[index - 1].text) and gap.strip() in (")", ".)"))


def _capitalised_run(tokens: list[_Token], start: int, span: int) -> list[int]:
    run = []
    for i in range(start, min(len(tokens), start + span)):
        if case_style(tokens[i].text) not in ("title", "upper"):
            break
        run.append(i)
    return run


@functools.lru_cache(maxsize=1)
def default_normalizer() -> SpellingNormalizer:
    """The normalizer over the shipped lexicon and the installed dictionaries (loaded once per process)."""
    lexicon = load_lexicon()
    return SpellingNormalizer(lexicon, cached_resources(lexicon.domain_words | lexicon.canonical_words))
