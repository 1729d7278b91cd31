"""Timeline summarization (issue 13): the news-tls metrics on tiny invented timelines with values
computed by hand, and the TLS library on invented articles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.evaluate._porter import stem
from storyline.evaluate.timeline import detokenize
from storyline.evaluate.tls_metrics import alignment_rouge, concat_rouge, date_scores, tokens
from storyline.stories.tls import dated_sentences, rank_days, summarize_timeline


def day(n: int) -> dt.date:
    return dt.date(2024, 1, n)


def test_date_f1_compares_day_sets() -> None:
    scores = date_scores([day(1), day(2), day(3)], [day(2), day(3), day(4), day(5)])
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 4)
    assert scores["f1"] == pytest.approx(4 / 7)


def test_tokens_lowercase_alphanumeric_without_stop_words() -> None:
    assert tokens("The Rebels, seized 2 airports!", stemmed=False) == ["rebels", "seized", "2", "airports"]
    assert tokens("The rebels", drop_stop_words=False, stemmed=False) == ["the", "rebels"]


def test_concat_rouge_pools_all_days() -> None:
    predicted = {day(1): ["Rebels seize airport"]}
    reference = {day(1): ["Rebels seize the airport"], day(2): ["Army retakes airport"]}
    # unigrams: 3 predicted, 6 reference ("the" dropped), 3 clipped hits
    r1 = concat_rouge(predicted, reference, 1)
    assert (r1["precision"], r1["recall"], r1["f1"]) == pytest.approx((1.0, 0.5, 2 / 3))
    # bigrams: 2 predicted, 4 reference (none across sentences), 2 hits
    r2 = concat_rouge(predicted, reference, 2)
    assert (r2["precision"], r2["recall"], r2["f1"]) == pytest.approx((1.0, 0.5, 2 / 3))


def test_alignment_rouge_discounts_by_date_distance() -> None:
    predicted = {day(2): ["Rebels seize airport"]}
    reference = {day(1): ["Rebels seize airport"], day(5): ["Army retakes town"]}
    # Jan 2 aligns to Jan 1 (same content: cost 0), weight 1/2: precision 0.5 * 3/3.
    # Recall: Jan 1 -> Jan 2 (weight 1/2, 3 hits), Jan 5 -> Jan 2 (no hits): 1.5 / 6.
    scores = alignment_rouge(predicted, reference)
    assert scores["rouge_1"]["precision"] == pytest.approx(0.5)
    assert scores["rouge_1"]["recall"] == pytest.approx(0.25)
    assert scores["rouge_1"]["f1"] == pytest.approx(1 / 3)
    assert scores["rouge_2"]["precision"] == pytest.approx(0.5)
    assert scores["rouge_2"]["recall"] == pytest.approx(0.25)


def test_alignment_rouge_is_many_to_one() -> None:
    predicted = {day(1): ["Rebels seize airport"], day(2): ["Rebels seize airport"]}
    reference = {day(1): ["Rebels seize airport"]}
    # Both predicted days align to Jan 1: (3 * 1 + 3 * 1/2) / 6; Jan 1 recalls itself fully.
    r1 = alignment_rouge(predicted, reference)["rouge_1"]
    assert (r1["precision"], r1["recall"], r1["f1"]) == pytest.approx((0.75, 1.0, 6 / 7))


def test_alignment_prefers_matching_content_over_nearer_day() -> None:
    predicted = {day(3): ["Army retakes town"]}
    reference = {day(2): ["Rebels seize airport"], day(5): ["Army retakes town"]}
    # cost to Jan 2: (1 - 1/2) * 1 = 0.5; to Jan 5: (1 - 1/3) * 0 = 0 -> Jan 5, weight 1/3
    r1 = alignment_rouge(predicted, reference)["rouge_1"]
    assert r1["precision"] == pytest.approx(1 / 3)


def test_empty_prediction_scores_zero() -> None:
    assert alignment_rouge({}, {day(1): ["Rebels seize airport"]})["rouge_1"]["f1"] == 0.0
    assert date_scores([], [day(1)])["f1"] == 0.0


def test_detokenize_undoes_ptb() -> None:
    text = "`` We will win , '' Egypt 's leader said -LRB- on Jan. 25 -RRB- .\nIt does n't cost $ 5 ."
    assert detokenize(text) == "\"We will win,\" Egypt's leader said (on Jan. 25).\nIt doesn't cost $5."


ARTICLES = [
    (
        "a1",
        dt.date(2024, 3, 6),
        "Rebels seized the northern airport on Tuesday after heavy fighting.\n"
        "The government said the army would respond within days.\nResidents fled the area.",
    ),
    (
        "a2",
        dt.date(2024, 3, 7),
        "The seizure of the airport on March 5 shocked the capital.\n"
        "On Wednesday, ministers met in emergency session to plan a response.\nPrices rose.",
    ),
    (
        "a3",
        dt.date(2024, 3, 9),
        "The army retook the airport on Friday, three days after rebels seized it.\n"
        "Rebels seized the airport on Tuesday, officials recalled at a briefing.\nMarkets calmed.",
    ),
]


def test_sentences_are_dated_against_their_article() -> None:
    first = dated_sentences(*ARTICLES[0])[0]
    assert first.days == (dt.date(2024, 3, 5),)
    assert first.text.startswith("Rebels seized") and first.index == 0


def test_timeline_picks_the_most_reported_days() -> None:
    sentences = [s for a in ARTICLES for s in dated_sentences(*a)]
    ranked = [d for d, _score in rank_days(sentences)]
    assert ranked[0] == dt.date(2024, 3, 5)  # mentioned by all three articles
    timeline = summarize_timeline(ARTICLES, n_dates=2, sentences_per_date=1)
    assert [e["date"] for e in timeline] == ["2024-03-05", "2024-03-06"]
    item = timeline[0]["sentences"][0]
    text = dict((a, t) for a, _d, t in ARTICLES)[item["article"]]
    assert text[item["start"] : item["end"]] == item["text"]
    assert "airport" in item["text"]


def test_timeline_window_excludes_days_outside() -> None:
    timeline = summarize_timeline(ARTICLES, n_dates=5, sentences_per_date=1, start=dt.date(2024, 3, 6))
    assert all(e["date"] >= "2024-03-06" for e in timeline)


def test_rouge_tokens_are_porter_stemmed() -> None:
    assert tokens("Protesters were killed in bombings") == ["protest", "kill", "bomb"]
    assert alignment_rouge({day(1): ["Rebels seized airports"]}, {day(1): ["rebel seizes airport"]})[
        "rouge_1"
    ]["f1"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("agreed", "agre"),
        ("hopping", "hop"),
        ("filing", "file"),
        ("happy", "happi"),
        ("relational", "relat"),
        ("generalization", "gener"),
        ("adjustment", "adjust"),
        ("sing", "sing"),
        ("roll", "roll"),
    ],
)
def test_porter_stemmer_matches_the_published_examples(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_evaluate_timeline_command_on_invented_files(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "".join(
            json.dumps({"id": a, "topic": "t", "date": d.isoformat(), "text": x}) + "\n"
            for a, d, x in ARTICLES
        )
    )
    timelines = tmp_path / "timelines.jsonl"
    entries = [
        {"date": "2024-03-05", "sentences": ["Rebels seize the northern airport ."]},
        {"date": "2024-03-08", "sentences": ["The army retakes the airport ."]},
    ]
    timelines.write_text(json.dumps({"topic": "t", "file": "tl.txt", "entries": entries}) + "\n")
    result = CliRunner().invoke(main, ["evaluate", "timeline", str(articles), str(timelines)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    row = scores["timelines"][0]
    assert (row["dates"], row["sentences_per_date"]) == (2, 1)
    # 2024-03-05 is found; the second system day is 03-06 or 03-07, not 03-08
    assert row["date_f1"] == pytest.approx(0.5)
    assert row["align_rouge1_f1"] > 0
    assert scores["mean"]["timelines"] == 1
