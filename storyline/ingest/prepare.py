"""Cleaning before storing: a raw document made an article with its fingerprint and
near-duplicate signature, in this process or in worker processes.

    Preparer(processes, published).map(docs) -> (doc, Prepared) in input order

Everything here is per document and touches no store, so it can run in workers; storing
(duplicates, inserts, commits) stays in the caller's process, in input order, so a parallel
ingest stores exactly what a sequential one does. At most ``IN_FLIGHT`` documents per worker are
read ahead, so memory stays bounded on a stream of any length.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult, Pool

from ..models import Article
from .readers import RawDocument

IN_FLIGHT = 4  # documents handed to each worker ahead of the one being stored
# A result that does not come (a worker killed mid-document never answers): the document is then
# prepared in this process.
WAIT_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Prepared:
    article: Article | None  # None: no article text found (or ``error``)
    fingerprint: str | None = None
    signature: bytes | None = None  # MinHash values (clean.dedupe.signature_bytes); None: too short
    error: str | None = None


def prepare(doc: RawDocument, published: str | None = None) -> Prepared:
    """Build and fingerprint one document; a failure is a reason, never an exception."""
    from ..clean.dedupe import minhash_of, signature_bytes, text_fingerprint
    from .build import build_article

    try:
        article = build_article(doc, published=published)
    except Exception as exc:  # one bad page must not stop the run; the reason is reported
        return Prepared(None, error=f"could not be cleaned: {type(exc).__name__}: {exc}")
    if article is None:
        return Prepared(None)
    mh = minhash_of(article.text)
    return Prepared(article, text_fingerprint(article.text), signature_bytes(mh) if mh is not None else None)


def _prepare_in_worker(doc: RawDocument, published: str | None) -> Prepared:
    return prepare(doc, published)


class Preparer:
    """Prepares documents in ``processes`` workers (1: in this process)."""

    def __init__(self, processes: int = 1, published: str | None = None) -> None:
        self.processes = max(1, processes)
        self.published = published
        self._pool: Pool | None = None

    def map(self, items: Iterable[object]) -> Iterator[tuple[object, Prepared | None]]:
        """Each item with what ``prepare`` made of it when it is a ``RawDocument`` (else None: a
        ``Skipped``, a mark of the caller's), in input order."""
        if self.processes == 1:
            for item in items:
                yield item, prepare(item, self.published) if isinstance(item, RawDocument) else None
            return
        if self._pool is None:
            # fork: the workers need nothing of this process but the code (they never touch
            # the store); the main process keeps every connection.
            self._pool = get_context("fork").Pool(self.processes)
        window: deque[tuple[object, AsyncResult[Prepared] | None]] = deque()
        for item in items:
            task = None
            if isinstance(item, RawDocument):
                task = self._pool.apply_async(_prepare_in_worker, (item, self.published))
            window.append((item, task))
            if len(window) >= IN_FLIGHT * self.processes:
                yield self._next(window)
        while window:
            yield self._next(window)

    def _next(
        self, window: deque[tuple[object, AsyncResult[Prepared] | None]]
    ) -> tuple[object, Prepared | None]:
        item, task = window.popleft()
        if task is None:
            return item, None
        assert isinstance(item, RawDocument)
        try:
            return item, task.get(timeout=WAIT_SECONDS)
        except Exception:  # a worker that died (or a result that would not pickle): do it here
            return item, prepare(item, self.published)

    def close(self) -> None:
        """Stop the workers (those still busy are ended: nothing they make is needed any more)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
