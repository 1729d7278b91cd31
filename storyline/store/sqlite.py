"""The store: articles, their near-duplicate signatures, analysis items, ingested files.

One SQLite file by default (``storyline.db``), or a PostgreSQL database named by URL
(``postgresql://user@host:port/db``); the tables are ``storyline.store.schema`` on both, and
Alembic revisions (``storyline/store/migrations``) bring an older store up to date when opened.

Durability: one transaction per batch of articles (SQLite in WAL mode), so a run killed at any
moment leaves a consistent database; the next run skips what is stored and resumes.

Concurrency: every write transaction starts with ``begin_write``, which waits for the one write
lock: on SQLite ``BEGIN IMMEDIATE``, retried while another process holds it; on PostgreSQL a
transaction-scoped advisory lock (``pg_try_advisory_xact_lock``), also taken before the first
write of any transaction that did not ask for it. So writers take turns on both databases, the
check for an article and its insert are one step, and readers are never blocked. See
docs/reliability.md and docs/scale.md.
"""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.pool import NullPool

from ..errors import StoreError
from ..models import AnalysisItem, Article, Citation, Mention, Quote, Removed, TimeExpression
from . import schema
from .schema import articles as A
from .schema import files as F
from .schema import items as I
from .schema import minhash_bands as B

_Model = TypeVar("_Model", Mention, Quote, Citation, TimeExpression)

T = TypeVar("T")
DEFAULT_DB = "storyline.db"
STORE_VERSION = 1
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The advisory lock key PostgreSQL writers take turns on (any constant; "storylin" in ASCII).
WRITE_LOCK_KEY = 0x73746F72796C696E
PAGE = 1000  # rows read at a time by the iterators, so memory stays flat on any store size


def is_url(target: str | Path) -> bool:
    """Whether a ``--db`` value names a database server (``postgresql://...``), not a file."""
    return isinstance(target, str) and "://" in target


def db_path_from_env(option: str | None) -> Path | str:
    """``--db``, else ``STORYLINE_DB``, else ``storyline.db``: a file path or a database URL."""
    value = option or os.environ.get("STORYLINE_DB") or DEFAULT_DB
    return value if is_url(value) else Path(value)


def engine_url(target: str) -> sa.URL:
    """The SQLAlchemy URL of a ``postgresql://`` (or ``postgres://``) URL: the psycopg 3 driver."""
    url = sa.make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if not url.drivername.startswith("postgresql"):
        raise StoreError(
            f"unsupported database URL {url.render_as_string(hide_password=True)}:"
            " use a file path (SQLite) or postgresql://user@host:port/db",
            code="E201",
        )
    return url


def store_exists(target: str | Path) -> bool:
    """Whether a store is there (a file, or a database holding the store's tables); a server
    that cannot be reached is its own error (E201)."""
    if not is_url(target):
        return Path(target).exists()
    try:
        with Store(str(target), create=False):
            return True
    except StoreError as exc:
        if exc.code == "E204":
            return False
        raise  # an unreachable server is not a missing store


def new_key(result: sa.CursorResult[Any]) -> int:
    """The generated key (``seq``) of the row an ``INSERT`` added."""
    key = result.inserted_primary_key
    return int(key[0]) if key is not None and key[0] is not None else 0


def _article_from_row(row: RowMapping) -> Article:
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


# A write waits this long in all for another writer before the run fails with E205.
WRITE_WAIT_SECONDS = 300.0
# An article whose analysis failed this many times is left alone (``analysis_error`` says why).
MAX_ANALYSIS_ATTEMPTS = 3
IN_LIST = 500  # values per ``IN (...)`` list: far below SQLite's and PostgreSQL's limits


def chunks(values: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """``values`` a list of at most ``size`` at a time, for ``column.in_(...)`` queries."""
    for at in range(0, len(values), size):
        yield values[at : at + size]


# Meta counter that tells the incremental cross-article stages their stored inputs changed:
REPLACED = "items_replaced"  # an article's analysis items were replaced or removed


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "locked" in text or "busy" in text


class _Busy(Exception):
    """The PostgreSQL write lock is held by another process (retried like SQLite's busy)."""

    def __str__(self) -> str:
        return "database is locked by another writer"


@functools.lru_cache(maxsize=8)
def _band_query(n: int) -> sa.Select[tuple[str]]:
    """The articles sharing one of ``n`` (band, bucket) keys, as one statement with bound
    parameters: built once, so SQLAlchemy's statement cache serves every article after the first."""
    match = sa.or_(
        *(sa.and_(B.c.band == sa.bindparam(f"b{i}"), B.c.bucket == sa.bindparam(f"k{i}")) for i in range(n))
    )
    return sa.select(B.c.article_id).where(match).distinct()


class Store:
    """One open database. Use as a context manager, or call ``close()``.

    ``target``: a SQLite file path, or a ``postgresql://`` URL. ``conn`` is the SQLAlchemy
    connection; the statements live in this package (``storyline.store.*``)."""

    def __init__(self, target: Path | str, *, create: bool = True) -> None:
        self.url = str(target) if is_url(target) else None
        self.path = Path(target) if self.url is None else None
        self._locked = False
        if self.url is None:
            self.name = str(self.path)
            self._open_sqlite(create)
        else:
            self.name = sa.make_url(self.url).render_as_string(hide_password=True)
            self._open_postgresql(create)
        self._retry(self._migrate)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self.conn.dialect.name)

    def _open_sqlite(self, create: bool) -> None:
        assert self.path is not None
        if not create and not self.path.exists():
            # A mistyped --db must not leave an empty database behind and answer "nothing".
            raise StoreError(
                f"no database at {self.path}; `storyline ingest PATH` creates one"
                " (or point --db / STORYLINE_DB at an existing file)",
                code="E204",
            )
        self.engine = sa.create_engine(
            sa.URL.create("sqlite", database=str(self.path)), poolclass=NullPool, connect_args={"timeout": 30}
        )
        try:
            self.conn = self.engine.connect()
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc.orig}", code="E201") from exc
        try:
            self._retry(lambda: self.conn.exec_driver_sql("PRAGMA journal_mode=WAL"))
            self.conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
            self.conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            self.conn.commit()
        except sa.exc.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path} is not a storyline database: {exc.orig}", code="E202") from exc

    def _open_postgresql(self, create: bool) -> None:
        assert self.url is not None
        self.engine = sa.create_engine(engine_url(self.url), poolclass=NullPool)
        try:
            self.conn = self.engine.connect()
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"cannot open database {self.name}: {exc.orig}", code="E201") from exc
        event.listen(self.conn, "before_cursor_execute", self._lock_before_write)
        event.listen(self.conn, "commit", self._unlocked)
        event.listen(self.conn, "rollback", self._unlocked)
        if not create and not sa.inspect(self.conn).has_table("articles"):
            self.close()
            raise StoreError(
                f"no storyline store in {self.name}; `storyline ingest --db URL PATH` creates one",
                code="E204",
            )
        self.conn.commit()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "conn", None) is not None:
            self.conn.close()
        self.engine.dispose()

    def _migrate(self) -> None:
        """Bring the store to the newest Alembic revision (a new store: create its tables; a
        store made before migrations: the baseline upgrades it in place), under the write lock."""
        from alembic.operations import Operations
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(MIGRATIONS))
        head = script.get_current_head()

        def current() -> str | None:
            return MigrationContext.configure(self.conn).get_current_revision()

        try:
            revision = current()
            if revision != head:
                self.begin_write()
                revision = current()
            if (
                revision is not None
                and revision != head
                and revision not in {s.revision for s in script.walk_revisions()}
            ):
                self.rollback()
                raise StoreError(
                    f"{self.name} was written by a newer storyline (migration {revision}); upgrade storyline",
                    code="E203",
                )
            if revision != head:
                context = MigrationContext.configure(
                    self.conn,
                    opts={
                        "fn": lambda rev, _ctx: script._upgrade_revs(str(head), rev),
                        "target_metadata": schema.metadata,
                    },
                )
                with Operations.context(context):
                    context.run_migrations()
            row = self.conn.execute(
                sa.select(schema.meta.c.value).where(schema.meta.c.key == "store_version")
            ).first()
            if row is None:
                self.begin_write()
                self.conn.execute(schema.meta.insert().values(key="store_version", value=str(STORE_VERSION)))
            elif int(row[0]) > STORE_VERSION:
                self.rollback()
                raise StoreError(
                    f"{self.name} was written by a newer storyline (store version {row[0]}); upgrade storyline",
                    code="E203",
                )
            self.commit()
        except sa.exc.DatabaseError as exc:
            if _is_busy(exc):
                self.rollback()
                raise
            self.rollback()
            raise StoreError(f"{self.name} is not a storyline database: {exc.orig}", code="E202") from exc

    # -- transactions -------------------------------------------------------------------------

    def commit(self) -> None:
        self._retry(self.conn.commit)

    def rollback(self) -> None:
        self.conn.rollback()

    def begin_write(self) -> None:
        """Take the write lock now unless this transaction holds it, waiting for other writers:
        checks made after this see every committed write of other processes."""
        if self.url is None:
            raw = self.conn.connection.dbapi_connection
            if raw is not None and not raw.in_transaction:
                self._retry(lambda: self.conn.exec_driver_sql("BEGIN IMMEDIATE"))
        elif not self._locked:
            self._retry(self._try_lock)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: the write lock, then committed (or rolled back on an error)."""
        self.begin_write()
        try:
            yield self.conn
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def _try_lock(self) -> None:
        got = self.conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(WRITE_LOCK_KEY))).scalar()
        if not got:
            raise _Busy()
        self._locked = True

    def _lock_before_write(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        """PostgreSQL: the write lock before the first write of a transaction (SQLite's writer
        takes its lock on the first write too), so no two writers ever interleave."""
        if self._locked or statement.lstrip()[:6].upper() in ("SELECT", "WITH R", "SHOW "):
            return
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        pause = 0.05
        while True:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            if cursor.fetchone()[0]:
                self._locked = True
                return
            if time.monotonic() > deadline:
                raise StoreError(
                    f"{self.name} stayed locked by another process for {WRITE_WAIT_SECONDS:.0f}s", code="E205"
                )
            time.sleep(pause * (1 + random.random()))
            pause = min(1.0, pause * 2)

    def _unlocked(self, *args: Any) -> None:
        self._locked = False

    def _retry(self, action: Callable[[], T]) -> T:
        """``action``, retried with backoff while the database is locked by another process
        (beyond SQLite's own busy timeout), for ``WRITE_WAIT_SECONDS`` in all."""
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        pause = 0.05
        while True:
            try:
                return action()
            except (sa.exc.OperationalError, sqlite3.OperationalError, _Busy) as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    if _is_busy(exc):
                        raise StoreError(
                            f"{self.name} stayed locked by another process for {WRITE_WAIT_SECONDS:.0f}s",
                            code="E205",
                        ) from exc
                    raise
                time.sleep(pause * (1 + random.random()))
                pause = min(1.0, pause * 2)

    # -- dialect-specific statements ------------------------------------------------------------

    def insert(self, table: sa.Table) -> Any:
        """``INSERT`` of this database's dialect (``on_conflict_do_nothing``/``_do_update`` follow)."""
        if self.url is None:
            return sqlite_dialect.insert(table)
        return postgresql.insert(table)

    def insert_ignore(self, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert rows, leaving alone those whose key is stored (``INSERT OR IGNORE``)."""
        values = list(rows)
        if values:
            self.conn.execute(self.insert(table).on_conflict_do_nothing(), values)

    def upsert(self, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert rows, replacing the other columns of those whose primary key is stored."""
        values = list(rows)
        if not values:
            return
        keys = [c.name for c in table.primary_key.columns]
        stmt = self.insert(table)
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        self.conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), values)

    def set_meta(self, key: str, value: str) -> None:
        self.upsert(schema.meta, [{"key": key, "value": value}])

    def bump_meta(self, key: str) -> None:
        """Add one to a counter kept in meta (uncommitted)."""
        self.set_meta(key, str(int(self.get_meta(key) or 0) + 1))

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
        return None if row is None else str(row[0])

    # -- articles ------------------------------------------------------------------------------

    def add_article(self, article: Article, text_hash: str, minhash: bytes | None) -> None:
        """Insert (uncommitted; call ``commit``)."""
        self.conn.execute(
            A.insert().values(
                id=article.id,
                source=article.source,
                outlet=article.outlet,
                title=article.title,
                url=article.url,
                published=article.published,
                published_estimate=json.dumps(article.published_estimate)
                if article.published_estimate
                else None,
                language=article.language,
                text=article.text,
                removed=json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False),
                duplicate_of=article.duplicate_of,
                text_hash=text_hash,
                minhash=minhash,
                crawled=article.crawled,
                ingested=article.ingested,
                restored=article.restored,
                encoding=article.encoding,
            )
        )

    def get_article_row(self, article_id: str) -> RowMapping | None:
        """The stored identity of an article (id, text_hash, published, duplicate_of, ingested)."""
        return (
            self.conn.execute(
                sa.select(A.c.id, A.c.text_hash, A.c.published, A.c.duplicate_of, A.c.ingested).where(
                    A.c.id == article_id
                )
            )
            .mappings()
            .first()
        )

    def analysis_version_of(self, article_id: str) -> int | None:
        """The analyzer version an article was last analyzed by (0: never), None when absent."""
        row = self.conn.execute(sa.select(A.c.analysis_version).where(A.c.id == article_id)).first()
        return None if row is None else int(row[0])

    def delete_article(self, article_id: str) -> None:
        """Remove an article and its items (uncommitted); copies keep pointing at its id."""
        self.bump_meta(REPLACED)
        self.conn.execute(I.delete().where(I.c.article_id == article_id))
        self.conn.execute(B.delete().where(B.c.article_id == article_id))
        self.conn.execute(A.delete().where(A.c.id == article_id))

    def forget_article(self, article_id: str) -> dict[str, Any]:
        """Remove an article and everything derived from it, committed: its items and entity
        mentions, the mark of the file it came from (so ingesting that file again brings it
        back), and its place as an original: the earliest of its copies becomes the original
        and the other copies point at that one. Entities must be re-resolved afterwards."""
        with self.write():
            row = self.conn.execute(
                sa.select(A.c.source, A.c.duplicate_of).where(A.c.id == article_id)
            ).first()
            if row is None:
                raise StoreError(f"no article {article_id!r}", code="E410")
            copies = [
                str(r[0])
                for r in self.conn.execute(
                    sa.select(A.c.id)
                    .where(A.c.duplicate_of == article_id)
                    .order_by(sa.func.coalesce(A.c.published, "9999"), A.c.seq)
                )
            ]
            promoted = copies[0] if copies else None
            marks = self._file_marks_of(str(row[0]))
            em = schema.entity_mentions
            self.conn.execute(em.delete().where(em.c.article_id == article_id))
            self.delete_article(article_id)
            if promoted is not None:
                self.conn.execute(A.update().where(A.c.id == promoted).values(duplicate_of=None))
                # The promoted copy has no bands yet: the next DuplicateIndex indexes it.
                self.conn.execute(schema.meta.delete().where(schema.meta.c.key == "minhash_bands"))
                self.conn.execute(
                    A.update().where(A.c.duplicate_of == article_id).values(duplicate_of=promoted)
                )
            for mark in marks:
                self.conn.execute(F.delete().where(F.c.path == mark))
        return {
            "article": article_id,
            "promoted": promoted,
            "repointed": copies[1:],
            "files_unmarked": marks,
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
            for r in self.conn.execute(sa.select(F.c.path))
            if r[0] in (path, absolute) or str(r[0]).endswith(tail)
        ]

    def article_by_hash(self, text_hash: str) -> RowMapping | None:
        return (
            self.conn.execute(
                sa.select(A.c.id, A.c.published, A.c.duplicate_of)
                .where(A.c.text_hash == text_hash)
                .order_by(A.c.seq)
                .limit(1)
            )
            .mappings()
            .first()
        )

    def _pages(self, query: sa.Select[Any], seq: sa.ColumnElement[int]) -> Iterator[RowMapping]:
        """The rows of ``query`` (which selects ``seq`` among its columns) in ``seq`` order, read
        a page at a time by key (not one cursor held open across the caller's commits)."""
        last = -1
        while True:
            rows = self.conn.execute(query.where(seq > last).order_by(seq).limit(PAGE)).mappings().all()
            if not rows:
                return
            yield from rows
            last = int(rows[-1]["seq"])

    # -- near-duplicate index (LSH bands of the stored signatures; see clean/dedupe.py) ---------

    def add_minhash_bands(self, article_id: str, bands: Sequence[tuple[int, int]]) -> None:
        """Index an original's signature by its (band, bucket) keys (uncommitted)."""
        self.insert_ignore(B, ({"band": b, "bucket": k, "article_id": article_id} for b, k in bands))

    def band_candidates(self, bands: Sequence[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(id, minhash) of the originals (not duplicates) sharing at least one band bucket with
        ``bands``, in store order."""
        if not bands:
            return []
        params = {f"b{i}": b for i, (b, _) in enumerate(bands)} | {
            f"k{i}": k for i, (_, k) in enumerate(bands)
        }
        ids = [str(r[0]) for r in self.conn.execute(_band_query(len(bands)), params)]
        found: list[tuple[int, str, bytes]] = []
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            found.extend(
                (int(r[0]), str(r[1]), bytes(r[2]))
                for r in self.conn.execute(
                    sa.select(A.c.seq, A.c.id, A.c.minhash).where(
                        A.c.id.in_(chunk), A.c.duplicate_of.is_(None), A.c.minhash.is_not(None)
                    )
                )
            )
        return [(article_id, sig) for _, article_id, sig in sorted(found)]

    def ensure_minhash_bands(self, bands_of: Callable[[bytes], Sequence[tuple[int, int]]]) -> None:
        """Index the originals that have a signature but no bands (committed): once for stores
        written before the band index existed, and after ``forget_article`` promoted a copy.
        A no-op (one lookup) otherwise."""
        if self.get_meta("minhash_bands") is not None:
            return
        with self.write():
            banded = sa.select(B.c.article_id).where(B.c.article_id == A.c.id).exists()
            rows = self.conn.execute(
                sa.select(A.c.id, A.c.minhash).where(
                    A.c.duplicate_of.is_(None), A.c.minhash.is_not(None), ~banded
                )
            ).all()
            for article_id, sig in rows:
                self.add_minhash_bands(str(article_id), bands_of(bytes(sig)))
            self.set_meta("minhash_bands", "1")

    def published_of(self, article_id: str) -> str | None:
        row = self.conn.execute(sa.select(A.c.published).where(A.c.id == article_id)).first()
        return row[0] if row else None

    def repoint_duplicates(self, old_root: str, new_root: str) -> None:
        """Make ``new_root`` the original of ``old_root`` and of every copy of it."""
        self.conn.execute(B.delete().where(B.c.article_id == old_root))  # originals only
        self.conn.execute(A.update().where(A.c.duplicate_of == old_root).values(duplicate_of=new_root))
        self.conn.execute(A.update().where(A.c.id == old_root).values(duplicate_of=new_root))

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(sa.select(A).where(A.c.id == article_id)).mappings().first()
        if row is None:  # a prefix: a range on the unique index (LIKE would read "_" as a wildcard)
            row = (
                self.conn.execute(
                    sa.select(A)
                    .where(A.c.id >= article_id, A.c.id < article_id + "\U0010ffff")
                    .order_by(A.c.seq)
                    .limit(1)
                )
                .mappings()
                .first()
            )
        return _article_from_row(row) if row else None

    def iter_articles(self, *, include_duplicates: bool = True) -> Iterator[Article]:
        query = sa.select(A)
        if not include_duplicates:
            query = query.where(A.c.duplicate_of.is_(None))
        for row in self._pages(query, A.c.seq):
            yield _article_from_row(row)

    def count_articles(self) -> int:
        return int(self.conn.execute(sa.select(sa.func.count()).select_from(A)).scalar_one())

    def set_published_estimate(self, article_id: str, estimate: dict[str, Any] | None) -> None:
        self.conn.execute(
            A.update()
            .where(A.c.id == article_id)
            .values(published_estimate=json.dumps(estimate) if estimate else None)
        )
        # A resolved article's reports were given the day of its old estimate: the next events
        # step re-dates them (``store.events.redated_event_articles`` reads only these).
        EA, R = schema.event_articles, schema.event_redates
        resolved = sa.select(EA.c.article_id).where(EA.c.article_id == article_id)
        self.conn.execute(self.insert(R).from_select(["article_id"], resolved).on_conflict_do_nothing())

    # -- analysis items ---------------------------------------------------------------------

    def articles_to_analyze(self, version: int) -> list[str]:
        """Ids not yet analyzed by ``version``, but those that failed ``MAX_ANALYSIS_ATTEMPTS`` times."""
        rows = self.conn.execute(
            sa.select(A.c.id)
            .where(A.c.analysis_version != version, A.c.analysis_attempts < MAX_ANALYSIS_ATTEMPTS)
            .order_by(A.c.seq)
        )
        return [str(r[0]) for r in rows]

    def request_analysis(self, article_ids: list[str]) -> None:
        """Have the next analysis run analyze these articles again (their inputs changed)."""
        if article_ids:
            self.conn.execute(
                A.update().where(A.c.id.in_(article_ids)).values(analysis_version=0, analysis_attempts=0)
            )

    def record_analysis_failure(self, article_id: str, error: str) -> int:
        """Count one failed analysis of the article (uncommitted); the attempts made so far."""
        self.conn.execute(
            A.update()
            .where(A.c.id == article_id)
            .values(analysis_attempts=A.c.analysis_attempts + 1, analysis_error=error)
        )
        row = self.conn.execute(sa.select(A.c.analysis_attempts).where(A.c.id == article_id)).first()
        return int(row[0]) if row else 0

    def analysis_status(self) -> list[dict[str, Any]]:
        """Articles whose analysis failed or was cut short: id, attempts, error, note."""
        rows = self.conn.execute(
            sa.select(A.c.id, A.c.analysis_attempts, A.c.analysis_error, A.c.analysis_note)
            .where(sa.or_(A.c.analysis_error.is_not(None), A.c.analysis_note.is_not(None)))
            .order_by(A.c.seq)
        ).mappings()
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
        if self.conn.execute(I.delete().where(I.c.article_id == article_id)).rowcount:
            self.bump_meta(REPLACED)  # results derived from the old items are out of date
        rows = [
            {
                "article_id": article_id,
                "kind": kind,
                "seq": i,
                "start": int(data["start"]),
                "end": int(data["end"]),
                "data": json.dumps(data, ensure_ascii=False),
            }
            for kind, kind_items in results.items()
            for i, data in enumerate(
                item if isinstance(item, dict) else item.to_dict() for item in kind_items
            )
        ]
        if rows:
            self.conn.execute(I.insert(), rows)
        self.conn.execute(
            A.update()
            .where(A.c.id == article_id)
            .values(analysis_version=version, analysis_attempts=0, analysis_error=None, analysis_note=note)
        )

    def items(self, kind: str, article_id: str | None = None) -> list[dict[str, Any]]:
        """Stored items of one kind, each with its ``article`` id, in article then text order."""
        query = sa.select(I.c.article_id, I.c.data).join(A, A.c.id == I.c.article_id).where(I.c.kind == kind)
        if article_id is not None:
            query = query.where(I.c.article_id == article_id)
        out = []
        for row in self.conn.execute(query.order_by(A.c.seq, I.c.seq)):
            item = json.loads(row[1])
            out.append({"article": row[0], **item})
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
        row = self.conn.execute(sa.select(F.c.size, F.c.mtime_ns).where(F.c.path == path)).first()
        return row is not None and row[0] == size and row[1] == mtime_ns

    def mark_file(self, path: str, size: int, mtime_ns: int, articles: int) -> None:
        self.upsert(F, [{"path": path, "size": size, "mtime_ns": mtime_ns, "articles": articles}])
