"""``storyline stories`` (list, merge, split, overrides, regroup), ``story ID``, ``timeline``, ``conflicts``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import click

from ..store.stories import list_story_overrides
from ..stories import (
    list_stories,
    merge_stories,
    regroup,
    split_story,
    story_document,
)
from ..stories.timeline import briefing_markdown, changes_since, stated
from . import main
from ._common import Context, Listing, json_option, listing_options, pass_context, print_json, print_table

_LIST_COLUMNS = ["id", "title", "articles", "independent_sources", "first_date", "last_date", "latest_change"]


@main.group("stories", invoke_without_command=True)
@listing_options()
@pass_context
@click.pass_context
def stories_command(click_ctx: click.Context, ctx: Context, listing: Listing) -> None:
    """List stories (articles grouped by developing real-world story), largest first.

    Subcommands record your corrections, which survive re-processing and new articles:
    `merge A B`, `split STORY --article ID...`, `overrides` to list them, `regroup` to recompute.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with ctx.store() as store:  # a read: grouping happens when articles are analyzed or loaded
        rows = list_stories(store)
    listing.emit(listing.page(rows), _LIST_COLUMNS, title="Stories", total=len(rows))


@stories_command.command("merge")
@click.argument("a")
@click.argument("b")
@pass_context
def merge_command(ctx: Context, a: str, b: str) -> None:
    """Record that stories A and B are one story (the older id is kept)."""
    with ctx.store() as store:
        kept = merge_stories(store, a, b)
    click.echo(f"merged {a} and {b} into {kept}")


@stories_command.command("split")
@click.argument("story")
@click.option("--article", "articles", multiple=True, required=True, help="An article leaving the story.")
@pass_context
def split_command(ctx: Context, story: str, articles: tuple[str, ...]) -> None:
    """Record that these articles of STORY are a story of their own."""
    with ctx.store() as store:
        new_id = split_story(store, story, list(articles))
    click.echo(f"split {len(articles)} article(s) of {story} into {new_id}")


@stories_command.command("overrides")
@json_option
@pass_context
def overrides_command(ctx: Context, as_json: bool) -> None:
    """List your story merges and splits."""
    with ctx.store() as store:
        rows = [o.to_dict() for o in list_story_overrides(store)]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["seq", "action", "articles", "story", "created"], title="Story overrides")


@stories_command.command("regroup")
@pass_context
def regroup_command(ctx: Context) -> None:
    """Recompute every story from scratch, then re-apply your overrides."""
    with ctx.store() as store:
        count = regroup(store)
    click.echo(f"{count} stories")


@main.command("story")
@click.argument("story_id")
@click.option("--all", "show_all", is_flag=True, help="Also the events named once, in passing.")
@json_option
@pass_context
def story_command(ctx: Context, story_id: str, show_all: bool, as_json: bool) -> None:
    """One story: its timeline of events as a table (events named once in passing: --all)."""
    with ctx.store() as store:
        doc = story_document(store, story_id)
    if as_json:
        print_json(doc)
        return
    shown = [e for e in doc["timeline"] if show_all or not e.get("background")]
    rows = [
        {
            "date": e["date"] or "undated",
            "event": e["name"] or e["event"],
            "status": e["status"],
            "history": history_line(e["history"]),
            "first_reported": " ".join(
                str(v)
                for v in ((e["first_reported"] or {}).get("date"), (e["first_reported"] or {}).get("outlet"))
                if v
            ),
            "sources": e["independent_sources"],
            "articles": len(e["articles"]),
        }
        for e in shown
    ]
    print_table(
        rows,
        ["date", "event", "status", "history", "first_reported", "sources", "articles"],
        title=f"{doc['id']}: {doc['title']} ({len(doc['articles'])} articles)",
    )
    hidden = len(doc["timeline"]) - len(shown)
    if hidden:
        click.echo(f"{hidden} more event(s) named once, in passing: --all shows them.", err=True)


def history_line(history: list[dict[str, Any]]) -> str:
    """The event's status day by day, written when it changes, with the day it changed
    ("planned → postponed 2026-03-18 → cancelled 2026-03-31"). A day's status is what its
    reports say, those whose status a word states first (as ``current_status`` reads them); a
    day whose reports disagree shows each status, the most reported first ("postponed/held").
    Undated reports come first, as one day. Every report is in ``--json`` and ``storyline event``."""
    days: dict[str | None, list[dict[str, Any]]] = {}
    for report in history:
        reported = report.get("reported")
        days.setdefault(str(reported)[:10] if reported else None, []).append(report)
    turns: list[tuple[str, str | None]] = []
    for day, reports in days.items():
        said = [str(r.get("status")) for r in reports if stated(r)] or [str(r.get("status")) for r in reports]
        counts = Counter(said)
        status = "/".join(sorted(counts, key=lambda s: (-counts[s], said.index(s))))
        if not turns or turns[-1][0] != status:
            turns.append((status, day))
    return " → ".join(
        status if i == 0 or not day else f"{status} {day}" for i, (status, day) in enumerate(turns)
    )


@main.command("timeline")
@click.argument("story_id")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Only what changed since DATE."
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@pass_context
def timeline_command(ctx: Context, story_id: str, since: dt.datetime | None, fmt: str) -> None:
    """A story's timeline: a briefing to paste (md) or JSON; with --since, what changed."""
    with ctx.store() as store:
        doc = story_document(store, story_id)
        articles = [a.to_dict() for a in (store.get_article(i) for i in doc["articles"]) if a is not None]
    if since is not None:
        changed = changes_since(doc["timeline"], doc["conflicts"], since.date())
        if fmt == "json":
            print_json({"id": doc["id"], "since": since.date().isoformat(), **changed})
            return
        changed_ids = {e["event"] for e in changed["new_events"]} | {
            c["event"] for c in changed["status_changes"]
        }
        timeline = [e for e in doc["timeline"] if e["event"] in changed_ids]
        click.echo(
            briefing_markdown(
                f"{doc['title']} — since {since.date()}", timeline, changed["new_conflicts"], articles
            )
        )
        return
    if fmt == "json":
        print_json(doc)
    else:
        click.echo(briefing_markdown(doc["title"], doc["timeline"], doc["conflicts"], articles))


@main.command("conflicts")
@click.argument("story_id")
@json_option
@pass_context
def conflicts_command(ctx: Context, story_id: str, as_json: bool) -> None:
    """Where the sources of a story disagree (conflicts) and where a later report moved on (updates)."""
    with ctx.store() as store:
        doc = story_document(store, story_id)
    if as_json:
        print_json(doc["conflicts"])
        return
    rows = [
        {
            "kind": c["kind"],
            "event": c["name"] or c["event"],
            "field": c["field"],
            "first": f"{c['reports'][0]['value']} ({c['reports'][0]['outlet']}, {c['reports'][0]['reported']})",
            "second": f"{c['reports'][1]['value']} ({c['reports'][1]['outlet']}, {c['reports'][1]['reported']})",
        }
        for c in doc["conflicts"]
    ]
    print_table(
        rows, ["kind", "event", "field", "first", "second"], title=f"Conflicts and updates: {doc['id']}"
    )
