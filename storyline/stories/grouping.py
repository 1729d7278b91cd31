"""Incremental grouping of articles into developing stories.

One article at a time (in stream order), :func:`assign_article` either adds it to the most
similar existing story or starts a new one. Evidence is text similarity (TF-IDF cosine of the
article against the story's centroid, with document frequencies counted as articles arrive),
shared entities (idf-weighted overlap) and time (a story does not take an article dated far
outside its span). Nothing is ever re-clustered from scratch:

* candidates come from an inverted index (story postings of each story's top TF-IDF terms and
  of its entities) and are capped, so adding an article costs the same in a store of 100 or
  20,000 articles (never all pairs);
* a story id is made from the id of its first article and never changes; when one article ties
  two stories strongly, the younger story is absorbed by the older, which keeps its id and
  records the merge;
* user overrides (merge, split) pin what they touch: split-off stories never merge back
  automatically, and :func:`apply_overrides` re-applies them after a regroup.

The index lives behind :class:`StoryIndex`: :class:`MemoryIndex` here (evaluation, tests) and
``storyline.store.stories.SqliteIndex`` for the store. Both hold only what a single article's
decision needs to read.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# Tuned on ECB+ train topics only (docs/stories.md has the sweep and the figures).
JOIN_THRESHOLD = 0.3  # combined similarity needed to join a story
MERGE_THRESHOLD = 0.45  # an article this close to two stories merges them
ENTITY_WEIGHT = 0.3  # weight of the entity overlap next to the text cosine
ENTITY_SHARE = 0.5  # an entity in this share of a story's articles counts fully
MAX_GAP_DAYS = 21  # an article dated this far outside a story's span does not join it
ARTICLE_TERMS = 40  # top TF-IDF terms of an article used as its query
STORY_TERMS = 300  # terms kept in a story centroid
POSTING_TERMS = 40  # top centroid terms a story is indexed under
MAX_POSTING = 400  # a key posted by more stories than this says nothing about any of them
MAX_CANDIDATES = 25  # stories scored in full per article
NEAR_DAYS = 3  # a dated article this close to a story's span ...
NEAR_BONUS = 0.05  # ... gets this much more similarity (ECB+ has no dates: not tuned there)
TITLE_WEIGHT = 2.0  # a title word counts as this many body words
NAME_BOOST = 1.0  # a name weighs this much more than a common word (1.5-3 lowered ECB+ train)
NUMBER_BOOST = 3.0  # a number (year, amount, score) weighs this much more

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|\d+\.\d+|\d+-\d+|\d{3,}")
_NEWS_STOP = {"said", "says", "say", "told", "mr", "ms", "mrs", "new", "year"}


@functools.cache
def _stop_words() -> frozenset[str]:
    """English stop words (scikit-learn's list, loaded on first use: importing scikit-learn costs
    most of a second, which read-only commands should not pay) plus news verbs."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP


# -- article features ---------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFeatures:
    """What grouping reads of an article: its words, its entities and its day."""

    id: str
    terms: dict[str, float]  # sublinear term weights, L2-normalized (idf comes from the index)
    entities: frozenset[str]  # canonical entity ids (store) or folded names (evaluation)
    day: dt.date | None = None
    title: str | None = None
    years: frozenset[int] = frozenset()  # years that decide: disjoint ones never join (opt-in)
    dated: frozenset[int] = frozenset()  # years the text gives with a month (pair evidence)
    mentioned: frozenset[int] = frozenset()  # every year the text names (pair evidence)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"((?:19[89]|20[0-4])\d)"
_DATED_YEAR = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}\b"  # March 4, 2009
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*{_YEAR}\b"  # 4 March 2009
    rf"|\b{_MONTH}\s*,?\s*{_YEAR}\b"  # March 2009
    rf"|/\s*{_YEAR}\s*/\s*\d{{1,2}}\s*/",  # a URL's /2009/03/
    re.IGNORECASE,
)


def dated_years(text: str) -> frozenset[int]:
    """Years the text gives with a month (a dateline, "on March 4, 2009", a URL's /2009/03/).

    For an article without a publication date these stand in for its time: two reports that
    date what they tell in different years are about different real-world events. Years named
    alone ("since 2001") are left out: they are background far more often than the news."""
    years: set[int] = set()
    for match in _DATED_YEAR.finditer(text):
        years.update(int(g) for g in match.groups() if g)
    return frozenset(years)


def term_weights(text: str, title: str | None = None) -> dict[str, float]:
    """Sublinear (1 + log tf) weights of content words, L2-normalized; title words count more.

    Names and numbers count more than common words (``NAME_BOOST``, ``NUMBER_BOOST``): two
    reports of one kind of event (two heists in one city) share the common words, and what
    tells their real-world instances apart is who, where and how much. A word is a name when it
    is capitalized more often than not where it does not start a sentence."""
    counts: dict[str, float] = {}
    capitalized: Counter[str] = Counter()
    lowered: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if len(word) <= 2 or word in _stop_words():
            continue
        counts[word] = counts.get(word, 0.0) + 1.0
        if _starts_sentence(text, match.start()):
            continue
        if match.group()[0].isupper():
            capitalized[word] += 1
        else:
            lowered[word] += 1
    if title:
        for word in _WORD.findall(title.lower()):
            if len(word) > 2 and word not in _stop_words():
                counts[word] = counts.get(word, 0.0) + TITLE_WEIGHT
    weights: dict[str, float] = {}
    for word, count in counts.items():
        boost = 1.0
        if word[0].isdigit():
            boost = NUMBER_BOOST
        elif capitalized[word] > lowered[word]:
            boost = NAME_BOOST
        weights[word] = (1.0 + math.log(count)) * boost
    return unit_vector(weights)


def unit_vector(weights: dict[str, float]) -> dict[str, float]:
    """``weights`` scaled to length 1 (an empty or zero vector as it is)."""
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {t: v / norm for t, v in weights.items()}


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, a sentence or a line (capitalized anyway)."""
    before = text[max(0, start - 4) : start].rstrip(" \t\"'“‘(«")
    return not before or before[-1] in ".!?:\n"


MENTIONED_YEAR = re.compile(r"(?<![\d.,])(19[89]\d|20[0-3]\d)(?![\d.,])")


def mentioned_years(text: str) -> frozenset[int]:
    """Every year the text names (1980-2039), with or without a month."""
    return frozenset(int(y) for y in MENTIONED_YEAR.findall(text))


def features(
    article_id: str,
    text: str,
    *,
    entities: Iterable[str] = (),
    day: dt.date | None = None,
    title: str | None = None,
    years: Iterable[int] = (),
) -> ArticleFeatures:
    return ArticleFeatures(
        article_id,
        term_weights(text, title),
        frozenset(entities),
        day,
        title,
        frozenset(years),
        dated_years(text),
        mentioned_years(text),
    )


# -- stories ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Story:
    id: str
    created: int  # arrival number of its first article: older stories have smaller numbers
    articles: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)  # summed article term weights
    entities: dict[str, int] = field(default_factory=dict)  # entity -> articles mentioning it
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    pinned: bool = False  # made or touched by a user override
    years: dict[int, int] = field(default_factory=dict)  # year its articles date things in -> articles

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created,
            "articles": self.articles,
            "terms": self.terms,
            "entities": self.entities,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "pinned": self.pinned,
            "years": {str(y): n for y, n in self.years.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=data["id"],
            created=int(data["created"]),
            articles=list(data["articles"]),
            terms=dict(data["terms"]),
            entities=dict(data["entities"]),
            first_day=dt.date.fromisoformat(data["first_day"]) if data.get("first_day") else None,
            last_day=dt.date.fromisoformat(data["last_day"]) if data.get("last_day") else None,
            pinned=bool(data.get("pinned")),
            years={int(y): int(n) for y, n in (data.get("years") or {}).items()},
        )

    def absorb(self, art: ArticleFeatures) -> None:
        self.articles.append(art.id)
        for term, weight in art.terms.items():
            self.terms[term] = self.terms.get(term, 0.0) + weight
        self._bound_terms()
        for entity in art.entities:
            self.entities[entity] = self.entities.get(entity, 0) + 1
        if art.day is not None:
            self.first_day = min(self.first_day or art.day, art.day)
            self.last_day = max(self.last_day or art.day, art.day)
        for year in art.years:
            self.years[year] = self.years.get(year, 0) + 1

    def _bound_terms(self) -> None:
        if len(self.terms) > STORY_TERMS * 2:  # keep the centroid bounded
            kept = sorted(self.terms.items(), key=lambda kv: -kv[1])[:STORY_TERMS]
            self.terms = dict(kept)

    def absorb_story(self, other: Story) -> None:
        self.articles.extend(a for a in other.articles if a not in self.articles)
        for term, weight in other.terms.items():
            self.terms[term] = self.terms.get(term, 0.0) + weight
        for entity, n in other.entities.items():
            self.entities[entity] = self.entities.get(entity, 0) + n
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d]
        if days:
            self.first_day, self.last_day = min(days), max(days)
        self.pinned = self.pinned or other.pinned
        for year, n in other.years.items():
            self.years[year] = self.years.get(year, 0) + n


def story_id_for(first_article: str) -> str:
    """Stable: the same first article always gives the same story id."""
    return "S" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Merge:
    kept: str
    absorbed: str
    reason: str
    article: str | None = None  # the article that tied the two stories, for automatic merges


class StoryIndex(Protocol):
    """Where stories, document frequencies and postings live (memory or the store)."""

    def document_count(self) -> int: ...
    def document_frequencies(self, keys: Iterable[str]) -> dict[str, int]: ...
    def count_document(self, keys: Iterable[str]) -> None: ...
    def stories_posted(
        self, keys: Sequence[str], max_posting: int, limit: int | None = None
    ) -> Counter[str]: ...
    def load_story(self, story_id: str) -> Story | None: ...
    def save_story(self, story: Story, posting_keys: Iterable[str]) -> None: ...
    def drop_story(self, story_id: str) -> None: ...
    def record_merge(self, merge: Merge) -> None: ...
    def next_arrival(self) -> int: ...
    def story_of(self, article_id: str) -> str | None: ...
    def set_story_of(self, article_id: str, story_id: str) -> None: ...
    def kept_apart(self, a: str, b: str) -> bool: ...


def _entity_key(entity: str) -> str:
    return "e:" + entity


def _idf(n_docs: int, df: int) -> float:
    return math.log((1 + n_docs) / (1 + df)) + 1.0


@dataclass(frozen=True, slots=True)
class Decision:
    article: str
    story: str
    score: float
    new_story: bool
    merged: tuple[str, ...] = ()


def assign_article(index: StoryIndex, art: ArticleFeatures) -> Decision:
    """Add one article to its story (an existing one or a new one) and return the decision."""
    existing = index.story_of(art.id)
    if existing is not None:
        return Decision(art.id, existing, 1.0, False)
    count_article(index, art)
    return assign_cluster(index, [art])[0]


def count_article(index: StoryIndex, art: ArticleFeatures) -> None:
    """Count an article's terms and entities into the document frequencies (once, before any
    decision about it)."""
    index.count_document(list(art.terms) + [_entity_key(e) for e in art.entities])


def assign_cluster(
    index: StoryIndex, arts: Sequence[ArticleFeatures], apart: Collection[str] = ()
) -> list[Decision]:
    """Put articles that belong together (counted, in no story yet) into one story: the existing
    story most like all of them (never one of ``apart``: the stories the other clusters of the
    same batch started, which the batch clustering already kept apart from this one), or a new
    one named after the first. Returns one decision each."""
    n_docs = index.document_count()
    keys = {t for a in arts for t in a.terms} | {_entity_key(e) for a in arts for e in a.entities}
    df = index.document_frequencies(keys)
    idf = {k: _idf(n_docs, df.get(k, 0)) for k in keys}
    summed: dict[str, float] = {}
    for art in arts:
        for t, v in unit_vector({t: w * idf[t] for t, w in art.terms.items()}).items():
            summed[t] = summed.get(t, 0.0) + v
    query = unit_vector(summed)
    days = sorted(a.day for a in arts if a.day is not None)
    unit = ArticleFeatures(
        arts[0].id,
        query,
        frozenset(e for a in arts for e in a.entities),
        days[len(days) // 2] if days else None,
        arts[0].title,
        frozenset(y for a in arts for y in a.years),
    )
    top_terms = [t for t, _ in sorted(query.items(), key=lambda kv: -kv[1])[:ARTICLE_TERMS]]
    entity_keys = sorted(_entity_key(e) for e in unit.entities)
    hits = index.stories_posted(top_terms + entity_keys, MAX_POSTING, MAX_CANDIDATES)
    scored: list[tuple[float, Story]] = []
    for story_id, _ in hits.most_common(MAX_CANDIDATES):
        if story_id in apart:
            continue
        story = index.load_story(story_id)
        if story is None or not _in_time(story, unit.day) or _years_conflict(story, unit):
            continue
        near = _gap_days(story, unit.day)
        bonus = NEAR_BONUS if near is not None and near <= NEAR_DAYS else 0.0
        scored.append((_similarity(query, unit, story, n_docs, index) + bonus, story))
    scored.sort(key=lambda pair: (-pair[0], pair[1].created))
    arrival = index.next_arrival()
    if not scored or scored[0][0] < JOIN_THRESHOLD:
        story = Story(id=story_id_for(arts[0].id), created=arrival)
        for art in arts:
            story.absorb(art)
            index.set_story_of(art.id, story.id)
        index.save_story(story, _posting_keys(story, n_docs, index))
        score = scored[0][0] if scored else 0.0
        return [Decision(a.id, story.id, score, True) for a in arts]
    best_score, best = scored[0]
    ties = [s for score, s in scored[1:] if score >= MERGE_THRESHOLD and best_score >= MERGE_THRESHOLD]
    merged: list[str] = []
    for other in ties:
        if index.kept_apart(best.id, other.id) or _stories_conflict(best, other):
            continue
        best, merge = absorb(index, best, other, "automatic", arts[0].id)
        merged.append(merge.absorbed)
    for art in arts:
        best.absorb(art)
        index.set_story_of(art.id, best.id)
    index.save_story(best, _posting_keys(best, n_docs, index))
    return [Decision(a.id, best.id, best_score, False, tuple(merged)) for a in arts]


def _gap_days(story: Story, day: dt.date | None) -> int | None:
    """Days between a date and a story's span (0 inside it); None when either is undated."""
    if day is None or story.first_day is None or story.last_day is None:
        return None
    return max((story.first_day - day).days, (day - story.last_day).days, 0)


def _in_time(story: Story, day: dt.date | None) -> bool:
    gap = _gap_days(story, day)
    return gap is None or gap <= MAX_GAP_DAYS


def _years_conflict(story: Story, art: ArticleFeatures) -> bool:
    """An article that dates its news in other years than the story's articles do is another
    event (only when both give years; a publication date, when there is one, decides instead)."""
    if not art.years or not story.years or art.day is not None:
        return False
    return not any(y in story.years for y in art.years)


def _stories_conflict(a: Story, b: Story) -> bool:
    """Two stories whose articles date their news in disjoint years are not merged."""
    if not a.years or not b.years or a.first_day or b.first_day:
        return False
    return not any(y in b.years for y in a.years)


def _similarity(
    query: dict[str, float], art: ArticleFeatures, story: Story, n_docs: int, index: StoryIndex
) -> float:
    df = index.document_frequencies(list(story.terms) + [_entity_key(e) for e in story.entities])
    centroid = {t: w * _idf(n_docs, df.get(t, 0)) for t, w in story.terms.items()}
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    cosine = sum(v * centroid.get(t, 0.0) for t, v in query.items()) / norm
    if not art.entities or not story.entities:
        return cosine
    # Entity overlap: idf mass of the article's entities that the story already knows.
    size = len(story.articles)
    weights = {e: _idf(n_docs, df.get(_entity_key(e), 0)) for e in art.entities}
    shared = sum(
        w * min(1.0, story.entities.get(e, 0) / max(1.0, size * ENTITY_SHARE)) for e, w in weights.items()
    )
    overlap = shared / (sum(weights.values()) or 1.0)
    return cosine + ENTITY_WEIGHT * overlap


def _posting_keys(story: Story, n_docs: int, index: StoryIndex) -> list[str]:
    df = index.document_frequencies(story.terms)
    ranked = sorted(story.terms, key=lambda t: -story.terms[t] * _idf(n_docs, df.get(t, 0)))
    return ranked[:POSTING_TERMS] + [_entity_key(e) for e in story.entities]


# -- overrides ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryOverride:
    """``merge``: the story holding ``articles[1:]``'s first article joins the one holding
    ``articles[0]``. ``split``: ``articles`` leave their story for a story of their own."""

    action: str  # merge | split
    articles: tuple[str, ...]
    story: str | None = None  # the split-off story's id


def absorb(
    index: StoryIndex, a: Story, b: Story, reason: str, article: str | None = None
) -> tuple[Story, Merge]:
    """The older of two stories takes the younger's articles; the younger is dropped and the
    merge recorded. Returns the kept story and the merge (postings are the caller's to save)."""
    older, younger = (a, b) if a.created <= b.created else (b, a)
    older.absorb_story(younger)
    for article_id in younger.articles:
        index.set_story_of(article_id, older.id)
    index.drop_story(younger.id)
    merge = Merge(older.id, younger.id, reason, article)
    index.record_merge(merge)
    return older, merge


def merge_stories(index: StoryIndex, a: str, b: str, reason: str = "user") -> str:
    """Merge two stories; the older keeps its id. Returns the kept id."""
    first, second = index.load_story(a), index.load_story(b)
    if first is None or second is None or first.id == second.id:
        return a
    older, _merge = absorb(index, first, second, reason)
    older.pinned = True
    n_docs = index.document_count()
    index.save_story(older, _posting_keys(older, n_docs, index))
    return older.id


def split_story(
    index: StoryIndex, article_ids: Sequence[str], features_of: dict[str, ArticleFeatures]
) -> tuple[str, str]:
    """Move ``article_ids`` out of their story into a pinned story of their own.

    Returns (split-off story id, story they left). Both stories are rebuilt from their members'
    features, so their centroids and postings describe what they now hold."""
    source_id = index.story_of(article_ids[0])
    if source_id is None:
        raise KeyError(article_ids[0])
    source = index.load_story(source_id)
    assert source is not None
    moving = [a for a in source.articles if a in set(article_ids)]
    staying = [a for a in source.articles if a not in set(article_ids)]
    new_id = story_id_for("split:" + ",".join(sorted(moving)))
    n_docs = index.document_count()
    rebuilt_source = Story(id=source.id, created=source.created, pinned=True)
    for article_id in staying:
        rebuilt_source.absorb(features_of[article_id])
    fresh = Story(id=new_id, created=index.next_arrival(), pinned=True)
    for article_id in moving:
        fresh.absorb(features_of[article_id])
        index.set_story_of(article_id, new_id)
    if staying:
        index.save_story(rebuilt_source, _posting_keys(rebuilt_source, n_docs, index))
    else:
        index.drop_story(source.id)
    index.save_story(fresh, _posting_keys(fresh, n_docs, index))
    return new_id, source.id


# -- in-memory index ----------------------------------------------------------------------------


class MemoryIndex:
    """A :class:`StoryIndex` in dictionaries (evaluation and tests)."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.df: Counter[str] = Counter()
        self.postings: dict[str, dict[str, None]] = {}
        self.stories: dict[str, Story] = {}
        self.membership: dict[str, str] = {}
        self.merges: list[Merge] = []
        self.apart: set[frozenset[str]] = set()
        self.arrivals = 0

    def document_count(self) -> int:
        return self.n_docs

    def document_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        return {k: self.df[k] for k in keys if k in self.df}

    def count_document(self, keys: Iterable[str]) -> None:
        self.n_docs += 1
        self.df.update(set(keys))

    def stories_posted(self, keys: Sequence[str], max_posting: int, limit: int | None = None) -> Counter[str]:
        hits: Counter[str] = Counter()
        for key in keys:
            posted = self.postings.get(key)
            if posted and len(posted) <= max_posting:
                hits.update(s for s in posted if s in self.stories)
        return hits

    def load_story(self, story_id: str) -> Story | None:
        return self.stories.get(story_id)

    def save_story(self, story: Story, posting_keys: Iterable[str]) -> None:
        self.stories[story.id] = story
        for key in posting_keys:
            self.postings.setdefault(key, {})[story.id] = None

    def drop_story(self, story_id: str) -> None:
        self.stories.pop(story_id, None)

    def record_merge(self, merge: Merge) -> None:
        self.merges.append(merge)

    def next_arrival(self) -> int:
        self.arrivals += 1
        return self.arrivals

    def story_of(self, article_id: str) -> str | None:
        return self.membership.get(article_id)

    def set_story_of(self, article_id: str, story_id: str) -> None:
        self.membership[article_id] = story_id

    def kept_apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.apart

    def keep_apart(self, a: str, b: str) -> None:
        self.apart.add(frozenset((a, b)))

    def clusters(self) -> Iterator[tuple[str, list[str]]]:
        for story_id, story in self.stories.items():
            yield story_id, list(story.articles)


def group_all(
    articles: Iterable[ArticleFeatures], index: StoryIndex | None = None
) -> MemoryIndex | StoryIndex:
    """Feed ``articles`` in order through :func:`assign_article`; return the index."""
    target: StoryIndex = index if index is not None else MemoryIndex()
    for art in articles:
        assign_article(target, art)
    return target
