"""Event mentions and their reported status, one rule at a time, on sentences we invented."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_text

pytestmark = pytest.mark.model

Item = dict[str, Any]


def _events(text: str, published: str = "2026-05-06") -> list[Item]:
    events: list[Item] = analyze_text(text, published=published).result_dicts()["events"]
    return events


def _one(text: str, trigger: str, published: str = "2026-05-06") -> Item:
    found = [e for e in _events(text, published) if e["text"] == trigger]
    assert found, f"no event mention {trigger!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        # strong cues: what was done to the event
        ("The summit between Ortan and Velis has been put off until June.", "summit", "postponed"),
        ("Officials said the planned preparatory session has been postponed.", "session", "postponed"),
        ("The Ministry called off the meeting with the rebels on Tuesday.", "meeting", "cancelled"),
        ("Organizers scrapped the trade summit after the storm.", "summit", "cancelled"),
        ("She blamed Tessaly for the postponement of the border talks.", "talks", "postponed"),
        # planned: future, schedule, agreement to hold
        ("Mayor Maria Ortega and Governor John Hale will meet in the coming days.", "meet", "planned"),
        ("A meeting of the two ministers is scheduled for next Friday.", "meeting", "planned"),
        ("Ortega said she and Hale had agreed to hold a summit in Geneva.", "summit", "planned"),
        ("Hale is expected to visit Geneva next month.", "visit", "planned"),
        ("Preparations for the summit are under way.", "summit", "planned"),
        # proposed: offers, possibility, tentative modals
        ("Ortega proposed a meeting with the union leaders.", "meeting", "proposed"),
        ("Hale and Ortega could meet before the end of the year.", "meet", "proposed"),
        ("Geneva offered to host talks between the two sides.", "talks", "proposed"),
        ("Hale said he would only meet Ortega if the strike ended.", "meet", "proposed"),
        # held: past tense, perfect, prepositions placing it in the past
        ("Ortega met Hale in Geneva on Monday.", "met", "held"),
        ("The two ministers have talked with each other twice.", "talked", "held"),
        ("Nothing has changed since the Geneva summit in March.", "summit", "held"),
        ("After the meeting, Ortega flew home.", "meeting", "held"),
        # ongoing
        ("The negotiations are continuing in Geneva.", "negotiations", "ongoing"),
        ("Rescuers are searching for survivors while the fire is burning.", "fire", "ongoing"),
        # denied: reported as not planned or not happening
        ("No meeting is scheduled between Ortega and Hale.", "meeting", "denied"),
        ("There are currently no plans for the two leaders to meet.", "meet", "denied"),
        ("Ortega and Hale will not meet this week.", "meet", "denied"),
        # still possible: a negated cancellation
        ("A spokeswoman said the summit is not completely off the table.", "summit", "proposed"),
        # a clause on the mention: its last coordinated cue is the latest turn
        (
            "The summit that was announced in May, postponed in June and cancelled in July is gone.",
            "summit",
            "cancelled",
        ),
        ("Brevia said no to a meeting with the rebels.", "meeting", "denied"),
        ('Both sides had "not said no" to a new meeting.', "meeting", "proposed"),
        ("Arrangements were being made for a meeting of the two ministers.", "meeting", "planned"),
        ("The council invited both ministers to visit after the summit.", "summit", "planned"),
        ("Few voters expect the summit to solve anything.", "summit", "held"),
        ("Most voters do not expect the summit to solve anything.", "summit", "held"),
        # a condition: spoken of as a possibility, not reported as held
        ("Brevia would go to arbitration if the summit failed.", "summit", "proposed"),
        ("The talks resume on Monday unless the ceasefire collapses.", "ceasefire", "proposed"),
    ],
)
def test_status_rule(text: str, trigger: str, status: str) -> None:
    assert _one(text, trigger)["status"] == status


def test_a_condition_states_no_status() -> None:
    assert _one("Brevia would go to arbitration if the summit failed.", "summit")["status_cue"] is None


def test_negated_cancellation_keeps_the_cue_and_flags_negation() -> None:
    event = _one("A spokeswoman said the summit is not completely off the table.", "summit")
    assert event["negated"] is True
    assert "off" in (event["status_cue"] or "") and "not" in (event["status_cue"] or "")


@pytest.mark.parametrize(
    "text",
    [
        "Velis said that calling the summit cancelled would be misleading, since no date was set.",
        "Velis said that describing the summit as cancelled would be wrong.",
    ],
)
def test_disputed_cancellation_is_not_a_cancellation(text: str) -> None:
    event = _one(text, "summit")
    assert event["disputed"] is True
    assert event["status"] != "cancelled"


def test_denied_meeting_is_negated() -> None:
    event = _one("No meeting is scheduled between Ortega and Hale.", "meeting")
    assert event["negated"] is True and event["status"] == "denied"


def test_non_events_are_not_mentions() -> None:
    events = _events(
        "The union called for calm. The delegates gathered in the meeting room. "
        "The dam does not meet the minimum standards."
    )
    assert [e["text"] for e in events] == []


def test_types_of_common_news_events() -> None:
    text = (
        "An earthquake struck the coast on Sunday. Police arrested two men after the shooting. "
        "The minister resigned on Monday, and Parliament imposed sanctions on Brevia. "
        "Workers staged a hunger strike."
    )
    types = {e["text"]: e["type"] for e in _events(text)}
    assert types["earthquake"] == "disaster"
    assert types["arrested"] == "arrest"
    assert types["shooting"] == "attack"
    assert types["resigned"] == "resignation"
    assert types["sanctions"] == "sanction"
    assert types["strike"] == "protest"
    assert "struck" not in types  # the quake is the mention, "struck" says it happened


def test_participants_place_and_time() -> None:
    text = "Mayor Maria Ortega will meet Governor John Hale in Geneva on May 12."
    event = _one(text, "meet")
    names = {p["name"] for p in event["participants"]}
    assert {"Maria Ortega", "John Hale"} <= names
    assert event["place"] is not None and event["place"]["text"] == "Geneva"
    assert event["time"] is not None and event["time"]["value"] == "2026-05-12"
    assert event["time"]["granularity"] == "day"
    start, end = event["sentence"]["start"], event["sentence"]["end"]
    assert text[start:end].startswith("Mayor Maria Ortega")


def test_the_two_leaders_are_not_the_ministers_named_last() -> None:
    text = (
        "Chancellor Ines Varga will host President Omar Delic in Tirlo next month. "
        "Foreign Minister Rui Salas said his counterpart Lena Ostrova had agreed to meet him. "
        "The visit will be the first meeting between the two leaders since 2019."
    )
    names = {p["name"] for p in _one(text, "meeting")["participants"]}
    assert names == {"Ines Varga", "Omar Delic"}


def test_the_two_leaders_are_the_people_named_before() -> None:
    text = (
        "Maria Ortega and John Hale spoke by phone on Monday. "
        "Officials said the two leaders would meet in Geneva next week."
    )
    event = _one(text, "meet")
    assert {p["name"] for p in event["participants"]} >= {"Maria Ortega", "John Hale"}
    assert event["status"] == "planned"
    call = _one(text, "spoke")
    assert call["type"] == "call" and call["status"] == "held"


def test_an_infinitive_after_an_object_is_done_by_the_indirect_object() -> None:
    # who meets is whom the delay gives time, not the delay nor the speaker
    text = "Governor John Hale said the delay would give the negotiators time to meet again."
    names = {p["name"] for p in _one(text, "meet")["participants"]}
    assert names == {"negotiators"}
    # no indirect object: nothing taken from the verb's objects
    text = "The delay gives Mayor Maria Ortega's team time to meet Governor John Hale."
    names = {p["name"] for p in _one(text, "meet")["participants"]}
    assert "John Hale" in names


def test_nominal_mention_with_a_place_modifier() -> None:
    event = _one("Hale praised the agreements reached at the Geneva summit.", "summit")
    assert event["type"] == "summit"
    assert event["place"] is not None and event["place"]["text"] == "Geneva"


def test_asserted_by_speaker_inside_a_quote_else_outlet() -> None:
    text = (
        '"The meeting has been postponed," Governor John Hale said on Tuesday. '
        "Ortega visited Geneva on Monday."
    )
    postponed = _one(text, "meeting")
    assert postponed["status"] == "postponed"
    assert postponed["asserted_by"]["kind"] == "speaker"
    assert postponed["asserted_by"]["name"] == "John Hale"
    assert postponed["asserted_by"]["quote_index"] is not None
    visit = _one(text, "visited")
    assert visit["asserted_by"]["kind"] == "outlet"
    assert visit["asserted_by"]["quote_index"] is None


def test_a_dated_mention_after_the_article_is_planned() -> None:
    event = _one("The summit on May 20 is the first since 2019.", "summit", published="2026-05-06")
    assert event["status"] == "planned"


def test_each_coordinated_verb_takes_its_own_time() -> None:
    text = "Experts met in Geneva on Monday and will meet again next week."
    met, meet = _one(text, "met"), _one(text, "meet")
    assert met["status"] == "held" and met["time"]["value"] == "2026-05-04"
    assert meet["status"] == "planned" and meet["time"]["value"] == "2026-W20"


# -- whole-article rules: title lines, time attachment, generic mentions ----------------------------


def test_title_line_is_its_own_sentence() -> None:
    """A title without a final period is not parsed into the first body sentence: its mention gets
    the title's own status and its sentence stops at the line break."""
    text = (
        "Harbour board scraps Velmont ferry summit with Ostrava\n\n"
        "The board said on Monday that it would review the port fees in June."
    )
    title = [e for e in _events(text) if e["text"] == "summit"]
    assert title, _events(text)
    event = title[0]
    assert event["status"] == "cancelled"
    assert event["sentence"] == {"start": 0, "end": text.index("\n")}
    assert event["asserted_by"]["kind"] == "outlet"


def test_sentence_spans_never_cross_a_paragraph_break() -> None:
    text = "Ortega and Hale met in Geneva on Monday\n\nThe two leaders will meet again in May."
    for event in _events(text):
        sentence = text[event["sentence"]["start"] : event["sentence"]["end"]]
        assert "\n" not in sentence, event
    held = _one(text, "met")
    assert held["status"] == "held"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a year naming another noun's date
        ("Unions want the summit to reopen the 2017 charter on wages.", "summit"),
        ("The talks will also review its 2018 decision to close the mine.", "talks"),
        # a period's edge, not the event's date
        ("The dispute has stalled every round of talks since 2019.", "talks"),
        # the date of the postponing, not of the summit
        ("The summit was postponed on Tuesday after a storm.", "summit"),
    ],
)
def test_times_of_other_words_are_not_linked(text: str, trigger: str) -> None:
    event = _one(text, trigger)
    assert event["time"] is None, event["time"]


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        ("The summit has been postponed to June 12, 2026.", "summit", "2026-06-12"),
        ("The summit is now scheduled for June 12, 2026.", "summit", "2026-06-12"),
        ("Ortega will meet Hale in Geneva on June 12, 2026.", "meet", "2026-06-12"),
        ("Ortega will attend the June 12, 2026 summit with Hale.", "summit", "2026-06-12"),
    ],
)
def test_times_attached_to_the_trigger_are_linked(text: str, trigger: str, value: str) -> None:
    event = _one(text, trigger)
    assert event["time"] is not None and event["time"]["value"] == value, event["time"]


def test_a_long_past_year_on_a_planned_mention_is_dropped() -> None:
    event = _one("The two leaders agreed in 2015 to hold a summit.", "summit", published="2026-05-06")
    assert event["status"] == "planned"
    assert event["time"] is None


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("We went to every round of talks and signed nothing.", "talks"),
        ("Each summit ends with the same promises.", "summit"),
        ("The two delegations have met 14 times since the quarrel began.", "met"),
        ("Fishermen do not wait for summits.", "summits"),
        ("The summit that was announced in April has been called off.", "announced"),
        ("The ministry announced the postponement of the talks on Friday.", "announced"),
        ("Union leaders welcomed the announcement.", "announcement"),
    ],
)
def test_generic_and_reporting_mentions_are_marked(text: str, trigger: str) -> None:
    assert _one(text, trigger).get("generic") is True


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Ortega met Hale in Geneva on Monday.", "met"),
        ("The summit between Ortega and Hale has been called off.", "summit"),
        ("The 12th round of talks ended without a deal.", "talks"),
        ("Talks between the unions and the ministry continued on Friday.", "Talks"),
        ("The ministry announced new sanctions on Velmont Oil.", "sanctions"),
        ("The ministry made an announcement on Friday.", "announcement"),
    ],
)
def test_specific_mentions_are_not_generic(text: str, trigger: str) -> None:
    assert not _one(text, trigger).get("generic"), _one(text, trigger)


def test_an_announcement_of_a_reported_turn_is_marked() -> None:
    text = "On Monday the mayor announced that she had cancelled the harbour summit."
    assert _one(text, "announced").get("generic") is True
    assert _one(text, "summit")["status"] == "cancelled"
    assert not _one("The mayor announced on Monday that taxes would rise.", "announced").get("generic")


def test_a_participant_name_stays_on_its_line() -> None:
    """A name the parse ran from a title into the body ("Ostrava\\n\\nThe") is kept to its line."""
    from storyline.analyze.events._args import MentionIndex

    index = MentionIndex([{"start": 10, "end": 22, "text": "Ostrava\n\nThe", "name": "Ostrava\n\nThe"}])
    mention = index.at_offset(12)
    assert mention is not None and mention["name"] == "Ostrava" and mention["end"] == 17
    assert index.at_offset(20) is None


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        (
            "Ortega will visit Havana on May 30, officials said on Friday, "
            "the first visit by a Velmont leader since the border war ended.",
            "visit",
            "planned",
        ),
        (
            "Ortega and Hale will meet in Geneva on May 30, the ministry said, "
            "the first summit between the two since a quarrel over the harbour began.",
            "summit",
            "planned",
        ),
        (
            "The two ministers met in Geneva on Monday, the first meeting between them since 2019.",
            "meeting",
            "held",
        ),
    ],
)
def test_an_appended_description_takes_the_status_of_the_event_it_describes(
    text: str, trigger: str, status: str
) -> None:
    found = [e for e in _events(text) if e["text"] == trigger]
    assert found[-1]["status"] == status, found[-1]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The guard was shot three times outside the depot on Monday.", "shot"),
        ("Protests and riots have spread across the province.", "Protests"),
        ("Attacks on the pipeline escalate as talks stall.", "Attacks"),
        ("The striker is out for playoffs after the injury last week.", "injury"),
    ],
)
def test_counted_blows_and_reported_plurals_are_specific(text: str, trigger: str) -> None:
    assert not _one(text, trigger).get("generic"), _one(text, trigger)


@pytest.mark.parametrize(
    ("text", "trigger", "kind"),
    [
        ("The gunman fled the scene before the police arrived.", "fled", "escape"),
        ("Two prisoners were executed at dawn.", "executed", "killing"),
        ("Police handcuffed the suspect outside the bank.", "handcuffed", "arrest"),
        ("The club hired a new coach on Monday.", "hired", "appointment"),
        ("A car bomb exploded near the market.", "exploded", "attack"),
        ("The appeals court overturned the conviction.", "overturned", "verdict"),
        ("The stabbing happened near the station.", "stabbing", "attack"),
        ("Rescuers searched the site of the accident.", "accident", "disaster"),
    ],
)
def test_general_news_event_words(text: str, trigger: str, kind: str) -> None:
    assert _one(text, trigger)["type"] == kind


def test_executed_and_captured_things_are_not_events() -> None:
    texts = {e["text"] for e in _events("The team executed the plan and captured the title.")}
    assert not texts & {"executed", "captured"}


def test_a_title_is_parsed_alone_only_when_a_word_of_it_can_be_a_trigger() -> None:
    """``may_be_trigger`` lets the analyzer skip parsing a title none of whose words can be a
    trigger under any parse: every word the parse of the sample corpus gives a trigger's lemma
    passes it, as do inflected and capitalized forms; words no lemma links to the lexicon do not."""
    from pathlib import Path

    from storyline.analyze.events import _TRIGGER_LEMMAS, may_be_trigger
    from storyline.analyze.nlp import get_nlp

    for word in ("summit", "Summits", "met", "meetings", "talks", "calls", "ATTACKED"):
        assert may_be_trigger(word), word
    for word in ("Palace", "the", "Marasta", "postponed", "off", "with"):
        assert not may_be_trigger(word), word
    corpus = Path(__file__).resolve().parent.parent / "samples/corpus"
    found = 0
    for path in sorted(corpus.glob("*.txt")):
        for token in get_nlp()(path.read_text(encoding="utf-8")):
            if token.lemma_.lower() in _TRIGGER_LEMMAS:
                found += 1
                assert may_be_trigger(token.text), (token.text, token.lemma_, token.pos_)
    assert found > 50


def test_an_attitude_someone_quotes_is_asserted_by_the_one_quoting_it() -> None:
    text = "Mayor Maria Ortega said on Tuesday that Governor John Hale had agreed to meet her in Geneva."
    assert _one(text, "meet")["asserted_by"]["name"] == "Maria Ortega"
    text = "Governor John Hale agreed to meet Mayor Maria Ortega in Geneva."
    assert _one(text, "meet")["asserted_by"]["name"] == "John Hale"


def test_a_thing_called_off_is_not_what_someone_said() -> None:
    text = "Talks resumed on Wednesday, a day after Tessaly called off the summit with Ortan."
    quotes = analyze_text(text, published="2026-05-06").result_dicts()["quotes"]
    assert not [q for q in quotes if (q.get("cue") or {}).get("text") == "called"]
    assert _one(text, "summit")["asserted_by"]["kind"] == "outlet"
