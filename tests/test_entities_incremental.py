"""Incremental entities: new articles' chains add to the stored aggregates of the entities they
touch, and what the store then shows is what resolving every chain at once shows.

The inputs are real analyses: the sample corpus and the seeds (their name groups), and their
replicas a year later (``storyline.replicas``), where the same people and organizations come back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

import storyline.resolve
from storyline.api import ingest_paths
from storyline.resolve import export_entities, resolve_entities
from storyline.resolve.entities import (
    ChainRecord,
    EntityAgg,
    GroupResult,
    GroupState,
    chain_records,
    group_key,
    resolve_group,
)
from storyline.store import Store
from storyline.store.entities import iter_mention_items
from tests.conftest import copy_store, new_store_url
from tests.test_events_incremental import Base, _add, analyzed, base  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def real_chains(
    samples_db: Path, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[ChainRecord]:
    path = copy_store(samples_db, tmp_path_factory.mktemp("chains") / "chains.db")
    with Store(path) as store:
        ingest_paths(store, [str(seeds_dir)], processes=1)
        return chain_records(iter_mention_items(store))


def _shown(result: GroupResult) -> dict[str, dict[str, Any]]:
    return {eid: e.to_dict(mentions=False) for eid, e in result.entities.items()}


def _kept(result: GroupResult) -> tuple[dict[str, EntityAgg], GroupState | None]:
    """The group as the store keeps it, through JSON."""
    aggs = {
        eid: EntityAgg.from_dict(json.loads(json.dumps(e.agg.to_dict())))
        for eid, e in result.entities.items()
    }
    state = result.state and GroupState.from_dict(json.loads(json.dumps(result.state.to_dict())))
    return aggs, state


def test_adding_chains_to_stored_groups_shows_what_resolving_them_all_shows(
    real_chains: list[ChainRecord],
) -> None:
    by_group: dict[str, list[ChainRecord]] = defaultdict(list)
    for chain in real_chains:
        if (group := group_key(chain)) is not None:
            by_group[group].append(chain)
    multi = {g: cs for g, cs in by_group.items() if len({c.article for c in cs}) > 1}
    assert len(multi) > 20  # the seeds and the sample share many actors
    added = redone = 0
    for group, chains in multi.items():
        whole = resolve_group(group, chains)
        assert whole is not None
        articles = sorted({c.article for c in chains})
        # The later articles first and the earlier ones new: the result must not hang on order.
        for old_articles in (articles[len(articles) // 2 :], articles[:1], articles[1:]):
            first = resolve_group(group, [c for c in chains if c.article in old_articles])
            assert first is not None
            aggs, state = _kept(first)
            new = [c for c in chains if c.article not in old_articles]
            result = resolve_group(group, new, aggs, state)
            if result is None:
                redone += 1  # a rule's outcome changed for old chains: the caller resolves all
                continue
            added += 1
            assert _shown(result) == _shown(whole), group
    assert added > 10 * max(redone, 1)


def _person(article: str, cluster: int, name: str, titles: tuple[str, ...] = ()) -> ChainRecord:
    chain = ChainRecord(article=article, cluster=cluster, best=name, type="PERSON")
    chain.types["PERSON"] += 1
    chain.names[name] += 1
    chain.titles.update(titles)
    chain.spans.append((0, len(name)))
    return chain


def test_a_change_of_outcome_for_old_chains_asks_for_the_whole_group() -> None:
    # A longer first name of the same person takes over the head: the entity id changes.
    first = resolve_group("person:okafor", [_person("a1", 0, "Tobi Okafor"), _person("a2", 0, "Okafor")])
    assert first is not None and set(first.entities) == {"person:tobi-okafor"}
    aggs, state = _kept(first)
    assert resolve_group("person:okafor", [_person("a3", 0, "Tobias Okafor")], aggs, state) is None
    # A second full name with the surname: the old bare "Okafor" no longer has one candidate.
    assert resolve_group("person:okafor", [_person("a3", 0, "Ada Okafor")], aggs, state) is None
    # The same person again changes no outcome: the chains are added.
    added = resolve_group(
        "person:okafor", [_person("a3", 0, "Tobi Okafor"), _person("a3", 1, "Okafor")], aggs, state
    )
    assert added is not None
    assert added.entities["person:tobi-okafor"].agg.articles == 3
    whole = resolve_group(
        "person:okafor",
        [
            _person(a, c, n)
            for a, c, n in [
                ("a1", 0, "Tobi Okafor"),
                ("a2", 0, "Okafor"),
                ("a3", 0, "Tobi Okafor"),
                ("a3", 1, "Okafor"),
            ]
        ],
    )
    assert whole is not None and _shown(added) == _shown(whole)


def _no_chain_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> Any:
        raise AssertionError("stored chains were read where new ones should have been added")

    monkeypatch.setattr(storyline.resolve, "iter_mention_items", refuse)
    monkeypatch.setattr(storyline.resolve, "group_chains", refuse)


def test_new_articles_add_to_the_stored_entities_without_reading_old_chains(
    base: Base,  # noqa: F811
    store_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.replicas import replicas

    with Store(store_url) as store:
        _add(store, islice(replicas(base, 0), 3 * len(base)))
        resolve_entities(store)
        with monkeypatch.context() as patch:
            _no_chain_reads(patch)  # the big groups (Trump, the Kremlin) take new chains as sums
            _add(store, islice(replicas(base, 3), len(base) // 2))
            resolve_entities(store)
            _add(store, islice(replicas(base, 3), len(base) // 2, len(base)))
            count = resolve_entities(store)
        stepwise = export_entities(store)
    assert count == len(stepwise)
    with Store(new_store_url(store_url, tmp_path, "whole")) as store:
        _add(store, islice(replicas(base, 0), 4 * len(base)))
        resolve_entities(store, full=True)
        whole = export_entities(store)
    assert stepwise == whole
    assert max(e["articles"] for e in stepwise) >= 4
