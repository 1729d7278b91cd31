"""A rule's regex run only near the words every match of it holds, with the matches of a full scan.

``pattern.finditer(text)`` tries the rule at every position of the text, and on long news the
tries, not the matches, are the times analyzer's cost (most rules open with optional words and a
look-behind, so the regex engine has no first character to skip ahead to). Each match holds one
of the rule's words (``prefilter.word_options``) and is at most ``W`` characters long, so it
starts within ``W`` characters before one of them. ``RuleScan.finditer`` searches only those
windows and gives what ``finditer`` gives, match for match.

``W`` is read off the pattern (parsed by the standard library's own regex parser). A repeat
without an upper bound (``\\s+``, ``\\d+``) is bounded by the text itself: it cannot run longer
than the text's longest run of the characters it repeats. The search of a window stops at an
``endpos`` past everything the engine can read for a match starting in the window (look-aheads
included), so the end does not change what matches there. A rule whose pattern cannot be read
so, or whose windows would cover most of the text, is scanned whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .prefilter import _OPS, _PARSER, word_options

# Past this share of the text under windows, one whole scan costs less than the windows' searches.
_MOST = 0.6
_PER_SEARCH = 20  # characters: what one search call costs beyond the positions it tries
_CATEGORY_CLASS = {
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL | re.UNICODE


class _Unreadable(Exception):
    """The pattern holds something whose length this module does not bound."""


@dataclass(frozen=True, slots=True)
class _Run:
    """A repeat without an upper bound of one character class: its longest run in a text."""

    source: str  # the class as a regex, e.g. ``[\\s-]``
    flags: int  # the flags it is read under

    def longest(self, text: str) -> int:
        """The text's longest run of the class's characters, rounded up to a power of two (an
        upper bound is all the windows need, and few distinct values keep the cache small):
        the first power of two no run is longer than, asked by whole-text searches."""
        bound = 1
        while _run_of(self.source, self.flags, bound + 1).search(text):
            bound *= 2
        return bound

    @property
    def key(self) -> str:
        return _run_key(self.source, self.flags)


@lru_cache(maxsize=64)
def _run_of(source: str, flags: int, length: int) -> re.Pattern[str]:
    return re.compile(f"(?:{source}){{{length}}}", flags)


class TextScan:
    """One text as the rules' scans read it: its lower-case form, and its longest runs and word
    positions, each found once for all the rules."""

    __slots__ = ("_counts", "_matches", "_runs", "_words", "lowered", "text")

    def __init__(self, text: str, lowered: str | None) -> None:
        self.text = text
        # None (scan whole) unless offsets into it are offsets into the text.
        self.lowered = lowered if lowered is not None and len(lowered) == len(text) else None
        self._runs: dict[_Run, int] = {}
        self._counts: dict[str, int] = {}
        self._words: dict[str, list[int]] = {}
        self._matches: dict[str, list[re.Match[str]]] = {}

    def matches(self, name: str, rule: RuleScan) -> list[re.Match[str]]:
        """The matches of the rule called ``name`` in the text, found once."""
        found = self._matches.get(name)
        if found is None:
            found = self._matches[name] = list(rule.finditer(self))
        return found

    def longest(self, run: _Run) -> int:
        found = self._runs.get(run)
        if found is None:
            found = self._runs[run] = run.longest(self.text)
        return found

    def count(self, words: tuple[str, ...]) -> int:
        """How often the words occur in the lower-case text, together."""
        total = 0
        for word in words:
            found = self._counts.get(word)
            if found is None:
                assert self.lowered is not None
                found = self._counts[word] = self.lowered.count(word)
            total += found
        return total

    def positions(self, word: str) -> list[int]:
        """Where ``word`` starts in the lower-case text."""
        found = self._words.get(word)
        if found is None:
            assert self.lowered is not None
            lowered, found, at = self.lowered, [], self.lowered.find(word)
            while at >= 0:
                found.append(at)
                at = lowered.find(word, at + 1)
            self._words[word] = found
        return found


@dataclass(slots=True)
class RuleScan:
    """One rule's pattern with what ``finditer`` needs to skip the text that cannot match."""

    pattern: re.Pattern[str]
    # Sets of lower-case words one of which is in every match (any set will do: the text's
    # rarest is searched around); none: scan whole.
    options: tuple[tuple[str, ...], ...]
    runs: tuple[_Run, ...] = ()
    tree: list[tuple[Any, Any]] = field(default_factory=list)
    # (width, reach) by the rounded longest runs: the longest match, and how far past a match's
    # start the engine can read to decide it (look-aheads, the end of a run).
    extents: dict[tuple[int, ...], tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> RuleScan:
        options = word_options(pattern)
        if not options:
            return cls(pattern, ())
        try:
            tree = list(_PARSER.parse(pattern.pattern, pattern.flags))
            runs: dict[str, _Run] = {}
            _collect_runs(tree, pattern.flags, runs)
            _extent(tree, pattern.flags, {key: 1 for key in runs})  # raises when unreadable
        except _Unreadable:
            return cls(pattern, ())
        # A word holding another of its set adds no window the other does not give.
        kept = {
            tuple(sorted(w for w in words if not any(o != w and o in w for o in words))) for words in options
        }
        return cls(pattern, tuple(sorted(kept)), tuple(runs.values()), tree)

    def finditer(self, scan: TextScan) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(scan.text)``, match for match."""
        text = scan.text
        if not self.options or scan.lowered is None:
            yield from self.pattern.finditer(text)
            return
        counted = [(scan.count(words), words) for words in self.options]
        count, words = min(counted)
        if count * _PER_SEARCH > _MOST * len(text):
            yield from self.pattern.finditer(text)
            return
        key = tuple(scan.longest(run) for run in self.runs)
        extent = self.extents.get(key)
        if extent is None:
            extent = self.extents[key] = _extent(
                self.tree,
                self.pattern.flags,
                {run.key: longest for run, longest in zip(self.runs, key, strict=True)},
            )
        width, reach = extent
        windows = _windows([(scan.positions(word), len(word)) for word in words], width)
        # Each search costs about as much as trying the rule at a few dozen positions.
        if sum(last - first + reach + _PER_SEARCH for first, last in windows) > _MOST * len(text):
            yield from self.pattern.finditer(text)
            return
        search = self.pattern.search
        pos = 0
        for first, last in windows:
            pos = max(pos, first)
            end = min(len(text), last + reach + 1)
            while pos <= last:
                match = search(text, pos, end)
                if match is None or match.start() > last:
                    break
                yield match
                pos = match.end()


def _windows(occurrences: list[tuple[list[int], int]], width: int) -> list[tuple[int, int]]:
    """Where a match can start, as merged ranges ``[first, last]``: before each occurrence of a
    word (its positions and length), no further back than a match could hold it."""
    spans = sorted((max(0, at + length - width), at) for positions, length in occurrences for at in positions)
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _class_source(op: Any, av: Any) -> str:
    """A one-character item (``\\s``, ``[\\s-]``, ``a``) as a regex of its own."""
    if op is _OPS.LITERAL:
        return re.escape(chr(av))
    if op is _OPS.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _OPS.IN:
        parts: list[str] = []
        for entry, value in av:
            if entry is _OPS.NEGATE:
                parts.insert(0, "^")
            elif entry is _OPS.LITERAL:
                parts.append(re.escape(chr(value)))
            elif entry is _OPS.RANGE:
                parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
            elif entry is _OPS.CATEGORY and str(value) in _CATEGORY_CLASS:
                parts.append(_CATEGORY_CLASS[str(value)])
            else:
                raise _Unreadable(f"class entry {entry}")
        return "[" + "".join(parts) + "]"
    raise _Unreadable(f"unbounded repeat of {op}")


def _run_key(source: str, flags: int) -> str:
    return f"{source}/{flags & _FLAGS}"


def _sub_flags(flags: int, av: Any) -> int:
    _group, add_flags, del_flags, _pattern = av
    return (flags | add_flags) & ~del_flags


def _collect_runs(items: list[tuple[Any, Any]], flags: int, runs: dict[str, _Run]) -> None:
    for op, av in items:
        if op is _OPS.SUBPATTERN:
            _collect_runs(list(av[3]), _sub_flags(flags, av), runs)
        elif op is _OPS.ATOMIC_GROUP:
            _collect_runs(list(av), flags, runs)
        elif op is _OPS.BRANCH:
            for alternative in av[1]:
                _collect_runs(list(alternative), flags, runs)
        elif op in (_OPS.ASSERT, _OPS.ASSERT_NOT):
            _collect_runs(list(av[1]), flags, runs)
        elif op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
            _low, high, item = av
            inner = list(item)
            if high == _OPS.MAXREPEAT:
                if len(inner) != 1:
                    raise _Unreadable("unbounded repeat of a sequence")
                source = _class_source(*inner[0])
                key = _run_key(source, flags)
                if key not in runs:
                    runs[key] = _Run(source, flags & _FLAGS)
            else:
                _collect_runs(inner, flags, runs)


def _extent(items: list[tuple[Any, Any]], flags: int, runs: Mapping[str, int]) -> tuple[int, int]:
    """(width, reach) of a sequence: the most characters it matches, and the most characters past
    its start the engine reads trying it."""
    width = reach = 0
    for op, av in items:
        item_width, item_reach = _item_extent(op, av, flags, runs)
        reach = max(reach, width + item_reach)
        width += item_width
    return width, reach


def _item_extent(op: Any, av: Any, flags: int, runs: Mapping[str, int]) -> tuple[int, int]:
    if op in (_OPS.LITERAL, _OPS.NOT_LITERAL, _OPS.ANY, _OPS.IN):
        return 1, 1
    if op is _OPS.AT:  # \b, $: the character here (and the one before) decides
        return 0, 1
    if op is _OPS.SUBPATTERN:
        return _extent(list(av[3]), _sub_flags(flags, av), runs)
    if op is _OPS.ATOMIC_GROUP:
        return _extent(list(av), flags, runs)
    if op is _OPS.BRANCH:
        extents = [_extent(list(alternative), flags, runs) for alternative in av[1]]
        return max(w for w, _ in extents), max(r for _, r in extents)
    if op in (_OPS.ASSERT, _OPS.ASSERT_NOT):
        direction, pattern = av
        # A look-behind reads only what lies before this point; a look-ahead reads ahead.
        return (0, 0) if direction < 0 else (0, _extent(list(pattern), flags, runs)[1])
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        _low, high, item = av
        inner = list(item)
        if high == _OPS.MAXREPEAT:
            longest = runs[_run_key(_class_source(*inner[0]), flags)]
            return longest, longest + 1  # the run, and the character that ends it
        item_width, item_reach = _extent(inner, flags, runs)
        return high * item_width, high * item_width + item_reach
    raise _Unreadable(f"operator {op}")
