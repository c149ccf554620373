"""A position title in one case convention (``jabatan``), and its canonical role (``jabatan_role``) and fields
(``bidang``) by rules kept as data (``jabatan_rules.json``)."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

RULES_PATH = Path(__file__).with_name("jabatan_rules.json")
_PUNCTUATION = re.compile(r"[^\w\s]+")
_LETTERS = re.compile(r"[^\W\d_]+")
LOWER_WORDS = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "pada", "untuk", "yang"})
ACRONYM_MAX = 6  # an UPPER word this short in a mixed-case title is an acronym (as the spelling guards read it)


@dataclass(frozen=True)
class JabatanRules:
    """Ordered role rules, ordered field rules and the default field of each role."""

    roles: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    bidang: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    role_bidang: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class JabatanClass:
    """What a title says about its position (None: the rules do not know)."""

    role: str | None
    bidang: tuple[str, ...] | None  # in printed order, usually one


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@functools.lru_cache(maxsize=4)
def load_jabatan_rules(path: Path = RULES_PATH) -> JabatanRules:
    """Read and compile the rules file (a bad pattern fails here, at start-up)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return JabatanRules(
        roles=tuple((r["role"], _compiled(r["patterns"])) for r in data["roles"]),
        bidang=tuple((b["bidang"], _compiled(b["patterns"])) for b in data["bidang"]),
        role_bidang=tuple(sorted(data.get("role_bidang", {}).items())),
    )


def jabatan_title(jabatan: str, acronyms: frozenset[str] = frozenset()) -> str:
    """A title on one line in Title Case, so one position reads the same however it was printed: ``KEPALA SEKSI
    PEMERINTAHAN`` and ``Kepala Seksi\nPemerintahan`` -> ``Kepala Seksi Pemerintahan``. Acronyms stay upper case:
    those listed (casefolded) in ``acronyms`` and short UPPER words in a title that is not all
    upper case (``Staf PPTK``); connectives are lower case (``dan``, ``serta``); mixed-case words are kept."""
    line = " ".join(jabatan.split())
    all_upper = line.isupper()

    def cased(match: re.Match[str]) -> str:
        word = match.group()
        if word.isupper() and (word.casefold() in acronyms or not all_upper and len(word) <= ACRONYM_MAX):
            return word
        if not (word.isupper() or word.islower() or word[:1].isupper() and word[1:].islower()):
            return word  # mixed case (LKjIP) is how the word is spelled
        if match.start() and word.casefold() in LOWER_WORDS:
            return word.lower()
        return word[:1].upper() + word[1:].lower()

    return _LETTERS.sub(cased, line)


def title_key(jabatan: str) -> str:
    """A title as the rules read it: casefolded, punctuation as spaces, single spaces."""
    return " ".join(_PUNCTUATION.sub(" ", jabatan.casefold()).split())


def jabatan_role(key: str, rules: JabatanRules) -> str | None:
    """The first role whose pattern occurs in the title key."""
    return next((role for role, patterns in rules.roles if any(p.search(key) for p in patterns)), None)


def jabatan_bidang(key: str, rules: JabatanRules) -> tuple[str, ...]:
    """The fields a title names, in printed order (earlier rules win overlapping matches)."""
    taken: list[tuple[int, int, str]] = []
    for name, patterns in rules.bidang:
        for pattern in patterns:
            for match in pattern.finditer(key):
                span = (match.start(), match.end())
                if not any(span[0] < end and start < span[1] for start, end, _ in taken):
                    taken.append((span[0], span[1], name))
    ordered: list[str] = []
    for _, _, name in sorted(taken):
        if name not in ordered:
            ordered.append(name)
    return tuple(ordered)


@functools.lru_cache(maxsize=4096)
def classify_jabatan(jabatan: str | None, rules_path: Path = RULES_PATH) -> JabatanClass:
    """Role and field of a (normalized) position title."""
    if not jabatan:
        return JabatanClass(None, None)
    rules = load_jabatan_rules(rules_path)
    key = title_key(jabatan)
    role = jabatan_role(key, rules)
    default = dict(rules.role_bidang).get(role or "")
    bidang = jabatan_bidang(key, rules) or ((default,) if default else None)
    return JabatanClass(role, bidang)
