"""``storyline evaluate coref FILE...``: cross-document entity coreference on ECB+ JSONL.

Gold entity mentions in validated sentences are given; we predict their clusters, within each
topic (the standard "gold topic" setting: documents are compared only inside their topic), and
score MUC, B³, CEAF-e and their mean (CoNLL F1), singletons included. Two systems side by side:

* ``baseline``: mentions with the same head lemma are one entity (the usual ECB+ baseline).
* ``storyline``: our analyzer's within-document coreference (names by surname, role descriptions,
  he/she to their antecedent) and our cross-article name keys (``storyline.resolve``), with
  non-pronoun common-noun mentions still grouped by head lemma.

Options: ``limit`` (documents), ``topics`` (list or "1,3,5"), ``split`` ("train"/"dev").
The metrics are implemented here from their standard definitions (Vilain et al. 1995; Bagga &
Baldwin 1998; Luo 2005) and tested on hand-made examples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..analyze.entities.coref import FEMALE_PRONOUNS, MALE_PRONOUNS, resolve_in_document
from ..analyze.entities.detect import TokenMention, detect_names
from ..analyze.entities.names import person_key, skeleton
from ..analyze.nlp import get_nlp
from ._jsonl import ecbplus_records

Clusters = list[set[str]]

# -- metrics ------------------------------------------------------------------------------------


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


def _muc_recall(key: Clusters, response: Clusters) -> float:
    where: dict[str, Any] = {m: i for i, cluster in enumerate(response) for m in cluster}
    numerator = denominator = 0
    for cluster in key:
        parts = {where.get(m, ("alone", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """Link-based MUC: links kept over links needed."""
    return _prf(_muc_recall(response, key), _muc_recall(key, response))


def _b3_recall(key: Clusters, response: Clusters) -> float:
    where = {m: cluster for cluster in response for m in cluster}
    total = 0.0
    count = 0
    for cluster in key:
        for m in cluster:
            total += len(cluster & where.get(m, {m})) / len(cluster)
            count += 1
    return total / count if count else 0.0


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """Mention-based B³: per-mention overlap of its key and response clusters."""
    return _prf(_b3_recall(response, key), _b3_recall(key, response))


def _hungarian_max(weights: list[list[float]]) -> float:
    """Best total weight of a one-to-one assignment (rows <= columns or not; O(n³))."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    if not n_rows or not n_cols:
        return 0.0
    n = max(n_rows, n_cols)
    cost = [[-(weights[i][j]) if i < n_rows and j < n_cols else 0.0 for j in range(n)] for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    return sum(weights[p[j] - 1][j - 1] for j in range(1, n + 1) if p[j] and p[j] <= n_rows and j <= n_cols)


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (φ4 similarity), aligned optimally. The alignment problem splits into
    connected components of overlapping clusters, which keeps each assignment small."""
    where_response: dict[str, int] = {m: j for j, cluster in enumerate(response) for m in cluster}
    # Components of the bipartite overlap graph, by union-find over key/response cluster ids.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, cluster in enumerate(key):
        find(("k", i))
        for m in cluster:
            if m in where_response:
                parent[find(("k", i))] = find(("r", where_response[m]))
    components: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(key)):
        components[find(("k", i))][0].append(i)
    for j in range(len(response)):
        components[find(("r", j))][1].append(j)
    total = 0.0
    for rows, cols in components.values():
        if not rows or not cols:
            continue
        weights = [
            [2 * len(key[i] & response[j]) / (len(key[i]) + len(response[j])) for j in cols] for i in rows
        ]
        total += _hungarian_max(weights)
    recall = total / len(key) if key else 0.0
    precision = total / len(response) if response else 0.0
    return _prf(precision, recall)


def score(key: Clusters, response: Clusters) -> dict[str, Any]:
    result: dict[str, Any] = {
        "muc": muc(key, response),
        "b3": b_cubed(key, response),
        "ceaf_e": ceaf_e(key, response),
    }
    result["conll_f1"] = round(sum(result[m]["f1"] for m in ("muc", "b3", "ceaf_e")) / 3, 4)
    return result


def clusters_of(labels: dict[str, str]) -> Clusters:
    groups: dict[str, set[str]] = defaultdict(set)
    for mention, label in labels.items():
        groups[label].add(mention)
    return list(groups.values())


# -- data ---------------------------------------------------------------------------------------


def _parse(record: dict[str, Any]) -> Doc:
    """Parse the pre-tokenized text keeping its tokens, so gold offsets line up."""
    nlp = get_nlp()
    words = [t[3] for t in record["tokens"]]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _gold_spans(record: dict[str, Any], doc: Doc) -> list[tuple[str, Span, str]]:
    out = []
    for m in record["mentions"]:
        if m.get("kind") != "entity" or not m.get("in_validated_sentence"):
            continue
        span = doc.char_span(int(m["start"]), int(m["end"]), alignment_mode="expand")
        if span is None or not len(span):
            continue
        out.append((f"{record['id']}:{m['m_id']}", span, str(m["cluster"])))
    return out


def _head(span: Span) -> Token:
    """The content head: the syntactic root, or the object of a leading preposition ("on Friday")."""
    root = span.root
    if root.pos_ == "ADP":
        objects = [t for t in root.children if t.dep_ == "pobj" and t.i < span.end]
        if objects:
            return objects[0]
    return root


def _head_lemma(span: Span) -> str:
    return span.root.lemma_.lower()


# -- our system -----------------------------------------------------------------------------

_RELATIVE = frozenset({"which", "who", "whom", "that", "whose"})
_SINGULAR_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_NOT_PEOPLE = frozenset(
    {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)


def _head_key(span: Span) -> str:
    head = _head(span)
    word = head.text if head.pos_ == "PROPN" else head.lemma_
    # Plural and singular of a name ("Saints"/"Saint") are one key.
    return "h:" + ((skeleton(word) or word.lower()).rstrip("s") or word.lower())


def _our_document_labels(doc: Doc, spans: list[tuple[str, Span, str]]) -> dict[str, str]:
    """Within-document chains (label = a key usable across documents of the topic)."""
    detected = detect_names(doc)
    type_at = {i: m.type for m in detected for i in range(m.start, m.end)}
    mentions: list[TokenMention] = []
    owner: dict[int, str] = {}
    for mention_id, span, _ in spans:
        root = span.root
        low = root.lower_
        if len(span) == 1 and (low in MALE_PRONOUNS or low in FEMALE_PRONOUNS):
            m = TokenMention(span.start, span.end, "PERSON", kind="pronoun")
        elif root.pos_ == "PROPN" or root.i in type_at:
            m = TokenMention(span.start, span.end, type_at.get(root.i, "ORG"), kind="name")
        else:
            continue
        mentions.append(m)
        owner[id(m)] = mention_id
    resolved = resolve_in_document(doc, mentions, add_descriptions=False)
    labels: dict[str, str] = {}
    chain_key: dict[int, str] = {}
    for m in resolved:
        if m.kind == "name" and m.name and m.type == "PERSON":
            key = person_key(m.name)
            if key is not None:
                chain_key.setdefault(m.cluster, "h:" + (key[1].rstrip("s") or key[1]))
    for m in resolved:
        owner_id = owner.get(id(m))
        if owner_id is not None and m.cluster in chain_key and m.name:
            labels[owner_id] = chain_key[m.cluster]
    by_head: dict[int, str] = {}
    ordered = sorted(spans, key=lambda s: s[1].start)
    for mention_id, span, _ in ordered:
        if mention_id in labels:
            by_head[_head(span).i] = labels[mention_id]
    for mention_id, span, _ in ordered:
        if mention_id not in labels and span.root.pos_ != "PRON":
            labels[mention_id] = _head_key(span)
            by_head[_head(span).i] = labels[mention_id]
    for n, (mention_id, span, _) in enumerate(ordered):
        if mention_id in labels:
            continue
        labels[mention_id] = _pronoun_label(span, ordered[:n], labels, by_head) or f"pron:{mention_id}"
        by_head[span.root.i] = labels[mention_id]
    return labels


def _pronoun_label(
    span: Span, before: list[tuple[str, Span, str]], labels: dict[str, str], by_head: dict[int, str]
) -> str | None:
    """Relative pronouns take the noun they modify; it/they the nearest fitting mention."""
    pronoun = span.root
    low = pronoun.lower_
    if low in _RELATIVE:
        verb = pronoun.head
        while verb.dep_ not in {"relcl", "acl"} and verb.dep_ != "ROOT":
            verb = verb.head
        if verb.dep_ in {"relcl", "acl"} and verb.head.i in by_head:
            return by_head[verb.head.i]
        return None
    personal = low in MALE_PRONOUNS or low in FEMALE_PRONOUNS
    if not personal and low not in _SINGULAR_NEUTER and low not in _PLURAL:
        return None
    plural = low in _PLURAL
    sentence_start = pronoun.sent.start
    earliest = span.doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
    for mention_id, candidate, _ in reversed(before):
        if candidate.start < earliest:
            break
        head = _head(candidate)
        if head.pos_ == "PRON" or mention_id not in labels:
            continue
        if personal:
            # No named antecedent was found: a person described by a common noun ("the suspect").
            if head.ent_type_ in _NOT_PEOPLE or head.tag_ not in {"NN", "NNP"}:
                continue
            return labels[mention_id]
        if head.ent_type_ == "PERSON":
            continue
        is_plural = head.tag_ in {"NNS", "NNPS"}
        if is_plural == plural or (plural and head.ent_type_ in {"ORG", "NORP"}):
            return labels[mention_id]
    return None


# -- entry point ----------------------------------------------------------------------------


def evaluate(
    paths: Sequence[Path],
    *,
    limit: int | None = None,
    topics: Iterable[int] | str | None = None,
    split: str | None = None,
    **_: Any,
) -> dict[str, Any]:
    records = ecbplus_records(paths, topics, split, limit)
    gold: dict[str, str] = {}
    baseline: dict[str, str] = {}
    ours: dict[str, str] = {}
    for record in records:
        doc = _parse(record)
        spans = _gold_spans(record, doc)
        topic = str(record["topic"])
        for mention_id, span, cluster in spans:
            gold[mention_id] = cluster
            baseline[mention_id] = f"{topic}|{_head_lemma(span)}"
        for mention_id, label in _our_document_labels(doc, spans).items():
            ours[mention_id] = f"{topic}|{label}"
    key = clusters_of(gold)
    return {
        "task": "coref",
        "documents": len(records),
        "topics": sorted({int(r["topic"]) for r in records}),
        "mentions": len(gold),
        "gold_entities": len(key),
        "setting": "gold entity mentions in validated sentences, clustered within each topic",
        "storyline": score(key, clusters_of(ours)),
        "baseline_head_lemma": score(key, clusters_of(baseline)),
    }
