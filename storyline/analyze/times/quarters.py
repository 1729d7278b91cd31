"""Rules for quarters, halves and fiscal years, the periods financial news reports by ("the third
quarter", "fourth-quarter", "the year-earlier period", "the fiscal year"). The quarter last named
is kept in ``env.last_quarter`` so "a year ago" and "the quarter" refer to it."""

from __future__ import annotations

import re

from .core import Env, Timex, quarter_of, shift, value_at
from .dates import _B, _E, _YEAR, Rule, _make, _norm, _tense
from .lexicon import ORDINALS, QUARTER_ORDINAL_RE

_QUARTER = re.compile(
    rf"{_B}(?:(?P<yr>this\s+year's|last\s+year's|next\s+year's|(?:{_YEAR})'s|{_YEAR})\s+)?(?:the\s+)?"
    r"(?:(?P<fiscal>fiscal|calendar)\s+)?"
    rf"(?P<ord>{QUARTER_ORDINAL_RE})[\s-]+(?P<unit>quarter|half)"
    rf"(?:\s+of\s+(?:(?P<year2>{_YEAR})|(?P<rel2>this|last|next)\s+year|the\s+year))?{_E}",
    re.IGNORECASE,
)


def _quarter(m: re.Match[str], env: Env) -> Timex | None:
    n = ORDINALS[m.group("ord").lower()]
    half = m.group("unit").lower() == "half"
    has_year = bool(m.group("yr") or m.group("year2") or m.group("rel2"))
    if n == -1:
        if not has_year:
            return None  # "the last quarter" is the previous quarter: the period rule handles it
        n = 2 if half else 4
    if half and n > 2:
        return None
    ref = env.reference
    year_text = _norm(m.group("yr") or m.group("year2") or m.group("rel2") or "").removesuffix("'s")
    if year_text[:4].isdigit():
        year: int | None = int(year_text[:4])
    elif ref is None:
        year = None
    elif year_text.startswith("last"):
        year = ref.year - 1
    elif year_text.startswith("next"):
        year = ref.year + 1
    else:
        year = ref.year
        tense = _tense(m, env)
        if (
            not half
            and not year_text
            and (n > quarter_of(ref) and (tense == "past" or n - quarter_of(ref) >= 2))
        ):
            year -= 1
    label = f"H{n}" if half else f"Q{n}"
    value = f"{year:04d}-{label}" if year is not None else f"XXXX-{label}"
    timex = _make(m, "DATE", value, relative=not has_year)
    if not half:
        env.last_quarter = value
    return timex


_THE_QUARTER = re.compile(
    r"(?<![\w-])the\s+(?:(?:latest|last|most\s+recent|recent|past|previous|year-earlier|year-ago|same|current)\s+)?"
    r"(?:fiscal\s+)?(?:quarter|period)(?![\w-])",
    re.IGNORECASE,
)


def _the_quarter(m: re.Match[str], env: Env) -> Timex | None:
    words = _norm(m.group(0))
    if words.endswith("period") and not re.search(r"latest|year-earlier|year-ago|same", words):
        return None
    if env.reference is None:
        return None
    current = env.last_quarter or value_at(shift(env.reference, -1, "Q"), "Q")
    if "current" in words:
        current = value_at(env.reference, "Q")
    if "year-earlier" in words or "year-ago" in words:
        year, quarter = current.split("-Q")
        return _make(m, "DATE", f"{int(year) - 1:04d}-Q{quarter}", relative=True)
    return _make(m, "DATE", current, relative=True)


_YEAR_EARLIER = re.compile(
    r"(?<![\w-])(?:the\s+)?(?:year-earlier|year-ago)(?![\w-])(?!\s+(?:quarter|period))", re.I
)


def _year_earlier(m: re.Match[str], env: Env) -> Timex | None:
    if env.reference is None:
        return None
    if env.last_quarter:
        year, quarter = env.last_quarter.split("-Q")
        return _make(m, "DATE", f"{int(year) - 1:04d}-Q{quarter}", relative=True)
    return _make(m, "DATE", f"{env.reference.year - 1:04d}", relative=True)


_FISCAL_YEAR = re.compile(
    r"(?<![\w-])the\s+(?P<which>current\s+|full\s+|latest\s+|last\s+|previous\s+|next\s+)?"
    r"(?:fiscal\s+year|full\s+year)(?![\w-])(?!\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)


_ENDED_AFTER = re.compile(r"\s+(?:ended|ending)\b", re.IGNORECASE)


def _fiscal_year(m: re.Match[str], env: Env) -> Timex | None:
    if _ENDED_AFTER.match(env.text, m.end()):
        return _make(m, "DURATION", "P1Y")  # "the fiscal year ended June 30": a year's span
    if env.reference is None:
        return None
    which = _norm(m.group("which") or "")
    offset = {"latest": -1, "last": -1, "previous": -1, "next": 1}.get(which, 0)
    return _make(m, "DATE", f"{env.reference.year + offset:04d}", relative=True)


# "for the year ended March 31" is a twelve-month span; "for the year", "earlier in the year" and
# "a high for the year" are the reference year. Elsewhere "the year" is too vague to tag.
_THE_YEAR = re.compile(
    r"(?<![\w-])(?:(?<=for\s)|(?<=of\s)|(?<=in\s))the\s+year(?![\w-])"
    r"(?!\s+(?:before|after|of|in|when|that|which|to|\d)|'|’)",
    re.IGNORECASE,
)


def _the_year(m: re.Match[str], env: Env) -> Timex | None:
    if _ENDED_AFTER.match(env.text, m.end()):
        return _make(m, "DURATION", "P1Y")
    if env.reference is None:
        return None
    return _make(m, "DATE", f"{env.reference.year:04d}", relative=True)


RULES: list[Rule] = [
    ("the_year", _THE_YEAR, _the_year),
    ("quarter", _QUARTER, _quarter),
    ("the_quarter", _THE_QUARTER, _the_quarter),
    ("year_earlier", _YEAR_EARLIER, _year_earlier),
    ("fiscal_year", _FISCAL_YEAR, _fiscal_year),
]
