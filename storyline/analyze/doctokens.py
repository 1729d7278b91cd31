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

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from .doctext import doc_text

_KEY = "storyline_tokens"
_COLUMNS = [IDX, LENGTH, LOWER, TAG, POS, IS_SPACE, IS_PUNCT, IS_ALPHA, SENT_START, LEMMA]


@dataclass(frozen=True, slots=True)
class DocTokens:
    """Per token ``i`` of one ``Doc``: what ``doc[i]`` would say."""

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
    columns = doc.to_array(_COLUMNS).tolist()
    text = doc_text(doc)
    strings = doc.vocab.strings
    names: dict[int, str] = {}

    def name(value: int) -> str:
        known = names.get(value)
        if known is None:
            known = names[value] = strings[value]
        return known

    start = [row[0] for row in columns]
    end = [row[0] + row[1] for row in columns]
    sent_start: list[int] = []
    first = 0
    for i, row in enumerate(columns):
        if row[8] == 1:
            first = i
        sent_start.append(first)
    found = DocTokens(
        start=start,
        end=end,
        text=[text[a:b] for a, b in zip(start, end, strict=True)],
        lower=[name(row[2]) for row in columns],
        tag=[name(row[3]) for row in columns],
        pos=[name(row[4]) for row in columns],
        lemma=[name(row[9]) for row in columns],
        is_space=[bool(row[5]) for row in columns],
        is_punct=[bool(row[6]) for row in columns],
        is_alpha=[bool(row[7]) for row in columns],
        sent_start=sent_start,
    )
    doc.user_data[_KEY] = found
    return found
