"""Stage 4 (resolve): canonical entities across articles.

    resolve_entities(store) -> int        recompute entities from stored mentions + overrides
    export_entities(store) -> list[dict]  {id, name, type, aliases, titles, mentions, merges}
    speaker_entity_lookup(store)          (article, start, end) of a speaker span -> entity id
    merge_entities / split_entity         record a user override (then resolve again)

The rules live in ``storyline.resolve.entities``; storage in ``storyline.store.entities``.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from ..analyze.entities.names import fold
from ..errors import StorylineError
from ..store import Store
from ..store.entities import (
    add_override,
    entity_index,
    entity_mention_rows,
    iter_mention_items,
    list_overrides,
    load_entities,
    load_entity,
    replace_entities,
)
from .entities import chain_records, resolve_chains

__all__ = [
    "export_entities",
    "find_entity",
    "merge_entities",
    "resolve_entities",
    "speaker_entity_lookup",
    "split_entity",
]


def resolve_entities(store: Store) -> int:
    """Recompute canonical entities from every stored ``mentions`` item and the user's
    overrides; persist them; return how many there are."""
    entities = resolve_chains(chain_records(iter_mention_items(store)), list_overrides(store))
    dicts = [e.to_dict() for e in entities]
    rows = [(d["id"], m["article"], m["start"], m["end"]) for d in dicts for m in d["mentions"]]
    replace_entities(store, dicts, rows)
    return len(dicts)


def export_entities(store: Store, entity_type: str | None = None) -> list[dict[str, Any]]:
    """The stored canonical entities (as last computed by ``resolve_entities``)."""
    return load_entities(store, entity_type)


def speaker_entity_lookup(
    store: Store, articles: Collection[str] | None = None
) -> Callable[[str, int, int], str | None]:
    """A function (article id, start, end) -> id of the entity mentioned in that span (in one
    of ``articles`` when given; spans elsewhere then resolve to None).

    A span can cover several mentions ("Kremlin spokesman Dmitry Peskov"): a person wins over
    an organization or place, then the larger overlap.
    """
    by_article: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for article, entity_id, start, end, entity_type in entity_mention_rows(store, articles):
        by_article[article].append((start, end, entity_id, entity_type))
    starts = {a: [m[0] for m in ms] for a, ms in by_article.items()}
    longest = {a: max((m[1] - m[0] for m in ms), default=0) for a, ms in by_article.items()}

    def lookup(article: str, start: int, end: int) -> str | None:
        mentions = by_article.get(article)
        if not mentions:
            return None
        lo = bisect.bisect_left(starts[article], start - longest[article])
        hi = bisect.bisect_left(starts[article], end)
        best: tuple[int, int, str] | None = None
        for m_start, m_end, entity_id, entity_type in mentions[lo:hi]:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            rank = (int(entity_type == "PERSON"), overlap, entity_id)
            if best is None or rank > best:
                best = rank
        return best[2] if best else None

    return lookup


def find_entity(store: Store, query: str) -> dict[str, Any]:
    """The entity a user means by ``query``: its id, its name, or one of its aliases."""
    by_id = load_entity(store, query)
    if by_id is not None:
        return by_id
    entities = entity_index(store)  # names and aliases only: mention lists are not needed here
    wanted = fold(query)
    for match in (
        lambda e: e["id"] == query,
        lambda e: fold(e["name"]) == wanted,
        lambda e: wanted in (fold(a) for a in e["aliases"]),
        lambda e: wanted in fold(e["name"]) or any(wanted in fold(a) for a in e["aliases"]),
    ):
        found = [e for e in entities if match(e)]
        if len(found) == 1:
            full = load_entity(store, found[0]["id"])
            assert full is not None
            return full
        if len(found) > 1:
            found.sort(key=lambda e: -int(e["articles"]))
            options = ", ".join(f"{e['id']} ({e['name']})" for e in found[:6])
            raise StorylineError(f"{query!r} matches several entities: {options}; use an id", code="E401")
    raise StorylineError(
        f"no entity matches {query!r}; list them with `storyline entities` (run ingest first)", code="E402"
    )


def merge_entities(store: Store, target: str, other: str) -> int:
    """Record that ``other`` is the same actor as ``target`` and re-resolve; returns the count."""
    a, b = find_entity(store, target), find_entity(store, other)
    if a["id"] == b["id"]:
        raise StorylineError(f"{target!r} and {other!r} are already one entity ({a['id']})", code="E403")
    add_override(store, "merge", a["id"], other=b["id"])
    return resolve_entities(store)


def split_entity(store: Store, target: str, *, alias: str | None = None, article: str | None = None) -> int:
    """Record that the mentions of ``target`` named ``alias`` (or in ``article``) are another
    actor, and re-resolve; returns the count."""
    if (alias is None) == (article is None):
        raise StorylineError("split needs exactly one of --alias NAME or --article ID", code="E404")
    entity = find_entity(store, target)
    if alias is not None:
        known = {fold(entity["name"]), *(fold(a) for a in entity["aliases"])}
        if fold(alias) not in known:
            raise StorylineError(
                f"{entity['id']} has no alias {alias!r}; its aliases: {', '.join(entity['aliases']) or '-'}",
                code="E405",
            )
        scope = f"alias:{alias}"
    else:
        if article not in {m["article"] for m in entity["mentions"]}:
            raise StorylineError(f"{entity['id']} is not mentioned in article {article!r}", code="E406")
        scope = f"article:{article}"
    add_override(store, "split", entity["id"], scope=scope)
    return resolve_entities(store)


from .event_store import (  # noqa: E402  (events build on the entity lookup above)
    export_events,
    find_event,
    merge_events,
    resolve_events,
    split_event,
)

__all__ += ["export_events", "find_event", "merge_events", "resolve_events", "split_event"]
