"""``storyline events`` (list, merge, split, overrides, forget, resolve) and ``storyline event ID``."""

from __future__ import annotations

from typing import Any

import click

from ..errors import StorylineError
from ..resolve import export_events, find_event, merge_events, resolve_events, split_event
from ..store import Store
from ..store.events import delete_event_override, list_event_overrides
from . import main
from ._common import Context, Listing, json_option, listing_options, pass_context, print_json, print_table

STATUSES = ("proposed", "planned", "held", "ongoing", "postponed", "cancelled", "denied")


def _events(store: Store, **filters: str | None) -> list[dict[str, Any]]:
    """Stored events; resolved first if event mentions were analyzed but never resolved."""
    found = export_events(store, **filters)
    if not found and not export_events(store) and store.items("events"):
        resolve_events(store)
        found = export_events(store, **filters)
    return found


def _day(event: dict[str, Any]) -> str:
    days = [h["reported"] for h in event["history"] if h.get("reported")]
    return max(days) if days else ""


@main.group("events", invoke_without_command=True)
@click.option("--type", "event_type", help="Only this event type (summit, call, sanction, ...).")
@click.option("--status", type=click.Choice(STATUSES), help="Only events whose current status is this.")
@click.option("--entity", help="Only events with this participant (entity id, name or alias).")
@listing_options()
@pass_context
@click.pass_context
def events_command(
    click_ctx: click.Context,
    ctx: Context,
    listing: Listing,
    event_type: str | None,
    status: str | None,
    entity: str | None,
) -> None:
    """List events resolved across articles, latest reported first.

    Subcommands record your corrections, which survive re-processing and new articles:
    `merge A B` (event B is the same event as A), `split EVENT --mention ARTICLE:START`
    (that mention is another event), `overrides` to list them, `forget N` to drop one,
    `resolve` to recompute.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with ctx.store() as store:
        found = _events(store, event_type=event_type, status=status, entity=entity)
    found.sort(key=lambda e: (_day(e), len(e["mentions"]), e["id"]), reverse=True)

    def people(e: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": e["id"],
            "name": e["name"],
            "status": e["status"],
            "date": (e.get("date") or {}).get("value"),
            "reports": len(e["history"]),
            "articles": e.get("articles", ""),
            "last reported": _day(e),
        }

    listing.emit(
        listing.page(found),
        ["id", "name", "status", "date", "reports", "articles", "last reported"],
        title="Events",
        people=people,
        total=len(found),
    )


@events_command.command("merge")
@click.argument("target")
@click.argument("other")
@pass_context
def merge_command(ctx: Context, target: str, other: str) -> None:
    """Record that event OTHER is the same real event as TARGET (ids), then re-resolve."""
    with ctx.store() as store:
        count = merge_events(store, target, other)
    click.echo(f"merged {other!r} into {target!r}; {count} events")


@events_command.command("split")
@click.argument("target")
@click.option(
    "--mention", "mention", required=True, help="ARTICLE:START of the mention that is another event."
)
@pass_context
def split_command(ctx: Context, target: str, mention: str) -> None:
    """Record that one mention of TARGET is another event, then re-resolve."""
    with ctx.store() as store:
        count = split_event(store, target, mention)
    click.echo(f"split {mention} from {target!r}; {count} events")


@events_command.command("overrides")
@json_option
@pass_context
def overrides_command(ctx: Context, as_json: bool) -> None:
    """List your event merge and split overrides."""
    with ctx.store() as store:
        rows = [o.to_dict() for o in list_event_overrides(store)]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["seq", "action", "target", "other", "created"], title="Event overrides")


@events_command.command("forget")
@click.argument("seq", type=int)
@pass_context
def forget_command(ctx: Context, seq: int) -> None:
    """Drop event override number SEQ (see `events overrides`), then re-resolve."""
    with ctx.store() as store:
        if not delete_event_override(store, seq):
            raise StorylineError(
                f"no event override number {seq}; see `storyline events overrides`", code="E426"
            )
        count = resolve_events(store)
    click.echo(f"forgot event override {seq}; {count} events")


@events_command.command("resolve")
@pass_context
def resolve_command(ctx: Context) -> None:
    """Recompute canonical events from all stored event mentions and your overrides, in report
    order (new articles otherwise join the stored events incrementally)."""
    with ctx.store() as store:
        count = resolve_events(store, full=True)
    click.echo(f"{count} events")


@main.command("event")
@click.argument("event_id")
@json_option
@pass_context
def event_command(ctx: Context, event_id: str, as_json: bool) -> None:
    """Show one event: participants, place, date, why its mentions were merged, its status history."""
    with ctx.store() as store:
        _events(store)
        event = find_event(store, event_id)
    if as_json:
        print_json(event)
        return
    date = event.get("date") or {}
    click.echo(f"{event['name']}  [{event['type']}]  {event['id']}")
    click.echo(f"status: {event['status']}")
    click.echo(f"participants: {', '.join(event['participants']) or '-'}")
    click.echo(f"place: {event.get('place') or '-'}")
    click.echo(f"date: {date.get('value') or '-'}")
    click.echo(f"mentions: {len(event['mentions'])} in {event.get('articles', '?')} articles")
    rows = [{**h, "disputed": "disputed" if h.get("disputed") else ""} for h in event["history"]]
    print_table(
        rows, ["reported", "status", "disputed", "said_by", "article", "text"], title="Status history"
    )
    if event["merges"]:
        print_table(event["merges"], ["from", "reason", "article"], title="Merges")
