"""Counts and lookups a user can trust (issue 11): ids that work, independent counts, one
speaker per person, sources the right way round, filters and pages done in SQL, forget."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from storyline.api import forget_article, ingest_paths, list_quotes, refresh_derived, summarize
from storyline.cli import main
from storyline.errors import StorylineError
from storyline.models import Article
from storyline.store import Store
from storyline.store.entities import entity_mention_rows
from storyline.store.queries import ItemFilter, item_page, resolve_article_id

from .conftest import SAMPLES, copy_store


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def cli_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _hand_built(path: Path | str, ids: list[str]) -> Path | str:
    with Store(path) as store:
        for n, article_id in enumerate(ids):
            text = f"Invented article number {n} about the Orvel bridge."
            store.add_article(Article(id=article_id, source=f"{article_id}.txt", text=text), f"h{n}", None)
        store.commit()
    return path


# -- ids -------------------------------------------------------------------------------------


def test_issue11_ids_prefixes_are_unique_or_an_error(store_url: str) -> None:
    ids = ["Iraq_guardian_1", "Iraq_guardian_2", "IraqXguardian_3", "solo-1"]
    db = _hand_built(store_url, ids)
    with Store(db) as store:
        assert resolve_article_id(store, "Iraq_guardian_1") == "Iraq_guardian_1"
        assert resolve_article_id(store, "solo") == "solo-1"
        # "_" is a letter here, not a LIKE wildcard: "Iraq_" is not a prefix of "IraqX..."
        assert resolve_article_id(store, "IraqX") == "IraqXguardian_3"
        with pytest.raises(StorylineError) as ambiguous:
            resolve_article_id(store, "Iraq_")
        assert ambiguous.value.code == "E411"
        assert "Iraq_guardian_1" in str(ambiguous.value) and "Iraq_guardian_2" in str(ambiguous.value)
        assert "IraqXguardian_3" not in str(ambiguous.value)
        for empty in ("", "  "):
            with pytest.raises(StorylineError) as error:
                resolve_article_id(store, empty)
            assert error.value.code == "E412"
        with pytest.raises(StorylineError) as unknown:
            resolve_article_id(store, "nope")
        assert unknown.value.code == "E410"
    # Every command that takes an article id goes through the one resolver.
    for args in (["article", "Iraq_g"], ["times", "Iraq_g"], ["quotes", "--article", "Iraq_g"]):
        result = run("--db", str(db), *args)
        assert result.exit_code == 1 and "[E411]" in result.stderr, args
    assert run("--db", str(db), "article", "solo").exit_code == 0
    assert run("--db", str(db), "times", "solo", "--json").exit_code == 0
    assert run("--db", str(db), "quotes", "--article", "solo", "--json").stdout.strip() == "[]"
    assert "[E412]" in run("--db", str(db), "article", "").stderr


@pytest.mark.model
def test_issue11_quotes_and_split_take_the_id_as_the_table_shows_it(samples_db: Path, tmp_path: Path) -> None:
    db = str(copy_store(samples_db, tmp_path / "s.db"))
    quotes = cli_json("quotes", "--db", db)
    article = quotes[0]["article"]
    prefix = article[:6]
    assert cli_json("quotes", "--db", db, "--article", prefix) == [
        q for q in quotes if q["article"] == article
    ]
    entity = next(e for e in cli_json("entities", "--db", db, "--type", "PERSON") if e["articles"] > 1)
    one = entity["mentions"][0]["article"]
    split = run("entities", "split", "--db", db, entity["id"], "--article", one[:8])
    assert split.exit_code == 0, split.output


# -- missing database: tested for every read command in test_cli_conventions -----------------


# -- forget ---------------------------------------------------------------------------------


@pytest.mark.model
def test_forget_removes_an_article_and_what_came_from_it(samples_db: Path, tmp_path: Path) -> None:
    db = copy_store(samples_db, tmp_path / "f.db")
    with Store(db) as store:
        original = next(a for a in store.iter_articles() if a.duplicate_of is None and _copies(store, a.id))
        copies = _copies(store, original.id)
        before = store.count_articles()
        assert store.items("quotes", original.id) or store.items("mentions", original.id)
        report = forget_article(store, original.id[:10])
        assert report["article"] == original.id and report["promoted"] == copies[0]
        assert store.get_article_row(original.id) is None
        assert not store.items("quotes", original.id) and not store.items("mentions", original.id)
        assert entity_mention_rows(store, [original.id]) == []
        # Its reports are gone from the events (a whole event resolution ran: an article is gone).
        from storyline.store.events import load_events

        assert not load_events(store, [original.id]) and report["events"] == len(load_events(store))
        assert store.get_article_row(copies[0])["duplicate_of"] is None
        assert all(store.get_article_row(c)["duplicate_of"] == copies[0] for c in copies[1:])
        assert report["files_unmarked"], "its file must be read again on the next ingest"
        # Ingesting the corpus again brings it back, and nothing else changes.
        ingest_paths(store, [str(SAMPLES / "corpus")], processes=1)
        assert store.count_articles() == before
        assert store.get_article_row(original.id) is not None
        assert store.items("quotes", original.id) or store.items("mentions", original.id)
    result = run("articles", "forget", "--db", str(db), "")
    assert result.exit_code == 1 and "[E412]" in result.stderr


def _copies(store: Store, article_id: str) -> list[str]:
    return [a.id for a in store.iter_articles() if a.duplicate_of == article_id]


# -- independent counts ---------------------------------------------------------------------


@pytest.mark.model
def test_issue11_copies_do_not_change_the_counts(samples_db: Path, tmp_path: Path) -> None:
    """An exact and an edited copy of one sample article (our own invented text) are marked
    duplicates and change no count a person reads; --include-copies and the export see them."""
    db = copy_store(samples_db, tmp_path / "c.db")
    source = (SAMPLES / "corpus" / "04_tessvik_herald_preparations.txt").read_text(encoding="utf-8")
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "exact.txt").write_text(source, encoding="utf-8")
    edited = source.replace("Thursday", "Thursday morning", 1) + "\nThis copy was republished by a feed.\n"
    (copies / "edited.txt").write_text(edited, encoding="utf-8")
    before = _counts(db)
    with Store(db) as store:
        all_before = summarize(store, include_copies=True)["quotes"]
        stored_before = store.count_articles()
        shown_before = len(cli_json("quotes", "--db", str(db), "--include-copies"))
        report = ingest_paths(store, [str(copies)], processes=1)
        assert report.stored == 2 and report.duplicates == 2
        marked = [a for a in store.iter_articles() if a.source.startswith(str(copies))]
        assert all(a.duplicate_of for a in marked)
        copied_quotes = sum(len(store.items("quotes", a.id)) for a in marked)
        assert copied_quotes > 0, "the copied article must have quotes for this test to mean anything"
    after = _counts(db)
    assert after == before
    with Store(db) as store:
        everything = summarize(store, include_copies=True)
        assert everything["quotes"] == all_before + copied_quotes
    assert len(cli_json("quotes", "--db", str(db), "--include-copies")) == shown_before + copied_quotes
    with_copies = cli_json("entities", "--db", str(db), "--include-copies")
    grown = [e for e in with_copies if e["mention_count"] > before["entities"][e["id"]][0]]
    assert grown, "the derived counts must follow the new copies"
    exported = json.loads(run("export", "--db", str(db)).stdout)
    assert len(exported["articles"]) == stored_before + 2


def _counts(db: Path) -> dict[str, Any]:
    summary = cli_json("summary", "--db", str(db))
    for key in ("articles", "duplicates"):
        summary.pop(key)  # how many copies are stored does change; the independent articles do not
    entities = {e["id"]: (e["mention_count"], e["articles"]) for e in cli_json("entities", "--db", str(db))}
    return {
        "summary": summary,
        "sources": cli_json("sources", "--db", str(db)),
        "entities": entities,
        "quotes": len(cli_json("quotes", "--db", str(db))),
    }


# -- one speaker per person -----------------------------------------------------------------

VARLAMOV_A = """Talks on the Orvel bridge end without a deal
Foreign Minister Sergei Varlamov said on Monday that the talks on the Orvel bridge were over.
"We have nothing more to discuss this month," Varlamov told reporters in Tessin.
"""
VARLAMOV_B = """Minister says Orvel bridge plan is unchanged
Foreign Minister Sergey Varlamov said on Tuesday that the plan for the Orvel bridge had not changed.
"Nothing has changed since the spring," Varlamov said after the cabinet meeting.
"""


@pytest.mark.model
def test_issue11_every_spelling_of_a_person_is_one_speaker(store_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(VARLAMOV_A, encoding="utf-8")
    (corpus / "b.txt").write_text(VARLAMOV_B, encoding="utf-8")
    with Store(store_url) as store:
        ingest_paths(store, [str(corpus)], processes=1)
        names = {(q.get("speaker") or {}).get("name") for q in store.items("quotes")}
        assert {"Sergei Varlamov", "Sergey Varlamov"} <= names, names
        by_one, _ = list_quotes(store, speaker="Sergey Varlamov")
        by_other, _ = list_quotes(store, speaker="Sergei Varlamov")
        assert by_one == by_other
        assert {q["article"] for q in by_one} == {a.id for a in store.iter_articles()}
        speakers = [row["speaker"] for row in summarize(store)["top_speakers"]]
        assert sum("Varlamov" in s for s in speakers) == 1, speakers


@pytest.mark.model
def test_issue11_lavrov_is_one_speaker_on_the_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    with Store(db) as store:
        ingest_paths(store, [str(seeds_dir)], processes=1)
        spelled = [
            q
            for q in store.items("quotes")
            if (q.get("speaker") or {}).get("name") in ("Sergey Lavrov", "Sergei Lavrov")
        ]
        found, total = list_quotes(store, speaker="Sergey Lavrov")
        assert total == len(found) and total >= len(spelled) > 0
        assert {(q["article"], q["start"]) for q in spelled} <= {(q["article"], q["start"]) for q in found}
        assert list_quotes(store, speaker="Sergei Lavrov")[1] == total
        speakers = [row["speaker"] for row in summarize(store)["top_speakers"]]
        assert sum("Lavrov" in s for s in speakers) == 1, speakers


# -- sources the right way round ------------------------------------------------------------

TOLD = """Orvel bridge to reopen in May
A senior engineer told the Tessin Ledger that the Orvel bridge would reopen in May.

The Valley Courier reported, citing two officials, that the cracks had been repaired.
"""


@pytest.mark.model
def test_issue11_sources_read_the_way_the_text_says_it(store_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TOLD, encoding="utf-8")
    db = store_url
    assert run("ingest", "--db", str(db), "-q", str(tmp_path / "a.txt")).exit_code == 0
    rows = cli_json("sources", "--db", str(db))
    told = [r for r in rows if r["says"] == "told"]
    assert told and all("engineer" in r["from"] and "Ledger" in r["to"] for r in told), rows
    citing = [r for r in rows if r["says"] == "citing" and "officials" in r["to"]]
    assert citing and all("Courier" in r["from"] for r in citing), rows
    table = run("sources", "--db", str(db)).stdout
    assert "told" in table and "Ledger" in table


# -- filters and pages ----------------------------------------------------------------------


@pytest.mark.model
def test_quote_filters(samples_db: Path) -> None:
    db = str(samples_db)
    everything = cli_json("quotes", "--db", db)
    direct = cli_json("quotes", "--db", db, "--kind", "direct")
    assert direct and all(q["kind"] == "direct" for q in direct)
    assert len(direct) == sum(q["kind"] == "direct" for q in everything)
    articles = {a["id"]: a for a in cli_json("articles", "--db", db)}
    herald = cli_json("quotes", "--db", db, "--outlet", "the Herald")
    assert herald and herald == cli_json("quotes", "--db", db, "--outlet", "Tessvik Herald")
    assert all("Herald" in (articles[q["article"]]["outlet"] or "") for q in herald)
    days = sorted({(articles[q["article"]]["published"] or "")[:10] for q in everything} - {""})
    since = days[len(days) // 2]
    later = cli_json("quotes", "--db", db, "--since", since)
    assert 0 < len(later) < len(everything)
    assert all((articles[q["article"]]["published"] or "9999")[:10] >= since for q in later)
    assert run("quotes", "--db", db, "--since", "soon").exit_code == 2


def _plan(store: Store, wanted: ItemFilter) -> str:
    captured: list[str] = []
    raw = store.conn.connection.dbapi_connection  # the sqlite3 connection under SQLAlchemy
    assert isinstance(raw, sqlite3.Connection)
    raw.set_trace_callback(captured.append)
    item_page(store, wanted, limit=10)
    raw.set_trace_callback(None)
    sql = next(s for s in captured if s.startswith("SELECT a.id"))
    return " ".join(str(r[3]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql))


def test_a_page_of_quotes_reads_a_page_not_the_store(tmp_path: Path) -> None:
    """The page query walks articles in order and reads each one's items by key: no scan of
    all items and no sort, so LIMIT stops early; by kind or speaker, the derived
    quote_speakers index drives (timings: docs/benchmarks.md)."""
    db = _hand_built(tmp_path / "plan.db", ["a", "b"])
    with Store(db) as store:
        refresh_derived(store)
        plain = _plan(store, ItemFilter("quotes", since="2020-01-01", outlets={"X"}))
        assert "TEMP B-TREE" not in plain, plain
        assert "SCAN i" not in plain and "SEARCH i USING" in plain, plain
        by_kind = _plan(store, ItemFilter("quotes", item_kind="direct"))
        assert "SCAN i" not in by_kind and "quote_speakers_kind" in by_kind, by_kind
        by_speaker = _plan(store, ItemFilter("quotes", speaker_entity="person:x"))
        assert "SCAN i" not in by_speaker and "quote_speakers_entity" in by_speaker, by_speaker
