"""Participants named by office ("the foreign ministers of Kenya and Chile") and one event put on
two days by two sources: the two things a date conflict between outlets needs (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_text
from storyline.resolve.events import (
    Blocks,
    MentionRecord,
    cluster_mentions,
    holds_office,
    office_key,
    same_country,
)

from .conftest import SAMPLES

Item = dict[str, Any]


def _participants(text: str, trigger: str) -> list[Item]:
    events = analyze_text(text, published="2026-05-06").result_dicts()["events"]
    found = [e for e in events if e["text"] == trigger]
    assert found, f"no event mention {trigger!r} in {text!r}"
    participants: list[Item] = found[0]["participants"]
    return participants


@pytest.mark.model
def test_an_office_held_for_two_countries_is_two_participants_not_the_countries() -> None:
    found = _participants(
        "The foreign ministers of Kenya and Chile will meet in Geneva on Friday to prepare the treaty.",
        "meet",
    )
    offices = {(p.get("office"), p.get("country")) for p in found}
    assert offices == {("foreign minister", "Kenya"), ("foreign minister", "Chile")}
    text = "The foreign ministers of Kenya and Chile"
    assert all(text[p["start"] : p["end"]] == "foreign ministers" for p in found)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "office"),
    [
        ("Brazil's president will visit Lisbon next week.", "visit", ("president", "Brazil")),
        ("The Chilean prime minister met farmers in Talca on Monday.", "met", ("prime minister", "Chilean")),
    ],
)
def test_an_office_of_one_country(text: str, trigger: str, office: tuple[str, str]) -> None:
    found = _participants(text, trigger)
    assert (found[0].get("office"), found[0].get("country")) == office


@pytest.mark.model
def test_an_office_beside_its_holders_name_is_that_person() -> None:
    found = _participants(
        "Foreign Minister Ana Lindqvist will meet her Chilean counterpart in Geneva.", "meet"
    )
    assert not any(p.get("office") for p in found)
    assert "Ana Lindqvist" in {p["name"] for p in found}


@pytest.mark.model
def test_people_known_by_what_they_are_take_part_as_a_group() -> None:
    found = _participants(
        "The mayor told a meeting of residents on Tuesday that the well was dry.", "meeting"
    )
    assert [(p.get("office"), p.get("country")) for p in found] == [("resident", "")]
    found = _participants("Experts from both countries met in Talca on Monday.", "met")
    assert [(p.get("office"), p.get("country")) for p in found] == [("expert", "")]


def test_a_group_is_not_the_leaders_nor_the_ministers() -> None:
    summit = _record("a", {"person:luis-soto", "person:eva-berg"}, "2026-03-20", "2026-03-10")
    experts = _record("b", {office_key("expert", "")}, "2026-03-20", "2026-03-11")
    assert len(_cluster(summit, experts)) == 2
    residents = _record("a", {office_key("resident", "")}, "2026-03-10", "2026-03-10", place=None)
    ministers = _record("b", {office_key("minister", "")}, "2026-W11", "2026-03-16", place=None)
    assert len(_cluster(residents, ministers)) == 2
    on_thursday = _record("b", {office_key("minister", "")}, "2026-03-12", "2026-03-13", place=None)
    foreign = _record("c", {office_key("foreign minister", "")}, "2026-03-12", "2026-03-14", place=None)
    assert _cluster(on_thursday, foreign) == [["b", "c"]]


@pytest.mark.model
def test_a_dateline_is_not_a_participant() -> None:
    found = _participants("TALCA — Farmers will meet in the town square on Friday.", "meet")
    assert "TALCA" not in {p["name"] for p in found}


def test_titles_hold_an_office_of_their_country_or_of_none() -> None:
    assert same_country("chilean", "chile") and same_country("russian", "russia")
    assert not same_country("chilean", "kenya")
    assert holds_office({"chilean foreign minister"}, "foreign minister", "chile")
    assert holds_office({"foreign minister"}, "foreign minister", "chile")  # no country stated
    assert not holds_office({"kenyan foreign minister"}, "foreign minister", "chile")
    assert not holds_office({"deputy foreign minister"}, "foreign minister", "chile")
    assert not holds_office({"prime minister"}, "foreign minister", "chile")
    assert holds_office({"kenyan foreign minister"}, "foreign minister", "")  # "the foreign ministers"
    assert not holds_office({"kenyan prime minister"}, "minister", "")  # "the ministers"
    assert holds_office({"kenyan foreign minister"}, "minister", "")  # "the ministers" met
    assert not holds_office({"vice president"}, "president", "")


TITLES = {
    "person:ana-lindqvist": frozenset({"kenyan foreign minister"}),
    "person:tomas-ruiz": frozenset({"chilean foreign minister"}),
    "person:eva-berg": frozenset({"kenyan prime minister"}),
    "person:luis-soto": frozenset({"chilean president"}),
}


def _record(
    article: str, participants: set[str], day: str, reported: str, place: str | None = "Geneva"
) -> MentionRecord:
    return MentionRecord(
        article=article,
        start=10,
        end=14,
        text="meet",
        type="meeting",
        participants=frozenset(participants),
        participant_names={p: p for p in participants},
        place=place,
        time_value=day,
        granularity="day",
        status="planned",
        reported=reported,
        said_by=None,
        sentence=f"sentence of {article}",
        status_cue="will",
    )


MINISTERS = {"person:ana-lindqvist", "person:tomas-ruiz"}
BY_OFFICE = {office_key("foreign minister", "Kenya"), office_key("foreign minister", "Chile")}


def _cluster(*records: MentionRecord) -> list[list[str]]:
    events = cluster_mentions(records, Blocks(titles=lambda p: TITLES.get(p, frozenset())))
    return sorted(sorted(m.article for m in e.mentions) for e in events)


def test_two_sources_a_day_apart_on_one_meeting_are_one_event_with_two_dates() -> None:
    first = _record("a", MINISTERS, "2026-03-12", "2026-03-10")
    second = _record("b", BY_OFFICE, "2026-03-13", "2026-03-11")
    assert _cluster(first, second) == [["a", "b"]]
    assert second.participants == frozenset(MINISTERS)  # the office holders, by name


@pytest.mark.parametrize(
    "second",
    [
        _record("b", BY_OFFICE, "2026-03-16", "2026-03-11"),  # days four apart: another meeting
        _record("b", BY_OFFICE, "2026-03-13", "2026-03-20"),  # reported ten days later
        _record("b", BY_OFFICE, "2026-03-13", "2026-03-11", place=None),  # no place to agree on
        _record("b", {"person:eva-berg", "person:luis-soto"}, "2026-03-13", "2026-03-11"),  # other people
        _record("b", {office_key("president", "Chile")}, "2026-03-13", "2026-03-11"),  # another office
        _record("a", MINISTERS, "2026-03-13", "2026-03-10"),  # the same article: two days, two meetings
    ],
    ids=["four-days", "reported-later", "no-place", "other-people", "other-office", "same-article"],
)
def test_what_keeps_another_day_another_event(second: MentionRecord) -> None:
    first = _record("a", MINISTERS, "2026-03-12", "2026-03-10")
    second.start = 200
    assert len(_cluster(first, second)) == 2


def test_the_sample_corpus_date_conflict_is_found_and_nothing_else(samples_db: Path) -> None:
    """samples/gold.json annotates one conflict: the Tessvik Herald puts the ministers' meeting
    on Thursday 12 March, Seluna Valley Today, citing the Herald, on Friday 13 March."""
    from storyline.store import Store
    from storyline.stories import list_stories, story_document

    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))["story"]["conflicts"]
    with Store(samples_db) as store:
        found = [
            c
            for story in list_stories(store)
            for c in story_document(store, story["id"])["conflicts"]
            if c["kind"] == "conflict"
        ]
    assert len(found) == len(gold), [(c["name"], c["field"]) for c in found]
    for want in gold:
        values = {claim["value"] for claim in want["claims"]}
        match = [
            c for c in found if c["field"] == want["field"] and {r["value"] for r in c["reports"]} == values
        ]
        assert match, want["event"]
        for claim in want["claims"]:
            side = next(r for r in match[0]["reports"] if r["value"] == claim["value"])
            assert claim["text"] in side["text"]
        assert match[0]["relayed_by"] == "Seluna Valley Today"


def test_a_country_takes_part_through_its_leader() -> None:
    """ "the summit with Chile" is the summit of Chile's president: the country stands for the
    event's people whose titles name it, and only for them."""
    summit = _record("a", {"person:luis-soto", "person:eva-berg"}, "2026-03-20", "2026-03-10")
    summit.type = summit.text = "summit"
    with_chile = _record("b", {"org:chile"}, "2026-03-20", "2026-03-12")
    with_chile.type = with_chile.text = "summit"
    assert _cluster(summit, with_chile) == [["a", "b"]]
    assert with_chile.participants == frozenset({"person:luis-soto"})
    with_peru = _record("c", {"org:peru"}, "2026-03-20", "2026-03-12")
    with_peru.type = with_peru.text = "summit"
    summit_again = _record("a", {"person:luis-soto", "person:eva-berg"}, "2026-03-20", "2026-03-10")
    summit_again.type = summit_again.text = "summit"
    assert len(_cluster(summit_again, with_peru)) == 2


def _acting(article: str, country: str) -> MentionRecord:
    """ "<country> called off the summit" in another paper: no person, place or date."""
    record = _record(article, {f"place:{country}"}, "", "2026-03-16", place=None)
    record.time_value, record.type, record.text, record.status = None, "summit", "summit", "cancelled"
    return record


def test_a_country_acting_is_its_leader_and_meets_his_events_by_his_title() -> None:
    """ "Chile called off the summit": the summit of Chile's president, found through the words
    of his title ("chilean president": ``held_words``, as ``mention_records`` sets them)."""
    summit = _record("a", {"person:luis-soto", "person:eva-berg"}, "2026-03-20", "2026-03-10")
    summit.type = summit.text = "summit"
    assert len(_cluster(summit, _acting("b", "chile"))) == 2  # no shared block: never compared
    summit.held_words = frozenset({"chilean", "kenyan"})
    acting = _acting("b", "chile")
    assert _cluster(summit, acting) == [["a", "b"]]
    assert acting.participants == frozenset({"person:luis-soto"})
    summit.participants = frozenset({"person:luis-soto", "person:eva-berg"})
    both = _acting("c", "chile")
    both.participants = frozenset({"place:chile", "place:peru"})
    assert len(_cluster(summit, both)) == 2  # Chile has its president here, Peru no one


def test_their_meeting_said_of_the_ministers_is_the_ministers_meeting() -> None:
    """ "the ministers spent most of their meeting last week": of two meetings that week, the one
    whose people hold the office, not one whose people no one named (a meeting of residents)."""
    ministers = _record("a", MINISTERS, "2026-03-12", "2026-03-10")
    residents = _record("b", set(), "2026-03-10", "2026-03-09", place=None)  # the older event
    residents.start = 300
    theirs = _record("c", {office_key("minister", "")}, "2026-W11", "2026-03-16", place=None)
    assert _cluster(ministers, residents, theirs) == [["a", "c"], ["b"]]


def test_people_holding_the_offices_an_event_was_named_by_join_it() -> None:
    """ "the foreign ministers will meet in Geneva on Friday", then the two ministers by name."""
    by_office = _record("a", BY_OFFICE, "2026-03-13", "2026-03-10")
    by_name = _record("b", MINISTERS, "2026-03-13", "2026-03-11")
    assert _cluster(by_office, by_name) == [["a", "b"]]
    by_office = _record("a", BY_OFFICE, "2026-03-13", "2026-03-10")
    leaders = _record("b", {"person:eva-berg", "person:luis-soto"}, "2026-03-13", "2026-03-11")
    assert len(_cluster(by_office, leaders)) == 2


def test_an_event_known_by_offices_is_found_by_the_office_holders() -> None:
    """ "the foreign ministers would meet in the coming days" (no place, no date), then the two
    ministers by name in another paper: the office's block brings them together."""
    by_office = _record("a", BY_OFFICE, "", "2026-03-03", place=None)
    by_office.time_value = None
    by_name = _record("b", MINISTERS, "2026-03-12", "2026-03-04", place=None)
    assert len(_cluster(by_office, by_name)) == 2  # no shared block: never compared
    by_name = _record("b", MINISTERS, "2026-03-12", "2026-03-04", place=None)
    by_name.held_offices = frozenset({"minister"})  # from their titles (``mention_records``)
    assert _cluster(by_office, by_name) == [["a", "b"]]


def test_the_definite_mention_takes_the_people_its_article_named_it_with() -> None:
    """ "Reyd said on Tuesday that Lenk agreed to meet him before the summit": reported on the
    quote's day, before the article's "March 20 summit with Dravic", it is still that summit."""
    from storyline.resolve.event_store import _name_the_definite

    text = "Korsun will go to the March 20 summit with Dravic. Lenk will meet Reyd before the summit."
    named = _record("a", {"person:dravic"}, "2026-03-20", "2026-03-04")
    named.type = named.text = "summit"
    named.start = text.index("summit")
    bare = _record("a", set(), "", "2026-03-03", place=None)
    bare.type, bare.text, bare.time_value = "summit", "summit", None
    bare.start = text.rindex("summit")
    other = _record("a", set(), "", "2026-03-03", place=None)
    other.time_value = None
    other.start = text.index("meet")  # "a meeting" is not named by the summit's people
    _name_the_definite([named, bare, other], {"a": text})
    assert bare.participants == {"person:dravic"} and not other.participants
