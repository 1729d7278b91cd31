"""Stage 5 (stories): articles grouped incrementally into developing stories.

    group_pending(store) -> list[Decision]   put every analyzed, ungrouped article in a story
    regroup(store) -> int                     forget computed stories, replay, re-apply overrides
    merge_stories(store, a, b) -> str         user override: one story (the older id is kept)
    split_story(store, story, articles) -> str  user override: these articles are another story
    list_stories(store) -> list[dict]         one summary row per story
    find_story(store, id_or_prefix) -> Story

The grouping rules live in ``storyline.stories.grouping``; storage in ``storyline.store.stories``;
timelines and conflicts (pure functions over canonical events) in ``storyline.stories.timeline``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..errors import StorylineError
from ..models import Article
from ..store import Store
from ..store.stories import (
    SqliteIndex,
    StoredOverride,
    add_story_override,
    article_entity_ids,
    clear_stories,
    list_story_overrides,
    load_stories,
    load_story,
    story_merges,
    ungrouped_articles,
)
from . import batch as batching
from . import grouping
from .batch import MIN_BATCH
from .consolidate import merge_similar_stories
from .grouping import ArticleFeatures, Decision, Story

__all__ = [
    "StoryError",
    "find_story",
    "group_pending",
    "list_stories",
    "merge_stories",
    "regroup",
    "split_story",
]


GROUP_BATCH = 500


class StoryError(StorylineError):
    code = "E250"


def article_day(article: Article) -> dt.date | None:
    """The publication day, else the middle of its estimated window."""
    if article.published_date is not None:
        return article.published_date
    estimate = article.published_estimate or {}
    try:
        earliest = dt.date.fromisoformat(str(estimate["earliest"])[:10])
        latest = dt.date.fromisoformat(str(estimate["latest"])[:10])
    except (KeyError, ValueError):
        return None
    return earliest + (latest - earliest) / 2


def article_features(store: Store, article: Article) -> ArticleFeatures:
    return grouping.features(
        article.id,
        article.text,
        entities=article_entity_ids(store, article.id),
        day=article_day(article),
        title=article.title,
    )


def group_pending(store: Store) -> list[Decision]:
    """Put every analyzed article that is in no story yet into one (committed).

    The pending articles are grouped ``GROUP_BATCH`` at a time, each batch clustered at once
    (``batch.group_batch``) before its clusters join the stories; then the stories the batch
    touched merge with the stories they turn out to be one with
    (``consolidate.merge_similar_stories``). A duplicate goes where its original is: a copy is
    the same report, not new evidence."""
    index = SqliteIndex(store)
    decisions: list[Decision] = []
    pending = ungrouped_articles(store)
    for first in range(0, len(pending), GROUP_BATCH):
        placed = len(decisions)
        ids = pending[first : first + GROUP_BATCH]
        in_batch = set(ids)
        copies: dict[str, Article] = {}
        batch: dict[str, ArticleFeatures] = {}
        for article_id in ids:
            article = store.get_article(article_id)
            if article is None:
                continue
            original = article.duplicate_of
            if original and (original in in_batch or index.story_of(original) is not None):
                copies[article_id] = article  # goes where its original goes, after it
            else:
                batch[article_id] = article_features(store, article)
        if len(batch) < MIN_BATCH:  # a stream: one article at a time, in arrival order
            for article_id in ids:
                if article_id in batch:
                    decisions.append(grouping.assign_article(index, batch[article_id]))
                elif article_id in copies:
                    decisions.append(_with_original(store, index, copies[article_id]))
        else:
            decisions.extend(batching.group_batch(index, list(batch.values())))
            decisions.extend(_with_original(store, index, copy) for copy in copies.values())
        merge_similar_stories(index, (d.story for d in decisions[placed:]))
        store.commit()  # commit as we go; memory stays flat on a large backlog
        index.clear_cache()
    return decisions


def _with_original(store: Store, index: SqliteIndex, article: Article) -> Decision:
    original_story = index.story_of(article.duplicate_of) if article.duplicate_of else None
    story = index.load_story(original_story) if original_story else None
    if story is None:
        return grouping.assign_article(index, article_features(store, article))
    story.articles.append(article.id)
    index.save_story(story, ())
    index.set_story_of(article.id, story.id)
    return Decision(article.id, story.id, 1.0, False)


def find_story(store: Store, story_id: str) -> Story:
    story = load_story(store, story_id)
    if story is None:
        raise StoryError(f"no story {story_id!r}; `storyline stories` lists them", code="E251")
    return story


def _apply(store: Store, index: SqliteIndex, override: StoredOverride) -> None:
    if override.action == "merge":
        stories = [index.story_of(a) for a in override.articles]
        present = [s for s in stories if s is not None]
        for other in present[1:]:
            kept = index.story_of(override.articles[0])
            if kept is not None and other != kept:
                grouping.merge_stories(index, kept, other, reason="user")
        return
    moving = [a for a in override.articles if index.story_of(a) is not None]
    if not moving:
        return
    source = index.story_of(moving[0])
    if source is None:
        return
    story = index.load_story(source)
    if story is None or sorted(story.articles) == sorted(moving):
        return
    members = {a: store.get_article(a) for a in story.articles}
    feats = {a: article_features(store, art) for a, art in members.items() if art is not None}
    new_id, left = grouping.split_story(index, moving, feats)
    index.keep_apart(new_id, left)


def merge_stories(store: Store, a: str, b: str) -> str:
    """Record that stories ``a`` and ``b`` are one story, and apply it; returns the kept id."""
    first, second = find_story(store, a), find_story(store, b)
    if first.id == second.id:
        return first.id
    add_story_override(store, "merge", [first.articles[0], second.articles[0]])
    index = SqliteIndex(store)
    kept = grouping.merge_stories(index, first.id, second.id, reason="user")
    store.commit()
    return kept


def split_story(store: Store, story_id: str, article_ids: Sequence[str]) -> str:
    """Record that ``article_ids`` of a story are a story of their own, and apply it; returns
    the new story's id. The two stories are kept apart from then on."""
    story = find_story(store, story_id)
    resolved = []
    for wanted in article_ids:
        match = [a for a in story.articles if a == wanted or a.startswith(wanted)]
        if len(match) != 1:
            raise StoryError(f"article {wanted!r} is not (uniquely) in story {story.id}", code="E252")
        resolved.append(match[0])
    if sorted(resolved) == sorted(story.articles):
        raise StoryError("a split must leave at least one article in the story", code="E253")
    add_story_override(store, "split", resolved, story.id)
    index = SqliteIndex(store)
    _apply(store, index, list_story_overrides(store)[-1])
    store.commit()
    new_id = index.story_of(resolved[0])
    assert new_id is not None
    return new_id


def regroup(store: Store) -> int:
    """Forget the computed stories, group every article again in arrival order, then re-apply
    the user's overrides in the order they were made. Returns the number of stories."""
    clear_stories(store)
    store.commit()
    group_pending(store)
    index = SqliteIndex(store)
    for override in list_story_overrides(store):
        _apply(store, index, override)
    store.commit()
    return len(load_stories(store))


# -- listing ------------------------------------------------------------------------------------


def story_title(story: Story, articles: Sequence[Article]) -> str:
    """The title of the most central article: the one whose words weigh most in the centroid."""
    best: tuple[float, str] | None = None
    for article in articles:
        if not article.title:
            continue
        words = grouping.term_weights(article.title)
        score = sum(story.terms.get(w, 0.0) for w in words) / (len(words) ** 0.5 or 1.0)
        if best is None or score > best[0]:
            best = (score, article.title)
    if best is not None:
        return best[1]
    top = sorted(story.terms, key=lambda t: -story.terms[t])[:4]
    return " ".join(top) or story.id


def _day_of(article: Article) -> str | None:
    day = article_day(article)
    return day.isoformat() if day else None


def story_summary(store: Store, story: Story) -> dict[str, Any]:
    from ..resolve.outlets import outlet_names

    articles = [a for a in (store.get_article(i) for i in story.articles) if a is not None]
    names = outlet_names(store)
    originals = [a for a in articles if a.duplicate_of is None]
    sources = {names.canonical(a.outlet) if a.outlet else a.id for a in originals}
    days = sorted(d for d in (_day_of(a) for a in articles) if d)
    newest = max(articles, key=lambda a: (_day_of(a) or "", a.id), default=None)
    return {
        "id": story.id,
        "title": story_title(story, articles),
        "articles": len(articles),
        "independent_sources": len(sources),
        "first_date": days[0] if days else None,
        "last_date": days[-1] if days else None,
        "latest_change": (f"{_day_of(newest) or '?'}: {newest.title or newest.id}" if newest else None),
        "article_ids": [a.id for a in articles],
        "merges": story_merges(store, story.id),
    }


def list_stories(store: Store) -> list[dict[str, Any]]:
    """One summary row per story, largest first."""
    rows = [story_summary(store, s) for s in load_stories(store)]
    rows.sort(key=lambda r: (-int(r["articles"]), str(r["first_date"] or ""), str(r["id"])))
    return rows


# -- timelines over canonical events ------------------------------------------------------------


def canonical_events(store: Store) -> list[dict[str, Any]]:
    """The store's canonical events (export shape), as the events stage last resolved them."""
    from ..store.events import load_events

    return load_events(store)


def story_document(store: Store, story_id: str, events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One story in the export shape: {id, title, articles, events, timeline, conflicts}."""
    from ..resolve.outlets import outlet_names
    from .timeline import conflicts_and_updates, story_timeline

    story = find_story(store, story_id)
    members = set(story.articles)
    all_events = canonical_events(store) if events is None else events
    mine = [e for e in all_events if members & {str(m.get("article")) for m in e.get("mentions") or []}]
    articles = [a.to_dict() for a in (store.get_article(i) for i in story.articles) if a is not None]
    citations = [c for article_id in story.articles for c in store.items("citations", article_id)]
    names = outlet_names(store)
    timeline = story_timeline(mine, articles, citations, canonical=names.canonical)
    return {
        "id": story.id,
        "title": story_title(story, [a for a in (store.get_article(i) for i in story.articles) if a]),
        "articles": story.articles,
        "events": [e.get("id") for e in mine],
        "timeline": timeline,
        "conflicts": conflicts_and_updates(mine, articles, citations, canonical=names.canonical),
        "merges": story_merges(store, story.id),
    }


def export_stories(store: Store) -> list[dict[str, Any]]:
    events = canonical_events(store)
    return [story_document(store, s.id, events) for s in load_stories(store)]
