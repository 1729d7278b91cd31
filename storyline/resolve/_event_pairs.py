"""The learned pairwise event scorer: how likely two event mentions are one real event.

A logistic regression over a few general features of a pair of mentions (trigger word,
word family, sentence and document similarity, shared participants and places, conflicting
dates and people, context words, dependency arguments). Its coefficients are the small
constants of ``_event_pair_weights`` (trained by ``scripts/train_event_pairs.py`` on the ECB+
train topics only, threshold chosen by leave-topics-out cross-validation).

Pairs whose triggers share neither a lemma nor a word family score 0: the regression cannot
tell "hang" ~ "suicide" from "hang" ~ "arrest", and letting such pairs carry a little
probability hurts average linkage on large clusters (measured on train).

Used by ``storyline.evaluate.events`` (ECB+ gold mentions) and, through ``pair_probability``,
by the store path's ranking of candidate events (``storyline.resolve.events``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._event_pair_weights import BIAS, THRESHOLD, WEIGHTS

FEATURES: tuple[str, ...] = (
    "same_lemma",  # same head lemma or stem
    "same_family",  # different word, same word family (kill ~ murder)
    "sentence_similarity",  # TF-IDF cosine of the two sentences (0 within one sentence)
    "same_sentence",
    "same_document",
    "document_similarity",  # TF-IDF cosine of the two documents
    "participant_overlap",
    "place_overlap",
    "date_conflict",  # both dated, no date in common
    "people_conflict",  # both name people, none in common
    "generic",  # same lemma, but the lemma is spread over many document clusters ("say")
    "context_overlap",  # Jaccard of content lemmas within 4 tokens of the trigger
    "argument_overlap",  # overlap of the triggers' dependency arguments
    "same_pos",
    "lemma_x_sentence",
    "family_x_sentence",
    "trigger_trigrams",  # character-trigram Jaccard of the trigger words
    "lemma_x_document",
    "salience",  # the rarer of the two lemmas' share of documents in the cluster
    "lead",  # how many of the two sit in the first two sentences of their document
    "lemma_x_salience",
)


@dataclass(slots=True, frozen=True)
class PairEvidence:
    """What is known of a pair of mentions; missing evidence is 0 / False."""

    same_lemma: bool
    same_family: bool
    sentence_similarity: float = 0.0
    same_sentence: bool = False
    same_document: bool = False
    document_similarity: float = 0.0
    participant_overlap: float = 0.0
    place_overlap: float = 0.0
    date_conflict: bool = False
    people_conflict: bool = False
    generic: float = 0.0
    context_overlap: float = 0.0
    argument_overlap: float = 0.0
    same_pos: bool = False
    trigger_trigrams: float = 0.0
    salience: float = 0.0
    lead: int = 0


def overlap(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Shared share of the smaller set (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def trigrams(word: str) -> set[str]:
    word = word.lower()
    return {word[i : i + 3] for i in range(max(1, len(word) - 2))}


def feature_vector(e: PairEvidence) -> list[float]:
    same = float(e.same_lemma)
    family = float(e.same_family and not e.same_lemma)
    sentence = 0.0 if e.same_sentence else e.sentence_similarity
    return [
        same,
        family,
        sentence,
        float(e.same_sentence),
        float(e.same_document),
        e.document_similarity,
        e.participant_overlap,
        e.place_overlap,
        float(e.date_conflict),
        float(e.people_conflict),
        e.generic if e.same_lemma else 0.0,
        e.context_overlap,
        e.argument_overlap,
        float(e.same_pos),
        same * sentence,
        family * sentence,
        e.trigger_trigrams,
        same * e.document_similarity,
        e.salience,
        float(e.lead),
        same * e.salience,
    ]


def probability(vector: Sequence[float], weights: Sequence[float] = WEIGHTS, bias: float = BIAS) -> float:
    """The regression's probability for one feature vector (gated: see the module note)."""
    if vector[0] == 0.0 and vector[1] == 0.0:
        return 0.0
    z = bias + sum(w * x for w, x in zip(weights, vector, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def pair_probability(evidence: PairEvidence) -> float:
    return probability(feature_vector(evidence))


__all__ = [
    "FEATURES",
    "THRESHOLD",
    "PairEvidence",
    "feature_vector",
    "jaccard",
    "overlap",
    "pair_probability",
    "probability",
    "trigrams",
]
