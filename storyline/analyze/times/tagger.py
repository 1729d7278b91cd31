"""The tagger: every time expression of a text, normalized to a TIMEX3 value against a reference day.

HeidelTime-style: regexes (the rules of ``anaphora``, ``dates``, ``quarters``, ``clock`` and
``spans``) find candidates, a handler per rule normalizes or refuses them, the longest candidate
wins an overlap. Both the analyzer and the dating read it; it reads neither.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from . import anaphora, clock, dates, quarters, spans
from .core import Env, Timex
from .dates import Handler, Rule
from .prefilter import lowered_for_rules
from .scan import RuleScan, TextScan
from .tense import TenseFinder

RULES: list[Rule] = [
    *anaphora.RULES,
    *dates.RULES,
    *quarters.RULES,
    *clock.RULES,
    *spans.RULES,
]
_RULE_RANK = {name: i for i, (name, _pattern, _handler) in enumerate(RULES)}
_SCANS = {name: RuleScan.of(pattern) for name, pattern, _handler in RULES}
# The last text scanned: an undated article is tagged twice (to date it, then against the date),
# and again for each day a quote was said; its rules' matches do not depend on the day.
_last_scan: list[TextScan] = []

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
    scan = _scan_of(text)
    for name, _pattern, handler in RULES:
        for match in scan.matches(name, _SCANS[name]):
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


def _scan_of(text: str) -> TextScan:
    last = _last_scan[0] if _last_scan else None
    if last is not None and last.text is text:
        return last
    scan = TextScan(text, lowered_for_rules(text))
    _last_scan[:] = [scan]
    return scan


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
