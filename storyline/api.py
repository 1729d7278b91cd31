"""The Python API: the plain functions every command (and a Python user) calls.

from storyline.api import ingest_paths, export_document
with Store("news.db") as store:
    report = ingest_paths(store, ["articles/"])
    doc = export_document(store)
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the ingest libraries (trafilatura, datasketch) load only when ingesting
    from .clean.dedupe import DuplicateIndex
    from .ingest.readers import RawDocument

from .errors import StorylineError
from .ingest.readers import DEFAULT_MAX_BYTES
from .models import SCHEMA_VERSION, Article, IngestReport, Skipped
from .resolve.outlets import OutletNames, outlet_names
from .store import Store
from .store.derived import ensure_derived
from .store.queries import (
    ItemFilter,
    article_count,
    article_dates,
    article_page,
    date_span,
    distinct_outlets,
    entity_counts,
    entity_total,
    item_count,
    item_page,
    resolve_article_id,
    speaker_counts,
)

if TYPE_CHECKING:
    from .analyze.budget import Budget
    from .ingest.prepare import Prepared

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
    from .clean.dedupe import DuplicateIndex
    from .ingest.prepare import Preparer
    from .ingest.readers import RawDocument, discover, read_path

    index = DuplicateIndex(store)
    # Cleaning in worker processes only when asked for (``--processes N``, N ≥ 2): the store's
    # writes stay in this process, in input order, so the result is the same.
    preparer = Preparer(processes if processes is not None and processes > 1 else 1, published)

    def stream() -> Iterator[object]:
        """The documents of every path, each file's between its start and end marks."""
        for item in discover(paths):
            if isinstance(item, Skipped):
                yield item
                continue
            state = None
            if str(item) != "-":
                try:
                    st = item.stat()
                    state = (str(item.resolve()), st.st_size, st.st_mtime_ns)
                except OSError as exc:
                    yield Skipped(str(item), f"unreadable: {exc.strerror or exc}")
                    continue
                if published is None and store.file_unchanged(*state):
                    yield _File(state, unchanged=True)
                    continue
            yield _File(state)
            yield from read_path(item, max_bytes=max_bytes, stdin=stdin)
            yield _File(state, end=True)

    pending = stored_here = skipped_before = 0
    batch_started = time.monotonic()
    try:
        for doc, prepared in preparer.map(stream()):
            if isinstance(doc, Skipped):
                report.skipped.append(doc)
                continue
            if isinstance(doc, _File):
                if doc.unchanged:
                    report.unchanged += 1
                    progress("files", 1)
                elif not doc.end:
                    stored_here, skipped_before = 0, len(report.skipped)
                else:
                    if doc.state is not None and len(report.skipped) == skipped_before:
                        # Files with a bad record are read again next time, so their problems
                        # are reported again.
                        store.begin_write()
                        store.mark_file(*doc.state, articles=stored_here)
                    store.commit()
                    pending = 0
                    progress("files", 1)
                continue
            assert isinstance(doc, RawDocument) and prepared is not None
            report.read += 1
            report.warnings.extend(Skipped(doc.source, w) for w in doc.warnings)
            if pending == 0:
                batch_started = time.monotonic()
            stored_here += _store_prepared(store, index, doc, prepared, report)
            pending += 1
            if pending >= COMMIT_EVERY or time.monotonic() - batch_started > COMMIT_SECONDS:
                store.commit()
                pending = 0
    finally:
        preparer.close()
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


@dataclass(frozen=True, slots=True)
class _File:
    """A file's start (or ``end``) in the stream of documents; ``unchanged``: not read again."""

    state: tuple[str, int, int] | None
    end: bool = False
    unchanged: bool = False


def _store_prepared(
    store: Store, index: DuplicateIndex, doc: RawDocument, prepared: Prepared, report: IngestReport
) -> int:
    if prepared.error is not None:  # one bad page must not stop the run; the reason is reported
        report.skipped.append(Skipped(doc.source, prepared.error))
        return 0
    if prepared.article is None:
        report.skipped.append(Skipped(doc.source, "no article text found"))
        return 0
    return store_article(
        store, index, prepared.article, report, fingerprint=prepared.fingerprint, signature=prepared.signature
    )


def store_article(
    store: Store,
    index: DuplicateIndex,
    article: Article,
    report: IngestReport,
    *,
    fingerprint: str | None = None,
    signature: bytes | None = None,
) -> int:
    """Store one built article (marking it a copy of an earlier original when it is one); 1 when
    stored, 0 when the store already held it unchanged. Ingest and ``storyline load`` share it.
    ``fingerprint`` and ``signature``, when given, are the article's (computed by a worker)."""
    from .clean.dedupe import minhash_of, signature_bytes, signature_from_bytes, text_fingerprint

    if fingerprint is None:
        fingerprint = text_fingerprint(article.text)
        mh = minhash_of(article.text)
    else:
        mh = signature_from_bytes(signature) if signature is not None else None
    store.begin_write()  # from here on, what another process stored is seen: no article twice
    existing = store.get_article_row(article.id)
    # The day this store first held the article, kept when a changed version replaces it.
    article.ingested = (existing["ingested"] if existing is not None else None) or _today()
    if existing is not None:
        if existing["text_hash"] == fingerprint and existing["published"] == article.published:
            report.unchanged += 1
            return 0
        store.delete_article(article.id)  # the source changed: store the new version under the same id
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
            store.repoint_duplicates(original, article.id)  # and drops the old original from the index
        else:
            article.duplicate_of = original
            store.add_article(article, fingerprint, signature_bytes(mh) if mh is not None else None)
    else:
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
        resolve_across_articles(store)
    else:  # a store analyzed before stories existed: group what is in none yet
        from .stories import group_pending

        group_pending(store)
    return done


def resolve_across_articles(store: Store) -> None:
    """The cross-article stages, after new analysis arrived (ingest, analyze, ``storyline load``)."""
    from .resolve import resolve_entities, resolve_events
    from .stories import group_pending

    resolve_entities(store)
    resolve_events(store)  # events name their participants by entity id: after entities
    redated = date_yearless_datelines(store)
    if redated:
        # Their relative dates ("on Monday", "March 20") resolve against the new day: analyze
        # them again, which runs these stages once more (a dated dateline is not dated again).
        store.begin_write()
        store.request_analysis(redated)
        store.commit()
        if analyze_pending(store):
            return  # its own run of these stages finished the job
    narrow_undated_windows(store)
    store.commit()
    group_pending(store)  # incremental: only articles in no story yet


def date_yearless_datelines(store: Store) -> list[str]:
    """Undated articles whose dateline writes a day but no year ("TESSVIK, March 3 (NWA)") take
    the year of the dated articles that report the same events (``stories/datelines.py``).
    Returns the ids of the articles dated."""
    from .store.events import load_events
    from .store.queries import undated_datelines
    from .stories.datelines import date_datelines

    datelines = undated_datelines(store)
    if not datelines:
        return []
    found = date_datelines(load_events(store, datelines.keys()), article_dates(store), datelines)
    if found:
        store.begin_write()
        for article_id, estimate in found.items():
            store.set_published_estimate(article_id, estimate)
        store.commit()
    return sorted(found)


WINDOW_BATCH = 200  # undated articles whose reports are read at once to narrow their windows


def narrow_undated_windows(store: Store) -> int:
    """Undated articles take dates from the events they share with dated ones: one reporting as
    upcoming an event other articles date was published before it (and after it, when held)."""
    from .store.events import clear_event_changes, event_changes, undated_event_articles, window_events
    from .store.sqlite import chunks
    from .stories.timeline import narrow_windows

    # Only the undated articles that report an event written since the last call: a window
    # depends on the events its article reports, and the others were narrowed already.
    changed = event_changes(store)
    if changed is not None and not changed:
        return 0
    # No article text, and (when the changed events are known) only the undated articles they
    # touch: this runs after every analysis.
    if changed is None:
        undated = undated_event_articles(store, None)
    else:  # the new undated articles, and those of the events whose window evidence moved
        undated = undated_event_articles(store, changed.events) | changed.articles
    # An article's window depends on its own reports and the heads of their events only, so the
    # articles are narrowed a batch at a time: an event reported by every replica of a story
    # ("the meeting", dated anew each year) has its window readers in the thousands, and reading
    # all their reports at once made this step's memory grow with the store.
    narrowed: dict[str, dict[str, Any]] = {}
    for batch in chunks(sorted(undated), WINDOW_BATCH):
        events = window_events(store, batch)
        if events:
            narrowed.update(narrow_windows(events, article_dates(store, batch)))
    store.begin_write()
    for article_id, window in narrowed.items():
        store.set_published_estimate(article_id, window)
    clear_event_changes(store)
    return len(narrowed)


def list_articles(store: Store, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """One summary row per stored article (copies too), in ingest order; one page if asked."""
    rows = []
    for r in article_page(store, limit=limit, offset=offset):
        rows.append(
            {
                "id": r["id"],
                "outlet": r["outlet"],
                "published": r["published"],
                "title": r["title"],
                "words": len(r["text"].split()),
                "removed": len(json.loads(r["removed"])),
                "duplicate_of": r["duplicate_of"],
                "source": r["source"],
            }
        )
    return rows


def forget_article(store: Store, article_id: str) -> dict[str, Any]:
    """Remove one article (id or unique prefix) and everything derived from it; its copies
    get a new original; entities and events are re-resolved. Ingesting its file again brings
    it back."""
    found = resolve_article_id(store, article_id)
    report = store.forget_article(found)
    from .resolve import resolve_entities, resolve_events

    report["entities"] = resolve_entities(store)
    report["events"] = resolve_events(store)  # a whole resolution: an article is gone
    return report


def list_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    article: str | None = None,
    kind: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_copies: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of quotes (and how many match), each speaker with its resolved ``entity``.

    ``speaker`` names an entity (name, alias or id: every spelling of the person, pronouns
    resolved to them included); a name no entity has matches speaker names containing it.
    ``outlet`` is any spelling of one outlet; ``since``/``until`` are ISO days.
    Quotes of duplicate articles are left out unless ``include_copies``."""
    from .resolve import find_entity, speaker_entity_lookup
    from .store.entities import entity_names

    wanted = ItemFilter("quotes", item_kind=kind, since=since, until=until, include_copies=include_copies)
    if article is not None:
        wanted.articles = {resolve_article_id(store, article)}
    if outlet is not None:
        wanted.outlets = outlet_spellings(store, outlet)
    if kind is not None:
        refresh_derived(store)  # the kind filter reads quote_speakers
    if speaker is not None:
        try:
            wanted.speaker_entity = str(find_entity(store, speaker)["id"])
            refresh_derived(store)
        except StorylineError as exc:
            if exc.code != "E402":  # several entities match: say which, do not guess
                raise
            wanted.speaker_text = speaker
    quotes, total = item_page(store, wanted, limit, offset), item_count(store, wanted)
    lookup = speaker_entity_lookup(store, {q["article"] for q in quotes})
    ids = []
    for q in quotes:
        found = _speaker_span_entity(lookup, q)
        if found is not None:
            q["speaker"]["entity"] = found
            ids.append(found)
    names = entity_names(store, ids) if ids else {}
    for q in quotes:
        who = q.get("speaker") or {}
        if who.get("entity") in names:
            who["entity_name"] = names[who["entity"]]
    return quotes, total


def refresh_derived(store: Store) -> None:
    """Bring the derived read tables (entity counts, quote speakers) up to date."""
    from .resolve import speaker_entity_lookup

    ensure_derived(store, speaker_entity_lookup)


def list_entities(
    store: Store,
    *,
    entity_type: str | None = None,
    include_copies: bool = False,
    limit: int | None = None,
    offset: int = 0,
    full: bool = True,
) -> tuple[list[dict[str, Any]], int]:
    """One page of entities, most mentioned first, and how many there are. Each is the stored
    entity (``full``: with every mention) plus ``mention_count`` and ``articles`` counted in
    independent articles unless ``include_copies``."""
    from .store.entities import load_entity, load_entity_summary

    refresh_derived(store)
    page = entity_counts(
        store, entity_type=entity_type, include_copies=include_copies, limit=limit, offset=offset
    )
    load = load_entity if full else load_entity_summary
    rows = []
    for entity_id, mentions, articles in page:
        entity = load(store, entity_id)
        if entity is not None:
            rows.append({**entity, "mention_count": mentions, "articles": articles})
    return rows, entity_total(store, entity_type)


def _speaker_span_entity(lookup: Callable[[str, int, int], str | None], quote: dict[str, Any]) -> str | None:
    speaker = quote.get("speaker")
    if not speaker or speaker.get("start") is None:
        return None
    return lookup(str(quote["article"]), int(speaker["start"]), int(speaker["end"]))


def outlet_spellings(store: Store, outlet: str) -> set[str]:
    """The stored article outlets that are spellings of ``outlet`` ("the Herald" finds
    "Tessvik Herald" when the store knows them as one)."""
    stored = distinct_outlets(store)
    names = OutletNames(stored)
    wanted = names.canonical(outlet)
    return {o for o in stored if names.canonical(o) == wanted}


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
    from .resolve import export_events

    doc["events"] = [_export_event(e) for e in export_events(store)]
    doc["event_mentions"] = store.items("events")
    from .stories import export_stories

    doc["stories"] = export_stories(store)
    return doc


_EVENT_FIELDS = ("id", "type", "name", "participants", "place", "date", "status", "history", "mentions")
_HISTORY_FIELDS = ("status", "reported", "said_by", "article", "start", "end", "text", "disputed")


def _export_event(event: dict[str, Any]) -> dict[str, Any]:
    """An event as docs/schema.md defines it (the store keeps a little more: merges, cues)."""
    out = {k: event.get(k) for k in _EVENT_FIELDS}
    out["history"] = [{k: h.get(k) for k in _HISTORY_FIELDS} for h in event.get("history", [])]
    out["merges"] = event.get("merges", [])
    return out


def list_speakers(
    store: Store, *, include_copies: bool = False, limit: int | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of speakers of quoted speech, most quoted first, and how many there are; a
    speaker is a resolved entity (every spelling of a person is one), else a name as written.
    Quotes of duplicate articles are left out unless ``include_copies``."""
    from .store.entities import entity_names

    refresh_derived(store)
    page, total = speaker_counts(store, include_copies=include_copies, limit=limit, offset=offset)
    names = entity_names(store, [k for k, _, _ in page if not k.startswith("name:")]) if page else {}
    rows = [
        {"speaker": names.get(k, name), "quotes": n, **({"entity": k} if k in names else {})}
        for k, name, n in page
    ]
    return rows, total


def summarize(store: Store, top: int = 10, *, include_copies: bool = False) -> dict[str, Any]:
    """An overview of what the store holds: articles, independent sources, speakers, citations.

    Speakers are counted by resolved entity (every spelling of a person is one speaker), and
    quotes and citations of duplicate articles are left out unless ``include_copies``: a copy
    says nothing its original did not."""
    from collections import Counter

    total = article_count(store)
    independent = article_count(store, include_copies=False)
    top_speakers, _ = list_speakers(store, include_copies=include_copies, limit=top)
    citations = item_page(store, ItemFilter("citations", include_copies=include_copies))
    outlets = outlet_names(store, citations)
    pairs = (
        (outlets.canonical(c.get("citing") or "?"), outlets.canonical(c.get("cited") or ""))
        for c in citations
    )
    # "an official told NWA" in an NWA article names the source, not a second outlet
    cited = Counter((a, b) for a, b in pairs if b and b != a)
    first_day, last_day = date_span(store)
    return {
        "articles": total,
        "independent_articles": independent,
        "duplicates": total - independent,
        "outlets": sorted({outlets.canonical(o) for o in distinct_outlets(store)}),
        "first_day": first_day,
        "last_day": last_day,
        "quotes": item_count(store, ItemFilter("quotes", include_copies=include_copies)),
        "top_speakers": top_speakers,
        "top_citations": [{"citing": a, "cited": b, "count": n} for (a, b), n in cited.most_common(top)],
        "times": item_count(store, ItemFilter("times", include_copies=include_copies)),
        "include_copies": include_copies,
    }
