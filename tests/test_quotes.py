"""Quotes on short synthetic sentences: quote-mark pairing needs no model; the rest parses."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_text
from storyline.analyze.quotes.marks import find_quote_spans
from storyline.cli.quotes import filter_quotes, source_counts


def _quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_typographic_and_guillemet_quotes_pair() -> None:
    text = "«We are ready,» the minister said. He added: “Nothing is decided.”"
    assert _quoted(text) == ["We are ready,", "Nothing is decided."]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The voters’ mood shifted, and the mayor’s aides didn’t say ‘no’ to it."
    assert _quoted(text) == ["no"]


def test_odd_quote_mark_does_not_swallow_paragraphs() -> None:
    text = 'An odd " mark stays here.\nA second paragraph.\nThen “a real quote” follows.'
    assert _quoted(text) == ["a real quote"]


def test_multi_paragraph_quote_reopens() -> None:
    text = "“The first part goes on.\n“The second part ends,” she said.\nNarration."
    spans = find_quote_spans(text)
    assert len(spans) == 1 and spans[0].continued
    assert text[spans[0].start : spans[0].end].endswith("The second part ends,")


def test_nested_quotes_stay_inside() -> None:
    text = "“They called it ‘a plan’ yesterday,” he said."
    assert _quoted(text) == ["They called it ‘a plan’ yesterday,"]


def test_doubled_apostrophes_pair() -> None:
    text = "''We will win,'' the governor said."
    assert _quoted(text) == ["We will win,"]


def _quotes(text: str) -> list[dict[str, Any]]:
    return analyze_text(text).result_dicts()["quotes"]


def _by_text(quotes: list[dict[str, Any]], fragment: str) -> dict[str, Any]:
    found = [q for q in quotes if fragment in q["text"]]
    assert found, f"no quote containing {fragment!r} in {[q['text'] for q in quotes]}"
    return found[0]


@pytest.mark.model
def test_direct_quote_with_speaker_after() -> None:
    text = "Senator Maria Lopez spoke in Denver. “We will not accept this budget,” Lopez said on Monday."
    quote = _by_text(_quotes(text), "We will not accept")
    assert quote["kind"] == "direct"
    assert quote["cue"]["text"] == "said"
    assert quote["speaker"]["name"] == "Maria Lopez"
    assert quote["when"]["text"] == "on Monday"


@pytest.mark.model
def test_pronoun_speaker_resolves_to_previous_speaker() -> None:
    text = (
        "“The talks were useful,” Finance Minister Peter Grant said.\n"
        "“We expect a deal within a month,” he added."
    )
    quote = _by_text(_quotes(text), "We expect a deal")
    assert quote["speaker"]["text"] == "he"
    assert quote["speaker"]["name"] == "Peter Grant"


@pytest.mark.model
def test_anonymous_source_stays_anonymous() -> None:
    text = "A senior defense official told reporters that the exercise would be delayed."
    quote = _by_text(_quotes(text), "the exercise would be delayed")
    assert quote["kind"] == "reported"
    assert quote["speaker"]["anonymous"] is True
    assert "official" in quote["speaker"]["name"]


@pytest.mark.model
def test_partial_quote_needs_a_governing_cue() -> None:
    text = "The governor described the proposal as “reckless” on Friday. Critics joined a “Save Our Parks” rally."
    quotes = _quotes(text)
    partial = _by_text(quotes, "reckless")
    assert partial["kind"] == "partial"
    assert partial["speaker"]["text"] == "The governor"
    assert not [q for q in quotes if "Save Our Parks" in q["text"]]


@pytest.mark.model
def test_scare_quote_is_not_a_quote() -> None:
    text = "The company promised a “fresh” approach to the market this year."
    assert not [q for q in _quotes(text) if q["text"] == "fresh"]


@pytest.mark.model
def test_according_to_is_reported_speech() -> None:
    text = "According to the city council, the bridge will reopen in the spring."
    quote = _by_text(_quotes(text), "the bridge will reopen")
    assert quote["kind"] == "reported"
    assert quote["cue"]["text"].lower() == "according to"
    assert quote["speaker"]["text"] == "the city council"


@pytest.mark.model
def test_block_quote_closed_by_said() -> None:
    text = (
        "The minister spoke at length on the budget.\n"
        "We have cut spending in every department. We will cut more next year if we must. "
        "Nobody should doubt our resolve, Minister Anna Berg said.\n"
    )
    quote = _by_text(_quotes(text), "We have cut spending")
    assert quote["kind"] == "block"
    assert quote["speaker"]["name"] == "Anna Berg"
    assert quote["text"].endswith("our resolve")


@pytest.mark.model
def test_block_quote_after_colon_paragraph() -> None:
    text = (
        "Economist Lena Park offered a gloomy view, warning that growth would stall:\n"
        "Inflation is not beaten. Wages lag behind prices, and households are cutting back.\n"
    )
    quote = _by_text(_quotes(text), "Inflation is not beaten")
    assert quote["kind"] == "block"
    assert quote["speaker"]["name"] == "Lena Park"


@pytest.mark.model
def test_medium_is_reported() -> None:
    text = "“We are open to talks,” the foreign minister Jan Novak told Channel Four News."
    quote = _by_text(_quotes(text), "We are open to talks")
    assert quote["medium"] is not None and "Channel Four" in quote["medium"]


def test_filter_quotes_by_speaker_and_article() -> None:
    quotes: list[dict[str, Any]] = [
        {"article": "a", "speaker": {"name": "Dana Cole", "text": "Cole"}, "text": "x"},
        {"article": "b", "speaker": {"name": "Eli Moss", "text": "he"}, "text": "y"},
        {"article": "b", "speaker": None, "text": "z"},
    ]
    assert [q["text"] for q in filter_quotes(quotes, speaker="cole")] == ["x"]
    assert [q["text"] for q in filter_quotes(quotes, article="b")] == ["y", "z"]


def test_source_counts_groups_links() -> None:
    citations = [
        {"article": "a", "citing": "(this article)", "cited": "Wire", "relation": "reports"},
        {"article": "b", "citing": "(this article)", "cited": "Wire", "relation": "reports"},
        {"article": "b", "citing": "Wire", "cited": "a source", "relation": "citing"},
    ]
    rows = source_counts(citations)
    assert rows[0] == {
        "citing": "(this article)",
        "cited": "Wire",
        "relation": "reports",
        "count": 2,
        "articles": 2,
    }
    assert len(rows) == 2


@pytest.mark.model
def test_parenthetical_said_splits_content_around_the_cue() -> None:
    text = "In any case, the mayor said, the new stadium would be paid for by private investors."
    quotes = [q for q in _quotes(text) if q["cue"] and q["cue"]["text"] == "said"]
    joined = " ".join(q["text"] for q in quotes)
    assert "paid for by private investors" in joined
    assert all("the mayor said" not in q["text"] for q in quotes)
    assert quotes[0]["speaker"]["text"] == "the mayor"


@pytest.mark.model
def test_wants_to_is_an_attribution() -> None:
    text = "The union leader wants to reopen the contract talks before the summer."
    quote = _by_text(_quotes(text), "reopen the contract talks")
    assert quote["cue"]["text"] == "wants"
    assert quote["speaker"]["text"] == "The union leader"


@pytest.mark.model
def test_nominal_cue_with_that_clause() -> None:
    text = "Critics rejected his claim that the new tax would create thousands of jobs."
    nominal = [q for q in _quotes(text) if q["cue"] and q["cue"]["text"] == "claim"]
    assert nominal, "the claim is an attribution of its own"
    assert nominal[0]["text"] == "the new tax would create thousands of jobs"
    assert nominal[0]["speaker"]["text"] == "his"


@pytest.mark.model
def test_continued_after_a_quote_is_a_cue() -> None:
    text = "“The plan is dead,” Lopez said.\n\n“Nobody will vote for it,” Lopez continued."
    quote = _by_text(_quotes(text), "Nobody will vote")
    assert quote["cue"]["text"] == "continued"
    assert quote["speaker"]["name"] == "Lopez"


@pytest.mark.model
def test_prepositional_cue_takes_its_object() -> None:
    text = "The senator called for a full recount of the ballots in three counties."
    quote = _by_text(_quotes(text), "a full recount")
    assert quote["cue"]["text"] == "called"
    assert quote["speaker"]["text"] == "The senator"


@pytest.mark.model
def test_speaker_of_cue_inside_prepositional_phrase() -> None:
    text = "Mayor Ana Ruiz opened the meeting by saying “We have a lot of work ahead of us this year.”"
    quote = _by_text(_quotes(text), "We have a lot")
    assert quote["cue"]["text"] == "saying"
    assert "Ana Ruiz" in quote["speaker"]["text"]


@pytest.mark.model
def test_quote_running_into_next_paragraph_keeps_its_attribution() -> None:
    text = (
        "“The plan is dead on arrival,” Senator Tom Hale said.\n\n"
        "“Nobody in this chamber will vote for a bill like that, and they know it.”"
    )
    first = _by_text(_quotes(text), "The plan is dead")
    second = _by_text(_quotes(text), "Nobody in this chamber")
    assert second["cue"] == first["cue"]
    assert second["speaker"]["name"] == "Tom Hale"


@pytest.mark.model
def test_colon_intro_without_speech_verb_names_the_speaker() -> None:
    text = (
        "The latest poll shows the race tightening.\n\n"
        "The shift does not surprise the pollster Maria Lindqvist:\n\n"
        "“Voters always come home to their party in the final weeks of a campaign, and this year is no different.”"
    )
    quote = _by_text(_quotes(text), "Voters always come home")
    assert quote["cue"]["text"] == ":"
    assert quote["speaker"]["name"] == "Maria Lindqvist"


@pytest.mark.model
def test_colon_intro_speech_verb_far_from_the_quote() -> None:
    text = (
        "The council met on Monday.\n\n"
        "As the Riverside Gazette reported on Friday, the council was refusing to publish the audit:\n\n"
        "“The audit will stay sealed until the committee has reviewed every page of it carefully.”"
    )
    quote = _by_text(_quotes(text), "The audit will stay sealed")
    assert quote["cue"]["text"] == "reported"
    assert "Riverside Gazette" in quote["speaker"]["text"]


@pytest.mark.model
def test_participle_cue_takes_the_subject_of_the_clause_before() -> None:
    text = (
        "The mayor spoke briefly after the vote, writing “We finally have the budget this city "
        "deserves and we will spend it wisely.”"
    )
    quote = _by_text(_quotes(text), "We finally have the budget")
    assert quote["speaker"]["text"] == "The mayor"


def test_reported_content_never_starts_inside_a_quotation() -> None:
    """'said "..." on Monday' is one partial quote, not also a reported item starting inside the
    marks; what is said after the quotation is reported on its own."""
    text = "The minister said “we are ready” on Monday."
    found = [(q["kind"], text[q["start"] : q["end"]]) for q in _quotes(text)]
    assert found == [("partial", "we are ready")]
    text = "He said “we are ready” and that talks would resume next week."
    reported = [text[q["start"] : q["end"]] for q in _quotes(text) if q["kind"] == "reported"]
    assert reported and all("”" not in r and "ready" not in r for r in reported)
    assert any("talks would resume" in r for r in reported)


@pytest.mark.model
def test_a_speaker_known_by_whose_is_of_the_noun_referred_to() -> None:
    text = "Mayor Ana Ruiz, whose office offered to host the talks, said the city was ready."
    quotes = _quotes(text)
    mayor = _by_text(quotes, "the city was ready")["speaker"]["name"]
    assert "Ana Ruiz" in mayor
    assert _by_text(quotes, "host the talks")["speaker"]["name"] == f"{mayor}'s office"
