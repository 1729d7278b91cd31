"""The ECB+ event detection scorer on hand-made records (no model needed)."""

from __future__ import annotations

from typing import Any

import spacy

from storyline.evaluate.events_detection import score_detection, validated_ranges


def _record() -> dict[str, Any]:
    words = [
        "Police",
        "arrested",
        "a",
        "man",
        ".",
        "He",
        "said",
        "nothing",
        ".",
        "A",
        "fire",
        "broke",
        "out",
        ".",
    ]
    sentences = [0] * 5 + [1] * 4 + [2] * 5
    tokens = [[str(i), s, i, w] for i, (s, w) in enumerate(zip(sentences, words, strict=True))]
    text = " ".join(words)

    def mention(word: str, validated: bool = True) -> dict[str, Any]:
        start = text.index(word)
        return {
            "kind": "event",
            "tag": "ACTION_OCCURRENCE",
            "start": start,
            "end": start + len(word),
            "text": word,
            "in_validated_sentence": validated,
        }

    return {
        "id": "t1",
        "topic": 1,
        "text": text,
        "tokens": tokens,
        "validated_sentences": [0, 2],
        "mentions": [mention("arrested"), mention("said", validated=False), mention("fire broke out")],
    }


def test_validated_ranges_cover_the_validated_sentences() -> None:
    record = _record()
    ranges = validated_ranges(record)
    assert [record["text"][s:e] for s, e in ranges] == ["Police arrested a man .", "A fire broke out ."]


def test_overlap_and_strict_head_scores() -> None:
    record = _record()
    text = record["text"]
    doc = spacy.blank("en")(text)

    def at(word: str) -> dict[str, Any]:
        return {"start": text.index(word), "end": text.index(word) + len(word)}

    # "arrested" exact, "broke" overlaps "fire broke out" (not its head in an unparsed doc),
    # "said" is outside the validated sentences (not counted), "man" is a false positive.
    predictions = {"t1": [at("arrested"), at("broke"), at("said"), at("man")]}
    result = score_detection([record], predictions, {"t1": doc})
    ours = result["storyline"]
    assert result["gold_mentions"] == 2
    assert ours["predicted"] == 3
    assert ours["overlap"] == {"precision": round(2 / 3, 4), "recall": 1.0, "f1": 0.8}
    assert ours["strict_head"]["recall"] == 0.5
