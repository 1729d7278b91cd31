"""Quality gate: cross-document event coreference on ECB+ train topics (gold event mentions).

Floors sit a little under the figures measured when they were set (docs/events_resolve.md);
they may only move up. Train topics only: the dev topics are held out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluate.events import evaluate

pytestmark = [pytest.mark.model, pytest.mark.gate]


def test_gate_ecbplus_event_coreference_train_topics(data_dir: Path) -> None:
    path = data_dir / "ecbplus" / "documents.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    result = evaluate([path], topics="1,3,4,6", split="train", scope="topic")
    ours = result["topic"]["storyline"]["conll_f1"]
    lemma = result["topic"]["baseline_lemma_doc_clusters"]["conll_f1"]
    # measured 0.820 with boosted trees as the embedding model (0.816 with the regression) and
    # document clusters from the story pair model (in sample: both were trained on these topics;
    # 0.803 with TF-IDF document clusters, 0.783 with the hand scorer; lemma within document
    # clusters 0.769, lemma over the corpus 0.700)
    assert ours >= 0.815
    assert ours > lemma > result["baseline_lemma_corpus"]["conll_f1"]
