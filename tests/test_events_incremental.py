"""Incremental event resolution: new articles join the stored events exactly as a whole
resolution over every article would have joined them.

The inputs are real analyses: the sample corpus and the seeds, analyzed once, then replicated a
year later per replica (``storyline.replicas``) so the store grows with new reports of the same
kinds of stories.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import storyline.resolve
from storyline.analyze.pipeline import ANALYSIS_VERSION
from storyline.api import ingest_paths
from storyline.models import Article
from storyline.replicas import Analyses, replicas
from storyline.resolve import (
    event_store,
    export_entities,
    export_events,
    merge_events,
    resolve_entities,
    resolve_events,
)
from storyline.store import Store
from storyline.store.events import add_event_override
from tests.conftest import copy_store, new_store_url

Base = list[tuple[Article, Analyses]]


@pytest.fixture(scope="module")
def analyzed(samples_db: Path, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The analyzed sample corpus and seeds: every original with its stored items by kind."""
    path = copy_store(samples_db, tmp_path_factory.mktemp("incremental") / "base.db")
    with Store(path) as store:
        ingest_paths(store, [str(seeds_dir)], processes=1)
        kinds = [r[0] for r in store.conn.execute(sa.text("SELECT DISTINCT kind FROM items"))]
        return [
            (a, {k: store.items(k, a.id) for k in kinds})
            for a in store.iter_articles(include_duplicates=False)
        ]


def _dated(article: Article) -> bool:
    return bool(article.published or (article.published_estimate or {}).get("latest"))


@pytest.fixture(scope="module")
def base(analyzed: Base) -> Base:
    """The articles with a publication day (given or estimated): their reports have a date."""
    dated = [(a, items) for a, items in analyzed if _dated(a)]
    assert len(dated) < len(analyzed)  # some seeds state no date: see the undated test
    return dated


def _add(store: Store, batch: Iterator[tuple[Article, Analyses]]) -> None:
    for article, items in batch:
        store.add_article(article, article.id, None)
        store.save_analysis(article.id, items, ANALYSIS_VERSION)
    store.commit()


def _resolve(store: Store) -> int:
    resolve_entities(store)
    return resolve_events(store)


def _events(store: Store) -> list[dict[str, Any]]:
    return export_events(store)


def _whole(base: Base, url: str, replica_ids: list[int]) -> list[dict[str, Any]]:
    with Store(url) as store:
        for r in replica_ids:
            _add(store, islice(replicas(base, r), len(base)))
        _resolve(store)
        return _events(store) + export_entities(store)


def _no_whole_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(store: Store) -> Any:
        raise AssertionError("a whole resolution ran where new articles should have joined")

    monkeypatch.setattr(event_store, "_resolve_all", refuse)


def _summaries_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidate events come from their stored summaries; only events a mention joins are read."""

    def refuse(store: Store, event_id: str) -> Any:
        raise AssertionError(f"event {event_id} was read whole to be compared")

    monkeypatch.setattr(event_store, "_rebuild", refuse)


def _history_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports later than every stored one join an event as its summary: its records are not read."""

    def refuse(store: Store, event_id: str) -> Any:
        raise AssertionError(f"event {event_id}'s records were read for a later report to join it")

    monkeypatch.setattr(event_store, "_stored_records", refuse)


def _no_whole_entity_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(store: Store) -> Any:
        raise AssertionError("a whole entity resolution ran where new articles' groups should have")

    monkeypatch.setattr(storyline.resolve, "iter_mention_items", refuse)


def test_new_articles_join_as_a_whole_resolution_would(
    base: Base, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(store_url) as store:
        _add(store, islice(replicas(base, 0), 2 * len(base)))
        _resolve(store)
        before = {e["id"]: e for e in _events(store)}
        with monkeypatch.context() as patch:
            _no_whole_resolution(patch)
            _summaries_only(patch)
            _history_never_read(patch)
            _add(store, islice(replicas(base, 2), len(base)))
            count = _resolve(store)
            _add(store, islice(replicas(base, 3), len(base)))
            _resolve(store)  # nothing new: no work, same count
            assert _resolve(store) == len(_events(store))
        stepwise = _events(store)
        entities = export_entities(store)
    assert count < len(stepwise)
    whole = _whole(base, new_store_url(store_url, tmp_path, "whole"), [0, 1, 2, 3])
    assert [e["id"] for e in stepwise + entities] == [e["id"] for e in whole]
    assert stepwise + entities == whole  # entities too: each group re-resolved is the whole's
    # The events of the first two replicas that the later ones did not join are untouched.
    later = {m["article"] for e in stepwise for m in e["mentions"] if m["article"].startswith(("r2-", "r3-"))}
    untouched = [e for e in stepwise if not {m["article"] for m in e["mentions"]} & later]
    assert untouched and all(before[e["id"]] == e for e in untouched)

    # Each replica repeats the stories a year later: the latest events are dated three years on.
    def years(events: Any) -> set[int]:
        return {int(e["date"]["value"][:4]) for e in events if e["date"] and e["date"]["value"][:1] in "12"}

    assert max(years(stepwise)) == max(years(before.values())) + 2


def test_new_articles_re_resolve_only_their_entity_groups(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "groups.db") as store:
        _add(store, islice(replicas(base, 0), 3 * len(base)))
        _resolve(store)
        with monkeypatch.context() as patch:
            _no_whole_entity_resolution(patch)
            for article in islice(replicas(base, 3), 3):  # a few articles: a few of the groups
                _add(store, iter([article]))
                resolve_entities(store)
        stepwise = export_entities(store)
        ids = [a.id for a, _ in islice(replicas(base, 3), 3)]
    with Store(tmp_path / "whole.db") as store:
        _add(store, islice(replicas(base, 0), 3 * len(base)))
        _add(store, (a for a in islice(replicas(base, 3), 3)))
        resolve_entities(store)
        whole = export_entities(store)
    assert stepwise == whole
    assert {m["article"] for e in stepwise for m in e["mentions"]} >= set(ids)


def test_older_reports_join_in_arrival_order(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with Store(tmp_path / "late.db") as store:
        _add(store, islice(replicas(base, 1), len(base)))
        _resolve(store)
        before = {e["id"]: e for e in _events(store)}
        _add(store, islice(replicas(base, 0), len(base)))  # a year earlier than what is stored
        with monkeypatch.context() as patch, caplog.at_level("INFO", logger="storyline.resolve.event_store"):
            _no_whole_resolution(patch)
            _resolve(store)
        assert "older than the resolved ones join in arrival order" in caplog.text
        late = _events(store)
        resolve_events(store, full=True)  # `storyline events resolve`: report order again
        whole = _events(store)

    def mentions(events: list[dict[str, Any]]) -> list[tuple[str, int]]:
        return sorted((m["article"], m["start"]) for e in events for m in e["mentions"])

    assert mentions(late) == mentions(whole)  # every report is in one event either way
    joined = {e["id"] for e in late if any(m["article"].startswith("r0-") for m in e["mentions"])}
    kept = [e for e in late if e["id"] in before and e["id"] not in joined]
    assert kept and all(e == before[e["id"]] for e in kept)  # events no late report joined


def test_overrides_and_reanalysis_resolve_everything_again(base: Base, tmp_path: Path) -> None:
    with Store(tmp_path / "over.db") as store:
        _add(store, islice(replicas(base, 0), len(base)))
        _resolve(store)
        events = _events(store)
        two = [e for e in events if e["type"] == events[0]["type"]][:2]
        if len(two) == 2:
            merge_events(store, two[0]["id"], two[1]["id"])
            merged = len(_events(store))
            _add(store, islice(replicas(base, 1), len(base)))
            _resolve(store)
            assert any(e["merges"] and "user override: merge" in str(e["merges"]) for e in _events(store))
            assert len(_events(store)) > merged
        # A re-analyzed article (its items replaced) makes the next resolution a whole one.
        article, items = next(replicas(base, 0))
        store.save_analysis(article.id, items, ANALYSIS_VERSION)
        store.commit()
        _resolve(store)
        again = _events(store)
        resolve_events(store, full=True)
        assert again == _events(store)


def test_a_store_with_overrides_keeps_no_incremental_state(tmp_path: Path) -> None:
    # A store resolved before mention records were kept (no state): the next run is a whole one.
    with Store(tmp_path / "empty.db") as store:
        add_event_override(store, "split", "nowhere:0")
        assert resolve_events(store) == 0
        assert event_store.event_state(store) is None


def test_undated_reports_join_and_are_redated_in_place(
    analyzed: Base, base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    undated = [(a, items) for a, items in analyzed if not _dated(a) and items.get("events")]
    assert undated, "the seeds have undated articles that report events"
    with Store(tmp_path / "undated.db") as store:
        _add(store, islice(replicas(base, 0), len(base)))
        _resolve(store)
        _add(store, islice(replicas(undated, 0), len(undated)))
        with monkeypatch.context() as patch:
            _no_whole_resolution(patch)
            _resolve(store)
            ids = {a.id for a, _ in islice(replicas(undated, 0), len(undated))}
            reported = [m for e in _events(store) for m in e["mentions"] if m["article"] in ids]
            assert reported  # the undated articles' reports joined or started events
            # An estimate arrives for one of them: its reports take that day at the next step.
            article = sorted(ids)[0]
            store.set_published_estimate(article, {"earliest": "2025-08-01", "latest": "2025-08-09"})
            store.commit()
            _resolve(store)
            days = {h["reported"] for e in _events(store) for h in e["history"] if h["article"] == article}
            assert None not in days  # none of its reports is left undated
            assert "2025-08-09" in days
            assert _stored_days(store, article) == {"2025-08-09"}
            # The estimate moves again: the reports follow, the stored records too.
            store.set_published_estimate(article, {"earliest": "2025-08-01", "latest": "2025-08-05"})
            store.commit()
            _resolve(store)
            assert _stored_days(store, article) == {"2025-08-05"}


def _unsettled(store: Store) -> set[str]:
    """Every undated resolved article whose estimated latest day is not the day its reports
    were given: what the events step re-dated before it kept marks (``event_redates``)."""
    from storyline.store.events import EA, _estimated_day
    from storyline.store.schema import articles

    query = (
        sa.select(EA.c.article_id)
        .join(articles, articles.c.id == EA.c.article_id)
        .where(
            articles.c.published.is_(None),
            sa.func.coalesce(_estimated_day(), "") != sa.func.coalesce(EA.c.day, ""),
        )
    )
    return {str(r[0]) for r in store.conn.execute(query)}


def test_every_article_whose_window_moved_is_redated_at_the_next_step(
    base: Base, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.api import narrow_undated_windows

    copies = _undated_copies(base)
    moved: set[str] = set()
    with Store(store_url) as store, monkeypatch.context() as patch:
        for step, batch in enumerate([copies, base, list(islice(replicas(base, 1), len(base))), []]):
            _add(store, iter(batch))
            if step:
                patch.setattr(event_store, "_resolve_all", _refuse_whole)
            before = _unsettled(store)
            moved |= before
            _resolve(store)
            # Whatever moved, by the windows or by hand, the step re-dated: none is left out.
            assert _unsettled(store) == set(), step
            narrow_undated_windows(store)
            store.commit()
        assert moved  # the dated reports narrowed windows of articles already resolved
        # An estimate written by hand (not by the windows) is re-dated too.
        article = sorted(moved)[0]
        store.set_published_estimate(article, {"earliest": "2020-01-01", "latest": "2020-01-02"})
        store.commit()
        assert _unsettled(store) == {article}
        _resolve(store)
        assert _unsettled(store) == set()


def test_a_store_upgraded_to_event_redates_marks_the_articles_already_moved(
    base: Base, store_url: str
) -> None:
    copies = _undated_copies(base)
    with Store(store_url) as store:
        _add(store, iter(copies))
        _resolve(store)
        undated = sorted(_stored_ids(store, "SELECT article_id FROM event_articles"))
        moved = undated[0]
        # A store of revision 0004, where an estimate moved after its reports took their day.
        store.begin_write()
        store.set_published_estimate(moved, {"earliest": "2020-01-01", "latest": "2020-01-02"})
        store.conn.execute(sa.text("DROP TABLE event_redates"))
        store.conn.execute(sa.text("UPDATE alembic_version SET version_num = '0004'"))
        store.commit()
    with Store(store_url) as store:  # opening it upgrades it
        assert _stored_ids(store, "SELECT article_id FROM event_redates") == {moved}
        assert _unsettled(store) == {moved}
        _resolve(store)
        assert _unsettled(store) == set()


def _stored_ids(store: Store, sql: str) -> set[str]:
    return {str(r[0]) for r in store.conn.execute(sa.text(sql))}


def _refuse_whole(store: Store) -> Any:
    raise AssertionError("a whole resolution ran where the step should re-date in place")


def _stored_days(store: Store, article: str) -> set[str | None]:
    """The days of an article's stored mention records (its quotes' own days aside), checked
    to be one per mention the events show."""
    rows = store.conn.execute(
        sa.text("SELECT data FROM event_mentions WHERE article_id = :a"), {"a": article}
    ).all()
    shown = [m for e in _events(store) for m in e["mentions"] if m["article"] == article]
    assert len(rows) == len(shown)
    records = [json.loads(r[0]) for r in rows]
    return {r["reported"] for r in records if not r["quote_day"]}


def _undated_copies(base: Base) -> Base:
    """The dated articles that report an event as still to come, as if their date were lost
    (new ids, no date, no estimate): the dated reports of the same events can place them."""
    from storyline.stories.timeline import UPCOMING

    out = []
    for article, items in base:
        if any(e.get("status") in UPCOMING for e in items.get("events") or []):
            copy = dataclasses.replace(article, id=f"u-{article.id}", published=None, published_estimate=None)
            mine = {k: [{f: v for f, v in i.items() if f != "article"} for i in v] for k, v in items.items()}
            out.append((copy, mine))
    return out


def test_undated_windows_narrow_from_the_events_written_since_last_time(base: Base, tmp_path: Path) -> None:
    from storyline.api import narrow_undated_windows
    from storyline.store.events import CHANGES, event_changes

    copies = _undated_copies(base)
    assert copies
    for order in ("undated first", "dated first"):
        with Store(tmp_path / f"{order}.db") as store:
            batches = [copies, base] if order == "undated first" else [base, copies]
            for step, batch in enumerate(batches):
                _add(store, iter(batch))
                _resolve(store)
                if step:  # the events the new articles joined, not all: read only their undated articles
                    assert event_changes(store)
                narrow_undated_windows(store)
                store.commit()
            placed = [
                a.id
                for a in store.iter_articles()
                if a.id.startswith("u-") and "dated by other articles" in str(a.published_estimate or {})
            ]
            assert placed, order  # the dated reports placed some of them
            # Reading every undated article again finds nothing the steps left out.
            store.begin_write()
            store.set_meta(CHANGES, "*")
            store.commit()
            assert narrow_undated_windows(store) == 0, order


def test_undated_windows_narrowed_a_batch_at_a_time_are_those_narrowed_at_once(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.api as api
    from storyline.store.events import CHANGES

    copies = _undated_copies(base)
    windows = {}
    for size in (1, 10_000):
        monkeypatch.setattr(api, "WINDOW_BATCH", size)
        with Store(tmp_path / f"batch{size}.db") as store:
            for batch in (copies, base):
                _add(store, iter(batch))
                _resolve(store)
                api.narrow_undated_windows(store)
                store.commit()
            store.begin_write()
            store.set_meta(CHANGES, "*")  # every undated article read again
            store.commit()
            api.narrow_undated_windows(store)
            store.commit()
            windows[size] = {a.id: a.published_estimate for a in store.iter_articles()}
    assert any("dated by other articles" in str(w) for w in windows[1].values())
    assert windows[1] == windows[10_000]


def test_a_replica_a_year_later_is_other_events(base: Base, store_url: str) -> None:
    """The same stories a year later (every date moved on a year) are other events: a report
    that gives no date of its own ("the two leaders met") does not join an event last reported,
    and dated, more than half a year before it."""
    with Store(store_url) as store:
        _add(store, islice(replicas(base, 0), 2 * len(base)))
        _resolve(store)
        events = _events(store)
    assert events
    both = [e for e in events if len({m["article"].split("-", 1)[0] for m in e["mentions"]}) > 1]
    assert not both, [(e["name"], len(e["mentions"])) for e in both]
