"""The fast attribute ruler and lemmatizer give exactly the model's annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from storyline.analyze.fast_rules import FastAttributeRuler, FastLemmatizer, speed_up
from storyline.analyze.nlp import MODEL, get_nlp

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
# Words the model's multi-token and dependency rules are about, and spaces.
ODD = (
    "We're gonna win, y'all. Let's go! I ain't sure he's been there, but there are reasons.\n\n"
    "  She gets what she wants; they got 'em.  Nothin' doin'.  Who'd've thought it? "
    "That is the one that they'd picked, and those were the days."
)


def _texts() -> list[str]:
    texts = [ODD]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples/corpus").rglob("*.txt"))][:6]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        texts += [
            p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds.iterdir()) if p.is_file()
        ]
    t17 = SHARED / "data/timeline17/articles.jsonl"
    if t17.exists():
        with t17.open(encoding="utf-8") as fh:
            for _, line in zip(range(12), fh, strict=False):
                texts.append(str(json.loads(line)["text"]))
    return texts


def _differences(a: spacy.language.Language, b: spacy.language.Language, texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        da, db = a(text), b(text)
        xa, xb = da.to_array(COLUMNS), db.to_array(COLUMNS)
        for i in (xa != xb).any(axis=1).nonzero()[0].tolist():
            x, y = da[i], db[i]
            found.append(
                f"{x.text!r}: {x.pos_}/{y.pos_} {x.morph}/{y.morph} {x.lemma_}/{y.lemma_} {x.dep_}/{y.dep_}"
            )
    return found


def test_the_storyline_pipeline_uses_the_fast_components() -> None:
    kinds = {type(component) for _, component in get_nlp().pipeline}
    assert FastAttributeRuler in kinds and FastLemmatizer in kinds


def test_every_token_gets_the_models_annotations_on_real_articles() -> None:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is absent: the comparison runs on the samples only")
    plain = spacy.load(MODEL)  # the model as shipped; get_nlp() also sets line-break sentence starts
    texts = _texts()
    assert len(texts) > 10
    assert _differences(plain, speed_up(spacy.load(MODEL)), texts) == []


def _ruler_pipeline(patterns: list[Any], fast: bool) -> spacy.language.Language:
    """A blank pipeline with an attribute ruler of these patterns, sped up or as spaCy has it."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return speed_up(nlp) if fast else nlp


def test_fallback_rules_keep_the_rulers_order() -> None:
    """Rules the fast path cannot express (several tokens, an index, other attributes) go
    through a matcher of their own, and a later rule still wins over an earlier one."""
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN"}, "index": 1},
        {"patterns": [[{"LOWER": "york"}]], "attrs": {"POS": "NOUN", "LEMMA": "yorkish"}},
        {"patterns": [[{"LENGTH": 3}]], "attrs": {"MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "nyc"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^c.t$"}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["a", "the"]}, "IS_SPACE": False}]], "attrs": {"TAG": "X"}},
    ]
    text = "The cat in New York saw a cot and the new york dog.  Cut it."

    plain, fast = _ruler_pipeline(patterns, False), _ruler_pipeline(patterns, True)
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert _differences(plain, fast, [text, text.upper(), ""]) == []
    york = fast(text)[4]
    assert (york.text, york.pos_, york.lemma_) == ("York", "NOUN", "nyc")


def test_fallback_rules_of_one_token_tests_match_as_the_matcher_does() -> None:
    """Several-token rules whose every token the fast path can test are matched over arrays,
    not by the Matcher: same matches, overlapping ones and indexes included."""
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN"}, "index": 1},
        {"patterns": [[{"LOWER": "york"}]], "attrs": {"POS": "NOUN", "LEMMA": "yorkish"}},
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "nyc"}, "index": -1},
        {
            "patterns": [
                [{"LOWER": {"REGEX": "^c.t$"}}, {"IS_SPACE": False}, {"LOWER": {"IN": ["and", "in"]}}]
            ],
            "attrs": {"TAG": "CC"},
            "index": 2,
        },
        {"patterns": [[{"LOWER": "a"}, {"LOWER": "a"}]], "attrs": {"LEMMA": "aa"}},
    ]
    text = "The cat in New York saw a cot and the new york dog. A a a a.  Cut in New York York."

    plain, fast = _ruler_pipeline(patterns, False), _ruler_pipeline(patterns, True)
    fast_ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(fast_ruler, FastAttributeRuler) and fast_ruler.sequences is not None
    assert _differences(plain, fast, [text, text.upper(), "", "a", "New"]) == []
