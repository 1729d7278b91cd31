"""Events over a store: items -> canonical events -> CLI and export (invented articles and items)."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from storyline.api import export_document
from storyline.cli import main
from storyline.models import Article
from storyline.resolve import resolve_entities, resolve_events
from storyline.store import Store

TEXTS = {
    "n1": "Ana Lind and Omar Falk will hold a summit in Tallinn next month, the Gazette said.",
    "n2": "The Lind-Falk summit in Tallinn has been postponed, an aide to Ana Lind said on Tuesday.",
}


def _name(article: str, name: str, cluster: int) -> dict[str, Any]:
    start = TEXTS[article].index(name)
    return {
        "start": start,
        "end": start + len(name),
        "text": name,
        "type": "PERSON",
        "name": name,
        "cluster": cluster,
        "kind": "name",
        "titles": [],
    }


def _event(article: str, trigger: str, status: str, people: list[str]) -> dict[str, Any]:
    text = TEXTS[article]
    start = text.index(trigger)
    participants = []
    for n, name in enumerate(people):
        at = text.find(name)
        participants.append(
            {
                "name": name,
                "entity_cluster": n,
                "start": at if at >= 0 else None,
                "end": at + len(name) if at >= 0 else None,
            }
        )
    place = text.index("Tallinn")
    return {
        "start": start,
        "end": start + len(trigger),
        "text": trigger,
        "lemma": trigger,
        "type": "summit",
        "sentence": {"start": 0, "end": len(text)},
        "participants": participants,
        "place": {"text": "Tallinn", "start": place, "end": place + 7},
        "time": {"value": "2031-05", "granularity": "month", "text": "next month", "start": 0, "end": 1},
        "status": status,
        "status_cue": None,
        "disputed": False,
        "asserted_by": {"kind": "outlet", "name": None, "quote_index": None},
        "negated": False,
    }


def _store(db: str) -> str:
    with Store(db) as store:
        for n, (article_id, text) in enumerate(TEXTS.items()):
            store.add_article(
                Article(
                    id=article_id, source="<test>", text=text, outlet="Gazette", published=f"2031-04-0{n + 1}"
                ),
                text_hash=article_id,
                minhash=None,
            )
        store.save_analysis(
            "n1",
            {
                "mentions": [_name("n1", "Ana Lind", 0), _name("n1", "Omar Falk", 1)],
                "events": [_event("n1", "summit", "planned", ["Ana Lind", "Omar Falk"])],
            },
            version=1,
        )
        store.save_analysis(
            "n2",
            {
                "mentions": [_name("n2", "Ana Lind", 0)],
                "events": [_event("n2", "summit", "postponed", ["Ana Lind"])],
            },
            version=1,
        )
        store.commit()
        resolve_entities(store)
        assert resolve_events(store) == 1
    return db


def test_store_events_cli_and_export(store_url: str) -> None:
    db = _store(store_url)
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", db, "events", "--json"])
    assert listed.exit_code == 0, listed.output
    events = json.loads(listed.stdout)
    assert len(events) == 1
    event = events[0]
    assert event["participants"] == ["person:ana-lind", "person:omar-falk"]
    assert event["status"] == "postponed" and event["place"] == "Tallinn"
    assert [(h["status"], h["reported"]) for h in event["history"]] == [
        ("planned", "2031-04-01"),
        ("postponed", "2031-04-02"),
    ]
    assert json.loads(runner.invoke(main, ["--db", db, "events", "--status", "held", "--json"]).stdout) == []
    by_entity = runner.invoke(main, ["--db", db, "events", "--entity", "Omar Falk", "--json"])
    assert len(json.loads(by_entity.stdout)) == 1
    shown = runner.invoke(main, ["--db", db, "event", event["id"]])
    assert shown.exit_code == 0 and "Status history" in shown.stdout and "postponed" in shown.stdout
    table = runner.invoke(main, ["--db", db, "events"])
    assert table.exit_code == 0 and event["id"] in table.stdout

    # A split survives re-resolution; forgetting it restores the merged event.
    split = runner.invoke(
        main, ["--db", db, "events", "split", event["id"], "--mention", f"n2:{TEXTS['n2'].index('summit')}"]
    )
    assert split.exit_code == 0, split.output
    assert runner.invoke(main, ["--db", db, "events", "resolve"]).stdout.strip() == "2 events"
    ids = [e["id"] for e in json.loads(runner.invoke(main, ["--db", db, "events", "--json"]).stdout)]
    assert event["id"] in ids
    merged = runner.invoke(main, ["--db", db, "events", "merge", ids[0], ids[1]])
    assert merged.exit_code == 0 and "1 events" in merged.stdout
    bad = runner.invoke(main, ["--db", db, "event", "event:nothing-here"])
    assert bad.exit_code == 1 and "no event matches" in bad.stderr

    with Store(db) as store:
        doc = export_document(store)
    assert doc["schema_version"] == "1.4"
    assert set(doc["events"][0]) >= {
        "id",
        "type",
        "name",
        "participants",
        "place",
        "date",
        "status",
        "history",
        "mentions",
    }
    assert set(doc["events"][0]["history"][0]) >= {
        "status",
        "reported",
        "said_by",
        "article",
        "start",
        "end",
        "text",
    }
    assert len(doc["event_mentions"]) == 2
