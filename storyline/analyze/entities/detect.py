"""Finding name mentions: spaCy's entities, corrected for the small model's errors on news.

The corrections, each general and each measured on news (see docs/entities.md):

* Title-case lines (headlines, link lists) defeat the capitalization cues the model relies on,
  so entities there are dropped and only names confirmed elsewhere (in the body or gazetteers)
  are found again.
* Hyphenated pairs ("Trump-Putin", "U.S.-Russia") are split into their names.
* A department that ends a title ("Secretary of State") is part of the title, not an ORG.
* A known place tagged as a person ("Kyiv") becomes a place; a known outlet becomes OUTLET.
* One surname, one type: when an article names "Sergey Lavrov" as a person, every "Lavrov" in it
  is that person whatever the model said (ORG, FAC, GPE), and untagged occurrences are added.
* A name preceded by a role ("expert X") or with a known first name is a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..doctext import doc_text
from ..doctokens import doc_tokens, span_text
from .gazetteer import (
    COUNTRY_OF,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    METONYM_COUNTRY,
    OUTLETS,
    PERSON_ROLES,
    PLACES,
    demonym_forms,
)
from .names import fold, plain_key

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
FIRST_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "to",
        "in",
        "for",
        "at",
        "by",
        "with",
        "from",
        "as",
        "and",
        "or",
        "but",
        "is",
        "are",
        "vs",
    ]
)
_DEPARTMENT_HEADS = frozenset({"secretary", "minister", "ministry", "department", "secretariat"})
_HYPHENS = frozenset({"-", "–", "—"})
# Tokens that never belong to a name: brackets (PTB's -LRB- too, should a token text slip past
# restoration), quote marks, and a name's possessive ending ("McCain 's", "Obama’s").
_BRACKETS = frozenset({"(", ")", "[", "]", "{", "}", "-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"})
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
COUNTRY_BY_KEY = {plain_key(k): v for k, v in COUNTRY_OF.items()}
METONYM_BY_KEY = {plain_key(k): v for k, v in METONYM_COUNTRY.items()}
_OUTLET_KEYS = {plain_key(o): o for o in OUTLETS}


@dataclass(slots=True)
class TokenMention:
    """One mention being built (token offsets; end exclusive)."""

    start: int
    end: int
    type: str
    kind: str = "name"  # name | nominal | pronoun
    titles: list[str] = field(default_factory=list)
    cluster: int = -1
    name: str | None = None
    role: str | None = None  # for nominals: the role noun ("leader")
    country: str | None = None  # for nominals and metonyms: the country named or implied


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines written in Title Case (headlines, link lists)."""
    return list(_title_case_lines(text))  # detection and coreference both ask, per article


@lru_cache(maxsize=4)
def _title_case_lines(text: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    offset = 0
    for line in text.splitlines(keepends=True):
        words = re.findall(r"[^\W\d_][\w'’.-]*", line)
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
        stripped = line.strip()
        if (
            len(content) >= 3
            and sum(w[0].isupper() for w in content) >= 0.75 * len(content)
            and not stripped.endswith((".", "?", "!", ":", "”", '"', "»"))
            and len(words) <= 25
        ):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    return tuple(ranges)


def _in_ranges(char: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= char < b for a, b in ranges)


def _gazetteer_spans(doc: Doc, article_outlet: str | None) -> list[tuple[int, int, str]]:
    """(start, end, type) of outlet and place names written with a capital, longest first."""
    outlets = dict(_OUTLET_KEYS)
    if article_outlet:
        outlets[plain_key(article_outlet)] = article_outlet
    found: list[tuple[int, int, str]] = []
    # A span's text is the doc's text from its first token's start to its last token's end.
    text, tokens = doc_text(doc), doc_tokens(doc)
    words, starts, ends = tokens.text, tokens.start, tokens.end
    i = 0
    n = len(doc)
    while i < n:
        if not words[i][:1].isupper():
            i += 1
            continue
        best: tuple[int, str] | None = None
        for length in range(min(5, n - i), 0, -1):
            if not words[i + length - 1][:1].isupper():
                continue
            span_text = text[starts[i] : ends[i + length - 1]]
            raw = fold(span_text)
            key = plain_key(span_text)
            if raw in OUTLETS or (key in outlets and not raw.startswith("the ")):
                best = (length, "OUTLET")
            elif raw in PLACES and length > 0:
                best = (length, "GPE")
            if best:
                break
        if best:
            found.append((i, i + best[0], best[1]))
            i += best[0]
        else:
            i += 1
    return found


def _split_hyphenated(span: Span, *, person: bool = False) -> list[tuple[int, int]]:
    """The parts of an entity between hyphens and brackets, each trimmed of what is no name; a
    person's name also splits at a possessive inside it ("CNN's Ivan Watson": the outlet's
    reporter), where an organization's does not ("the Coroner's Office")."""
    parts: list[tuple[int, int]] = []
    begin = span.start
    for tok in span:
        if tok.text in _HYPHENS or tok.text in _BRACKETS or (person and tok.text in _POSSESSIVE_TOKENS):
            if tok.i > begin:
                parts.append((begin, tok.i))
            begin = tok.i + 1
    if begin < span.end:
        parts.append((begin, span.end))
    doc = span.doc
    trimmed = [_trim(doc, a, b) for a, b in parts]
    return [(a, b) for a, b in trimmed if b > a]


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without leading or trailing punctuation, quote marks or a possessive ending."""
    while start < end and (doc[start].is_punct or doc[start].is_quote or doc[start].text in _BRACKETS):
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE_TOKENS
        or doc[end - 1].text in _BRACKETS
        or doc[end - 1].is_punct
        or doc[end - 1].is_quote
    ):
        end -= 1
    return start, end


# What follows the place of a dateline: an optional date and agency, then a dash ("KORVATH — ",
# "MOSCOW, Oct. 20 (Reuters) - "). The place itself is in capitals at the start of a line.
_DATELINE_REST = re.compile(
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]+\s"
)


def _is_dateline(doc: Doc, text: str, a: int, b: int) -> bool:
    """A name in capitals at a line's start, followed by a dateline's date, agency and dash: the
    place the report was filed from, whatever the model typed it. ``text`` is ``doc.text``
    (spaCy joins it again on every access)."""
    span = doc[a:b]
    letters = [c for c in span.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    line_start = text.rfind("\n", 0, span.start_char) + 1
    if text[line_start : span.start_char].strip(" \t"):
        return False
    return _DATELINE_REST.match(text, span.end_char) is not None


def _preceded_by_role(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in PERSON_ROLES


def detect_names(doc: Doc, article_outlet: str | None = None) -> list[TokenMention]:
    """Name mentions of one parsed article, corrected as the module docstring says."""
    text_of_doc = doc_text(doc)
    headline_ranges = title_case_lines(text_of_doc)
    gazetteer = _gazetteer_spans(doc, article_outlet)
    # A gazetteer name wins over a model entity it equals or contains ("Gaze" in "The Gaze"),
    # not over a longer entity that contains it ("US" in "the US Treasury Department").
    gazetteer_at = {i: (a, b) for a, b, _ in gazetteer for i in range(a, b)}

    raw: list[tuple[int, int, str]] = []  # from the model, after structural fixes
    for ent in doc.ents:
        label = ent.label_
        if label not in KEPT_LABELS:
            continue
        if _in_ranges(ent.start_char, headline_ranges):
            continue
        # A department ending a title: "Secretary of State".
        if (
            label == "ORG"
            and ent.start >= 2
            and doc[ent.start - 1].lower_ == "of"
            and doc[ent.start - 2].lower_ in _DEPARTMENT_HEADS
        ):
            continue
        for a, b in _split_hyphenated(ent, person=label == "PERSON"):
            first = doc[a]
            if first.lower_ == "the" and b - a == 1:
                continue
            if first.lower_ == "the":
                a += 1
            inside = [gazetteer_at[i] for i in range(a, b) if i in gazetteer_at]
            if inside and inside[0][0] <= a and inside[-1][1] >= b:
                continue
            raw.append((a, b, label))

    # Evidence that a surface form is a person, from confident body mentions.
    person_full: dict[str, str] = {}  # surname (as written, folded) -> full name
    person_surface: set[str] = set()
    for a, b, label in raw:
        words = [t for t in doc[a:b] if not t.is_punct]
        if not words:
            continue
        first_word = fold(words[0].text)
        is_person = label == "PERSON" or (
            len(words) >= 2
            and words[0].text[:1].isupper()
            and (first_word in FIRST_NAMES or _preceded_by_role(doc, a))
        )
        if is_person and fold(doc[a:b].text) not in PLACES:
            person_surface.add(fold(doc[a:b].text))
            if len(words) >= 2 and all(w.text[:1].isupper() for w in words):
                person_full.setdefault(fold(words[-1].text), doc[a:b].text)
    known_surnames = set(person_full)

    mentions: list[TokenMention] = []
    covered: set[int] = set()
    for a, b, label in raw:
        text = fold(span_text(doc, a, b))
        last = fold(doc_tokens(doc).text[b - 1])
        if (text in PLACES and b - a <= 2) or _is_dateline(doc, text_of_doc, a, b):
            label = "GPE"
        elif text in person_surface or (
            last in known_surnames and label in {"ORG", "FAC", "GPE", "LOC", "PERSON"}
        ):
            label = "PERSON"
        elif label == "PERSON" and _looks_like_phrase(doc, a, b):
            continue
        if label == "PERSON":  # relabeled from ORG/FAC: the person is after an inner possessive
            inner = [i for i in range(a + 1, b - 1) if doc[i].text in _POSSESSIVE_TOKENS]
            a = inner[-1] + 1 if inner else a
        mentions.append(TokenMention(a, b, label))
        covered.update(range(a, b))
    for a, b, label in gazetteer:
        if not covered.intersection(range(a, b)):
            mentions.append(TokenMention(a, b, label))
            covered.update(range(a, b))

    # Known names the model missed (possessives, headlines, odd contexts).
    for at, word in enumerate(doc_tokens(doc).text):
        if at in covered or not word[:1].isupper():
            continue
        if fold(word) in known_surnames:
            mentions.append(TokenMention(at, at + 1, "PERSON"))
            covered.add(at)
    # A one-word "organization" whose people the article names ("Marastan" beside "Marasta",
    # as "Russian" beside "Russia") is a country the gazetteer does not know.
    demonyms = {fold(e.text) for e in doc.ents if e.label_ == "NORP"}
    for m in mentions:
        if m.type == "ORG" and m.end - m.start == 1 and demonyms & demonym_forms(fold(doc[m.start].text)):
            m.type = "GPE"
    for m in mentions:
        if m.type in {"ORG", "GPE", "LOC", "FAC", "NORP"}:
            key = plain_key(span_text(doc, m.start, m.end))
            if key in _OUTLET_KEYS or (article_outlet and key == plain_key(article_outlet)):
                m.type = "OUTLET"
            m.country = METONYM_BY_KEY.get(key) or COUNTRY_BY_KEY.get(key)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _looks_like_phrase(doc: Doc, start: int, end: int) -> bool:
    """A 'person' that is really a phrase: long, or made of lower-case words."""
    words = [t for t in doc[start:end] if not t.is_punct]
    return len(words) > 4 or any(
        t.text[:1].islower() and t.lower_ not in {"de", "van", "von", "al", "bin"} for t in words
    )
