"""An undated article's publication window, estimated from its own text.

News is written shortly after the latest thing it reports. So the window starts at the latest
fully written date the text reports in the past or present tense (a date it announces in the future
tense caps the window instead), and runs a few days past it when that date is in the first lines,
about a year past it when it is deeper in the body. A text whose latest written date is a bare year
gets no window, and a month and day written without a year ("Sept. 9") date nothing unless a
weekday written with them ("Monday, April 6") pins the year. When the anchoring day is known to the
day and the text says "this week", the window shrinks to that week, and the weekdays it names fix
the days: "said on Wednesday" starts the window on that Wednesday, "will meet on Friday" ends it
the day before. Only ``Article.text`` is read: boilerplate the cleaner moved to ``Article.removed``
(related-link lists crawled months later) never dates an article.

``estimate_publication(text)`` returns ``{"earliest", "latest", "evidence"}`` or None when the text
writes no usable date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, NamedTuple

from spacy.tokens import Doc

from ._timex_core import Timex
from ._timex_tense import TenseFinder

# Days around the anchoring date that the window covers (tuned on timeline17 and polnear train;
# see docs/times.md).
LEDE_CHARS = 600
DAYS_BEFORE_LEDE_DATE = 1
DAYS_AFTER_LEDE_DATE = 2
DAYS_BEFORE_BODY_DATE = 31
DAYS_AFTER_BODY_DATE = 365
# How many years after the text's latest written year a weekday-pinned "Monday, April 6" may lie
# (the weekday of a date repeats within 11 years).
PINNED_YEARS_AHEAD = 11

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_IN = re.compile(r"\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I)
_THIS_WEEK = re.compile(r"\b(?:earlier|later)?\s*this\s+week\b", re.I)


class Written(NamedTuple):
    """A date the text writes: its first and last day, where it is, and whether it is announced."""

    first: dt.date
    last: dt.date
    start: int
    end: int
    future: bool
    has_weekday: bool = False


def _written_dates(text: str, timexes: list[Timex], finder: TenseFinder) -> list[Written]:
    """Each date the text writes out with its year."""
    found = []
    for timex in timexes:
        if timex.relative or timex.type not in ("DATE", "TIME"):
            continue
        value = timex.value[:10]
        try:
            if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                first = last = dt.date.fromisoformat(value)
            elif re.fullmatch(r"\d{4}-\d\d", value):
                year, month = int(value[:4]), int(value[5:7])
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
            elif re.fullmatch(r"\d{4}", value):
                first, last = dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
            else:
                continue
        except ValueError:
            continue
        future = finder.tense_at(timex.start, timex.end) == "future"
        has_weekday = bool(_WEEKDAY_IN.search(text, timex.start, timex.end))
        found.append(Written(first, last, timex.start, timex.end, future, has_weekday))
    return found


def _weekday_of(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return next((i for i, name in enumerate(_WEEKDAYS) if name.startswith(word[:3])), None)


def _weekday_pinned_days(
    text: str, timexes: list[Timex], finder: TenseFinder, latest_year: int | None, cap: dt.date
) -> list[Written]:
    """Yearless month-days written with their weekday ("Monday, April 6"), in the first year that
    fits: on or after the text's latest written year, else (no year written) the last one before
    ``cap``. Without a real today (``cap`` far away) and no written year, nothing is pinned."""
    found = []
    for timex in timexes:
        match = re.fullmatch(r"XXXX-(\d\d)-(\d\d)", timex.value[:10])
        weekday_word = _WEEKDAY_IN.search(text, timex.start, timex.end)
        if timex.rule != "month_day" or not match or not weekday_word:
            continue
        weekday = _weekday_of(weekday_word.group(1))
        month, day = int(match.group(1)), int(match.group(2))
        if latest_year is not None:
            years = range(latest_year, latest_year + PINNED_YEARS_AHEAD + 1)
        elif cap.year < dt.MAXYEAR:
            years = range(cap.year, cap.year - PINNED_YEARS_AHEAD - 1, -1)
        else:
            continue
        for year in years:
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate.weekday() == weekday and candidate <= cap:
                future = finder.tense_at(timex.start, timex.end) == "future"
                found.append(Written(candidate, candidate, timex.start, timex.end, future, True))
                break
    return found


def _fix_week(
    text: str,
    timexes: list[Timex],
    finder: TenseFinder,
    anchor: dt.date,
    window: tuple[dt.date, dt.date],
    ceiling: dt.date,
    evidence: list[str],
) -> tuple[dt.date, dt.date]:
    """Narrow the window to the anchoring day's week when the text says "this week", then by the
    weekdays it names: a past one is a lower bound, a future one an upper bound."""
    said = _THIS_WEEK.search(text)
    if not said:
        return window
    # The week replaces the few days after the anchor; announced dates (``ceiling``) still cap it.
    monday = anchor - dt.timedelta(days=anchor.weekday())
    earliest, latest = max(window[0], monday), min(ceiling, monday + dt.timedelta(days=6))
    if earliest > latest:
        return window
    evidence.append(f"{said.group(0).strip()!r} puts publication in the week of {monday.isoformat()}")
    for timex in timexes:
        if timex.rule != "weekday" or not re.fullmatch(r"XXXX-WXX-[1-7]", timex.value):
            continue
        day = monday + dt.timedelta(days=int(timex.value[-1]) - 1)
        named = text[timex.start : timex.end]
        if finder.tense_at(timex.start, timex.end) == "future":
            if earliest < day <= latest:
                latest = day - dt.timedelta(days=1)
                evidence.append(f"{named!r} at {timex.start} is ahead (future): before {day.isoformat()}")
        elif earliest < day <= latest:
            earliest = day
            evidence.append(f"{named!r} at {timex.start} is past: on or after {day.isoformat()}")
    return earliest, latest


def estimate_publication(
    text: str,
    doc: Doc | None = None,
    tense_finder: TenseFinder | None = None,
    today: dt.date | None = None,
) -> dict[str, Any] | None:
    """The window the article was most likely published in, with the evidence for it.

    ``today`` (default: the real today) caps the window: nothing is published in the future."""
    from .times import find_timexes  # the tagger imports nothing from here; avoid a cycle at import

    finder = tense_finder or TenseFinder(text, doc)
    timexes = find_timexes(text, None, tense_finder=finder)
    cap = today or dt.date.today()
    # A bare year says little: news recalls past years all the time ("since 2014"), so a text
    # whose latest written date is a year gets no window rather than a wrong one.
    all_written = _written_dates(text, timexes, finder)
    years = [w.first.year for w in all_written if not w.future]
    written = [w for w in all_written if (w.last - w.first).days < 40]
    written += _weekday_pinned_days(text, timexes, finder, max(years) if years else None, cap)
    if not written:
        return None
    reported = [w for w in written if not w.future] or written
    latest_reported = max(reported, key=lambda w: (w.first, -((w.last - w.first).days)))
    in_lede = [w for w in reported if w.first == w.last and (w.start < LEDE_CHARS or w.has_weekday)]
    anchor: dt.date | None = None
    if in_lede:
        # A dateline or a date in the first lines is the day of the news, give or take a day
        # (wire copy dated for the next morning, time zones); later dates in the body are more
        # often announced events than news. A date written with its weekday is recent news too.
        lede = max(in_lede, key=lambda w: w.first)
        anchor = lede.first
        place = "in the first lines" if lede.start < LEDE_CHARS else "with its weekday"
        evidence = [f"date {place} {text[lede.start : lede.end]!r} at {lede.start}-{lede.end}"]
        earliest = anchor - dt.timedelta(days=DAYS_BEFORE_LEDE_DATE)
        latest = anchor + dt.timedelta(days=DAYS_AFTER_LEDE_DATE)
    else:
        # Deeper in the text the latest date is only a rough lower bound: news recalls older
        # events, and some "reported" dates are announcements the tense did not give away.
        quoted = text[latest_reported.start : latest_reported.end]
        evidence = [
            f"latest reported date {quoted!r} at {latest_reported.start}-{latest_reported.end} (a rough lower bound)"
        ]
        earliest = latest_reported.first - dt.timedelta(days=DAYS_BEFORE_BODY_DATE)
        latest = latest_reported.last + dt.timedelta(days=DAYS_AFTER_BODY_DATE)
    announced = [w.first for w in written if w.future and w.first >= earliest]
    ceiling = min(announced, default=dt.date.max)
    if announced and min(announced) < latest:
        latest = min(announced)
        evidence.append(f"announces {latest.isoformat()} in the future tense")
    if anchor is not None:
        earliest, latest = _fix_week(text, timexes, finder, anchor, (earliest, latest), ceiling, evidence)
    if latest > cap >= earliest:
        latest = cap
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat(), "evidence": evidence}
