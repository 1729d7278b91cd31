"""Storage of stories: membership, centroids, the blocking index, merges and user overrides.

``SqliteIndex`` is the store-backed ``storyline.stories.grouping.StoryIndex``: every method
reads or writes a bounded number of indexed rows, so adding an article costs the same however
many the store holds. Stories and membership are written incrementally; overrides are the
user's and survive ``regroup`` (which clears everything else and replays the articles).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .sqlite import Store

if TYPE_CHECKING:  # the grouping package imports this module; its types are needed only here
    from ..stories.grouping import Merge, Story


def _story_from(data: str) -> Story:
    from ..stories.grouping import Story

    return Story.from_dict(json.loads(data))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SqliteIndex:
    """A ``StoryIndex`` over the store's story tables (uncommitted; the caller commits)."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self._cache: dict[str, Story] = {}

    def clear_cache(self) -> None:
        """Forget the stories read so far (a long run keeps memory flat by calling this per batch)."""
        self._cache.clear()

    def _meta_int(self, key: str) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _bump(self, key: str) -> int:
        value = self._meta_int(key) + 1
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value)))
        return value

    def document_count(self) -> int:
        return self._meta_int("story_documents")

    def document_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(keys))
        out: dict[str, int] = {}
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            marks = ",".join("?" * len(chunk))
            for key, df in self.conn.execute(f"SELECT key, df FROM story_df WHERE key IN ({marks})", chunk):
                out[key] = int(df)
        return out

    def count_document(self, keys: Iterable[str]) -> None:
        self._bump("story_documents")
        self.conn.executemany(
            "INSERT INTO story_df (key, df) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET df = df + 1",
            ((k,) for k in set(keys)),
        )

    def stories_posted(self, keys: Sequence[str], max_posting: int) -> Counter[str]:
        hits: Counter[str] = Counter()
        for key in keys:
            rows = self.conn.execute(
                "SELECT story_id FROM story_postings WHERE key=? LIMIT ?", (key, max_posting + 1)
            ).fetchall()
            if len(rows) <= max_posting:
                hits.update(r[0] for r in rows)
        return hits

    def load_story(self, story_id: str) -> Story | None:
        if story_id in self._cache:
            return self._cache[story_id]
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            return None
        story = _story_from(row[0])
        self._cache[story_id] = story
        return story

    def save_story(self, story: Story, posting_keys: Iterable[str]) -> None:
        self._cache[story.id] = story
        self.conn.execute(
            "INSERT OR REPLACE INTO stories (id, created, data) VALUES (?,?,?)",
            (story.id, story.created, json.dumps(story.to_dict(), ensure_ascii=False)),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_postings (key, story_id) VALUES (?, ?)",
            ((k, story.id) for k in posting_keys),
        )

    def drop_story(self, story_id: str) -> None:
        self._cache.pop(story_id, None)
        self.conn.execute("DELETE FROM stories WHERE id=?", (story_id,))
        self.conn.execute("DELETE FROM story_postings WHERE story_id=?", (story_id,))

    def record_merge(self, merge: Merge) -> None:
        self.conn.execute(
            "INSERT INTO story_merges (kept, absorbed, reason, article, created) VALUES (?,?,?,?,?)",
            (merge.kept, merge.absorbed, merge.reason, merge.article, _now()),
        )

    def next_arrival(self) -> int:
        return self._bump("story_arrivals")

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def set_story_of(self, article_id: str, story_id: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
            (article_id, story_id),
        )

    def kept_apart(self, a: str, b: str) -> bool:
        first, second = sorted((a, b))
        row = self.conn.execute("SELECT 1 FROM story_apart WHERE a=? AND b=?", (first, second)).fetchone()
        return row is not None

    def keep_apart(self, a: str, b: str) -> None:
        first, second = sorted((a, b))
        self.conn.execute("INSERT OR IGNORE INTO story_apart (a, b) VALUES (?, ?)", (first, second))


def clear_stories(store: Store) -> None:
    """Forget every computed story (not the overrides), for a regroup (uncommitted)."""
    for table in ("stories", "story_articles", "story_postings", "story_df", "story_merges", "story_apart"):
        store.conn.execute(f"DELETE FROM {table}")
    store.conn.execute("DELETE FROM meta WHERE key IN ('story_documents', 'story_arrivals')")


def ungrouped_articles(store: Store) -> list[str]:
    """Ids of analyzed articles not yet in a story, in arrival order."""
    rows = store.conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL AND a.analysis_version > 0 ORDER BY a.seq"
    )
    return [r[0] for r in rows]


def article_entity_ids(store: Store, article_id: str) -> set[str]:
    """Canonical entities an article mentions (outlets excluded: a source is not the story)."""
    rows = store.conn.execute(
        "SELECT DISTINCT m.entity_id FROM entity_mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.article_id=? AND e.type <> 'OUTLET'",
        (article_id,),
    )
    return {r[0] for r in rows}


def load_stories(store: Store) -> list[Story]:
    rows = store.conn.execute("SELECT data FROM stories ORDER BY created")
    return [_story_from(r[0]) for r in rows]


def load_story(store: Store, story_id: str) -> Story | None:
    row = store.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
    if row is None:
        row = store.conn.execute(
            "SELECT data FROM stories WHERE id LIKE ? ORDER BY created LIMIT 1", (story_id + "%",)
        ).fetchone()
    return _story_from(row[0]) if row else None


def story_merges(store: Store, story_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT seq, kept, absorbed, reason, article, created FROM story_merges"
    args: tuple[str, ...] = ()
    if story_id is not None:
        sql += " WHERE kept=?"
        args = (story_id,)
    keys = ("seq", "kept", "absorbed", "reason", "article", "created")
    return [dict(zip(keys, row, strict=True)) for row in store.conn.execute(sql + " ORDER BY seq", args)]


@dataclass(frozen=True, slots=True)
class StoredOverride:
    seq: int
    action: str  # merge | split
    articles: tuple[str, ...]
    story: str | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "articles": list(self.articles),
            "story": self.story,
            "created": self.created,
        }


def add_story_override(store: Store, action: str, articles: Sequence[str], story: str | None = None) -> int:
    """Record a merge (an article of each story) or a split (the articles leaving), committed."""
    with store.conn:
        cur = store.conn.execute(
            "INSERT INTO story_overrides (action, articles, story, created) VALUES (?,?,?,?)",
            (action, json.dumps(list(articles)), story, _now()),
        )
    return int(cur.lastrowid or 0)


def list_story_overrides(store: Store) -> list[StoredOverride]:
    rows = store.conn.execute(
        "SELECT seq, action, articles, story, created FROM story_overrides ORDER BY seq"
    )
    return [StoredOverride(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4]) for r in rows]
