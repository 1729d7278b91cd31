"""Canonical events across the five seed articles (read at run time from ../shared/seeds):
ingested and analyzed as storyline does, then resolved across articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.api import ingest_paths
from storyline.resolve import export_events
from storyline.store import Store

pytestmark = pytest.mark.model

Event = dict[str, Any]


@pytest.fixture(scope="module")
def events(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Event]:
    db = tmp_path_factory.mktemp("seed-events") / "seeds.db"
    with Store(db) as store:
        ingest_paths(store, [str(seeds_dir)])
        found = export_events(store)
    if not found:
        pytest.skip("no event mentions: the events analyzer is not in this build")
    return found


def _people(event: Event) -> set[str]:
    return {p.split(":", 1)[1].rsplit("-", 1)[-1] for p in event["participants"] if p.startswith("person:")}


def _statuses(event: Event) -> list[str]:
    return [h["status"] for h in event["history"]]


def _one(events: list[Event], what: str, where: Any) -> Event:
    found = [e for e in events if where(e)]
    assert found, f"no event: {what}"
    return max(found, key=lambda e: len(e["mentions"]))


def _find_all(events: list[Event]) -> dict[str, Event]:
    meeting_family = {"summit", "meeting", "talks"}
    return {
        "alaska": _one(
            events,
            "the Alaska summit",
            lambda e: e["type"] in meeting_family and (e["place"] or "") in ("Alaska", "Anchorage"),
        ),
        "budapest": _one(
            events, "the Budapest summit", lambda e: e["type"] in meeting_family and e["place"] == "Budapest"
        ),
        "call_oct16": _one(
            events, "the Trump-Putin call", lambda e: e["type"] == "call" and _people(e) >= {"trump", "putin"}
        ),
        "rubio_lavrov_call": _one(
            events,
            "the Rubio-Lavrov call",
            lambda e: e["type"] == "call" and _people(e) >= {"rubio", "lavrov"},
        ),
        "rubio_lavrov_meeting": _one(
            events,
            "the Rubio-Lavrov meeting",
            lambda e: e["type"] in meeting_family and _people(e) >= {"rubio", "lavrov"},
        ),
        "sanctions": _one(
            events,
            "the sanctions on Rosneft and Lukoil",
            lambda e: e["type"] == "sanction" and {"org:rosneft", "org:lukoil"} <= set(e["participants"]),
        ),
        "putin_zelensky": _one(
            events,
            "a Putin-Zelensky meeting",
            lambda e: e["type"] in meeting_family and _people(e) >= {"putin", "zelenski"},
        ),
    }


def test_seed_events_are_found_and_none_merged_with_another(events: list[Event]) -> None:
    found = _find_all(events)
    ids = [e["id"] for e in found.values()]
    assert len(set(ids)) == len(ids), {k: e["id"] for k, e in found.items()}


def test_alaska_summit_held(events: list[Event]) -> None:
    alaska = _find_all(events)["alaska"]
    assert alaska["status"] == "held" and set(_statuses(alaska)) == {"held"}
    assert _people(alaska) >= {"trump", "putin"}  # "their Alaska summit": Trump and "the Russian leader"
    assert alaska["articles"] >= 2  # reported by more than one seed


def test_budapest_summit_planned_then_called_off_with_the_disputes(events: list[Event]) -> None:
    budapest = _find_all(events)["budapest"]
    assert _people(budapest) >= {"trump", "putin"}
    statuses = _statuses(budapest)
    assert "planned" in statuses and ("cancelled" in statuses or "postponed" in statuses)
    texts = " ".join(h["text"] for h in budapest["history"])
    assert "not completely off the table" in texts
    assert "misleading" in texts
    assert budapest["articles"] >= 3


def test_calls_held_and_rubio_lavrov_meeting_postponed(events: list[Event]) -> None:
    found = _find_all(events)
    assert found["call_oct16"]["status"] == "held"
    assert found["rubio_lavrov_call"]["status"] == "held"
    assert "postponed" in _statuses(found["rubio_lavrov_meeting"])


def test_sanctions_held_and_putin_zelensky_meeting_proposed_then_denied(events: list[Event]) -> None:
    found = _find_all(events)
    assert found["sanctions"]["status"] == "held"
    assert (found["sanctions"]["date"] or {}).get("value") == "2025-10-22"
    statuses = _statuses(found["putin_zelensky"])
    assert "proposed" in statuses and "denied" in statuses


def test_undated_seeds_events_dated_from_the_dated_seed(events: list[Event]) -> None:
    """One seed states its day; the others write "in August" and "October 16" with no year. The
    year nearest the dated seed's reports of the same events dates them: the Alaska summit in
    August 2025, the Trump-Putin call on October 16, the Rubio-Lavrov call on October 20."""
    found = _find_all(events)
    assert (found["alaska"]["date"] or {}).get("value") == "2025-08"
    assert (found["call_oct16"]["date"] or {}).get("value") == "2025-10-16"
    assert (found["rubio_lavrov_call"]["date"] or {}).get("value") == "2025-10-20"


def test_sample_corpus_summit_announced_postponed_cancelled(
    samples_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The invented sample story (samples/README.md): the Port Callis summit was announced,
    postponed, then cancelled; one canonical event keeps each step with its source."""
    db = tmp_path_factory.mktemp("sample-events") / "samples.db"
    with Store(db) as store:
        ingest_paths(store, [str(samples_dir)])
        found = export_events(store, event_type="summit") + export_events(store, event_type="meeting")
    if not found:
        pytest.skip("no event mentions: the events analyzer is not in this build")
    summit = max(found, key=lambda e: len(e["mentions"]))
    assert summit["place"] == "Port Callis"
    assert {"dravic", "korsun"} <= _people(summit)
    statuses = _statuses(summit)
    assert {"planned", "postponed", "cancelled"} <= set(statuses)
    cancelled = [h for h in summit["history"] if h["status"] == "cancelled"]
    assert cancelled[0]["reported"] == "2026-03-31" and cancelled[0]["said_by"]
    assert all(h["said_by"] for h in summit["history"])
    # the wire copy of the first article is a duplicate: not a second report
    reports = [(h["start"], h["status"], h["text"]) for h in summit["history"]]
    assert len(set(reports)) == len(reports)
    assert summit["articles"] >= 4
