"""Cross-article entity resolution: rules on synthetic mention items (no model), overrides and
speaker lookup through a real store, and the seed articles end to end (model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.models import Article, Mention
from storyline.resolve import (
    export_entities,
    merge_entities,
    resolve_entities,
    speaker_entity_lookup,
    split_entity,
)
from storyline.resolve.entities import chain_records, resolve_chains
from storyline.store import Store


def mention(article: str, cluster: int, text: str, start: int, **extra: Any) -> dict[str, Any]:
    item = {
        "article": article,
        "start": start,
        "end": start + len(text),
        "text": text,
        "type": "PERSON",
        "name": text,
        "cluster": cluster,
        "kind": "name",
        "titles": [],
    }
    item.update(extra)
    return item


def entities_of(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in resolve_chains(chain_records(Mention.from_dict(i) for i in items))]


def by_name(entities: list[dict[str, Any]], name: str) -> dict[str, Any]:
    matches = [e for e in entities if e["name"] == name or name in e["aliases"]]
    assert len(matches) == 1, (name, [e["name"] for e in entities])
    return matches[0]


def test_transliteration_variants_merge_with_their_reason() -> None:
    entities = entities_of(
        [
            mention("a1", 0, "Sergey Lavrov", 0),
            mention("a2", 0, "Sergei Lavrov", 0),
            mention("a3", 0, "Volodymyr Zelensky", 0),
            mention("a4", 0, "Volodymyr Zelenskyy", 0),
        ]
    )
    assert len(entities) == 2
    lavrov = by_name(entities, "Sergei Lavrov")
    assert {m["reason"] for m in lavrov["merges"]} >= {"variant spelling"}
    assert {m["article"] for m in lavrov["mentions"]} == {"a1", "a2"}


def test_different_people_stay_apart() -> None:
    entities = entities_of(
        [
            mention("a1", 0, "Vladimir Putin", 0),
            mention("a1", 1, "Donald Trump", 20),
            mention("a2", 0, "Donald Trump", 0),
            mention("a2", 1, "Melania Trump", 20),
        ]
    )
    names = sorted(e["name"] for e in entities)
    assert names == ["Donald Trump", "Melania Trump", "Vladimir Putin"]


def test_bare_surname_joins_the_only_full_name_and_waits_when_ambiguous() -> None:
    alone = entities_of([mention("a1", 0, "Marco Rubio", 0), mention("a2", 0, "Rubio", 0)])
    assert len(alone) == 1 and "surname" in alone[0]["merges"][-1]["reason"]

    ambiguous = entities_of(
        [
            mention("a1", 0, "Donald Trump", 0, titles=["President"]),
            mention("a2", 0, "Melania Trump", 0, titles=["First Lady"]),
            mention("a3", 0, "Trump", 0),
        ]
    )
    assert len(ambiguous) == 3  # nothing says which Trump

    titled = entities_of(
        [
            mention("a1", 0, "Donald Trump", 0, titles=["US President"]),
            mention("a2", 0, "Melania Trump", 0, titles=["First Lady"]),
            mention("a3", 0, "Trump", 0, titles=["President"]),
        ]
    )
    donald = by_name(titled, "Donald Trump")
    assert {m["reason"] for m in donald["merges"]} == {"title match"}


def test_metonyms_stay_organizations_linked_to_their_country() -> None:
    entities = entities_of(
        [
            mention("a1", 0, "Vladimir Putin", 0),
            mention("a1", 1, "Kremlin", 20, type="ORG", country="Russia"),
            mention("a2", 0, "Kremlin", 0, type="ORG", country="Russia"),
            mention("a2", 1, "Moscow", 10, type="GPE", country="Russia"),
        ]
    )
    kremlin = by_name(entities, "Kremlin")
    assert kremlin["type"] == "ORG" and kremlin["country"] == "Russia"
    assert len(kremlin["mentions"]) == 2
    assert by_name(entities, "Moscow")["type"] == "GPE"
    assert by_name(entities, "Vladimir Putin")["id"] not in {kremlin["id"]}


def test_pronouns_and_descriptions_follow_their_chain_but_never_found_one() -> None:
    entities = entities_of(
        [
            mention("a1", 0, "Dmitry Peskov", 0, titles=["Kremlin spokesman"]),
            mention("a1", 0, "the spokesman", 40, kind="nominal", name="Dmitry Peskov"),
            mention("a1", 0, "he", 60, kind="pronoun", name="Dmitry Peskov"),
            mention("a1", 1, "a senior official", 80, kind="nominal"),
        ]
    )
    assert len(entities) == 1
    assert len(entities[0]["mentions"]) == 3
    assert entities[0]["titles"] == ["Kremlin spokesman"]


def test_entity_ids_do_not_depend_on_order_or_spelling() -> None:
    items = [mention("a1", 0, "Sergei Lavrov", 0), mention("a2", 0, "Sergey Lavrov", 0)]
    forward = entities_of(items)[0]["id"]
    backward = entities_of(list(reversed(items)))[0]["id"]
    only_one = entities_of(items[1:])[0]["id"]
    assert forward == backward == only_one


def _store_with(tmp_path: Path, items: list[dict[str, Any]]) -> Store:
    store = Store(tmp_path / "entities.db")
    by_article: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_article.setdefault(item["article"], []).append({k: v for k, v in item.items() if k != "article"})
    for article_id, article_items in by_article.items():
        store.add_article(Article(id=article_id, source="test", text="x" * 200), article_id, None)
        store.save_analysis(article_id, {"mentions": article_items}, 1)
    store.commit()
    return store


def test_overrides_survive_re_resolution_and_new_articles(tmp_path: Path) -> None:
    store = _store_with(
        tmp_path,
        [
            mention("a1", 0, "Steve Witkoff", 0),
            mention("a2", 0, "Steven Witkoff", 0),
            mention("a3", 0, "Pavel Zarubin", 0),
            mention("a3", 1, "Todd Starnes", 30),
        ],
    )
    with store:
        assert resolve_entities(store) == 3  # Steve/Steven joined as a short first name
        merge_entities(store, "Pavel Zarubin", "Todd Starnes")
        split_entity(store, "Witkoff", article="a2")
        # Re-processing: analyze a new article and resolve from scratch.
        store.add_article(Article(id="a4", source="test", text="x" * 200), "a4", None)
        store.save_analysis("a4", {"mentions": [{**mention("a4", 0, "Todd Starnes", 0)}]}, 1)
        store.commit()
        assert resolve_entities(store) == 3
        entities = export_entities(store)
    zarubin = by_name(entities, "Pavel Zarubin")
    assert {m["article"] for m in zarubin["mentions"]} == {"a3", "a4"}
    assert any(m["reason"] == "user override: merge" for m in zarubin["merges"])
    witkoffs = [e for e in entities if "Witkoff" in e["name"]]
    assert sorted(len(e["mentions"]) for e in witkoffs) == [1, 1]


def test_speaker_lookup_prefers_the_person_in_a_titled_span(tmp_path: Path) -> None:
    store = _store_with(
        tmp_path,
        [
            mention("a1", 0, "Kremlin", 0, type="ORG", country="Russia"),
            mention("a1", 1, "Dmitry Peskov", 18, titles=["Kremlin spokesman"]),
        ],
    )
    with store:
        resolve_entities(store)
        lookup = speaker_entity_lookup(store)
        assert lookup("a1", 0, 31) == "person:dmitri-peskov"  # "Kremlin spokesman Dmitry Peskov"
        assert lookup("a1", 0, 7) == "org:kremlin"
        assert lookup("a1", 100, 120) is None
        assert lookup("missing", 0, 10) is None


# -- the seed articles, end to end ---------------------------------------------------------------

ACTORS = {
    # surname -> a word its titles must contain (None: the seeds give no title)
    "Putin": "President",
    "Trump": "President",
    "Zelensky": "President",
    "Lavrov": "Foreign Minister",
    "Rubio": "Secretary of State",
    "Peskov": "spokesman",
    "Ushakov": "aide",
    "Witkoff": None,
    "Leavitt": "spokeswoman",
    "Stanovaya": "fellow",
}


@pytest.fixture(scope="module")
def seed_entities(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    from storyline.analyze.pipeline import analyze_article

    store = Store(tmp_path_factory.mktemp("seeds") / "seeds.db")
    with store:
        for path in sorted(seeds_dir.glob("*.txt")):
            article = Article(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"))
            store.add_article(article, path.stem, None)
            analysis = analyze_article(article)
            store.save_analysis(article.id, {"mentions": analysis.results["mentions"]}, 1)
        store.commit()
        resolve_entities(store)
        return export_entities(store)


@pytest.mark.model
def test_seed_actors_are_one_entity_each_with_their_titles(seed_entities: list[dict[str, Any]]) -> None:
    people = [e for e in seed_entities if e["type"] == "PERSON"]
    found: dict[str, str] = {}
    for surname, title_word in ACTORS.items():
        matches = [e for e in people if surname.lower() in e["name"].lower()]
        assert len(matches) == 1, (surname, [e["name"] for e in matches])
        entity = matches[0]
        if title_word:
            assert any(title_word.lower() in t.lower() for t in entity["titles"]), (surname, entity["titles"])
        found[surname] = entity["id"]
    assert len(set(found.values())) == len(ACTORS)  # no two of them merged


@pytest.mark.model
def test_seed_variant_spellings_merge(seed_entities: list[dict[str, Any]]) -> None:
    def names_of(surname: str) -> set[str]:
        (entity,) = [e for e in seed_entities if e["type"] == "PERSON" and surname in e["name"]]
        return {entity["name"], *entity["aliases"]}

    assert {"Sergey Lavrov", "Sergei Lavrov"} <= names_of("Lavrov")
    assert {"Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= names_of("Zelensk")
    kremlin = [e for e in seed_entities if e["name"] == "Kremlin"]
    assert kremlin and kremlin[0]["type"] == "ORG" and kremlin[0]["country"] == "Russia"


def test_issue11_bare_surname_joins_the_person_named_far_most_often() -> None:
    items = [mention(f"g{i}", 0, "Gordon W. Halvorsen", 0) for i in range(8)]
    items += [mention("l1", 0, "Lydia Halvorsen", 0), mention("v1", 0, "Vote Halvorsen", 0)]
    items += [mention("s1", 0, "Halvorsen", 0), mention("s2", 0, "Halvorsen", 0)]
    entities = entities_of(items)
    gordon = by_name(entities, "Gordon W. Halvorsen")
    assert {m["article"] for m in gordon["mentions"]} >= {"s1", "s2"}
    assert any("far most often" in m["reason"] for m in gordon["merges"])
    assert by_name(entities, "Lydia Halvorsen")["articles"] == 1

    # Two people named about as often: a bare surname still waits.
    close = [mention(f"a{i}", 0, "Gordon Halvorsen", 0) for i in range(4)]
    close += [mention(f"b{i}", 0, "Lydia Halvorsen", 0) for i in range(2)] + [mention("s", 0, "Halvorsen", 0)]
    assert len(entities_of(close)) == 3
