"""Timeline summarization: the days that matter in a collection of articles, and what happened on each.

``summarize_timeline(articles, n_dates, sentences_per_date)`` takes articles as (id, publication
day, text) and returns ``[{date, sentences: [{text, article, start, end}]}]`` in date order, with
``start``/``end`` character offsets into the article's text.

How (DATEWISE-style: rank days first, then summarize each day):

1. Every sentence is dated by storyline's time tagger: its time expressions of day granularity,
   resolved against the article's publication day ("on Tuesday" in a Thursday article).
2. A day's importance combines how many articles mention it, how many mention it in the few days
   after it (the reporting of an event clusters right after it; a day mentioned weeks later is
   usually background) and how many articles were published on it. Only days inside the window
   (``start``..``end``) compete.
3. A day's summary: the sentences that mention the day (and, when too few, the opening sentences
   of the articles published that day), ranked by TF-IDF cosine to their centroid, skipping
   near-duplicates of a sentence already in the timeline.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# The one import of the time tagger: move here if storyline.analyze.times moves.
from ..analyze.times import find_timexes

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')\]]*|\n|$)")


@dataclass(slots=True)
class DatedSentence:
    article: str
    published: dt.date
    index: int  # position of the sentence in its article
    start: int
    end: int
    text: str
    days: tuple[dt.date, ...] = ()


@dataclass(slots=True)
class Weights:
    """Weights of the day score (tuned on the Timeline17 tuning topics, see docs/timeline.md)."""

    mentions: float = 1.0  # log(1 + articles mentioning the day)
    soon_after: float = 0.0  # log(1 + articles published 0..``window`` days after it mentioning it)
    published: float = 0.5  # log(1 + articles published on the day)
    window: int = 2
    opening_sentences: int = 3  # opening sentences of same-day articles offered to the summarizer
    duplicate_cosine: float = 0.5
    max_words: int = 60  # very long sentences are page boilerplate or run-ons
    min_words: int = 5
    topic_relevance: float = 1.0  # weight of the cosine to the whole collection's centroid


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence offsets: one a line when the text is already split into lines, else a simple splitter."""
    spans: list[tuple[int, int]] = []
    if text.count("\n") >= 2:
        pos = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped:
                offset = pos + line.index(stripped)
                spans.append((offset, offset + len(stripped)))
            pos += len(line) + 1
        return spans
    for match in _SENTENCE.finditer(text):
        chunk = match.group().strip()
        if chunk:
            offset = match.start() + match.group().index(chunk)
            spans.append((offset, offset + len(chunk)))
    return spans


def day_mentions(text: str, published: dt.date) -> list[tuple[int, int, dt.date]]:
    """(start, end, day) of every time expression of ``text`` that names one calendar day."""
    found: list[tuple[int, int, dt.date]] = []
    for timex in find_timexes(text, published):
        if timex.type not in ("DATE", "TIME"):
            continue
        match = _DAY.match(timex.value)
        if match is None:
            continue
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        found.append((timex.start, timex.end, day))
    return found


def dated_sentences(article: str, published: dt.date, text: str) -> list[DatedSentence]:
    """The sentences of one article, each with the days it mentions."""
    mentions = day_mentions(text, published)
    result: list[DatedSentence] = []
    for index, (start, end) in enumerate(sentence_spans(text)):
        days = tuple(sorted({day for s, e, day in mentions if s >= start and e <= end}))
        result.append(DatedSentence(article, published, index, start, end, text[start:end], days))
    return result


def rank_days(
    sentences: Sequence[DatedSentence],
    start: dt.date | None = None,
    end: dt.date | None = None,
    weights: Weights | None = None,
) -> list[tuple[dt.date, float]]:
    """Candidate days, best first, with their scores."""
    w = weights or Weights()
    mentioned: dict[dt.date, set[str]] = defaultdict(set)
    soon: dict[dt.date, set[str]] = defaultdict(set)
    published: dict[dt.date, set[str]] = defaultdict(set)
    for sentence in sentences:
        published[sentence.published].add(sentence.article)
        for day in sentence.days:
            mentioned[day].add(sentence.article)
            if 0 <= (sentence.published - day).days <= w.window:
                soon[day].add(sentence.article)
    scores: list[tuple[dt.date, float]] = []
    for day in set(mentioned) | set(published):
        if (start and day < start) or (end and day > end):
            continue
        score = (
            w.mentions * math.log1p(len(mentioned[day]))
            + w.soon_after * math.log1p(len(soon[day]))
            + w.published * math.log1p(len(published[day]))
        )
        scores.append((day, score))
    scores.sort(key=lambda item: (-item[1], item[0]))
    return scores


def _fits(sentence: DatedSentence, w: Weights) -> bool:
    return w.min_words <= sentence.text.count(" ") + 1 <= w.max_words


def summarize_days(
    ranked_days: Sequence[dt.date],
    sentences: Sequence[DatedSentence],
    sentences_per_date: int,
    n_dates: int,
    weights: Weights | None = None,
) -> list[dict[str, Any]]:
    """The first ``n_dates`` days of ``ranked_days`` that have something to say, each with the
    ``sentences_per_date`` sentences closest to the centroid of its candidates, in date order.
    Days are summarized best first, so a better day keeps a sentence two days share."""
    w = weights or Weights()
    if not sentences or n_dates <= 0:
        return []
    mentioning: dict[dt.date, list[int]] = defaultdict(list)
    opening: dict[dt.date, list[int]] = defaultdict(list)
    for row, sentence in enumerate(sentences):
        if not _fits(sentence, w):
            continue
        for day in sentence.days:
            mentioning[day].append(row)
        if sentence.index < w.opening_sentences and sentence.published not in sentence.days:
            opening[sentence.published].append(row)
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([s.text for s in sentences])
    overall = _unit(np.asarray(matrix.mean(axis=0)).ravel())
    relevance = np.asarray(matrix @ overall).ravel()
    picked_rows: list[int] = []
    timeline: list[dict[str, Any]] = []
    for day in ranked_days:
        rows = mentioning.get(day, [])
        if len(rows) < 3:
            rows = rows + opening.get(day, [])
        if not rows:
            continue
        block = matrix[rows]
        centroid = _unit(np.asarray(block.mean(axis=0)).ravel())
        closeness = np.asarray(block @ centroid).ravel() + w.topic_relevance * relevance[rows]
        chosen: list[int] = []
        for position in np.argsort(-closeness, kind="stable"):
            row = rows[int(position)]
            if picked_rows and (matrix[picked_rows] @ matrix[row].T).max() >= w.duplicate_cosine:
                continue
            chosen.append(row)
            picked_rows.append(row)
            if len(chosen) >= sentences_per_date:
                break
        if chosen:
            timeline.append(
                {"date": day.isoformat(), "sentences": [_sentence_item(sentences[r]) for r in chosen]}
            )
            if len(timeline) >= n_dates:
                break
    timeline.sort(key=lambda entry: str(entry["date"]))
    return timeline


def _unit(vector: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _sentence_item(sentence: DatedSentence) -> dict[str, Any]:
    return {"text": sentence.text, "article": sentence.article, "start": sentence.start, "end": sentence.end}


def summarize_timeline(
    articles: Iterable[tuple[str, dt.date, str]] | None = None,
    n_dates: int = 10,
    sentences_per_date: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    weights: Weights | None = None,
    sentences: Sequence[DatedSentence] | None = None,
) -> list[dict[str, Any]]:
    """A timeline of at most ``n_dates`` days from ``articles`` (id, publication day, text), or from
    already dated ``sentences`` (to date a corpus once and summarize it many times). Only articles
    published and days falling inside ``start``..``end`` (when given) are used."""
    if sentences is None:
        sentences = [s for a, day, text in articles or () for s in dated_sentences(a, day, text)]
    sentences = [s for s in sentences if not ((start and s.published < start) or (end and s.published > end))]
    days = [day for day, _score in rank_days(sentences, start, end, weights)]
    return summarize_days(days, sentences, sentences_per_date, n_dates, weights)
