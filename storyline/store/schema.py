"""The store's tables: one SQLAlchemy ``MetaData`` for SQLite and PostgreSQL.

Strings are ``TEXT`` on both; on PostgreSQL they compare and sort in the ``C`` collation (code
point order), which is SQLite's ``BINARY``: ids sort, range and prefix-match alike on both
databases, whatever locale the PostgreSQL cluster was made with. JSON documents are ``TEXT`` too
(written as they are, read back as they were); ``json_text`` reads a field inside one in SQL.

Layout changes are Alembic revisions in ``storyline/store/migrations/versions`` (applied when a
store is opened); this module is the layout those revisions arrive at.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

# TEXT, compared in code point order on PostgreSQL too (SQLite's BINARY collation).
Str = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")

metadata = MetaData()

meta = Table("meta", metadata, Column("key", Str, primary_key=True), Column("value", Str, nullable=False))

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Str, nullable=False, unique=True),
    Column("source", Str, nullable=False),
    Column("outlet", Str),
    Column("title", Str),
    Column("url", Str),
    Column("published", Str),
    Column("published_estimate", Str),
    Column("language", Str),
    Column("text", Str, nullable=False),
    Column("removed", Str, nullable=False),
    Column("duplicate_of", Str),
    Column("text_hash", Str, nullable=False),
    Column("minhash", LargeBinary),
    Column("analysis_version", Integer, nullable=False, server_default="0"),
    Column("crawled", Str),
    Column("ingested", Str),
    Column("encoding", Str),
    Column("analysis_attempts", Integer, nullable=False, server_default="0"),
    Column("analysis_error", Str),
    Column("analysis_note", Str),
    Column("restored", Str),
    Index("articles_text_hash", "text_hash"),
    Index("articles_duplicate_of", "duplicate_of"),
    Index("articles_published", "published"),
    sqlite_autoincrement=True,
)

items = Table(
    "items",
    metadata,
    Column("article_id", Str, nullable=False),
    Column("kind", Str, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("data", Str, nullable=False),
    PrimaryKeyConstraint("article_id", "kind", "seq"),
    Index("items_kind", "kind"),
    Index("items_kind_article", "kind", "article_id"),
)

# The near-duplicate index (clean/dedupe.py): each original's MinHash signature by its LSH
# (band, bucket) keys; a new article's candidates are the originals sharing one of its keys.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", postgresql.BIGINT().with_variant(Integer(), "sqlite"), nullable=False),
    Column("article_id", Str, nullable=False),
    PrimaryKeyConstraint("band", "bucket", "article_id"),
    Index("minhash_bands_article", "article_id"),
)

files = Table(
    "files",
    metadata,
    Column("path", Str, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("mtime_ns", postgresql.BIGINT().with_variant(Integer(), "sqlite"), nullable=False),
    Column("articles", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Str, primary_key=True),
    Column("name", Str, nullable=False),
    Column("type", Str, nullable=False),
    Column("data", Str, nullable=False),
    Column("grp", Str),  # its resolution group (resolve/entities.group_key): a surname, a name key
    Column("agg", Str),  # what new chains add to (resolve/entities.EntityAgg), JSON
    Index("entities_grp", "grp"),
)

# A people group's state besides its entities (resolve/entities.GroupState), JSON.
entity_groups = Table(
    "entity_groups", metadata, Column("grp", Str, primary_key=True), Column("data", Str, nullable=False)
)

# The per-article chains the entity resolution reads (resolve/entities.ChainRecord), by group:
# new articles re-resolve only the groups their chains fall in. An article with no named chain
# has one row with cluster -1, so that it is not read again.
entity_chains = Table(
    "entity_chains",
    metadata,
    Column("article_id", Str, nullable=False),
    Column("cluster", Integer, nullable=False),
    Column("grp", Str),
    Column("data", Str),
    PrimaryKeyConstraint("article_id", "cluster"),
    Index("entity_chains_grp", "grp"),
)

entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("entity_id", Str, nullable=False),
    Column("article_id", Str, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("entity_mentions_article", "article_id", "start"),
    Index("entity_mentions_entity", "entity_id"),
)

entity_overrides = Table(
    "entity_overrides",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("action", Str, nullable=False),
    Column("target", Str, nullable=False),
    Column("other", Str),
    Column("scope", Str),
    Column("created", Str, nullable=False),
    sqlite_autoincrement=True,
)

stories = Table(
    "stories",
    metadata,
    Column("id", Str, primary_key=True),
    Column("created", Integer, nullable=False),
    Column("data", Str, nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", Str, primary_key=True),
    Column("story_id", Str, nullable=False),
    Index("story_articles_story", "story_id"),
)

story_postings = Table(
    "story_postings",
    metadata,
    Column("key", Str, nullable=False),
    Column("story_id", Str, nullable=False),
    PrimaryKeyConstraint("key", "story_id"),
)

story_df = Table(
    "story_df", metadata, Column("key", Str, primary_key=True), Column("df", Integer, nullable=False)
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kept", Str, nullable=False),
    Column("absorbed", Str, nullable=False),
    Column("reason", Str, nullable=False),
    Column("article", Str),
    Column("created", Str, nullable=False),
    sqlite_autoincrement=True,
)

story_apart = Table(
    "story_apart",
    metadata,
    Column("a", Str, nullable=False),
    Column("b", Str, nullable=False),
    PrimaryKeyConstraint("a", "b"),
)

story_overrides = Table(
    "story_overrides",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("action", Str, nullable=False),
    Column("articles", Str, nullable=False),
    Column("story", Str),
    Column("created", Str, nullable=False),
    sqlite_autoincrement=True,
)

events = Table(
    "events",
    metadata,
    Column("id", Str, primary_key=True),
    Column("type", Str, nullable=False),
    Column("status", Str),
    Column("data", Str, nullable=False),
    Column("seq", Integer),  # creation order in the resolution (ties go to the older event)
    Column("summary", Str),  # what a new mention is compared with (resolve/events.Event.summary)
)

# ``data``: the mention record the resolution used (resolve/events.MentionRecord), so that new
# articles join the stored events without their old articles being read again.
event_mentions = Table(
    "event_mentions",
    metadata,
    Column("event_id", Str, nullable=False),
    Column("article_id", Str, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("data", Str),
    Index("event_mentions_article", "article_id", "start"),
    Index("event_mentions_event", "event_id"),
)

# The event resolution's candidate blocks (resolve/events._blocks): per (family, key), the events
# that joined it, ``touched`` the order of their latest join; a new mention compares with the
# latest BLOCK_REACH of each of its blocks.
event_blocks = Table(
    "event_blocks",
    metadata,
    Column("family", Str, nullable=False),
    Column("key", Str, nullable=False),
    Column("event_id", Str, nullable=False),
    Column("touched", Integer, nullable=False),
    PrimaryKeyConstraint("family", "key", "event_id"),
    Index("event_blocks_touched", "family", "key", "touched"),
)

# The articles whose ``events`` items the stored events were resolved from.
event_articles = Table(
    "event_articles",
    metadata,
    Column("article_id", Str, primary_key=True),
    Column("day", Str),  # an undated article's estimated latest day its reports were given
)

# Resolved articles whose estimated publication window was written since their reports were
# given their day (``Store.set_published_estimate``): the only ones the events step may have
# to re-date (``store.events.redated_event_articles``), so it reads no other undated article.
event_redates = Table("event_redates", metadata, Column("article_id", Str, primary_key=True))

event_overrides = Table(
    "event_overrides",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("action", Str, nullable=False),
    Column("target", Str, nullable=False),
    Column("other", Str),
    Column("created", Str, nullable=False),
    sqlite_autoincrement=True,
)

# Derived read tables (storyline.store.derived): rebuilt from the tables above when stale.
entity_counts = Table(
    "entity_counts",
    metadata,
    Column("entity_id", Str, primary_key=True),
    Column("mentions", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("all_mentions", Integer, nullable=False),
    Column("all_articles", Integer, nullable=False),
    Index("entity_counts_mentions", "mentions"),
    Index("entity_counts_all_mentions", "all_mentions"),
)

quote_speakers = Table(
    "quote_speakers",
    metadata,
    Column("article_id", Str, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", Str),
    Column("name", Str),
    Column("entity_id", Str),
    PrimaryKeyConstraint("article_id", "seq"),
    Index("quote_speakers_entity", "entity_id", "article_id"),
    Index("quote_speakers_kind", "kind", "article_id"),
)


class json_text(FunctionElement[Any]):
    """A field of a JSON document held as text: ``json_text(items.c.data, "speaker", "name")``.

    SQLite: ``json_extract(data, '$.speaker.name')`` (numbers come back as numbers);
    PostgreSQL: ``data::json #>> '{speaker,name}'`` (always text). Objects and arrays come back
    as JSON text on both."""

    inherit_cache = False  # the path is not a bound value: statements using it are not cached
    type = Text()

    def __init__(self, document: ColumnElement[Any], *path: str) -> None:
        self.path = path
        super().__init__(document)


@compiles(json_text, "sqlite")
def _json_text_sqlite(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    document = compiler.process(element.clauses, **kw)
    return f"json_extract({document}, '$.{'.'.join(element.path)}')"


@compiles(json_text, "postgresql")
def _json_text_postgresql(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    document = compiler.process(element.clauses, **kw)
    return f"(({document})::json #>> '{{{','.join(element.path)}}}')"
