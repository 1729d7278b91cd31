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
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..analyze.entities.names import fold, slug
from ..errors import StorylineError
from ..store import Store
from ..store.events import (
    add_event_override,
    list_event_overrides,
    load_events,
    replace_events,
)
from .events import MentionRecord, give_years, resolve_event_mentions

Item = dict[str, Any]
EntityLookup = Callable[[str, int, int], str | None]


def _sentence_text(text: str, item: Item) -> str:
    sentence = item.get("sentence") or {}
    start, end = sentence.get("start"), sentence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end].strip()
    return str(item.get("text") or "")


def _quote_days(store: Store) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, (start, end, day) of quotes whose ``when`` is a dated time expression."""
    times: dict[str, list[Item]] = defaultdict(list)
    for t in store.items("times"):
        times[t["article"]].append(t)
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for quote in store.items("quotes"):
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


def mention_records(store: Store, lookup: EntityLookup | None = None) -> list[MentionRecord]:
    """Every stored ``events`` item as a mention record (negated mentions stay: "no meeting is
    scheduled" is a report, status ``denied``; generic ones do not: they are about no one event)."""
    from . import speaker_entity_lookup

    items = store.items("events")
    if not items:
        return []
    lookup = lookup or speaker_entity_lookup(store)
    articles: dict[str, tuple[str | None, str, str | None]] = {}
    for a in store.iter_articles(include_duplicates=False):  # a copy is not another report
        day = a.published[:10] if a.published else (a.published_estimate or {}).get("latest")
        articles[a.id] = (day[:10] if day else None, a.text, a.outlet)
    quote_days = _quote_days(store)
    records = []
    for item in items:
        article = str(item["article"])
        if article not in articles or item.get("generic"):
            # "every round of talks", "the summit that was announced": no report about one event
            continue
        day, text, outlet = articles[article]
        start, end = int(item["start"]), int(item["end"])
        spans = quote_days.get(article, [])
        at = bisect.bisect_right(spans, (start, 1 << 60, "")) - 1
        if at >= 0 and spans[at][0] <= start < spans[at][1]:
            day = spans[at][2]
        participants: set[str] = set()
        names: dict[str, str] = {}
        for p in item.get("participants") or []:
            entity = None
            if p.get("start") is not None:
                entity = lookup(article, int(p["start"]), int(p["end"]))
            entity = entity or (f"name:{slug(str(p.get('name') or ''))}" if p.get("name") else None)
            if entity:
                participants.add(entity)
                names[entity] = str(p.get("name") or entity)
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
            )
        )
    return records


def resolve_events(store: Store) -> int:
    """Recompute canonical events from every stored ``events`` item and the user's overrides;
    persist them; return how many there are."""
    records, overrides = mention_records(store), list_event_overrides(store)
    events = resolve_event_mentions(records, overrides)
    if give_years(records, events):  # undated reports' yearless dates, dated by their events
        events = resolve_event_mentions(records, overrides)
    dicts = [e.to_dict() for e in events]
    replace_events(store, dicts)
    return len(dicts)


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
