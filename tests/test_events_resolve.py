"""Canonical events across articles, on hand-built mentions (invented, not from any article)."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.resolve._event_places import places_compatible
from storyline.resolve.events import (
    MentionRecord,
    date_interval,
    dates_compatible,
    resolve_event_mentions,
)
from storyline.store.events import EventOverride


def mention(
    article: str,
    start: int,
    event_type: str = "summit",
    participants: tuple[str, ...] = ("person:ana-lind", "person:omar-falk"),
    place: str | None = None,
    time: str | None = None,
    status: str = "planned",
    reported: str | None = "2031-03-02",
    said_by: str | None = "Daily Gazette",
) -> MentionRecord:
    return MentionRecord(
        article=article,
        start=start,
        end=start + 6,
        text=event_type,
        type=event_type,
        participants=frozenset(participants),
        participant_names={p: p.split(":")[1] for p in participants},
        place=place,
        time_value=time,
        granularity=None,
        status=status,
        reported=reported,
        said_by=said_by,
        sentence=f"A sentence about the {event_type}.",
    )


def test_dates_compatible_at_their_granularity() -> None:
    assert dates_compatible("2031-08", "2031-08-15")
    assert dates_compatible("2025-10-16", "2025-W42")
    assert not dates_compatible("2025-10-16", "2025-W44")
    assert not dates_compatible("2031-08-14", "2031-08-15")
    assert dates_compatible("PRESENT_REF", "2031-08-15")  # no known date fits any date
    assert date_interval("2031-Q3") is not None


def test_places_contain_each_other() -> None:
    assert places_compatible("Anchorage", "Alaska")
    assert places_compatible("Budapest", "Hungary")
    assert not places_compatible("Budapest", "Alaska")
    assert places_compatible(None, "Alaska")


def test_merges_by_participants_and_date_with_a_reason() -> None:
    events = resolve_event_mentions(
        [
            mention("a1", 10, time="2031-08"),
            mention(
                "a2",
                40,
                "meeting",
                time="2031-08-15",
                place="Anchorage",
                status="held",
                reported="2031-08-16",
            ),
            mention(
                "a3",
                5,
                "talks",
                participants=("person:omar-falk",),
                place="Alaska",
                status="held",
                reported="2031-08-17",
            ),
        ]
    )
    assert len(events) == 1
    data = events[0].to_dict()
    assert data["place"] == "Anchorage"
    assert data["date"] == {"value": "2031-08-15", "granularity": None}
    assert data["status"] == "held"
    assert [h["status"] for h in data["history"]] == ["planned", "held", "held"]
    assert all("type" in m["reason"] for m in data["merges"]) and len(data["merges"]) == 2


def test_different_dates_places_participants_or_families_stay_apart() -> None:
    events = resolve_event_mentions(
        [
            mention("a1", 10, time="2031-08-15", place="Anchorage"),
            mention("a2", 10, time="2031-10-16"),  # another day
            mention("a3", 10, time="2031-08-15", place="Budapest"),  # another place
            mention("a4", 10, participants=("person:omar-falk", "person:ivo-sand")),  # other pair
            mention("a5", 10, "call", time="2031-08-15"),  # a call is not a summit
        ]
    )
    assert len(events) == 5


def test_same_day_disagreement_is_disputed_and_latest_report_decides() -> None:
    events = resolve_event_mentions(
        [
            mention("a1", 1, status="planned", reported="2031-03-01"),
            mention("a2", 1, status="cancelled", reported="2031-03-05", said_by="Bay Herald"),
            mention("a3", 1, status="proposed", reported="2031-03-05", said_by="a spokesman"),
            mention("a4", 1, status="cancelled", reported="2031-03-05"),
        ]
    )
    data = events[0].to_dict()
    assert data["status"] == "cancelled"
    disputed = [h["disputed"] for h in data["history"]]
    assert disputed == [False, True, True, True]


def test_ids_are_stable_and_overrides_survive_re_resolution() -> None:
    mentions = [
        mention("a1", 10, time="2031-08"),
        mention("a2", 40, time="2031-08-15"),
        mention("b1", 7, "meeting", participants=("person:ivo-sand",)),
    ]
    first = resolve_event_mentions(mentions)
    again = resolve_event_mentions(list(reversed(mentions)))
    assert sorted(e.id for e in first) == sorted(e.id for e in again)
    overrides = [
        EventOverride(1, "split", "a2:40", None, "now"),
        EventOverride(2, "merge", "a1:10", "b1:7", "now"),
    ]
    resolved = resolve_event_mentions(mentions, overrides)
    owner = {m.ref: e.id for e in resolved for m in e.mentions}
    assert owner["a1:10"] == owner["b1:7"] != owner["a2:40"]
    # A new article arrives: the overrides still hold, the ids of old events do not move.
    more = [*mentions, mention("c1", 3, time="2031-08-15")]
    after = resolve_event_mentions(more, overrides)
    owner_after = {m.ref: e.id for e in after for m in e.mentions}
    assert owner_after["a1:10"] == owner_after["b1:7"] == owner["a1:10"]
    assert owner_after["a2:40"] == owner["a2:40"]


def test_a_postponed_event_keeps_its_identity_under_a_new_date() -> None:
    events = resolve_event_mentions(
        [
            mention("a1", 10, time="2031-03-20", status="planned", reported="2031-03-02"),
            mention("a2", 10, time="2031-04-03", status="postponed", reported="2031-03-16"),
            mention("a3", 10, time="2031-04-03", status="cancelled", reported="2031-03-31"),
            # the same two people on another day, never put off: another event
            mention("a4", 10, "call", time="2031-03-20", status="held", reported="2031-03-20"),
            mention("a5", 10, "call", time="2031-03-24", status="held", reported="2031-03-24"),
        ]
    )
    summit = next(e.to_dict() for e in events if e.mentions[0].type == "summit")
    assert [h["status"] for h in summit["history"]] == ["planned", "postponed", "cancelled"]
    assert summit["date"]["value"] == "2031-04-03" and summit["status"] == "cancelled"
    assert len(events) == 3


def test_the_learned_pair_scorer_gates_on_the_trigger_and_weighs_the_context() -> None:
    from storyline.resolve._event_pair_weights import EMBED_GATE, EMBED_TREES, THRESHOLD, WEIGHTS
    from storyline.resolve._event_pairs import (
        EMBED_MODEL,
        FEATURES,
        LEXICAL_FEATURES,
        PairEvidence,
        pair_probability,
    )

    assert len(WEIGHTS) == len(LEXICAL_FEATURES)
    assert EMBED_TREES and EMBED_MODEL.features <= len(FEATURES)
    assert 0.0 < THRESHOLD < 1.0
    # Without embeddings, triggers sharing neither a word nor a family are never one event,
    # whatever the context; with them, only when their in-context vectors are close.
    assert pair_probability(PairEvidence(False, False, 0.9, document_similarity=0.9)) == 0.0
    far = PairEvidence(False, False, 0.9, document_similarity=0.9, word_cosine=EMBED_GATE - 0.05)
    assert pair_probability(far) == 0.0
    if EMBED_GATE <= 1.0:
        near = PairEvidence(False, False, 0.9, document_similarity=0.9, word_cosine=EMBED_GATE + 0.01)
        assert pair_probability(near) > 0.0

    def score(**context: float) -> float:
        evidence = {"document_similarity": 0.6, "salience": 0.5, **context}
        return pair_probability(PairEvidence(True, False, **evidence))  # type: ignore[arg-type]

    plain = score()
    # Shared dependency arguments ("the quake killed ..."/"... killed in the quake") raise it;
    # a word used for events in every document cluster ("say") lowers it.
    assert score(argument_overlap=1.0) > plain
    assert score(generic=0.8) < plain
    # One sentence rarely mentions one event twice.
    assert score(same_sentence=True) < plain


def test_boosted_trees_add_one_leaf_per_tree_to_the_baseline() -> None:
    import numpy as np

    from storyline.resolve._event_pairs import BoostedTrees

    # tree 1: feature 0 at most 0.5 -> -1, else 2; tree 2: a single leaf, 0.5
    trees = BoostedTrees(0.25, ["0,0.5,1,2,0;-1,0,0,0,-1;-1,0,0,0,2", "-1,0,0,0,0.5"])
    rows = np.array([[0.5, 9.0], [0.7, 0.0]])
    assert trees.margin(rows).tolist() == [-0.25, 2.75]
    assert trees.probability(rows)[1] == pytest.approx(1 / (1 + np.exp(-2.75)))


def test_one_sentence_naming_the_event_twice_is_one_report() -> None:
    from storyline.resolve.events import status_history

    twice = [mention("a1", 10), mention("a1", 40)]  # one sentence, one status, one source
    assert len(status_history(twice)) == 1
    # Another status, source or sentence in that article is another report.
    other = mention("a1", 70, status="postponed")
    elsewhere = mention("a2", 10)
    assert len(status_history([*twice, other, elsewhere])) == 3


def test_a_postponement_keeps_the_event_whole_when_later_reports_name_only_its_new_date() -> None:
    """The new date is a status change of the event, not a new event: a postponement report
    naming only the place, and later reports naming only the new date (or an article that
    states no year), stay with the event; a report of another day that was never rescheduled
    to does not."""
    nobody: tuple[str, ...] = ()
    events = resolve_event_mentions(
        [
            mention("a1", 10, place="Port Vell", time="2031-03-20", reported="2031-03-02"),
            mention("a2", 10, time="XXXX-04-03", status="postponed", reported=None),
            # "Korsun blamed Valdoria for the postponement of the Port Vell summit" (no one named
            # as a party; its date is the day of the blaming)
            mention(
                "a3",
                10,
                participants=nobody,
                place="Port Vell",
                time="2031-03-17",
                status="postponed",
                reported="2031-03-18",
            ),
            mention(
                "a3", 300, participants=nobody, time="2031-04-03", reported="2031-03-18"
            ),  # "now scheduled for April 3"
            mention("a4", 10, time="2031-04-03", status="cancelled", reported="2031-03-31"),
            # a summit of nobody named on a day the event never had: another event
            mention("a5", 10, participants=nobody, time="2031-04-10", reported="2031-04-09"),
        ]
    )
    owner = {m.ref: e for e in events for m in e.mentions}
    summit = owner["a1:10"]
    assert all(owner[ref] is summit for ref in ("a2:10", "a3:10", "a3:300", "a4:10"))
    assert owner["a5:10"] is not summit
    history = summit.to_dict()["history"]
    assert [h["status"] for h in history] == ["postponed", "planned", "postponed", "planned", "cancelled"]
    assert [h["reported"] for h in history][1:] == ["2031-03-02", "2031-03-18", "2031-03-18", "2031-03-31"]
    assert all(h["said_by"] for h in history)


def test_a_status_no_word_states_does_not_overrule_one_a_word_states() -> None:
    from storyline.resolve.events import current_status

    def report(status: str, day: str, cue: str | None) -> dict[str, object]:
        return {"status": status, "reported": day, "cue": cue}

    called_off = report("cancelled", "2031-03-31", "had called off")
    in_passing = report("held", "2031-03-31", None)  # "the conditions for a useful meeting ..."
    later_in_passing = report("held", "2031-04-06", None)
    planned = report("planned", "2031-03-02", "will")
    assert current_status([planned, called_off, in_passing]) == "cancelled"
    assert current_status([planned, called_off, later_in_passing]) == "cancelled"
    # With no stated status at all, the reports in passing still give one.
    assert current_status([in_passing, later_in_passing]) == "held"
    # A later stated status is the current one.
    assert current_status([called_off, report("planned", "2031-04-09", "would consider")]) == "planned"


def test_an_undated_reports_yearless_date_takes_the_year_of_the_dated_reports_around_it() -> None:
    from storyline.resolve.events import give_years, year_nearest

    assert year_nearest("XXXX-08", [dt.date(2031, 10, 26)]) == "2031-08"
    assert year_nearest("XXXX-01-05", [dt.date(2031, 12, 20)]) == "2032-01-05"
    assert year_nearest("2031-08", [dt.date(2031, 10, 26)]) is None  # its year is written
    # An undated article reports the Port Vell summit (dated elsewhere) and, "in August", a visit.
    summit_dated = mention("a1", 10, place="Port Vell", reported="2031-10-26")
    summit_undated = mention("a2", 10, place="Port Vell", reported=None)
    visit = mention("a2", 200, event_type="visit", time="XXXX-08", reported=None)
    alone = mention("a3", 10, event_type="visit", time="XXXX-08", reported=None)  # shares nothing
    records = [summit_dated, summit_undated, visit, alone]
    assert give_years(records, resolve_event_mentions(records)) == 1
    assert (visit.time_value, alone.time_value) == ("2031-08", "XXXX-08")


def test_a_report_joins_the_event_its_word_named_before_when_several_fit() -> None:
    """ "Palace calls off Port Alba summit with Marr" fits both the leaders' summit and the
    ministers' meeting that prepares it (same place; a country is no participant to compare).
    The ministers' meeting shares the country with it; the summit is what was called a summit."""
    events = resolve_event_mentions(
        [
            mention("a1", 10, "summit", place="Port Alba", time="2031-03-20", reported="2031-03-02"),
            mention(
                "a2",
                10,
                "meeting",
                participants=("person:kai-ober", "place:marr"),
                place="Port Alba",
                time="2031-03-13",
                reported="2031-03-05",
            ),
            mention(
                "a3",
                10,
                "summit",
                participants=("place:marr",),
                place="Port Alba",
                status="cancelled",
                reported="2031-03-31",
            ),
        ]
    )
    owner = {m.ref: e for e in events for m in e.mentions}
    assert owner["a3:10"] is owner["a1:10"]
    assert owner["a2:10"] is not owner["a1:10"]
    assert owner["a1:10"].to_dict()["status"] == "cancelled"
