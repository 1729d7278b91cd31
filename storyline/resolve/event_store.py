"""Canonical events over the store: stored ``events`` items -> mention records -> events.

    resolve_events(store) -> int                     recompute events from items + overrides
    export_events(store, type=, status=, entity=)    the stored events (as last resolved)
    find_event(store, query) -> dict                 by id or id prefix
    merge_events(store, a, b) / split_event(store, event, mention)   record an override, re-resolve

A mention's participants become canonical entity ids through the entity resolution's span
lookup (``speaker_entity_lookup``); the reported day is the article's published date, else the
latest day of its estimate, else unknown; a mention inside a quote whose ``when`` is a dated
time expression is reported on that day.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any

from ..analyze.entities.names import fold, plain_key, slug
from ..errors import StorylineError
from ..models import Article
from ..store import Store
from ..store.entities import clear_entity_changes, entity_changes, load_entity_summary
from ..store.events import (
    add_event_override,
    block_members,
    count_events,
    event_state,
    event_summaries,
    list_event_overrides,
    load_events,
    redated_event_articles,
    replace_events,
    resolvable_event_articles,
    resolved_among,
    stored_event_records,
    unresolved_event_articles,
    update_events,
)
from ..store.sqlite import REPLACED
from .events import (
    BLOCK_REACH,
    Block,
    Blocks,
    Event,
    MentionRecord,
    Titles,
    cluster_mentions,
    give_years,
    mention_blocks,
    office_key,
    resolve_event_mentions,
)

log = logging.getLogger(__name__)
Item = dict[str, Any]
EntityLookup = Callable[[str, int, int], str | None]


def _sentence_text(text: str, item: Item) -> str:
    sentence = item.get("sentence") or {}
    start, end = sentence.get("start"), sentence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end].strip()
    return str(item.get("text") or "")


def _items(store: Store, kind: str, articles: Collection[str] | None) -> list[Item]:
    if articles is None:
        return store.items(kind)
    return [item for a in sorted(articles) for item in store.items(kind, a)]


def _quote_days(
    store: Store, articles: Collection[str] | None = None
) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, (start, end, day) of quotes whose ``when`` is a dated time expression."""
    times: dict[str, list[Item]] = defaultdict(list)
    for t in _items(store, "times", articles):
        times[t["article"]].append(t)
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for quote in _items(store, "quotes", articles):
        when = quote.get("when") or {}
        if when.get("start") is None:
            continue
        for t in times.get(quote["article"], []):
            value = str(t.get("value") or "")
            overlaps = int(t["start"]) < int(when["end"]) and int(when["start"]) < int(t["end"])
            if overlaps and len(value) >= 10 and value[:10].replace("-", "").isdigit():
                out[quote["article"]].append((int(quote["start"]), int(quote["end"]), value[:10]))
                break
    for spans in out.values():
        spans.sort()
    return out


def mention_records(
    store: Store, lookup: EntityLookup | None = None, articles_of: Collection[str] | None = None
) -> list[MentionRecord]:
    """Every stored ``events`` item (of the articles ``articles_of``, when given) as a mention
    record (negated mentions stay: "no meeting is scheduled" is a report, status ``denied``;
    generic ones do not: they are about no one event)."""
    from . import speaker_entity_lookup

    items = _items(store, "events", articles_of)
    if not items:
        return []
    lookup = lookup or speaker_entity_lookup(store, articles_of)
    articles: dict[str, tuple[str | None, str, str | None, bool]] = {}
    if articles_of is None:
        originals: Iterable[Article | None] = store.iter_articles(include_duplicates=False)
    else:
        originals = (store.get_article(a) for a in sorted(articles_of))
    for a in originals:
        if a is None or a.duplicate_of:  # a copy is not another report
            continue
        day = a.published[:10] if a.published else (a.published_estimate or {}).get("latest")
        articles[a.id] = (day[:10] if day else None, a.text, a.outlet, bool(a.published))
    quote_days = _quote_days(store, articles_of)
    titles = person_titles(store)
    records = []
    for item in items:
        article = str(item["article"])
        if article not in articles or item.get("generic"):
            # "every round of talks", "the summit that was announced": no report about one event
            continue
        day, text, outlet, dated = articles[article]
        start, end = int(item["start"]), int(item["end"])
        spans = quote_days.get(article, [])
        at = bisect.bisect_right(spans, (start, 1 << 60, "")) - 1
        quote_day = at >= 0 and spans[at][0] <= start < spans[at][1]
        if quote_day:
            day = spans[at][2]
        participants: set[str] = set()
        names: dict[str, str] = {}
        for p in item.get("participants") or []:
            entity = None
            if p.get("office"):
                # "the foreign ministers of Valdoria and Marasta": known by office, matched to the
                # office holders of the events it is compared with (``events.office_holders``)
                entity = office_key(str(p["office"]), str(p.get("country") or ""))
            elif p.get("start") is not None:
                entity = lookup(article, int(p["start"]), int(p["end"]))
            entity = entity or (f"name:{slug(str(p.get('name') or ''))}" if p.get("name") else None)
            if entity:
                participants.add(entity)
                names[entity] = str(p.get("name") or entity)
        # the words of its people's titles ("valdorian foreign minister"): office and country blocks
        title_words = [t.split() for p in participants if p.startswith("person:") for t in titles(p) if t]
        place = (item.get("place") or {}).get("text")
        time = item.get("time") or {}
        asserted = item.get("asserted_by") or {}
        records.append(
            MentionRecord(
                article=article,
                start=start,
                end=end,
                text=str(item.get("text") or ""),
                type=str(item.get("type") or "event"),
                participants=frozenset(participants),
                participant_names=names,
                place=str(place) if place else None,
                time_value=str(time["value"]) if time.get("value") else None,
                granularity=str(time["granularity"]) if time.get("granularity") else None,
                status=str(item.get("status") or "held"),
                reported=day,
                said_by=str(asserted.get("name") or outlet or "") or None,
                sentence=_sentence_text(text, item),
                disputed=bool(item.get("disputed")),
                status_cue=item.get("status_cue"),
                quote_day=quote_day,
                dated=dated,
                held_offices=frozenset(words[-1] for words in title_words),
                held_words=frozenset(w for words in title_words for w in words[:-1] if len(w) > 3),
            )
        )
    _name_the_definite(records, {a: v[1] for a, v in articles.items()})
    return records


DEFINITE = frozenset({"the", "this", "that", "their", "its"})


def _name_the_definite(records: list[MentionRecord], texts: dict[str, str]) -> None:
    """A definite mention that names no one ("before the summit", "the summit will be") is the
    event its article last named by the same word with its people ("the March 20 summit with
    President Dravich") when a quote's day has it reported before that mention (on the same day
    it follows that mention and joins its event): it takes those people, so it joins that event
    whatever day it is reported on."""
    by_article: dict[str, list[MentionRecord]] = defaultdict(list)
    for record in records:
        by_article[record.article].append(record)
    for article, mentions in by_article.items():
        named: dict[tuple[str, str], MentionRecord] = {}
        for record in sorted(mentions, key=lambda r: r.start):
            key = (record.type, record.text.lower())
            if record.participants:
                named[key] = record
                continue
            before = texts[article][max(0, record.start - 8) : record.start].split()
            antecedent = named.get(key)
            if (
                antecedent is None
                or antecedent.reported == record.reported  # then it joins the event it follows
                or record.place
                or record.time_value
                or not before
                or before[-1].lower() not in DEFINITE
            ):
                continue
            record.participants = antecedent.participants
            record.participant_names = dict(antecedent.participant_names)


STATE_VERSION = 6  # 3: events stored as heads, their history in the mention rows; 4: office blocks;
# 5: an undated report joins only events reported or dated within half a year of it;
# 6: a country acting ("Valdoria called off the summit") meets its people's events by title words


def resolve_events(store: Store, *, full: bool = False) -> int:
    """Canonical events from the stored ``events`` items and the user's overrides, persisted;
    returns how many there are.

    Incremental by default: new articles' mentions join the stored events through the same
    loop, blocks and candidates as a whole resolution, and only the events they touch are
    rewritten; exactly the whole resolution's result when the new reports are later than every
    resolved one, arrival order when they are undated or older. Everything is resolved again
    when ``full``, with an override, after an article was re-analyzed or removed, or when the
    entity resolution moved mentions of resolved articles (docs/events_resolve.md)."""
    if not full:
        count = _resolve_new(store)
        if count is not None:
            return count
    return _resolve_all(store)


def person_titles(store: Store) -> Titles:
    """A person's titles as the entity resolution keeps them, folded ("valdorian foreign
    minister"); read per person on first use: only participants known by office ask."""
    cache: dict[str, frozenset[str]] = {}

    def titles(entity_id: str) -> frozenset[str]:
        found = cache.get(entity_id)
        if found is None:
            summary = load_entity_summary(store, entity_id) or {}
            found = cache[entity_id] = frozenset(
                " ".join(plain_key(str(t)).split()) for t in summary.get("titles") or [] if t
            )
        return found

    return titles


def _resolve_all(store: Store) -> int:
    replaced = store.get_meta(REPLACED)  # read first: a re-analysis from now on is seen next time
    articles = resolvable_event_articles(store)
    records, overrides = mention_records(store), list_event_overrides(store)
    blocks = Blocks(titles=person_titles(store))
    events = resolve_event_mentions(records, overrides, blocks=blocks)
    if give_years(records, events):  # undated reports' yearless dates, dated by their events
        blocks = Blocks(titles=blocks.titles)
        events = resolve_event_mentions(records, overrides, blocks=blocks)
    state: dict[str, Any] | None = None
    if not overrides:  # overrides reshape events after clustering: nothing to go on from
        state = {
            "v": STATE_VERSION,
            "frontier": list(max(r.order() for r in records)) if records else None,
            "clock": blocks.clock,
            "next_seq": len(events),
            "replaced": replaced,
        }
    replace_events(
        store,
        [_head(e) for e in events],
        [row for e in events for row in _rows(e)],
        seqs={e.id: e.seq for e in events},
        blocks=[(f, k, [(e.id, t) for e, t in members]) for (f, k), members in blocks.rows()]
        if state
        else (),
        articles=articles,
        state=state,
        summaries={e.id: e.summary() for e in events} if state else None,
    )
    clear_entity_changes(store)
    return len(events)


def _head(event: Event) -> dict[str, Any]:
    """What is stored in ``events.data``: the head, and the merges no mention row carries (the
    user's merges and splits)."""
    refs = {m.ref for m in event.mentions}
    return {**event.head(), "extra_merges": [m for m in event.merges if m["from"] not in refs]}


def _rows(event: Event, only: Collection[str] | None = None) -> list[dict[str, Any]]:
    """The mention rows of an event (of the articles ``only``): each record with why it joined."""
    reasons = {m["from"]: m["reason"] for m in event.merges}
    return [
        {
            "event_id": event.id,
            "article": m.article,
            "start": m.start,
            "end": m.end,
            "record": {**m.to_dict(), "reason": reasons.get(m.ref)},
        }
        for m in event.mentions
        if only is None or m.article in only
    ]


def _whole(reason: str) -> int | None:
    """Say why the incremental step gives way to a whole resolution (None: resolve all)."""
    log.info("events: resolving every article again: %s", reason)
    return None


class _Stale(Exception):
    """The stored index names an event whose records are missing: resolve everything."""


def _resolve_new(store: Store) -> int | None:
    """The incremental step, or None when only a whole resolution is right."""
    state = event_state(store)
    if not state or state.get("v") != STATE_VERSION:
        return _whole("no stored resolution to go on from")
    if list_event_overrides(store):
        return _whole("the user's overrides reshape events")
    if state.get("replaced") != store.get_meta(REPLACED):
        return _whole("resolved articles were re-analyzed or removed")
    new = unresolved_event_articles(store)
    moved = entity_changes(store)
    if moved is None or resolved_among(store, moved):
        return _whole("the entity resolution moved mentions of resolved articles")
    records = mention_records(store, articles_of=new)
    frontier = tuple(state["frontier"]) if state.get("frontier") else None
    late = [r for r in records if r.reported is None or (frontier is not None and r.order() <= frontier)]
    if late:
        # A whole resolution would take these first; they join in arrival order instead.
        log.info(
            "events: %d new report(s) undated or older than the resolved ones join in arrival order",
            len(late),
        )
    cache: dict[str, Event] = {}

    def load(block: Block) -> list[tuple[Event, int]]:
        # Candidates from their summaries; an event's records are read when a mention joins it.
        out = []
        for event_id, touched in stored[block]:  # every block asked for is a new mention's
            event = cache.get(event_id)
            if event is None:
                summary = summaries.get(event_id)
                if summary is None:
                    event = _rebuild(store, event_id)
                else:
                    event = Event.from_summary(summary, partial(_stored_records, store, event_id))
                cache[event_id] = event
            out.append((event, touched))
        return out

    # Every block the new mentions are compared in, and their events' summaries: a few queries.
    stored = block_members(store, {b for r in records for b in mention_blocks(r)}, BLOCK_REACH)
    summaries = event_summaries(store, {e for members in stored.values() for e, _ in members})
    try:
        redated, moved_days = _redated_events(store, cache)
        blocks = Blocks(load, clock=int(state["clock"]), titles=person_titles(store))
        joined = cluster_mentions(records, blocks, next_seq=int(state["next_seq"]))
    except _Stale as stale:
        return _whole(f"event {stale} has no stored records")
    changed = list({**{e: None for e in redated}, **{e: None for e in joined}})
    if not changed and not new and not moved_days:
        return count_events(store)
    if give_years(records, joined):  # the new undated reports' yearless dates, from their events
        # Only events read whole hold undated reports (an undated report comes before the
        # latest one, so its event is read first); the others have nothing to re-date.
        changed = [_replay(e) if e.loader is None else e for e in changed]
    created = sum(1 for e in changed if e.seq >= int(state["next_seq"]))
    orders = [r.order() for r in records] + ([frontier] if frontier else [])
    state = {
        **state,
        "frontier": list(max(orders)) if orders else None,
        "clock": blocks.clock,
        "next_seq": int(state["next_seq"]) + created,
    }
    fresh = set(new) | set(moved_days)  # the only articles whose mention rows change
    update_events(
        store,
        [_head(e) for e in changed],
        [row for e in changed for row in _rows(e, fresh)],
        seqs={e.id: e.seq for e in changed},
        blocks=[(f, k, [(e.id, t) for e, t in members]) for (f, k), members in blocks.rows(blocks.dirty)],
        articles=new,
        state=state,
        summaries={e.id: e.summary() for e in changed},
        redated=moved_days,
        # What the undated windows must read again: the new (and re-dated) undated articles,
        # and the events whose date, dated reports or reports of having happened changed.
        window_changes=(
            [e.id for e in changed if e.window_key() != e.window_before],
            sorted({r.article for r in records if not r.dated} | set(moved_days)),
        ),
    )
    clear_entity_changes(store)
    return count_events(store)


def _stored_records(store: Store, event_id: str) -> tuple[int, list[dict[str, str]], list[MentionRecord]]:
    stored = stored_event_records(store, event_id)
    if stored is None:
        raise _Stale(event_id)
    seq, merges, records = stored
    return seq, merges, [MentionRecord.from_dict(r) for r in records]


def _rebuild(store: Store, event_id: str) -> Event:
    # An event keeps its id while it grows, even when an older report joins it (its id is
    # its earliest report's otherwise): new articles never rename an event.
    event = Event(forced_id=event_id, loader=partial(_stored_records, store, event_id))
    event.load()
    return event


def _replay(event: Event) -> Event:
    """The event rebuilt from its mention records as they are now (same seq and merges)."""
    again = Event(seq=event.seq, merges=event.merges, forced_id=event.forced_id)
    for record in sorted(event.mentions, key=MentionRecord.order):
        again.add(record, None)
    return again


def _redated_events(store: Store, cache: dict[str, Event]) -> tuple[list[Event], list[str]]:
    """The events of undated articles whose estimated latest day changed since they were
    resolved (the window narrows as other articles report the same events), their reports
    re-dated in place."""
    changed: dict[str, Event] = {}
    moved = redated_event_articles(store)
    for article, day, event_ids in moved:
        for event_id in event_ids:
            event = changed.get(event_id) or cache.get(event_id) or _rebuild(store, event_id)
            event.load()
            stale = [
                m for m in event.mentions if m.article == article and m.reported != day and not m.quote_day
            ]
            if not stale:
                continue
            for m in stale:
                m.reported = day
            changed[event_id] = cache[event_id] = _replay(event)
    return list(changed.values()), [article for article, _, _ in moved]


def export_events(
    store: Store, event_type: str | None = None, status: str | None = None, entity: str | None = None
) -> list[dict[str, Any]]:
    """The stored events (as last resolved), filtered by type, current status, participant
    (an entity id, name or alias)."""
    events = load_events(store)
    if event_type:
        events = [e for e in events if fold(e["type"]) == fold(event_type)]
    if status:
        events = [e for e in events if e["status"] == status.lower()]
    if entity:
        from . import find_entity

        try:
            wanted = find_entity(store, entity)["id"]
        except StorylineError:
            wanted = f"name:{slug(entity)}"
        events = [e for e in events if wanted in e["participants"]]
    return events


def find_event(store: Store, query: str) -> dict[str, Any]:
    events = load_events(store)
    for match in (
        lambda e: e["id"] == query,
        lambda e: e["id"].startswith(query),
        lambda e: query in e["id"],
    ):
        found = [e for e in events if match(e)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = ", ".join(e["id"] for e in found[:6])
            raise StorylineError(f"{query!r} matches several events: {options}; use a full id", code="E421")
    raise StorylineError(f"no event matches {query!r}; list them with `storyline events`", code="E422")


def _anchor(event: dict[str, Any]) -> str:
    first = event["mentions"][0]
    return f"{first['article']}:{first['start']}"


def merge_events(store: Store, target: str, other: str) -> int:
    """Record that event ``other`` is the same real event as ``target``; re-resolve."""
    a, b = find_event(store, target), find_event(store, other)
    if a["id"] == b["id"]:
        raise StorylineError(f"{target!r} and {other!r} are already one event ({a['id']})", code="E423")
    add_event_override(store, "merge", _anchor(a), _anchor(b))
    return resolve_events(store)


def split_event(store: Store, target: str, mention: str) -> int:
    """Record that ``mention`` (``ARTICLE:START``) of event ``target`` is another event; re-resolve."""
    event = find_event(store, target)
    refs = {f"{m['article']}:{m['start']}" for m in event["mentions"]}
    if mention not in refs:
        raise StorylineError(
            f"{event['id']} has no mention {mention!r}; its mentions: {', '.join(sorted(refs)[:8])}",
            code="E424",
        )
    if len(refs) == 1:
        raise StorylineError(f"{event['id']} has a single mention; nothing to split", code="E425")
    add_event_override(store, "split", mention)
    return resolve_events(store)
