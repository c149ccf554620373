"""Is a token an Indonesian word? The stems of Debian's ``hunspell-id`` dictionary, read once per process.

Table reading needs this in one place: telling the tail of a word a narrow cell cut ('Pemerint' / 'ahan') from a
word that wrapped onto the next line ('Meningkatnya' / 'mutu'). Stems only (no affix expansion): a cut tail is a
word's end, which is rarely a stem. Without the dictionary the caller falls back to a stricter rule. The one
reader of hunspell .dic files: the spelling normalizer's resources (normalize/dictionaries.py) use it too.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from extract.word_cache import cached_word_data

HUNSPELL_DIR = Path(os.environ.get("IKI_HUNSPELL_DIR", "/usr/share/hunspell"))


NEEDAFFIX_FLAG = "A2"  # id_ID.aff: a stem with this flag is not a word on its own


@functools.lru_cache(maxsize=1)
def indonesian_stems() -> frozenset[str] | None:
    """The dictionary's stems, case-folded; None when the dictionary is not installed."""
    try:
        stems, _ = cached_hunspell_stems(HUNSPELL_DIR / "id_ID.dic")
    except OSError:
        return None
    return frozenset(stems)


def cached_hunspell_stems(dic_path: Path) -> tuple[set[str], set[str]]:
    """`read_hunspell_stems`, from the word cache once it has been read (raises OSError when the file is absent)."""
    if not dic_path.exists():
        raise FileNotFoundError(dic_path)
    return cached_word_data(f"hunspell_stems_{dic_path.stem}", (dic_path, dic_path.with_suffix(".aff")),
                            lambda: read_hunspell_stems(dic_path))


def read_hunspell_stems(dic_path: Path) -> tuple[set[str], set[str]]:
    """(all stems, stems that are words on their own) of a hunspell .dic file."""
    stems: set[str] = set()
    words: set[str] = set()
    encoding = "utf-8"
    aff = dic_path.with_suffix(".aff")
    if aff.exists():
        for line in aff.read_text(encoding="latin-1").splitlines():
            if line.startswith("SET "):
                encoding = line.split()[1].strip()
                break
    for line in dic_path.read_text(encoding=encoding, errors="replace").splitlines()[1:]:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        stem, _, flags = entry.partition("/")
        stem = stem.strip().casefold()
        if not stem:
            continue
        stems.add(stem)
        flag_pairs = {flags[i:i + 2] for i in range(0, len(flags), 2)}
        if NEEDAFFIX_FLAG not in flag_pairs:
            words.add(stem)
    return stems, words


