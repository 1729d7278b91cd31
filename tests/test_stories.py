"""Stories (issue 13): incremental grouping, stable ids, overrides, timelines and conflicts.

Unit tests use invented articles and hand-built events; the corpus tests read samples/ and
../shared at run time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.store import Store
from storyline.stories import group_pending, grouping, list_stories, merge_stories, regroup, split_story
from storyline.stories.grouping import MemoryIndex, assign_article, features
from storyline.stories.timeline import (
    briefing_markdown,
    changes_since,
    conflicts_and_updates,
    independent_sources,
    narrow_windows,
    story_timeline,
)

DAM = [
    "The Orlan river dam talks between Vessia and Kartan resumed in Brelle, where engineers argued over reservoir levels.",
    "Negotiators from Vessia and Kartan met again in Brelle over the Orlan dam and its reservoir, engineers said.",
    "The Orlan dam dispute: Kartan says the reservoir starves its farms; Vessia engineers reject the claim in Brelle.",
    "Brelle talks on the Orlan reservoir collapse as Kartan walks out; Vessia blames the dam engineers' report.",
]
TRIAL = [
    "The trial of banker Ilse Marrow opened in Tavos; prosecutors accuse her of hiding funds in shell companies.",
    "Marrow's lawyers told the Tavos court the shell companies were legal and the funds declared.",
    "A Tavos jury heard a former clerk testify that Ilse Marrow ordered the shell company transfers.",
]
ENTS = {"dam": {"vessia", "kartan", "brelle", "orlan"}, "trial": {"ilse marrow", "tavos"}}


def _feats(day0: dt.date = dt.date(2031, 5, 1)) -> list[grouping.ArticleFeatures]:
    out = []
    for i, (dam, trial) in enumerate(zip(DAM, [*TRIAL, None], strict=True)):
        out.append(features(f"dam{i}", dam, entities=ENTS["dam"], day=day0 + dt.timedelta(days=i)))
        if trial:
            out.append(features(f"trial{i}", trial, entities=ENTS["trial"], day=day0 + dt.timedelta(days=i)))
    return out


def _clusters(index: MemoryIndex) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in index.clusters()}


def test_invented_articles_form_two_stories() -> None:
    index = MemoryIndex()
    for f in _feats():
        assign_article(index, f)
    assert _clusters(index) == {
        frozenset(f"dam{i}" for i in range(4)),
        frozenset(f"trial{i}" for i in range(3)),
    }


def test_story_ids_stay_stable_as_articles_arrive() -> None:
    index = MemoryIndex()
    feats = _feats()
    for f in feats[:2]:
        assign_article(index, f)
    early = {a: index.story_of(a) for a in ("dam0", "trial0")}
    for f in feats[2:]:
        assign_article(index, f)
    assert {a: index.story_of(a) for a in ("dam0", "trial0")} == early
    assert early["dam0"] == grouping.story_id_for("dam0")


def test_far_apart_dates_start_a_new_story() -> None:
    index = MemoryIndex()
    assign_article(index, features("a", DAM[0], entities=ENTS["dam"], day=dt.date(2031, 1, 1)))
    decision = assign_article(index, features("b", DAM[1], entities=ENTS["dam"], day=dt.date(2032, 6, 1)))
    assert decision.new_story


def test_a_merge_keeps_the_older_id_and_is_recorded() -> None:
    index = MemoryIndex()
    assign_article(index, features("x", DAM[0], entities=ENTS["dam"]))
    assign_article(index, features("y", TRIAL[0], entities=ENTS["trial"]))
    kept = grouping.merge_stories(index, index.story_of("y") or "", index.story_of("x") or "")
    assert kept == grouping.story_id_for("x")
    assert index.story_of("y") == kept
    assert index.merges[-1].absorbed == grouping.story_id_for("y")


# -- the store: incremental grouping and overrides (no model needed) ----------------------------


def _add(store: Store, article_id: str, text: str, day: str) -> None:
    store.add_article(Article(id=article_id, source="test", text=text, published=day), article_id, None)
    store.save_analysis(article_id, {}, version=1)
    store.commit()


def test_overrides_survive_new_articles_and_regroup(store_url: str) -> None:
    with Store(store_url) as store:
        for i, text in enumerate(DAM[:3]):
            _add(store, f"dam{i}", text, f"2031-05-0{i + 1}")
        _add(store, "trial0", TRIAL[0], "2031-05-01")
        group_pending(store)
        dam_story = grouping.story_id_for("dam0")
        assert {r["id"]: r["articles"] for r in list_stories(store)} == {
            dam_story: 3,
            grouping.story_id_for("trial0"): 1,
        }
        new_id = split_story(store, dam_story, ["dam2"])
        merged = merge_stories(store, grouping.story_id_for("trial0"), dam_story)
        assert merged == dam_story  # the older story keeps its id
        _add(store, "dam3", DAM[3], "2031-05-04")
        _add(store, "trial1", TRIAL[1], "2031-05-02")
        group_pending(store)
        before = {r["id"]: set(r["article_ids"]) for r in list_stories(store)}
        assert "dam2" in before[new_id] and "trial0" in before[dam_story]
        regroup(store)
        after = {r["id"]: set(r["article_ids"]) for r in list_stories(store)}
        # replaying the stream may place unpinned articles differently; the overrides hold
        assert after[new_id] == {"dam2"} and {"dam0", "dam1", "trial0"} <= after[dam_story]


# -- timelines and conflicts over hand-built events -----------------------------------------------

ARTICLES = [
    {"id": "a1", "outlet": "Wire One", "published": "2031-03-02", "duplicate_of": None},
    {"id": "a2", "outlet": "Copy Site", "published": "2031-03-02", "duplicate_of": "a1"},
    {"id": "a3", "outlet": "Daily Post", "published": "2031-03-03", "duplicate_of": None},
    {"id": "a4", "outlet": "Aggregator", "published": "2031-03-16", "duplicate_of": None},
    {"id": "a5", "outlet": "Daily Post", "published": "2031-03-16", "duplicate_of": None},
    {"id": "a7", "outlet": "Daily Post", "published": "2031-03-10", "duplicate_of": None},
    {"id": "a8", "outlet": "Wire One", "published": "2031-03-10", "duplicate_of": None},
    {
        "id": "a6",
        "outlet": "Undated News",
        "published": None,
        "duplicate_of": None,
        # its own text only says "this year": a wide window the events can narrow
        "published_estimate": {"earliest": "2031-01-01", "latest": "2031-12-31", "evidence": ["this year"]},
    },
]
CITATIONS = [{"article": "a4", "citing": "Aggregator", "cited": "Daily Post"}]


def _report(status: str, day: str, article: str, **extra: object) -> dict[str, object]:
    return {
        "status": status,
        "reported": day,
        "said_by": None,
        "article": article,
        "start": 0,
        "end": 5,
        "text": f"{status} text",
        "cue": status,  # a word states it, as in the stored history (a passing mention: cue=None)
        **extra,
    }


SUMMIT = {
    "id": "ev-summit",
    "type": "summit",
    "name": "Brelle summit",
    "participants": ["p1", "p2"],
    "place": "Brelle",
    "date": {"value": "2031-03-20", "granularity": "day"},
    "status": "postponed",
    "history": [
        _report("planned", "2031-03-02", "a1"),
        _report("planned", "2031-03-02", "a2"),
        _report("planned", "2031-03-03", "a3"),
        _report("planned", "2031-03-05", "a6"),
        _report("postponed", "2031-03-16", "a4"),
        _report("postponed", "2031-03-16", "a5"),
    ],
    "mentions": [{"article": a, "start": 0, "end": 5} for a in ("a1", "a2", "a3", "a4", "a5", "a6")],
}
PREP = {
    "id": "ev-prep",
    "type": "meeting",
    "name": "ministers prepare",
    "participants": ["p3"],
    "place": "Brelle",
    "date": {"value": "2031-03", "granularity": "month"},
    "status": "planned",
    "history": [
        _report("planned", "2031-03-10", "a7", date={"value": "2031-03-12"}),
        _report("planned", "2031-03-10", "a8", date={"value": "2031-03-13"}),
    ],
    "mentions": [{"article": "a7", "start": 0, "end": 5}, {"article": "a8", "start": 0, "end": 5}],
}


def test_copies_and_re_reports_count_once() -> None:
    by_id = {a["id"]: a for a in ARTICLES}
    # a2 is a copy of a1; a4 re-reports Daily Post, whose own articles are a3 and a5
    assert independent_sources(["a1", "a2", "a3", "a4", "a5"], by_id, CITATIONS) == 2


def test_timeline_orders_events_and_keeps_first_report() -> None:
    timeline = story_timeline([SUMMIT, PREP], ARTICLES, CITATIONS)
    assert [e["event"] for e in timeline] == ["ev-prep", "ev-summit"]  # 2031-03 sorts before 2031-03-20
    summit = timeline[1]
    assert summit["first_reported"] == {"date": "2031-03-02", "article": "a1", "outlet": "Wire One"}
    assert summit["independent_sources"] == 3  # Wire One, Daily Post, Undated News
    assert summit["status"] == "postponed"


def test_conflicting_dates_and_a_status_update() -> None:
    found = conflicts_and_updates([SUMMIT, PREP], ARTICLES, CITATIONS)
    conflicts = [c for c in found if c["kind"] == "conflict"]
    assert [(c["event"], c["field"]) for c in conflicts] == [("ev-prep", "date")]
    assert {r["outlet"] for r in conflicts[0]["reports"]} == {"Daily Post", "Wire One"}
    updates = [c for c in found if c["kind"] == "update"]
    assert updates and all(u["event"] == "ev-summit" and u["field"] == "status" for u in updates)
    assert all(u["reports"][1]["value"] == "postponed" for u in updates)


def test_a_status_no_word_states_is_no_conflict_and_a_change_is_one_update() -> None:
    """A mention in passing (held by default, ``cue`` empty) neither conflicts with a stated
    status nor makes an update; a change is one update, from the last report of the old status
    to the first of the new one, however many reports repeat either."""
    history = [
        _report("planned", "2031-03-02", "a1", cue="will"),
        _report("held", "2031-03-02", "a3", cue=None),  # "the talks ..." in passing
        _report("planned", "2031-03-05", "a6", cue="due"),
        _report("planned", "2031-03-05", "a6", cue="will", start=40),
        _report("postponed", "2031-03-16", "a4", cue="postponed"),
        _report("postponed", "2031-03-16", "a5", cue="put off"),
    ]
    found = conflicts_and_updates([dict(SUMMIT, history=history)], ARTICLES, CITATIONS)
    assert [(f["kind"], *(r["value"] for r in f["reports"])) for f in found] == [
        ("update", "planned", "postponed")
    ]
    (update,) = found
    assert [r["reported"] for r in update["reports"]] == ["2031-03-05", "2031-03-16"]
    # the same history with the passing mention stated ("were held") is a conflict again
    stated = [dict(h, cue="were held") if h["status"] == "held" else h for h in history]
    kinds = [f["kind"] for f in conflicts_and_updates([dict(SUMMIT, history=stated)], ARTICLES, CITATIONS)]
    assert "conflict" in kinds


def test_changes_since_a_date() -> None:
    timeline = story_timeline([SUMMIT, PREP], ARTICLES, CITATIONS)
    found = conflicts_and_updates([SUMMIT, PREP], ARTICLES, CITATIONS)
    changed = changes_since(timeline, found, "2031-03-08")
    assert [e["event"] for e in changed["new_events"]] == ["ev-prep"]
    assert [(c["event"], c["from"], c["status"]) for c in changed["status_changes"]] == [
        ("ev-summit", "planned", "postponed")
    ]
    assert len(changed["new_conflicts"]) == 1
    assert changes_since(timeline, found, "2031-04-01") == {
        "new_events": [],
        "status_changes": [],
        "new_conflicts": [],
    }


def test_an_undated_article_reporting_an_upcoming_event_was_published_before_it() -> None:
    windows = narrow_windows([SUMMIT], ARTICLES)
    assert windows["a6"]["latest"] == "2031-03-20"
    assert "upcoming" in windows["a6"]["evidence"][-1] or "planned" in windows["a6"]["evidence"][-1]
    assert windows["a6"]["earliest"] == "2031-01-01"
    assert set(windows) == {"a6"}  # dated articles are left alone


def test_an_undated_article_with_no_window_is_bounded_by_an_upcoming_event() -> None:
    """issue 13 (seed 004): an article with no date and no window of its own that reports as
    upcoming an event dated articles place on 2031-03-20 was published by then; nothing bounds it
    from below, and a dated article is left alone."""
    articles = [dict(a, published_estimate=None) if a["id"] == "a6" else a for a in ARTICLES]
    windows = narrow_windows([SUMMIT], articles)
    assert set(windows) == {"a6"}
    assert windows["a6"]["latest"] == "2031-03-20" and windows["a6"]["earliest"] is None
    assert "dated by other articles" in windows["a6"]["evidence"][-1]


def test_held_alone_does_not_invent_a_window() -> None:
    held = dict(SUMMIT, history=[_report("held", "2031-03-21", "a3"), _report("held", "2031-03-22", "a6")])
    articles = [dict(a, published_estimate=None) if a["id"] == "a6" else a for a in ARTICLES]
    assert narrow_windows([held], articles) == {}


def test_briefing_is_markdown_with_sources_and_conflicts() -> None:
    timeline = story_timeline([SUMMIT, PREP], ARTICLES, CITATIONS)
    text = briefing_markdown("Brelle summit", timeline, conflicts_and_updates([PREP], ARTICLES), ARTICLES)
    assert text.startswith("# Brelle summit")
    assert "3 independent source(s)" in text and "→ 2031-03-16: postponed" in text
    assert "## Conflicts" in text and "Daily Post says 2031-03-12" in text


def test_briefing_keeps_a_long_run_short_and_names_undated_sources() -> None:
    """A run of one status shows its first reports and names who said the rest; an undated
    report says so, and an article with no outlet is named by its title, not its hash id.
    Undated reports have no order: one group per status, no change marked between them."""
    proposals = [_report("proposed", "", f"u{i}", said_by=f"Speaker {i}") for i in range(8)]
    denial = _report("denied", "", "u0", said_by="Speaker 0")
    event = dict(SUMMIT, history=[*proposals[:4], denial, *proposals[4:]])
    articles = [
        {"id": f"u{i}", "published": None, "outlet": None, "title": f"Undated piece {i}"} for i in range(8)
    ]
    text = briefing_markdown("t", story_timeline([event], articles), [], articles)
    assert "no dated report" in text and "undated: proposed — Speaker 0 (“Undated piece 0”)" in text
    assert "… 6 more report(s) of proposed: Speaker 2, Speaker 3, Speaker 4, Speaker 5 and 2 more" in text
    assert "  - undated: denied — Speaker 0" in text and "→" not in text
    assert text.index("more report(s) of proposed") < text.index("undated: denied")
    assert text.count(": proposed —") == 2 and "u0" not in text.replace("Speaker", "")


def test_briefing_sets_mentions_in_passing_apart() -> None:
    """A report whose status no word states is no claim: not a change in the briefing's history."""
    passing = _report("held", "2031-03-05", "a9", cue=None, said_by="Farmers")
    event = dict(
        SUMMIT,
        history=[_report("planned", "2031-03-02", "a1"), passing, _report("planned", "2031-03-06", "a2")],
    )
    text = briefing_markdown("t", story_timeline([event], ARTICLES), [], ARTICLES)
    assert ": held —" not in text and "→" not in text
    assert "also named in passing, no status stated: 1 report(s) (Farmers)" in text


def test_briefing_lists_background_events_once_per_name() -> None:
    """Events named once in passing are summed up by name, with how many bear it."""
    entries = [
        {"event": f"e{i}", "name": "agreement, 2019", "background": True, "history": []} for i in range(3)
    ]
    entries.append({"event": "e9", "name": "announcement", "background": True, "history": []})
    text = briefing_markdown("t", entries, [], [])
    assert "Also named once, in passing: 4 events (agreement, 2019 ×3; announcement)." in text


# -- real corpora ---------------------------------------------------------------------------------


@pytest.mark.model
def test_sample_corpus_is_one_story(samples_dir: Path, tmp_path: Path) -> None:
    from storyline.api import ingest_paths

    with Store(tmp_path / "s.db") as store:
        ingest_paths(store, [str(samples_dir)])
        rows = list_stories(store)
        assert [r["articles"] for r in rows] == [store.count_articles()]
        assert "summit" in rows[0]["title"].lower()


@pytest.mark.model
def test_seeds_are_one_story_of_five(seeds_dir: Path, tmp_path: Path) -> None:
    from storyline.api import ingest_paths

    with Store(tmp_path / "s.db") as store:
        ingest_paths(store, [str(seeds_dir)])
        assert [r["articles"] for r in list_stories(store)] == [5]


def test_numbers_weigh_more_than_common_words() -> None:
    from storyline.stories.grouping import NUMBER_BOOST, term_weights

    weights = term_weights("The quake of magnitude 6.4 shook the valley town of Orrin in 2031.")
    assert NUMBER_BOOST > 1.0
    assert weights["6.4"] == pytest.approx(weights["2031"])
    assert weights["6.4"] == pytest.approx(NUMBER_BOOST * weights["valley"])


def test_dated_years_are_years_given_with_a_month() -> None:
    from storyline.stories.grouping import dated_years

    text = "On March 4, 2031 the dam opened; 12 May 2030 was the vote. It was planned since 2019."
    assert dated_years(text) == {2030, 2031}
    assert dated_years("see example.org / 2029 / 11 / dam - opens") == {2029}


def test_undated_articles_dating_their_news_in_other_years_do_not_join() -> None:
    index = MemoryIndex()
    first = assign_article(index, features("a", DAM[0], entities=ENTS["dam"], years=[2031]))
    same = assign_article(index, features("b", DAM[1], entities=ENTS["dam"], years=[2031]))
    other = assign_article(index, features("c", DAM[2], entities=ENTS["dam"], years=[2024]))
    assert same.story == first.story
    assert other.new_story and other.story != first.story


@pytest.mark.gate
def test_ecbplus_story_grouping_gate_on_train_topics(data_dir: Path) -> None:
    from storyline.evaluate import evaluate

    result = evaluate("stories", [data_dir / "ecbplus" / "documents.jsonl"], split="train")
    assert result["documents"] == 575
    assert result["file_order"]["b_cubed"]["f1"] >= 0.98  # measured 0.998 (in sample; out of fold 0.964)
    assert result["shuffled"]["b_cubed"]["f1"] >= 0.98  # measured 0.998


def test_story_commands(store_url: str) -> None:
    import json

    from click.testing import CliRunner

    from storyline.cli import main

    db = store_url
    with Store(db) as store:
        for i, text in enumerate(DAM[:3]):
            _add(store, f"dam{i}", text, f"2031-05-0{i + 1}")
        group_pending(store)
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", str(db), "stories", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["articles"] for r in rows] == [3] and rows[0]["independent_sources"] == 3
    story = rows[0]["id"]
    for args in (
        ["story", story],
        ["timeline", story],
        ["timeline", story, "--format", "json"],
        ["conflicts", story],
    ):
        result = runner.invoke(main, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
    split = runner.invoke(main, ["--db", str(db), "stories", "split", story, "--article", "dam2"])
    assert split.exit_code == 0 and "into S" in split.output
    missing = runner.invoke(main, ["--db", str(db), "story", "Snope"])
    assert missing.exit_code == 1 and "E251" in missing.output
    overrides = runner.invoke(main, ["--db", str(db), "stories", "overrides", "--json"])
    assert [o["action"] for o in json.loads(overrides.output)] == ["split"]


def test_candidates_are_bounded_not_all_stories() -> None:
    import random

    rng = random.Random(7)
    vocabulary = [f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}x" for i in range(3000)]

    class CountingIndex(MemoryIndex):
        loads = 0

        def load_story(self, story_id: str) -> grouping.Story | None:
            CountingIndex.loads += 1
            return super().load_story(story_id)

    index = CountingIndex()
    shared = " ".join(vocabulary[:5])  # a few words every article has
    for i in range(300):
        words = " ".join(rng.sample(vocabulary[5:], 30))
        assign_article(index, features(f"a{i}", f"{shared} {words}"))
    CountingIndex.loads = 0
    assign_article(index, features("new", f"{shared} " + " ".join(rng.sample(vocabulary[5:], 30))))
    assert len(index.stories) > 100
    assert CountingIndex.loads <= grouping.MAX_CANDIDATES


def test_listing_stories_is_a_read(tmp_path: Path) -> None:
    """issue 13: `storyline stories` groups nothing; grouping happens when articles are analyzed."""
    from click.testing import CliRunner

    from storyline.cli import main
    from storyline.store.stories import ungrouped_articles

    db = tmp_path / "s.db"
    with Store(db) as store:
        _add(store, "dam0", DAM[0], "2031-05-01")
    listed = CliRunner().invoke(main, ["--db", str(db), "stories", "--json"])
    assert listed.exit_code == 0 and listed.output.strip() == "[]"
    with Store(db) as store:
        assert ungrouped_articles(store) == ["dam0"]
