"""The learned pairwise event scorer: how likely two event mentions are one real event.

A logistic regression over a few general features of a pair of mentions (trigger word,
word family, sentence and document similarity, shared participants and places, conflicting
dates and people, context words, dependency arguments). Its coefficients are the small
constants of ``_event_pair_weights`` (trained by ``scripts/train_event_pairs.py`` on the ECB+
train topics only, threshold chosen by leave-topics-out cross-validation).

Two models share the features. The **embedding** model adds the cosines of all-MiniLM-L6-v2
vectors (``storyline.resolve._embed``): the trigger in its sentence, the sentence, the trigger's
static (input) embedding; it is gradient-boosted trees over all the features (scikit-learn's
``HistGradientBoostingClassifier``, exported by the trainer as ``EMBED_TREES`` and evaluated
here in numpy, ``BoostedTrees``), which read the features' interactions the regression needs
spelled out (measured better on train topics, leave-topics-out). It scores pairs whose triggers share a lemma or a word family, and
also those whose in-context trigger vectors are close (cosine >= ``EMBED_GATE``: "hang" ~
"suicide"); the rest score 0. The **lexical** model (the first ``LEXICAL_FEATURES``) serves
evidence without embeddings (the store path's stored mentions, or the model package absent):
pairs sharing neither a lemma nor a word family score 0 there, as the regression cannot tell
"hang" ~ "suicide" from "hang" ~ "arrest" from words alone.

Used by ``storyline.evaluate.events`` (ECB+ gold mentions) and, through ``pair_probability``,
by the store path's ranking of candidate events (``storyline.resolve.events``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._event_pair_weights import (
    BIAS,
    EMBED_BASELINE,
    EMBED_GATE,
    EMBED_THRESHOLD,
    EMBED_TREES,
    THRESHOLD,
    WEIGHTS,
)

LEXICAL_FEATURES: tuple[str, ...] = (
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
EMBEDDING_FEATURES: tuple[str, ...] = (
    "word_cosine",  # the two triggers' in-context MiniLM vectors
    "sentence_cosine",  # the two sentences' MiniLM embeddings (0 within one sentence)
    "static_cosine",  # the two triggers' input embeddings (no context)
    "lemma_x_word_cosine",
    "unrelated_words",  # neither lemma nor family shared: let in by the embedding gate
    "document_x_word_cosine",
)
FEATURES: tuple[str, ...] = LEXICAL_FEATURES + EMBEDDING_FEATURES
WORD_COSINE = len(LEXICAL_FEATURES)  # column of word_cosine in a feature vector


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
    word_cosine: float | None = None  # None: no embeddings (the lexical model scores the pair)
    sentence_cosine: float = 0.0
    static_cosine: float = 0.0

    @property
    def embedded(self) -> bool:
        return self.word_cosine is not None


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
        *embedding_features(e),
    ]


def embedding_features(e: PairEvidence) -> list[float]:
    if e.word_cosine is None:
        return [0.0] * len(EMBEDDING_FEATURES)
    same = float(e.same_lemma)
    lexical = e.same_lemma or e.same_family
    return [
        e.word_cosine,
        0.0 if e.same_sentence else e.sentence_cosine,
        e.static_cosine,
        same * e.word_cosine,
        float(not lexical),
        e.document_similarity * e.word_cosine,
    ]


class BoostedTrees:
    """Binary gradient-boosted regression trees: the probability is the sigmoid of ``baseline``
    plus one leaf value per tree. A tree is written as ``"feature,threshold,left,right,value;..."``,
    one node each (node 0 the root; feature -1 for a leaf, which holds the value; a row goes left
    when its feature is at most the threshold), as ``scripts/train_event_pairs.py`` exports
    scikit-learn's ``HistGradientBoostingClassifier`` (the features have no missing values)."""

    def __init__(self, baseline: float, trees: Sequence[str]) -> None:
        nodes = [[[float(v) for v in node.split(",")] for node in tree.split(";")] for tree in trees]
        width = max((len(t) for t in nodes), default=1)
        table = np.zeros((len(nodes), width, 5))
        table[:, :, 0] = -1  # padding: leaves of value 0 (never reached)
        for k, tree in enumerate(nodes):
            table[k, : len(tree)] = tree
        self.baseline = baseline
        self.feature = table[:, :, 0].astype(int)
        self.threshold = table[:, :, 1]
        self.left = table[:, :, 2].astype(int)
        self.right = table[:, :, 3].astype(int)
        self.value = table[:, :, 4]
        self.features = int(self.feature.max()) + 1 if len(nodes) else 0

    def margin(self, rows: np.ndarray) -> np.ndarray:
        """The log-odds of each row (a 2-D array of feature vectors)."""
        n, trees = len(rows), len(self.feature)
        tree = np.arange(trees)[None, :]
        node = np.zeros((n, trees), dtype=int)
        row = np.arange(n)[:, None]
        while True:
            feature = self.feature[tree, node]
            inner = feature >= 0
            if not inner.any():
                break
            left = rows[row, np.maximum(feature, 0)] <= self.threshold[tree, node]
            node = np.where(inner, np.where(left, self.left[tree, node], self.right[tree, node]), node)
        return np.asarray(self.baseline + self.value[tree, node].sum(axis=1))

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-self.margin(rows))))


EMBED_MODEL = BoostedTrees(EMBED_BASELINE, EMBED_TREES)


def gated_out(vector: Sequence[float], gate: float | None) -> bool:
    """Neither a shared lemma nor a family, nor (``gate``: embedding model) close trigger vectors."""
    return vector[0] == 0.0 and vector[1] == 0.0 and (gate is None or vector[WORD_COSINE] < gate)


def probability(
    vector: Sequence[float],
    weights: Sequence[float] = WEIGHTS,
    bias: float = BIAS,
    gate: float | None = None,
) -> float:
    """The regression's probability for one feature vector (gated: see the module note).
    ``weights`` may cover the lexical features only; ``gate`` (embedding model) also lets in
    pairs of unrelated triggers whose word cosine reaches it."""
    if gated_out(vector, gate):
        return 0.0
    z = bias + sum(w * x for w, x in zip(weights, vector[: len(weights)], strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def pair_probability(evidence: PairEvidence) -> float:
    """The embedding model's probability when the evidence has embeddings, else the lexical's."""
    if evidence.embedded:
        vector = feature_vector(evidence)
        return 0.0 if gated_out(vector, EMBED_GATE) else float(EMBED_MODEL.probability(np.array([vector]))[0])
    return probability(feature_vector(evidence))


def threshold_for(embedded: bool) -> float:
    return EMBED_THRESHOLD if embedded else THRESHOLD


__all__ = [
    "EMBEDDING_FEATURES",
    "EMBED_MODEL",
    "FEATURES",
    "LEXICAL_FEATURES",
    "THRESHOLD",
    "WORD_COSINE",
    "BoostedTrees",
    "PairEvidence",
    "feature_vector",
    "gated_out",
    "jaccard",
    "overlap",
    "pair_probability",
    "probability",
    "threshold_for",
    "trigrams",
]
