"""References back to a date the text has already named: "that day", "the same month", "later that
year", "the following year", "the next morning". As HeidelTime does, they resolve against the last
date mentioned before them (``env.last_date``, kept by the tagger's second pass), not against the
publication date: "On May 22, 1995, he was promoted; the following year he left" is 1996.

With no earlier date in the text they fall back to the reference date. When the earlier date is
coarser than the unit asked for ("in October 1998 ... that same day") the missing parts stay ``X``.
"""

from __future__ import annotations

import datetime as dt
import re

from .core import PRECISION_RANK, Env, Timex, shift, value_at, weekday_after, weekday_before
from .dates import Rule, _make, _norm
from .lexicon import WEEKDAY_RE, WEEKDAYS

_DAY_UNITS = frozenset({"day", "morning", "afternoon", "evening", "night"})
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}
_MOD = {"early": "START", "earlier": "START", "late": "END", "later": "END"}

# "that day", "that same year", "the same month", "earlier that day", "later that year".
_THAT_UNIT = re.compile(
    r"(?<![\w-])(?:(?P<pos>earlier|later|early|late)\s+)?"
    r"(?:that(?:\s+same)?|the\s+same|(?P<the>the)\s+very)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night|week|month|year|quarter)(?![\w'’-])",
    re.IGNORECASE,
)
# "the following year", "the next morning", "the previous month": one unit on from the last date.
_NEXT_UNIT = re.compile(
    r"(?<![\w-])the\s+(?P<rel>following|next|previous|preceding|prior)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)(?![\w'’-])",
    re.IGNORECASE,
)
_STEP = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}


def _value(day: dt.date, precision: str, unit: str) -> str:
    """The ``unit``-sized period around ``day``, with ``X`` where the anchor was coarser."""
    if unit == "D":
        return (
            value_at(day, "D")
            if precision == "D"
            else f"{day.year:04d}-" + (f"{day.month:02d}-XX" if precision == "M" else "XX-XX")
        )
    if unit == "M":
        return value_at(day, "M") if precision != "Y" else f"{day.year:04d}-XX"
    if unit in ("W", "Q"):
        return (
            value_at(day, unit)
            if precision == "D" or (unit == "Q" and precision == "M")
            else (f"{day.year:04d}-{unit}XX" if unit == "Q" else f"{day.year:04d}-WXX")
        )
    return value_at(day, "Y")


def _unit(word: str) -> str:
    word = word.lower()
    return "D" if word in _DAY_UNITS else _UNIT_CODES[word]


def _that_unit(m: re.Match[str], env: Env) -> Timex | None:
    if m.group("the") and m.group("pos"):
        return None
    unit = _unit(m.group("unit"))
    if unit == "Q" and env.last_quarter:
        return _make(m, "DATE", env.last_quarter, relative=True)
    anchor = env.narrative_day()
    if anchor is None:
        return None
    day, precision = anchor
    mod = _MOD.get(_norm(m.group("pos") or ""))
    return _make(m, "DATE", _value(day, precision, unit), mod, relative=True)


def _next_unit(m: re.Match[str], env: Env) -> Timex | None:
    unit = _unit(m.group("unit"))
    rel = _norm(m.group("rel"))
    if rel == "next" and unit != "D":
        return None  # "the next year" mostly means the coming one: the period rule reads it
    anchor = env.narrative_day()
    if anchor is None:
        return None
    day, precision = anchor
    if PRECISION_RANK[unit] < PRECISION_RANK[precision]:
        # "the next day" after a bare "1995": no day to step from, so the day stays unknown.
        return _make(m, "DATE", _value(day, precision, unit), relative=True)
    step = _STEP[rel]
    return _make(m, "DATE", _value(shift(day, step, unit), precision, unit), relative=True)


# "the previous Friday", "the following Monday": the weekday just before or after the last day named.
_NEXT_WEEKDAY = re.compile(
    rf"(?<![\w-])the\s+(?P<rel>following|next|previous|preceding|prior)\s+(?P<wd>{WEEKDAY_RE})(?![\w'’-])",
    re.IGNORECASE,
)


def _next_weekday(m: re.Match[str], env: Env) -> Timex | None:
    anchor = env.narrative_day()
    if anchor is None or anchor[1] != "D":
        return _make(m, "DATE", f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}", relative=True)
    day, weekday = anchor[0], WEEKDAYS[m.group("wd").lower()]
    step = weekday_before if _STEP[_norm(m.group("rel"))] < 0 else weekday_after
    target = step(day, weekday)
    return _make(m, "DATE", value_at(target, "D"), relative=True)


# "until then", "by then": the last date named ("The rights end on Nov. 30. Until then, ...").
_THEN = re.compile(r"(?:(?<=\buntil\s)|(?<=\btill\s)|(?<=\bby\s))then(?![\w'’-])", re.IGNORECASE)


def _then(m: re.Match[str], env: Env) -> Timex | None:
    # With nothing named before it, "then" is a date we cannot give.
    return _make(m, "DATE", env.last_date or "XXXX-XX-XX", relative=True)


RULES: list[Rule] = [
    ("then", _THEN, _then),
    ("next_weekday", _NEXT_WEEKDAY, _next_weekday),
    ("that_unit", _THAT_UNIT, _that_unit),
    ("next_unit", _NEXT_UNIT, _next_unit),
]
