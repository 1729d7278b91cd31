"""Speakers of attributions: the span as written, whether it is anonymous, and the resolved name.

Resolution prefers the ``mentions`` items of the entities analyzer (their ``name`` is the best
full name within the article). When none cover the speaker, a small fallback of our own applies:
a surname is expanded to the fullest PERSON entity ending with it; a pronoun or a role noun ("the
spokesman") goes to the previous attribution's speaker nearby, else to the nearest preceding
person named as a grammatical subject.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ...models import Mention, Speaker
from ..doctext import doc_text
from .lexicon import (
    ANONYMOUS_HEADS,
    DEFINITE_ANONYMOUS_HEADS,
    INDEFINITE_DETERMINERS,
    MEDIUM_NOUNS,
    PERSONAL_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)

_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# First and second person: a transcript's "I" or a quote's "you" is nobody we can name.
_FIRST_SECOND_PERSON = frozenset(
    {"i", "me", "my", "myself", "we", "us", "you", "your", "yourself", "yourselves"}
)
_HONORIFICS = ("Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Sen. ", "Rep. ", "Gov. ", "Del. ", "Mr ", "Ms ", "Mrs ")
# Children that make a speaker phrase long without naming anyone more precisely.
_SPEAKER_CUT_DEPS = {"relcl", "acl", "punct", "cc", "conj", "advcl", "appos"}
_SOCIAL_MEDIA = {
    "telegram",
    "twitter",
    "x",
    "facebook",
    "instagram",
    "truth",
    "youtube",
    "tiktok",
    "television",
}


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a cue verb, climbing through "saying", "adding", conjuncts and
    the clauses a speech verb governs; never from another paragraph (headlines parse into the
    first sentence)."""
    found = _raw_subject(verb)
    if found is not None:
        # Token by token: ``doc.text`` joins the whole document on every access.
        low, high = sorted((found.i, verb.i))
        if any("\n" in tok.text for tok in verb.doc[low:high]):
            found = _named_entity_before(verb)
    return found


def _named_entity_before(verb: Token) -> Token | None:
    """Root of the last named entity before ``verb`` in its paragraph (walking back token by
    token: ``doc.ents`` is rebuilt on every access, too slow to scan per cue)."""
    doc = verb.doc
    i = verb.i - 1
    fallback: Token | None = None
    while i >= 0 and "\n" not in doc[i].text:
        tok = doc[i]
        if tok.ent_type_:
            end = i + 1
            while i > 0 and doc[i].ent_iob_ == "I" and "\n" not in doc[i - 1].text:
                i -= 1
            if tok.ent_type_ in _NAMED_LABELS:
                root = doc[i:end].root
                # "Roe, a fellow at the Lisk Institute, offered ...": a name governed by a
                # preposition describes the speaker; the speaker is the name outside it.
                if root.dep_ != "pobj":
                    return root
                fallback = fallback or root
        i -= 1
    return fallback


def _raw_subject(verb: Token, depth: int = 0) -> Token | None:
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if (
                child.dep_ in ("nsubj", "nsubjpass")
                and child.tag_ not in ("WDT", "WP", "EX")
                and not child.is_punct
            ):
                return child
        if current.dep_ == "pcomp" and current.head.head.lemma_ in ("quote", "cite"):
            # "CNN quoted a source as saying ...": the speaker is the one quoted.
            quoted = [c for c in current.head.head.children if c.dep_ == "dobj"]
            if quoted:
                return quoted[0]
        if current.dep_ == "relcl" and depth == 0:
            # "the report, which notes ...": PolNeAR marks the relative pronoun as written.
            relative = [c for c in current.children if c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP")]
            if relative:
                return relative[0]
        if (
            current.dep_ == "advcl"
            and current.tag_ == "VBG"
            and current.head.dep_ == "ccomp"
            and current.head.head.lemma_.lower() in SPEECH_VERBS
        ):
            # "X noted that Russia controls ..., reiterating that ...": whoever noted reiterates,
            # not the subject of the reported clause the parser hung the participle on.
            current = current.head.head
        elif current.dep_ in ("advcl", "xcomp", "conj", "parataxis") and current.head is not current:
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head  # "he began by saying ...": the subject of "began"
        elif current.dep_ == "acl" and current.tag_ == "VBG" and current.head.dep_ in ("dobj", "dative"):
            current = current.head.head  # "emailed supporters saying ...": who emailed
        elif (
            current.dep_ == "acl" and current.head.dep_ in ("nsubj", "nsubjpass") and current.head.i < verb.i
        ):
            return current.head  # "a man yelled ...", parsed as a reduced relative clause
        else:
            break
    # Inverted order: "said David Wasserman, House editor ..."
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "npadvmod", "dep") and child.i > verb.i and child.pos_ == "PROPN":
            return child
    # A cue deep inside reported speech ("labeling X as 'canceled' would be misleading"): the
    # speaker of the speech verb above it.
    if depth >= 2:
        return None
    ancestor = verb.head
    for _ in range(6):
        if ancestor.head is ancestor:
            break
        if ancestor.lemma_.lower() in SPEECH_VERBS and ancestor.pos_ == "VERB":
            return _raw_subject(ancestor, depth + 1)
        ancestor = ancestor.head
    return None


def phrase_span(head: Token, *, limit: tuple[int, int] | None = None) -> Span:
    """The noun phrase headed by ``head``, without relative clauses, appositions and conjuncts,
    kept inside ``limit`` (token indices) so it never runs into the quote itself."""
    left, right = head.i, head.i
    for child in head.children:
        if child.dep_ in _SPEAKER_CUT_DEPS:
            continue
        sub = list(child.subtree)
        if child.i < head.i:
            left = min(left, sub[0].i)
        else:
            right = max(right, sub[-1].i)
    if limit is not None:
        left, right = max(left, limit[0]), min(right, limit[1] - 1)
    doc = head.doc
    # Never cross a paragraph break or a quote mark (headlines and quotes are not speakers).
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text or doc[i].is_quote:
            left = i + 1
            break
    for i in range(head.i + 1, right + 1):
        if "\n" in doc[i].text or doc[i].is_quote:
            right = i - 1
            break
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1]


def is_anonymous(span: Span) -> bool:
    root = span.root
    if root.lemma_.lower() not in ANONYMOUS_HEADS and root.lower_ not in ANONYMOUS_HEADS:
        return False
    if any(tok.ent_type_ == "PERSON" for tok in span):
        return False
    first = span[0].lower_
    if first in INDEFINITE_DETERMINERS or (root.tag_ == "NNS" and first != "the"):
        return True
    # "the source" (already introduced) stays anonymous; "the spokesman" names someone earlier.
    return root.lower_ in DEFINITE_ANONYMOUS_HEADS


def _strip_determiner(text: str) -> str:
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


class SpeakerResolver:
    """Names speakers within one article, remembering the last named speaker."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        # Headlines and link lists are title-cased throughout; their "names" are unreliable.
        text = doc_text(doc)
        self.persons = [
            ent for ent in doc.ents if ent.label_ == "PERSON" and not is_heading(text, ent.start_char)
        ]
        self.history: list[tuple[int, str]] = []  # (offset, resolved name) of named speakers
        # Every entity once, for ``_ents_in``: ``Span.ents`` scans all of ``doc.ents`` per call.
        self._ents = list(doc.ents)
        self._ent_starts = [ent.start for ent in self._ents]
        # The furthest mention end so far, so ``_mention_name`` skips what ends before it.
        self._mention_reach = list(itertools.accumulate((m.end for m in self.mentions), max))

    def remember(self, offset: int, name: str | None, anonymous: bool) -> None:
        if name and not anonymous:
            self.history.append((offset, name))

    def _mention_name(self, start: int, end: int) -> str | None:
        best: Mention | None = None
        first = bisect.bisect_right(self._mention_reach, start)  # earlier mentions all end by start
        for k in range(first, len(self.mentions)):
            mention = self.mentions[k]
            if mention.start >= end:
                break
            longer = best is None or (mention.end - mention.start) > (best.end - best.start)
            if mention.end > start and mention.name and longer:
                best = mention
        if best is None:
            return None
        name = best.name
        if name.lower() in PERSONAL_PRONOUNS or name.lower() in _FIRST_SECOND_PERSON:
            return None  # an unresolved pronoun is no better than our own fallback
        return name

    def full_name(self, short: str, before: int) -> str:
        """The fullest PERSON name in the article ending with ``short`` ("Peskov" -> "Dmitry
        Peskov"), preferring names stated before ``before``."""
        bare = _strip_possessive(short.strip())
        for honorific in _HONORIFICS:
            if bare.startswith(honorific):
                bare = bare[len(honorific) :]
        last = bare.split()[-1] if bare.split() else bare
        candidates = [
            _strip_possessive(ent.text)
            for ent in self.persons
            if _strip_possessive(ent.text).split()[-1:] == [last]
        ]
        earlier = [c for c in candidates if len(c) > len(bare)]
        if earlier:
            return max(earlier, key=len)
        return bare

    def _previous_speaker(self, offset: int, window: int = 1200) -> str | None:
        before = [(past, name) for past, name in self.history if past < offset and offset - past <= window]
        return max(before)[1] if before else None

    def _nearest_subject_person(self, offset: int) -> str | None:
        fallback: str | None = None
        for ent in reversed(self.persons):
            if ent.start_char >= offset:
                continue
            if ent.root.dep_ in ("nsubj", "nsubjpass"):
                return self.full_name(ent.text, ent.start_char)
            if fallback is None:
                fallback = self.full_name(ent.text, ent.start_char)
        return fallback

    def _role_holder(self, role: str, offset: int) -> str | None:
        """The person introduced with this role earlier ("Kremlin spokesman Dmitry Peskov")."""
        for ent in reversed(self.persons):
            if ent.start_char >= offset:
                continue
            window = self.doc[max(ent.start - 4, 0) : ent.start]
            after = self.doc[ent.end : ent.end + 5]
            if any(tok.lower_ == role for tok in window) or any(tok.lower_ == role for tok in after):
                return self.full_name(ent.text, ent.start_char)
        return None

    def guess(self, head: Token, *, limit: tuple[int, int] | None = None) -> Speaker:
        span = phrase_span(head, limit=limit)
        if not len(span):
            span = head.doc[head.i : head.i + 1]
        text = span.text
        anonymous = is_anonymous(span)
        name: str | None
        named = False
        if head.tag_ in ("WDT", "WP") and head.head.dep_ == "relcl" and head.head.head is not head:
            # "which notes": the span as written, the name and anonymity of the noun it refers to.
            antecedent = self.guess(head.head.head)
            return Speaker(text, span.start_char, span.end_char, antecedent.name, antecedent.anonymous)
        whose = any(c.lower_ == "whose" and c.dep_ == "poss" for c in head.children)
        if whose and head.head.dep_ == "relcl" and head.head.head is not head:
            # "Meend, whose government offered to host": the government of the noun referred to
            owner = self.guess(head.head.head)
            if owner.name:
                return Speaker(
                    text, span.start_char, span.end_char, f"{owner.name}'s {head.text}", owner.anonymous
                )
        if anonymous:
            name = text
        else:
            name = self._mention_name(head.idx, head.idx + len(head.text))
            named = name is not None
            if name is None:
                name, named = self._fallback_name(span, head)
        guess = Speaker(text, span.start_char, span.end_char, name, anonymous)
        if named:
            self.remember(guess.start, name, anonymous)
        return guess

    def _ents_in(self, span: Span) -> list[Span]:
        """The entities wholly inside ``span`` (as ``span.ents``), found by bisection."""
        found = []
        for k in range(bisect.bisect_left(self._ent_starts, span.start), len(self._ents)):
            ent = self._ents[k]
            if ent.start >= span.end:
                break
            if ent.end <= span.end:
                found.append(ent)
        return found

    def _fallback_name(self, span: Span, head: Token) -> tuple[str | None, bool]:
        """The name and whether it names someone (a person or organization, not a description)."""
        lower = head.lower_
        offset = span.start_char
        if lower in _FIRST_SECOND_PERSON and lower != "we":
            return None, False  # "I" and "you" name no one without the quote's context
        if lower in PERSONAL_PRONOUNS:
            if lower == "it":
                return None, False
            if lower in ("they", "we"):
                return self._previous_speaker(offset), False
            name = self._previous_speaker(offset) or self._nearest_subject_person(offset)
            return name, name is not None
        if (
            head.pos_ != "PROPN"
            and head.lemma_.lower() in ROLE_NOUNS
            and span[0].lower_ in ("the", "this", "that")
        ):
            name = self._role_holder(head.lower_, offset) or self._previous_speaker(offset)
            return (name, True) if name else (_strip_determiner(span.text), False)
        ents = [ent for ent in self._ents_in(span) if ent.label_ in _NAMED_LABELS]
        person = next((ent for ent in ents if ent.label_ == "PERSON"), None)
        if person is not None:
            return self.full_name(person.text, person.start_char), True
        if _name_only_modifies(ents, head):
            # "US media reports", "Kremlin officials": the name says whose, not who; an unnamed
            # source, written as it stands.
            return _strip_determiner(span.text), False
        if head.pos_ == "PROPN":
            proper = [t for t in span if t.i >= head.i - 3 and t.i <= head.i and t.pos_ == "PROPN"]
            first = proper[0].i if proper else head.i
            return self.full_name(head.doc[first : head.i + 1].text, offset), True
        if ents:
            return _strip_possessive(_strip_determiner(ents[-1].text)), True
        return _strip_determiner(span.text) or None, False


def _name_only_modifies(ents: list[Span], head: Token) -> bool:
    """Whether the named entities of a speaker phrase only modify its common-noun head ("US" in
    "US media reports"); a role noun ("Kremlin spokesman") still points to its organization,
    and a possessive ("Russia's ministry") names the owner."""
    if not ents or head.pos_ == "PROPN" or head.lemma_.lower() in ROLE_NOUNS:
        return False
    for ent in ents:
        if head.i in range(ent.start, ent.end) or ent.end > head.i:
            return False
        if ent.root.dep_ not in ("compound", "amod", "nmod") or any(t.tag_ == "POS" for t in ent):
            return False
    return True


def medium_of(cue: Token, content: tuple[int, int]) -> str | None:
    """How it was said, when the attribution clause states it: "told NBC's Meet the Press",
    "in an interview on Telegram", "in a statement"."""
    lo, hi = content
    for child in cue.children:
        if lo <= child.idx < hi:
            continue
        if cue.lemma_ == "tell" and child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN":
            if child.ent_type_ == "PERSON":
                continue  # told a person, not a medium
            # "told NBC's Meet the Press": the whole proper name, possessive and all.
            first = min(t.i for t in child.subtree)
            last = child.i
            doc = cue.doc
            while last + 1 < len(doc) and (
                doc[last + 1].pos_ in ("PROPN", "PART", "DET") or doc[last + 1].lower_ in ("of", "'s", "’s")
            ):
                last += 1
            while last > first and doc[last].pos_ in ("DET", "ADP", "PART"):
                last -= 1
            return doc[first : last + 1].text
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if not objects:
                continue
            obj = objects[0]
            if obj.lemma_.lower() in MEDIUM_NOUNS or obj.lower_ in _SOCIAL_MEDIA:
                words = [child, *phrase_span(obj).__iter__()]
                extra = [
                    g
                    for g in obj.children
                    if g.dep_ == "prep" and g.lower_ == "on" and any(x.dep_ == "pobj" for x in g.children)
                ]
                end_tok = max((list(g.subtree)[-1] for g in extra), key=lambda t: t.i, default=words[-1])
                return cue.doc[child.i : end_tok.i + 1].text
    # "In an interview on Telegram ..., X emphasized" attaches to the main verb of the sentence.
    return None


def when_of(cue: Token, content: tuple[int, int]) -> tuple[int, int, str] | None:
    """The time expression of the attribution clause ("on Tuesday", "late Monday")."""
    lo, hi = content
    for child in cue.children:
        if lo <= child.idx < hi or child.dep_ in ("ccomp", "xcomp", "advcl", "conj", "nsubj"):
            continue
        if child.ent_type_ in ("DATE", "TIME") and child.dep_ in ("npadvmod", "obl", "tmod", "advmod"):
            ent_tokens = [t for t in child.subtree if t.ent_type_ in ("DATE", "TIME") or t.i == child.i]
            span = cue.doc[ent_tokens[0].i : ent_tokens[-1].i + 1]
            return span.start_char, span.end_char, span.text
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "at", "during", "earlier", "last"):
            objects = [g for g in child.children if g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME")]
            if objects:
                last = list(objects[0].subtree)[-1]
                span = cue.doc[child.i : last.i + 1]
                return span.start_char, span.end_char, span.text
    return None


_PARAGRAPH_BOUNDS = "\n"


def paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    # Bisect over the line breaks, found once per text: scanning for them on every call is
    # quadratic on a one-line megabyte article.
    breaks = _line_breaks(text)
    k = bisect.bisect_left(breaks, offset)
    start = breaks[k - 1] + 1 if k > 0 else 0
    return start, breaks[k] if k < len(breaks) else len(text)


@lru_cache(maxsize=4)
def _line_breaks(text: str) -> list[int]:
    return [m.start() for m in re.finditer(_PARAGRAPH_BOUNDS, text)]


def is_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` is in a headline or a link-list line: title-cased, no full stop, or
    starting with a list bullet. Such lines hold no attributions worth reporting."""
    start, end = paragraph_bounds(text, offset)
    known = _headings(text)  # asked once per token: each line is judged once
    found = known.get(start)
    if found is None:
        found = known[start] = _is_heading_line(text, start, end)
    return found


@lru_cache(maxsize=4)
def _headings(text: str) -> dict[int, bool]:
    """Line start -> whether the line is a heading, filled in as lines are asked about."""
    return {}


def _is_heading_line(text: str, start: int, end: int) -> bool:
    if end - start > 2000:  # far longer than any headline: only a bullet can make it one
        return text[start : start + 2000].lstrip()[:2] in ("- ", "• ", "* ", "– ", "— ")
    line = text[start:end].strip()
    if not line:
        return False
    if line[:2] in ("- ", "• ", "* ", "– ", "— "):
        return True
    if line[-1] in '.!?"”»’:' or len(line) > 200:
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words:
        return False
    capitalized = sum(1 for w in words if w[0].isupper())
    return capitalized >= 0.6 * len(words)


_PHRASE_INNER_DEPS = {"appos", "pobj", "prep", "compound", "conj", "poss"}
_INTRO_PRONOUNS = {"he", "she", "they", "we", "i"}


def subject_before(cue: Token) -> Token | None:
    """When the parse gives a cue no subject: for a finite verb ("Ryan (R-WI) said", "an adviser,
    Jane Roe, said:") the noun right before it, skipping commas and a parenthetical, in the same
    sentence; for a participle, the subject of the clause before it."""
    if cue.tag_ == "VBG":
        return _participle_subject(cue)
    if cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    i = cue.i - 1
    depth = 0
    while i >= cue.sent.start:
        tok = cue.doc[i]
        if "\n" in tok.text:
            return None
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            depth -= 1
        elif depth == 0 and tok.text != ",":
            if tok.pos_ not in ("PROPN", "PRON", "NOUN") or tok.tag_ in ("WDT", "WP", "PRP$"):
                return None
            # "Roe, the mayor of Springfield, said": the noun the apposition describes.
            while tok.dep_ in _PHRASE_INNER_DEPS and tok.head.i < cue.i and tok.head is not tok:
                tok = tok.head
            return tok
        i -= 1
    return None


def _participle_subject(cue: Token) -> Token | None:
    """ "Roe shared the news on Monday, writing “...”" parsed into the quote: the subject of the
    nearest verb before the participle in its sentence."""
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        tok = cue.doc[i]
        if "\n" in tok.text:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if (
                    child.dep_ in ("nsubj", "nsubjpass")
                    and child.i < tok.i
                    and child.tag_ not in ("WDT", "WP")
                ):
                    return child
    return None


def colon_intro_speaker(colon: Token) -> Token | None:
    """A quote introduced by a colon sentence with no speech verb ("... doesn't surprise pollster
    Jane Roe:", "Roe released the following statement:"): the last person or organization named
    in it, else its subject when that is a personal pronoun."""
    doc = colon.doc
    start = colon.sent.start
    i = colon.i - 1
    while i >= start and "\n" not in doc[i].text:
        tok = doc[i]
        if tok.ent_type_ in ("PERSON", "ORG"):
            end = i + 1
            while i > start and doc[i].ent_iob_ == "I":
                i -= 1
            return doc[i:end].root
        i -= 1
    root = colon.sent.root
    subjects = [
        c for c in root.children if c.dep_ == "nsubj" and c.lower_ in _INTRO_PRONOUNS and c.i < colon.i
    ]
    return subjects[0] if subjects else None
