"""Stage 4 (resolve): canonical entities across articles.

    resolve_entities(store) -> int        recompute entities from stored mentions + overrides
    export_entities(store) -> list[dict]  {id, name, type, aliases, titles, mentions, merges}
    speaker_entity_lookup(store)          (article, start, end) of a speaker span -> entity id
    merge_entities / split_entity         record a user override (then resolve again)

The rules live in ``storyline.resolve.entities``; storage in ``storyline.store.entities``.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from ..analyze.entities.names import fold
from ..errors import StorylineError
from ..store import Store
from ..store.entities import (
    ChainRow,
    add_override,
    chain_counts,
    count_entities,
    entity_index,
    entity_mention_rows,
    entity_state,
    group_chains,
    group_entities,
    group_states,
    iter_mention_items,
    list_overrides,
    load_entities,
    load_entity,
    mention_articles,
    replace_entities,
    save_entity_increment,
    unresolved_entity_articles,
)
from ..store.queries import duplicate_ids
from ..store.sqlite import REPLACED
from .entities import (
    ChainRecord,
    Entity,
    EntityAgg,
    GroupResult,
    GroupState,
    apply_overrides,
    chain_records,
    chains_by_group,
    group_key,
    resolve_group,
    resolve_groups,
)

logger = logging.getLogger(__name__)

__all__ = [
    "export_entities",
    "find_entity",
    "merge_entities",
    "resolve_entities",
    "speaker_entity_lookup",
    "split_entity",
]


ENTITY_STATE_VERSION = 3  # 3: a copy's chains do not vote for the name


def resolve_entities(store: Store, *, full: bool = False) -> int:
    """Canonical entities from the stored ``mentions`` items and the user's overrides,
    persisted; returns how many there are.

    Incremental by default: chains fall in groups (a surname; an organization's or place's
    name key) and every rule compares chains of one group only; an entity shows a sum over its
    chains (``EntityAgg``), so new articles' chains add to the stored sums of the entities they
    touch. A group is resolved again from all its stored chains only when the new chains change
    a rule's outcome for old ones (a new first name that takes over a head, a bare surname whose
    candidate changes); the result is always the whole resolution's. A whole resolution runs
    when ``full``, with any override (a merge joins groups), after an article was re-analyzed
    or removed, or when the groups to resolve again hold most of the stored chains."""
    if not full:
        count = _resolve_new_entities(store)
        if count is not None:
            return count
    articles = mention_articles(store)
    overrides = list_overrides(store)
    chains = chain_records(iter_mention_items(store), duplicate_ids(store))
    entities, states = resolve_groups(chains)
    entities = apply_overrides(entities, overrides)
    state = None if overrides else {"v": ENTITY_STATE_VERSION, "replaced": store.get_meta(REPLACED)}
    replace_entities(
        store,
        [_entity_row(e, keep=state is not None) for e in entities],
        [row for e in entities for row in e.mention_rows()],
        chains=_chain_rows(chains, articles) if state else (),
        groups={g: st.to_dict() for g, st in states.items()} if state else {},
        state=state,
    )
    return len(entities)


def _entity_row(entity: Entity, *, keep: bool = True) -> dict[str, Any]:
    data = entity.to_dict(mentions=False)
    return {
        "id": data["id"],
        "name": data["name"],
        "type": data["type"],
        "data": data,
        "grp": group_key(entity.members[0][0]) if entity.members else None,
        "agg": entity.agg.to_dict() if keep else None,
    }


def _chain_rows(chains: list[ChainRecord], articles: Collection[str]) -> list[ChainRow]:
    rows: list[ChainRow] = [(c.article, c.cluster, group_key(c), c.to_dict()) for c in chains]
    named = {c.article for c in chains}
    rows += [(a, -1, None, None) for a in sorted(set(articles) - named)]  # read, nothing named
    return rows


def _resolve_new_entities(store: Store) -> int | None:
    state = entity_state(store)
    if not state or state.get("v") != ENTITY_STATE_VERSION:
        return None
    if list_overrides(store) or state.get("replaced") != store.get_meta(REPLACED):
        return None
    new = unresolved_entity_articles(store)
    if not new:
        return count_entities(store)
    chains = chain_records((m for a in new for m in store.mentions(a)), duplicate_ids(store) & set(new))
    by_group = chains_by_group(chains)
    stored = group_entities(store, by_group)
    states = group_states(store, by_group)
    results: dict[str, GroupResult] = {}
    again: list[str] = []
    for group in sorted(by_group):
        aggs = {eid: EntityAgg.from_dict(d) for eid, d in stored.get(group, {}).items()}
        known = GroupState.from_dict(states[group]) if group in states else None
        result = resolve_group(group, by_group[group], aggs, known)
        if result is None:
            again.append(group)
        else:
            results[group] = result
    if again:
        inside, total = chain_counts(store, again)
        if inside * 2 > total:
            return None  # the groups to resolve again hold most of the store: all is cheaper
        old = chains_by_group([ChainRecord.from_dict(d) for d in group_chains(store, again)])
        for group in again:
            result = resolve_group(group, old.get(group, []) + by_group[group])
            assert result is not None
            results[group] = result
    entities: list[Entity] = []
    for group, result in results.items():
        ids = set(result.entities) if group in again else result.touched
        entities.extend(result.entities[eid] for eid in sorted(ids))
    save_entity_increment(
        store,
        [_entity_row(e) for e in entities],
        [row for e in entities for row in e.mention_rows()],
        regrouped=again,
        chains=_chain_rows(chains, new),
        groups={g: r.state.to_dict() for g, r in results.items() if r.state is not None},
    )
    if again:
        logger.info("entities: %d name groups resolved again from their chains", len(again))
    return count_entities(store)


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
