"""Pre-tokenized research text (Penn Treebank conventions) back to ordinary text.

Research corpora (Timeline17, ECB+, many others) ship their text as space-separated PTB
tokens: ```` `` ```` and ``''`` for double quotes, ``-LRB-`` for "(", ``Obama 's``, ``do n't``,
``word , word .``. Our analyzers are written for text as published; on token text they find no
direct quotes (no quote marks), read "'s" into names and "-RRB-" as a word. So ingest
recognizes such text (``looks_pretokenized``) and restores it (``restore``): PTB quote marks
become curly quotes (opening “ and closing ”, so the quote finder pairs them), bracket tokens
become brackets, clitics and punctuation join their word, a sentence-per-line quote that goes on
over the next lines is one paragraph again. Hyphen and dash tokens (" - ", " -- ") are left alone.

``restore`` returns an ``OffsetMap`` with the text: a monotone piecewise-linear map between
offsets in the token text and offsets in the restored text, exact outside the few replaced
tokens, so evaluation code can carry gold offsets over (``span_to_restored``) and back.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["OffsetMap", "looks_pretokenized", "restore", "restore_if_pretokenized"]

_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "-lrb-": "(",
    "-rrb-": ")",
    "-lsb-": "[",
    "-rsb-": "]",
    "-lcb-": "{",
    "-rcb-": "}",
}
_PTB_ONLY = {"``", "''", *_BRACKETS}
_CLITIC = re.compile(r"^(?:'[sSdDmM]|'(?:re|RE|ve|VE|ll|LL)|n't|N'T)$")
# Punctuation tokens that attach to the word before them ("word ," -> "word,").
_ATTACH_LEFT = re.compile(r"^(?:[,.;:?!%]+|\.\.\.|[)\]}]|”|’)$")
# Tokens the next word attaches to ("( word" -> "(word", "$ 5" -> "$5").
_ATTACH_RIGHT = re.compile(r"^(?:[(\[{]|“|‘|[A-Z]{0,3}\$)$")
_ESCAPE = re.compile(r"\\([/*])")
_TOKEN = re.compile(r"\S+")
# Ordinary text: a word with its punctuation or clitic attached ("said," "Obama's" "don't").
_ATTACHED_PUNCT = re.compile(r"^[^\W\d_][\w\-]*[,;?!]$")
_ATTACHED_CLITIC = re.compile(r"^[^\W\d_]+(?:'s|n't|'re|'ve|'ll|'m|’s|n’t)$", re.IGNORECASE)
# A quote that goes on over the next lines is joined into one paragraph only within this many.
_MAX_JOINED_LINES = 6


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Breakpoints of a monotone piecewise-linear map between original and restored offsets.

    ``original[i]`` corresponds to ``restored[i]``; both tuples are non-decreasing. Between two
    breakpoints the map is linear (slope 1 over unchanged text, so it is exact there; inside a
    replaced token such as "-LRB-" -> "(" it interpolates and rounds).
    """

    original: tuple[int, ...]
    restored: tuple[int, ...]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls((0, length), (0, length))

    @staticmethod
    def _map(offset: int, src: tuple[int, ...], dst: tuple[int, ...], round_up: bool) -> int:
        if offset <= src[0]:
            return dst[0]
        if offset >= src[-1]:
            return dst[-1]
        # Where several breakpoints share this offset (a deleted piece), a start maps to the
        # last of them and an end to the first, so a span never takes in what was deleted.
        if round_up:
            i = bisect.bisect_left(src, offset)
            if src[i] == offset:
                return dst[i]
            i -= 1
        else:
            i = bisect.bisect_right(src, offset) - 1
            if src[i] == offset:
                return dst[i]
        s0, s1, d0, d1 = src[i], src[i + 1], dst[i], dst[i + 1]
        if s1 == s0:
            return d1
        num = (offset - s0) * (d1 - d0)
        step = -(-num // (s1 - s0)) if round_up else num // (s1 - s0)
        return d0 + step

    def to_restored(self, offset: int, *, round_up: bool = False) -> int:
        return self._map(offset, self.original, self.restored, round_up)

    def to_original(self, offset: int, *, round_up: bool = False) -> int:
        return self._map(offset, self.restored, self.original, round_up)

    def span_to_restored(self, start: int, end: int) -> tuple[int, int]:
        """A span of the original text in the restored text (the end rounds up)."""
        return self.to_restored(start), max(self.to_restored(start), self.to_restored(end, round_up=True))

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), max(self.to_original(start), self.to_original(end, round_up=True))


def looks_pretokenized(text: str) -> bool:
    """True when the text is written as PTB tokens: most punctuation and clitics stand apart.

    Evidence for: standalone commas and full stops, PTB-only tokens (`` '' -LRB-),
    standalone clitics ('s n't). Evidence against: words with their punctuation or clitic
    attached, as ordinary text writes them. Four to one and at least three pieces of evidence,
    one of them a mark only a tokenizer writes; else ten to one.
    """
    tokens = text[:50_000].split()
    evidence = against = specific = 0
    for token in tokens:
        # Not ; : ? ! — French typography puts a space before them.
        if token in {",", "."}:
            evidence += 1
        elif token in _PTB_ONLY or _CLITIC.match(token):
            evidence += 1
            specific += 1
        elif _ATTACHED_PUNCT.match(token) or _ATTACHED_CLITIC.match(token):
            against += 1
    if evidence < 3 or evidence < 4 * against:
        return False
    # Sloppy web text may space its commas: without a tokenizer's own mark (`` -LRB- 's n't),
    # the spacing must be near uniform (ten to one, and at least 15 spaced marks).
    return specific >= 1 or evidence >= 10 * max(against, 1.5)


class _Builder:
    """Restored text assembled from the source: unchanged stretches are copied lazily, each change
    adds two breakpoints to the offset map (slope 1 between them)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0  # the source is copied up to here
        self.parts: list[str] = []
        self.length = 0
        self.original: list[int] = [0]
        self.restored: list[int] = [0]

    def _flush(self, upto: int) -> None:
        if upto > self.pos:
            self.parts.append(self.source[self.pos : upto])
            self.length += upto - self.pos
            self.pos = upto

    def _mark(self, orig: int) -> None:
        if self.original[-1] != orig or self.restored[-1] != self.length:
            self.original.append(orig)
            self.restored.append(self.length)

    def replace(self, start: int, end: int, new: str) -> None:
        self._flush(start)
        self._mark(start)
        self.parts.append(new)
        self.length += len(new)
        self.pos = end
        self._mark(end)

    def finish(self) -> tuple[str, OffsetMap]:
        self._flush(len(self.source))
        self._mark(len(self.source))
        return "".join(self.parts), OffsetMap(tuple(self.original), tuple(self.restored))


_SPECIAL = {**_BRACKETS, "``": "“", "''": "”", "`": "‘", "'": "’"}


def _token_text(token: str) -> str:
    special = _SPECIAL.get(token)
    if special is not None:
        return special
    return _ESCAPE.sub(r"\1", token) if "\\" in token else token


def _emit_token(out: _Builder, token: str, start: int) -> None:
    new = _token_text(token)
    if new == token:
        return
    if token in _SPECIAL:
        out.replace(start, start + len(token), new)
        return
    for m in _ESCAPE.finditer(token):  # "9\/11": exact offsets around each escape
        out.replace(start + m.start(), start + m.end(), m.group(1))


def _joined_quote_gaps(tokens: list[re.Match[str]], text: str) -> set[int]:
    """Indexes i of gaps (between token i and i+1) with a line break inside a quote that closes
    a few lines later: that quote is one paragraph again."""
    joined: set[int] = set()
    i = 0
    while i < len(tokens):
        if tokens[i].group() != "``":
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].group() not in {"``", "''"}:
            j += 1
        if j < len(tokens) and tokens[j].group() == "''":
            breaks = [k for k in range(i, j) if "\n" in text[tokens[k].end() : tokens[k + 1].start()]]
            if len(breaks) < _MAX_JOINED_LINES:
                joined.update(breaks)
        i = j
    return joined


def restore(text: str) -> tuple[str, OffsetMap]:
    """Ordinary text from PTB token text, and the offset map between the two."""
    tokens = list(_TOKEN.finditer(text))
    out = _Builder(text)
    if not tokens:
        return text, OffsetMap.identity(len(text))
    joined = _joined_quote_gaps(tokens, text)
    straight_open = False
    words = [t.group() for t in tokens]
    shown: list[str] = []  # restored form of each token, for the spacing decisions
    for token in words:
        if token == '"':  # a separated straight double quote: opening and closing alternate
            straight_open = not straight_open
            shown.append("“" if straight_open else "”")
        else:
            shown.append(_token_text(token))
    for i, match in enumerate(tokens):
        token = match.group()
        prev = words[i - 1] if i else ""
        if token == "." and i and prev.endswith(".") and prev != ".":
            # "D.C. ." : the tokenizer split off a sentence period the abbreviation already had.
            out.replace(match.start(), match.end(), "")
        elif token == '"':
            out.replace(match.start(), match.end(), shown[i])
        else:
            _emit_token(out, token, match.start())
        gap_start = match.end()
        gap_end = tokens[i + 1].start() if i + 1 < len(tokens) else len(text)
        if gap_start == gap_end:
            continue
        gap = text[gap_start:gap_end]
        if i + 1 == len(tokens):
            out.replace(gap_start, gap_end, "\n" * min(gap.count("\n"), 1))
            continue
        nxt, nxt_shown = words[i + 1], shown[i + 1]
        if "\n" in gap:
            new_gap = " " if i in joined else "\n" * gap.count("\n")
        elif _attaches(shown[i], token, nxt_shown, nxt) or (
            # "12 : 50" is a clock time (some research tokenizers split it)
            token == ":" and i and prev[-1:].isdigit() and nxt[:1].isdigit()
        ):
            new_gap = ""
        else:
            new_gap = gap
        if new_gap != gap:
            out.replace(gap_start, gap_end, new_gap)
    return out.finish()


def _attaches(left_shown: str, left: str, right_shown: str, right: str) -> bool:
    """No space between these two tokens in ordinary text."""
    if _CLITIC.match(right) or right == "'":
        return True
    if _ATTACH_LEFT.match(right_shown) or _ATTACH_RIGHT.match(left_shown):
        return True
    # "gon na" / "wan na" / "got ta": PTB splits these words in two.
    return right.lower() in {"na", "ta"} and left.lower() in {"gon", "wan", "got"}


def restore_if_pretokenized(text: str) -> tuple[str, OffsetMap | None]:
    """The restored text and its map when the text looks pre-tokenized, else the text and None."""
    if not looks_pretokenized(text):
        return text, None
    return restore(text)
