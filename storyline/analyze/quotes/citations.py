"""Citation chains: who reported what, citing whom.

"The Gaze reports this, referring to CNN, citing sources familiar with the discussions" becomes a
chain of three links sharing ``chain`` and ordered by ``position``:

    (this article) -reports-> The Gaze -referring_to-> CNN -citing-> sources familiar ...

Each item a ``models.Citation``: ``{start, end, text, citing, cited, relation, chain, position}``; ``start``/``end``
cover the phrase that states the link. The article's own outlet (``ctx.article.outlet``, or
"(this article)") is the citing party of the first link. Relations: ``reports`` ("CNN reported",
"Western outlets have reported"), ``referring_to``, ``citing``, ``according_to``, ``told`` ("an
official told Reuters": the article cites Reuters, which had it from the official), ``quoted``
("CNN quoted a source"). A photo credit ("(Photo: Reuters)") states no link and is never matched:
only verbs and "according to" make citations.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...models import Citation
from ..context import ArticleContext
from ..doctokens import DocTokens, doc_tokens
from .lexicon import ANONYMOUS_HEADS, OUTLET_NOUNS
from .speakers import is_heading, paragraph_bounds, phrase_span

THIS_ARTICLE = "(this article)"
_REPORT_LEMMAS = {"report", "write", "publish", "learn"}
_LINK_VERBS = _REPORT_LEMMAS | {"quote", "tell"}


def _party(head: Token) -> Span:
    span = phrase_span(head)
    doc = head.doc
    if head.pos_ == "PROPN":
        # "NBC's Meet the Press", "The New York Times": the whole proper name.
        last = span.end - 1
        while last + 1 < len(doc) and (
            doc[last + 1].pos_ in ("PROPN", "PART") or doc[last + 1].lower_ in ("'s", "’s", "the")
        ):
            last += 1
        while last > span.start and doc[last].pos_ in ("DET", "PART"):
            last -= 1
        span = doc[span.start : last + 1]
    # "sources familiar with the discussions": keep the "familiar with" modifier the phrase cuts.
    for child in head.children:
        if child.dep_ in ("amod", "acl") and child.i > head.i:
            last = max(t.i for t in child.subtree)
            span = head.doc[span.start : max(span.end, last + 1)]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span


def _is_source_like(head: Token) -> bool:
    return _is_outlet_like(head) or head.lemma_.lower() in ANONYMOUS_HEADS or head.lower_ in ANONYMOUS_HEADS


def _is_outlet_like(head: Token) -> bool:
    return (
        head.ent_type_ in ("ORG", "WORK_OF_ART", "PERSON", "NORP", "GPE")
        or head.pos_ == "PROPN"
        or head.lemma_.lower() in OUTLET_NOUNS
    )


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _not_heading_tokens(sent: Span, text: str) -> list[Token]:
    """Tokens of ``sent`` outside headline and link-list lines, judging each paragraph once."""
    kept: list[Token] = []
    bounds, heading = (-1, -1), False
    for tok in sent:
        if not bounds[0] <= tok.idx < bounds[1]:
            bounds = paragraph_bounds(text, tok.idx)
            heading = is_heading(text, tok.idx)
        if not heading:
            kept.append(tok)
    return kept


def _links_in_sentence(sent: Span, outlet: str, text: str) -> list[tuple[str, str, str, int, int]]:
    """(citing, cited, relation, start, end) links of one sentence, in chain order."""
    # Headlines and link lists state no citations, and a sentence may run into one.
    sent = sent.doc[sent.start : sent.end]
    kept = _not_heading_tokens(sent, text)
    if not kept:
        return []
    sent = sent.doc[kept[0].i : kept[-1].i + 1]
    reporter: tuple[Span, str, Token] | None = None
    for tok in sent:
        if tok.lemma_.lower() in _REPORT_LEMMAS and tok.pos_ == "VERB":
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and _is_outlet_like(subject):
                reporter = (_party(subject), "reports", tok)
                break
        if tok.lemma_.lower() == "quote" and tok.pos_ == "VERB":
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is not None and _is_outlet_like(subject):
                reporter = (_party(subject), "reports", tok)
                break
    links: list[tuple[str, str, str, int, int]] = []
    current = outlet
    if reporter is not None:
        span, relation, verb = reporter
        if span.text != outlet:
            start = min(span.start_char, verb.idx)
            links.append((current, span.text, relation, start, max(span.end_char, verb.idx + len(verb.text))))
        current = span.text
        if verb.lemma_.lower() == "quote":
            quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if quoted is not None:
                party = _party(quoted)
                links.append((current, party.text, "quoted", verb.idx, party.end_char))
                current = party.text
    # "told CNN": the article cites CNN, which had it from the speaker.
    for tok in sent:
        if tok.lemma_.lower() == "tell" and tok.pos_ == "VERB" and reporter is None:
            told = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
            speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if told is not None and told.pos_ == "PROPN" and told.ent_type_ != "PERSON":
                party = _party(told)
                links.append((current, party.text, "told", tok.idx, party.end_char))
                current = party.text
                if speaker is not None:
                    source = _party(speaker)
                    links.append((current, source.text, "told", source.start_char, tok.idx + len(tok.text)))
                    current = source.text
    for tok in sent:
        lower = tok.lower_
        if lower in ("referring", "citing") and tok.pos_ == "VERB":
            target = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if target is None and lower == "referring":
                prep = next((c for c in tok.children if c.lower_ == "to"), None)
                target = _pobj(prep) if prep is not None else None
            if target is not None and _is_source_like(target):
                party = _party(target)
                relation = "referring_to" if lower == "referring" else "citing"
                links.append((current, party.text, relation, tok.idx, party.end_char))
                current = party.text
    # "according to X" names the original source: it goes last in the chain.
    for tok in sent:
        if tok.lower_ == "according":
            prep = next((c for c in tok.children if c.lower_ == "to"), None)
            target = _pobj(prep) if prep is not None else None
            if target is not None:
                party = _party(target)
                links.append((current, party.text, "according_to", tok.idx, party.end_char))
                current = party.text
    return links


def _may_cite(tokens: DocTokens, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` hold a word every link needs (a reporting verb, "told",
    "citing", "referring to", "according to"). Most sentences hold none; they are not read
    token by token."""
    for i in range(start, end):
        if tokens.lower[i] == "according":
            return True
        if tokens.pos[i] == "VERB" and (
            tokens.lemma[i].lower() in _LINK_VERBS or tokens.lower[i] in ("referring", "citing")
        ):
            return True
    return False


def analyze(ctx: ArticleContext) -> list[Citation]:
    outlet = ctx.article.outlet or THIS_ARTICLE
    text = ctx.text
    items: list[Citation] = []
    chain = 0
    tokens = doc_tokens(ctx.doc)
    for sent in ctx.doc.sents:
        if not _may_cite(tokens, sent.start, sent.end):
            continue
        links = _links_in_sentence(sent, outlet, text)
        if not links:
            continue
        for position, (citing, cited, relation, start, end) in enumerate(links):
            items.append(
                Citation(
                    start=start,
                    end=end,
                    text=text[start:end],
                    citing=citing,
                    cited=cited,
                    relation=relation,
                    chain=chain,
                    position=position,
                )
            )
        chain += 1
    return items
