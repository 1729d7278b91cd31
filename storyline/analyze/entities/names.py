"""Name normalization shared by the in-article analyzer and the cross-article resolver.

``skeleton`` folds the spelling variants that transliteration produces (Sergey/Sergei,
Zelensky/Zelenskyy/Zelenskiy, Dmitry/Dmitri) onto one string, so two names can be compared in
constant time and indexed by key instead of compared pairwise.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .gazetteer import HONORIFICS

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
# Letter groups that different romanizations of the same Cyrillic, Arabic... name disagree on.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ch", "c"),  # Vučić folds to Vucic; English romanizes it Vuchich
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ou", "u"),
    ("x", "ks"),
)
_REPEATS = re.compile(r"(.)\1+")
# A vowel before a final r that Slavic spellings leave out: Alexander/Aleksandr, Peter/Petr.
_FINAL_ER = re.compile(r"(?<=[^aeiou])er$")


# Names repeat across thousands of articles: caching keeps resolution near-linear in practice.
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and dashes made plain."""
    if text.isascii():
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A spelling-insensitive key for one word of a name."""
    out = re.sub(r"[^a-z]", "", fold(word))
    for old, new in _FOLDS:
        out = out.replace(old, new)
    return _FINAL_ER.sub("r", _REPEATS.sub(r"\1", out))


def name_tokens(name: str) -> list[str]:
    """The words of a personal name without honorifics, initials, suffixes or a possessive."""
    words = [_POSSESSIVE.sub("", w) for w in fold(name).replace("-", " ").split()]
    return [
        w
        for w in words
        if w and w not in HONORIFICS and w not in _NAME_SUFFIXES and not re.fullmatch(r"[a-z]\.?", w)
    ]


@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> tuple[str | None, str] | None:
    """(first-name skeleton or None, surname skeleton) of a personal name, or None if empty."""
    words = name_tokens(name)
    if not words:
        return None
    last = skeleton(words[-1])
    if not last:
        return None
    first = skeleton(words[0]) if len(words) > 1 else None
    return (first or None, last)


def first_names_compatible(a: str, b: str) -> bool:
    """Same first name modulo spelling, or one a short form of the other (Steve/Steven)."""
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


@lru_cache(maxsize=1 << 16)
def plain_key(name: str) -> str:
    """Key for organizations and places: folded, no leading article, no punctuation."""
    text = fold(name)
    text = re.sub(r"^the\s+", "", text)
    text = _POSSESSIVE.sub("", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
