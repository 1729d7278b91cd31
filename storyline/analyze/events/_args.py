"""Who took part in an event mention, where, and when: entity mentions and time expressions
attached to the trigger in the parse (its own modifiers and prepositional phrases, and for a verb
or an event held by a verb, that verb's subject and objects)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Token

from ..entities.names import plain_key
from ._generic import segment_of
from ._lexicon import CANCEL, DENY, NOUN_TRIGGERS, PHRASAL_CUES, POSTPONE

Item = dict[str, Any]

PARTICIPANT_TYPES = frozenset(["PERSON", "ORG", "GPE", "NORP"])
PLACE_TYPES = frozenset(["GPE", "LOC", "FAC"])
# Verbs that hold an event for its participants ("X and Y agreed to hold a summit").
HOLDING_VERBS = frozenset(
    [
        "hold",
        "host",
        "attend",
        "agree",
        "plan",
        "schedule",
        "arrange",
        "seek",
        "propose",
        "offer",
        "want",
        "cancel",
        "postpone",
        "scrap",
        "call",
        "put",
    ]
)
GROUP_HEADS = frozenset(["leader", "man", "woman", "president", "side", "minister", "counterpart"])
TITLE_WORDS = frozenset(
    [
        *("president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "leader"),
        *("official", "ambassador", "envoy", "aide", "diplomat", "counterpart", "chancellor", "premier"),
    ]
)
# Offices one person holds for a country: "the foreign ministers of Valdoria and Marasta", "Russia's
# president", "the Marastan prime minister" name those people without their names.
OFFICE_HEADS = frozenset(
    ["minister", "president", "premier", "chancellor", "leader", "secretary", "king", "queen", "monarch"]
)
# People known by what they are, not by an office of a country: "a meeting of residents", "experts
# from both countries met" take part as a group (an ``office`` with no country), which the events
# stage never matches to a president and a prime minister.
GROUP_NOUNS = frozenset(
    [
        *("expert", "resident", "farmer", "engineer", "scientist", "technician", "villager"),
        *("student", "worker", "voter", "protester", "activist", "employee", "doctor", "teacher"),
        *("negotiator", "delegate", "mediator", "inspector"),
    ]
)
# Prepositions by which an event dates another ("before the summit", "after the vote").
TIME_PREPOSITIONS = frozenset(["before", "after", "since", "until", "till", "during", "ahead", "following"])
# Words for heads of state or government: "the two leaders" are two of them, not two ministers.
LEADER_TITLES = frozenset(
    ["president", "prime", "premier", "chancellor", "king", "queen", "leader", "emir", "monarch"]
)
# Subtrees not to search: clauses inside the mention ("the summit, which Trump announced ...").
SKIP_DEPS = frozenset(["relcl", "acl", "advcl", "ccomp", "parataxis"])


class MentionIndex:
    """Entity mention items by character offset."""

    def __init__(self, mentions: Sequence[Item]) -> None:
        self.mentions = sorted((_within_line(m) for m in mentions), key=lambda m: int(m["start"]))
        self.starts = [int(m["start"]) for m in self.mentions]

    def at(self, token: Token) -> Item | None:
        return self.at_offset(token.idx)

    def at_offset(self, offset: int) -> Item | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and int(self.mentions[i]["end"]) > offset:
            return self.mentions[i]
        return None

    def before(self, offset: int) -> list[Item]:
        return self.mentions[: bisect.bisect_left(self.starts, offset)]


def _within_line(mention: Item) -> Item:
    """A mention the parse ran across a line break ("Marasta\n\nThe" from a title and the body's
    first words) kept to its first line: a name never spans a title and a paragraph."""
    text = str(mention.get("text") or "")
    if "\n" not in text:
        return mention
    first = text.split("\n", 1)[0].rstrip()
    if not first.strip():
        return mention
    clipped = dict(mention, text=first, end=int(mention["start"]) + len(first))
    if mention.get("name") == text:
        clipped["name"] = first
    return clipped


def _is_country(mention: Item) -> bool:
    return (
        mention.get("type") == "GPE"
        and mention.get("country") is not None
        and mention.get("country") == mention.get("name")
    )


def _is_place(mention: Item) -> bool:
    # "U.S.-Russia" names the two sides, not a place
    return mention.get("type") in PLACE_TYPES and not re.search(r"\S[-–]\w", str(mention.get("text", "")))


def _in_title(token: Token) -> bool:
    """Whether a nationality or country word modifies a person's name or title."""
    node = token
    for _ in range(4):
        if node.dep_ not in ("compound", "amod", "nmod", "poss", "pobj", "prep", "conj"):
            return False
        node = node.head
        if node.ent_type_ == "PERSON" or node.lemma_.lower() in TITLE_WORDS:
            return True
    return False


def _subtree(token: Token, skip_root_deps: bool = True) -> list[Token]:
    out: list[Token] = []
    stack = [token]
    while stack:
        node = stack.pop()
        out.append(node)
        for child in node.children:
            if child.dep_ in SKIP_DEPS:
                continue
            stack.append(child)
    return out


def _argument_tokens(trigger: Token, verbal: bool, chain: list[Token]) -> list[tuple[Token, str]]:
    """Tokens that may name participants, with a role."""
    found: list[tuple[Token, str]] = []
    for child in trigger.children:
        if child.dep_ in SKIP_DEPS:
            continue
        if child.dep_ in ("nsubj", "nsubjpass"):
            role = "subject"
        elif child.dep_ in ("dobj", "obj", "dative"):
            role = "object"
        elif child.dep_ == "prep" and child.lower_ in (
            "with",
            "between",
            "among",
            "against",
            "on",
            "of",
            "to",
        ):
            role = child.lower_
        elif child.dep_ in ("poss", "compound", "nmod", "amod"):
            role = "modifier"
        elif child.dep_ == "agent":
            role = "subject"
        else:
            continue
        found.extend((t, role) for t in _subtree(child))
    holders = [t for t in chain if t.pos_ == "VERB"][:3]
    controller = _infinitive_controller(trigger) if verbal else None
    if controller is not None:
        # "would give experts time to meet again": the experts meet, not what gives them time
        found.extend((t, "subject") for t in _subtree(controller))
        holders = [v for v in holders if v.i != controller.head.i]
    if not verbal:
        holders = [t for t in holders if t.lemma_.lower() in HOLDING_VERBS]
        if trigger.dep_ == "pobj" and trigger.head.lower_ in TIME_PREPOSITIONS:
            holders = []  # "agreed to meet him before the summit": the summit dates the meeting
    for verb in holders:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != trigger.i:
                found.extend((t, "subject") for t in _subtree(child))
    return found


def _infinitive_controller(trigger: Token) -> Token | None:
    """Who does what an infinitive modifying an object says: the indirect object of its verb
    ("give experts time to meet": the experts), else nothing said here."""
    if trigger.dep_ not in ("relcl", "acl") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children
    ):
        return None
    noun = trigger.head
    if noun.dep_ not in ("dobj", "obj"):
        return None
    return next((c for c in noun.head.children if c.dep_ == "dative" and c.i < noun.i), None)


def _group_pair(
    doc: Doc, index: MentionIndex, before: int, since: int = 0, named_together: bool = False
) -> list[Item]:
    """The last two people named together before ``before`` ("Trump and Putin ... the two
    leaders"), from ``since`` on; unless ``named_together``, else the last two people named."""
    people = [m for m in index.before(before) if m.get("type") == "PERSON" and int(m["start"]) >= since]
    for later in reversed(people):
        token = doc.char_span(int(later["start"]), int(later["end"]), alignment_mode="expand")
        if token is None:
            continue
        head = token.root
        if head.dep_ == "conj":
            first = index.at(head.head)
            if (
                first is not None
                and first.get("type") == "PERSON"
                and first.get("cluster") != later.get("cluster")
            ):
                return [first, later]
    if named_together:
        return []
    return _last_two(people)


def _last_two(people: list[Item]) -> list[Item]:
    """The last two distinct people (coreference chains) of these mentions, in text order."""
    distinct: list[Item] = []
    for mention in reversed(people):
        if all(d.get("cluster") != mention.get("cluster") for d in distinct):
            distinct.append(mention)
        if len(distinct) == 2:
            return list(reversed(distinct))
    return []


def _is_group_phrase(token: Token) -> bool:
    """ "the two leaders", "both sides", "their" summit."""
    if token.lemma_.lower() in GROUP_HEADS and token.tag_ in ("NNS", "NNPS"):
        return any(c.lower_ in ("two", "both") for c in token.children)
    return token.lower_ == "their" and token.dep_ == "poss"


def participants_of(
    doc: Doc,
    trigger: Token,
    verbal: bool,
    chain: list[Token],
    index: MentionIndex,
    last_pair: Sequence[Item] = (),
) -> list[Item]:
    """Entity mentions taking part; "the two leaders" / "their" resolve to ``last_pair`` (the two
    people of the latest earlier event mention), else to the last two people named together."""
    seen: set[Any] = set()
    out: list[Item] = []

    def add(mention: Item, role: str) -> None:
        key = mention.get("cluster", mention.get("name"))
        if key in seen:
            return
        seen.add(key)
        out.append(
            {
                "name": mention.get("name"),
                "entity_cluster": mention.get("cluster"),
                "start": mention["start"],
                "end": mention["end"],
                "role": role,
            }
        )

    group_seen = group_done = leaders_named = False
    arguments = _argument_tokens(trigger, verbal, chain)
    consumed: set[int] = set()  # country mentions that say whose office it is, not who took part
    offices = [(office_of(token, index), token, role) for token, role in arguments]
    # "the ministers had spent most of their meeting": "their" is the subject's office
    offices += [
        (office_of(subject, index), subject, "group")
        for token, _role in arguments
        if token.lower_ == "their" and token.dep_ == "poss"
        for subject in [_clause_subject(token)]
        if subject is not None
    ]
    for office, token, role in offices:
        if office is None:
            continue
        group_done = group_done or role == "group"
        phrase, countries = office
        first = min(
            [token.i, *(c.i for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i)]
        )
        span = token.doc[first : token.i + 1]
        choices: list[Item | None] = list(countries) or [None]
        for country in choices:
            if country is not None:
                consumed.add(int(country["start"]))
            country_name = str(country.get("name") or country.get("text") or "") if country else ""
            key = ("office", phrase, plain_key(country_name))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "name": f"{phrase} of {country_name}" if country_name else span.text,
                    "entity_cluster": None,
                    "start": span.start_char,  # the office's words: "foreign ministers"
                    "end": span.end_char,
                    "role": role,
                    "office": phrase,
                    "country": country_name,
                }
            )
    for token, role in arguments:
        mention = index.at(token)
        if mention is not None and (int(mention["start"]) in consumed or _is_dateline(token, mention)):
            continue
        if mention is None:
            if _is_group_phrase(token):
                group_seen = True
                leaders_named = leaders_named or token.lemma_.lower() == "leader"
            continue
        if mention.get("type") not in PARTICIPANT_TYPES:
            continue
        if mention.get("type") in ("GPE", "NORP") and _in_title(token):
            continue  # "US" in "US Secretary of State Marco Rubio" is part of a title
        if (
            mention.get("type") in PLACE_TYPES
            and not _is_country(mention)
            and token.dep_ not in ("nsubj", "nsubjpass")
        ):
            continue  # a city or region is the event's place, not a participant
        if mention.get("kind") == "pronoun" and mention.get("text", "").lower() == "their":
            group_seen = True
            continue
        add(mention, role)
    if group_seen and not group_done:
        # "Dravic and Korsun are due to sign at their summit": two people named together in the
        # sentence before the mention, else those of the latest mention naming two, else the last
        # two named together; "the two leaders" only people with a leader's title, if any is known
        candidates = [
            _group_pair(doc, index, trigger.idx, since=trigger.sent.start_char, named_together=True),
            list(last_pair),
            _group_pair(doc, index, trigger.idx),
        ]
        candidates = [c for c in candidates if c]
        if leaders_named:
            leaders = [c for c in candidates if all(_leader(m, index) for m in c)]
            if not leaders:  # the pairs named lately are ministers: the last two leaders named
                people = [m for m in index.before(trigger.idx) if m.get("type") == "PERSON"]
                leaders = [_last_two([m for m in people if _leader(m, index)])]
            candidates = [c for c in leaders if c] or candidates
        pair = candidates[0] if candidates else []
        for mention in pair:
            add(mention, "group")
    return out


def office_of(token: Token, index: MentionIndex) -> tuple[str, list[Item]] | None:
    """An office named by the countries it is held for, and those countries' mentions: "the foreign
    ministers of Valdoria and Marasta" -> ("foreign minister", [Valdoria, Marasta]); "Russia's
    president", "the Marastan prime minister". None for an office with its holder's name beside it
    ("Foreign Minister Pavel Lenk", "the minister, Tomas Reyd": the person is the participant) or
    with no country ("the ministers")."""
    if token.pos_ == "NOUN" and token.lemma_.lower() in GROUP_NOUNS and token.tag_ in ("NNS", "NNPS"):
        return token.lemma_.lower(), []  # "residents", "experts from both countries"
    if token.pos_ != "NOUN" or token.lemma_.lower() not in OFFICE_HEADS or token.ent_type_ == "PERSON":
        return None
    if token.dep_ in ("compound", "appos", "nmod") and token.head.ent_type_ == "PERSON":
        return None  # "Russia's president Vladimir Putin"
    words: list[str] = []
    countries: list[Item] = []

    def country_at(node: Token) -> Item | None:
        mention = index.at(node)
        if mention is not None and mention.get("type") in ("GPE", "NORP", "ORG"):
            return mention
        return None

    for child in token.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
            return None
        if child.dep_ in ("amod", "compound", "poss"):
            mention = country_at(child)
            if mention is not None:
                countries.append(mention)
            elif child.dep_ != "poss" and child.is_alpha and child.is_lower and child.i < token.i:
                words.append(child.lower_)  # "foreign", "prime"
        elif child.dep_ == "prep" and child.lower_ == "of":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                for node in (pobj, *(c for c in pobj.subtree if c.dep_ == "conj")):
                    mention = country_at(node)
                    if mention is not None:
                        countries.append(mention)
        elif child.dep_ == "conj" and countries:
            # "ministers of Valdoria and Marasta", parsed with the second country beside the office
            mention = country_at(child)
            if mention is not None:
                countries.append(mention)
    phrase = " ".join([*words, token.lemma_.lower()])
    if not countries:
        # "the foreign ministers", "the ministers of both countries": an office, country untold
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "both") for c in token.children)
        if token.tag_ in ("NNS", "NNPS") and definite and not _is_group_phrase(token):
            return phrase, []
        return None
    unique = list({int(c["start"]): c for c in countries}.values())
    return phrase, unique


def _leader(mention: Item, index: MentionIndex) -> bool:
    """Whether a person's titles (in any mention of their chain) make them a head of state or
    government."""
    cluster = mention.get("cluster")
    chain = [m for m in index.mentions if cluster is not None and m.get("cluster") == cluster] or [mention]
    titles = " ".join(str(t) for m in chain for t in m.get("titles") or []).lower()
    return any(word in LEADER_TITLES for word in titles.split())


def _clause_subject(token: Token) -> Token | None:
    """The subject of the first verb above ``token`` ("the ministers" for "their" in "the
    ministers had spent most of their meeting")."""
    node = token
    for _ in range(6):
        if node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _is_dateline(token: Token, mention: Item) -> bool:
    """ "KORVATH —": the place a report was filed from, in capitals before a dash, takes no part."""
    text = str(mention.get("text") or "")
    if not (text.isupper() and len(text) > 1):
        return False
    following = token.doc[min(token.i + len(text.split()), len(token.doc) - 1)]
    return following.text in ("—", "–", "-", "--") and token.i - token.sent.start <= 3


def place_of(trigger: Token, verbal: bool, chain: list[Token], index: MentionIndex) -> Item | None:
    holders = [trigger, *[t for t in chain if t.pos_ == "VERB"][:2]]
    if verbal:  # "will meet his counterpart Tomas Reyd in Port Callis" (the parse hangs it on the name)
        holders += [t for t in _subtree(trigger)[1:] if t.pos_ in ("NOUN", "PROPN")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "outside"):
                for token in _subtree(child):
                    mention = index.at(token)
                    if mention is not None and _is_place(mention):
                        return {"text": mention["text"], "start": mention["start"], "end": mention["end"]}
            if holder is trigger and not verbal and child.dep_ in ("compound", "nmod", "poss"):
                mention = index.at(child)
                if mention is not None and _is_place(mention) and not _is_country(mention):
                    return {"text": mention["text"], "start": mention["start"], "end": mention["end"]}
    return None


CALENDAR_GRANULARITIES = frozenset(
    [
        "day",
        "week",
        "month",
        "year",
        "quarter",
        "season",
        "decade",
        "century",
        "time",
        "hour",
        "minute",
        "part",
    ]
)


# Prepositions that give a period's edge or a time beside the event, not the event's date:
# "talks since 2022", "no agreement before May", "within two weeks".
NON_DATE_PREPOSITIONS = frozenset(
    ["since", "until", "till", "by", "before", "after", "within", "from", "over"]
)
# On a verb that says what happened to the event (put off, called off), only these give the event's
# (new) date: "postponed to April 3", "rescheduled for May"; "postponed last week" dates the postponing.
NEW_DATE_PREPOSITIONS = frozenset(["to", "until", "for", "till"])
# Modifier dependencies by which a time names a noun's date ("the 2019 treaty", "its 2022 decision").
NOUN_MODIFIER_DEPS = frozenset(["nummod", "compound", "nmod", "amod", "poss", "npadvmod"])


def _attached(
    root: Token, trigger: Token, trigger_tokens: set[int], anchors: set[int], granularity: str
) -> bool:
    """Whether the time whose head word is ``root`` is the trigger's: inside the trigger's phrase
    ("his October 16 call", "the summit on March 20") or a temporal modifier of a verb of its clause
    ("spoke by phone on October 20", "is scheduled for April 3") -- never a time that names another
    noun's date ("the summit to revisit the 2019 treaty"), a period's edge ("talks since 2022"), or
    the date of a cancelling or postponing ("the summit was postponed last week")."""
    node = root
    prep: str | None = None
    for _ in range(5):
        head = node.head
        if head is node:
            return False
        if node.dep_ == "prep":
            prep = node.lower_
        if prep in NON_DATE_PREPOSITIONS:
            return False
        if head.i == trigger.i:
            return True
        # the time names another noun's date: a year always does ("the 2019 treaty"); a day or
        # month does when that noun is an event of its own ("the March 2 announcement")
        if (
            head.pos_ in ("NOUN", "PROPN")
            and (node.dep_ in NOUN_MODIFIER_DEPS or node.dep_ == "prep")
            and (granularity in ("year", "decade", "century") or head.lemma_.lower() in NOUN_TRIGGERS)
        ):
            return False
        if head.pos_ in ("VERB", "AUX"):
            if head.i not in anchors:
                return False
            # on "was postponed last week" the time dates the postponing, not the event
            return head.i == trigger.i or not _status_verb(head) or prep in NEW_DATE_PREPOSITIONS
        node = head
    return False


def _status_verb(verb: Token) -> bool:
    """A verb saying what happened to the event: cancel, postpone, call off, put off, deny."""
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    return lemma in CANCEL or lemma in POSTPONE or lemma in DENY or (lemma, particle) in PHRASAL_CUES


def time_of(doc: Doc, trigger: Token, chain: list[Token], times: Sequence[Item]) -> Item | None:
    """The calendar time expression attached to the trigger or to the verbs of its clause."""
    sent_start, sent_end = segment_of(trigger)
    anchors = {trigger.i, *(t.i for t in chain if t.pos_ in ("VERB", "AUX", "NOUN", "PROPN"))}
    trigger_tokens = {t.i for t in _subtree(trigger)}
    best: tuple[tuple[int, int], Item] | None = None
    for time in times:
        start, end = int(time["start"]), int(time["end"])
        if start < sent_start or end > sent_end:
            continue
        if time.get("granularity") not in CALENDAR_GRANULARITIES or time.get("type") not in ("DATE", "TIME"):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if not _attached(root, trigger, trigger_tokens, anchors, str(time.get("granularity"))):
            continue
        # a time on the trigger itself beats one on a verb of its clause ("met on Monday and will meet
        # again next week": "next week" is the second meeting's)
        direct = root.i in trigger_tokens or root.head.i == trigger.i
        rank = (0 if direct else 1, abs(root.i - trigger.i))
        if best is None or rank < best[0]:
            best = (rank, time)
    if best is None:
        return None
    time = best[1]
    return {
        "value": time.get("value"),
        "granularity": time.get("granularity"),
        "text": time.get("text"),
        "start": time["start"],
        "end": time["end"],
    }
