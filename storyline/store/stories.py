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

import sqlalchemy as sa

from . import schema
from .schema import stories as S
from .schema import story_articles as SA_
from .schema import story_df as DF
from .schema import story_postings as P
from .sqlite import Store, chunks, new_key

if TYPE_CHECKING:  # the grouping package imports this module; its types are needed only here
    from ..stories.grouping import Merge, Story


def _story_from(data: str) -> Story:
    from ..stories.grouping import Story

    return Story.from_dict(json.loads(data))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _posting(key: Any, at: int) -> Any:
    """1 when ``key`` has a posting at this position (0: its first), else NULL: an index probe
    that reads no further than that position."""
    return sa.select(sa.literal(1)).where(P.c.key == key).limit(1).offset(at).scalar_subquery()


class SqliteIndex:
    """A ``StoryIndex`` over the store's story tables (uncommitted; the caller commits), on
    SQLite or PostgreSQL."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self._cache: dict[str, Story] = {}
        # Document frequencies and the document count as read since this index last counted a
        # document: a batch counts all its articles, then places its clusters, each reading
        # the frequencies of its words and of its candidate stories' words (the same words
        # again and again, one round trip each to the database before).
        self._df: dict[str, int] = {}
        self._documents: int | None = None

    def clear_cache(self) -> None:
        """Forget the stories read so far (a long run keeps memory flat by calling this per batch)."""
        self._cache.clear()
        self._df.clear()
        self._documents = None

    def _meta_int(self, key: str) -> int:
        return int(self.store.get_meta(key) or 0)

    def _bump(self, key: str) -> int:
        self.store.begin_write()  # a read-modify-write: under the write lock
        value = self._meta_int(key) + 1
        self.store.set_meta(key, str(value))
        return value

    def document_count(self) -> int:
        if self._documents is None:
            self._documents = self._meta_int("story_documents")
        return self._documents

    def document_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        known = self._df
        asked = list(dict.fromkeys(keys))  # once: ``keys`` may be a generator
        wanted = [k for k in asked if k not in known]
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            found = dict(self.conn.execute(sa.select(DF.c.key, DF.c.df).where(DF.c.key.in_(chunk))).all())
            known.update((k, int(found.get(k, 0))) for k in chunk)
        return {k: known[k] for k in asked if known[k]}

    def count_document(self, keys: Iterable[str]) -> None:
        self._df.clear()
        self._documents = None
        self._bump("story_documents")
        rows = [{"key": k, "df": 1} for k in sorted(set(keys))]
        if rows:
            stmt = self.store.insert(DF)
            self.conn.execute(
                stmt.on_conflict_do_update(index_elements=["key"], set_={"df": DF.c.df + 1}), rows
            )

    def stories_posted(self, keys: Sequence[str], max_posting: int, limit: int | None = None) -> Counter[str]:
        # The keys that still say something (posted by 1 to ``max_posting`` stories), each
        # probed in the index no further than its story ``max_posting + 1``: a common key's
        # postings grow with the store and are never counted whole. Then, over those keys, each
        # story's count of keys, in SQL: with ``limit``, only the ``limit`` stories
        # ``most_common`` would list first (ties: the story met first, going through the keys in
        # order and each key's stories by id), not every posting.
        wanted = sorted(set(keys))
        saying: set[str] = set()
        for chunk in chunks(wanted):
            listed = sa.values(sa.column("key", sa.String), name="wanted").data([(k,) for k in chunk]).cte()
            query = sa.select(listed.c.key, _posting(listed.c.key, 0), _posting(listed.c.key, max_posting))
            saying.update(str(k) for k, first, past in self.conn.execute(query) if first and past is None)
        telling = [k for k in dict.fromkeys(keys) if k in saying]
        if not telling:
            return Counter()
        times = Counter(keys)  # a key given twice counts twice
        weight = sa.case({k: times[k] for k in telling}, value=P.c.key, else_=0)
        first = sa.case({k: i for i, k in enumerate(telling)}, value=P.c.key, else_=len(telling))
        hits_col = sa.func.sum(weight).label("hits")
        query = (
            sa.select(P.c.story_id, hits_col)
            .where(P.c.key.in_(telling))
            .group_by(P.c.story_id)
            .order_by(hits_col.desc(), sa.func.min(first), P.c.story_id)
        )
        if limit is not None:
            query = query.limit(limit)
        return Counter({str(story_id): int(n) for story_id, n in self.conn.execute(query)})

    def load_story(self, story_id: str) -> Story | None:
        if story_id in self._cache:
            return self._cache[story_id]
        row = self.conn.execute(sa.select(S.c.data).where(S.c.id == story_id)).first()
        if row is None:
            return None
        story = _story_from(row[0])
        self._cache[story_id] = story
        return story

    def save_story(self, story: Story, posting_keys: Iterable[str]) -> None:
        self._cache[story.id] = story
        self.store.upsert(
            S,
            [
                {
                    "id": story.id,
                    "created": story.created,
                    "data": json.dumps(story.to_dict(), ensure_ascii=False),
                }
            ],
        )
        self.store.insert_ignore(P, ({"key": k, "story_id": story.id} for k in posting_keys))

    def drop_story(self, story_id: str) -> None:
        self._cache.pop(story_id, None)
        self.conn.execute(S.delete().where(S.c.id == story_id))
        self.conn.execute(P.delete().where(P.c.story_id == story_id))

    def record_merge(self, merge: Merge) -> None:
        self.conn.execute(
            schema.story_merges.insert().values(
                kept=merge.kept,
                absorbed=merge.absorbed,
                reason=merge.reason,
                article=merge.article,
                created=_now(),
            )
        )

    def next_arrival(self) -> int:
        return self._bump("story_arrivals")

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(sa.select(SA_.c.story_id).where(SA_.c.article_id == article_id)).first()
        return str(row[0]) if row else None

    def set_story_of(self, article_id: str, story_id: str) -> None:
        self.store.upsert(SA_, [{"article_id": article_id, "story_id": story_id}])

    def kept_apart(self, a: str, b: str) -> bool:
        first, second = sorted((a, b))
        apart = schema.story_apart
        row = self.conn.execute(sa.select(apart.c.a).where(apart.c.a == first, apart.c.b == second)).first()
        return row is not None

    def keep_apart(self, a: str, b: str) -> None:
        first, second = sorted((a, b))
        self.store.insert_ignore(schema.story_apart, [{"a": first, "b": second}])


def clear_stories(store: Store) -> None:
    """Forget every computed story (not the overrides), for a regroup (uncommitted)."""
    store.begin_write()
    for table in ("stories", "story_articles", "story_postings", "story_df", "story_merges", "story_apart"):
        store.conn.execute(schema.metadata.tables[table].delete())
    store.conn.execute(
        schema.meta.delete().where(schema.meta.c.key.in_(["story_documents", "story_arrivals"]))
    )


def ungrouped_articles(store: Store) -> list[str]:
    """Ids of analyzed articles not yet in a story, in arrival order."""
    A = schema.articles
    rows = store.conn.execute(
        sa.select(A.c.id)
        .outerjoin(SA_, SA_.c.article_id == A.c.id)
        .where(SA_.c.article_id.is_(None), A.c.analysis_version > 0)
        .order_by(A.c.seq)
    )
    return [r[0] for r in rows]


def article_entity_ids(store: Store, article_id: str) -> set[str]:
    """Canonical entities an article mentions (outlets excluded: a source is not the story)."""
    m, e = schema.entity_mentions, schema.entities
    rows = store.conn.execute(
        sa.select(m.c.entity_id)
        .distinct()
        .join(e, e.c.id == m.c.entity_id)
        .where(m.c.article_id == article_id, e.c.type != "OUTLET")
    )
    return {r[0] for r in rows}


def load_stories(store: Store) -> list[Story]:
    rows = store.conn.execute(sa.select(S.c.data).order_by(S.c.created))
    return [_story_from(r[0]) for r in rows]


def load_story(store: Store, story_id: str) -> Story | None:
    row = store.conn.execute(sa.select(S.c.data).where(S.c.id == story_id)).first()
    if row is None:  # a prefix: a range on the key (LIKE would read "_" as a wildcard)
        row = store.conn.execute(
            sa.select(S.c.data)
            .where(S.c.id >= story_id, S.c.id < story_id + "\U0010ffff")
            .order_by(S.c.created)
            .limit(1)
        ).first()
    return _story_from(row[0]) if row else None


def story_merges(store: Store, story_id: str | None = None) -> list[dict[str, Any]]:
    sm = schema.story_merges
    query = sa.select(sm.c.seq, sm.c.kept, sm.c.absorbed, sm.c.reason, sm.c.article, sm.c.created)
    if story_id is not None:
        query = query.where(sm.c.kept == story_id)
    return [dict(row) for row in store.conn.execute(query.order_by(sm.c.seq)).mappings()]


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
    so = schema.story_overrides
    with store.write():
        result = store.conn.execute(
            so.insert().values(
                action=action, articles=json.dumps(list(articles)), story=story, created=_now()
            )
        )
    return new_key(result)


def list_story_overrides(store: Store) -> list[StoredOverride]:
    so = schema.story_overrides
    rows = store.conn.execute(
        sa.select(so.c.seq, so.c.action, so.c.articles, so.c.story, so.c.created).order_by(so.c.seq)
    )
    return [StoredOverride(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4]) for r in rows]
