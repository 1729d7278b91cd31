"""Words the time tagger knows: months, weekdays, seasons, units and spelled-out numbers.

Every regex fragment here is a non-capturing group so rules can embed it inside named groups.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
# Capitalized only: "may" and "march" are also a modal and a verb.
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?=\s|,|$))"
)
# Abbreviations and the two ambiguous words need a day or a year next to them to count alone.
AMBIGUOUS_MONTH_WORDS = frozenset({"may", "march", "mar", "jan", "jun", "jul", "sep", "dec", "oct", "nov"})

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night|overnight)"

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "1st": 1, "2nd": 2,
    "3rd": 3, "4th": 4, "last": -1, "final": -1,
}  # fmt: skip
QUARTER_ORDINAL_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)"

_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "weekend": "WE", "fortnight": "F", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "millennium": "ML",
}  # fmt: skip
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centuries|century|millennia|millennium)"
)
TIME_UNITS = frozenset({"S", "M_TIME", "H"})


def unit_code(word: str) -> str:
    """'months' -> 'M', 'minutes' -> 'M_TIME' (minutes and months share the letter M in ISO 8601)."""
    w = word.lower().rstrip("s")
    if w in ("centurie", "century"):
        return "CE"
    if w in ("millennia", "millennium"):
        return "ML"
    if w == "minute":
        return "M_TIME"
    return _UNITS.get(w, "D")


_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "an": 1, "single": 1, "couple": 2, "dozen": 12,
}  # fmt: skip
_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
# "twenty four", "twenty-four", "a hundred", "2 1/2", "1.5", "three-and-a-half", "a couple of", "dozens of"
NUMBER_RE = (
    r"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?"
    rf"|{_NUMBER_WORD}(?:[\s-]{_NUMBER_WORD})?(?:\s+hundred)?"
    r"|(?:a|one)\s+hundred|a\s+dozen|a\s+couple\s+of|a\s+couple|a|an|single)"
    r"(?:(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half)?"
)
VAGUE_NUMBER_RE = (
    r"(?:a\s+few|few|several|some|many|a\s+number\s+of|dozens\s+of|hundreds\s+of|a\s+couple\s+of)"
)


def parse_number(text: str) -> float | None:
    """The value of a number phrase as NUMBER_RE matches it; None when vague."""
    t = text.lower().replace("-", " ").strip()
    half = 0.0
    if t.endswith("and a half"):
        half = 0.5
        t = t[: -len("and a half")].strip()
    t = re.sub(r"\bof$", "", t).strip()
    t = re.sub(r"^(?:a|one)\s+(?=couple$|dozen$)", "", t)  # "a dozen" is twelve, not one and twelve
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)(?:\s+1/2)?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        if t.endswith("1/2"):
            half = 0.5
        return value + half
    total = 0.0
    for word in t.split():
        if word == "hundred":
            total = (total or 1) * 100
        elif word in _SMALL:
            total += _SMALL[word]
        else:
            return None
    return total + half
