"""Event mentions with their reported status (kind ``"events"``), over the article's parse.

Each item (the contract the cross-article event resolution builds on; see docs/events.md)::

    {start, end, text, lemma, type, sentence: {start, end},
     participants: [{name, entity_cluster, start, end, role}],
     place: {text, start, end} | None,
     time: {value, granularity, text, start, end} | None,
     status: proposed|planned|held|ongoing|postponed|cancelled|denied,
     status_cue: str | None, disputed: bool, negated: bool,
     asserted_by: {kind: "speaker"|"outlet", name, quote_index},
     generic: bool}   # left out when false: not one specific event (see ``_generic``)

Offsets are character offsets into the clean text. Reads the ``mentions``, ``quotes`` and
``times`` items of the analyzers before it, through ``_items`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token

from ...models import EventMention, timex_period
from ..fast_rules import FastAttributeRuler, FastLemmatizer
from ..nlp import get_nlp
from ..quotes.lexicon import ATTITUDE_VERBS
from ._args import MentionIndex, participants_of, place_of, time_of
from ._detect import Trigger, find_triggers
from ._generic import generic_reason, segment_of
from ._lexicon import NOUN_TRIGGERS, PHRASAL_TRIGGERS, VERB_TRIGGERS
from ._status import governing_chain, negated_in_clause, status_of

if TYPE_CHECKING:
    from ..context import ArticleContext

Item = dict[str, Any]

STATUSES = ("proposed", "planned", "held", "ongoing", "postponed", "cancelled", "denied")
# Every type a mention can have (the trigger lexicon's values, plus the senses _detect assigns).
EVENT_TYPES = tuple(
    sorted({*NOUN_TRIGGERS.values(), *VERB_TRIGGERS.values(), *PHRASAL_TRIGGERS.values(), "call", "protest"})
)


def _items(ctx: ArticleContext, kind: str) -> list[Item]:
    """The items of an earlier analyzer as dicts (typed items are converted with ``to_dict``)."""
    return [item.to_dict() for item in ctx.results.get(kind, [])]


def _attitude(doc: Doc, quote: Item) -> bool:
    """Whether a quote is what someone wants, agrees or offers to do ("agreed to meet him"), not
    what someone said."""
    cue = quote.get("cue") or {}
    if cue.get("start") is None:
        return False
    span = doc.char_span(int(cue["start"]), int(cue["end"]), alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.lemma_.lower() in ATTITUDE_VERBS


def _asserted_by(token: Token, start: int, end: int, quotes: Sequence[Item], outlet: str | None) -> Item:
    """The speaker of the innermost quote holding the mention; else of a quote whose cue verb
    governs the mention's clause ("Leavitt clarified that the meeting 'is not completely off the
    table'": the partial quote leaves "the meeting" outside its marks); else the outlet."""
    holding = [
        index
        for _size, index in sorted(
            (int(q["end"]) - int(q["start"]), index)
            for index, q in enumerate(quotes)
            if int(q["start"]) <= start and end <= int(q["end"])
        )
    ]
    # An attitude held by someone the reporter quotes ("Reyd said that Lenk had agreed to meet
    # him": Lenk's agreement, Reyd's claim) is asserted by the one quoting it.
    said = [index for index in holding if not _attitude(token.doc, quotes[index])]
    best: int | None = (said or holding)[0] if holding else None
    if best is None:
        ancestors = {a.idx for a in token.ancestors}
        best = next(
            (
                index
                for index, quote in enumerate(quotes)
                if (cue := quote.get("cue") or {}).get("start") is not None
                and int(cue["start"]) in ancestors
                and int(cue["start"]) < start
            ),
            None,
        )
    if best is not None:
        speaker = quotes[best].get("speaker") or {}
        name = speaker.get("name") or speaker.get("text")
        return {"kind": "speaker", "name": name, "quote_index": best}
    return {"kind": "outlet", "name": outlet, "quote_index": None}


def _mention(
    ctx: ArticleContext,
    trigger: Trigger,
    index: MentionIndex,
    quotes: list[Item],
    times: list[Item],
    last_pair: list[Item],
    others: frozenset[int] = frozenset(),
) -> Item:
    token = trigger.token
    verbal = token.pos_ == "VERB"
    chain = governing_chain(token)
    status = status_of(token, verbal)
    time = time_of(token.doc, token, chain, times)
    sent_start, sent_end = segment_of(token)
    state = status.status
    if status.from_tense and time is not None:
        # "the summit on March 20" with no verb to say: a date after the article's is ahead of it
        period = timex_period(str(time.get("value") or ""))
        reference = ctx.reference_date
        if period is not None and reference is not None and period[0] > reference and state == "held":
            state = "planned"
    if time is not None and state in ("planned", "proposed") and _long_past(time, ctx.reference_date):
        # "the summit to revisit the 2019 treaty": a date years before the article on an event still
        # ahead belongs to something else the sentence names
        time = None
    participants = participants_of(token.doc, token, verbal, chain, index, last_pair)
    place = place_of(token, verbal, chain, index)
    return {
        "start": trigger.start,
        "end": trigger.end,
        "text": ctx.text[trigger.start : trigger.end],
        "lemma": token.lemma_.lower(),
        "type": trigger.type,
        "sentence": {"start": sent_start, "end": sent_end},
        "participants": participants,
        "place": place,
        "time": time,
        "status": state,
        "status_cue": status.cue_text,
        "disputed": status.disputed,
        "asserted_by": _asserted_by(token, trigger.start, trigger.end, quotes, ctx.article.outlet),
        "negated": status.negated or negated_in_clause(token),
        "generic": generic_reason(
            token, trigger.type, verbal, chain, bool(participants or place or time), others
        )
        is not None,
    }


def _long_past(time: Item, reference: dt.date | None) -> bool:
    period = timex_period(str(time.get("value") or ""))
    return period is not None and reference is not None and (reference - period[1]).days > 366


TITLE_MAX = 1000  # characters: a first "line" longer than this is a paragraph, not a title


def _parses(ctx: ArticleContext) -> list[tuple[Doc, int, int]]:
    """The parses to read triggers from, each with the character range it is used for. A title
    line without a final period runs into the first body sentence in the article's parse ("Palace
    calls off summit with Marasta\n\nThe Palace said ..." makes "summit" the subject of "said"):
    such a line is parsed alone (offsets stay those of the text, since it starts it) and its
    triggers are read from that parse."""
    doc, text = ctx.doc, ctx.text
    newline = text.find("\n")
    title = text[:newline].rstrip()
    if newline <= 0 or not title.strip() or newline > TITLE_MAX:
        return [(doc, 0, len(text))]
    last = doc.char_span(len(title) - 1, len(title), alignment_mode="expand")
    if last is None or last[-1].sent.end_char <= newline:
        return [(doc, 0, len(text))]  # the parse already ends a sentence with the line
    nlp = get_nlp()
    if not any(may_be_trigger(token.text) for token in nlp.tokenizer(text[:newline])):
        return [(doc, newline, len(text))]  # its parse would find no trigger: no need to parse it
    title_doc = nlp(text[:newline])
    return [(title_doc, 0, newline), (doc, newline, len(text))]


# The lemmas a trigger can have (``_detect``: the noun and verb lexicons, phrasal verbs, verbs of
# speaking by phone), and every part of speech the lemmatizer's tables may be keyed by.
_TRIGGER_LEMMAS = frozenset(
    [
        *NOUN_TRIGGERS,
        *VERB_TRIGGERS,
        *(verb for verb, _particle in PHRASAL_TRIGGERS),
        "speak",
        "talk",
        "confer",
    ]
)
_PARTS_OF_SPEECH = (
    *("adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part", "pron", "propn"),
    *("punct", "sconj", "sym", "verb", "x", "eol", "space"),
)


@lru_cache(maxsize=65_536)
def may_be_trigger(word: str) -> bool:
    """Whether some parse can make ``word`` an event trigger: a lemma the pipeline can give it,
    under any part of speech, is in the trigger lexicon. The rule lemmatizer's lemma of a word
    is the word itself (lower-cased), one of its exceptions, or a suffix rule's form; the
    attribute ruler sets no lemma a trigger has (else every word may be one)."""
    tables = _lemma_tables()
    if tables is None:
        return True
    exceptions, rules = tables
    lower = word.lower()
    lemmas = {lower}
    for pos in _PARTS_OF_SPEECH:
        lemmas.update(exceptions.get(pos, {}).get(lower, ()))
        lemmas.update(
            lower[: len(lower) - len(old)] + new for old, new in rules.get(pos, ()) if lower.endswith(old)
        )
    return any(lemma.lower() in _TRIGGER_LEMMAS for lemma in lemmas)


@lru_cache(maxsize=1)
def _lemma_tables() -> tuple[Any, Any] | None:
    """The pipeline's rule lemmatizer's exception and suffix-rule tables; None when the pipeline
    is not the one these are read from, or its attribute ruler can set a trigger's lemma."""
    tables = None
    for _name, component in get_nlp().pipeline:
        if isinstance(component, FastAttributeRuler):
            if {lemma.lower() for lemma in component.lemmas()} & _TRIGGER_LEMMAS:
                return None
        elif isinstance(component, FastLemmatizer) and not component.lemmatizer.overwrite:
            lookups = component.lemmatizer.lookups
            tables = (lookups.get_table("lemma_exc", {}), lookups.get_table("lemma_rules", {}))
    return tables


def analyze(ctx: ArticleContext) -> list[EventMention]:
    index = MentionIndex(_items(ctx, "mentions"))
    quotes = _items(ctx, "quotes")
    times = _items(ctx, "times")
    items: list[Item] = []
    last_pair: list[Item] = []  # the two people of the latest mention naming two ("the two leaders")
    triggers = [
        trigger for doc, lo, hi in _parses(ctx) for trigger in find_triggers(doc) if lo <= trigger.start < hi
    ]
    starts = frozenset(t.start for t in triggers)
    verbal: list[tuple[Trigger, Item]] = []  # the verbal mentions so far, for appended descriptions
    for trigger in triggers:
        item = _mention(ctx, trigger, index, quotes, times, last_pair, starts - {trigger.start})
        if trigger.token.pos_ == "VERB":
            verbal.append((trigger, item))
        else:
            described = _described_event(trigger.token, verbal)
            if described is not None and not item["disputed"]:
                item["status"], item["status_cue"] = described["status"], described["status_cue"]
        people = [p for p in item["participants"] if p["role"] != "group" and _is_person(index, p)]
        if len(people) == 2:
            last_pair = [index.at_offset(int(p["start"])) or p for p in people]
        items.append(item)
    return [EventMention.from_dict(item) for item in items]


ORDINALS = frozenset(["first", "second", "third", "last", "latest", "only"])


def _described_event(token: Token, verbal: Sequence[tuple[Trigger, Item]]) -> Item | None:
    """The verbal mention an appended description is of: "... will meet in Geneva on March 20, the
    Palace said, the first summit between the two since a dispute began" describes the meeting,
    whatever the parse hangs "summit" on (the subject of "began", an apposition of "the Palace").
    The description: "the" + an ordinal + the trigger, right after a comma, in the same sentence
    as an earlier verbal mention."""
    children = list(token.lefts)
    if not (
        any(c.dep_ == "det" and c.lower_ == "the" for c in children)
        and any(c.dep_ == "amod" and c.lower_ in ORDINALS for c in children)
    ):
        return None
    left = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    if left is None or left.text != ",":
        return None
    start, _end = segment_of(token)
    for trigger, item in reversed(verbal):
        if start <= trigger.start < token.idx and trigger.token.doc is token.doc:
            return item
    return None


def _is_person(index: MentionIndex, participant: Item) -> bool:
    mention = index.at_offset(int(participant["start"]))
    return mention is not None and mention.get("type") == "PERSON"
