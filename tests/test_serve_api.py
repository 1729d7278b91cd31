"""The HTTP API (issue 14): same data as the CLI, one error shape, paging, CSP, tokens, no 500s."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import ingest_paths
from storyline.serve import create_app, requires_token
from storyline.store import Store

from .web_support import HOSTILE, build_store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def get(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, response.text
    return response.json()


def test_listings_page_and_count(client: TestClient) -> None:
    first = get(client, "/api/articles?limit=5")
    assert first["total"] == 16 and len(first["items"]) == 5 and first["offset"] == 0
    second = get(client, "/api/articles?limit=5&offset=5")
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in second["items"])
    every = [
        a["id"] for o in range(0, 16, 5) for a in get(client, f"/api/articles?limit=5&offset={o}")["items"]
    ]
    assert len(every) == len(set(every)) == 16


def test_article_search_filters_on_the_server(client: TestClient) -> None:
    found = get(client, "/api/articles?q=postponed")
    assert found["total"] >= 1
    assert all("postponed" in (a["title"] or "").lower() for a in found["items"])
    assert get(client, "/api/articles?q=%25")["total"] == 0  # LIKE wildcards are literal


def test_quotes_filter_by_kind_and_speaker(client: TestClient) -> None:
    direct = get(client, "/api/quotes?kind=direct&limit=500")
    assert direct["total"] > 0 and all(q["kind"] == "direct" for q in direct["items"])
    sobel = get(client, "/api/quotes?speaker=sobel&limit=500")
    assert sobel["total"] > 0
    assert all("sobel" in q["speaker"]["name"].lower() for q in sobel["items"])


def test_article_has_text_and_removed_boilerplate(client: TestClient) -> None:
    listing = get(client, "/api/articles?limit=500")["items"]
    with_removed = [a for a in listing if a["outlet"] in ("NWA", "Northwind Wire Agency")]
    article = get(client, f"/api/articles/{with_removed[0]['id']}")
    assert article["text"] and article["removed"]
    assert all(r["kind"] and r["text"] not in article["text"] for r in article["removed"])


def test_speakers_sources_entities(client: TestClient) -> None:
    speakers = get(client, "/api/speakers?limit=3")["items"]
    assert speakers[0]["quotes"] >= speakers[-1]["quotes"] and speakers[0]["sample"]
    sources = get(client, "/api/sources")["items"]
    assert sources and all(s["count"] >= 1 and s["example"]["article"] for s in sources)
    entities = get(client, "/api/entities?type=PERSON&limit=5")["items"]
    assert entities and all(e["type"] == "PERSON" for e in entities)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/articles?limit=0", 400),
        ("/api/articles?limit=abc", 400),
        ("/api/articles?offset=-1", 400),
        ("/api/quotes?kind=shouted", 400),
        ("/api/articles/no-such-article", 404),
        ("/api/no-such-endpoint", 404),
        ("/static/../../etc/passwd", 404),
    ],
)
def test_errors_have_one_shape(client: TestClient, path: str, status: int) -> None:
    body = get(client, path, status)
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_every_response_sends_a_strict_csp(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/api/summary", "/api/nothing"):
        csp = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_hostile_text_is_returned_as_data_not_markup(client: TestClient) -> None:
    """The API returns untrusted text verbatim as JSON strings; the page renders it as text."""
    article = get(client, "/api/articles/hostile-script")
    assert article["title"] == HOSTILE[0]["title"]
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html")
    # The page is a fixed shell whose only script is our own file: no inline script for the CSP
    # to allow, and nothing of an article is ever in the HTML (the page fetches it as JSON).
    assert page.text.count("<script") == 1 and '<script src="/static/app.js"' in page.text


def test_token_required_off_loopback(db: Path) -> None:
    assert requires_token("0.0.0.0") and requires_token("192.168.1.5") and not requires_token("127.0.0.1")
    guarded = TestClient(create_app(db, token="s3cret"))
    denied = guarded.get("/api/summary")
    assert denied.status_code == 401 and denied.json()["ok"] is False
    wrong = guarded.get("/api/summary", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = guarded.get("/api/summary", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["articles"] == 16
    assert guarded.get("/").status_code == 200  # the page loads; its API calls carry the token


def test_serve_refuses_other_hosts_without_token(db: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import main

    result = CliRunner().invoke(main, ["--db", str(db), "serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "token" in result.output


def test_missing_database_is_a_clean_error(tmp_path: Path) -> None:
    body = get(TestClient(create_app(tmp_path / "absent.db")), "/api/summary", 503)
    assert body["ok"] is False and "ingest" in body["error"]
    assert not (tmp_path / "absent.db").exists()


def test_reads_while_an_ingest_writes(tmp_path: Path) -> None:
    """Requests keep answering while another connection ingests (WAL readers; no 'database is locked')."""
    db = tmp_path / "busy.db"
    with Store(db) as store:
        ingest_paths(store, [str(Path(__file__).parent.parent / "samples" / "corpus")], analyze=False)
    records = tmp_path / "more.jsonl"
    records.write_text(
        "\n".join(
            json.dumps(
                {"id": f"w{i}", "text": f"Article number {i} about the dam. " * 40, "published": "2026-03-01"}
            )
            for i in range(400)
        ),
        encoding="utf-8",
    )
    client = TestClient(create_app(db))
    errors: list[str] = []

    def write() -> None:
        with Store(db) as writer:
            ingest_paths(writer, [str(records)], analyze=False)

    thread = threading.Thread(target=write)
    thread.start()
    statuses = []
    while thread.is_alive():
        response = client.get("/api/articles?limit=10")
        statuses.append(response.status_code)
        if response.status_code != 200:
            errors.append(response.text)
    thread.join()
    assert not errors and statuses
    assert get(client, "/api/articles?limit=1")["total"] == 14 + 400


def test_events_and_their_history(client: TestClient) -> None:
    listing = get(client, "/api/events?limit=500")
    assert listing["total"] == len(listing["items"]) > 0
    summits = [e for e in listing["items"] if e["type"] == "summit"]
    assert summits, "the sample corpus's summit is an event"
    summit = max(summits, key=lambda e: e["reports"])
    detail = get(client, f"/api/events/{summit['id']}")
    statuses = {h["status"] for h in detail["history"]}
    assert {"planned", "postponed"} <= statuses
    assert all(h["article"] and h["end"] > h["start"] for h in detail["history"])
    assert len(detail["participant_names"]) == len(detail["participants"])
    held = get(client, "/api/events?status=held&limit=500")["items"]
    assert all(e["status"] == "held" for e in held)
    get(client, "/api/events/no-such-event", 404)


def test_stories_and_a_story_timeline(client: TestClient) -> None:
    listing = get(client, "/api/stories")
    assert listing["total"] >= 1
    biggest = listing["items"][0]
    assert biggest["articles"] >= 10 and biggest["sources"] >= 3
    story = get(client, f"/api/stories/{biggest['id']}")
    assert story["timeline"] and story["articles"][0]["id"]
    dated = [t["date"] for t in story["timeline"] if t["date"]]
    assert [t["date"] for t in story["timeline"][: len(dated)]] == dated  # undated entries come last
    assert all(t["event"] and t["status"] for t in story["timeline"])
    assert get(client, "/api/stories?q=port callis")["total"] >= 1
    get(client, "/api/stories/no-such-story", 404)
