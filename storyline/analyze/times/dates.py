"""Rules for points in time: calendar dates, months, years, weekdays, "yesterday", "last week",
seasons. Quarters and fiscal years are in ``quarters``, clock times and holidays in
``clock``, durations, sets and vague references in ``spans``.

A rule is a regex and a handler ``(match, env) -> Timex | None``; the handler may refuse a match
("May" the modal, "1500 people"). Values are resolved against ``env.reference`` and the tense of the
governing verb; without a reference they keep ``X`` placeholders (``XXXX-10-16``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .core import (
    PRECISION_RANK,
    Env,
    Tense,
    Timex,
    add_months,
    day_value,
    month_value,
    shift,
    value_at,
    week_value,
    weekday_after,
    weekday_before,
    weekday_near,
    year_for_month,
)
from .lexicon import (
    AMBIGUOUS_MONTH_WORDS,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    PART_OF_DAY_RE,
    PARTS_OF_DAY,
    SEASON_RE,
    SEASONS,
    VAGUE_NUMBER_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    parse_number,
    unit_code,
)

Handler = Callable[[re.Match[str], Env], "Timex | None"]
Rule = tuple[str, re.Pattern[str], Handler]

_B = r"(?<![\w$£€-])"  # no word, currency or hyphen right before
_E = r"(?![\w-]|[.,]\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_POSITION = (
    r"(?P<pos>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of"
    r"|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
)
_POSITION_MOD = {
    "early": "START", "mid": "MID", "late": "END", "the end of": "END", "the beginning of": "START",
    "the middle of": "MID", "the start of": "START", "the first half of": "START",
    "the second half of": "END", "earlier": "START", "later": "END",
}  # fmt: skip
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|to|through|during|of|before|after|early|late|mid|last|next|this"
    r"|between|and|or|on|throughout)\s+|mid-)$",
    re.IGNORECASE,
)


def _preposition_before(text: str, start: int) -> bool:
    return bool(_PREPOSITION_BEFORE.search(text[max(0, start - 12) : start]))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _pos_mod(m: re.Match[str]) -> str | None:
    pos = m.groupdict().get("pos")
    return _POSITION_MOD.get(_norm(pos)) if pos else None


def _make(m: re.Match[str], kind: str, value: str, mod: str | None = None, relative: bool = False) -> Timex:
    return Timex(m.start(), m.end(), kind, value, mod=mod, rule="", relative=relative)


def _tense(m: re.Match[str], env: Env) -> Tense | None:
    return env.tense(m.start(), m.end())


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _two_digit_year(text: str, env: Env) -> int:
    year = int(text)
    if year >= 100:
        return year
    if env.reference is None:
        return 2000 + year if year < 69 else 1900 + year  # the POSIX ``%y`` pivot: 69-99 are 19xx
    guess = (env.reference.year // 100) * 100 + year
    if guess > env.reference.year + 10:
        guess -= 100
    return guess


# ---- calendar dates -------------------------------------------------------------------------

_MONTH_DAY = re.compile(
    rf"{_B}(?:(?P<wd>{WEEKDAY_RE})\s*,?\s+)?"
    rf"(?:(?P<mon>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{MONTH_RE}))"
    rf"(?:\s*,?\s*(?P<year>{_YEAR}|'\d\d)(?!\d))?{_E}(?!:\d|\s*%)"
)


def _month_day(m: re.Match[str], env: Env) -> Timex | None:
    month = _month_number(m.group("mon") or m.group("mon2"))
    day = int(m.group("day") or m.group("day2"))
    year_text = m.group("year")
    if year_text:
        year = _two_digit_year(year_text.lstrip("'"), env)
        relative = False
    elif env.reference is not None:
        year = year_for_month(env.reference, month, day, _tense(m, env))
        relative = True
        if m.group("wd"):  # "Saturday, April 25": the year in which that day is a Saturday
            weekday = WEEKDAYS[m.group("wd").lower()]
            for candidate in (year, year - 1, year + 1):
                try:
                    if dt.date(candidate, month, day).weekday() == weekday:
                        year = candidate
                        break
                except ValueError:
                    break
    else:
        return _make(m, "DATE", f"XXXX-{month:02d}-{day:02d}", relative=True) if 1 <= day <= 31 else None
    try:
        return _make(m, "DATE", day_value(dt.date(year, month, day)), relative=relative)
    except ValueError:
        return None


_NUMERIC_DATE = re.compile(
    rf"{_B}(?:(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|(?P<um>\d{1,2})\\?/(?P<ud>\d{1,2})\\?/(?P<uy>\d{4}|\d\d))(?![\w/]|[.,]\d)"
)


def _numeric_date(m: re.Match[str], env: Env) -> Timex | None:
    try:
        if m.group("iy"):
            day = dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            year = _two_digit_year(m.group("uy"), env)
            day = dt.date(year, int(m.group("um")), int(m.group("ud")))
    except ValueError:
        return None
    return _make(m, "DATE", day_value(day))


# "the week of March 6": the week, not the day.
_WEEK_OF = re.compile(
    rf"{_B}the\s+week\s+of\s+(?P<mon>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*,?\s*(?P<year>{_YEAR}))?{_E}"
)


def _week_of(m: re.Match[str], env: Env) -> Timex | None:
    month, day = _month_number(m.group("mon")), int(m.group("day"))
    if m.group("year"):
        year = int(m.group("year"))
    elif env.reference is not None:
        year = year_for_month(env.reference, month, day, _tense(m, env))
    else:
        return _make(m, "DATE", "XXXX-WXX", relative=True)
    return _make(m, "DATE", week_value(dt.date(year, month, day)), relative=not m.group("year"))


_MONTH_YEAR = re.compile(
    rf"{_B}(?:{_POSITION}[\s-]+)?(?P<mon>{MONTH_RE})\s*,?\s+(?:of\s+)?(?P<year>{_YEAR}){_E}"
)


def _month_year(m: re.Match[str], env: Env) -> Timex | None:
    return _make(m, "DATE", month_value(int(m.group("year")), _month_number(m.group("mon"))), _pos_mod(m))


_MONTH_ALONE = re.compile(
    rf"{_B}(?:{_POSITION}[\s-]+)?(?:(?P<rel>last|next|this|past|coming|the\s+coming|the\s+past)\s+)?"
    rf"(?P<mon>{MONTH_RE})(?:\s+(?P<rel2>this|last|next)\s+year)?{_E}(?!\s*\d)"
)


def _month_alone(m: re.Match[str], env: Env) -> Timex | None:
    word = m.group("mon").lower().rstrip(".")
    has_context = bool(m.group("pos") or m.group("rel") or m.group("rel2"))
    needs_context = word in AMBIGUOUS_MONTH_WORDS or m.group("mon").endswith(".")
    if needs_context and not has_context and not _preposition_before(env.text, m.start()):
        return None
    if m.group("mon").isupper() and not has_context:
        return None
    if (
        len(word) < 5
        and word not in ("may", "june", "july")
        and re.match(r"\s+[A-Z][a-z]", env.text[m.end() :])
    ):
        return None  # "Jan Kavan", "Dec Ltd": a short month form before a capitalized word is a name
    month = MONTHS[word]
    ref = env.reference
    if ref is None:
        return _make(m, "DATE", f"XXXX-{month:02d}", _pos_mod(m), relative=True)
    rel = _norm(m.group("rel") or m.group("rel2") or "")
    if rel in ("last", "past", "the past"):
        year = ref.year if month < ref.month and m.group("rel") else ref.year - 1
        if m.group("rel2"):
            year = ref.year - 1
    elif rel in ("next", "coming", "the coming"):
        year = ref.year if month > ref.month and m.group("rel") else ref.year + 1
        if m.group("rel2"):
            year = ref.year + 1
    elif rel == "this":
        year = ref.year
    else:
        year = year_for_month(ref, month, None, _tense(m, env))
    return _make(m, "DATE", month_value(year, month), _pos_mod(m), relative=True)


_YEAR_ALONE = re.compile(
    rf"{_B}(?:{_POSITION}[\s-]+)?(?:(?P<fiscal>fiscal(?:\s+year)?|FY|the\s+year)\s*)?"
    rf"(?P<year>{_YEAR})(?P<s>'?s)?(?![\w-]|[.,]\d|\s*(?:%|percent|per\s+cent))"
)
_COUNTED_NOUN = re.compile(r"\s+(?!years?\b)[a-z]+s\b")


def _year_alone(m: re.Match[str], env: Env) -> Timex | None:
    before = env.text[max(0, m.start() - 3) : m.start()]
    if re.search(r"[\d,.:/#]\s?$|No\.\s?$", before):
        return None
    plain = not (m.group("pos") or m.group("fiscal") or m.group("s"))
    counted = plain and _COUNTED_NOUN.match(env.text, m.end())  # "1500 people", "2000 troops"
    if counted and not _preposition_before(env.text, m.start()):
        return None
    year = m.group("year")
    if m.group("s") and year.endswith("0"):
        return _make(m, "DATE", year[:3], _pos_mod(m))
    if m.group("s"):  # "2025's target": a possessive, the year alone is the expression
        return Timex(m.start(), m.end("year"), "DATE", year, _pos_mod(m))
    period = _PERIOD_OF_YEAR.match(env.text, m.end())
    if (
        plain
        and period
        and env.last_quarter
        and env.text[max(0, m.start() - 4) : m.start()].lower() == "the "
    ):
        # "the 1988 quarter" in a quarterly report is the quarter being discussed, in 1988.
        quarter = env.last_quarter.split("-")[-1]
        return Timex(m.start() - 4, period.end(), "DATE", f"{year}-{quarter}", relative=True)
    return _make(m, "DATE", year, _pos_mod(m))


_PERIOD_OF_YEAR = re.compile(r"\s+(?:quarter|period)\b", re.IGNORECASE)


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
_DECADE = re.compile(
    rf"{_B}the\s+(?:{_POSITION}[\s-]+)?(?:'(?P<yy>\d)0s|(?P<word>{'|'.join(_DECADE_WORDS)})){_E}",
    re.IGNORECASE,
)


def _decade(m: re.Match[str], env: Env) -> Timex | None:
    digit = int(m.group("yy")) if m.group("yy") else _DECADE_WORDS[m.group("word").lower()]
    century = (
        19 if env.reference is None or digit * 10 > env.reference.year % 100 else env.reference.year // 100
    )
    return _make(m, "DATE", f"{century:02d}{digit}", _pos_mod(m))


_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}
_CENTURY = re.compile(
    rf"{_B}(?:the\s+)?(?:{_POSITION}[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{'|'.join(_CENTURY_WORDS)}))"
    rf"[\s-]+century{_E}",
    re.IGNORECASE,
)


def _century(m: re.Match[str], env: Env) -> Timex | None:
    n = int(m.group("n")) if m.group("n") else _CENTURY_WORDS[m.group("w").lower()]
    return _make(m, "DATE", f"{n - 1:02d}", _pos_mod(m))


_SPOKEN_YEAR = re.compile(
    r"\b(?:the\s+year\s+)?(?:nineteen\s+(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?P<ones>one|two|three|four|five|six|seven|eight|nine))?"
    r"|two\s+thousand(?:\s+and)?(?:\s+(?P<ones2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
    re.IGNORECASE,
)


def _spoken_year(m: re.Match[str], env: Env) -> Timex | None:
    if m.group("tens"):
        value = (
            1900 + int(parse_number(m.group("tens")) or 0) + int(parse_number(m.group("ones") or "zero") or 0)
        )
    else:
        value = 2000 + int(parse_number(m.group("ones2") or "zero") or 0)
    return _make(m, "DATE", str(value))


# ---- weekdays and days relative to the reference ---------------------------------------------

_WEEKDAY = re.compile(
    rf"{_B}(?P<shift>day\s+(?:before|after)\s+)?(?:(?P<pos>early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this|past|coming|on)\s+)?"
    rf"(?P<wd>{WEEKDAY_RE})(?P<plural>s)?(?:\s+(?P<pod>{PART_OF_DAY_RE}))?{_E}"
)


def _weekday(m: re.Match[str], env: Env) -> Timex | None:
    weekday = WEEKDAYS[m.group("wd").lower()]
    pod = m.group("pod")
    start = (
        m.start()
        if m.group("shift") or not (m.group("pos") or m.group("rel") == "on")
        else m.start("pos")
        if m.group("pos")
        else m.start("wd")
    )
    if m.group("plural"):
        suffix = f"T{PARTS_OF_DAY[pod.lower()]}" if pod else ""
        return Timex(start, m.end(), "SET", f"XXXX-WXX-{weekday + 1}{suffix}", rule="")
    ref = env.reference
    rel = (m.group("rel") or "").lower()
    if ref is None:
        value = f"XXXX-WXX-{weekday + 1}"
    else:
        if rel in ("last", "past"):
            day = weekday_before(ref, weekday)
        elif rel in ("next", "coming"):
            day = weekday_after(ref, weekday)
        elif rel == "this":
            day = ref + dt.timedelta(days=weekday - ref.weekday())
        elif env.text.startswith(("'s", "’s"), m.end()) and not pod:
            day = weekday_near(ref, weekday, "past")  # "Tuesday's vote": reported, so gone by
        else:
            day = weekday_near(ref, weekday, env.tense(m.start("wd"), m.end()))
        if m.group("shift"):  # "the day before last Tuesday('s hearing)"
            day += dt.timedelta(days=-1 if "before" in m.group("shift").lower() else 1)
        value = day_value(day)
    mod = _POSITION_MOD.get((m.group("pos") or "").lower())
    # "Friday night": TimeML annotators mostly value the day and keep the part of day in the extent.
    return Timex(start, m.end(), "DATE", value, mod, relative=True)


_DAY_WORD = re.compile(
    rf"{_B}(?:(?P<pos>early|late|earlier|later)\s+)?"
    r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight"
    r"|last\s+night)"
    rf"(?:(?:'s)?\s+(?P<pod>{PART_OF_DAY_RE}))?{_E}",
    re.IGNORECASE,
)
_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}
_DAY_OFFSETS |= {"the day after tomorrow": 2, "last night": -1}


def _day_word(m: re.Match[str], env: Env) -> Timex | None:
    word = _norm(m.group("word"))
    if m.group("pod") and env.text[m.end("word") : m.end("word") + 2] == "'s":
        return None  # "yesterday's meeting": keep just the day
    offset = _DAY_OFFSETS[word]
    day = day_value(env.reference + dt.timedelta(days=offset)) if env.reference else "XXXX-XX-XX"
    mod = _POSITION_MOD.get((m.group("pos") or "").lower())
    pod = m.group("pod")
    if word in ("tonight", "last night"):
        return _make(m, "TIME", f"{day}TNI", mod, relative=True)
    if pod:
        return _make(m, "TIME", f"{day}T{PARTS_OF_DAY[pod.lower()]}", mod, relative=True)
    return _make(m, "DATE", day, mod, relative=True)


_THIS_PART = re.compile(
    rf"{_B}(?:(?P<pos>early|late|earlier|later)\s+)?(?:this|that)\s+(?P<pod>{PART_OF_DAY_RE}){_E}",
    re.IGNORECASE,
)


def _this_part(m: re.Match[str], env: Env) -> Timex | None:
    if m.group(0).lower().split()[-2] == "that":
        return None
    day = day_value(env.reference) if env.reference else "XXXX-XX-XX"
    mod = _POSITION_MOD.get((m.group("pos") or "").lower())
    return _make(m, "TIME", f"{day}T{PARTS_OF_DAY[m.group('pod').lower()]}", mod, relative=True)


_RELATIVE_PERIOD = re.compile(
    rf"{_B}(?:(?P<pos>earlier|later|early|late)\s+)?"
    r"(?P<rel>this\s+past|this|last|next|the\s+past|the\s+coming|the\s+following|the\s+previous|the\s+current|the\s+same"
    r"|the\s+last|the\s+next|the\s+latest|the\s+prior|the\s+preceding|past)\s+"
    rf"(?P<unit>week|weekend|month|year|quarter|decade|century|{SEASON_RE}){_E}",
    re.IGNORECASE,
)


_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def _relative_period(m: re.Match[str], env: Env) -> Timex | None:
    rel = _norm(m.group("rel"))
    unit_word = m.group("unit").lower()
    ref = env.reference
    mod = _POSITION_MOD.get((m.group("pos") or "").lower())
    step = {
        "this past": -1,
        "last": -1,
        "the past": -1,
        "past": -1,
        "the previous": -1,
        "the last": -1,
        "the latest": -1,
    }
    step |= {
        "the prior": -1,
        "the preceding": -1,
        "next": 1,
        "the coming": 1,
        "the following": 1,
        "the next": 1,
    }
    offset = step.get(rel, 0)
    if unit_word in SEASONS:
        code = SEASONS[unit_word]
        if ref is None:
            return _make(m, "DATE", f"XXXX-{code}", mod, relative=True)
        year = ref.year + offset
        if rel == "this past":  # the latest one gone by: "this past spring" read in October
            year = ref.year if _SEASON_MONTH[code] < ref.month else ref.year - 1
        return _make(m, "DATE", f"{year:04d}-{code}", mod, relative=True)
    if ref is None:
        return _make(m, "DATE", "PAST_REF" if offset < 0 else "FUTURE_REF" if offset else "PRESENT_REF")
    if unit_word == "weekend":
        return _make(m, "DATE", _weekend(ref, offset, _tense(m, env)), mod, relative=True)
    unit = unit_code(unit_word)
    if unit == "Q" and rel in ("the last", "the latest", "the past", "the previous", "the same"):
        return _make(m, "DATE", env.last_quarter or value_at(shift(ref, -1, "Q"), "Q"), mod, relative=True)
    if rel in ("the past", "the last") and unit in ("Y", "M", "W"):
        # "over the past year": the year up to now, written as the year it mostly lies in.
        return _make(m, "DATE", value_at(shift(ref, -1, unit), unit), mod, relative=True)
    return _make(m, "DATE", value_at(shift(ref, offset, unit), unit), mod, relative=True)


def _weekend(ref: dt.date, offset: int, tense: Tense | None) -> str:
    """The weekend of an ISO week is its Saturday and Sunday: the one just gone when the text
    looks back, the coming one when it looks ahead."""
    saturday = ref + dt.timedelta(days=5 - ref.weekday())
    if offset < 0 or (offset == 0 and ref.weekday() < 5 and tense == "past"):
        saturday -= dt.timedelta(weeks=1)
    elif offset > 0 and ref.weekday() >= 5:
        saturday += dt.timedelta(weeks=1)
    return week_value(saturday) + "-WE"


_THE_WEEKEND = re.compile(r"(?<![\w-])the\s+weekend(?![\w-])", re.IGNORECASE)


def _the_weekend(m: re.Match[str], env: Env) -> Timex | None:
    if env.reference is None:
        return _make(m, "DATE", "XXXX-WXX-WE", relative=True)
    return _make(m, "DATE", _weekend(env.reference, 0, _tense(m, env)), relative=True)


_AGO = re.compile(
    rf"{_B}(?:(?P<approx>about|around|some|nearly|almost|roughly|approximately|more\s+than|over|less\s+than)\s+)?"
    rf"(?P<num>{NUMBER_RE}|{VAGUE_NUMBER_RE})\s+(?P<unit>(?:years?|months?|weeks?|days?|decades?|centuries|century|quarters?))"
    r"\s+(?P<dir>ago|earlier|before|later|from\s+now|hence|on|back)(?![\w-]|\s+than|\s+(?:the|a|an|his|her|their|its)\b)",
    re.IGNORECASE,
)
_APPROX_MOD = {
    "about": "APPROX", "around": "APPROX", "some": "APPROX", "nearly": "APPROX", "almost": "APPROX",
    "roughly": "APPROX", "approximately": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
    "less than": "LESS_THAN",
}  # fmt: skip


def _ago(m: re.Match[str], env: Env) -> Timex | None:
    amount = parse_number(m.group("num"))
    unit = unit_code(m.group("unit"))
    direction = -1 if _norm(m.group("dir")) in ("ago", "earlier", "before", "back") else 1
    mod = _APPROX_MOD.get(_norm(m.group("approx") or ""))
    if amount is None or env.reference is None:
        return _make(m, "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod, relative=True)
    whole = round(amount)
    if unit == "Y" and env.last_quarter and _norm(m.group("dir")) in ("ago", "earlier"):
        # Financial news compares quarters: "a year ago" is the same quarter a year before.
        year, quarter = env.last_quarter.split("-Q")
        if year.isdigit() and quarter.isdigit():
            return _make(m, "DATE", f"{int(year) - whole:04d}-Q{quarter}", mod, relative=True)
    base = env.reference
    if _norm(m.group("dir")) not in ("ago", "back", "from now", "hence"):
        # "a day earlier", "two weeks later" count from the last day the story named, not from
        # today: "On March 3 the talks opened; a day earlier ..." is March 2.
        anchor = env.narrative_day()
        if anchor is not None and PRECISION_RANK[anchor[1]] <= PRECISION_RANK.get(unit, 0):
            base = anchor[0]
    target = shift(base, direction * whole, unit)
    return _make(m, "DATE", value_at(target, unit), mod, relative=True)


_SEASON = re.compile(
    rf"{_B}(?:{_POSITION}[\s-]+)?(?:the\s+)?(?P<season>{SEASON_RE})(?:\s+of)?\s+(?P<year>{_YEAR}){_E}|"
    rf"{_B}(?:(?:(?:in|during|this|since|until|by|over)\s+)(?P<the>the\s+)?|(?P<the2>the\s+))"
    rf"(?P<pos2>early|late|mid)?[\s-]?(?P<season2>{SEASON_RE}){_E}",
    re.IGNORECASE,
)


def _season(m: re.Match[str], env: Env) -> Timex | None:
    if m.group("season"):
        return _make(m, "DATE", f"{m.group('year')}-{SEASONS[m.group('season').lower()]}", _pos_mod(m))
    code = SEASONS[m.group("season2").lower()]
    start = m.start("pos2") if m.group("pos2") else m.start("season2")
    if m.group("the") or m.group("the2"):
        start = m.start("the") if m.group("the") else m.start("the2")
    if env.text[m.start() : m.start() + 4].lower() == "this":
        start = m.start()
    if env.reference is None:
        value = f"XXXX-{code}"
    else:
        year = env.reference.year
        tense = env.tense(m.start(), m.end())
        season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
        if tense == "past" and season_month > env.reference.month + 1:
            year -= 1
        elif tense == "future" and season_month < env.reference.month - 1 and code != "WI":
            year += 1
        value = f"{year:04d}-{code}"
    mod = _POSITION_MOD.get((m.group("pos2") or "").lower())
    return Timex(start, m.end(), "DATE", value, mod, relative=True)


RULES: list[Rule] = [
    ("month_day", _MONTH_DAY, _month_day),
    ("week_of", _WEEK_OF, _week_of),
    ("numeric_date", _NUMERIC_DATE, _numeric_date),
    ("month_year", _MONTH_YEAR, _month_year),
    ("month", _MONTH_ALONE, _month_alone),
    ("year", _YEAR_ALONE, _year_alone),
    ("decade", _DECADE, _decade),
    ("century", _CENTURY, _century),
    ("spoken_year", _SPOKEN_YEAR, _spoken_year),
    ("weekday", _WEEKDAY, _weekday),
    ("day_word", _DAY_WORD, _day_word),
    ("this_part_of_day", _THIS_PART, _this_part),
    ("relative_period", _RELATIVE_PERIOD, _relative_period),
    ("ago", _AGO, _ago),
    ("season", _SEASON, _season),
    ("the_weekend", _THE_WEEKEND, _the_weekend),
]

__all__ = ["RULES", "Handler", "Rule", "add_months"]
