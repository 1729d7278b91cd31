"""Entity mentions (kind ``mentions``): people, organizations, places, groups, outlets.

Each item a ``models.Mention``: ``{start, end, text, type, name, cluster, kind, titles}`` (plus
``country`` for places and seats of power such as "the Kremlin"). ``kind`` is ``name``, ``nominal`` ("the
Russian leader") or ``pronoun`` ("she"); ``name`` is the best full name of the mention's chain in
this article and ``cluster`` the chain's id, shared by all its mentions. Unresolved descriptions
("a senior official") are items too, with their own cluster and their text as ``name``;
unresolved pronouns are left out.

How: spaCy's entities corrected for the small model's errors on news (``detect``), then
deterministic within-article coreference (``coref``). See docs/entities.md.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ...models import Mention
from ..context import ArticleContext
from ..doctokens import doc_tokens, span_text
from .coref import resolve_in_document
from .detect import TokenMention, detect_names


def mentions_of(doc: Doc, article_outlet: str | None = None) -> list[TokenMention]:
    """All resolved mentions of one parsed text (token offsets), clusters numbered in text order."""
    mentions = resolve_in_document(doc, detect_names(doc, article_outlet))
    mentions = [m for m in mentions if m.kind != "pronoun" or m.name is not None]
    renumber: dict[int, int] = {}
    for m in mentions:
        m.cluster = renumber.setdefault(m.cluster, len(renumber))
    return mentions


def to_item(doc: Doc, mention: TokenMention) -> Mention:
    if mention.start < mention.end:  # offsets and text from the token lists, not a Span
        tokens = doc_tokens(doc)
        start, end = tokens.start[mention.start], tokens.end[mention.end - 1]
        text = span_text(doc, mention.start, mention.end)
    else:
        span = doc[mention.start : mention.end]
        start, end, text = span.start_char, span.end_char, span.text
    return Mention(
        start=start,
        end=end,
        text=text,
        type=mention.type,
        name=mention.name or text,
        cluster=mention.cluster,
        kind=mention.kind,
        titles=mention.titles,
        country=mention.country or None,
    )


def analyze(ctx: ArticleContext) -> list[Mention]:
    return [to_item(ctx.doc, m) for m in mentions_of(ctx.doc, ctx.article.outlet)]
