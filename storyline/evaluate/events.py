"""``storyline evaluate events FILE``: cross-document event coreference on ECB+ JSONL.

Gold event mentions in validated sentences are given; we predict which of them refer to one
real event and score MUC, B³, CEAF-e and CoNLL F1 (metrics shared with ``evaluate coref``),
singletons included. Three systems side by side:

* ``baseline_lemma_corpus``: mentions with the same head lemma are one event, over all documents.
* ``baseline_lemma_doc_clusters``: the same, within clusters of documents (documents about one
  real event first: the learned story pair model of ``storyline.stories.batch``, average linkage
  at ``batch.JOIN_PROBABILITY``; ``-o documents=tfidf``: TF-IDF agglomerative clustering).
* ``storyline``: the learned pair scorer of ``storyline.resolve._event_pairs`` (head lemma and
  word family, sentence and document similarity, participants, places and dates from the
  named entities of the mention's sentence, context words, dependency arguments) within
  document clusters; mentions are joined by agglomerative clustering (linkage and threshold
  chosen by ``scripts/train_event_pairs.py``'s leave-topics-out cross-validation on train).

Settings (``-o scope=``): ``topic`` clusters documents inside each gold topic only (the usual
ECB+ "gold topic" setting); ``corpus`` clusters all documents at once with no topic given (the
harder, realistic figure). ``both`` (default) reports each. ``-o oracle=true`` adds the figure
with gold subtopics as document clusters, labelled as an oracle. ``split`` ("train"/"dev") and
``topics`` ("1,3") select documents. Tuning happened on ``split=train`` only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..errors import EvaluationError
from ..resolve import _embed
from ..resolve._event_families import stem, word_family
from ..resolve._event_pair_weights import (
    BIAS,
    EMBED_GATE,
    EMBED_LINKAGE,
    EMBED_THRESHOLD,
    LINKAGE,
    THRESHOLD,
    WEIGHTS,
)
from ..resolve._event_pairs import (
    EMBED_MODEL,
    FEATURES,
    WORD_COSINE,
    BoostedTrees,
    PairEvidence,
    feature_vector,
    jaccard,
    overlap,
    trigrams,
)
from ._jsonl import ecbplus_records
from .coref import clusters_of, score

# Tuned on split=train topics only (see docs/events_resolve.md for the figures).
DOC_DISTANCE = 0.85  # average-linkage cosine distance that separates document clusters
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
CONTEXT_REACH = 4  # tokens either side of the trigger that make its context
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class GoldMention:
    id: str
    doc: str
    topic: int
    cluster: str
    lemma: str
    pos: str
    sentence: int
    stem: str = ""
    family: str | None = None
    participants: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    word: str = ""  # the trigger's head word as written
    context: set[str] = field(default_factory=set)  # content lemmas within 4 tokens
    arguments: set[str] = field(default_factory=set)  # lemmas of its head, children, grandchildren
    words: tuple[str, ...] = ()  # the words of its spaCy sentence (what the embedder reads)
    index: int = 0  # the trigger head's place among them
    vector: np.ndarray | None = None  # MiniLM: the trigger in context (unit)
    sentence_vector: np.ndarray | None = None
    static_vector: np.ndarray | None = None


@dataclass(slots=True)
class PairBlock:
    """One document cluster's mentions and the features of their pairs (rows: left[k], right[k])."""

    cluster: str
    mentions: list[GoldMention]
    features: np.ndarray
    left: np.ndarray
    right: np.ndarray
    embedded: bool = False  # every mention has embeddings: the embedding model scores the pairs


# -- data ---------------------------------------------------------------------------------------


def sentence_texts(record: dict[str, Any]) -> dict[int, str]:
    words: dict[int, list[str]] = defaultdict(list)
    for token in record["tokens"]:
        words[int(token[1])].append(str(token[3]))
    return {s: " ".join(w) for s, w in words.items()}


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def gold_mentions(record: dict[str, Any], doc: Doc) -> list[GoldMention]:
    """The record's gold event mentions in validated sentences, with our features."""
    # Named entities and dates by sentence (gold sentence numbers via character offsets).
    bounds: list[tuple[int, int, int]] = []
    position = 0
    current = -1
    for token in record["tokens"]:
        sent, word = int(token[1]), str(token[3])
        if sent != current:
            bounds.append((sent, position, position))
            current = sent
        position += len(word) + 1
        bounds[-1] = (sent, bounds[-1][1], position - 1)
    sentence_of_char = {}
    for sent, start, end in bounds:
        sentence_of_char[sent] = (start, end)
    ents_by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for ent in doc.ents:
        for sent, (start, end) in sentence_of_char.items():
            if start <= ent.start_char < end:
                ents_by_sentence[sent].append((ent.label_, _norm(ent.text)))
                break
    out = []
    for m in record["mentions"]:
        if m.get("kind") != "event" or not m.get("in_validated_sentence"):
            continue
        span = doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        sent = int(m.get("sentence", 0))
        mention = GoldMention(
            id=f"{record['id']}:{m['m_id']}",
            doc=str(record["id"]),
            topic=int(record["topic"]),
            cluster=str(m["cluster"]),
            lemma=root.lemma_.lower(),
            pos=root.pos_,
            sentence=sent,
        )
        mention.stem = stem(mention.lemma)
        mention.word = root.lower_
        mention.words = tuple(t.text for t in root.sent)
        mention.index = root.i - root.sent.start
        mention.context = {
            t.lemma_.lower()
            for t in root.sent
            if t.pos_ in _CONTENT and t.i != root.i and abs(t.i - root.i) <= CONTEXT_REACH
        }
        for t in [*root.children, root.head]:
            if t.pos_ in _CONTENT and t.i != root.i:
                mention.arguments.add(t.lemma_.lower())
        for child in root.children:
            mention.arguments.update(
                c.lemma_.lower() for c in child.children if c.pos_ in ("NOUN", "PROPN", "NUM")
            )
        mention.family = word_family(mention.lemma) or word_family(root.lower_)
        for label, text in ents_by_sentence.get(sent, []):
            if not text:
                continue
            if label in _PLACE_LABELS:
                mention.places.add(text)
            if label in _ENTITY_LABELS:
                mention.participants.add(text.split()[-1])  # surname / last word: "Tara Reid" ~ "Reid"
            if label == "PERSON":
                mention.people.add(text.split()[-1])
            elif label == "DATE":
                mention.dates.add(text)
        out.append(mention)
    return out


def attach_embeddings(mentions: Sequence[GoldMention]) -> bool:
    """MiniLM vectors for every mention (each sentence encoded once); False when the model
    package is absent (the mentions keep no vectors and the lexical model scores them)."""
    model = _embed.get_model()
    if model is None:
        return False
    by_sentence: dict[tuple[str, ...], list[GoldMention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.words].append(m)
    keys = list(by_sentence)
    asked = [sorted({m.index for m in by_sentence[k]}) for k in keys]
    for key, wanted, encoded in zip(keys, asked, model.encode(keys, asked), strict=True):
        place = {w: i for i, w in enumerate(wanted)}
        for m in by_sentence[key]:
            m.sentence_vector = encoded.sentence
            m.vector = encoded.words[place[m.index]]
            m.static_vector = encoded.static[place[m.index]]
    return True


# -- document clusters -----------------------------------------------------------------------


def document_terms(doc: Doc) -> str:
    """What a document is about, for clustering: its named entities (one term each) and the
    lemmas of its nouns, verbs and numbers (measured better than the raw text on train topics)."""
    names = [e.text.replace(" ", "_") for e in doc.ents]
    words = [t.lemma_ for t in doc if t.pos_ in ("NOUN", "PROPN", "NUM", "VERB")]
    return " ".join(names + words)


def cluster_documents(
    texts: dict[str, str], groups: dict[str, str], distance: float = DOC_DISTANCE
) -> dict[str, str]:
    """Document id -> cluster label: TF-IDF + average-linkage agglomerative clustering of the
    documents of each group (one group = the whole corpus, or one gold topic)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_group: dict[str, list[str]] = defaultdict(list)
    for doc_id in texts:
        by_group[groups[doc_id]].append(doc_id)
    labels: dict[str, str] = {}
    for group, ids in by_group.items():
        if len(ids) == 1:
            labels[ids[0]] = f"{group}/0"
            continue
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
            [texts[i] for i in ids]
        )
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
        )
        assigned = model.fit_predict(matrix.toarray())
        for doc_id, label in zip(ids, assigned, strict=True):
            labels[doc_id] = f"{group}/{label}"
    return labels


def story_pair_features(records: Sequence[dict[str, Any]]) -> np.ndarray:
    """The story pair model's features (``storyline.stories.batch.pair_features``) of every pair
    of the records' documents, all of them one batch, as ``storyline evaluate stories`` reads
    them (words, and the names among the annotated entity mention spans)."""
    from ..stories.batch import pair_features
    from ..stories.grouping import MemoryIndex, count_article
    from .stories import record_features

    arts = [record_features(r) for r in records]
    index = MemoryIndex()
    for art in arts:
        count_article(index, art)
    return pair_features(arts, index)


def story_clusters(
    ids: Sequence[str], probability: np.ndarray, groups: dict[str, str], threshold: float | None = None
) -> dict[str, str]:
    """Document id -> cluster label: average linkage over story pair probabilities (the learned
    model of ``storyline.stories.batch``: documents of one real-world event) within each group
    (one group = the whole corpus, or one gold topic), joining at ``batch.JOIN_PROBABILITY``."""
    from ..stories.batch import JOIN_PROBABILITY, average_linkage

    by_group: dict[str, list[int]] = defaultdict(list)
    for i, doc_id in enumerate(ids):
        by_group[groups[doc_id]].append(i)
    labels: dict[str, str] = {}
    for group, rows in by_group.items():
        sub = probability[np.ix_(rows, rows)]
        for label, members in enumerate(
            average_linkage(sub, JOIN_PROBABILITY if threshold is None else threshold)
        ):
            for k in members:
                labels[ids[rows[k]]] = f"{group}/{label}"
    return labels


# -- systems ------------------------------------------------------------------------------------


def lemma_labels(mentions: Iterable[GoldMention], doc_cluster: dict[str, str] | None) -> dict[str, str]:
    return {m.id: f"{doc_cluster[m.doc] if doc_cluster else ''}|{m.lemma}" for m in mentions}


def pair_blocks(
    mentions: list[GoldMention],
    doc_cluster: dict[str, str],
    sentences: dict[tuple[str, int], str],
    texts: dict[str, str],
) -> list[PairBlock]:
    """The mentions of each document cluster with the feature vectors of all their pairs
    (``storyline.resolve._event_pairs``): what the learned scorer reads."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_cluster: dict[str, list[GoldMention]] = defaultdict(list)
    for m in mentions:
        by_cluster[doc_cluster[m.doc]].append(m)
    spread: dict[str, set[str]] = defaultdict(set)
    docs_in: dict[str, set[str]] = defaultdict(set)
    lemma_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        spread[m.stem].add(doc_cluster[m.doc])
        docs_in[doc_cluster[m.doc]].add(m.doc)
        lemma_docs[(doc_cluster[m.doc], m.lemma)].add(m.doc)
    n_clusters = max(1, len(set(doc_cluster.values())))
    keys = sorted(sentences)
    sentence_vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(
        [sentences[k] for k in keys]
    )
    doc_ids = sorted({m.doc for m in mentions})
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    doc_vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [texts[d] for d in doc_ids]
    )
    blocks: list[PairBlock] = []
    for cluster, group in by_cluster.items():
        if len(group) == 1:
            blocks.append(
                PairBlock(cluster, group, np.zeros((0, len(FEATURES))), np.zeros(0, int), np.zeros(0, int))
            )
            continue
        vectors = sentence_vectorizer.transform([sentences[(m.doc, m.sentence)] for m in group])
        similarity = (vectors @ vectors.T).toarray()
        rows = [doc_index[m.doc] for m in group]
        doc_similarity = (doc_vectors[rows] @ doc_vectors[rows].T).toarray()
        size = len(docs_in[cluster])
        salience = [len(lemma_docs[(cluster, m.lemma)]) / size for m in group]
        left, right = np.triu_indices(len(group), 1)
        embedded = all(m.vector is not None for m in group)
        cosines = _cosines(group) if embedded else None
        matrix = np.array(
            [
                feature_vector(
                    _evidence(
                        group[i],
                        group[j],
                        float(similarity[i, j]),
                        float(doc_similarity[i, j]),
                        len(spread[group[i].stem]) / n_clusters,
                        min(salience[i], salience[j]),
                        None if cosines is None else tuple(float(c[i, j]) for c in cosines),
                    )
                )
                for i, j in zip(left, right, strict=True)
            ]
        )
        blocks.append(PairBlock(cluster, group, matrix, left, right, embedded))
    return blocks


def _cosines(group: Sequence[GoldMention]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word, sentence and static cosine matrices of the group's (unit) vectors."""
    out = []
    for attr in ("vector", "sentence_vector", "static_vector"):
        stack = np.vstack([getattr(m, attr) for m in group])
        out.append(stack @ stack.T)
    return out[0], out[1], out[2]


def _evidence(
    a: GoldMention,
    b: GoldMention,
    similarity: float,
    doc_similarity: float,
    generic: float,
    salience: float,
    cosines: tuple[float, ...] | None = None,
) -> PairEvidence:
    return PairEvidence(
        same_lemma=a.lemma == b.lemma or a.stem == b.stem,
        same_family=a.family is not None and a.family == b.family,
        sentence_similarity=similarity,
        same_sentence=a.doc == b.doc and a.sentence == b.sentence,
        same_document=a.doc == b.doc,
        document_similarity=doc_similarity,
        participant_overlap=overlap(a.participants, b.participants),
        place_overlap=overlap(a.places, b.places),
        date_conflict=bool(a.dates and b.dates and not a.dates & b.dates),
        people_conflict=bool(a.people and b.people and not a.people & b.people),  # Reid is not Lohan
        generic=generic,
        context_overlap=jaccard(a.context, b.context),
        argument_overlap=overlap(a.arguments, b.arguments),
        same_pos=a.pos == b.pos,
        trigger_trigrams=jaccard(trigrams(a.word), trigrams(b.word)),
        salience=salience,
        lead=int(a.sentence <= 1) + int(b.sentence <= 1),
        word_cosine=None if cosines is None else cosines[0],
        sentence_cosine=0.0 if cosines is None else cosines[1],
        static_cosine=0.0 if cosines is None else cosines[2],
    )


def block_probabilities(
    block: PairBlock,
    weights: Sequence[float] | None = None,
    bias: float | None = None,
    gate: float | None = None,
    trees: BoostedTrees | None = None,
) -> np.ndarray:
    """The scorer's probability for every pair of the block (vectorized ``probability``):
    the embedding model's when the block has embeddings, else the lexical model's (or the
    regression weights given, as many as the features they cover, or the trees given)."""
    if not len(block.left):
        return np.zeros(0)
    if weights is None and trees is None:
        if block.embedded:
            trees, gate = EMBED_MODEL, EMBED_GATE
        else:
            weights, bias, gate = WEIGHTS, BIAS, None
    if trees is not None:
        p = trees.probability(block.features)
    else:
        w = np.asarray(weights)
        z = block.features[:, : len(w)] @ w + (BIAS if bias is None else bias)
        p = 1.0 / (1.0 + np.exp(-z))
    shut = (block.features[:, 0] == 0) & (block.features[:, 1] == 0)  # gate: no shared word ...
    if gate is not None:
        shut &= block.features[:, WORD_COSINE] < gate  # ... nor close trigger vectors
    p[shut] = 0.0
    return np.asarray(p)


def cluster_block(
    block: PairBlock, probabilities: np.ndarray, threshold: float, linkage: str = LINKAGE
) -> dict[str, str]:
    """Agglomerative clustering of the block's mentions (linkage chosen by the training script's
    cross-validation), joining at threshold."""
    from sklearn.cluster import AgglomerativeClustering

    if len(block.mentions) == 1:
        return {block.mentions[0].id: f"{block.cluster}|0"}
    n = len(block.mentions)
    distance = np.ones((n, n))
    distance[block.left, block.right] = 1.0 - probabilities
    distance[block.right, block.left] = 1.0 - probabilities
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=1.0 - threshold
    )
    return {
        m.id: f"{block.cluster}|{label}"
        for m, label in zip(block.mentions, model.fit_predict(distance), strict=True)
    }


def system_labels(
    mentions: list[GoldMention],
    doc_cluster: dict[str, str],
    sentences: dict[tuple[str, int], str],
    texts: dict[str, str],
    threshold: float | None = None,
) -> dict[str, str]:
    """Our clusters: the learned pair scorer, agglomerative clustering within each document cluster."""
    labels: dict[str, str] = {}
    for block in pair_blocks(mentions, doc_cluster, sentences, texts):
        if block.embedded:
            t, link = EMBED_THRESHOLD, EMBED_LINKAGE
        else:
            t, link = THRESHOLD, LINKAGE
        labels.update(
            cluster_block(block, block_probabilities(block), t if threshold is None else threshold, link)
        )
    return labels


# -- entry point ----------------------------------------------------------------------------


def parse_records(records: list[dict[str, Any]]) -> list[Doc]:
    from ..analyze.nlp import get_nlp

    return list(get_nlp().pipe((r["text"] for r in records), batch_size=32))


def score_records(
    records: list[dict[str, Any]],
    docs: list[Doc],
    *,
    scopes: Sequence[str] = ("topic", "corpus"),
    oracle: bool = False,
    doc_distance: float = DOC_DISTANCE,
    threshold: float | None = None,
    embeddings: bool = True,
    documents: str = "stories",
) -> dict[str, Any]:
    mentions = [m for record, doc in zip(records, docs, strict=True) for m in gold_mentions(record, doc)]
    embedded = attach_embeddings(mentions) if embeddings else False
    key = clusters_of({m.id: m.cluster for m in mentions})
    texts = {str(r["id"]): document_terms(doc) for r, doc in zip(records, docs, strict=True)}
    sentences = {(str(r["id"]), s): t for r in records for s, t in sentence_texts(r).items()}
    result: dict[str, Any] = {
        "task": "events",
        "documents": len(records),
        "topics": sorted({int(r["topic"]) for r in records}),
        "mentions": len(mentions),
        "gold_events": len(key),
        "setting": "gold event mentions in validated sentences",
        "scorer": "embedding (all-MiniLM-L6-v2)" if embedded else "lexical",
        "document_clusters_by": "story pair model" if documents == "stories" else "TF-IDF",
    }
    ids = [str(r["id"]) for r in records]
    story_probability = None
    if documents == "stories":
        from ..stories.batch import pair_probabilities

        story_probability = pair_probabilities(story_pair_features(records))
    for scope in scopes:
        if scope == "topic":
            groups = {str(r["id"]): str(r["topic"]) for r in records}
        else:
            groups = {str(r["id"]): "all" for r in records}
        if story_probability is not None:
            doc_cluster = story_clusters(ids, story_probability, groups)
        else:
            doc_cluster = cluster_documents(texts, groups, doc_distance)
        result[scope] = {
            "description": (
                "documents clustered within each gold topic"
                if scope == "topic"
                else "all documents clustered at once, no topic given"
            ),
            "document_clusters": len(set(doc_cluster.values())),
            "storyline": score(
                key, clusters_of(system_labels(mentions, doc_cluster, sentences, texts, threshold))
            ),
            "baseline_lemma_doc_clusters": score(key, clusters_of(lemma_labels(mentions, doc_cluster))),
        }
    result["baseline_lemma_corpus"] = score(key, clusters_of(lemma_labels(mentions, None)))
    if oracle:
        gold_clusters = {str(r["id"]): str(r["subtopic"]) for r in records}
        result["oracle_gold_subtopics"] = {
            "description": "ORACLE: gold subtopics as document clusters (not a system figure)",
            "storyline": score(
                key, clusters_of(system_labels(mentions, gold_clusters, sentences, texts, threshold))
            ),
            "baseline_lemma_doc_clusters": score(key, clusters_of(lemma_labels(mentions, gold_clusters))),
        }
    return result


def evaluate(
    paths: Sequence[Path],
    *,
    limit: int | None = None,
    topics: Iterable[int] | str | None = None,
    split: str | None = None,
    scope: str = "both",
    oracle: bool = False,
    embeddings: bool | str = True,
    documents: str = "stories",
    **_: Any,
) -> dict[str, Any]:
    records = ecbplus_records(paths, topics, split, limit)
    if scope not in ("both", "topic", "corpus"):
        raise EvaluationError(f"scope must be both, topic or corpus, not {scope!r}", code="E333")
    if documents not in ("stories", "tfidf"):
        raise EvaluationError(f"documents must be stories or tfidf, not {documents!r}", code="E333")
    scopes = ("topic", "corpus") if scope == "both" else (scope,)
    embed = str(embeddings).lower() not in ("false", "0", "no")
    return score_records(
        records,
        parse_records(records),
        scopes=scopes,
        oracle=bool(oracle),
        embeddings=embed,
        documents=documents,
    )
