"""Publication windows estimated from an article's own text (issue 4), on synthetic text."""

from __future__ import annotations

import datetime as dt

import spacy

from storyline.analyze import times
from storyline.analyze.dating import (
    DAYS_AFTER_LEDE_DATE,
    DAYS_BEFORE_BODY_DATE,
    DAYS_BEFORE_LEDE_DATE,
    estimate_publication,
)
from storyline.analyze.pipeline import ArticleContext
from storyline.models import Article, Removed

FAR_FUTURE = dt.date(2100, 1, 1)
FILLER = " The committee met again and members talked at length about the budget." * 12


def test_dateline_gives_a_narrow_window() -> None:
    estimate = estimate_publication("PARIS, Oct. 20, 2025 - Ministers met to discuss the plan." + FILLER)
    assert estimate is not None
    day = dt.date(2025, 10, 20)
    assert estimate["earliest"] == (day - dt.timedelta(days=DAYS_BEFORE_LEDE_DATE)).isoformat()
    assert estimate["latest"] == (day + dt.timedelta(days=DAYS_AFTER_LEDE_DATE)).isoformat()
    assert estimate["evidence"]


def test_date_deep_in_the_text_is_only_a_lower_bound() -> None:
    text = "Ministers met to discuss the plan." + FILLER + " The first plan was signed on March 3, 2019."
    estimate = estimate_publication(text, today=FAR_FUTURE)
    assert estimate is not None
    day = dt.date(2019, 3, 3)
    assert estimate["earliest"] == (day - dt.timedelta(days=DAYS_BEFORE_BODY_DATE)).isoformat()
    assert dt.date.fromisoformat(estimate["latest"]) - day >= dt.timedelta(days=300)


def test_future_date_caps_the_window() -> None:
    text = "Ministers met." + FILLER + " They met on March 3, 2019 and will meet again on April 1, 2019."
    estimate = estimate_publication(text, today=FAR_FUTURE)
    assert estimate is not None
    assert estimate["latest"] == "2019-04-01"


def test_no_written_date_no_estimate() -> None:
    assert estimate_publication("Officials said on Tuesday that talks would go on next week.") is None
    assert estimate_publication("The reform, debated since 2014, passed.") is None  # a bare year is too weak


def test_window_never_ends_after_today() -> None:
    estimate = estimate_publication("ROME, June 2, 2025 - Talks opened.", today=dt.date(2025, 6, 3))
    assert estimate is not None
    assert estimate["latest"] == "2025-06-03"


def test_undated_article_is_dated_then_resolved_and_boilerplate_is_ignored() -> None:
    text = "KYIV, Oct. 20, 2025 - The minister said on Monday that talks would resume."
    article = Article(
        id="a",
        source="<test>",
        text=text,
        removed=[Removed("related-links", "Latest news: March 1, 2026 - something else")],
    )
    ctx = ArticleContext(article=article, doc=spacy.blank("en")(text))
    items = times.analyze(ctx)
    assert article.published_estimate is not None
    assert article.published_estimate["earliest"] <= "2025-10-20" <= article.published_estimate["latest"]
    assert "2026" not in str(article.published_estimate)
    monday = next(i for i in items if i["text"] == "Monday")
    # resolved against the window's last day (Oct. 22, a Wednesday): the Monday before it
    assert monday["value"] == "2025-10-20"
    assert monday["anchor"] == "document"


WEEK_TEXT = (
    "The council chair said on Thursday that the vote had been delayed and that she will meet the"
    " mayor on Saturday. Earlier this week, on Tuesday, March 3, the budget office published its"
    " figures, and the accounts for 2015 were reopened."
)


def test_weekday_and_this_week_fix_the_days() -> None:
    # Tuesday, March 3 is a Tuesday in 2015 (the written year): "this week" keeps the window in
    # that week, "said on Thursday" starts it on Thursday the 5th, "will meet on Saturday" ends it
    # on Friday the 6th.
    estimate = estimate_publication(WEEK_TEXT, today=FAR_FUTURE)
    assert estimate is not None
    assert (estimate["earliest"], estimate["latest"]) == ("2015-03-05", "2015-03-06")
    assert len(estimate["evidence"]) == 4


def test_weekday_pins_a_yearless_date_to_the_latest_fitting_year_before_today() -> None:
    text = WEEK_TEXT.replace(", and the accounts for 2015 were reopened", "")
    estimate = estimate_publication(text, today=dt.date(2021, 1, 1))
    assert estimate is not None
    assert estimate["earliest"] == "2020-03-05"  # March 3 was a Tuesday in 2020, the last such year
    assert estimate_publication(text, today=dt.date.max) is None  # no year and no real today


def test_yearless_date_without_weekday_dates_nothing() -> None:
    # The text's latest year is a recalled event; putting "Sept. 9" in it would be a narrow guess.
    assert estimate_publication("PARIS - On Sept. 9 the ministers, who first met in 2016, talked.") is None
