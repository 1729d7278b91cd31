"""The tense of the verb that governs a time expression, which decides whether "Tuesday" is the one
before or after the reference day.

Works from part-of-speech tags when the spaCy ``Doc`` has them, else from a small word list (so the
tagger also runs on a tokenizer-only ``Doc`` or on bare text). The governing verb is taken to be the
nearest verb group on the left within the sentence, else the nearest on the right: "Peskov said on
Tuesday", "On Tuesday, Peskov said", "the two will meet on Tuesday".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..doctokens import doc_tokens
from .core import Tense

_FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo", "won't", "’ll"})
_CONDITIONAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "ca"})
_PAST_WORDS = frozenset({"said", "was", "were", "had", "did", "told", "went", "met", "came", "took", "made"})
_PRESENT_WORDS = frozenset({"is", "are", "am", "has", "have", "does", "do", "says", "'s", "’s", "'re"})
_WORD = re.compile(r"[A-Za-z’']+")
_SENTENCE_END = re.compile(r"[.!?][\"”»’']?\s+(?=[\"“«‘']?[A-Z])|\n+")
# A full stop then a capital ends a sentence, unless the word before it is an abbreviation or an
# initial ("4 a.m. EDT Thursday", "Gen. Schwarzkopf", "John F. Kennedy", "the U.S. Senate").
_ABBREVIATION = re.compile(
    r"(?:\b(?:a\.m|p\.m|[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|Prof|Rev|Jr|Sr"
    r"|Inc|Corp|Co|Ltd|No|vs|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)|[A-Z]\.[A-Z])\.$"
)
_PLANNING = re.compile(r"(?:schedul|plann|set$|slated|called$|arranged)")
# Words ending in -ed that are not past-tense verbs often enough to matter.
_NOT_VERBS = frozenset({"red", "bed", "need", "speed", "seed", "feed", "hundred", "united", "limited", "led"})


@dataclass(slots=True, frozen=True)
class _Token:
    start: int
    end: int
    lower: str
    tag: str  # Penn tag, or a guess: MD, VBD, VBZ, VB, VBG, TO, X


def _guess_tag(word: str) -> str:
    w = word.lower()
    if w in _FUTURE_MODALS or w in _CONDITIONAL_MODALS:
        return "MD"
    if w in _PAST_WORDS:
        return "VBD"
    if w in _PRESENT_WORDS:
        return "VBZ"
    if w == "to":
        return "TO"
    if w.endswith("ed") and len(w) > 4 and w not in _NOT_VERBS and word[0].islower():
        return "VBD"
    return "X"


class TenseFinder:
    """``tense_at(start, end)`` for spans of one text."""

    def __init__(self, text: str, doc: Doc | None = None) -> None:
        tagged = doc is not None and doc.has_annotation("TAG")
        if tagged and doc is not None:
            cols = doc_tokens(doc)
            self.tokens = list(map(_Token, cols.start, cols.end, cols.lower, cols.tag))
        else:
            self.tokens = [
                _Token(m.start(), m.end(), m.group().lower(), _guess_tag(m.group()))
                for m in _WORD.finditer(text)
            ]
        self.starts = [t.start for t in self.tokens]
        self.boundaries = [
            m.end()
            for m in _SENTENCE_END.finditer(text)
            if m.group().startswith("\n")
            or not _ABBREVIATION.search(text, max(0, m.start() - 8), m.start() + 1)
        ]

    def _sentence(self, start: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.boundaries, start)
        lo = self.boundaries[i - 1] if i > 0 else 0
        hi = self.boundaries[i] if i < len(self.boundaries) else 1 << 62
        return lo, hi

    def tense_at(self, start: int, end: int) -> Tense | None:
        lo, hi = self._sentence(start)
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        for i in range(first - 1, -1, -1):
            tok = self.tokens[i]
            if tok.start < lo:
                break
            if _is_verb(tok):
                return self._group_tense(i)
        for i in range(last, len(self.tokens)):
            tok = self.tokens[i]
            if tok.start >= hi:
                break
            if _is_verb(tok):
                return self._group_tense(i, forward=True)
        return None

    def _group_tense(self, index: int, forward: bool = False) -> Tense | None:
        """Tense of the verb group around token ``index``: auxiliaries and adverbs on its left
        ("will not meet", "had already made", "is going to meet", "plans to meet")."""
        group: list[_Token] = []
        i = index
        if forward:  # extend to the right over the rest of the group ("will meet", not "met to discuss")
            while i + 1 < len(self.tokens) and _is_verb(self.tokens[i + 1]):
                i += 1
        j = i
        while j >= 0 and len(group) < 6:
            tok = self.tokens[j]
            if _is_verb(tok) or tok.tag in ("TO", "RB") or tok.lower in ("not", "n't", "never"):
                group.append(tok)
                j -= 1
                continue
            break
        words = [t.lower for t in group]
        tags = [t.tag for t in group]
        if any(w in _CONDITIONAL_MODALS for w in words) and "have" in words:
            return "past"  # "may have been responsible on Wednesday"
        if "could" in words and ("not" in words or "n't" in words):
            return "past"  # "could not be reached Tuesday": news idiom for a past attempt
        if any(w in _FUTURE_MODALS for w in words) or ("going" in words and "to" in words):
            return "future"
        if any(w in _CONDITIONAL_MODALS for w in words):
            return "future"
        if "TO" in tags and tags[-1] != "TO":  # "plans to meet": an intention points ahead
            return "past" if "had" in words else "future"  # "had been due to expire Friday"
        if len(words) > 1 and words[-1] in ("has", "have") and _PLANNING.match(words[0]):
            return "future"  # "has scheduled a news conference Thursday": the plan stands
        if "VBD" in tags:
            return "past"
        if "VBN" in tags and any(w in ("has", "have", "had") for w in words):
            return "past"
        if tags == ["VBN"]:
            return "past"  # a lone participle is mostly a mis-tagged past ("as trading opened Monday")
        if "VBG" in tags and any(w in ("is", "are", "am", "'s", "'re") for w in words):
            return "future"
        if "VBZ" in tags or "VBP" in tags:
            return "present"
        return None


def _is_verb(tok: _Token) -> bool:
    return tok.tag.startswith("VB") or tok.tag == "MD"
