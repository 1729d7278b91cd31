"""Mentions that do not report one specific event, and the line a mention's sentence keeps to.

A mention is **generic** when what the text says of it is not the status of one event:

- a quantified or habitual mention: "every round of talks", "each summit", "all meetings";
  "the teams have met 12 times", "they meet regularly" (not for attacks, killings, injuries,
  deaths: "shot 11 times" counts the shots of one event);
- a bare plural naming a kind of event with nothing to pin it down (no word of its own, no
  participant, place or date), not a subject nor one of a list, in a clause saying what holds
  in general (simple present, a modal): "the river does not wait for summits";
- an announcement that only reports another event: "the summit that was announced last month",
  "announced the delay on Monday", "announced that he had canceled the summit", "the
  announcement of the summit"; and a bare anaphoric
  announcement ("the announcement", "welcomed this statement") with nothing of its own. Its
  status (held) is the announcing, which the announced event's own mention reports better
  (announced = planned); kept as a mention (it is an event mention for detection) but marked so
  the cross-article resolution does not make an event of it.

Generic mentions keep their status and other fields; the resolver skips them.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..doctext import doc_text
from ._lexicon import NOUN_TRIGGERS, POSTPONE

QUANTIFIERS = frozenset(["every", "each", "all"])
FREQUENCY_ADVERBS = frozenset(
    [
        *("regularly", "repeatedly", "often", "frequently", "usually", "routinely", "sometimes"),
        *("twice", "periodically", "annually", "occasionally", "rarely", "seldom"),
    ]
)
# Plurals that name one event as often as many ("talks continued", "sanctions on X").
LEXICAL_PLURALS = frozenset(
    ["talk", "negotiation", "consultation", "discussion", "hostility", "sanction", "tariff", "fighting"]
)
# Nouns an announcement can be of, besides event triggers: a turn of an event ("the delay").
ANNOUNCED_TURNS = frozenset(
    [
        *POSTPONE,
        *("cancellation", "date", "plan", "decision", "schedule", "collapse", "agreement", "deal"),
    ]
)
ANNOUNCE_LEMMAS = frozenset(["announce", "announcement", "declaration", "statement"])
ANAPHORIC_DETS = frozenset(["the", "this", "that"])
GENERIC_AUXES = frozenset(["do", "does", "can", "ca", "could", "may", "might", "must", "should"])
# Types whose "N times" counts the blows of one event ("shot 11 times"), not events.
ITERATIVE_TYPES = frozenset(["attack", "killing", "death", "injury"])


def segment_of(token: Token) -> tuple[int, int]:
    """The character span of the token's sentence, kept to its line: a sentence never spans a line
    or paragraph break (a title the parse ran into the body, a stray quote mark left over from the
    paragraph before)."""
    sent = token.sent
    text = doc_text(token.doc)
    start = max(sent.start_char, text.rfind("\n", 0, token.idx) + 1)
    newline = text.find("\n", token.idx)
    end = sent.end_char if newline < 0 else min(sent.end_char, newline)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def crosses_line(a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens of one parse."""
    lo, hi = sorted((a.idx, b.idx))
    return "\n" in doc_text(a.doc)[lo:hi]


def _is_event_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (
        token.lemma_.lower() in NOUN_TRIGGERS or token.lemma_.lower() in ANNOUNCED_TURNS
    )


def _quantified(token: Token) -> bool:
    """ "every summit", and "every round of talks" (the quantifier sits on the noun it hangs on)."""
    nodes = [token]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        nodes.append(token.head.head)
    return any(c.dep_ in ("det", "predet") and c.lower_ in QUANTIFIERS for n in nodes for c in n.children)


def _frequency(verb: Token) -> bool:
    """ "met 12 times", "meet regularly", "met twice"."""
    for child in verb.children:
        if (
            child.dep_ in ("npadvmod", "advmod", "obl")
            and child.lemma_.lower() == "time"
            and child.tag_ == "NNS"
        ):
            return True
        if child.dep_ == "advmod" and child.lower_ in FREQUENCY_ADVERBS:
            return True
    return False


def _generic_clause(verb: Token | None) -> bool:
    """A clause that states what holds in general: simple present ("do not wait for", "follow"),
    or a modal ("can end"), not a past, perfect or progressive report."""
    if verb is None:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ in ("VBZ", "VBP"):
        return not auxes
    return verb.tag_ == "VB" and bool(auxes & GENERIC_AUXES)


def _bare_plural(token: Token, anchored: bool, chain: list[Token]) -> bool:
    """ "The river does not wait for summits": a plural with nothing of its own, not a subject
    ("attacks escalate" reports attacks), not one of a list ("riots and demonstrations"), in a
    clause that says what holds in general."""
    if token.tag_ != "NNS" or anchored or token.lemma_.lower() in LEXICAL_PLURALS:
        return False
    if token.dep_ in ("nsubj", "nsubjpass", "conj") or any(c.dep_ != "punct" for c in token.children):
        return False
    verb = next((t for t in chain if t.pos_ in ("VERB", "AUX")), None)
    return _generic_clause(verb)


def _reports_another(token: Token, verbal: bool, others: frozenset[int]) -> bool:
    """An announcement whose content is another event or a turn of one. ``others``: the character
    offsets of the article's other triggers."""
    if verbal:
        contents = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        if token.dep_ in ("relcl", "acl"):  # "the summit that was announced"
            contents.append(token.head)
        if any(_is_event_noun(c) for c in contents):
            return True
        # "announced that he had canceled the summit", "announced he and Putin had agreed to meet"
        clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
        return any(t.idx in others for clause in clauses for t in clause.subtree)
    for child in token.children:  # "the announcement of the summit"
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "on", "about")
            and any(_is_event_noun(g) for g in child.children if g.dep_ == "pobj")
        ):
            return True
    return False


def _bare_anaphor(token: Token, anchored: bool) -> bool:
    """ "The announcement follows ...", "welcomed the announcement": nothing of its own."""
    if anchored:
        return False
    allowed = ("det", "punct")
    return any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in token.children) and all(
        c.dep_ in allowed for c in token.children
    )


def generic_reason(
    token: Token,
    kind: str,
    verbal: bool,
    chain: list[Token],
    anchored: bool,
    others: frozenset[int] = frozenset(),
) -> str | None:
    """Why the mention is not one specific event ("quantified", "habitual", "plural",
    "reports another"), or None. ``anchored``: it has a participant, place or date; ``others``:
    the character offsets of the article's other event triggers."""
    if not verbal and _quantified(token):
        return "quantified"
    verbs = ([token] if verbal else []) + [t for t in chain[:2] if t.pos_ in ("VERB", "AUX")]
    if verbs and kind not in ITERATIVE_TYPES and _frequency(verbs[0]):
        return "habitual"
    if not verbal and _bare_plural(token, anchored, chain):
        return "plural"
    if (
        kind == "announcement"
        and token.lemma_.lower() in ANNOUNCE_LEMMAS
        and (_reports_another(token, verbal, others) or (not verbal and _bare_anaphor(token, anchored)))
    ):
        return "reports another"
    return None
