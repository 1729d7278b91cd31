"""Property-based fuzzing (issue 10): hostile text never makes cleaning, decoding, quote marks,
time expressions or the whole analysis raise, and every offset stays inside the text.

Kept cheap for CI (few examples, no deadline); scripts/fuzz.py runs the same properties longer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze.quotes.marks import find_quote_spans
from storyline.analyze.times import find_timexes
from storyline.clean.text import clean_text
from storyline.ingest.build import build_article
from storyline.ingest.normalize import normalize_text
from storyline.ingest.readers import RawDocument, decode_bytes

# Characters that have broken text tools before: quote marks of every family, brackets, RTL
# letters and marks, controls, separators, surrogates, emoji with joiners and skin tones.
HOSTILE = (
    "\"'“”‘’«»‹›„‚「」()[]{}<>"
    "שלום مرحبا\u200f\u200e\u202e"
    "\x00\x07\x1b\x7f\x85\u2028\u2029\ufeff\u00a0\u3000\r\n\t "
    "\ud800\udfff"
    "😀👍🏽\u200d🔥🎉"
    "said that Anna Berg told Reuters on Tuesday, March 3 2026 at 5 p.m. last week according to"
)
hostile_text = st.text(alphabet=st.sampled_from(list(HOSTILE)), max_size=400) | st.text(max_size=200)
words = st.sampled_from(
    ["said", "that", "Anna", "Berg", "“", "”", '"', "(", ")", "Tuesday", "told", ",", "."]
)
sentences = st.lists(words, min_size=1, max_size=300).map(" ".join)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(hostile_text)
def test_normalize_is_idempotent_and_leaves_no_surrogate_or_control(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any("\ud800" <= ch <= "\udfff" or ch in "\r\x00\x7f\ufeff\u2028\u2029" for ch in once)
    once.encode("utf-8")  # storable


@FAST
@given(st.binary(max_size=300))
def test_decoding_random_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str) and decoded.replaced >= 0


@FAST
@given(hostile_text | sentences)
def test_cleaning_and_building_never_raise(text: str) -> None:
    cleaned = clean_text(normalize_text(text))
    assert isinstance(cleaned.text, str)
    article = build_article(RawDocument(source="fuzz.txt", content=text))
    if article is not None:
        article.text.encode("utf-8")


@FAST
@given(hostile_text | sentences)
def test_quote_spans_stay_inside_the_text(text: str) -> None:
    text = normalize_text(text)
    for span in find_quote_spans(text):
        assert 0 <= span.outer_start <= span.start <= span.end <= span.outer_end <= len(text)


@FAST
@given(hostile_text | sentences)
def test_time_expressions_stay_inside_the_text(text: str) -> None:
    text = normalize_text(text)
    for timex in find_timexes(text, dt.date(2026, 3, 11)):
        assert 0 <= timex.start < timex.end <= len(text)


@pytest.mark.model
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text | sentences)
def test_the_whole_analysis_never_raises_on_hostile_text(text: str) -> None:
    from storyline.analyze.pipeline import analyze_text

    text = normalize_text(text)
    if not text.strip():
        return
    results = analyze_text(text, published="2026-03-11").result_dicts()
    for items in results.values():
        for item in items:
            assert 0 <= item["start"] <= item["end"] <= len(text)


def test_atheris_harness_short_run(tmp_path: Path) -> None:
    """100 coverage-guided inputs (the sample corpus as seeds) through the text entry points of
    scripts/fuzz.py: no exception, no input past its time limit. Skipped without atheris."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    pytest.importorskip("atheris")
    root = Path(__file__).resolve().parent.parent
    work = tmp_path
    seeds = work / "seeds"
    seeds.mkdir()
    for text in sorted((root / "samples" / "corpus").glob("*.txt")):
        shutil.copy(text, seeds / text.name)
    out = subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "fuzz.py"),
            "atheris",
            "--stats",
            str(work / "stats.json"),
            str(seeds),
            "-runs=100",
            "-max_len=4096",
            "-seed=1",
        ],
        env={**os.environ, "PYTHONPATH": str(root)},
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Done 100 runs" in out.stderr
    assert json.loads((work / "stats.json").read_text())["executions"] == 100
