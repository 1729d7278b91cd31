"""SQLite store: articles, their near-duplicate signatures, analysis items, ingested files.

Durability: WAL journal, and one transaction per batch of articles, so a run killed at any
moment leaves a consistent database; the next run skips what is stored and resumes.

Concurrency: every write transaction starts with ``begin_write`` (``BEGIN IMMEDIATE``, retried
while another process holds the write lock), so several processes can write one store and
readers are never blocked (WAL). See docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..models import AnalysisItem, Article, Citation, Mention, Quote, Removed, TimeExpression

_Model = TypeVar("_Model", Mention, Quote, Citation, TimeExpression)

T = TypeVar("T")
DEFAULT_DB = "storyline.db"
STORE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    outlet TEXT,
    title TEXT,
    url TEXT,
    published TEXT,
    published_estimate TEXT,
    language TEXT,
    text TEXT NOT NULL,
    removed TEXT NOT NULL,
    duplicate_of TEXT,
    text_hash TEXT NOT NULL,
    minhash BLOB,
    analysis_version INTEGER NOT NULL DEFAULT 0,
    crawled TEXT,
    ingested TEXT,
    encoding TEXT,
    analysis_attempts INTEGER NOT NULL DEFAULT 0,
    analysis_error TEXT,
    analysis_note TEXT
);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles(text_hash);
CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of);
CREATE TABLE IF NOT EXISTS minhash_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS minhash_bands_article ON minhash_bands(article_id);
CREATE TABLE IF NOT EXISTS items (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, seq)
);
CREATE INDEX IF NOT EXISTS items_kind ON items(kind);
CREATE INDEX IF NOT EXISTS items_kind_article ON items(kind, article_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article_id, start);
CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions(entity_id);
CREATE TABLE IF NOT EXISTS entity_overrides (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    other TEXT,
    scope TEXT,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS story_postings (key TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (key, story_id));
CREATE TABLE IF NOT EXISTS story_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS story_merges (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kept TEXT NOT NULL,
    absorbed TEXT NOT NULL,
    reason TEXT NOT NULL,
    article TEXT,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_apart (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS story_overrides (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    articles TEXT NOT NULL,
    story TEXT,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    status TEXT,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions(article_id, start);
CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions(event_id);
CREATE TABLE IF NOT EXISTS event_overrides (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    other TEXT,
    created TEXT NOT NULL
);
"""


def db_path_from_env(option: str | None) -> Path:
    return Path(option or os.environ.get("STORYLINE_DB") or DEFAULT_DB)


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        published_estimate=json.loads(row["published_estimate"]) if row["published_estimate"] else None,
        language=row["language"],
        removed=[Removed(r["kind"], r["text"]) for r in json.loads(row["removed"])],
        duplicate_of=row["duplicate_of"],
        crawled=row["crawled"],
        ingested=row["ingested"],
        restored=row["restored"],
        encoding=row["encoding"],
    )


# A write waits this long in all for another writer before the run fails with E204.
WRITE_WAIT_SECONDS = 300.0
# An article whose analysis failed this many times is left alone (``analysis_error`` says why).
MAX_ANALYSIS_ATTEMPTS = 3


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Store:
    """One open database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            # A mistyped --db must not leave an empty database behind and answer "nothing".
            raise StoreError(
                f"no database at {self.path}; `storyline ingest PATH` creates one"
                " (or point --db / STORYLINE_DB at an existing file)",
                code="E204",
            )
        try:
            self.conn = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}", code="E201") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self._retry(lambda: self.conn.execute("PRAGMA journal_mode=WAL"))
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is not a storyline database: {exc}", code="E202") from exc
        self._retry(self._migrate)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        try:
            self.conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a storyline database: {exc}", code="E202") from exc
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(articles)")}
        added = {
            "crawled": "TEXT",
            "ingested": "TEXT",
            "encoding": "TEXT",
            "restored": "TEXT",
            "analysis_attempts": "INTEGER NOT NULL DEFAULT 0",
            "analysis_error": "TEXT",
            "analysis_note": "TEXT",
        }
        for column, decl in added.items():  # stores written before these columns existed
            if column not in columns:
                with self.conn:
                    self.conn.execute(f"ALTER TABLE articles ADD COLUMN {column} {decl}")
        row = self.conn.execute("SELECT value FROM meta WHERE key='store_version'").fetchone()
        if row is None:
            with self.conn:
                self.conn.execute("INSERT INTO meta VALUES ('store_version', ?)", (str(STORE_VERSION),))
        elif int(row[0]) > STORE_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer storyline (store version {row[0]}); upgrade storyline",
                code="E203",
            )

    # -- transactions -------------------------------------------------------------------------

    def commit(self) -> None:
        self._retry(self.conn.commit)

    def begin_write(self) -> None:
        """Take the write lock now (``BEGIN IMMEDIATE``) unless a transaction is open, waiting
        for other writers: checks made after this see every committed write of other processes."""
        if not self.conn.in_transaction:
            self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))

    def _retry(self, action: Callable[[], T]) -> T:
        """``action``, retried with backoff while the database is locked by another process
        (beyond SQLite's own busy timeout), for ``WRITE_WAIT_SECONDS`` in all."""
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        pause = 0.05
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    if _is_busy(exc):
                        raise StoreError(
                            f"{self.path} stayed locked by another process for {WRITE_WAIT_SECONDS:.0f}s",
                            code="E205",
                        ) from exc
                    raise
                time.sleep(pause * (1 + random.random()))
                pause = min(1.0, pause * 2)

    # -- articles ------------------------------------------------------------------------------

    def add_article(self, article: Article, text_hash: str, minhash: bytes | None) -> None:
        """Insert (uncommitted; call ``commit``)."""
        self.conn.execute(
            "INSERT INTO articles (id, source, outlet, title, url, published, published_estimate,"
            " language, text, removed, duplicate_of, text_hash, minhash, crawled, ingested,"
            " restored, encoding) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.source,
                article.outlet,
                article.title,
                article.url,
                article.published,
                json.dumps(article.published_estimate) if article.published_estimate else None,
                article.language,
                article.text,
                json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False),
                article.duplicate_of,
                text_hash,
                minhash,
                article.crawled,
                article.ingested,
                article.restored,
                article.encoding,
            ),
        )

    def get_article_row(self, article_id: str) -> sqlite3.Row | None:
        """The stored identity of an article (id, text_hash, published, duplicate_of, ingested)."""
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT id, text_hash, published, duplicate_of, ingested FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return row

    def analysis_version_of(self, article_id: str) -> int | None:
        """The analyzer version an article was last analyzed by (0: never), None when absent."""
        row = self.conn.execute("SELECT analysis_version FROM articles WHERE id=?", (article_id,)).fetchone()
        return None if row is None else int(row[0])

    def delete_article(self, article_id: str) -> None:
        """Remove an article and its items (uncommitted); copies keep pointing at its id."""
        self.conn.execute("DELETE FROM items WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM minhash_bands WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM articles WHERE id=?", (article_id,))

    def forget_article(self, article_id: str) -> dict[str, Any]:
        """Remove an article and everything derived from it, committed: its items and entity
        mentions, the mark of the file it came from (so ingesting that file again brings it
        back), and its place as an original: the earliest of its copies becomes the original
        and the other copies point at that one. Entities must be re-resolved afterwards."""
        row = self.conn.execute(
            "SELECT source, duplicate_of FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id!r}", code="E410")
        copies = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE duplicate_of=? ORDER BY COALESCE(published, '9999'), seq",
                (article_id,),
            )
        ]
        promoted = copies[0] if copies else None
        files = self._file_marks_of(str(row["source"]))
        with self.conn:
            self.conn.execute("DELETE FROM entity_mentions WHERE article_id=?", (article_id,))
            self.conn.execute("DELETE FROM items WHERE article_id=?", (article_id,))
            self.conn.execute("DELETE FROM minhash_bands WHERE article_id=?", (article_id,))
            self.conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
            if promoted is not None:
                self.conn.execute("UPDATE articles SET duplicate_of=NULL WHERE id=?", (promoted,))
                self.conn.execute(
                    "UPDATE articles SET duplicate_of=? WHERE duplicate_of=?", (promoted, article_id)
                )
                # The promoted copy has no bands yet: the next DuplicateIndex indexes it.
                self.conn.execute("DELETE FROM meta WHERE key='minhash_bands'")
            self.conn.executemany("DELETE FROM files WHERE path=?", ((f,) for f in files))
        return {
            "article": article_id,
            "promoted": promoted,
            "repointed": copies[1:],
            "files_unmarked": files,
        }

    def _file_marks_of(self, source: str) -> list[str]:
        """The ``files`` rows of the file an article was read from (its source without the
        ``#record`` part; marks hold absolute paths, sources the path as it was given)."""
        path = source.split("#", 1)[0]
        try:
            absolute = str(Path(path).resolve())
        except OSError:
            absolute = path
        tail = "/" + path.lstrip("./")
        return [
            str(r[0])
            for r in self.conn.execute("SELECT path FROM files")
            if r[0] in (path, absolute) or str(r[0]).endswith(tail)
        ]

    def article_by_hash(self, text_hash: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT id, published, duplicate_of FROM articles WHERE text_hash=? ORDER BY seq LIMIT 1",
            (text_hash,),
        ).fetchone()
        return row

    # -- near-duplicate index (LSH bands of the stored signatures; see clean/dedupe.py) ---------

    def add_minhash_bands(self, article_id: str, bands: Sequence[tuple[int, int]]) -> None:
        """Index an original's signature by its (band, bucket) keys (uncommitted)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands (band, bucket, article_id) VALUES (?,?,?)",
            ((band, bucket, article_id) for band, bucket in bands),
        )

    def band_candidates(self, bands: Sequence[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(id, minhash) of the originals (not duplicates) sharing at least one band bucket with
        ``bands``, in store order."""
        if not bands:
            return []
        match = " OR ".join(["(band=? AND bucket=?)"] * len(bands))
        ids = [
            str(r[0])
            for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM minhash_bands WHERE {match}",
                [v for key in bands for v in key],
            )
        ]
        found: list[tuple[int, str, bytes]] = []
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            found.extend(
                (int(r[0]), str(r[1]), bytes(r[2]))
                for r in self.conn.execute(
                    f"SELECT seq, id, minhash FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
                    " AND duplicate_of IS NULL AND minhash IS NOT NULL",
                    chunk,
                )
            )
        return [(article_id, sig) for _, article_id, sig in sorted(found)]

    def ensure_minhash_bands(self, bands_of: Callable[[bytes], Sequence[tuple[int, int]]]) -> None:
        """Index the originals that have a signature but no bands (committed): once for stores
        written before the band index existed, and after ``forget_article`` promoted a copy.
        A no-op (one lookup) otherwise."""
        if self.conn.execute("SELECT 1 FROM meta WHERE key='minhash_bands'").fetchone() is not None:
            return
        self.begin_write()
        rows = self.conn.execute(
            "SELECT id, minhash FROM articles a WHERE duplicate_of IS NULL AND minhash IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM minhash_bands b WHERE b.article_id = a.id)"
        ).fetchall()
        for article_id, sig in rows:
            self.add_minhash_bands(str(article_id), bands_of(bytes(sig)))
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('minhash_bands', '1')")
        self.commit()

    def published_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT published FROM articles WHERE id=?", (article_id,)).fetchone()
        return row["published"] if row else None

    def repoint_duplicates(self, old_root: str, new_root: str) -> None:
        """Make ``new_root`` the original of ``old_root`` and of every copy of it."""
        self.conn.execute("UPDATE articles SET duplicate_of=? WHERE duplicate_of=?", (new_root, old_root))
        self.conn.execute("UPDATE articles SET duplicate_of=? WHERE id=?", (new_root, old_root))
        self.conn.execute("DELETE FROM minhash_bands WHERE article_id=?", (old_root,))  # originals only

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT * FROM articles WHERE id LIKE ? ORDER BY seq LIMIT 2", (article_id + "%",)
            ).fetchone()
        return _article_from_row(row) if row else None

    def iter_articles(self, *, include_duplicates: bool = True) -> Iterator[Article]:
        sql = "SELECT * FROM articles"
        if not include_duplicates:
            sql += " WHERE duplicate_of IS NULL"
        for row in self.conn.execute(sql + " ORDER BY seq"):
            yield _article_from_row(row)

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def set_published_estimate(self, article_id: str, estimate: dict[str, Any] | None) -> None:
        self.conn.execute(
            "UPDATE articles SET published_estimate=? WHERE id=?",
            (json.dumps(estimate) if estimate else None, article_id),
        )

    # -- analysis items ---------------------------------------------------------------------

    def articles_to_analyze(self, version: int) -> list[str]:
        """Ids not yet analyzed by ``version``, but those that failed ``MAX_ANALYSIS_ATTEMPTS`` times."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE analysis_version<>? AND analysis_attempts<? ORDER BY seq",
            (version, MAX_ANALYSIS_ATTEMPTS),
        )
        return [r["id"] for r in rows]

    def request_analysis(self, article_ids: list[str]) -> None:
        """Have the next analysis run analyze these articles again (their inputs changed)."""
        self.conn.executemany(
            "UPDATE articles SET analysis_version=0, analysis_attempts=0 WHERE id=?",
            [(a,) for a in article_ids],
        )

    def record_analysis_failure(self, article_id: str, error: str) -> int:
        """Count one failed analysis of the article (uncommitted); the attempts made so far."""
        self.conn.execute(
            "UPDATE articles SET analysis_attempts=analysis_attempts+1, analysis_error=? WHERE id=?",
            (error, article_id),
        )
        row = self.conn.execute("SELECT analysis_attempts FROM articles WHERE id=?", (article_id,)).fetchone()
        return int(row[0]) if row else 0

    def analysis_status(self) -> list[dict[str, Any]]:
        """Articles whose analysis failed or was cut short: id, attempts, error, note."""
        rows = self.conn.execute(
            "SELECT id, analysis_attempts, analysis_error, analysis_note FROM articles"
            " WHERE analysis_error IS NOT NULL OR analysis_note IS NOT NULL ORDER BY seq"
        )
        return [
            {
                "id": r["id"],
                "attempts": r["analysis_attempts"],
                "failed": r["analysis_attempts"] >= MAX_ANALYSIS_ATTEMPTS,
                "error": r["analysis_error"],
                "note": r["analysis_note"],
            }
            for r in rows
        ]

    def save_analysis(
        self,
        article_id: str,
        results: Mapping[str, Sequence[AnalysisItem | dict[str, Any]]],
        version: int,
        note: str | None = None,
    ) -> None:
        """Replace the article's items (uncommitted; call ``commit``): each stored as its
        ``to_dict()`` (a kind with no model yet may pass its dicts as they are)."""
        self.conn.execute("DELETE FROM items WHERE article_id=?", (article_id,))
        self.conn.executemany(
            "INSERT INTO items (article_id, kind, seq, start, end, data) VALUES (?,?,?,?,?,?)",
            (
                (
                    article_id,
                    kind,
                    i,
                    int(data["start"]),
                    int(data["end"]),
                    json.dumps(data, ensure_ascii=False),
                )
                for kind, items in results.items()
                for i, data in enumerate(item if isinstance(item, dict) else item.to_dict() for item in items)
            ),
        )
        self.conn.execute(
            "UPDATE articles SET analysis_version=?, analysis_attempts=0, analysis_error=NULL, analysis_note=?"
            " WHERE id=?",
            (version, note, article_id),
        )

    def items(self, kind: str, article_id: str | None = None) -> list[dict[str, Any]]:
        """Stored items of one kind, each with its ``article`` id, in article then text order."""
        sql = (
            "SELECT items.article_id, items.data FROM items JOIN articles ON articles.id = items.article_id"
            " WHERE kind=?"
        )
        args: list[Any] = [kind]
        if article_id is not None:
            sql += " AND items.article_id=?"
            args.append(article_id)
        out = []
        for row in self.conn.execute(sql + " ORDER BY articles.seq, items.seq", args):
            item = json.loads(row["data"])
            out.append({"article": row["article_id"], **item})
        return out

    def typed_items(self, kind: str, model: type[_Model], article_id: str | None = None) -> list[_Model]:
        """``items`` as their model, ``article`` set: ``store.typed_items("quotes", Quote)``."""
        return [model.from_dict(item) for item in self.items(kind, article_id)]

    def mentions(self, article_id: str | None = None) -> list[Mention]:
        return self.typed_items("mentions", Mention, article_id)

    def quotes(self, article_id: str | None = None) -> list[Quote]:
        return self.typed_items("quotes", Quote, article_id)

    def citations(self, article_id: str | None = None) -> list[Citation]:
        return self.typed_items("citations", Citation, article_id)

    def times(self, article_id: str | None = None) -> list[TimeExpression]:
        return self.typed_items("times", TimeExpression, article_id)

    # -- files ------------------------------------------------------------------------------

    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.conn.execute("SELECT size, mtime_ns FROM files WHERE path=?", (path,)).fetchone()
        return row is not None and row["size"] == size and row["mtime_ns"] == mtime_ns

    def mark_file(self, path: str, size: int, mtime_ns: int, articles: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, articles) VALUES (?,?,?,?)",
            (path, size, mtime_ns, articles),
        )
