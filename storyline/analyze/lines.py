"""Sentence starts the text's layout states, set before the parser (which keeps them).

A line that ends without sentence punctuation and is short for its text is a title or a heading
("Expert Skepticism", "Palace calls off Port Callis summit with Marasta"): the parser would run it
into the next sentence, which then gives the entities a name "Marasta\\n\\nThe", the quotes a
speaker in the heading and the events a heading's noun as a subject. A blank line always ends a
sentence. Hard-wrapped text (lines cut at a fixed width) keeps its wrapped lines joined: a line
is a heading only when it is shorter than most lines of its text.
"""

from __future__ import annotations

import re
from typing import Any, cast

from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .doctext import doc_text

COMPONENT = "storyline_line_breaks"
HEADING_MAX = 150  # characters: a longer line without final punctuation is a paragraph
_FINAL = re.compile(r"[.!?:;…\"”’'»)\]]\s*$")
_LINE = re.compile(r"[^\n]*")


def _wrap_width(text: str) -> int:
    """A hard-wrapped text's width: the 90th-percentile length of its non-empty lines (the
    longest one's when it has fewer than 10)."""
    lengths = sorted(len(m.group()) for m in _LINE.finditer(text) if m.group().strip())
    if len(lengths) < 10:
        return lengths[-1] if lengths else 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def heading_ends(text: str) -> list[int]:
    """Offsets of the line breaks that end a sentence: after a blank line's start, or after a
    heading line."""
    width = _wrap_width(text)
    ends: list[int] = []
    start = 0
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            return ends
        line = text[start:newline].strip()
        blank_next = text.startswith("\n", newline + 1) or text[newline + 1 : newline + 2] == "\r"
        if line and (
            blank_next or (len(line) <= HEADING_MAX and len(line) < 0.7 * width and not _FINAL.search(line))
        ):
            ends.append(newline)
        start = newline + 1


@Language.component(COMPONENT)
def line_breaks(doc: Doc) -> Doc:
    """Mark the first word after each sentence-ending line break as a sentence start."""
    ends = heading_ends(doc_text(doc))
    if not ends:
        return doc
    # Read and written as arrays: ``doc[at]`` makes a spaCy Token on every call, and setting
    # ``Token.is_sent_start`` first scans the whole doc for a parse (once per heading).
    columns = doc.to_array([IDX, IS_SPACE, SENT_START])
    starts, spaces = columns[:, 0].tolist(), columns[:, 1].tolist()
    sent_starts = columns[:, 2:3].copy()  # -1 (no start) round-trips as its uint64 form
    n = len(starts)
    at = 0
    for end in ends:
        while at < n and (starts[at] <= end or spaces[at]):
            at += 1
        if at < n and at > 0:
            sent_starts[at, 0] = 1
    doc.from_array([SENT_START], cast(Any, sent_starts))  # thinc's Ints2d: the uint64 array
    return doc
