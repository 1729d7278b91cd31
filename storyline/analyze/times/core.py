"""What every time rule shares: the found expression, the reference it is resolved against, and
calendar arithmetic that writes TIMEX3 values (``2025-10-21``, ``2025-W43``, ``2025-SU``...)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Tense = Literal["past", "present", "future"]
TenseAt = Callable[[int, int], "Tense | None"]


@dataclass(slots=True)
class Timex:
    """One time expression: ``start``/``end`` are offsets into the text the rules ran on."""

    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    rule: str = ""
    # True when the value was computed from the reference date (or the discourse), not written out.
    relative: bool = False

    @property
    def granularity(self) -> str:
        return granularity_of(self.type, self.value)


@dataclass(slots=True)
class Env:
    """What a rule needs besides its match: the text, the reference day, the tense of the verb
    that governs a span, and the quarter the discourse is about (financial news)."""

    text: str
    reference: dt.date | None
    tense_at: TenseAt
    last_quarter: str | None = None
    # The last day, month or year the text named (a value such as ``1995-05-22``), which "that day"
    # and "the following year" refer back to.
    last_date: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def narrative_day(self) -> tuple[dt.date, str] | None:
        """The last date the text named (else the reference) as a day, with its precision
        ``D``, ``M`` or ``Y``: what "that day", "a day earlier" and "the previous Friday" count from."""
        if self.last_date:
            m = _DATE_VALUE.match(self.last_date)
            if m:
                month, day = m.group("m"), m.group("d")
                precision = "D" if day else "M" if month else "Y"
                return dt.date(int(m.group("y")), int(month or 1), int(day or 1)), precision
        if self.reference is not None:
            return self.reference, "D"
        return None

    def tense(self, start: int, end: int) -> Tense | None:
        window = max(0, start - 100)
        if _FUTURE_CUE_BEFORE.search(self.text, window, start):
            return "future"
        if _PAST_CUE_BEFORE.search(self.text, window, start):
            return "past"
        return self.tense_at(start, end)


# How coarse a unit or an anchor's precision is: an anchor known only to the month cannot be
# counted from in days ("a day earlier" after "in October").
PRECISION_RANK = {"D": 0, "W": 0, "M": 1, "Q": 1, "Y": 2, "DE": 3, "CE": 4}
_DATE_VALUE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?")
# A clock time between the cue and the day: "until 9 a.m. EST Tuesday".
_CLOCK_BETWEEN = r"(?:(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)(?:\s+[A-Z]{2,4}T?)?,?\s+)?"
# Words before a date that put it ahead of the (past-tense) verb: "postponed until Tuesday",
# "extended its deadline until 9 a.m. Tuesday", "could leave as soon as Tuesday".
_FUTURE_CUE_BEFORE = re.compile(
    r"(?:\bas\s+(?:soon|early)\s+as|\bno\s+later\s+than"
    r"|\b(?:postpon|delay|extend|defer|adjourn|put\s+off|pushed\s+back|deadline|gave\b|given\b)"
    r"[^.;!?]{0,60}\b(?:until|till))"
    rf"\s+{_CLOCK_BETWEEN}(?:on\s+)?$",
    re.IGNORECASE,
)
# "the year ended March 31", "the quarter ended Sept. 30": a period already closed.
_PAST_CUE_BEFORE = re.compile(r"\b(?:year|quarter|months|period|weeks)\s+ended\s+$", re.IGNORECASE)


def granularity_of(kind: str, value: str) -> str:
    if kind == "DURATION":
        return "duration"
    if kind == "SET":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    if "T" in value[10:] or re.search(r"T(?:MO|AF|EV|NI|\d)", value):
        return "time"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", value):
        return "day"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}(?:-WE)?", value):
        return "week"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", value):
        return "month"
    if re.fullmatch(r"[\dX]{4}-(?:SP|SU|FA|WI)", value):
        return "season"
    if re.fullmatch(r"[\dX]{4}-(?:Q[\dX]|H\d)", value):
        return "quarter"
    if re.fullmatch(r"[\dX]{4}", value):
        return "year"
    if re.fullmatch(r"[\dX]{3}", value):
        return "decade"
    if re.fullmatch(r"[\dX]{2}", value):
        return "century"
    return "day" if value.startswith("XXXX") else "year"


def day_value(day: dt.date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` units (Y, M, W, D, Q, DE, CE)."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    if unit == "M":
        return add_months(day, amount)
    if unit == "Q":
        return add_months(day, 3 * amount)
    if unit == "Y":
        return add_months(day, 12 * amount)
    if unit == "DE":
        return add_months(day, 120 * amount)
    if unit == "CE":
        return add_months(day, 1200 * amount)
    return day


def value_at(day: dt.date, unit: str) -> str:
    """The TIMEX3 value naming the ``unit``-sized period that contains ``day``."""
    if unit == "D":
        return day_value(day)
    if unit == "W":
        return week_value(day)
    if unit == "M":
        return month_value(day.year, day.month)
    if unit == "Q":
        return f"{day.year:04d}-Q{quarter_of(day)}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def weekday_before(day: dt.date, weekday: int) -> dt.date:
    """The last day named ``weekday`` strictly before ``day`` ("last Tuesday", "the previous Friday")."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7 or 7)


def weekday_after(day: dt.date, weekday: int) -> dt.date:
    """The first day named ``weekday`` strictly after ``day`` ("next Tuesday", "the following Monday")."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def weekday_near(reference: dt.date, weekday: int, tense: Tense | None) -> dt.date:
    """The day named ``weekday`` nearest ``reference`` on the side the tense points to.

    News reports mostly in the past tense about the days just before publication, so a weekday
    with no tense cue is read as the most recent one; the reference day itself counts for both."""
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if tense == "future":
        return reference + dt.timedelta(days=ahead)
    if tense == "present" and ahead <= 3 and ahead != 0:
        return reference + dt.timedelta(days=ahead)
    return reference - dt.timedelta(days=back)


def year_for_month(reference: dt.date, month: int, day: int | None, tense: Tense | None) -> int:
    """The year of a month (and day) written without one: the occurrence nearest the reference,
    leaning the way the tense points: a past-tense date more than about two months ahead is last
    year's ("bought RJR in February" read in October), while a past-tense "on Nov. 10" read a week
    before Nov. 10 is still far likelier a mis-read tense than a date eleven months back."""
    best_year, best_cost = reference.year, float("inf")
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            when = dt.date(year, month, day or 15)
        except ValueError:
            when = dt.date(year, month, 28)
        gap = (when - reference).days
        cost = abs(gap)
        slack = 0 if day else 15  # a bare month spans the reference's own month
        if (tense == "past" and gap > slack) or (tense == "future" and gap < -slack):
            cost += 240
        elif tense is None and gap > slack:
            cost += 60  # news without a tense cue mostly looks back
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: ``P2W``, ``PT3H``, ``P3Y6M``; ``PXY`` when the amount is vague."""
    time_units = {"H": "H", "M_TIME": "M", "S": "S"}
    prefix = "PT" if unit in time_units else "P"
    letter = time_units.get(unit, unit)
    if unit == "DE":
        letter = "DE" if amount is None else "Y"
        amount = None if amount is None else amount * 10
    elif unit == "CE":
        letter = "CE" if amount is None else "Y"
        amount = None if amount is None else amount * 100
    elif unit == "F":
        letter, amount = "W", None if amount is None else amount * 2
    elif unit == "Q":
        letter, amount = "M", None if amount is None else amount * 3
    elif unit == "WE":
        letter, amount = "D", None if amount is None else amount * 2
    if amount is None:
        return f"{prefix}X{letter}"
    whole = int(amount)
    rest = amount - whole
    half_key = ("T" if prefix == "PT" else "") + letter
    if rest and half_key in _HALF:
        smaller, factor = _HALF[half_key]
        sub = round(rest * factor)
        extra_prefix = "T" if letter == "D" else ""
        head = f"{prefix}{whole}{letter}" if whole else prefix
        return f"{head}{extra_prefix}{sub}{smaller}"
    if rest:
        return f"{prefix}{amount:g}{letter}"
    return f"{prefix}{whole}{letter}"


# A half of one unit written in the next smaller one: 2 1/2 years = P2Y6M, 1.5 hours = PT1H30M.
_HALF: dict[str, tuple[str, int]] = {
    "Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "TH": ("M", 60), "TM": ("S", 60),
}  # fmt: skip
