"""Reported speech the dependency parse does not hand us as a clausal complement.

PolNeAR-style attribution is broad: besides "X said (that) ...", it counts what people want, plan,
expect or believe ("wants to improve the law"), stances on a thing ("criticized the plan"),
nominal cues ("his claim that ...") and parenthetical cues ("In any case, he said, the industry
...").  The small parser often attaches "X said <clause>" as something other than ``ccomp``, so a
sentence pattern backs it up. Each function returns content fragments as character spans; the
caller turns them into items sharing one cue.
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import ATTITUDE_VERBS, NOMINAL_CUES, SPEECH_VERBS, STANCE_VERBS

Fragments = list[tuple[int, int]]

# Verbs whose prepositional object is what the attribution is about ("referring to the memo",
# "called for a recount").
_PREPOSITIONAL_CUES: dict[str, tuple[str, ...]] = {
    "refer": ("to",),
    "call": ("for",),
    "ask": ("for",),
    "argue": ("for", "against"),
    "push": ("for",),
    "press": ("for",),
    "advocate": ("for",),
    "complain": ("about", "of"),
    "talk": ("about",),
    "speak": ("about", "of"),
    "warn": ("of", "about", "against"),
    "agree": ("with",),
    "object": ("to",),
    "respond": ("to",),
    "react": ("to",),
    "comment": ("on",),
    "insist": ("on",),
    "boast": ("about", "of"),
    "brag": ("about",),
    "joke": ("about",),
    "worry": ("about",),
    "hint": ("at",),
    "point": ("to",),
}

# Speech verbs whose infinitive is an aspect, not what was said ("continued to rise").
_NOT_INTENTIONS = {"continue", "begin", "start", "shoot", "crack"}

# Subjects that name a speaker: people, organizations, pronouns (not "it", "there").
_SPEAKER_POS = {"PROPN", "NOUN", "PRON"}
_NON_SPEAKER_PRONOUNS = {"it", "there", "this", "that", "which", "what"}
# Dependents of a cue that belong to the attribution, not to its content ("said on Tuesday").
_CUE_MODIFIER_DEPS = {"npadvmod", "advmod", "prep", "tmod", "punct", "aux", "neg", "prt", "dative"}


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    words = [t for t in tokens if not t.is_space]
    while words and words[-1].is_punct and words[-1].text not in ")’”'\"":
        words.pop()
    while words and words[0].is_punct and words[0].text not in "(‘“'\"":
        words.pop(0)
    if not words:
        return None
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _has_speaker_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in _SPEAKER_POS:
            if child.lower_ in _NON_SPEAKER_PRONOUNS:
                return None
            return child
    return None


def _is_clause(tokens: list[Token]) -> bool:
    """A finite clause: some verb in it has a subject inside it."""
    inside = {t.i for t in tokens}
    return any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in inside for t in tokens)


def complement_fragments(cue: Token) -> Fragments:
    """Content of a cue with no clausal complement: "wants to improve the law" (infinitive),
    "criticized the plan" (object of a stance verb)."""
    lemma = cue.lemma_.lower()
    if cue.pos_ not in ("VERB", "AUX") or cue.tag_ == "MD":
        return []
    if _has_speaker_subject(cue) is None and cue.dep_ not in ("xcomp", "advcl", "conj", "relcl", "acl"):
        return []
    children = list(cue.children)
    if any(c.dep_ == "prt" and c.lower_ == "off" for c in children):
        return []  # "called off the summit", "put off the vote": done to a thing, not said of it
    if lemma in ATTITUDE_VERBS or (lemma in SPEECH_VERBS and lemma not in _NOT_INTENTIONS):
        for child in children:
            if child.dep_ == "xcomp" and child.i > cue.i and any(g.tag_ == "TO" for g in child.children):
                span = _span_of(list(child.subtree))
                return [span] if span else []
    preposition = _PREPOSITIONAL_CUES.get(lemma)
    if preposition is not None:
        for child in children:
            if child.dep_ == "prep" and child.lower_ in preposition and child.i > cue.i:
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                span = _span_of(list(objects[0].subtree)) if objects else None
                if span is not None:
                    return [span]
    if lemma in STANCE_VERBS:
        for child in children:
            if child.dep_ == "dobj" and child.i > cue.i and child.pos_ in ("NOUN", "PROPN"):
                span = _span_of(list(child.subtree))
                return [span] if span else []
    return []


def said_fragments(cue: Token) -> tuple[Fragments, Token | None]:
    """ "Mr. Rosenthal said union voters ..." parsed without ``ccomp``, and the parenthetical
    "In any case, he said, the industry ...": the sentence around the cue is the content."""
    if cue.lemma_.lower() not in ("say", "tell", "add", "write", "argue", "note", "explain", "insist"):
        return [], None
    subject = _has_speaker_subject(cue)
    if subject is None:
        return [], None
    sent = cue.sent
    doc = cue.doc
    subject_first = min(t.i for t in subject.subtree)
    # Extent of the attribution phrase: subject + cue + its modifiers ("on Tuesday", "to reporters").
    attribution_end = cue.i
    for child in cue.children:
        if child.i > cue.i and child.dep_ in _CUE_MODIFIER_DEPS and not child.is_punct:
            attribution_end = max(attribution_end, max(t.i for t in child.subtree))
    after = [t for t in doc[attribution_end + 1 : sent.end] if "\n" not in t.text]
    if after and after[0].lower_ == "that":
        after = after[1:]
    before = [t for t in doc[sent.start : subject_first] if "\n" not in t.text]
    fragments: Fragments = []
    parenthetical = bool(before) and before[-1].text == "," and (not after or after[0].text == ",")
    if parenthetical:
        head = _span_of(before)
        tail = _span_of(after[1:]) if after else None
        if head is not None and len(before) >= 3:
            fragments.append(head)
        if tail is not None and len(after) >= 3:
            fragments.append(tail)
        return fragments, subject
    if before and before[-1].text not in (",", ":", "—") and subject_first != sent.start:
        return [], None
    if len(after) >= 4 and _is_clause(after):
        span = _span_of(after)
        if span is not None:
            fragments.append(span)
    return fragments, subject


def nominal_fragments(noun: Token) -> tuple[Fragments, Token | None]:
    """ "his claim that ...", "the announcement that ...": a cue noun with a that-clause. The
    possessor, when stated, is the source."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOMINAL_CUES:
        return [], None
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.i > noun.i:
            sub = list(child.subtree)
            if sub and sub[0].lower_ == "that" and sub[0].dep_ == "mark" and _is_clause(sub):
                span = _span_of(sub[1:])
                if span is None:
                    continue
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                return [span], owner
    return [], None
