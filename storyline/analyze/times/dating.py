"""An undated article's publication window, estimated from its own text.

News is dated by its page furniture before its prose: a full date near the top that no
preposition introduces ("OSLO | Tue Mar 3, 2020 9:15 am CET", "Tuesday 3 March 2020 08.10
GMT", "By A. Writer | March 3, 2020") is the article's own stamp, while a date a preposition
introduces ("signed on 2 May 2012", "a letter dated June 4 2015", "until 1 July 2021") is an
event the article reports, recalls or announces. So the estimate, from the surest evidence down:

1. **stamp** — the header's stamp (the first ``HEADER_CHARS`` characters): a window of a few days
   around it, narrower when a clock time or a weekday is written with it.
2. **events** — else the latest full date the text reports (not in the future tense, not a limit
   such as "until", "by" or "before"): the article was published on or after it, usually within
   weeks, but features recall events years old, so the window is wide (``EVENT_DAYS_AFTER``; it
   also starts ``EVENT_DAYS_BEFORE`` early, for events misread as past). When the text writes a
   later year elsewhere, the date is recalled, not news: no window, unless an ``upper_bound`` is
   known, which then ends a window starting at that date (a lower bound is right ~90% of the time).
3. A byline ("By A. Writer | March 3, 2020 ; 2:05 PM ET") or a "Published:" label stamps the
   article wherever it stands (blogs stack several posts on a page).

A date stamped with a clock time deeper in the page ("4:10 pm ET May 9, 2024 SHARE",
"May 9, 2024 at 8:02 pm | Reply") is a comment or a sidebar crawled with the page: it never
dates the article, it only caps a window (the page existed by then). A date announced in the
future tense is not used as a cap: it was right only 63% of the time (deadlines, reported plans).
Bare years and yearless dates date nothing on their own (news recalls past years all the time); a
weekday written with a yearless month-day ("Monday, April 6") pins it to a year when exactly one
year the text writes (or the next) fits. When the stamp is known to the day and the text says "this week", the
weekdays the text names in the past tense ("said on Wednesday") may start the window later.

``estimate_publication(text, upper_bound=...)`` returns ``{"earliest", "latest", "evidence"}``
or None when the text writes nothing that dates it. ``upper_bound`` is the last day the article
can have been published: the day it was ingested, which the caller knows; it is never read from
the wall clock, so an estimate is reproducible.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from spacy.tokens import Doc

from .core import Timex
from .lexicon import WEEKDAYS
from .tagger import find_timexes
from .tense import TenseFinder

# Tuned on timeline17 (all but every 8th article) and polnear train; see docs/times.md.
HEADER_CHARS = 400  # where a page's own stamp stands (title, byline, dateline)
LEDE_CHARS = 1000  # where weekday cues describe the news rather than comments or recalled weeks
STAMP_DAYS_BEFORE = 1
STAMP_DAYS_AFTER = 1  # a stamp with a clock time or a weekday: the page's own time stamp
PLAIN_STAMP_DAYS_AFTER = 3  # a bare date in the header: sometimes a photo caption days before
COMMENT_THREAD = 3  # time-stamped comments that make a thread (a single stamp may be a sidebar)
COMMENT_DAYS_BEFORE = 2  # comments start on the day of publication or the day after
EVENT_DAYS_BEFORE = 31  # reported dates misread as past are mostly announcements days ahead
EVENT_DAYS_AFTER = 365
WEEKDAY_DAYS_BEFORE = 8  # "Saturday, June 8" in the body: this week's news or next week's plan
WEEKDAY_DAYS_AFTER = 7
# How many years before the upper bound a weekday-pinned "Monday, April 6" may lie when the text
# writes no year (a weekday and month-day recur within 11 years).
PINNED_YEARS_BACK = 11
# How far a clock time may sit from the date it stamps ("4:10 pm ET May 9, 2024").
CLOCK_REACH = 25

_WEEKDAY_IN = re.compile(r"\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I)
_BARE_WEEKDAY = re.compile(r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_YEARLESS_DAY = re.compile(r"XXXX-(\d\d)-(\d\d)")  # a month-day the tagger found without a year
_THIS_WEEK = re.compile(r"\b(?:earlier|later)?\s*this\s+week\b", re.I)
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?|GMT|BST|UTC|EDT|EST|ET|PT|PST|PDT|CET|CEST|IST)?"
    r"|\b\d{1,2}\s*[ap]\.?m\b",
    re.I,
)
# A preposition (and an optional weekday) right before a date: the date is an event, not a stamp.
_PREPOSITION = re.compile(
    r"\b(?P<word>on|in|of|since|until|till|by|before|after|from|between|and|through|dated|to|ending"
    r"|during|at|as|for)\s*,?\s*(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?$",
    re.I,
)
# A byline or a publication label before a date stamps the article itself, wherever it is
# ("By A. Writer | March 3, 2020 ; 2:05 PM ET", "Published: Tuesday, 3 March, 2020"); a
# comment's "Posted by: reader |" does not.
_BYLINE = re.compile(r"(?:\bBy\s[^|\n.]{1,50}\|\s*|\b(?:Published|Last updated|Updated)\s*:?\s*(?:on\s+)?)$")
# Prepositions that make a date a limit rather than the day something happened.
_LIMIT_WORDS = frozenset({"until", "till", "by", "before", "after", "through", "ending", "to", "as", "from"})

TenseOf = Callable[[int, int], str | None]


class Written(NamedTuple):
    """A date the text writes with its year: first and last day, where it is, and its context."""

    first: dt.date
    last: dt.date
    start: int
    end: int
    tense: str | None
    has_weekday: bool
    clock: bool
    preposition: str | None  # the word that introduces it, lower-cased, or None

    @property
    def is_day(self) -> bool:
        return self.first == self.last

    @property
    def is_stamp_like(self) -> bool:
        return self.preposition is None


def _span_of(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 date value with a year (a day, a month or a year)."""
    value = value[:10]
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if re.fullmatch(r"\d{4}-\d\d", value):
            year, month = int(value[:4]), int(value[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _context(text: str, start: int, end: int) -> tuple[bool, str | None]:
    """(a clock time is written next to it, the preposition that introduces it)."""
    before = text[max(0, start - CLOCK_REACH) : start]
    after = text[end : end + CLOCK_REACH].lstrip(" ,;|-")
    after = re.sub(r"^at\s+", "", after)
    clock = bool(_CLOCK.search(before)) or bool(_CLOCK.match(after))
    prep = _PREPOSITION.search(text[max(0, start - 40) : start])
    return clock, (prep.group("word").lower() if prep else None)


def _byline_before(text: str, start: int) -> bool:
    return bool(_BYLINE.search(text[max(0, start - 60) : start]))


def written_dates(text: str, timexes: list[Timex], tense_of: TenseOf) -> list[Written]:
    """Each date the text writes out with its year, with its context."""
    found = []
    for timex in timexes:
        if timex.relative or timex.type not in ("DATE", "TIME"):
            continue
        span = _span_of(timex.value)
        if span is None:
            continue
        clock, preposition = _context(text, timex.start, timex.end)
        has_weekday = bool(_WEEKDAY_IN.search(text, timex.start, timex.end))
        tense = tense_of(timex.start, timex.end)
        found.append(Written(*span, timex.start, timex.end, tense, has_weekday, clock, preposition))
    return found


def weekday_pinned_dates(
    text: str, timexes: list[Timex], tense_of: TenseOf, years: set[int], upper_bound: dt.date | None
) -> list[Written]:
    """Yearless month-days written with their weekday ("Monday, April 6") in the one year the text
    writes (or the one after, for a January article about December) whose calendar fits; with no
    year written, the last fitting year up to ``upper_bound`` when there is one."""
    found = []
    for timex in timexes:
        match = _YEARLESS_DAY.fullmatch(timex.value[:10])
        weekday_word = _WEEKDAY_IN.search(text, timex.start, timex.end)
        if timex.rule != "month_day" or not match or not weekday_word:
            continue
        weekday = WEEKDAYS[weekday_word.group(1).lower()[:3]]  # "wednes", "thurs": the first three letters
        month, day = int(match.group(1)), int(match.group(2))
        if years:
            candidates = sorted(years | {y + 1 for y in years})
        elif upper_bound is not None:
            candidates = list(range(upper_bound.year, upper_bound.year - PINNED_YEARS_BACK - 1, -1))
        else:
            continue
        fitting = []
        for year in candidates:
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate.weekday() == weekday and (upper_bound is None or candidate <= upper_bound):
                fitting.append(candidate)
        if not fitting or (years and len(fitting) > 1):  # none, or ambiguous between written years
            continue
        clock, preposition = _context(text, timex.start, timex.end)
        tense = tense_of(timex.start, timex.end)
        found.append(Written(fitting[0], fitting[0], timex.start, timex.end, tense, True, clock, preposition))
    return found


def _fix_week(
    text: str,
    timexes: list[Timex],
    tense_of: TenseOf,
    anchor: dt.date,
    window: tuple[dt.date, dt.date],
    evidence: list[str],
) -> tuple[dt.date, dt.date]:
    """When the lede says "this week", the window keeps to the anchoring day's week, and a bare
    weekday the lede names in the past tense ("said on Wednesday") starts it, one in the future
    tense ("will meet on Friday") ends it the day before. Deeper in the page weekdays belong to
    comments and recalled weeks: used there, they moved windows off the true day."""
    said = _THIS_WEEK.search(text, 0, LEDE_CHARS)
    if not said:
        return window
    monday = anchor - dt.timedelta(days=anchor.weekday())
    earliest, latest = max(window[0], monday), min(window[1], monday + dt.timedelta(days=6))
    if earliest > latest:
        return window
    evidence.append(f"{said.group(0).strip()!r} puts publication in the week of {monday.isoformat()}")
    for timex in timexes:
        named = text[timex.start : timex.end]
        if (
            timex.start >= LEDE_CHARS
            or timex.rule != "weekday"
            or not re.fullmatch(r"XXXX-WXX-[1-7]", timex.value)
            or not _BARE_WEEKDAY.fullmatch(named)
        ):
            continue
        day = monday + dt.timedelta(days=int(timex.value[-1]) - 1)
        tense = tense_of(timex.start, timex.end)
        if tense == "past" and earliest < day <= latest:
            earliest = day
            evidence.append(f"{named!r} at {timex.start} is past: on or after {day.isoformat()}")
        elif tense == "future" and earliest < day <= latest:
            latest = day - dt.timedelta(days=1)
            evidence.append(f"{named!r} at {timex.start} is ahead: before {day.isoformat()}")
    return earliest, latest


def _quote(text: str, written: Written) -> str:
    return f"{text[written.start : written.end]!r} at {written.start}-{written.end}"


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _stamp_window(
    text: str, stamps: list[Written], timexes: list[Timex], tense_of: TenseOf, evidence: list[str]
) -> tuple[dt.date, dt.date]:
    stamp = max(stamps, key=lambda w: (w.clock or w.has_weekday, w.first))
    after = STAMP_DAYS_AFTER if stamp.clock or stamp.has_weekday else PLAIN_STAMP_DAYS_AFTER
    kind = "time-stamped date" if stamp.clock else "dated header" if stamp.has_weekday else "date"
    evidence.append(f"{kind} in the header {_quote(text, stamp)}")
    window = (stamp.first - _days(STAMP_DAYS_BEFORE), stamp.first + _days(after))
    return _fix_week(text, timexes, tense_of, stamp.first, window, evidence)


def _event_window(
    text: str,
    written: list[Written],
    timexes: list[Timex],
    tense_of: TenseOf,
    upper_bound: dt.date | None,
    evidence: list[str],
) -> tuple[dt.date, dt.date] | None:
    """From the latest date the text reports; None when it looks recalled and nothing bounds it."""
    events = [w for w in written if w.tense != "future" and w.preposition not in _LIMIT_WORDS]
    # A comment stamped later than any year the prose writes is a sidebar crawled later.
    prose_year = max((w.first.year for w in events if not (w.clock and w.is_stamp_like)), default=0)
    events = [w for w in events if not (w.clock and w.is_stamp_like) or w.first.year <= prose_year]
    event_days = [w for w in events if w.is_day]
    if not event_days:
        return None
    latest = max(event_days, key=lambda w: w.first)
    # News writes this week's days with their weekday, stamps with a clock time, embedded posts
    # bare; "on/of/since" + a full date is mostly a recalled event ("the attack of <date>"), and so
    # is any date older than a year the text writes elsewhere.
    news_like = latest.has_weekday or latest.clock or latest.preposition is None
    recalled = not news_like or max(w.first.year for w in events) > latest.first.year
    if recalled and upper_bound is None:
        return None
    evidence.append(f"latest date reported {_quote(text, latest)}: published on or after it")
    if latest.has_weekday:
        window = (latest.first - _days(WEEKDAY_DAYS_BEFORE), latest.first + _days(WEEKDAY_DAYS_AFTER))
        return _fix_week(text, timexes, tense_of, latest.first, window, evidence)
    if upper_bound is not None and recalled:
        return latest.first - _days(EVENT_DAYS_BEFORE), upper_bound
    return latest.first - _days(EVENT_DAYS_BEFORE), latest.first + _days(EVENT_DAYS_AFTER)


def _crawl_window(
    text: str, timexes: list[Timex], tense_of: TenseOf, crawled: dt.date, evidence: list[str]
) -> tuple[dt.date, dt.date] | None:
    """The latest yearless month-day the text reports ("spoke on October 20"), read as the last one
    on or before the crawl: a crawled page was published before it was fetched, and news reports
    the days just gone. The window runs from that day to the crawl."""
    best: tuple[dt.date, Timex] | None = None
    for timex in timexes:
        match = _YEARLESS_DAY.fullmatch(timex.value[:10])
        if not match or tense_of(timex.start, timex.end) == "future":
            continue
        if _context(text, timex.start, timex.end)[1] in _LIMIT_WORDS:
            continue  # "until October 20" is a limit, not news
        candidate = _last_on_or_before(int(match.group(1)), int(match.group(2)), crawled)
        if candidate is not None and (best is None or candidate > best[0]):
            best = (candidate, timex)
    if best is None:
        return None
    reported, timex = best
    evidence.append(
        f"latest yearless date reported {text[timex.start : timex.end]!r} at {timex.start}-{timex.end} is "
        f"{reported.isoformat()}, the last one before the crawl on {crawled.isoformat()}"
    )
    return reported - _days(STAMP_DAYS_BEFORE), crawled


def _last_on_or_before(month: int, day: int, bound: dt.date) -> dt.date | None:
    for year in (bound.year, bound.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= bound:
            return candidate
    return None


def estimate_from_timexes(
    text: str,
    timexes: list[Timex],
    tense_of: TenseOf,
    upper_bound: dt.date | None = None,
    crawled: dt.date | None = None,
) -> dict[str, Any] | None:
    """``estimate_publication`` over an already tagged text (the tagger run with no reference)."""
    cap = upper_bound or dt.date.max
    written = [w for w in written_dates(text, timexes, tense_of) if w.first <= cap]
    years = {w.first.year for w in written}
    written += weekday_pinned_dates(text, timexes, tense_of, years, upper_bound)
    days = [w for w in written if w.is_day]
    # Clock-stamped dates below the header are comments and sidebars: the page existed by then.
    furniture = [
        w
        for w in days
        if w.start >= HEADER_CHARS and w.clock and w.is_stamp_like and not _byline_before(text, w.start)
    ]
    page_seen_by = min((w.first for w in furniture), default=dt.date.max)
    stamps = [
        w for w in days if w.is_stamp_like and (w.start < HEADER_CHARS or _byline_before(text, w.start))
    ]
    evidence: list[str] = []
    window: tuple[dt.date, dt.date] | None
    if stamps:
        window = _stamp_window(text, stamps, timexes, tense_of, evidence)
    elif len(furniture) >= COMMENT_THREAD:
        # A thread of comments starts on the day of publication or the day after; a lone stamp
        # may be a sidebar crawled years later.
        evidence.append(
            f"the earliest of {len(furniture)} time-stamped comments is {page_seen_by.isoformat()}"
        )
        window = (page_seen_by - _days(COMMENT_DAYS_BEFORE), page_seen_by)
    else:
        window = _event_window(text, written, timexes, tense_of, upper_bound, evidence)
    if window is None and crawled is not None:
        window = _crawl_window(text, timexes, tense_of, crawled, evidence)
    if window is None:
        return None
    earliest, latest = window
    if earliest <= page_seen_by < latest:
        latest = page_seen_by
        evidence.append(f"a comment or sidebar on the page is stamped {page_seen_by.isoformat()}")
    if earliest <= cap < latest:
        latest = cap
        evidence.append(f"not after the upper bound {cap.isoformat()}")
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat(), "evidence": evidence}


def estimate_publication(
    text: str,
    doc: Doc | None = None,
    tense_finder: TenseFinder | None = None,
    upper_bound: dt.date | None = None,
    crawled: dt.date | None = None,
) -> dict[str, Any] | None:
    """The window the article was most likely published in, with the evidence for it.

    ``upper_bound`` is the last day it can have been published (when it was ingested); None
    leaves the window as the text alone gives it. ``crawled`` is the crawl day the source states
    (a WARC-Date): with it, when nothing else dates the text, a yearless date it reports ("on
    October 20") is read as the last one before the crawl. The day storyline ingested a file is
    not a crawl day (an archive may be ingested years later), so it never does that."""
    finder = tense_finder or TenseFinder(text, doc)
    timexes = find_timexes(text, None, tense_finder=finder)
    return estimate_from_timexes(text, timexes, finder.tense_at, upper_bound, crawled)
