"""Within-article coreference: titles attached to people, name chains, descriptions, pronouns.

Deterministic sieves in the spirit of the Stanford multi-pass resolver, ordered from most to least
precise: (1) names sharing a surname or a normalized form, (2) definite role descriptions ("the
Russian leader", "the spokesman") to the latest person whose title fits role and country,
(3) he/she to the most salient compatible person in the same or the previous sentences (subjects
first; a pronoun outside a quotation does not reach into one).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise

from spacy.tokens import Doc, Token

from ..doctext import doc_text
from ..doctokens import doc_tokens, span_text
from .detect import COUNTRY_BY_KEY, METONYM_BY_KEY, TokenMention, title_case_lines
from .gazetteer import (
    FEMALE_FIRST_NAMES,
    FEMALE_ROLES,
    FEMALE_SURNAME_ENDINGS,
    MALE_FIRST_NAMES,
    MALE_ROLES,
    PERSON_ROLES,
    ROLE_SYNONYMS,
    TITLE_MODIFIERS,
)
from .names import fold, person_key, plain_key, skeleton

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OPEN_QUOTES = {"“": "”", "«": "»", "„": "“"}
_MAX_SENTENCES_BACK = 3
_MAX_APPOSITION_TOKENS = 16
_QUOTE_OR_BREAK = re.compile("[" + "".join(_OPEN_QUOTES) + "".join(_OPEN_QUOTES.values()) + '"\n]')


# -- titles -----------------------------------------------------------------------------------


def _is_title_word(tok: Token) -> bool:
    low = tok.lower_
    return (
        low in PERSON_ROLES
        or low.rstrip("s") in PERSON_ROLES
        or low in TITLE_MODIFIERS
        or plain_key(tok.text) in COUNTRY_BY_KEY
        or (
            tok.text[:1].isupper()
            and (not tok.is_sent_start or tok.ent_type_ in {"NORP", "GPE", "ORG"})
            and tok.pos_ in {"PROPN", "ADJ", "NOUN"}
        )
        or (tok.text[:1].isupper() and low in PERSON_ROLES | TITLE_MODIFIERS)
    )


def title_before(doc: Doc, start: int) -> str | None:
    """The title written before a name ("Russian Foreign Minister" Sergey Lavrov)."""
    i = start
    while i > 0:
        tok = doc[i - 1]
        if _is_title_word(tok) and not tok.is_punct:
            i -= 1
        elif tok.lower_ == "of" and i >= 2 and i < start and doc[i - 2].lower_ in PERSON_ROLES:
            i -= 1  # "Secretary of State"
        else:
            break
    words = doc[i:start]
    # The title must contain a role noun; leading words before the first modifier are dropped.
    roles = [t for t in words if t.lower_ in PERSON_ROLES]
    if not roles:
        return None
    while words and not _is_title_word(words[0]):
        words = words[1:]
    text = words.text.strip()
    return text or None


def title_in_apposition(doc: Doc, end: int) -> str | None:
    """ ", a Senior fellow at the Carnegie Center," after a name."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return None
    i = end + 1
    if doc[i].lower_ not in {"a", "an", "the"} and doc[i].lower_ not in PERSON_ROLES | TITLE_MODIFIERS:
        return None
    stop = i
    closed = False
    while stop < len(doc) and stop - i < _MAX_APPOSITION_TOKENS:
        if doc[stop].text in {",", ";", ":", "(", ")", "—", "–", "."}:
            closed = True
            break
        if doc[stop].is_sent_end:
            closed = True
            stop += 1
            break
        stop += 1
    words = doc[i:stop]
    # An apposition is a noun phrase: a verb or a person's name in it means we ran into a clause.
    if (
        not closed
        or not words
        or not any(t.lower_ in PERSON_ROLES for t in words[:4])
        or any(t.pos_ in {"VERB", "AUX"} or t.ent_type_ == "PERSON" for t in words)
    ):
        return None
    if words[0].lower_ in {"a", "an", "the"}:
        words = words[1:]
    return words.text.strip() or None


# -- gender and roles ---------------------------------------------------------------------------


def _gender_of(name: str, titles: list[str], doc: Doc, mention: TokenMention) -> str | None:
    words = [w for w in fold(name).split() if w]
    roles = {w for title in titles for w in fold(title).split()}
    if roles & FEMALE_ROLES:
        return "f"
    if roles & MALE_ROLES:
        return "m"
    if mention.start > 0:
        before = doc[mention.start - 1].lower_.rstrip(".")
        if before in {"mrs", "ms", "miss", "madam"}:
            return "f"
        if before in {"mr", "sir"}:
            return "m"
    if len(words) >= 2:
        if words[0] in FEMALE_FIRST_NAMES:
            return "f"
        if words[0] in MALE_FIRST_NAMES:
            return "m"
    if words and words[-1].endswith(FEMALE_SURNAME_ENDINGS):
        return "f"
    return None


def _title_roles(title: str) -> tuple[set[str], str | None]:
    words = [w.rstrip("s") if w.rstrip("s") in PERSON_ROLES else w for w in fold(title).split()]
    roles = {w for w in words if w in PERSON_ROLES}
    if any(a == "prime" and b == "minister" for a, b in pairwise(words)):
        roles.add("premier")  # heads a government: "the British leader" can point back at one
    country = None
    for w in words:
        key = plain_key(w)
        country = country or COUNTRY_BY_KEY.get(key) or METONYM_BY_KEY.get(key)
    if "white" in words and "house" in words:
        country = country or METONYM_BY_KEY.get("white house")
    return roles, country


# -- the resolver -----------------------------------------------------------------------------


def _quote_regions(text: str) -> list[tuple[int, int]]:
    regions = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for found in _QUOTE_OR_BREAK.finditer(text):  # no other character changes anything below
        i, ch = found.start(), found.group()
        if ch in _OPEN_QUOTES:
            stack.append((_OPEN_QUOTES[ch], i))
        elif stack and ch == stack[-1][0]:
            regions.append((stack.pop()[1], i))
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                regions.append((straight_open, i))
                straight_open = None
        elif ch == "\n":
            stack.clear()
            straight_open = None
    return regions


def _region_of(char: int, regions: list[tuple[int, int]]) -> int:
    for n, (a, b) in enumerate(regions):
        if a <= char <= b:
            return n
    return -1


def resolve_in_document(
    doc: Doc, mentions: list[TokenMention], *, add_descriptions: bool = True
) -> list[TokenMention]:
    """Give every mention a ``cluster`` and ``name``; add nominal and pronoun mentions."""
    for m in mentions:
        if m.type == "PERSON" and m.kind == "name":
            before = title_before(doc, m.start)
            after = title_in_apposition(doc, m.end)
            m.titles = [t for t in (before, after) if t]

    clusters = _cluster_names(doc, mentions)
    if add_descriptions:
        mentions = mentions + _descriptions_and_pronouns(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    _resolve_references(doc, mentions, clusters)
    return mentions


def _cluster_names(doc: Doc, mentions: list[TokenMention]) -> dict[int, list[TokenMention]]:
    """Sieve 1: names. Returns cluster id -> its mentions (in text order)."""
    clusters: dict[int, list[TokenMention]] = defaultdict(list)
    full_by_surname: dict[str, list[tuple[int, TokenMention]]] = defaultdict(list)
    by_key: dict[tuple[str, str], int] = {}
    next_id = 0
    names = [m for m in mentions if m.kind == "name"]
    # Full personal names first, so a later or earlier bare surname can join them.
    for m in names:
        text = span_text(doc, m.start, m.end)
        if m.type == "PERSON":
            key = person_key(text)
            if key is None or key[0] is None:
                continue
            k = ("PERSON", f"{key[0]} {key[1]}")
            if k not in by_key:
                by_key[k] = next_id
                next_id += 1
            m.cluster = by_key[k]
            full_by_surname[key[1]].append((m.start, m))
    for m in names:
        if m.cluster >= 0:
            continue
        text = span_text(doc, m.start, m.end)
        if m.type == "PERSON":
            key = person_key(text)
            surname = key[1] if key else skeleton(text)
            fulls = full_by_surname.get(surname)
            if fulls:
                # The latest full name before it, else the first after it.
                earlier = [f for pos, f in fulls if pos < m.start]
                m.cluster = (earlier[-1] if earlier else fulls[0][1]).cluster
                continue
            k = ("PERSON", surname)
        else:
            country = m.country if m.country and plain_key(text) not in METONYM_BY_KEY else None
            k = (m.type if m.type != "LOC" else "GPE", country or plain_key(text))
        if k not in by_key:
            by_key[k] = next_id
            next_id += 1
        m.cluster = by_key[k]
    for m in names:
        clusters[m.cluster].append(m)
    for members in clusters.values():
        best = _best_name(doc, members)
        for m in members:
            m.name = best
    return clusters


def _best_name(doc: Doc, members: list[TokenMention]) -> str:
    if (
        members[0].type in {"GPE", "LOC"}
        and members[0].country
        and not any(plain_key(span_text(doc, m.start, m.end)) in METONYM_BY_KEY for m in members)
    ):
        return members[0].country
    counts = Counter(span_text(doc, m.start, m.end).strip() for m in members)

    def rank(text: str) -> tuple[int, int, int]:
        words = text.split()
        proper_length = len(words) if len(words) <= 4 else 0
        return (proper_length, counts[text], -len(text))

    return max(counts, key=rank)


def _descriptions_and_pronouns(doc: Doc, names: list[TokenMention]) -> list[TokenMention]:
    """Candidate nominal ("the Russian leader") and pronoun (he/she) mentions."""
    # Countries and places may sit inside a description ("the US president"); people may not.
    taken = {i for m in names if m.type in {"PERSON", "ORG", "OUTLET"} for i in range(m.start, m.end)}
    found: list[TokenMention] = []
    tokens = doc_tokens(doc)
    for at, low in enumerate(tokens.lower):
        # Only a pronoun or a role noun starts a mention: no Token is made for other words.
        if low not in MALE_PRONOUNS and low not in FEMALE_PRONOUNS and low not in ROLE_SYNONYMS:
            continue
        if at in taken:
            continue
        tok = doc[at]
        if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            if tok.pos_ in {"PRON", "DET"}:
                found.append(TokenMention(tok.i, tok.i + 1, "PERSON", kind="pronoun"))
            continue
        if low in ROLE_SYNONYMS and tok.tag_ in {"NN", "NNP"}:
            # Walk left over the modifiers to the determiner: "the Russian leader".
            i = tok.i
            while (
                i > 0
                and doc[i - 1].i not in taken
                and doc[i - 1].lower_ not in {"the", "a", "an", "this", "that"}
            ):
                if doc[i - 1].pos_ not in {"ADJ", "PROPN", "NOUN"} or tok.i - i >= 4:
                    break
                i -= 1
            if i == 0 or doc[i - 1].lower_ not in {"the", "a", "an", "this", "that"}:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
                continue  # a title before a name, not a description
            country = None
            for t in doc[i : tok.i]:
                key = plain_key(t.text)
                country = country or COUNTRY_BY_KEY.get(key) or METONYM_BY_KEY.get(key)
            definite = doc[i - 1].lower_ in {"the", "this", "that"}
            mention = TokenMention(i - 1, tok.i + 1, "PERSON", kind="nominal", role=low if definite else None)
            mention.country = country
            found.append(mention)
            taken.update(range(i - 1, tok.i + 1))
    return found


def _resolve_references(
    doc: Doc, mentions: list[TokenMention], clusters: dict[int, list[TokenMention]]
) -> None:
    """Sieves 2 and 3, in text order so resolved references can serve as antecedents."""
    info: dict[int, tuple[str | None, set[str], set[str | None]]] = {}
    for cid, members in clusters.items():
        if members[0].type != "PERSON":
            continue
        titles = [t for m in members for t in m.titles]
        roles: set[str] = set()
        countries: set[str | None] = set()
        for title in titles:
            r, c = _title_roles(title)
            roles |= r
            countries.add(c)
        info[cid] = (_gender_of(members[0].name or "", titles, doc, members[0]), roles, countries)

    text = doc_text(doc)
    regions = _quote_regions(text)
    # Headlines and link lists are not discourse: nothing there is an antecedent.
    headlines = title_case_lines(text)
    starts = doc_tokens(doc).start
    resolved_ok = [m for m in mentions if not any(a <= starts[m.start] < b for a, b in headlines)]
    usable = {id(m) for m in resolved_ok}
    next_id = max(clusters, default=-1) + 1
    resolved: list[TokenMention] = []  # person mentions with a cluster, in text order
    for m in mentions:
        if m.kind == "name":
            if m.type == "PERSON" and id(m) in usable:
                resolved.append(m)
            continue
        antecedent = None
        if m.kind == "nominal" and m.role:
            antecedent = _antecedent_for_role(m, resolved, info) or _untitled_head_of_state(
                doc, m, resolved, info
            )
        elif m.kind == "pronoun":
            antecedent = _antecedent_for_pronoun(doc, m, resolved, info, regions)
        if antecedent is not None:
            m.cluster = antecedent.cluster
            m.name = antecedent.name
            resolved.append(m)
        else:
            m.cluster = next_id
            next_id += 1
            m.name = span_text(doc, m.start, m.end) if m.kind == "nominal" else None


def _antecedent_for_role(
    m: TokenMention,
    resolved: list[TokenMention],
    info: dict[int, tuple[str | None, set[str], set[str | None]]],
) -> TokenMention | None:
    wanted = ROLE_SYNONYMS.get(m.role or "", frozenset())
    for candidate in reversed(resolved):
        _, roles, countries = info.get(candidate.cluster, (None, set(), set()))
        if not roles & wanted:
            continue
        if m.country and m.country not in countries:
            continue
        return candidate
    return None


_HEAD_OF_STATE = frozenset({"leader", "president"})


def _untitled_head_of_state(
    doc: Doc,
    m: TokenMention,
    resolved: list[TokenMention],
    info: dict[int, tuple[str | None, set[str], set[str | None]]],
) -> TokenMention | None:
    """ "the Russian leader" when no titled person fits: a person the article named without any
    title ("Presidents Vladimir Putin and Donald Trump") in this or the previous sentence, the
    latest one, but never the possessor or subject the description hangs on ("his call with the
    Russian leader" is a call with someone else)."""
    if m.role not in _HEAD_OF_STATE or not m.country:
        return None
    sentence = doc[m.start].sent
    earliest = sentence.start
    if sentence.start > 0:
        earliest = doc[sentence.start - 1].sent.start
    governing = _governing_clusters(doc, m, resolved)
    for candidate in reversed(resolved):
        if candidate.start < earliest:
            break
        _, roles, countries = info.get(candidate.cluster, (None, set(), set()))
        if roles or countries - {None} or candidate.cluster in governing:
            continue
        return candidate
    return None


def _governing_clusters(doc: Doc, m: TokenMention, resolved: list[TokenMention]) -> set[int]:
    """The clusters of the possessors and subjects of the words a mention hangs on, up to its verb."""
    by_token = {i: r.cluster for r in resolved for i in range(r.start, r.end)}
    out: set[int] = set()
    node = doc[m.end - 1]
    for _ in range(4):
        head = node.head
        if head is node:
            break
        for child in head.children:
            if child.dep_ in ("poss", "nsubj", "nsubjpass") and child.i in by_token:
                out.add(by_token[child.i])
        if head.pos_ in ("VERB", "AUX"):
            break
        node = head
    return out


def _antecedent_for_pronoun(
    doc: Doc,
    m: TokenMention,
    resolved: list[TokenMention],
    info: dict[int, tuple[str | None, set[str], set[str | None]]],
    regions: list[tuple[int, int]],
) -> TokenMention | None:
    tokens = doc_tokens(doc)  # offsets and sentences without a Token per candidate
    gender = "m" if tokens.lower[m.start] in MALE_PRONOUNS else "f"
    region = _region_of(tokens.start[m.start], regions)
    sentence_start = tokens.sent_start[m.start]
    earliest = sentence_start
    for _ in range(_MAX_SENTENCES_BACK):
        if earliest == 0:
            break
        earliest = tokens.sent_start[earliest - 1]
    by_sentence: dict[int, list[TokenMention]] = defaultdict(list)
    for candidate in resolved:
        if candidate.start < earliest or candidate.start >= m.start:
            continue
        known = info.get(candidate.cluster, (None, set(), set()))[0]
        if known is not None and known != gender:
            continue
        if region < 0 and _region_of(tokens.start[candidate.start], regions) >= 0:
            continue  # a pronoun in narration does not point into a quotation
        by_sentence[tokens.sent_start[candidate.start]].append(candidate)
    for sent_start in sorted(by_sentence, reverse=True):
        candidates = by_sentence[sent_start]
        subjects = [c for c in candidates if doc[c.end - 1].dep_ in _SUBJECT_DEPS]
        if sent_start == sentence_start:
            return (subjects or candidates)[-1]
        return (subjects or candidates)[0]
    return None
