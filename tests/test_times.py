"""Unit tests of the time tagger on short synthetic sentences (no model: the word-list tense
finder stands in for part-of-speech tags). Issue 4."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy

from storyline.analyze import times
from storyline.analyze.pipeline import ArticleContext
from storyline.analyze.times import find_timexes
from storyline.analyze.times.prefilter import FOLD_TO_ASCII, lowered_for_rules, word_options
from storyline.analyze.times.scan import RuleScan, TextScan
from storyline.analyze.times.tagger import RULES
from storyline.models import Article, Quote, TextSpan

WEDNESDAY = dt.date(2025, 10, 22)


def tag(text: str, reference: dt.date | None = WEDNESDAY) -> dict[str, tuple[str, str]]:
    """expression text -> (type, value)"""
    return {text[t.start : t.end]: (t.type, t.value) for t in find_timexes(text, reference)}


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The spokesman said on Tuesday that talks were hard.", "Tuesday", "2025-10-21"),
        ("The two leaders will meet on Tuesday in the capital.", "Tuesday", "2025-10-28"),
        ("On Monday, the minister told reporters nothing.", "Monday", "2025-10-20"),
        ("The agency published the figures Wednesday.", "Wednesday", "2025-10-22"),
        ("Speaking late Monday, she denied it.", "late Monday", "2025-10-20"),
        ("Earlier this week, the plan was dropped.", "Earlier this week", "2025-W43"),
        ("Sales fell last month.", "last month", "2025-09"),
        ("They met in August at a base.", "August", "2025-08"),
        ("The call on October 16 went well.", "October 16", "2025-10-16"),
        ("Officials will travel next week.", "next week", "2025-W44"),
        ("More talks may follow in the coming days.", "the coming days", "FUTURE_REF"),
        ("The vote happened yesterday.", "yesterday", "2025-10-21"),
        ("A decision is due tomorrow.", "tomorrow", "2025-10-23"),
        ("Prices rose last year.", "last year", "2024"),
        ("Profit doubled in the third quarter.", "the third quarter", "2025-Q3"),
        ("The treaty dates from March 3, 1999.", "March 3, 1999", "1999-03-03"),
        ("It opened in May 2019 downtown.", "May 2019", "2019-05"),
        ("He left two years ago.", "two years ago", "2023"),
        ("The 2018 meeting was short.", "2018", "2018"),
        ("They met on Saturday, Oct. 25, 2025.", "Saturday, Oct. 25, 2025", "2025-10-25"),
        ("The result came at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2025-10-22T22:00"),
        ("We are talking now.", "now", "PRESENT_REF"),
    ],
)
def test_points_in_time(sentence: str, expression: str, value: str) -> None:
    found = tag(sentence)
    assert expression in found, found
    assert found[expression][1] == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("He could sit down with her within two weeks.", "two weeks", "P2W"),
        ("A deal could end the over three-and-a-half-year war.", "over three-and-a-half-year", "P3Y6M"),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The flight took three hours.", "three hours", "PT3H"),
        ("Prices fell over the past two months.", "the past two months", "P2M"),
        ("The talks went on for several days.", "several days", "PXD"),
        ("A five-year plan was approved.", "five-year", "P5Y"),
        ("Nothing will change for a couple of years.", "a couple of years", "P2Y"),
        ("Prices have climbed in recent weeks.", "recent weeks", "PXW"),
        ("Rates may fall in the coming months.", "the coming months", "PXM"),
    ],
)
def test_durations(sentence: str, expression: str, value: str) -> None:
    found = tag(sentence)
    assert found.get(expression) == ("DURATION", value), found


def test_sets() -> None:
    found = tag("The board meets every Tuesday and publishes a daily digest.")
    assert found["every Tuesday"] == ("SET", "XXXX-WXX-2")
    assert found["daily"] == ("SET", "P1D")


@pytest.mark.parametrize(
    "sentence",
    [
        "Leaders gathered for the 47th regional summit.",
        "Russia controls 78% of the region.",
        "More than 2000 troops were sent.",
        "You may go, and we march on.",
        "A 6-year-old boy was rescued.",
        "The Daily Telegraph reported it.",
        "As soon as possible, they said.",
    ],
)
def test_numbers_and_words_that_are_not_times(sentence: str) -> None:
    assert tag(sentence) == {}


def test_month_without_year_follows_tense_and_distance() -> None:
    # In a January piece, a past "December" is the one just gone; a future "March" is ahead.
    january = dt.date(2026, 1, 10)
    assert tag("The vote was held in December.", january)["December"][1] == "2025-12"
    assert tag("The vote will be held in March.", january)["March"][1] == "2026-03"


def test_past_tense_month_months_ahead_is_last_years() -> None:
    # Read in late October, an acquired-in-February is this year's February, not next year's.
    october = dt.date(2025, 10, 30)
    assert tag("The firm acquired the plant in February.", october)["February"][1] == "2025-02"
    assert tag("Profit rose in the year ended March 31.", october)["March 31"][1] == "2025-03-31"


def test_deadlines_moved_ahead_point_to_the_future() -> None:
    # A Wednesday piece: the Tuesday something is put off until is the next one.
    found = tag("Officials postponed until Tuesday any action on the permit.")
    assert found["Tuesday"][1] == "2025-10-28"
    found = tag("The agency extended its deadline until 9 a.m. Tuesday.")
    assert found["9 a.m. Tuesday"][1] == "2025-10-28T09:00"
    assert tag("The team could leave as soon as Friday, he said.")["Friday"][1] == "2025-10-24"


def test_references_back_resolve_against_the_last_date_named() -> None:
    text = (
        "On May 22, 1995, she was promoted, and the following year she moved abroad. "
        "The next day she wrote. Later that year she returned."
    )
    found = tag(text)
    assert found["the following year"] == ("DATE", "1996")
    assert found["The next day"] == ("DATE", "1996-XX-XX")  # the last date named is a bare year
    assert found["Later that year"] == ("DATE", "1996")
    found = tag("The plant closed on Oct. 3, 2024. Workers were told that same day.")
    assert found["that same day"] == ("DATE", "2024-10-03")
    # With no date named before, they fall back to the reference.
    assert tag("Earlier that day, the office was shut.")["Earlier that day"] == ("DATE", "2025-10-22")


def test_the_year_quarter_follows_the_quarter_discussed() -> None:
    found = tag("Profit rose in the third quarter. In the 2024 quarter, it had fallen.")
    assert found["the 2024 quarter"] == ("DATE", "2024-Q3")


def test_this_past_season_is_the_latest_gone_by() -> None:
    assert tag("The plant shut this past spring.")["this past spring"][1] == "2025-SP"


def test_without_reference_relative_values_keep_placeholders() -> None:
    found = tag("He said on Tuesday that the October 16 call was useful.", None)
    assert found["Tuesday"][1] == "XXXX-WXX-2"
    assert found["October 16"][1] == "XXXX-10-16"


def _context(text: str, published: str | None, quotes: list[Quote]) -> ArticleContext:
    article = Article(id="a", source="<test>", text=text, published=published)
    ctx = ArticleContext(article=article, doc=spacy.blank("en")(text))
    ctx.results["quotes"] = quotes
    return ctx


def _analyze(ctx: ArticleContext) -> list[dict[str, Any]]:
    """The times analyzer's items as the store keeps them."""
    return [t.to_dict() for t in times.analyze(ctx)]


def test_quote_anchors_relative_expression_to_when_it_was_said() -> None:
    text = "Back then he said: «We will decide within two weeks and announce it next week», on October 9."
    content_start = text.index("«") + 1
    content_end = text.index("»")
    when_start = text.index("October 9")
    quote = Quote(
        start=content_start,
        end=content_end,
        text=text[content_start:content_end],
        kind="direct",
        cue=None,
        speaker=None,
        medium=None,
        when=TextSpan(when_start, when_start + len("October 9"), "October 9"),
    )
    items = _analyze(_context(text, "2025-10-22", [quote]))
    by_text = {i["text"]: i for i in items}
    assert by_text["next week"]["anchor"] == "quote"
    assert by_text["next week"]["anchor_date"] == "2025-10-09"
    assert by_text["next week"]["value"] == "2025-W42"  # the week after October 9, not after the 22nd
    assert by_text["October 9"]["anchor"] == "document"
    assert by_text["two weeks"]["value"] == "P2W"


def test_item_shape() -> None:
    items = _analyze(_context("Sales fell last month, officials said on Monday.", "2025-10-22", []))
    assert [i["text"] for i in items] == ["last month", "Monday"]
    for item in items:
        assert set(item) >= {"start", "end", "text", "type", "value", "granularity", "anchor"}
    assert items[0]["granularity"] == "month"
    assert items[1]["granularity"] == "day"
    assert items[1]["anchor"] == "document"


def test_user_date_wins_over_estimate() -> None:
    ctx = _context("The law was signed on 3 March 2024, officials said Monday.", "2025-10-22", [])
    times.analyze(ctx)
    assert ctx.article.published_estimate is None
    assert ctx.reference_date == dt.date(2025, 10, 22)


def test_the_year_in_financial_reports() -> None:
    ref = dt.date(2025, 10, 22)
    span = find_timexes("Profit rose 4% for the year ended June 30.", ref)
    assert [(t.type, t.value) for t in span if t.rule == "the_year"] == [("DURATION", "P1Y")]
    current = find_timexes("Shares hit a new high for the year.", ref)
    assert [(t.type, t.value) for t in current if t.rule == "the_year"] == [("DATE", "2025")]
    assert not [t for t in find_timexes("It was the year of the strike.", ref) if t.rule == "the_year"]


def test_issue4_quote_said_on_a_day_with_unknown_parts_does_not_crash() -> None:
    """Regression (found by running analysis over real pages): a quote's "when" valued
    with unknown digits ("2001-XX-XX") must not be parsed as a calendar day."""
    from storyline.analyze.times.analyzer import _full_day

    assert _full_day("2001-XX-XX") is None
    assert _full_day("2025-10-21") == dt.date(2025, 10, 21)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # Counting from the last day the story named, not from the publication day.
        (
            "The talks opened on March 3, 2025. A day earlier, the envoys arrived.",
            "A day earlier",
            "2025-03-02",
        ),
        (
            "The rally was on Friday, Oct. 17, 2025, up from the previous Friday.",
            "the previous Friday",
            "2025-10-10",
        ),
        ("They met on Oct. 3, 2025, and again the following Monday.", "the following Monday", "2025-10-06"),
        ("The rights expire on Nov. 30, 2025. Until then, holders may sell.", "then", "2025-11-30"),
        ("On Oct. 3, 2025, the blast came at 10 p.m. near the square.", "10 p.m.", "2025-10-03T22:00"),
        # Tense cues the word-list finder gets right.
        ("The minister could not be reached Tuesday for comment.", "Tuesday", "2025-10-21"),
        ("The fund may have lost money on Monday, analysts said.", "Monday", "2025-10-20"),
        ("The offer had been due to expire Friday, before the extension.", "Friday", "2025-10-17"),
        ("The attorney has scheduled a news conference Thursday.", "Thursday", "2025-10-23"),
        # An abbreviation's full stop does not end the sentence whose verb sets the tense.
        (
            "The father will leave at 4 a.m. EDT Thursday, the leader said.",
            "4 a.m. EDT Thursday",
            "2025-10-23T04:00",
        ),
    ],
)
def test_narrative_anchors_and_tense_cues(sentence: str, expression: str, value: str) -> None:
    assert tag(sentence)[expression][1] == value


def test_two_digit_year_without_a_reference_uses_the_posix_pivot() -> None:
    """With no publication date to lean on, "1/26/11" is 2011, not 1911; "3/4/98" is 1998."""
    assert tag("The deal closed 1/26/11 after talks.", None)["1/26/11"][1] == "2011-01-26"
    assert tag("The deal closed 3/4/98 after talks.", None)["3/4/98"][1] == "1998-03-04"


def test_ages_and_rates_are_not_time_expressions() -> None:
    found = tag("Mr. Lund, 52 years old, said the plant saves $500 million a year and adds 700 seats a week.")
    assert not {"52 years", "a year", "a week"} & set(found)
    # ... while a span of time and a date counted back stay.
    found = tag("The siege lasted a year. A year earlier, the town had fallen.")
    assert found["a year"] == ("DURATION", "P1Y")
    assert found["A year earlier"][0] == "DATE"


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("He was shot last Oct. 23 at his home.", "Oct. 23", "2025-10-23"),
        ("A hearing is set for the week of March 6.", "the week of March 6", "2026-W10"),
        ("The day before last Tuesday's hearing, he flew in.", "day before last Tuesday", "2025-10-20"),
    ],
)
def test_month_days_weeks_and_shifted_weekdays(sentence: str, expression: str, value: str) -> None:
    assert tag(sentence)[expression][1] == value


def test_a_text_without_a_rules_words_holds_no_match_of_it() -> None:
    """Each set of words ``times.prefilter`` reads off a rule has one of its words in every match
    (what the windowed scan relies on): on the sample corpus and odd spellings, a text holding
    none of a set's words holds no match of the rule."""
    corpus = Path(__file__).resolve().parent.parent / "samples/corpus"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.glob("*.txt"))]
    texts += [
        "IN THE FIRST QUARTER OF THE CENTURY, UNTIL THEN, EVERY MONDAY, 10:30 A.M., SPRING 2024.",
        "In The Fall Of 2019, Three Years Ago, Half A Day, The Year-Earlier Period, Tonight.",
        "Shares rose 5% a year for a decade; the 1990s; twelve o'clock; 2020-03-04 and 3/4/2020.",
        "the weekend before last, nineteen ninety-nine, the past three months, each Friday",
    ]
    texts += [text.upper() for text in texts] + [text.swapcase() for text in texts]
    skipped = 0
    for text in texts:
        lowered = lowered_for_rules(text)
        for name, pattern, _handler in RULES:
            for words in word_options(pattern):
                if lowered is not None and not any(word in lowered for word in words):
                    skipped += 1
                    assert next(pattern.finditer(text), None) is None, (name, sorted(words), text[:60])
    assert skipped > 0
    # A text holding a character a letter matches only under IGNORECASE is always scanned.
    assert lowered_for_rules("the \u017fpring") is None
    # Those characters are all there are: no other character outside ASCII matches a letter.
    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = [chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert "".join(folding) == FOLD_TO_ASCII


def test_the_windowed_scan_finds_what_a_whole_scan_finds() -> None:
    """Each rule is searched only near its words (``times.scan``): on the sample corpus and on
    texts built to stretch its bounds (long runs of spaces, hyphens and digits, upper case, a
    match at the very end), every rule's matches and groups are those of ``finditer``."""
    corpus = Path(__file__).resolve().parent.parent / "samples/corpus"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.glob("*.txt"))]
    texts += [
        "It lasted   three\n\n\n\n\n   years  or so.  More than     two     hundred days ago, early"
        " - - - - -   spring 2024, at 10:30 a.m. EST on Monday,   March 3,    1999.",
        "For 1234567890123 years; the  1990s; the    nineties; every\tother\t\tweek; a 10-year-old.",
        "five years ago",
        "the last three centuries; last week; the same day; by then; two weeks earlier; Q3 2024",
    ]
    texts += [text.upper() for text in texts] + [text.swapcase() for text in texts]
    texts += [text[:cut] for text in texts[-8:] for cut in (5, 17, 40)]
    rules = [(name, pattern, RuleScan.of(pattern)) for name, pattern, _handler in RULES]
    assert all(rule.options for _name, _pattern, rule in rules)  # every rule is read: none scanned whole
    for text in texts:
        scan = TextScan(text, lowered_for_rules(text))
        for name, pattern, rule in rules:
            whole = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in scan.matches(name, rule)] == whole, (name, text[:60])
