"""``storyline quotes`` and ``storyline sources``: who said what, and who cites whom."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ..api import list_quotes
from ..ingest.normalize import normalize_published
from ..resolve.outlets import OutletNames, outlet_names
from ..store.queries import duplicate_ids
from . import main
from ._common import Context, Listing, include_copies_option, listing_options, pass_context


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


SPEAKER_TO_OUTLET = "told"


def source_counts(
    citations: list[dict[str, Any]], outlets: OutletNames | None = None
) -> list[dict[str, Any]]:
    """Who cites whom: one row per (citing, cited, relation) with the number of links and articles;
    with ``outlets``, the spellings of one outlet ("the Herald", "Tessvik Herald") count as one.
    The "told" link from an outlet to its informant is marked ``speaker_link``."""
    links: Counter[tuple[str, str, str, bool]] = Counter()
    articles: dict[tuple[str, str, str, bool], set[str]] = {}
    name = outlets.canonical if outlets is not None else str
    for item in citations:
        relation = str(item.get("relation"))
        speaker = relation == SPEAKER_TO_OUTLET and _is_speaker_link(item)
        key = (name(str(item.get("citing"))), name(str(item.get("cited"))), relation, speaker)
        links[key] += 1
        articles.setdefault(key, set()).add(str(item.get("article")))
    return [
        {
            "citing": c,
            "cited": d,
            "relation": r,
            "count": n,
            "articles": len(articles[(c, d, r, sp)]),
            **({"speaker_link": True} if sp else {}),
        }
        for (c, d, r, sp), n in links.most_common()
    ]


def _is_speaker_link(item: dict[str, Any]) -> bool:
    """The "told" link from an outlet to the person who told it ("an official told Reuters"):
    its phrase runs from the speaker to the verb; the outlet link's from the verb on."""
    words = str(item.get("text", "")).split()
    return bool(words) and words[-1].lower().strip(",.;:") in ("told", "tell", "tells", "telling")


def source_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``source_counts`` rows with ``from``/``says``/``to`` read the way the text says it.

    A link's ``citing`` had it from ``cited`` (the chain's direction: this article -> Reuters
    -> an official), which reads right for "X reports, citing Y" (X citing Y; the article
    relays X). "An official
    told Reuters" is the speaker telling the outlet: official told Reuters. The other "told"
    link of that chain (this article -> Reuters) is the article citing the outlet."""
    out = []
    for row in rows:
        frm, to, says = row["citing"], row["cited"], str(row["relation"]).replace("_", " ")
        if row["relation"] == SPEAKER_TO_OUTLET:
            if row.get("speaker_link"):
                frm, to = to, frm
            else:
                says = "citing"
        elif row["relation"] == "reports":
            says = "relays"  # "(this article) reports CNN" would read as if it reported on CNN
        out.append({"from": frm, "says": says, "to": to, **row})
    return out


QUOTE_KINDS = ("direct", "partial", "block", "reported")


@main.command("quotes")
@click.option(
    "--speaker",
    help="Only quotes of this person or organization (name, alias or entity id: every spelling; "
    "a name no entity has matches speaker names containing it).",
)
@click.option("--article", "article_id", help="Only quotes of this article (id or unique id prefix).")
@click.option("--kind", type=click.Choice(QUOTE_KINDS), help="Only quotes of this kind.")
@click.option("--outlet", help="Only quotes in articles of this outlet (any spelling of it).")
@click.option("--since", help="Only articles published (or estimated) on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Only articles published (or estimated) on or before this day (YYYY-MM-DD).")
@include_copies_option
@listing_options()
@pass_context
def quotes_command(
    ctx: Context,
    listing: Listing,
    speaker: str | None,
    article_id: str | None,
    kind: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    include_copies: bool,
) -> None:
    """Quotes with their speaker, cue and kind (direct, partial, block, reported).

    Quotes of duplicate articles are left out (--include-copies shows them); the speaker
    column is the resolved entity, else the speaker as written."""
    for day, hint in ((since, "--since"), (until, "--until")):
        if day is not None and normalize_published(day) is None:
            raise click.BadParameter("use an ISO date such as 2025-10-26", param_hint=hint)
    with ctx.store() as store:
        found, total = list_quotes(
            store,
            speaker=speaker,
            article=article_id,
            kind=kind,
            outlet=outlet,
            since=since,
            until=until,
            include_copies=include_copies,
            limit=listing.limit,
            offset=listing.offset,
        )
    listing.emit(
        found,
        ["article", "kind", "speaker", "cue", "quote"],
        title=f"{total} quotes",
        people=_quote_row,
        total=total,
    )


def _quote_row(q: dict[str, Any]) -> dict[str, Any]:
    who = q.get("speaker") or {}
    return {
        "article": q.get("article"),
        "kind": q.get("kind"),
        "speaker": who.get("entity_name") or who.get("name"),
        "cue": (q.get("cue") or {}).get("text"),
        "quote": _shorten(str(q.get("text", ""))),
    }


@main.command("sources")
@include_copies_option
@listing_options()
@pass_context
def sources_command(ctx: Context, listing: Listing, include_copies: bool) -> None:
    """Who cites whom across the stored articles, with counts, read as the text says it:
    "X reports, citing Y" is X citing Y; "an official told Reuters" is the official telling Reuters.

    Citations in duplicate articles are left out (--include-copies counts them)."""
    with ctx.store() as store:
        citations = store.items("citations")
        if not include_copies:
            copies = duplicate_ids(store)
            citations = [c for c in citations if c["article"] not in copies]
        rows = source_rows(source_counts(citations, outlet_names(store, citations)))
    listing.emit(
        listing.page(rows), ["from", "says", "to", "count", "articles"], title="Citations", total=len(rows)
    )


def _shorten(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
