"""A yearless wire dateline dated by the dated articles that report the same events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from storyline.store import Store
from storyline.stories.datelines import MAX_GAP_DAYS, date_datelines, dateline_month_day, year_for

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_month_day_read_only_from_a_yearless_dateline() -> None:
    assert dateline_month_day([{"kind": "dateline", "text": "OSLO, Sept. 9 (XYZ) —"}]) == (
        9,
        9,
        "OSLO, Sept. 9 (XYZ) —",
    )
    assert dateline_month_day([{"kind": "dateline", "text": "OSLO, Sept. 9, 2024 (XYZ) —"}]) is None
    assert dateline_month_day([{"kind": "credit", "text": "March 3 (XYZ)"}]) is None
    assert dateline_month_day([{"kind": "dateline", "text": "OSLO (XYZ) —"}]) is None


def test_year_nearest_the_dated_reports() -> None:
    dated = [dt.date(2025, 12, 28), dt.date(2026, 1, 4)]
    # Late December next to early-January reports: the December before, not the one after.
    assert year_for(12, 30, dated) == (dt.date(2025, 12, 30), dt.date(2025, 12, 28))
    assert year_for(1, 2, dated) == (dt.date(2026, 1, 2), dt.date(2026, 1, 4))
    # A day months from every report dates nothing: the reports are about something else.
    far = dt.date(2026, 1, 4) + dt.timedelta(days=MAX_GAP_DAYS + 60)
    assert year_for(far.month, far.day, dated) is None
    assert year_for(2, 30, dated) is None


def test_only_articles_sharing_an_event_with_a_dated_one() -> None:
    removed = [{"kind": "dateline", "text": "LISK, May 2 (XYZ) —"}]
    articles: list[dict[str, Any]] = [
        {"id": "a", "published": None, "published_estimate": None},
        {"id": "b", "published": "2031-05-03", "published_estimate": None},
        {"id": "c", "published": None, "published_estimate": None},
    ]
    events = [
        {"mentions": [{"article": "a"}, {"article": "b"}], "history": []},
        {"mentions": [{"article": "c"}], "history": []},
    ]
    found = date_datelines(events, articles, {"a": removed, "c": removed})
    assert set(found) == {"a"}
    assert (found["a"]["earliest"], found["a"]["latest"], found["a"]["basis"]) == (
        "2031-05-02",
        "2031-05-02",
        "dateline",
    )
    # Once dated by its dateline, an article is not dated again.
    articles[0]["published_estimate"] = found["a"]
    assert date_datelines(events, articles, {"a": removed}) == {}


def _gold_published(label: str) -> str:
    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))
    return next(a["published"] for a in gold["articles"] if a["file"] == label)


def test_sample_wire_stories_dated_from_their_datelines(samples_db: Path) -> None:
    """The sample corpus's two agency stories carry yearless datelines and no other date: each
    gets the day its dateline writes, in the year of the other outlets' reports, and its
    relative dates then resolve against that day."""
    with Store(samples_db, create=False) as store:
        rows = {
            r["source"]: r
            for r in store.conn.exec_driver_sql(
                "SELECT id, source, published, published_estimate FROM articles"
            ).mappings()
        }
        checked = 0
        for name in ("01_nwa_summit_announced.txt", "06_nwa_summit_postponed.txt"):
            row = next(r for s, r in rows.items() if s.endswith(name))
            assert row["published"] is None
            estimate = json.loads(row["published_estimate"])
            expected = _gold_published(f"corpus/{name}")
            assert (estimate["earliest"], estimate["latest"], estimate["basis"]) == (
                expected,
                expected,
                "dateline",
            )
            times = store.times(row["id"])
            # "said on Monday": the Monday of the week the story was filed, now that its day is known.
            day = dt.date.fromisoformat(expected)
            mondays = [
                dt.date.fromisoformat(t.value) for t in times if t.text == "Monday" and len(t.value) == 10
            ]
            assert mondays, name
            assert all(m.weekday() == 0 and 0 <= (day - m).days < 7 for m in mondays), (name, mondays)
            checked += 1
        assert checked == 2


def test_dated_dateline_survives_a_second_ingest(samples_db: Path, tmp_path: Path) -> None:
    name = "01_nwa_summit_announced.txt"
    from storyline.api import ingest_paths
    from tests.conftest import copy_store

    db = copy_store(samples_db, tmp_path / "again.db")
    with Store(db) as store:
        report = ingest_paths(store, [str(SAMPLES / "corpus")], processes=1)
        assert report.stored == 0
        row = next(
            r
            for r in store.conn.exec_driver_sql("SELECT source, published_estimate FROM articles").mappings()
            if r["source"].endswith(name)
        )
        assert json.loads(row["published_estimate"])["basis"] == "dateline"
