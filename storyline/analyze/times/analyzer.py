"""Time expressions normalized to TIMEX3 values, resolved against the article's date.

``find_timexes(text, reference)`` is the tagger (rules in ``anaphora``, ``dates``,
``quarters``, ``clock`` and ``spans``,
HeidelTime-style: regexes find candidates, a handler per rule normalizes or refuses them, the
longest candidate wins an overlap). ``analyze(ctx)`` is the pipeline analyzer: it dates an undated
article from its own content first (``dating.estimate_publication``), then tags the text, and
re-resolves relative expressions said inside a quote against the day the quote was said when the
text gives one ("«within two weeks», he told reporters on Thursday").

Item: ``{start, end, text, type, value, granularity, anchor, mod?, anchor_date?}`` where ``anchor`` is
``"document"`` (resolved against the publication date or its estimate), ``"quote"`` (against the
day a quote was said), ``"none"`` (absolute: the text wrote the date out) or ``"unknown"`` (relative
with no date to resolve it against; the value keeps ``X`` placeholders).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spacy.tokens import Doc

from ..context import ArticleContext, Item
from . import anaphora, clock, dates, quarters, spans
from .core import Env, Timex
from .dates import Handler, Rule
from .tense import TenseFinder

RULES: list[Rule] = [
    *anaphora.RULES,
    *dates.RULES,
    *quarters.RULES,
    *clock.RULES,
    *spans.RULES,
]
_RULE_RANK = {name: i for i, (name, _pattern, _handler) in enumerate(RULES)}

# A value that names a day, month or year (a part of day may follow): what "that day" refers back to.
_DATED = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?(?:T\w+(?::\d\d)*)?")


def find_timexes(
    text: str,
    reference: dt.date | None,
    doc: Doc | None = None,
    tense_finder: TenseFinder | None = None,
) -> list[Timex]:
    """Every time expression of ``text``, in text order, with values resolved against ``reference``.

    ``doc`` (any spaCy Doc of ``text``) lends its part-of-speech tags to the tense finder when it
    has them; without, a word list stands in."""
    finder = tense_finder or TenseFinder(text, doc)
    scratch = Env(text, reference, finder.tense_at)
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for name, pattern, handler in RULES:
        for match in pattern.finditer(text):
            timex = _safely(handler, match, scratch)
            if timex is None or timex.end <= timex.start or _not_a_time(text, timex):
                continue
            candidates.append((timex.start, timex.end, _RULE_RANK[name], name, match))
    # Longest first, then the rule listed first; a candidate overlapping a kept one is dropped.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    kept: list[tuple[int, int, int, str, re.Match[str]]] = []
    for cand in candidates:
        if all(cand[1] <= k[0] or cand[0] >= k[1] for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: c[0])
    # Second pass in text order, so discourse state (the quarter being discussed) flows forward.
    env = Env(text, reference, finder.tense_at)
    handlers = {name: handler for name, _pattern, handler in RULES}
    found: list[Timex] = []
    for _start, _end, _rank, name, match in kept:
        timex = _safely(handlers[name], match, env)
        if timex is not None:
            timex.rule = name
            found.append(timex)
            if timex.type in ("DATE", "TIME") and _DATED.fullmatch(timex.value):
                env.last_date = timex.value
    return found


# "52 years old" is an age; "$500 million a year", "700 seats a week" and "$55 a night" are rates.
# Neither places anything on a timeline, and TimeML annotators leave them out.
_AGE_AFTER = re.compile(r"\s*(?:old|of\s+age)\b")
_RATE = re.compile(r"an?\s+(?:year|month|week|day|night|quarter)", re.IGNORECASE)
_COUNTED_FROM = re.compile(r"\s+(?:ago|earlier|later|before|after)\b")  # "a year earlier" is a date
_AMOUNT_BEFORE = re.compile(
    r"(?:\d[\d,.]*%?|\b(?:million|billion|thousand|hundred|percent|cents?|dollars|seats|flights|shares))\s+$",
    re.IGNORECASE,
)


def _not_a_time(text: str, timex: Timex) -> bool:
    if timex.type == "DURATION" and _AGE_AFTER.match(text, timex.end):
        return True
    return bool(
        _RATE.fullmatch(text, timex.start, timex.end)
        and _AMOUNT_BEFORE.search(text, max(0, timex.start - 30), timex.start)
        and not _COUNTED_FROM.match(text, timex.end)
    )


def _safely(handler: Handler, match: re.Match[str], env: Env) -> Timex | None:
    """A handler's result, or None when the value falls off the calendar ("125,000 years ago")."""
    try:
        return handler(match, env)
    except (ValueError, OverflowError):
        return None


def to_item(timex: Timex, text: str, anchor: str) -> Item:
    item: Item = {
        "start": timex.start,
        "end": timex.end,
        "text": text[timex.start : timex.end],
        "type": timex.type,
        "value": timex.value,
        "granularity": timex.granularity,
        "anchor": anchor,
    }
    if timex.mod:
        item["mod"] = timex.mod
    return item


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
    for quote in ctx.results.get("quotes", []):
        when = quote.get("when")
        if not isinstance(when, dict) or "start" not in when or "end" not in when:
            continue
        w_start, w_end = int(when["start"]), int(when["end"])
        said = [
            t
            for t in timexes
            if t.start < w_end and t.end > w_start and t.granularity == "day" and t.value[:4].isdigit()
        ]
        day = _full_day(said[0].value) if said else None
        if day is not None:  # "2001-XX-XX" (the day unknown) cannot anchor anything
            days.append((int(quote["start"]), int(quote["end"]), day, ctx.text[w_start:w_end]))
    return days


def analyze(ctx: ArticleContext) -> list[Item]:
    from .dating import estimate_publication  # local: dating imports this module's tagger

    finder = TenseFinder(ctx.text, ctx.doc)
    if ctx.article.published_date is None:  # estimated afresh on every analysis, by today's rules
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
            item["anchor_date"] = day.isoformat()
            items[i] = item
    return items


def describe(items: list[Item]) -> list[dict[str, Any]]:
    """Rows for people: the fields ``storyline times`` shows."""
    return [
        {k: item.get(k) for k in ("start", "end", "text", "type", "value", "granularity", "anchor")}
        for item in items
    ]
