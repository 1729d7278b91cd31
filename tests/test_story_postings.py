"""Story candidates from the postings in the store: the stories an article is compared with
are those sharing most of its telling keys, counted in SQL, in the order a count over every
posting gives (ties: the story met first, going through the keys in order)."""

from __future__ import annotations

import random
from collections import Counter

import sqlalchemy as sa

from storyline.store import Store, schema
from storyline.store.stories import SqliteIndex


def _by_counting_every_posting(
    postings: dict[str, list[str]], keys: list[str], max_posting: int
) -> Counter[str]:
    hits: Counter[str] = Counter()
    for key in keys:
        posted = sorted(postings.get(key, []))
        if posted and len(posted) <= max_posting:
            hits.update(posted)
    return hits


def test_top_candidates_counted_in_sql_are_those_of_a_count_over_every_posting(store_url: str) -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)] + [f"e:person:p{i}" for i in range(15)]
    postings: dict[str, list[str]] = {}
    for key in words:
        # Some keys are posted by many stories (past the cap: they say nothing), most by few.
        n = rng.choice([1, 2, 3, 5, 8, 13, 40])
        postings[key] = sorted(rng.sample([f"story:{i:03d}" for i in range(120)], n))
    with Store(store_url) as store:
        store.conn.execute(
            schema.story_postings.insert(),
            [{"key": k, "story_id": s} for k, ss in postings.items() for s in ss],
        )
        store.commit()
        index = SqliteIndex(store)
        for trial in range(25):
            keys = rng.sample(words, 30) + rng.sample(words, 2)  # two keys given twice
            want = _by_counting_every_posting(postings, keys, max_posting=20).most_common(10)
            got = index.stories_posted(keys, 20, limit=10).most_common(10)
            assert got == want, trial
            full = index.stories_posted(keys, 20)
            assert full == _by_counting_every_posting(postings, keys, max_posting=20)
        assert index.stories_posted(["w-none"], 20, limit=10) == Counter()
        count = store.conn.execute(sa.select(sa.func.count()).select_from(schema.story_postings)).scalar_one()
        assert count == sum(len(v) for v in postings.values())


def test_document_frequencies_kept_until_the_next_document_is_counted(store_url: str) -> None:
    """The index keeps the frequencies it read (a batch places its clusters between two counts)
    and forgets them when it counts a document: what it answers is always what is stored."""
    with Store(store_url) as store:
        index = SqliteIndex(store)
        index.count_document(["dam", "summit", "summit"])
        assert index.document_frequencies(["dam", "summit", "river"]) == {"dam": 1, "summit": 1}
        assert index.document_count() == 1
        index.count_document(["summit", "river"])
        assert index.document_frequencies(["summit", "river", "dam"]) == {"summit": 2, "river": 1, "dam": 1}
        assert index.document_count() == 2
        # asked with a generator (as the merge step asks for entity keys), read or kept
        assert index.document_frequencies(k for k in ["river", "lake"]) == {"river": 1}
        assert index.document_frequencies(k for k in ["lake", "dam"]) == {"dam": 1}
        stored = dict(store.conn.execute(sa.select(schema.story_df.c.key, schema.story_df.c.df)).all())
        assert stored == {"dam": 1, "summit": 2, "river": 1}
