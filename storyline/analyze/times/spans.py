"""Rules for stretches and vague times: durations ("within two weeks", "the over
three-and-a-half-year war"), sets ("every Tuesday", "daily") and references to the present, past
and future ("now", "recently", "in the coming days")."""

from __future__ import annotations

import re

from .core import Env, Timex, duration_value
from .dates import Rule
from .lexicon import (
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    UNIT_RE,
    VAGUE_NUMBER_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    parse_number,
    unit_code,
)

_B = r"(?<![\w$£€-])"
_E = r"(?![\w-])"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


_REFERENCES: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
    "present": "PRESENT_REF", "at the moment": "PRESENT_REF", "this time": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "once": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "recent days": "PAST_REF", "recent weeks": "PAST_REF", "recent months": "PAST_REF",
    "recent years": "PAST_REF", "the coming days": "FUTURE_REF", "the coming weeks": "FUTURE_REF",
    "the coming months": "FUTURE_REF", "the coming years": "FUTURE_REF", "coming days": "FUTURE_REF",
    "coming weeks": "FUTURE_REF", "coming months": "FUTURE_REF", "coming years": "FUTURE_REF",
    "the days ahead": "FUTURE_REF", "the weeks ahead": "FUTURE_REF", "the months ahead": "FUTURE_REF",
    "the years ahead": "FUTURE_REF", "the immediate future": "FUTURE_REF",
}  # fmt: skip
_REFERENCE = re.compile(
    r"(?<![\w-])(?:right\s+now|now|currently|current|nowadays|these\s+days|at\s+the\s+moment|recently|lately"
    r"|soon|the\s+(?:near\s+|foreseeable\s+|immediate\s+)?future|the\s+past|the\s+present"
    r"|(?:the\s+)?(?:coming|recent)\s+(?:days|weeks|months|years)|recent"
    r"|the\s+(?:days|weeks|months|years)\s+ahead)(?![\w-])",
    re.IGNORECASE,
)
_SPAN_OF_UNITS = re.compile(r"(?:the )?(?:recent|coming) (weeks|months)|the (weeks|months) ahead")
# "now" inside "now-defunct", "soon" in "as soon as", "current" as a noun, "future" as a noun of trade.
_NOT_REFERENCE_AFTER = re.compile(
    r"\s+(?:as|than|account|affairs|events|sea|contracts?|market|of\s+the)\b", re.I
)
_NOT_REFERENCE_BEFORE = re.compile(r"(?:\bas|\bthe|\ba|\bno|\bsooner|\bin|\band)\s+$", re.IGNORECASE)


def _reference(m: re.Match[str], env: Env) -> Timex | None:
    words = _norm(m.group(0))
    after = env.text[m.end() : m.end() + 20]
    before = env.text[max(0, m.start() - 8) : m.start()]
    if words in ("soon", "shortly") and (re.match(r"\s+(?:as|after|before|thereafter)\b", after, re.I)):
        return None
    if words in ("soon", "now", "current", "future", "recent", "shortly") and _NOT_REFERENCE_AFTER.match(
        after
    ):
        return None
    if words == "soon" and re.search(r"\bas\s+$", before, re.I):
        return None
    if words in ("current", "recent", "future") and _NOT_REFERENCE_BEFORE.search(before):
        return None
    if words == "future" and re.search(r"\bthe\s+$", before, re.I):
        return None
    value = _REFERENCES.get(words) or _REFERENCES.get(words.removeprefix("the "))
    if value is None:
        return None
    plural = _SPAN_OF_UNITS.fullmatch(words)
    if plural:
        # TimeBank annotates "in recent weeks", "in the coming months" as a span of unknown length.
        return Timex(
            m.start(),
            m.end(),
            "DURATION",
            f"PX{(plural.group(1) or plural.group(2))[0].upper()}",
            relative=False,
        )
    return Timex(m.start(), m.end(), "DATE", value, relative=True)


_MODIFIERS: dict[str, str] = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "upwards of": "MORE_THAN", "longer than": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "nearly": "EQUAL_OR_LESS", "almost": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN", "just under": "LESS_THAN",
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "some of": "APPROX", "an estimated": "APPROX", "just over": "MORE_THAN",
    "well over": "MORE_THAN", "nearly a": "EQUAL_OR_LESS",
}  # fmt: skip
_MODIFIER_RE = (
    r"(?P<mod>more\s+than|over|upwards\s+of|longer\s+than|at\s+least|nearly|almost|up\s+to|no\s+more\s+than"
    r"|at\s+most|less\s+than|under|fewer\s+than|just\s+under|about|around|roughly|approximately"
    r"|just\s+over|well\s+over)"
)
_DETERMINER_RE = (
    r"(?P<det>the\s+(?:past|last|next|first|final|coming|previous|following|latest|remaining|entire|whole|full|same|initial)"
    r"|the|past|last|next|first|another|an\s+additional|the\s+better\s+part\s+of|all)"
)
_DURATION = re.compile(
    rf"{_B}(?:{_MODIFIER_RE}\s+)?(?:{_DETERMINER_RE}\s+)?"
    rf"(?P<num>{NUMBER_RE}|{VAGUE_NUMBER_RE})(?:\s+(?:more|full|straight|consecutive|long|additional|whole))?"
    rf"[\s]+(?P<unit>{UNIT_RE})(?P<approx>\s+or\s+so)?{_E}",
    re.IGNORECASE,
)
_ADJECTIVE_DURATION = re.compile(
    rf"{_B}(?:{_MODIFIER_RE}\s+)?(?:(?P<det>the)\s+)?(?P<num>{NUMBER_RE})-"
    r"(?P<unit>year|month|week|day|hour|minute|second|decade|century|night)(?:s)?(?P<old>-old|-long)?(?![\w])",
    re.IGNORECASE,
)


def _duration(m: re.Match[str], env: Env) -> Timex | None:
    num_text = _norm(m.group("num"))
    unit_word = m.group("unit").lower()
    amount = parse_number(num_text) if num_text not in _VAGUE else None
    if num_text in ("a", "an", "single") and unit_word.endswith("s") and unit_word not in ("centuries",):
        return None
    if amount is None and num_text not in _VAGUE:
        return None
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", num_text) and not unit_word.endswith("s"):
        return None  # "the 1988 quarter" names a period of that year
    singular_second = unit_word == "second" and num_text in ("a", "one", "the")
    if singular_second:
        return None  # "a second round" is an ordinal
    text_after = env.text[m.end() : m.end() + 12]
    det = _norm(m.groupdict().get("det") or "")
    start = m.start()
    # A number of units then "ago"/"earlier" is a date the point rules handle; refuse here.
    if re.match(r"\s+(?:ago|earlier|from\s+now|hence)\b", text_after, re.I):
        return None
    unit = unit_code(unit_word)
    if num_text in ("a", "an", "one", "per") and _is_rate(env.text, m.start()) and not det:
        return Timex(m.start(), m.end(), "SET", duration_value(1, unit), rule="")
    mod = _MODIFIERS.get(_norm(m.group("mod") or ""))
    if (
        m.group("mod")
        and _norm(m.group("mod")) == "over"
        and not re.match(r"\s*(?:\d|a\b|an\b|[a-z]+-)", env.text[m.end("mod") :])
    ):
        start = m.start("det") if m.group("det") else m.start("num")
        mod = None
    if m.groupdict().get("approx"):
        mod = "APPROX"
    if det in ("first", "last", "next", "past") and amount is None:
        return None
    value = duration_value(amount, unit)
    return Timex(start, m.end(), "DURATION", value, mod, rule="")


_VAGUE = frozenset({"a few", "few", "several", "some", "many", "a number of", "dozens of", "hundreds of"})


def _is_rate(text: str, start: int) -> bool:
    """True when "a day" follows an amount: "$5 a day", "twice a year", "40 hours a week"."""
    before = text[max(0, start - 24) : start]
    return bool(
        re.search(
            r"(?:\d[\d,.]*%?|\bdollars?|\bcents?|\btimes|\btwice|\bonce|\bhours|\bmillion|\bbillion)\s+$",
            before,
            re.I,
        )
    )


def _adjective_duration(m: re.Match[str], env: Env) -> Timex | None:
    amount = parse_number(m.group("num"))
    if amount is None or m.group("old") == "-old":
        return None  # an age ("a 6-year-old boy") is not a time expression in TimeML
    mod = _MODIFIERS.get(_norm(m.group("mod") or ""))
    return Timex(m.start(), m.end(), "DURATION", duration_value(amount, unit_code(m.group("unit"))), mod)


_BARE_PLURAL = re.compile(
    r"\b(?:for|within|over|in|after|take|takes|took|taken|lasted|last|spent|spend|spends)\s+"
    r"(?P<unit>years|months|weeks|days|hours|decades|centuries|minutes)(?![\w-])(?!\s+(?:of|ago|earlier|later|before|after)\b)",
    re.IGNORECASE,
)


def _bare_plural(m: re.Match[str], env: Env) -> Timex | None:
    return Timex(m.start("unit"), m.end(), "DURATION", duration_value(None, unit_code(m.group("unit"))))


_SET_WORDS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W", "every day": "P1D",
    "every week": "P1W", "every month": "P1M", "every year": "P1Y", "each day": "P1D", "each week": "P1W",
    "each month": "P1M", "each year": "P1Y", "per day": "P1D", "per week": "P1W", "per month": "P1M",
    "per year": "P1Y", "a day": "P1D", "every night": "P1D", "every morning": "P1D", "every hour": "PT1H",
    "every other day": "P2D", "every other week": "P2W", "every other year": "P2Y",
}  # fmt: skip
_SET = re.compile(
    r"(?<![\w-])(?:daily|weekly|monthly|yearly|hourly|nightly|biweekly"
    r"|(?:every|each|per)\s+(?:other\s+)?(?:day|week|month|year|night|morning|hour))(?![\w-])",
    re.IGNORECASE,
)


def _set(m: re.Match[str], env: Env) -> Timex | None:
    words = _norm(m.group(0))
    if words in ("daily", "weekly", "monthly") and re.match(r"\s+[A-Z]", env.text[m.end() : m.end() + 3]):
        return None  # "the Daily Telegraph", "Weekly Standard"
    return Timex(m.start(), m.end(), "SET", _SET_WORDS.get(words, "P1D"))


_EVERY_NAMED = re.compile(
    rf"(?<![\w-])(?i:every|each)\s+(?:(?P<wd>{WEEKDAY_RE})|(?P<mon>{MONTH_RE})|(?P<season>spring|summer|fall|autumn|winter))(?![\w-])"
)


def _every_named(m: re.Match[str], env: Env) -> Timex | None:
    if m.group("wd"):
        value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}"
    elif m.group("mon"):
        value = f"XXXX-{MONTHS[m.group('mon').lower().rstrip('.')]:02d}"
    else:
        value = (
            "XXXX-"
            + {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}[
                m.group("season").lower()
            ]
        )
    return Timex(m.start(), m.end(), "SET", value)


_HALF_UNIT = re.compile(
    r"(?<![\w-])(?:half\s+an?\s+(?P<u1>hour|day|year|century)|a\s+half[\s-](?P<u2>hour|day|year|century))(?![\w-])",
    re.I,
)


def _half_unit(m: re.Match[str], env: Env) -> Timex | None:
    unit = unit_code(m.group("u1") or m.group("u2"))
    return Timex(m.start(), m.end(), "DURATION", duration_value(0.5, unit) if unit != "H" else "PT30M")


RULES: list[Rule] = [
    ("reference", _REFERENCE, _reference),
    ("duration", _DURATION, _duration),
    ("adjective_duration", _ADJECTIVE_DURATION, _adjective_duration),
    ("bare_plural", _BARE_PLURAL, _bare_plural),
    ("set", _SET, _set),
    ("every_named", _EVERY_NAMED, _every_named),
    ("half_unit", _HALF_UNIT, _half_unit),
]
