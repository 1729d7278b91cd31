"""``storyline quotes`` and ``storyline sources``: who said what, and who cites whom."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ..api import outlet_names
from ..resolve.outlets import OutletNames
from . import main
from ._common import Context, json_option, pass_context, print_json, print_table


def filter_quotes(
    quotes: list[dict[str, Any]], speaker: str | None = None, article: str | None = None
) -> list[dict[str, Any]]:
    """Quotes of one article and/or whose speaker (resolved name or span) contains ``speaker``."""
    wanted = speaker.lower() if speaker else None
    kept = []
    for quote in quotes:
        if article is not None and quote.get("article") != article:
            continue
        if wanted is not None:
            who = quote.get("speaker") or {}
            names = " ".join(str(who.get(key) or "") for key in ("name", "text", "entity")).lower()
            if wanted not in names:
                continue
        kept.append(quote)
    return kept


def source_counts(
    citations: list[dict[str, Any]], outlets: OutletNames | None = None
) -> list[dict[str, Any]]:
    """Who cites whom: one row per (citing, cited, relation) with the number of links and articles;
    with ``outlets``, the spellings of one outlet ("the Herald", "Tessvik Herald") count as one."""
    links: Counter[tuple[str, str, str]] = Counter()
    articles: dict[tuple[str, str, str], set[str]] = {}
    name = outlets.canonical if outlets is not None else str
    for item in citations:
        key = (name(str(item.get("citing"))), name(str(item.get("cited"))), str(item.get("relation")))
        links[key] += 1
        articles.setdefault(key, set()).add(str(item.get("article")))
    return [
        {"citing": c, "cited": d, "relation": r, "count": n, "articles": len(articles[(c, d, r)])}
        for (c, d, r), n in links.most_common()
    ]


@main.command("quotes")
@click.option("--speaker", help="Only quotes whose speaker name contains this text (case-insensitive).")
@click.option("--article", "article_id", help="Only quotes of this article id.")
@json_option
@pass_context
def quotes_command(ctx: Context, speaker: str | None, article_id: str | None, as_json: bool) -> None:
    """Quotes with their speaker, cue and kind (direct, partial, block, reported)."""
    with ctx.store() as store:
        found = filter_quotes(store.items("quotes"), speaker=speaker, article=article_id)
    if as_json:
        print_json(found)
        return
    rows = [
        {
            "article": q.get("article"),
            "kind": q.get("kind"),
            "speaker": (q.get("speaker") or {}).get("name"),
            "cue": (q.get("cue") or {}).get("text"),
            "quote": _shorten(str(q.get("text", ""))),
        }
        for q in found
    ]
    print_table(rows, ["article", "kind", "speaker", "cue", "quote"], title=f"{len(rows)} quotes")


@main.command("sources")
@json_option
@pass_context
def sources_command(ctx: Context, as_json: bool) -> None:
    """Who cites whom across the stored articles, with counts."""
    with ctx.store() as store:
        citations = store.items("citations")
        rows = source_counts(citations, outlet_names(store, citations))
    if as_json:
        print_json(rows)
        return
    print_table(rows, ["citing", "relation", "cited", "count", "articles"], title="Citations")


def _shorten(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
