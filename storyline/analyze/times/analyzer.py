"""Time expressions normalized to TIMEX3 values, resolved against the article's date.

``analyze(ctx)`` is the pipeline analyzer: it dates an undated article from its own content first
(``dating.estimate_publication``), then tags the text (``tagger.find_timexes``), and re-resolves
relative expressions said inside a quote against the day the quote was said when the text gives one ("«within two weeks», he told reporters on Thursday").

Item (``models.TimeExpression``): ``{start, end, text, type, value, granularity, anchor, mod?, anchor_date?}`` where ``anchor`` is
``"document"`` (resolved against the publication date or its estimate), ``"quote"`` (against the
day a quote was said), ``"none"`` (absolute: the text wrote the date out) or ``"unknown"`` (relative
with no date to resolve it against; the value keeps ``X`` placeholders).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...models import Quote, TimeExpression
from ..context import ArticleContext
from .core import Timex
from .dating import estimate_publication
from .tagger import find_timexes
from .tense import TenseFinder


def to_item(timex: Timex, text: str, anchor: str) -> TimeExpression:
    return TimeExpression(
        start=timex.start,
        end=timex.end,
        text=text[timex.start : timex.end],
        type=timex.type,
        value=timex.value,
        granularity=timex.granularity,
        anchor=anchor,
        mod=timex.mod or None,
    )


def _anchor_of(timex: Timex, reference: dt.date | None) -> str:
    if not timex.relative or timex.type in ("DURATION", "SET"):
        return "none"
    return "document" if reference is not None else "unknown"


def _full_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _quote_days(ctx: ArticleContext, timexes: list[Timex]) -> list[tuple[int, int, dt.date, str]]:
    """(start, end, day, when-text) of each quote whose text says when it was said, the day read
    from the article's own (document-anchored) expressions."""
    days = []
    for quote in ctx.found("quotes", Quote):
        if quote.when is None:
            continue
        w_start, w_end = quote.when.start, quote.when.end
        said = [
            t
            for t in timexes
            if t.start < w_end and t.end > w_start and t.granularity == "day" and t.value[:4].isdigit()
        ]
        day = _full_day(said[0].value) if said else None
        if day is not None:  # "2001-XX-XX" (the day unknown) cannot anchor anything
            days.append((quote.start, quote.end, day, ctx.text[w_start:w_end]))
    return days


def analyze(ctx: ArticleContext) -> list[TimeExpression]:
    finder = TenseFinder(ctx.text, ctx.doc)
    kept = (ctx.article.published_estimate or {}).get("basis") == "dateline"  # stories/datelines.py
    if ctx.article.published_date is None and not kept:  # estimated afresh on every analysis
        ctx.article.published_estimate = estimate_publication(
            ctx.text, tense_finder=finder, upper_bound=ctx.article.seen_date, crawled=ctx.article.crawled_date
        )
    reference = ctx.reference_date
    timexes = find_timexes(ctx.text, reference, tense_finder=finder)
    items = [to_item(t, ctx.text, _anchor_of(t, reference)) for t in timexes]
    quote_days = _quote_days(ctx, timexes) if ctx.results.get("quotes") else []
    resolved_on: dict[dt.date, dict[tuple[int, int], Timex]] = {}
    for q_start, q_end, day, _when in quote_days:
        inside = [i for i, t in enumerate(timexes) if t.relative and q_start <= t.start and t.end <= q_end]
        if not inside:
            continue
        if day not in resolved_on:
            resolved_on[day] = {(t.start, t.end): t for t in find_timexes(ctx.text, day, tense_finder=finder)}
        requoted = resolved_on[day]
        for i in inside:
            again = requoted.get((timexes[i].start, timexes[i].end))
            if again is None or timexes[i].type in ("SET",):
                continue
            item = to_item(again, ctx.text, "quote")
            item.anchor_date = day.isoformat()
            items[i] = item
    return items


def describe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for people: the fields ``storyline times`` shows (of stored items, ``Store.items``)."""
    return [
        {k: item.get(k) for k in ("start", "end", "text", "type", "value", "granularity", "anchor")}
        for item in items
    ]
