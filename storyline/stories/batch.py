"""A batch of new articles clustered at once, before its clusters join the stories.

Articles arrive in batches (one ingest, one analysis run, one ``storyline load``). The batch is
clustered first, all its articles compared with each other: a learned pairwise model scores every
pair, and average linkage joins clusters while their mean pair probability stays above
``JOIN_PROBABILITY``. Each cluster then goes through the incremental grouper as one unit
(:func:`storyline.stories.grouping.assign_cluster`): it joins the existing story it is most like, or
starts one. A batch of one is the single-article path. The batch is at most ``BATCH`` articles
(pairs are a batch's square: 500 articles are 125,000 pairs), so the cost per article stays flat.

Pair features (all symmetric; ECB+ train topics taught the model how to weigh them):

0. TF-IDF cosine of the two articles (idf from the index: every article seen so far);
1. the cosine over numbers only (magnitudes, tolls, scores, years tell instances apart);
2. idf-weighted Jaccard overlap of their entities;
3. years both date things in ("March 4, 2009"): +1 shared, -1 disjoint, 0 unknown;
4. years both mention at all: the same;
5-6. 1/(1 + rank) of each in the other's list of nearest articles of the batch, the better and
   the worse of the two ranks (mutual nearest neighbours are one event far more often);
7. the cosine relative to the better of the two articles' best cosines in the batch;
8-9. the log of the number of distinct words of the shorter and of the longer article (a short
   article's neighbours say less);
10. the cosine relative to the *worse* of the two articles' best cosines;
11. shared nearest neighbours: the share of each one's ``NEIGHBOURS`` nearest articles of the
    batch that are the other's too (articles of one event have the same neighbours).

Features 5-7, 10 and 11 are 0 for a pair with a cosine under ``MIN_COSINE``, and ranks only mean something
in a crowd: a batch of fewer than ``MIN_BATCH`` articles is grouped one article at a time
(``grouping.assign_article``), as a stream.

Two articles dated more than ``grouping.MAX_GAP_DAYS`` apart are never one cluster.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import _pair_model
from .grouping import (
    MAX_GAP_DAYS,
    ArticleFeatures,
    Decision,
    StoryIndex,
    _entity_key,
    _idf,
    assign_article,
    assign_cluster,
    count_article,
)

JOIN_PROBABILITY = 0.55  # mean pair probability that joins two clusters (train topics, out of fold)
BATCH = 500  # articles clustered at once
MIN_BATCH = 50  # smaller batches go article by article: nearest-neighbour ranks need a crowd
MIN_COSINE = 0.05  # below this, two articles are nobody's neighbours
NEIGHBOURS = 10  # nearest articles compared by the shared-neighbour feature
FEATURES = 12


def _matrix(rows: list[dict[str, float]]) -> np.ndarray:
    vocabulary: dict[str, int] = {}
    for row in rows:
        for key in row:
            vocabulary.setdefault(key, len(vocabulary))
    out = np.zeros((len(rows), max(1, len(vocabulary))))
    for i, row in enumerate(rows):
        for key, value in row.items():
            out[i, vocabulary[key]] = value
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    out /= np.where(norms > 0, norms, 1.0)
    return out


def _agreement(sets: Sequence[frozenset[int]]) -> np.ndarray:
    n = len(sets)
    out = np.zeros((n, n))
    for i in range(n):
        if not sets[i]:
            continue
        for j in range(i + 1, n):
            if sets[j]:
                out[i, j] = out[j, i] = 1.0 if sets[i] & sets[j] else -1.0
    return out


def pair_features(arts: Sequence[ArticleFeatures], index: StoryIndex) -> np.ndarray:
    """The (n, n, FEATURES) pair features of a batch whose documents the index has counted."""
    n = len(arts)
    n_docs = max(index.document_count(), n)
    keys = {k for a in arts for k in a.terms} | {_entity_key(e) for a in arts for e in a.entities}
    df = index.document_frequencies(keys)
    idf = {k: _idf(n_docs, df.get(k, 1)) for k in keys}
    weighted = [{t: w * idf[t] for t, w in a.terms.items()} for a in arts]
    vectors = _matrix(weighted)
    numbers = _matrix([{t: w for t, w in row.items() if t[0].isdigit()} for row in weighted])
    cosine = vectors @ vectors.T
    number_cosine = numbers @ numbers.T
    out = np.zeros((n, n, FEATURES))
    out[:, :, 0] = cosine
    out[:, :, 1] = number_cosine
    for i in range(n):
        a = arts[i].entities
        if not a:
            continue
        for j in range(i + 1, n):
            b = arts[j].entities
            if not b:
                continue
            shared = sum(idf[_entity_key(e)] for e in a & b)
            if shared:
                union = sum(idf[_entity_key(e)] for e in a | b)
                out[i, j, 2] = out[j, i, 2] = shared / union
    out[:, :, 3] = _agreement([a.years for a in arts])
    out[:, :, 4] = _agreement([a.mentioned for a in arts])
    others = cosine.copy()
    np.fill_diagonal(others, -1.0)
    rank = np.argsort(np.argsort(-others, axis=1, kind="stable"), axis=1, kind="stable")
    related = cosine >= MIN_COSINE  # a nearest neighbour that shares no words is no evidence
    out[:, :, 5] = related / (1.0 + np.minimum(rank, rank.T))
    out[:, :, 6] = related / (1.0 + np.maximum(rank, rank.T))
    best = others.max(axis=1) if n > 1 else np.ones(n)
    out[:, :, 7] = related * cosine / np.maximum(np.maximum.outer(best, best), 1e-9)
    size = np.log1p(np.array([len(a.terms) for a in arts], dtype=float))
    out[:, :, 8] = np.minimum.outer(size, size)
    out[:, :, 9] = np.maximum.outer(size, size)
    out[:, :, 10] = related * cosine / np.maximum(np.minimum.outer(best, best), 1e-9)
    k = min(NEIGHBOURS, n - 1)
    if k > 0:
        near = np.zeros((n, n))
        near[np.arange(n)[:, None], np.argsort(-others, axis=1, kind="stable")[:, :k]] = 1.0
        out[:, :, 11] = related * (near @ near.T) / k
    return out


def pair_probabilities(features: np.ndarray) -> np.ndarray:
    """The model's probability that two articles tell one real-world story (boosted trees)."""
    flat = features.reshape(-1, FEATURES)
    score = np.full(len(flat), _pair_model.INIT)
    rows = np.arange(len(flat))
    for feature, threshold, left, right, value in _pair_model.TREES:
        node = np.zeros(len(flat), dtype=np.int64)
        f, t = np.asarray(feature), np.asarray(threshold)
        lo, hi, v = np.asarray(left), np.asarray(right), np.asarray(value)
        for _ in range(_pair_model.DEPTH):
            leaf = lo[node] < 0
            go_left = flat[rows, np.maximum(f[node], 0)] <= t[node]
            node = np.where(leaf, node, np.where(go_left, lo[node], hi[node]))
        score += _pair_model.RATE * v[node]
    return (1.0 / (1.0 + np.exp(-score))).reshape(features.shape[:2])


def _too_far_apart(arts: Sequence[ArticleFeatures]) -> np.ndarray:
    days = [a.day.toordinal() if a.day else math.nan for a in arts]
    ordinals = np.array(days, dtype=float)
    with np.errstate(invalid="ignore"):
        gap = np.abs(ordinals[:, None] - ordinals[None, :])
    return np.nan_to_num(gap, nan=0.0) > MAX_GAP_DAYS


def average_linkage(probability: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters of a batch: join the two clusters of highest mean pair probability while it is at
    least ``threshold`` (each cluster's members in batch order, clusters by first member)."""
    n = len(probability)
    sim = probability.astype(float).copy()
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    members: list[list[int] | None] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while n > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if sim[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (sim[i] * size[i] + sim[j] * size[j]) / (size[i] + size[j])
        sim[i], sim[:, i] = merged, merged
        sim[i, i] = -np.inf
        sim[j, :], sim[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        first, second = members[i], members[j]
        assert first is not None and second is not None
        members[i], members[j] = sorted(first + second), None
        alive[j] = False
    return [m for m in members if m is not None]


def cluster_batch(arts: Sequence[ArticleFeatures], index: StoryIndex) -> list[list[int]]:
    """Positions of ``arts`` grouped into clusters (the index has counted their documents)."""
    if len(arts) < MIN_BATCH:
        return [[i] for i in range(len(arts))]
    probability = pair_probabilities(pair_features(arts, index))
    probability[_too_far_apart(arts)] = 0.0
    return average_linkage(probability, JOIN_PROBABILITY)


def group_batch(
    index: StoryIndex, articles: Sequence[ArticleFeatures], batch: int | None = None
) -> list[Decision]:
    """Group a batch of new articles: clustered at once (``cluster_batch``), then each
    cluster joins its story; ``batch`` articles at a time (default ``batch.BATCH``)."""
    size = batch or BATCH
    decisions: list[Decision] = []
    for first in range(0, len(articles), size):
        chunk: dict[str, ArticleFeatures] = {}
        for art in articles[first : first + size]:
            existing = index.story_of(art.id)
            if existing is not None:
                decisions.append(Decision(art.id, existing, 1.0, False))
            else:
                chunk.setdefault(art.id, art)
        if len(chunk) < MIN_BATCH:  # too few to rank neighbours: a stream
            decisions.extend(assign_article(index, art) for art in chunk.values())
            continue
        arts = list(chunk.values())
        for art in arts:
            count_article(index, art)
        started: set[str] = set()
        for cluster in cluster_batch(arts, index):
            placed = assign_cluster(index, [arts[i] for i in cluster], started)
            started.update(d.story for d in placed if d.new_story)
            decisions.extend(placed)
    return decisions
