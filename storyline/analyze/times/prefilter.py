"""Words every match of a rule contains, read off the rule's pattern.

Many time rules cannot match most articles: each match of ``century`` contains "century", of
``quarter`` "half" or "quarter". ``word_options`` reads such words off a pattern (parsed by the
standard library's own regex parser): each set it gives has one of its words in every match.
``times.scan`` searches a rule only near those words; ``lowered_for_rules`` gives the lower-case
text they are looked for in.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The stdlib's regex parser: no public API, but the one ``re.compile`` itself uses.
_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")
# The characters outside ASCII that an ASCII letter matches under re.IGNORECASE (capital I
# with dot, dotless i, long s, Kelvin sign): ``str.lower`` does not make them that letter, so
# a text holding one is always scanned.
FOLD_TO_ASCII = "\u0130\u0131\u017f\u212a"

Words = frozenset[str]


def word_options(pattern: re.Pattern[str]) -> list[Words]:
    """Each set of lower-case ASCII strings one of which is in every match of ``pattern``, one
    set per part of the pattern that states one (none when the pattern cannot be read)."""
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern re.compile accepted
        return []
    return _sequence_options(list(parsed))


def lowered_for_rules(text: str) -> str | None:
    """``text.lower()`` to look for a rule's words in, or None when the text holds a character a pattern's
    letter matches that ``str.lower`` does not turn into it."""
    if any(ch in text for ch in FOLD_TO_ASCII):
        return None
    return text.lower()


def _in_sequence(items: list[tuple[Any, Any]]) -> Words | None:
    """Every item of a sequence is matched, so any item's words are the sequence's; runs of
    ASCII literals are words of their own. The fewest and longest words are kept."""
    options = _sequence_options(items)
    return _best(options) if options else None


def _best(options: list[Words]) -> Words:
    return max(options, key=lambda words: (min(map(len, words)), -len(words)))


def _sequence_options(items: list[tuple[Any, Any]]) -> list[Words]:
    options: list[Words] = []
    run = ""
    for op, arg in items:
        if op is _OPS.LITERAL and arg < 128:
            run += chr(arg).lower()
            continue
        if run:
            options.append(frozenset([run]))
            run = ""
        found = _in_item(op, arg)
        if found is not None:
            options.append(found)
    if run:
        options.append(frozenset([run]))
    return [words for words in options if words and all(words)]


def _in_item(op: Any, arg: Any) -> Words | None:
    if op is _OPS.SUBPATTERN:  # a group: (group, add_flags, del_flags, pattern)
        return _in_sequence(list(arg[3]))
    if op is _OPS.ATOMIC_GROUP:
        return _in_sequence(list(arg))
    if op is _OPS.BRANCH:  # every alternative must state words
        words: set[str] = set()
        for alternative in arg[1]:
            found = _in_sequence(list(alternative))
            if found is None:
                return None
            words |= found
        return frozenset(words)
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        low, _high, item = arg
        return _in_sequence(list(item)) if low >= 1 else None
    return None  # lookarounds, classes, anchors, back-references: nothing required
