"""What each endpoint returns: pages of the store, shaped for the page and for API users.

Every listing returns ``{"total", "limit", "offset", "items"}`` so a client can page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import api
from ..resolve.outlets import outlet_names
from ..store import Store
from ..store.entities import entity_name
from ..store.events import load_event
from ..store.pages import (
    articles_page,
    citation_edges,
    events_page,
    stories_page,
    story_event_ids,
)


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def summary(store: Store) -> dict[str, Any]:
    return api.summarize(store)


def articles(store: Store, *, limit: int, offset: int, search: str | None) -> dict[str, Any]:
    total, rows = articles_page(store, limit=limit, offset=offset, search=search)
    return _page(total, limit, offset, rows)


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    found = store.get_article(article_id)
    if found is None or not (found.id == article_id or found.id.startswith(article_id)):
        return None
    return found.to_dict()


def quotes(
    store: Store,
    *,
    limit: int,
    offset: int,
    speaker: str | None,
    article: str | None,
    kind: str | None,
) -> dict[str, Any]:
    """As ``storyline quotes``: the speaker is a person (every spelling), copies left out."""
    rows, total = api.list_quotes(
        store, speaker=speaker, article=article, kind=kind, limit=limit, offset=offset
    )
    return _page(total, limit, offset, rows)


def speakers(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    """Speakers by quotes, as the summary counts them (by person, copies once), each with a few."""
    rows, total = api.list_speakers(store, limit=limit, offset=offset)
    for row in rows:
        row["sample"], _ = api.list_quotes(store, speaker=row.get("entity") or row["speaker"], limit=5)
    return _page(total, limit, offset, rows)


def sources(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    """Who cites whom: edges with counts and an example sentence, for the citation graph. The
    spellings of one outlet are one node; copies of an article are left out."""
    rows = citation_edges(store)
    names = outlet_names(store, [{"citing": r["citing"]} for r in rows])
    edges: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        key = (names.canonical(str(r["citing"] or "?")), str(r["cited"] or "?"), str(r["relation"]))
        edges[key] += int(r["n"])
        examples.setdefault(key, {"article": r["article"], "start": r["start"], "end": r["end"]})
    ranked = edges.most_common()
    items = [
        {"citing": a, "cited": b, "relation": rel, "count": n, "example": examples[(a, b, rel)]}
        for (a, b, rel), n in ranked[offset : offset + limit]
    ]
    return _page(len(ranked), limit, offset, items)


def entities(store: Store, *, limit: int, offset: int, entity_type: str | None) -> dict[str, Any]:
    """As ``storyline entities``: most mentioned first, counted in independent articles."""
    rows, total = api.list_entities(store, entity_type=entity_type, limit=limit, offset=offset, full=False)
    keep = ("id", "name", "type", "aliases", "titles")
    slim = [
        {k: e.get(k) for k in keep} | {"mentions": e["mention_count"], "articles": e["articles"]}
        for e in rows
    ]
    return _page(total, limit, offset, slim)


def events(
    store: Store, *, limit: int, offset: int, event_type: str | None, status: str | None
) -> dict[str, Any]:
    total, rows = events_page(store, limit=limit, offset=offset, event_type=event_type, status=status)
    slim = [
        {k: e.get(k) for k in ("id", "type", "name", "participants", "place", "date", "status")}
        | {"reports": len(e.get("history") or []), "mentions": len(e.get("mentions") or [])}
        for e in rows
    ]
    return _page(total, limit, offset, slim)


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with its status history, participants named (entity ids become names)."""
    found = load_event(store, event_id)
    if found is None:
        return None
    names = []
    for participant in found.get("participants") or []:
        name = entity_name(store, participant)
        names.append(name if name is not None else str(participant).split(":", 1)[-1].replace("-", " "))
    return found | {"participant_names": names}


def stories(store: Store, *, limit: int, offset: int, search: str | None) -> dict[str, Any]:
    """Stories, largest first, paged in SQL; ``search`` matches one of its articles' title or outlet."""
    from ..store.stories import load_story
    from ..stories import story_summary

    total, ids = stories_page(store, limit=limit, offset=offset, search=search)
    page = []
    for story_id in ids:
        found = load_story(store, story_id)
        if found is None:
            continue
        row = {k: v for k, v in story_summary(store, found).items() if k != "article_ids"}
        page.append(row | {"sources": row["independent_sources"]})
    return _page(total, limit, offset, page)


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story: its timeline, conflicts and updates, events and articles (with titles)."""
    from ..errors import StorylineError
    from ..stories import story_document

    try:
        from ..store.stories import load_story

        found = load_story(store, story_id)
        if found is None or not found.id.startswith(story_id):
            return None
        mine = [e for e in (load_event(store, i) for i in story_event_ids(store, found.id)) if e is not None]
        doc = story_document(store, found.id, mine)
    except StorylineError:
        return None
    articles = []
    for article_id in doc["articles"]:
        article = store.get_article(article_id)
        if article is not None:
            articles.append(
                {
                    "id": article.id,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": article.published,
                }
            )
    doc["events"] = [{k: e.get(k) for k in ("id", "name", "type", "status", "date", "place")} for e in mine]
    return doc | {"articles": articles}
