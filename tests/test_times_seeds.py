"""On the seed articles, given their publication dates, every weekday, month and week expression
resolves to the right day, month or week (issue 4). Seeds are read at run time, never copied."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from storyline.analyze.nlp import get_nlp
from storyline.analyze.times import find_timexes

from .conftest import seed_path

_NAMED = re.compile(
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|\bweek\b",
    re.IGNORECASE,
)

# (publication date, expected (expression, value) pairs) per seed; expressions are single date words.
EXPECTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "000": (
        "2025-10-22",
        [
            ("Tuesday", "2025-10-21"),
            ("August", "2025-08"),
            ("Monday", "2025-10-20"),
            ("this week", "2025-W43"),
            ("October 16", "2025-10-16"),
        ],
    ),
    "001": (
        "2025-10-26",
        [
            ("Sunday", "2025-10-26"),
            ("Earlier this week", "2025-W43"),
            ("Saturday", "2025-10-25"),
            ("Thursday", "2025-10-23"),
            ("Wednesday", "2025-10-22"),
        ],
    ),
    "002": (
        "2025-08-22",
        [
            ("Friday", "2025-08-22"),
            ("Friday", "2025-08-22"),
            ("this week", "2025-W34"),
            ("earlier this week", "2025-W34"),
            ("Thursday", "2025-08-21"),
            ("Thursday", "2025-08-21"),
        ],
    ),
    "003": (
        "2025-10-21",
        [
            ("October 16", "2025-10-16"),
            ("October 20", "2025-10-20"),
            ("next week", "2025-W44"),
            ("late Monday", "2025-10-20"),
        ],
    ),
}


@pytest.mark.model
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_weekdays_months_and_weeks_resolve(prefix: str) -> None:
    text = seed_path(prefix).read_text(encoding="utf-8")
    published, expected = EXPECTED[prefix]
    found = find_timexes(text, dt.date.fromisoformat(published), doc=get_nlp()(text))
    named = Counter(
        (text[t.start : t.end], t.value)
        for t in found
        if _NAMED.search(text[t.start : t.end]) and t.type == "DATE"
    )
    assert named == Counter(expected)


@pytest.mark.model
@pytest.mark.parametrize(("prefix", "not_a_time"), [("001", "47th"), ("003", "78%")])
def test_seed_numbers_that_are_not_dates(prefix: str, not_a_time: str) -> None:
    text = seed_path(prefix).read_text(encoding="utf-8")
    at = text.index(not_a_time)
    published = dt.date.fromisoformat(EXPECTED[prefix][0])
    found = find_timexes(text, published, doc=get_nlp()(text))
    assert not [t for t in found if t.start < at + len(not_a_time) and t.end > at]


@pytest.mark.model
def test_seed_war_length_is_a_duration() -> None:
    text = seed_path("001").read_text(encoding="utf-8")
    found = find_timexes(text, dt.date(2025, 10, 26), doc=get_nlp()(text))
    assert ("DURATION", "P3Y6M") in {(t.type, t.value) for t in found}
