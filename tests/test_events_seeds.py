"""Event mentions on the seed articles (read at run time from ../shared/seeds): the Trump–Putin
summit story as five outlets reported it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_article
from storyline.ingest.build import build_article
from storyline.ingest.readers import RawDocument, read_path

from .conftest import seed_path

pytestmark = pytest.mark.model

Item = dict[str, Any]


@cache
def _seed(prefix: str) -> tuple[str, tuple[Item, ...]]:
    """Clean text and event mentions of one seed, ingested as storyline ingests it (most seeds
    state no date, so a date may come out with an unknown year: ``XXXX-08``)."""
    for raw in read_path(seed_path(prefix)):
        if isinstance(raw, RawDocument):
            article = build_article(raw)
            if article is not None:
                return article.text, tuple(analyze_article(article).result_dicts()["events"])
    pytest.skip(f"seed {prefix} gave no article")


def _surnames(event: Item) -> set[str]:
    return {str(p["name"]).split()[-1] for p in event["participants"] if p.get("name")}


def _day_is(event: Item, month_day: str) -> bool:
    """The mention's date is this month and day (the seeds state no year: ingest may not know it)."""
    return str((event["time"] or {}).get("value", "")).endswith(f"-{month_day}")


def _find(prefix: str, where: Callable[[str, Item], bool]) -> list[Item]:
    text, events = _seed(prefix)
    return [e for e in events if where(text, e)]


def _in_sentence(phrase: str) -> Callable[[str, Item], bool]:
    def check(text: str, event: Item) -> bool:
        return phrase in text[event["sentence"]["start"] : event["sentence"]["end"]]

    return check


def test_alaska_summit_was_held_in_august() -> None:
    found = _find("000", lambda t, e: e["type"] == "summit" and (e["place"] or {}).get("text") == "Alaska")
    assert found, "the Alaska summit is a mention"
    assert all(e["status"] == "held" for e in found)
    dated = [e for e in found if e["time"]]
    assert dated and dated[0]["time"]["value"].endswith("-08") and dated[0]["time"]["granularity"] == "month"
    # "after the Anchorage meeting" and "the recent U.S.-Russia summit in Alaska" (seed 002)
    later = _find("002", lambda t, e: (e["place"] or {}).get("text") in ("Alaska", "Anchorage"))
    assert len(later) >= 2 and all(e["status"] == "held" for e in later)


def test_october_16_call_was_held() -> None:
    calls = _find("000", lambda t, e: e["type"] == "call" and _day_is(e, "10-16"))
    assert calls and calls[0]["status"] == "held"
    assert "Trump" in _surnames(calls[0])
    # seed 003: "after a phone conversation between the two leaders" -> Trump and Putin
    conversation = _find("003", lambda t, e: e["type"] == "call" and e["text"] == "conversation")
    assert conversation and conversation[0]["status"] == "held"
    assert _surnames(conversation[0]) >= {"Trump", "Putin"}


def test_budapest_summit_planned_then_cancelled_proposed_disputed() -> None:
    agreed = _find("003", lambda t, e: e["type"] == "summit" and e["status_cue"] == "agreed")
    assert agreed and agreed[0]["status"] == "planned"
    assert _surnames(agreed[0]) >= {"Trump", "Putin"}
    assert agreed[0]["asserted_by"]["name"] == "Donald Trump"

    cancelled = _find("001", lambda t, e: e["type"] == "summit" and e["status"] == "cancelled")
    assert cancelled and cancelled[0]["place"]["text"] == "Budapest"
    assert _surnames(cancelled[0]) >= {"Trump", "Putin"}

    off_table = _find("001", _in_sentence("off the table"))
    assert off_table and off_table[0]["status"] == "proposed" and off_table[0]["negated"]
    assert off_table[0]["asserted_by"]["name"] == "Karoline Leavitt"

    misleading = _find("001", _in_sentence("misleading"))
    summit = [e for e in misleading if e["type"] == "summit"]
    assert summit and summit[0]["disputed"] is True and summit[0]["status"] != "cancelled"
    assert summit[0]["asserted_by"]["name"] == "Dmitry Peskov"

    postponing = _find("001", _in_sentence("postponing the meeting"))
    assert [e["status"] for e in postponing if e["text"] == "meeting"] == ["postponed"]

    coming_days = _find("004", lambda t, e: e["text"] == "meet" and e["status"] == "planned")
    assert coming_days and _surnames(coming_days[0]) >= {"Trump", "Putin"}


def test_rubio_lavrov_call_held_and_their_meeting_postponed() -> None:
    call = _find("003", lambda t, e: e["type"] == "call" and _day_is(e, "10-20"))
    assert call and call[0]["status"] == "held" and _surnames(call[0]) >= {"Rubio", "Lavrov"}
    postponed = _find("003", lambda t, e: e["type"] == "meeting" and e["status"] == "postponed")
    assert postponed and _surnames(postponed[0]) >= {"Rubio", "Lavrov"}
    put_off = _find("000", lambda t, e: e["text"] == "session")
    assert put_off and put_off[0]["status"] == "postponed" and _surnames(put_off[0]) >= {"Rubio", "Lavrov"}
    phone = _find("000", lambda t, e: e["type"] == "call" and (e["time"] or {}).get("granularity") == "day")
    assert phone and phone[0]["status"] == "held"


def test_treasury_sanctions_on_rosneft_and_lukoil_held() -> None:
    found = _find("001", lambda t, e: e["type"] == "sanction" and e["status"] == "held" and e["participants"])
    names = {p["name"] for e in found for p in e["participants"]}
    assert {"Rosneft", "Lukoil"} <= names
    assert any("Treasury" in str(name) for name in names)


def test_putin_zelensky_meeting_proposed_then_denied() -> None:
    denied = _find("002", lambda t, e: e["type"] == "meeting" and e["status"] == "denied")
    assert len(denied) >= 2  # "no current plans for a meeting", "no meeting is scheduled"
    assert any(_surnames(e) >= {"Putin", "Zelensky"} for e in denied)
    assert all(e["negated"] for e in denied)
    proposed = _find("002", lambda t, e: e["type"] == "meeting" and e["status"] == "proposed")
    assert any("Zelensky" in _surnames(e) for e in proposed)
    # in the White House meeting Trump mentioned it: a meeting that was held
    held = _find("002", lambda t, e: e["type"] == "meeting" and e["status"] == "held")
    assert held


def test_no_event_mentions_in_the_removed_link_list() -> None:
    text, events = _seed("004")
    assert "Latest news" not in text
    assert all(e["end"] <= len(text) for e in events)
