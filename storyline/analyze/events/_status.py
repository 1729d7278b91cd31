"""The status of an event mention as reported, from the words that govern it in the parse.

The mention's *governing chain* is the path from its trigger up through the words it is an
argument of, within its clause: "a summit" <- "hold" <- "agreed" in "he and Putin had agreed to
hold a summit"; "a meeting" <- "for" <- "plans" in "there are no plans for a meeting". The
status is decided, in this order, by

1. a strong cue on the chain: what was done to the event ("called off", "has been postponed",
   "ruled out", "said no to"); of coordinated cue verbs the last ("postponed ... and cancelled");
   negated, it says the opposite is still possible ("is not completely off the table" ->
   proposed); governed by a disputing predicate ("labeling the summit as canceled would be
   misleading") it is not taken: the mention is ``disputed``. A cue in a clause on a nominal
   mention counts too ("the summit that was ... cancelled on March 31");
2. a denial: "no" on the mention or on the noun it depends on ("no meeting is scheduled",
   "no plans for the two leaders to meet");
3. a preposition placing a nominal mention ("since the Alaska summit" held, "before the
   summit" planned);
4. a negated verb that is the event or says whether it happens ("will not meet") -> denied;
5. a tentative modal or adverb on the chain ("could meet", "would only agree to meet if") ->
   proposed;
6. the mention's own modifiers ("a planned session", "a potential meeting", "the recent summit");
7. weak cues on the chain, the most tentative first: proposed ("offered", "hopes for"), planned
   ("scheduled", "agreed to", "expected to", "preparations for", "arrangements were made for"),
   ongoing ("under way");
8. tense and aspect of the nearest verb: "will meet" planned, "met"/"has met" held, "is meeting"
   ongoing; with no verb, the sentence's main verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ._generic import crosses_line
from ._lexicon import (
    CANCEL,
    DISPUTE,
    HELD,
    HELD_PREPOSITIONS,
    MODAL_FUTURE,
    MODAL_PROPOSED,
    NAMING_VERBS,
    ONGOING,
    PHRASAL_CUES,
    PLAN,
    PLANNED_PREPOSITIONS,
    POSTPONE,
    PROPOSE,
)

DENIABLE_VERBS = frozenset(
    [
        *("happen", "take", "occur", "hold", "plan", "schedule", "set", "arrange", "exist", "go"),
        *("proceed", "materialize", "materialise", "convene"),
    ]
)
# Nouns that, as the subject of the verb a mention hangs on, say how it stands.
PLAN_NOUNS = frozenset(["arrangement", "preparation", "plan", "schedule", "date"])
PROPOSAL_NOUNS = frozenset(
    ["proposal", "offer", "idea", "suggestion", "invitation", "possibility", "hope", "talk"]
)
# Verbs whose infinitive makes the event they take ahead: "to hold a summit", "to sign a deal".
HOLDING_VERBS = frozenset(
    ["hold", "host", "attend", "sign", "convene", "organize", "organise", "stage", "have"]
)
TENTATIVE_ADVERBS = frozenset(["potentially", "possibly", "perhaps", "maybe", "conceivably"])
# Dependencies along which a word is an argument of its head in the same clause.
CHAIN_DEPS = frozenset(
    [
        "dobj",
        "obj",
        "nsubj",
        "nsubjpass",
        "attr",
        "pobj",
        "prep",
        "xcomp",
        "agent",
        "oprd",
        "appos",
        "dative",
        "pcomp",
        "acomp",
        "csubjpass",
        "compound",  # "summit preparations resume": the status of the preparations' summit
        "poss",  # "the summit's collapse"
    ]
)
# A negated strong cue leaves the event possible (not cancelled) or still on (not postponed).
NEGATED_STRONG = {"cancelled": "proposed", "postponed": "planned", "denied": "proposed"}
# A disputed strong cue: the event is not what the disputed word says.
DISPUTED_STRONG = {"cancelled": "proposed", "postponed": "planned", "denied": "proposed"}


@dataclass(slots=True)
class Status:
    status: str
    cue: list[Token] = field(default_factory=list)
    negated: bool = False
    disputed: bool = False
    from_tense: bool = False  # decided by tense alone: a dated mention may overrule it

    @property
    def cue_text(self) -> str | None:
        if not self.cue:
            return None
        return " ".join(t.text for t in sorted(set(self.cue), key=lambda t: t.i))


def governing_chain(trigger: Token) -> list[Token]:
    """The words above ``trigger`` in its clause, nearest first."""
    chain: list[Token] = []
    current = trigger
    for _ in range(8):
        head = current.head
        if head is current or crosses_line(current, head):
            break  # a parse that runs a title into the body does not make the body govern it
        dep = current.dep_
        if dep in CHAIN_DEPS:
            pass
        elif dep in ("acl", "advcl") and current.pos_ in ("VERB", "AUX") and head.pos_ in ("NOUN", "PROPN"):
            pass  # "no plans for the two leaders to meet"
        elif dep == "conj" and current.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
            pass  # "met and agreed": the second verb shares the first one's tense
        else:
            break
        chain.append(head)
        current = head
    return chain


def _particle(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "prt":
            return child.lower_
    return ""


CONDITIONS = frozenset({"if", "unless"})


def _negation(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return child
    return None


def _strong_class(token: Token) -> tuple[str, list[Token]] | None:
    """A strong cue carried by ``token``: its class and the words that state it."""
    lemma = token.lemma_.lower()
    pair = (lemma, _particle(token))
    if pair in PHRASAL_CUES:
        return PHRASAL_CUES[pair], [
            token,
            *(c for c in token.children if c.dep_ in ("prt", "aux", "auxpass")),
        ]
    words = [token, *(c for c in token.children if c.dep_ in ("aux", "auxpass"))]
    if lemma in CANCEL:
        return "cancelled", words
    if lemma in POSTPONE:
        return "postponed", words
    if lemma == "deny":
        return "denied", words
    if lemma == "say" and any(c.lower_ == "no" and c.dep_ in ("dobj", "intj") for c in token.children):
        return "denied", [token, *(c for c in token.children if c.lower_ == "no")]  # "said no to a meeting"
    for child in token.children:  # "off the table"
        if (
            child.dep_ == "prep"
            and child.lower_ == "off"
            and any(g.lemma_.lower() in ("table", "agenda") for g in child.children)
        ):
            return "cancelled", [token, child, *child.children]
    if lemma in NAMING_VERBS:  # "labeling the summit as canceled": the word the status is named by
        named_words = list(token.children)
        for child in token.children:  # "calling the summit cancelled" (parsed as a modifier of it)
            if child.dep_ in ("dobj", "obj"):
                named_words.extend(g for g in child.children if g.dep_ in ("acl", "amod", "oprd"))
        for child in named_words:
            if child.dep_ in ("acl", "amod") and child.pos_ in ("VERB", "ADJ"):
                named = _strong_class(child)
                if named is not None:
                    return named[0], [child]
            if child.dep_ in ("advcl", "oprd", "acomp", "xcomp", "ccomp", "attr"):
                named = _strong_class(child)
                if named is not None:
                    return named[0], [child]
            if child.dep_ == "prep" and child.lower_ == "as":
                for grand in child.children:
                    named = _strong_class(grand)
                    if named is not None:
                        return named[0], [grand]
    return None


def _disputed(cue: Token) -> bool:
    """Whether a predicate above ``cue`` (within a few steps) disputes it."""
    node = cue
    for _ in range(4):
        if node.lemma_.lower() in DISPUTE:
            return True
        for child in node.children:
            if child.dep_ in ("acomp", "attr", "oprd") and child.lemma_.lower() in DISPUTE:
                return True
        if node.head is node:
            break
        node = node.head
    return False


def _weak_class(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in PROPOSE:
        return "proposed"
    if lemma in PLAN:
        return "planned"
    if lemma in ONGOING:
        return "ongoing"
    for child in token.children:
        if child.lower_ in ("underway", "ongoing"):
            return "ongoing"
        if child.dep_ == "acomp" and child.lemma_.lower() in PROPOSE:
            return "proposed"  # "a new summit date is unlikely"
        if child.dep_ == "acomp" and child.lemma_.lower() in PLAN:
            return "planned"
        if (
            child.dep_ == "prep"
            and child.lower_ == "under"
            and any(g.lower_ == "way" for g in child.children)
        ):
            return "ongoing"
        if (
            child.dep_ == "prep"
            and child.lower_ == "on"
            and any(g.lemma_.lower() == "table" for g in child.children)
        ):
            return "proposed"
    return None


def _modality(verb: Token) -> tuple[str | None, list[Token]]:
    """What the auxiliaries of ``verb`` say: planned (will), proposed (could), or nothing."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in TENTATIVE_ADVERBS:
            return "proposed", [child]
    for child in verb.children:
        if child.dep_ not in ("aux", "auxpass"):
            continue
        word = child.lower_
        if word in MODAL_FUTURE:
            return "planned", [child]
        if word in MODAL_PROPOSED:
            return "proposed", [child]
        if word in ("would", "'d"):
            conditional = any(t.lower_ in ("if", "unless") for t in verb.sent)
            return ("proposed" if conditional else "planned"), [child]
    return None, []


def _tense(verb: Token, verbal: bool = True) -> tuple[str, list[Token]]:
    """Status from tense and aspect alone. ``verbal``: the verb is the event itself, so a bare
    infinitive puts it ahead ("to meet"); for a nominal mention only a holding verb does
    ("to hold a summit", not "to revisit the treaty")."""
    modal, words = _modality(verb)
    if modal is not None:
        return modal, words
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if verb.head.lemma_ == "go" and verb.head.tag_ == "VBG" and verb.dep_ == "xcomp":
        return "planned", [verb.head]  # "is going to meet"
    if verb.tag_ == "VBG" and aux_words & {"is", "are", "am", "'s", "'re"}:
        return "ongoing", auxes
    if verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and aux_words & {"has", "have", "had", "was", "were", "'ve"}
    ):
        return "held", [verb, *auxes]
    if verb.tag_ == "VBN" and aux_words & {"be"} and verb.head.tag_ in ("VBD",):
        return "held", [verb]
    if verb.tag_ in ("VB",) and "to" in aux_words and aux_words & {"is", "are", "was", "were"}:
        return "planned", auxes  # "are to meet"
    if "to" in aux_words and verb.tag_ in ("VB", "VBN") and (verbal or verb.lemma_.lower() in HOLDING_VERBS):
        return "planned", auxes  # an infinitive with nothing above it: "(is) to be followed by"
    return "held", []


def status_of(trigger: Token, verbal: bool) -> Status:
    chain = governing_chain(trigger)
    verbs = ([trigger] if verbal else []) + [t for t in chain if t.pos_ in ("VERB", "AUX")]
    nearest_verb = verbs[0] if verbs else None
    scope = ([trigger] if verbal else []) + chain

    # 0. a condition says nothing happened: "to go to arbitration if the summit failed", "unless
    # the ceasefire collapses". The event is spoken of as a possibility, which is no claim about
    # its status (no cue: no update, no conflict, not the current status while a word states one).
    if nearest_verb is not None and any(
        c.dep_ == "mark" and c.lower_ in CONDITIONS for c in nearest_verb.children
    ):
        return Status("proposed")

    # 1. strong cues
    for token in scope:
        found = _strong_class(token)
        if found is None:
            continue
        if token.pos_ == "VERB":  # "was postponed in March and cancelled in April": the latest turn
            later = token
            while True:
                more = [c for c in later.children if c.dep_ == "conj" and c.pos_ == "VERB"]
                if not more:
                    break
                later = more[0]
                turn = _strong_class(later)
                if turn is not None and _negation(later) is None:
                    token, found = later, turn
        cls, words = found
        if _disputed(words[0]):
            return Status(DISPUTED_STRONG[cls], words, False, True)
        neg = _negation(token) or (_negation(token.head) if token.dep_ in ("acomp", "xcomp") else None)
        if neg is not None:
            return Status(NEGATED_STRONG[cls], [*words, neg], True)
        return Status(cls, words)

    # 1b. a strong cue in a clause on a nominal mention: "the summit that was postponed on
    # March 16 and cancelled on March 31" (the last of coordinated cues is the latest turn)
    if not verbal:
        for child in trigger.children:
            if child.dep_ not in ("relcl", "acl") or child.pos_ not in ("VERB", "AUX"):
                continue
            coordinated = [child]
            while True:
                more = [c for c in coordinated[-1].children if c.dep_ == "conj" and c.pos_ == "VERB"]
                if not more:
                    break
                coordinated.append(more[0])
            for verb in reversed(coordinated):
                found = _strong_class(verb)
                if found is not None and _negation(verb) is None and not _disputed(verb):
                    return Status(found[0], found[1])

    # 2. denial: "no" on the mention or on the noun it depends on
    own_neg = _negation(trigger)
    if own_neg is not None:
        return Status("denied", [own_neg, *(verbs[:1])], True)
    for token in chain:
        if token.pos_ in ("NOUN", "PROPN"):
            neg = _negation(token)
            if neg is not None:
                return Status("denied", [neg, token], True)
    # 3. A mention in an adjunct ("since the Alaska summit") takes its status from the preposition,
    # not from the clause it is attached to ("Russia's position has not shifted").
    if not verbal and chain and chain[0].dep_ == "prep":
        prep = chain[0]
        if prep.lower_ in HELD_PREPOSITIONS:
            if nearest_verb is not None and (
                _modality(nearest_verb)[0] is not None
                or (
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in nearest_verb.children)
                    and nearest_verb.head.lemma_.lower() in PROPOSE
                )
            ):
                return Status("planned", [prep])  # "will meet after the summit", "to visit after the summit"
            return Status("held", [prep])
        if prep.lower_ in PLANNED_PREPOSITIONS or (prep.lower_ == "of" and prep.head.lower_ == "ahead"):
            return Status("planned", [prep])
    # 4. A negated verb denies the event when the verb is the event or says whether it happens
    # ("will not meet", "the summit will not take place"), not when it negates something about it
    # ("do not expect the summit to resolve the dispute", "never came close to its subject").
    direct = verbal or (
        nearest_verb is not None
        and nearest_verb is chain[0]
        and nearest_verb.lemma_.lower() in DENIABLE_VERBS
    )
    if direct and nearest_verb is not None:
        neg = _negation(nearest_verb)
        if neg is not None:
            return Status("denied", [neg, nearest_verb], True)

    # 5. tentative modals on the chain
    for verb in verbs:
        modal, words = _modality(verb)
        if modal == "proposed":
            return Status("proposed", words)

    # 6. the mention's own modifiers
    if not verbal:
        for child in trigger.children:
            if child.dep_ not in ("amod", "advmod", "det", "compound", "nmod"):
                continue
            lemma = child.lemma_.lower()
            if lemma in CANCEL or child.lower_ in ("canceled", "cancelled"):
                return Status("cancelled", [child])
            if lemma in POSTPONE or child.lower_ == "postponed":
                return Status("postponed", [child])
            if lemma in PROPOSE or lemma == "any":
                return Status("proposed", [child])
            if lemma in PLAN or lemma in ("next", "future"):
                return Status("planned", [child])
            if lemma in HELD:
                return Status("held", [child])

    # 7. weak cues on the chain
    classes: dict[str, Token] = {}
    for token in chain:
        weak = _weak_class(token)
        if weak is not None:
            classes.setdefault(weak, token)
        if token.pos_ in ("VERB", "AUX"):  # "arrangements were being made for a meeting"
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != trigger.i and child.pos_ == "NOUN":
                    lemma = child.lemma_.lower()
                    if lemma in PLAN_NOUNS:
                        classes.setdefault("planned", child)
                    elif lemma in PROPOSAL_NOUNS:
                        classes.setdefault("proposed", child)
    for weak in ("proposed", "planned", "ongoing"):
        if weak in classes:
            return Status(weak, [classes[weak]])

    # 8. tense and aspect
    if nearest_verb is not None:
        cls, words = _tense(nearest_verb, verbal)
        return Status(cls, words, from_tense=True)
    root = trigger.sent.root
    if root.pos_ in ("VERB", "AUX"):
        cls, _words = _tense(root, False)
        return Status(cls, [], from_tense=True)
    return Status("held", [], from_tense=True)


def negated_in_clause(trigger: Token) -> bool:
    """Whether a negation word sits on the trigger itself ("no meeting", "did not meet")."""
    return _negation(trigger) is not None
