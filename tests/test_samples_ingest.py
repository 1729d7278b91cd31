"""Issue 2 on the sample corpus we wrote: metadata, removed boilerplate and duplicates match gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.api import ingest_paths
from storyline.models import Article
from storyline.store import Store

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Article], list[dict[str, Any]]]:
    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))["articles"]
    store = Store(tmp_path_factory.mktemp("samples") / "s.db")
    report = ingest_paths(store, [str(SAMPLES / "corpus")], analyze=False)
    assert not report.skipped
    by_source: dict[str, Article] = {}
    for art in store.iter_articles():
        path, _, record = art.source.partition("#")
        by_source[f"corpus/{Path(path).name}" + (f"#{record}" if record else "")] = art
    return by_source, gold


def _key(g: dict[str, Any]) -> str:
    return g["file"] + (f"#{g['record']}" if g.get("record") else "")


def test_every_gold_article_is_stored_once(ingested: tuple[dict[str, Article], list[dict[str, Any]]]) -> None:
    arts, gold = ingested
    assert sorted(arts) == sorted(_key(g) for g in gold)


def test_outlet_title_and_date(ingested: tuple[dict[str, Article], list[dict[str, Any]]]) -> None:
    arts, gold = ingested
    for g in gold:
        art = arts[_key(g)]
        initials = "".join(w[0] for w in g["outlet"].split() if w[0].isupper())
        raw = (SAMPLES / g["file"]).read_bytes()
        if art.outlet == initials and g["outlet"].encode() not in raw:
            continue  # the file names its outlet only by initials ("(NWA)"): nothing to expand them with
        assert art.outlet == g["outlet"], _key(g)
        assert art.title == g["title"], _key(g)
        if art.published is not None:
            assert art.published[:10] == g["published"], _key(g)


def test_stated_dates_are_found(ingested: tuple[dict[str, Article], list[dict[str, Any]]]) -> None:
    """Dates stated with a year (header, meta, JSON field) are read; a dateline without a year is not guessed."""
    arts, gold = ingested
    for g in gold:
        if g.get("published_from") in {"header", "meta", "jsonl", "html-meta", "json"}:
            assert arts[_key(g)].published is not None, (_key(g), g.get("published_from"))


def test_boilerplate_removed_not_in_text(ingested: tuple[dict[str, Article], list[dict[str, Any]]]) -> None:
    arts, gold = ingested
    for g in gold:
        art = arts[_key(g)]
        removed = "\n".join(r.text for r in art.removed)
        for r in g["removed"]:
            text = r["text"].strip()
            assert text not in art.text, (_key(g), r["kind"], text[:50])
            first_line = text.splitlines()[0]
            assert first_line in removed or first_line == art.title, (_key(g), r["kind"], text[:50])


def test_duplicates_point_to_original(ingested: tuple[dict[str, Article], list[dict[str, Any]]]) -> None:
    arts, gold = ingested
    ids = {k: a.id for k, a in arts.items()}
    for g in gold:
        expected = ids[g["duplicate_of"]] if g.get("duplicate_of") else None
        assert arts[_key(g)].duplicate_of == expected, _key(g)
