"""``storyline evaluate quotes FILE...``: attributions scored on the PolNeAR format.

Each record: ``{id, text, attributions: [{source, cue, content: [{start, end, text}], ...}],
discard: [...]}`` (see ../shared/data/README.md). Matching is defined in docs/quotes.md:

- Our quote items are grouped into attributions by cue (items sharing a cue are one attribution,
  as PolNeAR annotates "“A,” she said. “B.”" with two content fragments); an item without a cue is
  an attribution of its own.
- Gold and predicted attributions are paired one to one, greedily by the largest character
  overlap of their content (whitespace and quote marks not counted); a pair needs an overlap.
- ``content_overlap``: the pairs. ``content_exact``: pairs whose contents are equal once quote
  marks, spaces and edge punctuation are stripped. ``source`` / ``cue``: pairs whose speaker /
  cue spans overlap the gold ones (precision over predictions that have one, recall over gold
  attributions that have one).
- ``quoted``: recall over gold attributions whose content starts and ends with a quote mark
  (``content_is_quoted``), precision over predictions to which the same test applies; both matched
  against everything, so a quoted prediction that pairs with any gold attribution is right.

The baseline is textacy's ``direct_quotations`` on the same parse; textacy is a test extra, so
it is imported lazily and reported as ``null`` with the reason when missing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..models import Article, Quote

_QUOTE_MARKS = set("“”\"«»„‘’`'")
_EDGE = " \t\n\u00a0,.;:“”\"«»„‘’`'—–-"


@dataclass(slots=True)
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    quoted: bool = False


_MEASURES = ("content_exact", "content_overlap", "source", "cue")


@dataclass(slots=True)
class _Counts:
    """True positives seen from the gold side (for recall) and from the predicted side (for
    precision): the two differ for the ``quoted`` subset, where each side has its own filter."""

    gold: int = 0
    predicted: int = 0
    gold_with: dict[str, int] = field(default_factory=dict)
    predicted_with: dict[str, int] = field(default_factory=dict)
    tp_gold: dict[str, int] = field(default_factory=dict)
    tp_predicted: dict[str, int] = field(default_factory=dict)

    def add(self, other: _Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        for mine, theirs in (
            (self.gold_with, other.gold_with),
            (self.predicted_with, other.predicted_with),
            (self.tp_gold, other.tp_gold),
            (self.tp_predicted, other.tp_predicted),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "predicted": self.predicted}
        for measure in _MEASURES:
            out[measure] = _prf(
                self.tp_predicted.get(measure, 0),
                self.predicted_with.get(measure, self.predicted),
                self.tp_gold.get(measure, 0),
                self.gold_with.get(measure, self.gold),
            )
        return out


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float | int]:
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp_r}


def read_records(paths: list[Path], limit: int | None = None) -> Iterator[dict[str, Any]]:
    count = 0
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if limit is not None and count >= limit:
                    return
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record["text"], str) or not isinstance(record["attributions"], list):
                        raise TypeError("text must be a string and attributions a list")
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise EvaluationError(
                        f"{path}:{number}: not a PolNeAR record ({exc}); see ../shared/data/README.md",
                        code="E303",
                    ) from exc
                count += 1
                yield record


def _spans(fragments: list[dict[str, Any]] | None) -> list[tuple[int, int]]:
    return [(int(f["start"]), int(f["end"])) for f in fragments or []]


def _is_quoted(text: str, spans: list[tuple[int, int]]) -> bool:
    """Content starting and ending with a quote mark (marks just outside the span count too)."""
    if not spans:
        return False
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    head = text[max(0, start - 1) : start + 1]
    tail = text[max(0, end - 2) : end + 1]
    return any(ch in _QUOTE_MARKS for ch in head) and any(ch in _QUOTE_MARKS for ch in tail)


def gold_attributions(record: dict[str, Any]) -> list[Attribution]:
    found = []
    for gold in record["attributions"]:
        content = _spans(gold.get("content"))
        if not content:
            continue
        quoted = gold.get("content_is_quoted")
        found.append(
            Attribution(
                content=content,
                source=_spans(gold.get("source")),
                cue=_spans(gold.get("cue")),
                quoted=bool(quoted) if quoted is not None else _is_quoted(record["text"], content),
            )
        )
    return found


def predicted_attributions(text: str, items: list[Quote]) -> list[Attribution]:
    groups: dict[tuple[int, int], Attribution] = {}
    for item in items:
        cue = item.cue
        key = (cue.start, cue.end) if cue else (-item.start - 1, item.end)
        group = groups.setdefault(key, Attribution(content=[], cue=[(cue.start, cue.end)] if cue else []))
        group.content.append((item.start, item.end))
        speaker = item.speaker
        if speaker and not group.source:
            group.source = [(speaker.start, speaker.end)]
    for group in groups.values():
        group.quoted = _is_quoted(text, group.content)
    return list(groups.values())


def _chars(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {
        i
        for s, e in spans
        for i in range(s, min(e, len(text)))
        if not text[i].isspace() and text[i] not in _QUOTE_MARKS
    }


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _normalized(text: str, spans: list[tuple[int, int]]) -> str:
    joined = " ".join(text[s:e] for s, e in sorted(spans))
    return " ".join(joined.strip(_EDGE).split()).lower()


def score_article(text: str, gold: list[Attribution], predicted: list[Attribution]) -> dict[str, _Counts]:
    """Counts for ``all`` and ``quoted`` attributions of one article (matching in the docstring)."""
    gold_chars = [_chars(text, g.content) for g in gold]
    pred_chars = [_chars(text, p.content) for p in predicted]
    pairs = []
    for gi, gc in enumerate(gold_chars):
        for pi, pc in enumerate(pred_chars):
            shared = len(gc & pc)
            if shared:
                pairs.append((shared / (len(gc) + len(pc)), gi, pi))
    pairs.sort(reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _score, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    inverse = {pi: gi for gi, pi in matched.items()}

    def hits(gi: int, pi: int) -> dict[str, bool]:
        g, p = gold[gi], predicted[pi]
        return {
            "content_overlap": True,
            "content_exact": _normalized(text, g.content) == _normalized(text, p.content),
            "source": bool(g.source and p.source and _overlaps(g.source, p.source)),
            "cue": bool(g.cue and p.cue and _overlaps(g.cue, p.cue)),
        }

    result = {"all": _Counts(), "quoted": _Counts()}
    for subset, counts in result.items():
        gold_in = [i for i, g in enumerate(gold) if subset == "all" or g.quoted]
        pred_in = [i for i, p in enumerate(predicted) if subset == "all" or p.quoted]
        counts.gold, counts.predicted = len(gold_in), len(pred_in)
        counts.gold_with = {
            "source": sum(1 for i in gold_in if gold[i].source),
            "cue": sum(1 for i in gold_in if gold[i].cue),
        }
        counts.predicted_with = {
            "source": sum(1 for i in pred_in if predicted[i].source),
            "cue": sum(1 for i in pred_in if predicted[i].cue),
        }
        for gi in gold_in:
            if gi in matched:
                for measure, ok in hits(gi, matched[gi]).items():
                    counts.tp_gold[measure] = counts.tp_gold.get(measure, 0) + ok
        for pi in pred_in:
            if pi in inverse:
                for measure, ok in hits(inverse[pi], pi).items():
                    counts.tp_predicted[measure] = counts.tp_predicted.get(measure, 0) + ok
    return result


def _textacy_attributions(doc: Any) -> list[Attribution]:
    from textacy.extract.triples import direct_quotations

    found = []
    for triple in direct_quotations(doc):
        content = [(triple.content[0].idx, triple.content[-1].idx + len(triple.content[-1].text))]
        speaker = [(t.idx, t.idx + len(t.text)) for t in triple.speaker]
        cue = [(t.idx, t.idx + len(t.text)) for t in triple.cue]
        source = [(speaker[0][0], speaker[-1][1])] if speaker else []
        found.append(
            Attribution(content=content, source=source, cue=cue, quoted=_is_quoted(doc.text, content))
        )
    return found


def evaluate(
    paths: list[Path], limit: int | None = None, baseline: bool = True, **_options: Any
) -> dict[str, Any]:
    from ..analyze import entities, quotes
    from ..analyze.nlp import get_nlp
    from ..analyze.pipeline import ArticleContext

    records = list(read_records(paths, limit))
    if not records:
        raise EvaluationError("no PolNeAR records found in the given files", code="E304")
    textacy_error: str | None = None
    if baseline:
        try:
            import textacy.extract.triples  # noqa: F401
        except ImportError as exc:
            textacy_error = f"textacy is not installed ({exc}); install the test extra"
    else:
        textacy_error = "baseline disabled"
    ours = {"all": _Counts(), "quoted": _Counts()}
    theirs = {"all": _Counts(), "quoted": _Counts()}
    textacy_gave_up = 0
    analysis_seconds = 0.0
    parse_seconds = 0.0
    nlp = get_nlp()
    for record in records:
        text = record["text"]
        began = time.perf_counter()
        doc = nlp(text)
        parse_seconds += time.perf_counter() - began
        article = Article(
            id=str(record.get("id")), source="<polnear>", text=text, published=record.get("publication_date")
        )
        ctx = ArticleContext(article=article, doc=doc)
        began = time.perf_counter()
        ctx.results["mentions"] = entities.analyze(ctx)
        items = quotes.analyze(ctx)
        analysis_seconds += time.perf_counter() - began
        gold = gold_attributions(record)
        for subset, counts in score_article(text, gold, predicted_attributions(text, items)).items():
            ours[subset].add(counts)
        if textacy_error is None:
            try:
                predicted = _textacy_attributions(doc)
            except ValueError:
                # textacy gives up on the whole article when it counts an odd number of quote marks.
                textacy_gave_up += 1
                predicted = []
            for subset, counts in score_article(text, gold, predicted).items():
                theirs[subset].add(counts)
    result: dict[str, Any] = {
        "task": "quotes",
        "articles": len(records),
        "ours": {subset: counts.report() for subset, counts in ours.items()},
        "textacy": None,
        "seconds": {"parse": round(parse_seconds, 2), "quotes_and_mentions": round(analysis_seconds, 2)},
    }
    if textacy_error is None:
        result["textacy"] = {subset: counts.report() for subset, counts in theirs.items()}
        result["textacy"]["articles_given_up"] = textacy_gave_up
    else:
        result["textacy_reason"] = textacy_error
    return result
