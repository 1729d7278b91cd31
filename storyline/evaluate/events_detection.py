"""``storyline evaluate events-detection FILE...``: event mention detection on ECB+ JSONL.

Our event mentions (the ``events`` analyzer over the full per-article analysis) against the gold
event mentions of ECB+ in validated sentences (the standard scoring slice); predictions outside
validated sentences are not counted. The text is scored as given (pre-tokenized, gold offsets
into ``text``). Two match criteria:

* ``overlap``: a predicted trigger span overlaps a gold mention span (one-to-one, greedy);
* ``strict_head``: the predicted trigger is the gold span exactly or its syntactic head token.

Side by side, ``baseline_lemma``: every token whose lemma is in our trigger lexicon, with no
parse filters (the lexicon alone). ECB+ annotates every event, reporting verbs ("said", "told")
and states included, while our lexicon types the events of news stories: recall is bounded by
that scope; ``by_tag`` shows recall per ECB+ event class.

Options: ``limit`` (documents), ``topics`` ("1,3"), ``split`` ("train"/"dev").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..analyze.events._lexicon import NOUN_TRIGGERS, VERB_TRIGGERS
from ..analyze.nlp import get_nlp
from ..analyze.pipeline import analyze_article
from ..models import Article
from ._jsonl import ecbplus_records

Item = dict[str, Any]
Span = tuple[int, int]


def validated_ranges(record: Item) -> list[Span]:
    """Character ranges of the validated sentences (``text`` is the tokens joined by spaces)."""
    wanted = {int(s) for s in record.get("validated_sentences", [])}
    ranges: dict[int, list[int]] = {}
    offset = 0
    for token in record["tokens"]:
        sentence, word = int(token[1]), str(token[3])
        if sentence in wanted:
            span = ranges.setdefault(sentence, [offset, offset + len(word)])
            span[1] = offset + len(word)
        offset += len(word) + 1
    return sorted((s, e) for s, e in ranges.values())


def _inside(start: int, ranges: Sequence[Span]) -> bool:
    return any(s <= start < e for s, e in ranges)


def _match(gold: Sequence[Span], predicted: Sequence[Span], strict: Mapping[Span, set[Span]] | None) -> int:
    """Greedy one-to-one matches of predicted to gold spans."""
    used: set[int] = set()
    hits = 0
    for p_start, p_end in sorted(predicted):
        for i, (g_start, g_end) in enumerate(gold):
            if i in used:
                continue
            if strict is None:
                ok = p_start < g_end and g_start < p_end
            else:
                ok = (p_start, p_end) in strict.get((g_start, g_end), set())
            if ok:
                used.add(i)
                hits += 1
                break
    return hits


def _prf(hits_p: int, n_pred: int, hits_g: int, n_gold: int) -> dict[str, float]:
    p = hits_p / n_pred if n_pred else 0.0
    r = hits_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def lexicon_baseline(doc: Doc) -> list[Span]:
    """Every token whose lemma is a trigger of our lexicon, whatever its sense or part of speech."""
    lexicon = NOUN_TRIGGERS.keys() | VERB_TRIGGERS.keys()
    return [(t.idx, t.idx + len(t.text)) for t in doc if t.lemma_.lower() in lexicon]


def _predict(record: Item, doc: Doc) -> list[Item]:
    article = Article(id=str(record["id"]), source="<ecbplus>", text=str(record["text"]))
    return analyze_article(article, doc=doc).result_dicts().get("events", [])


def score_detection(
    records: Iterable[Item],
    predictions: Mapping[str, Sequence[Item]] | None = None,
    docs: Mapping[str, Doc] | None = None,
) -> dict[str, Any]:
    """P/R/F1 of our event mentions against ECB+ gold event mentions in validated sentences.

    ``predictions`` (id -> event items) and ``docs`` (id -> parse) may be given to score cached
    analyses; otherwise each record is parsed and analyzed."""
    totals: Counter[str] = Counter()
    tag_gold: Counter[str] = Counter()
    tag_hit: Counter[str] = Counter()
    n_docs = 0
    for record in records:
        n_docs += 1
        rid = str(record["id"])
        doc = docs[rid] if docs is not None and rid in docs else get_nlp()(str(record["text"]))
        items = predictions[rid] if predictions is not None and rid in predictions else _predict(record, doc)
        ranges = validated_ranges(record)
        gold_mentions = [
            m for m in record["mentions"] if m["kind"] == "event" and m.get("in_validated_sentence")
        ]
        gold = [(int(m["start"]), int(m["end"])) for m in gold_mentions]
        heads: dict[Span, set[Span]] = {}
        for span in gold:
            allowed = {span}
            char_span = doc.char_span(span[0], span[1], alignment_mode="expand")
            if char_span is not None:
                root = char_span.root
                allowed.add((root.idx, root.idx + len(root.text)))
            heads[span] = allowed
        ours = [(int(e["start"]), int(e["end"])) for e in items if _inside(int(e["start"]), ranges)]
        base = [s for s in lexicon_baseline(doc) if _inside(s[0], ranges)]
        for name, predicted in (("storyline", ours), ("baseline_lemma", base)):
            totals[f"{name}_pred"] += len(predicted)
            totals[f"{name}_hit"] += _match(gold, predicted, None)
            totals[f"{name}_strict"] += _match(gold, predicted, heads)
        totals["gold"] += len(gold)
        for mention in gold_mentions:
            tag_gold[mention["tag"]] += 1
            span = (int(mention["start"]), int(mention["end"]))
            if any(p[0] < span[1] and span[0] < p[1] for p in ours):
                tag_hit[mention["tag"]] += 1
    result: dict[str, Any] = {
        "task": "events-detection",
        "documents": n_docs,
        "gold_mentions": totals["gold"],
        "setting": "gold ECB+ event mentions in validated sentences; predictions there only",
    }
    for name in ("storyline", "baseline_lemma"):
        n_pred, gold_n = totals[f"{name}_pred"], totals["gold"]
        result[name] = {
            "predicted": n_pred,
            "overlap": _prf(totals[f"{name}_hit"], n_pred, totals[f"{name}_hit"], gold_n),
            "strict_head": _prf(totals[f"{name}_strict"], n_pred, totals[f"{name}_strict"], gold_n),
        }
    result["storyline"]["recall_by_tag"] = {
        tag: round(tag_hit[tag] / count, 4) for tag, count in tag_gold.most_common()
    }
    return result


def evaluate(
    paths: Sequence[Path],
    *,
    limit: int | None = None,
    topics: Iterable[int] | str | None = None,
    split: str | None = None,
    **_: Any,
) -> dict[str, Any]:
    records = ecbplus_records(paths, topics, split, limit, empty_code="E341")
    return score_detection(records)
