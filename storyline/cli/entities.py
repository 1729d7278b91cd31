"""``storyline entities`` (list, merge, split, overrides, forget, resolve) and ``storyline entity NAME``."""

from __future__ import annotations

from typing import Any

import click

from ..api import list_entities
from ..errors import StorylineError
from ..resolve import (
    find_entity,
    merge_entities,
    resolve_entities,
    speaker_entity_lookup,
    split_entity,
)
from ..store import Store
from ..store.entities import delete_override, entity_articles, has_entities, has_mention_items, list_overrides
from ..store.queries import ItemFilter, item_page, resolve_article_id
from . import main
from ._common import (
    Context,
    Listing,
    include_copies_option,
    json_option,
    listing_options,
    pass_context,
    print_json,
    print_table,
)


def _entities(store: Store) -> None:
    """Resolve first if articles were analyzed but never resolved (a cheap check, no loading)."""
    if not has_entities(store) and has_mention_items(store):
        resolve_entities(store)


def _short(values: list[str], n: int = 3) -> str:
    return "; ".join(values[:n]) + (f" (+{len(values) - n})" if len(values) > n else "")


@main.group("entities", invoke_without_command=True)
@click.option("--type", "entity_type", help="Only this type: PERSON, ORG, OUTLET, GPE, LOC, NORP, FAC.")
@include_copies_option
@listing_options()
@pass_context
@click.pass_context
def entities_command(
    click_ctx: click.Context, ctx: Context, listing: Listing, entity_type: str | None, include_copies: bool
) -> None:
    """List actors resolved across articles, most mentioned first.

    Mention and article counts are of independent articles (--include-copies counts the
    mentions in duplicates too). Subcommands record your corrections, which survive
    re-processing and new articles:
    `merge A B` (B is the same actor as A), `split ENTITY --alias NAME` or
    `split ENTITY --article ID` (those mentions are someone else), `overrides` to list them,
    `forget N` to drop one, `resolve` to recompute.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with ctx.store() as store:
        _entities(store)  # resolves first when articles were analyzed but never resolved
        found, total = list_entities(
            store,
            entity_type=entity_type,
            include_copies=include_copies,
            limit=listing.limit,
            offset=listing.offset,
            full=listing.format != "table",  # a table shows no mention list
        )
    listing.emit(
        found,
        ["id", "name", "type", "mentions", "articles", "aliases", "titles"],
        title="Entities",
        people=_entity_row,
        total=total,
    )


def _entity_row(e: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "name": e["name"],
        "type": e["type"],
        "mentions": e["mention_count"],
        "articles": e["articles"],
        "aliases": _short(e["aliases"]),
        "titles": _short(e["titles"]),
    }


@entities_command.command("merge")
@click.argument("target")
@click.argument("other")
@pass_context
def merge_command(ctx: Context, target: str, other: str) -> None:
    """Record that OTHER is the same actor as TARGET (id, name or alias), then re-resolve."""
    with ctx.store() as store:
        count = merge_entities(store, target, other)
    click.echo(f"merged {other!r} into {target!r}; {count} entities")


@entities_command.command("split")
@click.argument("target")
@click.option("--alias", help="Mentions written this way are another actor.")
@click.option("--article", help="Mentions in this article are another actor.")
@pass_context
def split_command(ctx: Context, target: str, alias: str | None, article: str | None) -> None:
    """Record that some mentions of TARGET are another actor, then re-resolve."""
    with ctx.store() as store:
        if article is not None:
            article = resolve_article_id(store, article)
        count = split_entity(store, target, alias=alias, article=article)
    click.echo(f"split {target!r} ({alias or article}); {count} entities")


@entities_command.command("overrides")
@listing_options()
@pass_context
def overrides_command(ctx: Context, listing: Listing) -> None:
    """List your merge and split overrides."""
    with ctx.store() as store:
        rows = [o.to_dict() for o in list_overrides(store)]
    listing.emit(
        listing.page(rows),
        ["seq", "action", "target", "other", "scope", "created"],
        title="Entity overrides",
        total=len(rows),
    )


@entities_command.command("forget")
@click.argument("seq", type=int)
@pass_context
def forget_command(ctx: Context, seq: int) -> None:
    """Drop override number SEQ (see `entities overrides`), then re-resolve."""
    with ctx.store() as store:
        if not delete_override(store, seq):
            raise StorylineError(f"no override number {seq}; see `storyline entities overrides`", code="E407")
        count = resolve_entities(store)
    click.echo(f"forgot override {seq}; {count} entities")


@entities_command.command("resolve")
@pass_context
def resolve_command(ctx: Context) -> None:
    """Recompute canonical entities from all stored mentions and your overrides (new articles
    otherwise re-resolve only the name groups they touch)."""
    with ctx.store() as store:
        count = resolve_entities(store, full=True)
    click.echo(f"{count} entities")


def entity_details(store: Store, query: str) -> dict[str, Any]:
    """One entity with its articles and the quotes its mentions speak."""
    _entities(store)
    entity = find_entity(store, query)
    mentioned = entity_articles(store, entity["id"])  # only these articles can hold its quotes
    lookup = speaker_entity_lookup(store, mentioned)
    quotes = []
    for quote in item_page(store, ItemFilter("quotes", articles=mentioned, include_copies=True)):
        speaker = quote.get("speaker")
        if not speaker or speaker.get("start") is None:
            continue
        if lookup(quote["article"], int(speaker["start"]), int(speaker["end"])) == entity["id"]:
            quotes.append(
                {
                    "article": quote["article"],
                    "start": quote["start"],
                    "end": quote["end"],
                    "text": quote.get("text"),
                }
            )
    articles: dict[str, int] = {}
    for mention in entity["mentions"]:
        articles[mention["article"]] = articles.get(mention["article"], 0) + 1
    return {**entity, "articles": articles, "quotes": quotes}


@main.command("entity")
@click.argument("name")
@json_option
@pass_context
def entity_command(ctx: Context, name: str, as_json: bool) -> None:
    """Show one actor: titles, aliases, why its names were merged, articles and quotes."""
    with ctx.store() as store:
        details = entity_details(store, name)
    if as_json:
        print_json(details)
        return
    click.echo(f"{details['name']}  [{details['type']}]  {details['id']}")
    if details.get("country"):
        click.echo(f"country: {details['country']}")
    click.echo(f"titles: {'; '.join(details['titles']) or '-'}")
    click.echo(f"aliases: {'; '.join(details['aliases']) or '-'}")
    click.echo(f"mentions: {len(details['mentions'])} in {len(details['articles'])} articles")
    if details["merges"]:
        print_table(details["merges"], ["from", "reason", "article"], title="Merges")
    print_table(
        [{"article": a, "mentions": n} for a, n in details["articles"].items()],
        ["article", "mentions"],
        title="Articles",
    )
    if details["quotes"]:
        print_table(details["quotes"], ["article", "text"], title="Quotes")
