"""Sentence starts from the layout: titles, headings and blank lines end a sentence."""

from __future__ import annotations

from storyline.analyze.lines import heading_ends
from storyline.analyze.nlp import get_nlp

ARTICLE = (
    "Palace calls off Port Callis summit with Marasta\n"
    "The Palace said on Tuesday that the summit would not take place.\n"
    "Expert view\n"
    "Analysts in Lisk said the decision had been expected for weeks, and that both governments "
    "would now look for another venue before the end of the year.\n\n"
    "Talks may resume in May"
)
WRAPPED = (
    "The foreign ministers of Valdoria and Marasta will meet in Port\n"
    "Callis on Friday to prepare next week's summit, officials in both\n"
    "capitals said on Wednesday, after two days of talks by telephone\n"
    "between their deputies about the dam.\n"
)


def test_a_title_and_a_heading_are_sentences_of_their_own() -> None:
    sentences = [s.text.strip() for s in get_nlp()(ARTICLE).sents]
    assert sentences[0] == "Palace calls off Port Callis summit with Marasta"
    assert "Expert view" in sentences
    assert sentences[-1] == "Talks may resume in May"
    names = {e.text for e in get_nlp()(ARTICLE).ents}
    assert not any("\n" in name for name in names)


def test_hard_wrapped_lines_stay_one_sentence() -> None:
    assert heading_ends(WRAPPED) == []
    sentences = list(get_nlp()(WRAPPED).sents)
    assert len(sentences) == 1


def test_a_line_ending_a_sentence_is_not_a_heading() -> None:
    text = "He said so.\nShe agreed.\n"
    assert heading_ends(text) == []
