"""Token values of a parse as plain lists, read once per document.

Every ``doc[i]`` and every step over ``for tok in doc`` makes a new spaCy ``Token``; the
analyzers made 2.8 M of them for 40 news articles (docs/events.md), most of them to read a
token's offset, text or tag again. The loops that visit every token read these lists instead:
one ``Doc.to_array`` per document, kept in ``doc.user_data`` beside the joined text
(``doctext``). Read them only once the parse is complete: they are not refreshed when a later
component changes a tag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from .doctext import doc_text

_KEY = "storyline_tokens"
_COLUMNS = [IDX, LENGTH, LOWER, TAG, POS, IS_SPACE, IS_PUNCT, IS_ALPHA, SENT_START, LEMMA]


@dataclass(frozen=True, slots=True)
class DocTokens:
    """Per token ``i`` of one ``Doc``: what ``doc[i]`` would say."""

    doc_text: str  # Doc.text, for slicing spans out of it
    start: list[int]  # Token.idx
    end: list[int]  # Token.idx + len(Token.text)
    text: list[str]
    lower: list[str]  # Token.lower_
    tag: list[str]  # Token.tag_
    pos: list[str]  # Token.pos_
    lemma: list[str]  # Token.lemma_
    is_space: list[bool]
    is_punct: list[bool]
    is_alpha: list[bool]
    sent_start: list[int]  # index of the first token of token i's sentence


def doc_tokens(doc: Doc) -> DocTokens:
    """The token lists of ``doc``, read once for this document."""
    found = doc.user_data.get(_KEY)
    if isinstance(found, DocTokens):
        return found
    columns = doc.to_array(_COLUMNS)
    text = doc_text(doc)
    strings = doc.vocab.strings
    starts = columns[:, 0].tolist()
    ends = (columns[:, 0] + columns[:, 1]).tolist()
    # Each token's sentence: the last sentence start at or before it (token 0 starts one).
    first = np.where(columns[:, 8] == 1, np.arange(len(columns)), 0)

    known: dict[int, str] = {}

    def names(column: int) -> list[str]:
        values = columns[:, column].tolist()
        for value in set(values).difference(known):  # each distinct string looked up once
            known[value] = strings[value]
        return list(map(known.__getitem__, values))

    found = DocTokens(
        doc_text=text,
        start=starts,
        end=ends,
        text=[text[a:b] for a, b in zip(starts, ends, strict=True)],
        lower=names(2),
        tag=names(3),
        pos=names(4),
        lemma=names(9),
        is_space=columns[:, 5].astype(bool).tolist(),
        is_punct=columns[:, 6].astype(bool).tolist(),
        is_alpha=columns[:, 7].astype(bool).tolist(),
        sent_start=np.maximum.accumulate(first).tolist() if len(first) else [],
    )
    doc.user_data[_KEY] = found
    return found


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` without making the ``Span``: the doc's text from the first
    token's start to the last token's end."""
    tokens = doc_tokens(doc)
    if not 0 <= start < end <= len(tokens.start):
        return doc[start:end].text  # empty or out of range: spaCy's own slicing rules
    return tokens.doc_text[tokens.start[start] : tokens.end[end - 1]]
