"""Pre-tokenized (Penn Treebank) research text: detection, restoration, offset map (issue 11)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.clean.ptb import OffsetMap, looks_pretokenized, restore, restore_if_pretokenized
from storyline.ingest.build import build_article
from storyline.ingest.readers import RawDocument

# Invented text, written in PTB tokens as research corpora ship it.
PTB = (
    "Mayor Lena Korhonen -LRB- Civic Party -RRB- said the council 's plan does n't add up , "
    "and `` we 're gon na fight it , '' she told reporters . \n"
    "Her aide cited the `` Harbor Accord '' of 2019 in Port Vell , D.C. . \n"
    "`` We will win this . \n"
    "They will lose , '' Korhonen said . \n"
    "The voters ' money , $ 5 million or 3 % of the 9\\/11 fund -- a lot -- went to -LSB- the -RSB- port ."
)
ORDINARY = (
    "Mayor Lena Korhonen (Civic Party) said the council's plan doesn't add up, and “we're going to "
    "fight it,” she told reporters. The voters' money, $5 million, went to the port - a lot."
)


def test_detector_tells_token_text_from_ordinary_text() -> None:
    assert looks_pretokenized(PTB)
    assert not looks_pretokenized(ORDINARY)
    assert not looks_pretokenized("Short text , really .")  # too little evidence
    # Sloppy web text that spaces a few commas is not token text.
    assert not looks_pretokenized("The Senate , on Tuesday, met. The Senate's leader , Roe, spoke, briefly.")


def test_restore_writes_ordinary_text() -> None:
    text, _ = restore(PTB)
    assert "Mayor Lena Korhonen (Civic Party) said the council's plan doesn't add up," in text
    assert "and “we're gonna fight it,” she told reporters." in text
    assert "the “Harbor Accord” of 2019 in Port Vell, D.C.\n" in text
    # A quote that goes on over the next line is one paragraph again.
    assert "“We will win this. They will lose,” Korhonen said." in text
    assert "The voters’ money, $5 million or 3% of the 9/11 fund -- a lot -- went to [the] port." in text
    assert not re.search(r" [,.;:?!%)]", text)


def test_restore_leaves_ordinary_text_alone() -> None:
    assert restore_if_pretokenized(ORDINARY) == (ORDINARY, None)


def test_offset_map_carries_spans_both_ways() -> None:
    text, offsets = restore(PTB)
    for word in ("Korhonen", "council", "Harbor Accord", "fund", "port", "gon na", "Civic Party"):
        start = PTB.index(word)
        new_start, new_end = offsets.span_to_restored(start, start + len(word))
        assert text[new_start:new_end] == word.replace("gon na", "gonna")
        if word != "gon na":
            assert offsets.span_to_original(new_start, new_end) == (start, start + len(word))
    # A bracket token maps onto its bracket.
    lrb = PTB.index("-LRB-")
    assert text[slice(*offsets.span_to_restored(lrb, lrb + 5))] == "("


@given(
    st.lists(st.sampled_from(["Roe", "'s", ",", ".", "``", "''", "-LRB-", "-RRB-", "n't", "$", "5", "\n"]))
)
def test_offset_map_is_monotone_and_total(tokens: list[str]) -> None:
    source = " ".join(tokens)
    text, offsets = restore(source)
    mapped = [offsets.to_restored(i) for i in range(len(source) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[0] == 0 and mapped[-1] == len(text)
    back = [offsets.to_original(i) for i in range(len(text) + 1)]
    assert back == sorted(back)


def test_identity_map() -> None:
    identity = OffsetMap.identity(10)
    assert identity.to_restored(7) == 7 and identity.span_to_original(2, 5) == (2, 5)


def test_ingest_stores_restored_text_and_says_so() -> None:
    restored = build_article(RawDocument(source="x.jsonl#1", content=PTB, meta={"id": "a"}))
    assert restored is not None and restored.restored == "ptb"
    assert "council's plan doesn't" in restored.text and "-LRB-" not in restored.text
    plain = build_article(RawDocument(source="y.txt", content=ORDINARY, meta={"id": "b"}))
    assert plain is not None and plain.restored is None
    assert "restored" not in plain.to_dict()  # the export of ordinary articles is unchanged


# -- real research text, read at run time --------------------------------------------------------


def _texts(path: Path, limit: int) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for _, line in zip(range(limit), handle, strict=False)]


@pytest.mark.parametrize("corpus", ["timeline17/articles.jsonl", "ecbplus/documents.jsonl"])
def test_research_corpora_are_recognized_and_restored(data_dir: Path, corpus: str) -> None:
    path = data_dir / corpus
    if not path.exists():
        pytest.skip(f"{path} is absent")
    texts = _texts(path, 150)
    recognized = [t for t in texts if looks_pretokenized(t)]
    assert len(recognized) >= 0.7 * len(texts)
    for source in recognized:
        text, offsets = restore(source)
        assert not re.search(r"-[LR][RSC]B-|``|''| 's\b| n't\b", text)
        # Every word of the source is found where the map puts it.
        for match in list(re.finditer(r"[A-Za-z]{4,}", source))[:200]:
            start, end = offsets.span_to_restored(match.start(), match.end())
            assert text[start:end] == match.group()


def test_news_text_is_never_taken_for_token_text(data_dir: Path, seeds_dir: Path, samples_dir: Path) -> None:
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds_dir.iterdir()) if p.is_file()
    ]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(samples_dir.glob("*.txt"))]
    polnear = data_dir / "polnear" / "dev.jsonl"
    if polnear.exists():
        texts += _texts(polnear, 1000)
    assert texts
    assert [t[:60] for t in texts if looks_pretokenized(t)] == []
