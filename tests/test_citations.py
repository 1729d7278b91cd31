"""Citation chains, on synthetic sentences and on the seeds (read at run time)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.analyze.pipeline import analyze_text

from .conftest import seed_path

pytestmark = pytest.mark.model


def _chains(text: str) -> list[list[dict[str, Any]]]:
    citations = [c.to_dict() for c in analyze_text(text).results["citations"]]
    chains: dict[int, list[dict[str, Any]]] = {}
    for item in citations:
        chains.setdefault(item["chain"], []).append(item)
    return [sorted(links, key=lambda link: link["position"]) for links in chains.values()]


def _path(chain: list[dict[str, Any]]) -> list[str]:
    return [chain[0]["citing"], *(link["cited"] for link in chain)]


def test_reports_citing_chain() -> None:
    chains = _chains("The Daily Ledger reports, citing Kyiv Post, that the bridge was closed.")
    assert ["(this article)", "The Daily Ledger", "Kyiv Post"] in [_path(c) for c in chains]


def test_photo_credit_is_not_a_citation() -> None:
    assert _chains("A bridge over the river. (Photo: Associated Press) Traffic resumed on Monday.") == []


def test_told_outlet_chain() -> None:
    chains = _chains("A senior diplomat told Bloomberg that the talks had stalled.")
    assert [_path(c) for c in chains] == [["(this article)", "Bloomberg", "A senior diplomat"]]


def test_seed_003_chain_goes_to_anonymous_sources() -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    paths = [_path(c) for c in _chains(text)]
    assert any(p[1:] == ["The Gaze", "CNN", "sources familiar with the discussions"] for p in paths)
    assert any(p[1:2] == ["Western outlets"] for p in paths)
    assert any(p[1:] == ["CNN", "a White House official"] for p in paths)


def test_seed_004_chain_goes_to_ushakov() -> None:
    text = seed_path("004").read_text(encoding="utf-8")
    paths = [_path(c) for c in _chains(text)]
    assert any(p[1:3] == ["Orda.kz", "The Insider"] and p[-1].endswith("Yuri Ushakov") for p in paths), paths
    assert any(p[1:] == ["The New York Times"] for p in paths)
    assert not any("Kremlin press service" in " ".join(p) for p in paths), "a photo credit is no citation"
