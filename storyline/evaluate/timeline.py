"""``storyline evaluate timeline ARTICLES TIMELINES``: timeline summarization on Timeline17.

ARTICLES: ``{id, topic, date, text}`` per line; TIMELINES: ``{topic, file, entries: [{date,
sentences}]}`` per line. The protocol is the one of ``news-tls`` (Gholipour Ghalandari & Ifrim,
ACL 2020): for each reference timeline, the article pool is its topic's (all timelines of a topic
share it), restricted to articles published and days falling between the reference's first and last
day; the system picks as many days as the reference has and, per day, ``round(mean sentences per
reference day)`` sentences. Scores (see ``tls_metrics``): date F1, alignment ROUGE-1/2 F1
(align+ m:1) and concat ROUGE-1/2 F1, per timeline and their mean over timelines.

Options: ``topics=a,b`` (only these topics), ``window=false`` (use the whole pool, not the
reference's span), ``cache=DIR`` (keep the dated sentences of each topic there), and the day-score
weights by name (``mentions=1.0``, ``soon_after=...``, ``published=...``, ``window_days=2``...).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections import defaultdict
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..stories.tls import DatedSentence, Weights, dated_sentences, summarize_timeline
from . import tls_metrics
from ._jsonl import numbered_records

_PTB = [
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"),
    (re.compile(r" (?=[,.;:!?%](?:\s|$))"), ""),
    (re.compile(r"``\s*|\s*''"), '"'),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"\s+\)"), ")"),
    (re.compile(r" (?='s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b)", re.IGNORECASE), ""),
    (re.compile(r"\$ (?=\d)"), "$"),
]


def detokenize(text: str) -> str:
    """Undo the PTB tokenization of Timeline17 ("Egypt 's", "-LRB-", "`` ''") line by line, so the
    time tagger sees ordinary text ("Jan. 25, 2011"). Lines (sentences) stay lines."""
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return text


def _day(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EvaluationError(f"{where}: {value!r} is not an ISO date", code="E313") from exc


def _load_articles(path: Path, topics: set[str] | None) -> dict[str, list[tuple[str, dt.date, str]]]:
    pools: dict[str, list[tuple[str, dt.date, str]]] = defaultdict(list)
    for number, record in numbered_records(path):
        if not {"id", "topic", "date", "text"} <= record.keys():
            raise EvaluationError(f"{path}:{number}: an article needs id, topic, date and text", code="E314")
        if topics and record["topic"] not in topics:
            continue
        pools[record["topic"]].append(
            (str(record["id"]), _day(record["date"], f"{path}:{number}"), detokenize(record["text"]))
        )
    return pools


def _load_timelines(path: Path, topics: set[str] | None) -> list[dict[str, Any]]:
    timelines = []
    for number, record in numbered_records(path):
        if not {"topic", "entries"} <= record.keys() or not record["entries"]:
            raise EvaluationError(f"{path}:{number}: a timeline needs topic and entries", code="E314")
        if topics and record["topic"] not in topics:
            continue
        # A day listed twice (Timeline17 has some) is one day whose summary is both lists.
        entries: dict[dt.date, list[str]] = defaultdict(list)
        for entry in record["entries"]:
            entries[_day(entry["date"], f"{path}:{number}")] += [str(s) for s in entry["sentences"]]
        timelines.append(
            {"topic": record["topic"], "name": record.get("file", str(number)), "entries": dict(entries)}
        )
    return timelines


def _topic_sentences(
    topic: str, articles: list[tuple[str, dt.date, str]], cache: Path | None
) -> list[DatedSentence]:
    cached = cache / f"{topic}.jsonl" if cache else None
    if cached and cached.exists():
        with cached.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        return [
            DatedSentence(
                r["article"],
                dt.date.fromisoformat(r["published"]),
                r["index"],
                r["start"],
                r["end"],
                r["text"],
                tuple(dt.date.fromisoformat(d) for d in r["days"]),
            )
            for r in rows
        ]
    sentences = [s for article, day, text in articles for s in dated_sentences(article, day, text)]
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("w", encoding="utf-8") as fh:
            for s in sentences:
                row = asdict(s)
                row["published"] = s.published.isoformat()
                row["days"] = [d.isoformat() for d in s.days]
                fh.write(json.dumps(row) + "\n")
    return sentences


def _weights(options: dict[str, Any]) -> Weights:
    names = {f.name: f.type for f in fields(Weights)}
    values: dict[str, Any] = {}
    for key, value in options.items():
        name = "window" if key == "window_days" else key
        if name not in names:
            raise EvaluationError(f"unknown option {key!r} for the timeline task", code="E315")
        values[name] = int(value) if names[name] == "int" else float(value)
    return Weights(**values)


def _flag(value: bool | str) -> bool:
    return value is True or str(value).lower() == "true"


def evaluate(
    paths: list[Path],
    limit: int | str | None = None,
    topics: str | None = None,
    window: bool | str = True,
    cache: str | None = None,
    **weight_options: Any,
) -> dict[str, Any]:
    """Score one system timeline per reference timeline (at most ``limit`` timelines)."""
    if len(paths) != 2:
        raise EvaluationError("the timeline task reads two files: ARTICLES TIMELINES", code="E316")
    wanted = {t.strip() for t in topics.split(",")} if topics else None
    weights = _weights(weight_options)
    pools = _load_articles(paths[0], wanted)
    references = _load_timelines(paths[1], wanted)
    if limit is not None:
        references = references[: int(limit)]
    dated: dict[str, list[DatedSentence]] = {}
    per_timeline: list[dict[str, Any]] = []
    for reference in references:
        topic = reference["topic"]
        if topic not in dated:
            dated[topic] = _topic_sentences(topic, pools.get(topic, []), Path(cache) if cache else None)
        entries: dict[dt.date, list[str]] = reference["entries"]
        n_dates = len(entries)
        per_day = round(statistics.mean(len(s) for s in entries.values()))
        span = (min(entries), max(entries)) if _flag(window) else (None, None)
        system = summarize_timeline(
            n_dates=n_dates,
            sentences_per_date=per_day,
            start=span[0],
            end=span[1],
            weights=weights,
            sentences=dated[topic],
        )
        predicted = {dt.date.fromisoformat(e["date"]): [s["text"] for s in e["sentences"]] for e in system}
        per_timeline.append(
            {
                "topic": topic,
                "timeline": reference["name"],
                "dates": n_dates,
                "sentences_per_date": per_day,
                **score_timeline(predicted, entries),
            }
        )
    return {
        "task": "timeline",
        "timelines": per_timeline,
        "mean": _mean(per_timeline),
        "weights": asdict(weights),
    }


def score_timeline(predicted: tls_metrics.Timeline, reference: tls_metrics.Timeline) -> dict[str, float]:
    """Date F1, alignment ROUGE-1/2 F1 and concat ROUGE-1/2 F1 of one predicted timeline."""
    align = tls_metrics.alignment_rouge(predicted, reference)
    return {
        "date_f1": round(tls_metrics.date_scores(predicted, reference)["f1"], 4),
        "align_rouge1_f1": round(align["rouge_1"]["f1"], 4),
        "align_rouge2_f1": round(align["rouge_2"]["f1"], 4),
        "concat_rouge1_f1": round(tls_metrics.concat_rouge(predicted, reference, 1)["f1"], 4),
        "concat_rouge2_f1": round(tls_metrics.concat_rouge(predicted, reference, 2)["f1"], 4),
    }


def _mean(rows: list[dict[str, Any]]) -> dict[str, float]:
    keys = ("date_f1", "align_rouge1_f1", "align_rouge2_f1", "concat_rouge1_f1", "concat_rouge2_f1")
    return {k: round(statistics.mean(r[k] for r in rows), 4) if rows else 0.0 for k in keys} | {
        "timelines": len(rows)
    }
