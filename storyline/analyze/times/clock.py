"""Rules for clock times ("10 p.m. Wednesday", "5 p.m. EST Nov. 9", "noon") and holidays
("Christmas Eve", "Thanksgiving")."""

from __future__ import annotations

import datetime as dt
import re

from .core import Env, Timex, day_value
from .dates import (
    _B,
    _DAY_OFFSETS,
    _MONTH_DAY,
    _WEEKDAY,
    _YEAR,
    Rule,
    _make,
    _month_day,
    _norm,
    _tense,
    _weekday,
)
from .lexicon import MONTH_RE, WEEKDAY_RE

_CLOCK = re.compile(
    rf"{_B}(?:(?P<approx>about|around|approximately|at\s+about|shortly\s+after|shortly\s+before)\s+)?"
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))|(?P<word>noon|midnight)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<min24>\d{2})(?=\s*(?:GMT|UTC|[A-Z]{2,3}T|hours|local\s+time)))"
    r"(?:\s*\(?(?P<tz>GMT|UTC|[ECMP][SD]T|[A-Z]{2,3}T)\)?(?!\w))?"
    rf"(?:\s*,?\s*(?:on\s+)?(?P<date>today|yesterday|tomorrow|{WEEKDAY_RE}"
    rf"(?:\s*,?\s+{MONTH_RE}\s+\d{{1,2}}(?:\s*,\s*{_YEAR})?)?|{MONTH_RE}\s+\d{{1,2}}(?:\s*,\s*{_YEAR})?)(?!\w))?",
    re.IGNORECASE,
)


def _clock(m: re.Match[str], env: Env) -> Timex | None:
    if m.group("word"):
        hour, minute = (12, 0) if m.group("word").lower() == "noon" else (24, 0)
    elif m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("min24"))
    else:
        hour, minute = int(m.group("h")), int(m.group("min") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        pm = m.group("ampm").lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    day = _date_part(m.group("date"), m.start("date") if m.group("date") else m.start(), env)
    clock = f"T{hour:02d}:{minute:02d}" if hour != 24 else "T24:00"
    mod = "APPROX" if m.group("approx") and "shortly" not in m.group("approx").lower() else None
    start = (
        m.start()
        if mod
        else (m.start("h") if m.group("h") else m.start("word") if m.group("word") else m.start())
    )
    if m.group("h24"):
        start = m.start("h24")
    return Timex(start, m.end(), "TIME", f"{day}{clock}", mod, relative=True)


def _date_part(text: str | None, at: int, env: Env) -> str:
    """The day a clock time is on: the written date, else the reference day."""
    ref = env.reference
    if text:
        for _name, pattern, handler in (("md", _MONTH_DAY, _month_day), ("wd", _WEEKDAY, _weekday)):
            found = pattern.search(env.text, at, at + len(text) + 1)
            if found:
                timex = handler(found, env)
                if timex is not None:
                    return timex.value[:10]
        word = text.lower()
        if word in _DAY_OFFSETS and ref is not None:
            return day_value(ref + dt.timedelta(days=_DAY_OFFSETS[word]))
    # A bare "at 10 p.m." is on the day the story last named ("On Oct. 23 ... at 10 p.m."), which
    # is the reference day when the story has not named one.
    anchor = env.narrative_day()
    if anchor is not None and anchor[1] == "D":
        return day_value(anchor[0])
    return day_value(ref) if ref else "XXXX-XX-XX"


_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "independence day": (7, 4), "valentine's day": (2, 14), "boxing day": (12, 26),
}  # fmt: skip
_HOLIDAY = re.compile(
    r"(?<![\w-])(?P<name>Christmas(?:\s+(?:Day|Eve))?|New\s+Year[’']s\s+(?:Day|Eve)|Halloween|Independence\s+Day"
    r"|Valentine[’']s\s+Day|Boxing\s+Day|Thanksgiving(?:\s+Day)?)(?:\s+(?P<year>" + _YEAR + r"))?(?![\w-])"
)


def _holiday(m: re.Match[str], env: Env) -> Timex | None:
    name = _norm(m.group("name")).replace("’", "'")
    if m.group("year"):
        return _make(m, "DATE", day_value(_holiday_in(name, int(m.group("year")))))
    ref = env.reference
    if ref is None:
        return None
    # The occurrence nearest the reference, on the side the tense points to (the past by default).
    this_year, last_year = _holiday_in(name, ref.year), _holiday_in(name, ref.year - 1)
    next_year = _holiday_in(name, ref.year + 1)
    if _tense(m, env) == "future":
        day = this_year if this_year >= ref else next_year
    else:
        day = this_year if this_year <= ref + dt.timedelta(days=7) else last_year
    return _make(m, "DATE", day_value(day), relative=True)


def _holiday_in(name: str, year: int) -> dt.date:
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    month, dom = _HOLIDAYS[name]
    return dt.date(year, month, dom)


RULES: list[Rule] = [
    ("clock", _CLOCK, _clock),
    ("holiday", _HOLIDAY, _holiday),
]
