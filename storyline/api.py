"""The Python API: the plain functions every command (and a Python user) calls.

from storyline.api import ingest_paths, export_document
with Store("news.db") as store:
    report = ingest_paths(store, ["articles/"])
    doc = export_document(store)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from .clean.dedupe import DuplicateIndex, minhash_of, signature_bytes, signature_from_bytes, text_fingerprint
from .ingest.build import build_article
from .ingest.readers import DEFAULT_MAX_BYTES, RawDocument, discover, read_path
from .models import SCHEMA_VERSION, IngestReport, Skipped
from .resolve.outlets import OutletNames, credited_outlets
from .store import Store

if TYPE_CHECKING:
    from .analyze.budget import Budget

COMMIT_EVERY = 50
COMMIT_SECONDS = 1.0  # ...or sooner: another writer waits no longer than this for the lock
Progress = Callable[[str, int], None]  # (phase, advance)


def _noop(phase: str, advance: int) -> None:
    return None


def ingest_paths(
    store: Store,
    paths: Iterable[str],
    *,
    published: str | None = None,
    analyze: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    processes: int | None = None,
    stdin: IO[bytes] | None = None,
    progress: Progress = _noop,
    budget: Budget | None = None,
) -> IngestReport:
    """Read, clean, deduplicate and store every article under ``paths``; then analyze what is new.

    Idempotent: an article already stored with the same text is left alone; a file unchanged
    since it was completely ingested is not read again. Crash-safe: work is committed in
    batches, and a re-run resumes where a killed run stopped. Safe with other writers: each
    batch holds the write lock (``begin_write``) and checks for the article inside it.
    """
    report = IngestReport()
    index = DuplicateIndex()
    for article_id, sig in store.originals_signatures():
        index.add(article_id, signature_from_bytes(sig))
    pending = 0
    batch_started = time.monotonic()
    for item in discover(paths):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        state = None
        if str(item) != "-":
            try:
                st = item.stat()
                state = (str(item.resolve()), st.st_size, st.st_mtime_ns)
            except OSError as exc:
                report.skipped.append(Skipped(str(item), f"unreadable: {exc.strerror or exc}"))
                continue
            if published is None and store.file_unchanged(*state):
                report.unchanged += 1
                progress("files", 1)
                continue
        stored_here = 0
        skipped_before = len(report.skipped)
        for doc in read_path(item, max_bytes=max_bytes, stdin=stdin):
            if isinstance(doc, Skipped):
                report.skipped.append(doc)
                continue
            report.read += 1
            report.warnings.extend(Skipped(doc.source, w) for w in doc.warnings)
            if pending == 0:
                batch_started = time.monotonic()
            stored_here += _ingest_one(store, index, doc, published, report)
            pending += 1
            if pending >= COMMIT_EVERY or time.monotonic() - batch_started > COMMIT_SECONDS:
                store.commit()
                pending = 0
        if state is not None and len(report.skipped) == skipped_before:
            # Files with a bad record are read again next time, so their problems are reported again.
            store.begin_write()
            store.mark_file(*state, articles=stored_here)
        store.commit()
        pending = 0
        progress("files", 1)
    store.commit()
    if analyze:
        report.analyzed = analyze_pending(
            store,
            processes=processes,
            progress=progress,
            failures=report.skipped,
            warnings=report.warnings,
            budget=budget,
        )
    return report


def _ingest_one(
    store: Store, index: DuplicateIndex, doc: RawDocument, published: str | None, report: IngestReport
) -> int:
    try:
        article = build_article(doc, published=published)
    except Exception as exc:  # one bad page must not stop the run; the reason is reported
        report.skipped.append(Skipped(doc.source, f"could not be cleaned: {type(exc).__name__}: {exc}"))
        return 0
    if article is None:
        report.skipped.append(Skipped(doc.source, "no article text found"))
        return 0
    fingerprint = text_fingerprint(article.text)
    mh = minhash_of(article.text)
    store.begin_write()  # from here on, what another process stored is seen: no article twice
    existing = store.get_article_row(article.id)
    # The day this store first held the article, kept when a changed version replaces it.
    article.ingested = (existing["ingested"] if existing is not None else None) or _today()
    if existing is not None:
        if existing["text_hash"] == fingerprint and existing["published"] == article.published:
            report.unchanged += 1
            return 0
        store.delete_article(article.id)  # the source changed: store the new version under the same id
        index.remove(article.id)
    exact = store.article_by_hash(fingerprint)
    original: str | None = None
    if exact is not None:
        original = exact["duplicate_of"] or exact["id"]
    elif mh is not None and (match := index.best_match(mh)) is not None:
        original = match[0]
    if original is not None:
        report.duplicates += 1
        if _earlier(article.published, store.published_of(original)):
            # The copy we hold was republished; the new article is the earliest original.
            store.add_article(article, fingerprint, signature_bytes(mh) if mh is not None else None)
            store.repoint_duplicates(original, article.id)
            index.remove(original)
            if mh is not None:
                index.add(article.id, mh)
            report.stored += 1
            return 1
        article.duplicate_of = original
    store.add_article(article, fingerprint, signature_bytes(mh) if mh is not None else None)
    if mh is not None and article.duplicate_of is None:
        index.add(article.id, mh)
    report.stored += 1
    return 1


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def _earlier(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a[:10] < b[:10]


ANALYZE_BATCH = 200  # articles read from the store at a time, so memory stays flat


def analyze_pending(
    store: Store,
    *,
    processes: int | None = None,
    progress: Progress = _noop,
    failures: list[Skipped] | None = None,
    warnings: list[Skipped] | None = None,
    budget: Budget | None = None,
) -> int:
    """Analyze every article not yet analyzed by this version of the analyzers; resolve entities.

    Each article's items are committed as soon as it is analyzed, so a kill loses at most the
    articles in flight. An article an analyzer fails on is reported in ``failures`` and tried
    again by the next runs, ``MAX_ANALYSIS_ATTEMPTS`` times in all, then left alone with its
    reason (``storyline articles --failed``). An analysis cut short by the ``budget`` is stored
    with a note, reported in ``warnings``.
    """
    from .analyze.budget import Budget
    from .analyze.pipeline import ANALYSIS_VERSION, analyze_many  # spaCy loads only when analyzing
    from .store.sqlite import MAX_ANALYSIS_ATTEMPTS

    ids = store.articles_to_analyze(ANALYSIS_VERSION)
    done = 0
    for first in range(0, len(ids), ANALYZE_BATCH):
        batch = [a for a in (store.get_article(i) for i in ids[first : first + ANALYZE_BATCH]) if a]
        for analysis in analyze_many(batch, processes=processes, budget=budget or Budget()):
            progress("analyze", 1)
            store.begin_write()
            if analysis.error is not None:
                attempts = store.record_analysis_failure(analysis.article_id, analysis.error)
                store.commit()
                if failures is not None:
                    left = MAX_ANALYSIS_ATTEMPTS - attempts
                    then = f"retried next run, {left} attempt(s) left" if left > 0 else "not retried"
                    failures.append(
                        Skipped(analysis.article_id, f"analysis failed ({then}): {analysis.error}")
                    )
                continue
            store.save_analysis(analysis.article_id, analysis.results, ANALYSIS_VERSION, note=analysis.note)
            store.set_published_estimate(analysis.article_id, analysis.published_estimate)
            store.commit()
            if analysis.note and warnings is not None:
                warnings.append(Skipped(analysis.article_id, analysis.note))
            done += 1
    if done:
        from .resolve import resolve_entities

        resolve_entities(store)
        store.commit()
    return done


def list_articles(store: Store) -> list[dict[str, Any]]:
    """One summary row per stored article, in ingest order."""
    rows = []
    for a in store.iter_articles():
        rows.append(
            {
                "id": a.id,
                "outlet": a.outlet,
                "published": a.published,
                "title": a.title,
                "words": len(a.text.split()),
                "removed": len(a.removed),
                "duplicate_of": a.duplicate_of,
                "source": a.source,
            }
        )
    return rows


def export_document(store: Store) -> dict[str, Any]:
    """The whole store as one JSON-ready document (schema in docs/schema.md)."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "articles": [a.to_dict() for a in store.iter_articles()],
    }
    from .resolve import export_entities, speaker_entity_lookup  # loads spaCy: only when exporting

    doc["entities"] = export_entities(store)
    lookup = speaker_entity_lookup(store)
    quotes = store.items("quotes")
    for q in quotes:
        speaker = q.get("speaker")
        if speaker and speaker.get("start") is not None:
            speaker["entity"] = lookup(q["article"], speaker["start"], speaker["end"])
    doc["quotes"] = quotes
    doc["citations"] = store.items("citations")
    doc["times"] = store.items("times")
    return doc


def outlet_names(store: Store, citations: list[dict[str, Any]] | None = None) -> OutletNames:
    """The outlet names known to the store (article outlets and the citing side of citations),
    so the spellings of one outlet can be counted as one."""
    cited = store.items("citations") if citations is None else citations
    known: list[str] = []
    for article in store.iter_articles():
        if article.outlet:
            known.append(article.outlet)
        for span in article.removed:
            if span.kind == "credit":
                known += credited_outlets(span.text)
    known += [str(c["citing"]) for c in cited if c.get("citing")]
    return OutletNames(known)


def summarize(store: Store, top: int = 10) -> dict[str, Any]:
    """An overview of what the store holds: articles, independent sources, speakers, citations."""
    from collections import Counter

    articles = list(store.iter_articles())
    originals = [a for a in articles if a.duplicate_of is None]
    quotes = store.items("quotes")
    speakers = Counter(
        (q.get("speaker") or {}).get("name") or "(unattributed)"
        for q in quotes
        if q.get("kind") != "reported"
    )
    citations = store.items("citations")
    names = outlet_names(store, citations)
    pairs = (
        (names.canonical(c.get("citing") or "?"), names.canonical(c.get("cited") or "")) for c in citations
    )
    # "an official told NWA" in an NWA article names the source, not a second outlet
    cited = Counter((a, b) for a, b in pairs if b and b != a)
    dated = [a.published or (a.published_estimate or {}).get("latest") for a in articles]
    days = sorted(d[:10] for d in dated if d)
    return {
        "articles": len(articles),
        "independent_articles": len(originals),
        "duplicates": len(articles) - len(originals),
        "outlets": sorted({names.canonical(a.outlet) for a in articles if a.outlet}),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "quotes": len(quotes),
        "top_speakers": [{"speaker": s, "quotes": n} for s, n in speakers.most_common(top)],
        "top_citations": [{"citing": a, "cited": b, "count": n} for (a, b), n in cited.most_common(top)],
        "times": len(store.items("times")),
    }
