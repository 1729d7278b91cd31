"""Array-at-a-time stand-ins for the model's two rule components, with the same output.

spaCy's ``attribute_ruler`` runs a ``Matcher`` of every pattern over every token, and its rule
``lemmatizer`` is a Python loop over the tokens: together about a fifth of the parse of a news
article (docs/events.md, "The whole analysis against spaCy alone"). Neither needs that: an
attribute-ruler pattern of one token depends only on that token's tag, lower form, dependency
label and whether it is a space, and a lemma only on the token's text, part of speech and
morphology. Both are worked out once per distinct value in the document (and remembered for the
process), then written to every token in one ``Doc.from_array``.

What the fast path cannot express (patterns of several tokens, other attributes or operators)
runs through a ``Matcher`` of those patterns alone, and every token's rules still apply in the
ruler's order, so the output is the ruler's. ``tests/test_fast_rules.py`` compares every token's
tag, part of speech, morphology, lemma and dependency with the original components' on real
articles.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

_KEY_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_SET_ATTRS = [LEMMA, POS, TAG, DEP, MORPH]  # what ruler patterns may set here
_COLUMN = {attr: i for i, attr in enumerate(_SET_ATTRS)}
_CACHE_LIMIT = 200_000  # distinct keys remembered per process (a dict of small tuples)

Key = tuple[str, str, str, bool]  # a token's tag, lower form, dependency label, is-space
Test = Callable[[Key], bool]
# What the rules make of one key: its one-token rules, the values they set (per column of
# _SET_ATTRS), which columns they set, and each fallback token test's answer.
_Known = tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...], tuple[bool, ...]]


def _value_test(field: int, spec: Any) -> Test | None:
    """The Matcher's test of one token attribute, or None when the fast path does not know it."""
    if isinstance(spec, (str, bool)):

        def equal(key: Key) -> bool:
            return key[field] == spec

        return equal
    if not isinstance(spec, dict) or not spec:
        return None
    tests: list[Callable[[Any], bool]] = []
    for op, arg in spec.items():
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            tests.append(partial(_member, frozenset(arg), op == "IN"))
        elif op == "REGEX" and isinstance(arg, str):
            tests.append(partial(_search, re.compile(arg)))
        else:
            return None

    if len(tests) == 1:  # the usual case; a test runs for every new key in every document
        (only,) = tests
        return lambda key: only(key[field])

    def every(key: Key) -> bool:
        return all(test(key[field]) for test in tests)

    return every


def _member(values: frozenset[Any], inside: bool, value: Any) -> bool:
    return (value in values) == inside


def _search(rx: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and rx.search(value) is not None


def _token_test(pattern: Any) -> Test | None:
    if len(pattern) != 1:
        return None
    tests = []
    for name, spec in pattern[0].items():
        field = _KEY_FIELDS.get(name)
        test = _value_test(field, spec) if field is not None else None
        if test is None:
            return None
        tests.append(test)
    if len(tests) == 1:
        return tests[0]
    return lambda key: all(test(key) for test in tests)


def _named(spec: Any) -> list[str] | None:
    """The values a pattern's attribute can take, when it names them (equality or ``IN``)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"} and isinstance(spec["IN"], list):
        return [str(v) for v in spec["IN"]]
    return None


def _patterns(ruler: AttributeRuler) -> list[dict[str, Any]]:
    return list(ruler.patterns)


class FastAttributeRuler:
    """The model's attribute ruler, applied per distinct (tag, lower, dep, is_space) value."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.strings = ruler.vocab.strings
        # Per rule, in the ruler's order (later rules win): its one-token tests, or None when it
        # goes through the fallback matcher; its attributes as (column, value).
        self.rules: list[tuple[list[Test] | None, list[tuple[int, int]]]] = []
        self.fallback = Matcher(ruler.vocab, validate=False)
        self.fallback_index: dict[int, int] = {}  # rule -> the token of the match it sets
        for i, (entry, attrs, index) in enumerate(
            zip(_patterns(ruler), ruler.attrs, ruler.indices, strict=True)
        ):
            sets = [(_COLUMN[a], int(v)) for a, v in attrs.items() if a in _COLUMN]
            if len(sets) != len(attrs):
                raise ValueError(f"attribute ruler rule {i} sets attributes the fast path does not write")
            tests = [_token_test(p) for p in entry["patterns"]]
            known = [t for t in tests if t is not None]
            if index == 0 and len(known) == len(tests):
                self.rules.append((known, sets))
            else:
                self.rules.append((None, sets))
                self.fallback.add(str(i), entry["patterns"])
                self.fallback_index[i] = index
        # Which rules a token can match at all, from the words and tags they name: a new key
        # tests a handful of rules, not all of them.
        self.by_lower: dict[str, set[int]] = {}
        self.by_tag: dict[str, set[int]] = {}
        self.anywhere: set[int] = set()
        for i, (rule_tests, _) in enumerate(self.rules):
            if rule_tests is None:
                continue
            for pattern in _patterns(ruler)[i]["patterns"]:
                lowers, tags = _named(pattern[0].get("LOWER")), _named(pattern[0].get("TAG"))
                if lowers is not None:
                    for lower in lowers:
                        self.by_lower.setdefault(lower, set()).add(i)
                elif tags is not None:
                    for tag in tags:
                        self.by_tag.setdefault(tag, set()).add(i)
                else:
                    self.anywhere.add(i)
        # The fallback rules as sequences of one-token tests, when every token of every pattern
        # is one the fast path can test (the model's are: "gon na", "let 's", "there is"): then
        # they are matched with array operations over the tests' answers per distinct key,
        # without the Matcher, which makes a spaCy Token per token for its predicates.
        self.token_tests: list[Test] = []
        # Which token tests a key can pass, from the words and tags they name (as for the rules).
        self.tests_by_lower: dict[str, list[int]] = {}
        self.tests_by_tag: dict[str, list[int]] = {}
        self.tests_anywhere: list[int] = []
        self.sequences: list[tuple[int, list[int]]] | None = []  # (rule, test per token)
        for rule in self.fallback_index:
            for pattern in _patterns(ruler)[rule]["patterns"]:
                tests = [_token_test([token]) for token in pattern]
                if not tests or any(t is None for t in tests):
                    self.sequences = None
                    break
                indices = list(range(len(self.token_tests), len(self.token_tests) + len(tests)))
                self.token_tests.extend(t for t in tests if t is not None)
                self.sequences.append((rule, indices))
                for index, token in zip(indices, pattern, strict=True):
                    lowers, tags = _named(token.get("LOWER")), _named(token.get("TAG"))
                    if lowers is not None:
                        for lower in lowers:
                            self.tests_by_lower.setdefault(lower, []).append(index)
                    elif tags is not None:
                        for tag in tags:
                            self.tests_by_tag.setdefault(tag, []).append(index)
                    else:
                        self.tests_anywhere.append(index)
            if self.sequences is None:  # the Matcher does it all: no token tests
                self.token_tests, self.tests_anywhere = [], []
                self.tests_by_lower, self.tests_by_tag = {}, {}
                break
        # key -> (its one-token rules, the values they set, which they set, the token tests' answers)
        self.cache: dict[tuple[int, int, int, int], _Known] = {}
        # rules a key matches -> the values they set and which columns they set
        self.made: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[bool, ...]]] = {}

    def lemmas(self) -> set[str]:
        """Every lemma a rule of the ruler can set."""
        column = _COLUMN[LEMMA]
        return {self.strings[value] for _tests, sets in self.rules for at, value in sets if at == column}

    def _known(self, key: tuple[int, int, int, int]) -> _Known:
        """What the rules make of one distinct key: worked out once per process."""
        found = self.cache.get(key)
        if found is None:
            strings = self.strings
            text = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            candidates = self.anywhere.union(self.by_lower.get(text[1], ()), self.by_tag.get(text[0], ()))
            rules = tuple(i for i in sorted(candidates) if any(t(text) for t in self.rules[i][0] or ()))
            made = self.made.get(rules)
            if made is None:  # a few hundred combinations of rules in all
                values = [0] * len(_SET_ATTRS)
                setting = [False] * len(_SET_ATTRS)
                for i in rules:
                    for column, value in self.rules[i][1]:
                        values[column] = value
                        setting[column] = True
                made = self.made[rules] = (tuple(values), tuple(setting))
            answers = [False] * len(self.token_tests)
            for index in (
                *self.tests_anywhere,
                *self.tests_by_lower.get(text[1], ()),
                *self.tests_by_tag.get(text[0], ()),
            ):
                answers[index] = self.token_tests[index](text)
            found = (rules, made[0], made[1], tuple(answers))
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = found
        return found

    def _fallback_matches(self, doc: Doc, answers: np.ndarray) -> list[tuple[int, int, int]]:
        """(rule, start, end) of every fallback pattern's match, as the Matcher finds them."""
        if self.sequences is None:
            return [
                (int(self.strings[match_id]), start, end)
                for match_id, start, end in self.fallback(doc, allow_missing=True)
            ]
        n = len(doc)
        found: list[tuple[int, int, int]] = []
        for rule, tests in self.sequences:
            length = len(tests)
            if length > n:
                continue
            starts = np.ones(n - length + 1, dtype=bool)
            for k, test in enumerate(tests):
                starts &= answers[k : n - length + 1 + k, test]
            found.extend((rule, start, start + length) for start in np.flatnonzero(starts).tolist())
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(_KEY_ATTRS)
        unique, inverse = _unique_rows(keys)
        current = doc.to_array(_SET_ATTRS)
        known = [self._known((row[0], row[1], row[2], row[3])) for row in unique.tolist()]
        values = np.array([k[1] for k in known], dtype=np.uint64)
        setting = np.array([k[2] for k in known], dtype=bool)
        out = np.where(setting[inverse], values[inverse], current)
        answers = np.array([k[3] for k in known], dtype=bool).reshape(len(known), -1)[inverse]
        extra: dict[int, list[int]] = {}  # token -> fallback rules that set it
        for rule, start, end in self._fallback_matches(doc, answers):
            index = self.fallback_index[rule]
            position = (start if index >= 0 else end) + index
            if start <= position < end:
                extra.setdefault(position, []).append(rule)
        for position, rules in extra.items():  # rare: redo these tokens rule by rule, in order
            row = out[position]
            row[:] = current[position]
            for i in sorted({*known[int(inverse[position])][0], *rules}):
                for column, value in self.rules[i][1]:
                    row[column] = value
        doc.from_array(_SET_ATTRS, cast(Any, out.astype(np.uint64)))  # thinc's Ints2d: any int array
        return doc


def _unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_inverse=True)``, through one 64-bit mix of each row
    (sorting rows as rows is several times slower); a collision of two different rows
    falls back to the row sort."""
    mixed = np.zeros(len(rows), dtype=np.uint64)
    for column in range(rows.shape[1]):
        mixed = (mixed * np.uint64(0x100000001B3)) ^ rows[:, column]
    _, first, inverse = np.unique(mixed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    unique = rows[first]
    if not np.array_equal(unique[inverse], rows):
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
    return unique, inverse


def _indexed(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of the rule lemmatizer whose word index per part of speech is a set.

    The model keeps each index as a list (57,528 nouns), and ``rule_lemmatize`` asks whether
    each form its suffix rules make is ``in`` it: a scan of the list per form, most of the cost
    of a new word. The copy runs spaCy's own ``rule_lemmatize`` over the same tables, so its
    lemmas are the model's; only membership is faster."""
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name=name, data={key: frozenset(words) for key, words in table.items()})
        lookups.set_table(name, table)
    shadow = copy.copy(lemmatizer)
    shadow.lookups = lookups
    shadow.cache = {}  # its own: the original's cache holds what the original worked out
    return shadow


class FastLemmatizer:
    """The model's rule lemmatizer, applied per distinct (text, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.rules = _indexed(lemmatizer)
        self.strings = lemmatizer.vocab.strings
        self.overwrite = bool(lemmatizer.overwrite)
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.arange(len(doc)) if self.overwrite else np.flatnonzero(arr[:, 3] == 0)
        if not len(todo):
            return doc
        unique, first, inverse = np.unique(arr[todo, :3], axis=0, return_index=True, return_inverse=True)
        lemmas = np.empty(len(unique), dtype=np.uint64)
        for k, (row, at) in enumerate(zip(unique.tolist(), first.tolist(), strict=True)):
            key = (row[0], row[1], row[2])
            lemma = self.cache.get(key)
            if lemma is None:
                lemma = self.strings.add(self.rules.rule_lemmatize(doc[int(todo[at])])[0])
                if len(self.cache) >= _CACHE_LIMIT:
                    self.cache.clear()
                    self.rules.cache.clear()  # spaCy's cache of the same keys, unbounded otherwise
                self.cache[key] = lemma
            lemmas[k] = lemma
        column = arr[:, 3].copy()
        column[todo] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], cast(Any, column.astype(np.uint64).reshape(-1, 1)))
        return doc


def speed_up(nlp: Language) -> Language:
    """Put the fast stand-ins in place of the pipeline's attribute ruler and rule lemmatizer
    (when it has them, in the forms these stand-ins know). Returns ``nlp``."""
    for i, (name, component) in enumerate(nlp._components):  # disabled ones too (the model's senter)
        if isinstance(component, AttributeRuler):
            fast: Any = FastAttributeRuler(component)
        elif isinstance(component, Lemmatizer) and component.mode == "rule":
            fast = FastLemmatizer(component)
        else:
            continue
        nlp._components[i] = (name, fast)  # same name and place: configs and disable= still work
    return nlp
