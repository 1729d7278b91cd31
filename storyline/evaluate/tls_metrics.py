"""Timeline summarization metrics: date F1 and ROUGE-N F1 (concat and alignment-based).

The definitions follow the ``news-tls`` evaluation (Gholipour Ghalandari & Ifrim, ACL 2020), which
scores with ``tilse`` (Martschat & Markert, EACL 2017). A timeline here is a mapping from a day to
its summary, a list of sentences.

- **Date F1**: the predicted days as a set against the reference days as a set.
- **Concat ROUGE-N**: all sentences of each timeline pooled; precision = clipped n-gram hits /
  predicted n-grams, recall = hits / reference n-grams.
- **Alignment ROUGE-N** (tilse ``align_date_content_costs_many_to_one``, "align+ m:1"): for
  precision each predicted day is aligned to the reference day of least cost, cost = date factor x
  content factor with date factor ``1 - 1/(|d_p - d_r| + 1)`` and content factor ``1 - ROUGE-1
  F1`` (an approximation on plain tokens); the hits of the aligned pair are discounted by
  ``1/(|d_p - d_r| + 1)`` and summed over days, over the predicted n-grams. Recall aligns every
  reference day to its least-cost predicted day the same way, over the reference n-grams.

Tokens, as close as we get to tilse's ROUGE-1.5.5 settings (stemming on, stop words removed):
lowercase runs of ``[a-z0-9]``, English stop words removed (scikit-learn's list, not ROUGE's SMART
list), Porter-stemmed (``_porter``, words longer than three letters); n-grams never cross a
sentence boundary. The alignment's content approximation uses lowercase tokens with stop words
kept and no stemming (tilse uses the raw whitespace tokens there).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ._porter import stem

Timeline = Mapping[dt.date, Sequence[str]]

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(sentence: str, drop_stop_words: bool = True, stemmed: bool = True) -> list[str]:
    """ROUGE tokens: lowercase alphanumeric runs, stop words dropped, then Porter-stemmed."""
    words = _TOKEN.findall(sentence.lower())
    if drop_stop_words:
        words = [w for w in words if w not in ENGLISH_STOP_WORDS]
    return [stem(w) for w in words] if stemmed else words


def ngram_counts(sentences: Iterable[str], n: int) -> Counter[tuple[str, ...]]:
    """Every n-gram of every sentence (none across a sentence boundary)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for sentence in sentences:
        words = tokens(sentence)
        counts.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return counts


def _hits(predicted: Counter[tuple[str, ...]], reference: Counter[tuple[str, ...]]) -> int:
    return sum(min(count, reference[gram]) for gram, count in predicted.items() if gram in reference)


def f_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf(hits_p: float, denom_p: float, hits_r: float, denom_r: float) -> dict[str, float]:
    precision = hits_p / denom_p if denom_p else 0.0
    recall = hits_r / denom_r if denom_r else 0.0
    return {"precision": precision, "recall": recall, "f1": f_score(precision, recall)}


def date_scores(predicted: Iterable[dt.date], reference: Iterable[dt.date]) -> dict[str, float]:
    pred, ref = set(predicted), set(reference)
    shared = len(pred & ref)
    return _prf(shared, len(pred), shared, len(ref))


def concat_rouge(predicted: Timeline, reference: Timeline, n: int) -> dict[str, float]:
    pred = ngram_counts((s for day in sorted(predicted) for s in predicted[day]), n)
    ref = ngram_counts((s for day in sorted(reference) for s in reference[day]), n)
    hits = _hits(pred, ref)
    return _prf(hits, sum(pred.values()), hits, sum(ref.values()))


def _approx_rouge1(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-1 F1 on stop-word-kept tokens: the content part of the alignment cost."""
    pred = Counter(w for s in predicted for w in tokens(s, drop_stop_words=False, stemmed=False))
    ref = Counter(w for s in reference for w in tokens(s, drop_stop_words=False, stemmed=False))
    match = sum(min(c, ref[w]) for w, c in pred.items())
    p = match / sum(pred.values()) if pred else 0.0
    r = match / sum(ref.values()) if ref else 0.0
    return f_score(p, r)


def _day_weight(a: dt.date, b: dt.date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def alignment_rouge(
    predicted: Timeline, reference: Timeline, ns: Sequence[int] = (1, 2)
) -> dict[str, dict[str, float]]:
    """Alignment-based ROUGE-N (many-to-one, date and content costs) for each n in ``ns``."""
    pred_days, ref_days = sorted(predicted), sorted(reference)
    if not pred_days or not ref_days:
        return {f"rouge_{n}": _prf(0, 0, 0, 0) for n in ns}
    cost: dict[tuple[dt.date, dt.date], float] = {}
    for p in pred_days:
        for r in ref_days:
            content = 1 - _approx_rouge1(predicted[p], reference[r])
            cost[(p, r)] = (1 - _day_weight(p, r)) * content
    # min() keeps the first minimum in date order, as numpy's argmin over sorted days does.
    pred_to_ref = {p: min(ref_days, key=lambda r: cost[(p, r)]) for p in pred_days}
    ref_to_pred = {r: min(pred_days, key=lambda p: cost[(p, r)]) for r in ref_days}
    result: dict[str, dict[str, float]] = {}
    for n in ns:
        pred_grams = {p: ngram_counts(predicted[p], n) for p in pred_days}
        ref_grams = {r: ngram_counts(reference[r], n) for r in ref_days}
        hits_p = sum(_day_weight(p, r) * _hits(pred_grams[p], ref_grams[r]) for p, r in pred_to_ref.items())
        hits_r = sum(_day_weight(p, r) * _hits(pred_grams[p], ref_grams[r]) for r, p in ref_to_pred.items())
        denom_p = sum(sum(c.values()) for c in pred_grams.values())
        denom_r = sum(sum(c.values()) for c in ref_grams.values())
        result[f"rouge_{n}"] = _prf(hits_p, denom_p, hits_r, denom_r)
    return result
