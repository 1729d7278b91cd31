"""A wire dateline without a year ("TESSVIK, March 3 (NWA) —"), dated by the articles around it.

Agencies write the day and leave out the year: on its own such a dateline dates nothing (the
cleaner removes it and records it). But the article reports events that dated articles report too,
and a news article's dateline is days from those reports, not a year: the year is the one that puts
the month and day nearest the dated reports of the same events, when that is within
``MAX_GAP_DAYS``. The article then gets an exact estimate (``basis: "dateline"``, with its
evidence) that later analyses keep, and is analyzed again so its relative dates ("on Monday",
"March 20") resolve against that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..clean.text import yearless_dateline
from ..resolve.events import year_nearest

__all__ = ["DATELINE_BASIS", "MAX_GAP_DAYS", "date_datelines", "dateline_month_day", "year_for"]

DATELINE_BASIS = "dateline"
# A dateline is the day the story was filed; other outlets' reports of the same events fall
# within weeks of it. Two months is far wider than that, and far narrower than the year a wrong
# year would be off by.
MAX_GAP_DAYS = 62


def dateline_month_day(removed: Iterable[Mapping[str, Any]]) -> tuple[int, int, str] | None:
    """(month, day, text) of the first removed dateline that writes a month and day but no year."""
    for item in removed:
        if item.get("kind") == "dateline":
            text = str(item.get("text") or "")
            found = yearless_dateline(text)
            if found is not None:
                return found[0], found[1], text
    return None


def year_for(month: int, day: int, dated: Sequence[dt.date]) -> tuple[dt.date, dt.date] | None:
    """(the dateline's day, the nearest dated report) for the year that puts ``month``/``day``
    nearest the ``dated`` days, or None when none is within ``MAX_GAP_DAYS`` (or the day does
    not exist, as February 30)."""
    value = year_nearest(f"XXXX-{month:02d}-{day:02d}", dated, reach=MAX_GAP_DAYS)
    if value is None or not dated:
        return None
    chosen = dt.date.fromisoformat(value)
    return chosen, min(dated, key=lambda d: abs((d - chosen).days))


def _day_of(article: Mapping[str, Any]) -> dt.date | None:
    """The article's stated day, else the day of an exact estimate."""
    published = str(article.get("published") or "")[:10]
    if len(published) == 10:
        try:
            return dt.date.fromisoformat(published)
        except ValueError:
            return None
    estimate = article.get("published_estimate") or {}
    earliest, latest = str(estimate.get("earliest") or "")[:10], str(estimate.get("latest") or "")[:10]
    if earliest and earliest == latest:
        try:
            return dt.date.fromisoformat(earliest)
        except ValueError:
            return None
    return None


def date_datelines(
    events: Sequence[Mapping[str, Any]],
    articles: Sequence[Mapping[str, Any]],
    datelines: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, dict[str, Any]]:
    """Estimates for undated articles with a yearless dateline: ``{article id: estimate}``.

    ``events`` are canonical events (their ``mentions`` and ``history`` name articles);
    ``articles`` give ``id``, ``published`` and ``published_estimate``; ``datelines`` maps an
    undated article's id to its removed items. Only articles sharing an event with a dated
    article, and not already dated by a dateline, are dated."""
    by_id = {str(a["id"]): a for a in articles}
    neighbours: dict[str, set[str]] = {}
    for event in events:
        ids = {str(m["article"]) for m in event.get("mentions") or []}
        ids |= {str(h["article"]) for h in event.get("history") or [] if h.get("article")}
        for article_id in ids & datelines.keys():
            neighbours.setdefault(article_id, set()).update(ids - {article_id})
    found: dict[str, dict[str, Any]] = {}
    for article_id, others in sorted(neighbours.items()):
        article = by_id.get(article_id) or {}
        if (
            article.get("published")
            or (article.get("published_estimate") or {}).get("basis") == DATELINE_BASIS
        ):
            continue
        stated = dateline_month_day(datelines[article_id])
        if stated is None:
            continue
        dated = sorted(d for d in (_day_of(by_id.get(o) or {}) for o in others) if d is not None)
        if not dated:
            continue
        chosen = year_for(stated[0], stated[1], dated)
        if chosen is None:
            continue
        day, nearest = chosen
        found[article_id] = {
            "earliest": day.isoformat(),
            "latest": day.isoformat(),
            "basis": DATELINE_BASIS,
            "evidence": [
                f"dateline {stated[2]!r} writes no year: {day.year}, the year that puts it nearest"
                f" the {len(dated)} dated report(s) of the same events (nearest {nearest.isoformat()})"
            ],
        }
    return found
