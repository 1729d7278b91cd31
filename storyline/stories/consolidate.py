"""Stories that turn out to be one developing story are merged (issue 13, the grain of a stream).

Articles join stories one at a time, and a batch is clustered at the grain of one real-world
event (the pair model learned it on ECB+), so a developing story arrives in pieces: the swine flu
pandemic's cases in Scotland, the WHO's pandemic declaration, the vaccine orders. No article ties
two such pieces strongly enough to merge them (``grouping.MERGE_THRESHOLD``), yet the pieces,
taken whole, share their words and their actors. After each grouping step,
:func:`merge_similar_stories` compares every story the step touched with the stories near it in
time, and merges the pair when the two stories, as wholes, are alike:

* **similarity of two stories**: the cosine of their centroids over words only, with idf (numbers
  are left out: a developing story's figures change as it develops, case counts rise, while its
  words and actors stay), plus ``grouping.ENTITY_WEIGHT`` times the overlap of their entities
  (idf-weighted, each entity by the share of each story's articles that name it);
* **time**: both stories must be dated; within ``grouping.MAX_GAP_DAYS`` of each other the
  similarity must reach ``STORY_MERGE_THRESHOLD``; past it the bar rises in proportion to the
  gap (twice the threshold at twice the gap), and stories further apart than
  ``MAX_GAP_FACTOR`` times the gap never merge. Undated stories are never merged here: without
  dates nothing tells the next instance of a kind of event (the second heist, the next
  earthquake) from the same story developing;
* **blocking**: candidates come from the same inverted index as an article's (the story's
  strongest terms and its most named entities; the ``grouping.MAX_CANDIDATES`` stories sharing
  most keys), so a step costs the same in a store of any size;
* **stable ids and overrides**: the older story keeps its id and the merge is recorded (reason
  ``similar``); a story a user merged or split (``pinned``) is left as the user made it.

The threshold was chosen on tuning windows of Timeline17 (docs/stories.md): below 0.25 the swine
flu and financial crisis stories of June 2009 become one.
"""

from __future__ import annotations

from collections.abc import Iterable

from .grouping import (
    ARTICLE_TERMS,
    ENTITY_SHARE,
    ENTITY_WEIGHT,
    MAX_CANDIDATES,
    MAX_GAP_DAYS,
    MAX_POSTING,
    Merge,
    Story,
    StoryIndex,
    _entity_key,
    _idf,
    _posting_keys,
    absorb,
    unit_vector,
)

STORY_MERGE_THRESHOLD = 0.30  # story-story similarity that merges two dated stories
SINGLE_MERGE_THRESHOLD = 0.20  # the same when one of the two is a single article (sparser)
MAX_GAP_FACTOR = 2  # stories further apart than this many MAX_GAP_DAYS never merge
QUERY_ENTITIES = 40  # a story's most named entities used as candidate keys


def merge_similar_stories(index: StoryIndex, story_ids: Iterable[str]) -> list[Merge]:
    """Merge each of ``story_ids`` (the stories a grouping step touched) with the story most like
    it, while one is alike enough; a merged story is looked at again at once, and the others
    again in another round while a round merges any (a grown story may now be like one that
    was alone). Returns the merges."""
    n_docs = index.document_count()
    vectors: dict[str, dict[str, float]] = {}  # no document is counted while stories merge:
    idf: dict[str, float] = {}  # word vectors and entity idfs hold for the whole step
    touched = list(dict.fromkeys(story_ids))
    merges: list[Merge] = []
    merged = True
    while merged:
        merged = False
        pending = list(touched)
        while pending:
            story = index.load_story(pending.pop(0))
            if story is None or story.pinned or story.first_day is None:
                continue
            other = _most_similar(index, story, n_docs, vectors, idf)
            if other is None:
                continue
            older, merge = absorb(index, story, other, "similar")
            vectors.pop(merge.kept, None)
            vectors.pop(merge.absorbed, None)
            index.save_story(older, _posting_keys(older, n_docs, index))
            merges.append(merge)
            merged = True
            pending.insert(0, older.id)  # it changed: it may now be like another story
            touched.append(older.id)
        touched = [s for s in dict.fromkeys(touched) if index.load_story(s) is not None]
    return merges


def _most_similar(
    index: StoryIndex,
    story: Story,
    n_docs: int,
    vectors: dict[str, dict[str, float]],
    idf: dict[str, float],
) -> Story | None:
    vector = _word_vector(index, story, n_docs, vectors)
    top_terms = sorted(vector, key=lambda t: -vector[t])[:ARTICLE_TERMS]
    named = sorted(story.entities, key=lambda e: (-story.entities[e], e))[:QUERY_ENTITIES]
    hits = index.stories_posted(top_terms + [_entity_key(e) for e in named], MAX_POSTING, MAX_CANDIDATES)
    best: tuple[float, int, Story] | None = None
    for story_id, _ in hits.most_common(MAX_CANDIDATES):
        if story_id == story.id:
            continue
        other = index.load_story(story_id)
        if other is None or other.pinned or index.kept_apart(story.id, other.id):
            continue
        required = required_similarity(story, other)
        if required is None:
            continue
        cosine = _cosine(vector, _word_vector(index, other, n_docs, vectors))
        if cosine + ENTITY_WEIGHT < required:  # even all entities shared would not reach the bar
            continue
        similarity = cosine + ENTITY_WEIGHT * entity_overlap(story, other, index, n_docs, idf)
        if similarity >= required and (best is None or (similarity, -other.created) > best[:2]):
            best = (similarity, -other.created, other)
    return best[2] if best else None


def required_similarity(a: Story, b: Story) -> float | None:
    """The similarity two stories need to merge, from the days between their spans; None when
    they may not merge (either undated, or too far apart)."""
    if a.first_day is None or a.last_day is None or b.first_day is None or b.last_day is None:
        return None
    gap = max((a.first_day - b.last_day).days, (b.first_day - a.last_day).days, 0)
    if gap > MAX_GAP_FACTOR * MAX_GAP_DAYS:
        return None
    bar = SINGLE_MERGE_THRESHOLD if min(len(a.articles), len(b.articles)) == 1 else STORY_MERGE_THRESHOLD
    return bar * (1.0 + max(0, gap - MAX_GAP_DAYS) / MAX_GAP_DAYS)


def _word_vector(
    index: StoryIndex, story: Story, n_docs: int, cache: dict[str, dict[str, float]] | None = None
) -> dict[str, float]:
    """A story's centroid over words (numbers left out), idf-weighted and L2-normalized."""
    if cache is not None and story.id in cache:
        return cache[story.id]
    words = [t for t in story.terms if not t[0].isdigit()]
    df = index.document_frequencies(words)
    vector = unit_vector({t: story.terms[t] * _idf(n_docs, df.get(t, 0)) for t in words})
    if cache is not None:
        cache[story.id] = vector
    return vector


def _cosine(vector: dict[str, float], other: dict[str, float]) -> float:
    if len(other) < len(vector):
        vector, other = other, vector
    return sum(v * other.get(t, 0.0) for t, v in vector.items())


def entity_overlap(
    a: Story, b: Story, index: StoryIndex, n_docs: int, idf: dict[str, float] | None = None
) -> float:
    """Weighted Jaccard of two stories' entities: each entity weighs its idf times the share of a
    story's articles naming it (full from ``ENTITY_SHARE`` of them), shared mass over all mass.
    ``idf`` caches entity idfs across the calls of one merge step (no document is counted in it)."""
    if not a.entities or not b.entities:
        return 0.0
    known = idf if idf is not None else {}
    entities = set(a.entities) | set(b.entities)
    missing = [e for e in entities if e not in known]
    if missing:
        df = index.document_frequencies(_entity_key(e) for e in missing)
        known.update({e: _idf(n_docs, df.get(_entity_key(e), 0)) for e in missing})
    share_a = max(1.0, len(a.articles) * ENTITY_SHARE)
    share_b = max(1.0, len(b.articles) * ENTITY_SHARE)
    shared = total = 0.0
    for entity in entities:
        in_a = min(1.0, a.entities.get(entity, 0) / share_a)
        in_b = min(1.0, b.entities.get(entity, 0) / share_b)
        shared += known[entity] * min(in_a, in_b)
        total += known[entity] * max(in_a, in_b)
    return shared / total if total else 0.0
