"""Properties of the normalizer over generated text: idempotent, protected tokens never changed, raw columns
never touched, the case style of a replaced token kept."""
from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.columns import normalize_decree, normalize_text
from normalize.spelling import TOKEN, case_style, default_normalizer

LEXICON = default_normalizer().lexicon
VARIANTS = sorted(LEXICON.exact) + [prefix + "kel" for prefix, _ in LEXICON.prefixes] + ["money"]
WORDS = ["jumlah", "laporan", "pelayanan", "masyarakat", "kegiatan", "berbanding", "dokumen", "monitoring",
         "evaluasi", "sosialisasi", "ketentuan", "presentasi", "pegawai", "terlaksananya", "pemberdayan",
         "menigkatnya", "masyrakat", "Sukamaju", "Karangrejo", "Suparno", "x", "100%", "Σ", "2023", "05"]
PROTECTED = sorted(LEXICON.acronyms | LEXICON.false_friends - set(LEXICON.contextual))
SEPARATORS = [" ", " ", " ", ", ", ". ", "; ", "\n", " / ", " (", ") ", ": ", "\n1. ", "\n- "]


def styled(word: str, style: str) -> str:
    return {"upper": word.upper(), "title": word.title(), "lower": word.lower()}[style]


token_strategy = st.tuples(st.sampled_from(VARIANTS + WORDS + PROTECTED),
                           st.sampled_from(["upper", "title", "lower", "lower"])).map(lambda t: styled(*t))
junk_strategy = st.text(alphabet="abcdeikmnrstuy", min_size=1, max_size=9)
cell_strategy = st.lists(st.tuples(st.one_of(token_strategy, token_strategy, junk_strategy),
                                   st.sampled_from(SEPARATORS)), min_size=1, max_size=14).map(
    lambda parts: "".join(token + sep for token, sep in parts))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(cell_strategy)
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@PROPERTY_SETTINGS
@given(st.text(max_size=60))
def test_any_unicode_text_is_normalized_idempotently(text: str) -> None:
    once = normalize_text(text)
    assert once is not None and normalize_text(once) == once


@PROPERTY_SETTINGS
@given(cell_strategy, st.lists(st.tuples(st.sampled_from(PROTECTED), st.booleans()), min_size=1, max_size=5))
def test_protected_tokens_are_never_changed(text: str, protected: list[tuple[str, bool]]) -> None:
    inserted = [word.upper() if upper else word for word, upper in protected]
    cell = " ".join([text.replace("-", " "), *inserted])
    before = [t for t in TOKEN.findall(cell) if t.casefold() in LEXICON.protected_words or _acronym(t)]
    after = TOKEN.findall(normalize_text(cell) or "")
    for token in set(before):
        assert after.count(token) >= before.count(token), token


@PROPERTY_SETTINGS
@given(st.lists(cell_strategy, min_size=4, max_size=4), st.lists(cell_strategy, max_size=3))
def test_raw_columns_are_untouched(cells: list[str], items: list[str]) -> None:
    indicator = {"decree_id": "d", "position_idx": 0, "row_idx": 0, "sasaran_raw": cells[0],
                 "indikator_raw": cells[1], "formulasi_raw": cells[2], "sumber_data_raw": cells[3]}
    position = {"decree_id": "d", "position_idx": 0, "jabatan_raw": cells[0], "tugas_raw": list(items),
                "fungsi_raw": list(reversed(items))}
    originals = copy.deepcopy((indicator, position))
    decree = normalize_decree("d", [indicator], [position])
    assert (indicator, position) == originals
    for record, original in ((decree.indicators[0], indicator), (decree.positions[0], position)):
        assert {k: record[k] for k in original} == original


@PROPERTY_SETTINGS
@given(cell_strategy)
def test_replacements_keep_the_case_style(text: str) -> None:
    cell = default_normalizer().normalize_cell(text)
    for replacement in cell.replacements:
        if replacement.rule in ("nfkc", "hyphen-join") or case_style(replacement.raw) == "mixed":
            continue
        assert case_style(replacement.normalized) == case_style(replacement.raw), replacement


def _acronym(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,6}", token)) and not LEXICON.is_variant(token)


_VOCABULARY = ("administrasi", "adminstrasi", "adminsitrasi", "kegiatan", "kegiatann", "kegaitan", "pelaksana",
               "pelaksanaan", "pelayanan", "pelaksnaan", "dokumen", "dokumne", "laporan", "lapran", "tata", "tatap")


@given(st.sampled_from(_VOCABULARY), st.lists(st.sampled_from("aeiknrst"), max_size=2), st.integers(1, 2))
@settings(max_examples=200, deadline=None)
def test_near_words_are_every_word_within_the_distance_nearest_first(base: str, extra: list[str],
                                                                      max_distance: int) -> None:
    """near_words screens with Levenshtein before Damerau-Levenshtein: it must miss no word a plain
    Damerau-Levenshtein scan finds (transpositions included) and keep that scan's order."""
    from rapidfuzz.distance import DamerauLevenshtein

    from normalize.dictionaries import LexicalResources, _by_length

    resources = LexicalResources(common_words=frozenset(), roots=frozenset(),
                                 vocabulary_by_length=_by_length(_VOCABULARY), zipf_id={})
    word = base[:3] + "".join(extra) + base[3:]
    expected = []
    for length in range(len(word) - max_distance, len(word) + max_distance + 1):
        bucket = resources.vocabulary_by_length.get(length, ())
        scored = [(DamerauLevenshtein.distance(word, w), i, w) for i, w in enumerate(bucket)]
        expected += [(w, d) for d, _, w in sorted(scored) if d <= max_distance and w != word]
    assert resources.near_words(word, max_distance) == expected
