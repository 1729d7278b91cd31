"""Event triggers over the parse: a typed lexicon of nouns and verbs, with the parse deciding
the senses the lexicon alone cannot ("meeting" naming a room, "call for", "meet the demands",
a hunger strike, "fired" a minister)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..doctokens import DocTokens, doc_tokens
from ._lexicon import (
    NON_EVENT_HEADS,
    NON_EVENT_MEET_OBJECTS,
    NOUN_TRIGGERS,
    PEOPLE_WORDS,
    PHRASAL_CUES,
    PHRASAL_TRIGGERS,
    PRESS,
    PROTEST_STRIKE_MODIFIERS,
    RELEASED_THINGS,
    SCORE_OBJECTS,
    TREATMENT_OBJECTS,
    VERB_TRIGGERS,
    WEAPON_OBJECTS,
)

PERSONISH = frozenset(["PERSON", "ORG", "NORP", "GPE"])
PERSON_PRONOUNS = frozenset(["him", "her", "them", "me", "us", "you"])


@dataclass(slots=True)
class Trigger:
    token: Token
    type: str
    particle: Token | None = None  # "sit down", "step down"

    @property
    def start(self) -> int:
        return self.token.idx

    @property
    def end(self) -> int:
        last = self.particle if self.particle is not None and self.particle.i > self.token.i else self.token
        return last.idx + len(last.text)


def _particle(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prt":
            return child
    return None


def _objects(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("dobj", "obj")]


def _is_personish(token: Token) -> bool:
    return (
        token.ent_type_ in PERSONISH
        or token.lower_ in PERSON_PRONOUNS
        or token.lemma_
        in (
            "counterpart",
            "leader",
            "president",
            "minister",
            "delegation",
            "official",
        )
    )


def _noun_type(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    kind = NOUN_TRIGGERS.get(lemma)
    if kind is None:
        return None
    if token.dep_ in ("compound", "amod") and token.head.lemma_.lower() in NON_EVENT_HEADS:
        # A modifier naming a thing: "meeting room", "summit venue", "conference centre".
        return None
    children = {c.lower_ for c in token.children}
    if lemma == "talk" and token.tag_ != "NNS":
        return None  # "a talk" (a lecture), "small talk"
    if lemma == "round" and token.dep_ in ("advmod", "npadvmod"):
        return None  # "all year round"
    if lemma == "phone":
        return None  # only inside "by phone" / "phone call", handled by the head
    if lemma == "conference" and children & PRESS:
        return "announcement"
    if lemma == "conversation" and ("phone" in children or "telephone" in children):
        return "call"
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children):
        return None  # "a call for restraint" is an appeal
    if lemma == "strike":
        mods = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
        if mods & PROTEST_STRIKE_MODIFIERS or (token.head.lemma_ == "go" and token.dep_ == "pobj"):
            return "protest"
    if lemma == "fire" and token.head.lemma_ == "open":
        return "attack"
    if lemma == "sentence" and not token.is_lower:
        return None
    if lemma == "statement" and token.head.dep_ == "prep" and token.head.lower_ == "in":
        return None  # "In a statement, X said": how something was said, not an event of its own
    return kind


def _verb_type(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    particle = _particle(token)
    if particle is not None:
        pair = (lemma, particle.lower_)
        if pair in PHRASAL_TRIGGERS:
            return PHRASAL_TRIGGERS[pair]
        if pair in PHRASAL_CUES:
            return None  # "called off" says what happened to another event
    kind = VERB_TRIGGERS.get(lemma)
    if kind is None:
        return None
    objects = _objects(token)
    if lemma == "meet" and any(o.lemma_.lower() in NON_EVENT_MEET_OBJECTS for o in objects):
        return None
    if lemma == "call":
        if particle is not None or any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in token.children):
            return None  # "called it a success", "call off"
        if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in token.children):
            return None  # "call for", "call on"
        if not objects or not all(_is_personish(o) for o in objects):
            return None
    if lemma == "host" and not any(_is_personish(o) for o in objects):
        return None  # "offered to host the meeting": hosting is a cue for the meeting
    if lemma == "fire":
        if any(o.lemma_.lower() in WEAPON_OBJECTS for o in objects):
            return "attack"
        if any(_is_personish(o) for o in objects):
            return "dismissal"
        return None
    if lemma == "talk" and not any(c.dep_ == "prep" and c.lower_ in ("with", "to") for c in token.children):
        return None
    if lemma in ("strike", "hit") and (
        (token.head.pos_ == "NOUN" and token.dep_ == "relcl")
        or any(
            c.dep_ == "nsubj" and NOUN_TRIGGERS.get(c.lemma_.lower()) == "disaster" for c in token.children
        )
    ):
        return None  # "the quake struck": the quake is the mention
    if lemma == "check" and not any(
        (c.dep_ == "prep" and c.lower_ == "into") or (c.dep_ == "prt" and c.lower_ in ("in", "into"))
        for c in token.children
    ):
        return None
    if (
        lemma in ("execute", "capture")
        and objects
        and not any(_is_personish(o) or o.pos_ == "PRON" or o.lemma_.lower() in PEOPLE_WORDS for o in objects)
    ):
        return None  # "executed the plan", "captured the title": only people are executed or captured
    if lemma == "enter" and not any(o.lemma_.lower() in TREATMENT_OBJECTS for o in objects):
        return None
    if lemma == "release" and any(o.lemma_.lower() in RELEASED_THINGS for o in objects):
        return None  # "released a statement", "release more water": how something was said or done
    if lemma == "score" and objects and not any(o.lemma_.lower() in SCORE_OBJECTS for o in objects):
        return None  # "to score points"
    return kind


def _spoke_by_phone(token: Token) -> bool:
    return token.lemma_ in ("speak", "talk", "confer") and any(
        c.dep_ == "prep"
        and c.lower_ in ("by", "over", "on")
        and any(g.lemma_ in ("phone", "telephone") for g in c.children)
        for c in token.children
    )


def _in_headline(tokens: DocTokens, first: int, known: dict[int, bool]) -> bool:
    """Whether the sentence starting at token ``first`` is written in title case ("Shooting
    Leaves Two Dead"); ``known`` remembers each sentence's answer for this document."""
    found = known.get(first)
    if found is None:
        words = []
        i = first
        while i < len(tokens.text) and tokens.sent_start[i] == first:
            if tokens.is_alpha[i] and len(tokens.text[i]) > 3:
                words.append(tokens.text[i])
            i += 1
        found = known[first] = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    return found


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every event trigger of the document, in text order."""
    found: list[Trigger] = []
    tokens = doc_tokens(doc)  # a spaCy Token is made only for the nouns and verbs worth a look
    headlines: dict[int, bool] = {}
    for i, pos in enumerate(tokens.pos):
        if pos in ("NOUN", "PROPN"):
            if tokens.lemma[i].lower() not in NOUN_TRIGGERS:
                continue  # what _noun_type says first
            token = doc[i]
            if (
                pos == "PROPN"
                and token.ent_type_
                and not _in_headline(tokens, tokens.sent_start[i], headlines)
            ):
                continue  # names of things ("Summit Bank") are not events; a headline's words are
            kind = _noun_type(token)
            if kind is not None:
                found.append(Trigger(token, kind))
        elif pos == "VERB":
            token = doc[i]
            if _spoke_by_phone(token):
                found.append(Trigger(token, "call"))
                continue
            kind = _verb_type(token)
            if kind is not None:
                particle = _particle(token)
                keep = (
                    particle
                    if (token.lemma_.lower(), particle.lower_ if particle else "") in PHRASAL_TRIGGERS
                    else None
                )
                found.append(Trigger(token, kind, keep))
    return found
