"""An undated article's publication window, estimated from its own text.

News is written shortly after the latest thing it reports. So the window starts at the latest
fully written date the text reports in the past or present tense (a date it announces in the future
tense caps the window instead), and runs a few days past it: fewer when the text speaks of
"yesterday" or names weekdays (it is about the last few days), more when the latest date it writes
is only a month; a text whose latest written date is a bare year gets no window. Only ``Article.text`` is read: boilerplate the cleaner moved to
``Article.removed`` (related-link lists crawled months later) never dates an article.

``estimate_publication(text)`` returns ``{"earliest", "latest", "evidence"}`` or None when the text
writes no date at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from spacy.tokens import Doc

from ._timex_core import Timex
from ._timex_tense import TenseFinder

# Days after the latest reported date that the window extends to (tuned on timeline17 and polnear
# train; see docs/times.md). A text that names weekdays or "yesterday" reports the last few days.
LEDE_CHARS = 600
DAYS_BEFORE_LEDE_DATE = 1
DAYS_AFTER_LEDE_DATE = 2
DAYS_BEFORE_BODY_DATE = 31
DAYS_AFTER_BODY_DATE = 365


def _written_dates(timexes: list[Timex], finder: TenseFinder) -> list[tuple[dt.date, dt.date, str, bool]]:
    """(first day, last day, text span, future?) of each date the text writes out with its year."""
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
        found.append((first, last, f"{timex.start}-{timex.end}", future))
    return found


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
    # A bare year says little: news recalls past years all the time ("since 2014"), so a text
    # whose latest written date is a year gets no window rather than a wrong one.
    all_written = _written_dates(timexes, finder)
    written = [w for w in all_written if (w[1] - w[0]).days < 40]
    years = [w[0].year for w in all_written if not w[3]]
    yearless_days = any(t.rule == "month_day" and t.relative for t in timexes)
    if years and yearless_days:
        # "Sept. 9" with no year, in a text whose latest written year is 2016: Sept. 9, 2016.
        year_end = dt.date(max(years), 12, 31)
        for timex in find_timexes(text, year_end, tense_finder=finder):
            if timex.rule == "month_day" and timex.relative and timex.value[:4] == str(max(years)):
                day = dt.date.fromisoformat(timex.value[:10])
                future = finder.tense_at(timex.start, timex.end) == "future"
                written.append((day, day, f"{timex.start}-{timex.end}", future))
    if not written:
        return None
    reported = [w for w in written if not w[3]] or written
    first, last, span, _future = max(reported, key=lambda w: (w[0], -((w[1] - w[0]).days)))
    quoted = text[int(span.split("-")[0]) : int(span.split("-")[1])]
    in_lede = [w for w in reported if w[0] == w[1] and int(w[2].split("-")[0]) < LEDE_CHARS]
    if in_lede:
        # A dateline or a date in the first lines is the day of the news, give or take a day
        # (wire copy dated for the next morning, time zones); later dates in the body are more
        # often announced events than news.
        lede_day, _last, lede_span, _f = max(in_lede, key=lambda w: w[0])
        lede_text = text[int(lede_span.split("-")[0]) : int(lede_span.split("-")[1])]
        evidence = [f"date in the first lines {lede_text!r} at {lede_span}"]
        earliest = lede_day - dt.timedelta(days=DAYS_BEFORE_LEDE_DATE)
        latest = lede_day + dt.timedelta(days=DAYS_AFTER_LEDE_DATE)
    else:
        # Deeper in the text the latest date is only a rough lower bound: news recalls older
        # events, and some "reported" dates are announcements the tense did not give away.
        evidence = [f"latest reported date {quoted!r} at {span} (a rough lower bound)"]
        earliest = first - dt.timedelta(days=DAYS_BEFORE_BODY_DATE)
        latest = last + dt.timedelta(days=DAYS_AFTER_BODY_DATE)
    announced = [w[0] for w in written if w[3] and w[0] >= earliest]
    if announced and min(announced) < latest:
        latest = min(announced)
        evidence.append(f"announces {latest.isoformat()} in the future tense")
    cap = today or dt.date.today()
    if latest > cap >= earliest:
        latest = cap
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat(), "evidence": evidence}
