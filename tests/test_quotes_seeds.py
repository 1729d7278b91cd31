"""Quotes on the seed articles (read at run time from ../shared/seeds)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_text

from .conftest import seed_path

pytestmark = pytest.mark.model


def _quotes(prefix: str) -> tuple[str, list[dict[str, Any]]]:
    text = seed_path(prefix).read_text(encoding="utf-8")
    return text, [q.to_dict() for q in analyze_text(text).results["quotes"]]


def _speakers_of_marked(text: str, quotes: list[dict[str, Any]], opener: str) -> list[str | None]:
    """Resolved speakers of the quotes opened by ``opener`` in the text."""
    return [
        (q["speaker"] or {}).get("name")
        for q in quotes
        if q["kind"] in ("direct", "partial") and text[q["start"] - 1 : q["start"]] == opener
    ]


def test_seed_002_guillemet_quotes_are_lavrovs_or_trumps() -> None:
    text, quotes = _quotes("002")
    names = _speakers_of_marked(text, quotes, "«")
    # Every «» quote is found and attributed; the seed quotes two speakers only.
    assert len(names) >= 6
    assert all(name is not None for name in names)
    assert {name.split()[-1] for name in names if name} <= {"Lavrov", "Trump"}
    assert sum(1 for name in names if name and name.endswith("Lavrov")) >= 4
    # The quoted name of a coalition is a title, not a quote.
    assert not [q for q in quotes if q["text"].startswith("Coalition")]


def test_seed_004_block_quotes_have_their_speakers() -> None:
    _, quotes = _quotes("004")
    blocks = [q for q in quotes if q["kind"] == "block"]
    names = [(q["speaker"] or {}).get("name") or "" for q in blocks]
    assert any(name.endswith("Rubio") for name in names)
    assert sum(1 for name in names if name.endswith("Stanovaya")) >= 3
    assert all(not q["text"].startswith("- ") for q in quotes), "the link list holds no quotes"


def test_seed_004_scare_quote_is_not_a_quote() -> None:
    _, quotes = _quotes("004")
    assert not [q for q in quotes if q["text"].strip(' ,"“”') == "conditions"]


def test_seed_001_partial_quotes_of_leavitt() -> None:
    text, quotes = _quotes("001")
    leavitt = [q for q in quotes if (q["speaker"] or {}).get("name", "").endswith("Leavitt")]
    quoted = [q for q in leavitt if q["kind"] == "partial"]
    assert len(quoted) >= 2
    assert all(text[q["start"] - 1] in '"“' for q in quoted)


def test_seed_000_direct_quotes_resolve_to_full_name() -> None:
    _, quotes = _quotes("000")
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert len(direct) >= 2
    assert all((q["speaker"] or {}).get("name", "").endswith("Peskov") for q in direct)
    assert all(" " in q["speaker"]["name"] for q in direct), "a surname is expanded to the full name"
