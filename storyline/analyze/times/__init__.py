"""Time expressions as TIMEX3 values, and an undated article's publication window.

``analyze(ctx)`` is the pipeline analyzer (``analyzer``); ``find_timexes(text, reference)`` the
tagger (``tagger``); ``estimate_publication(text, ...)`` the dating (``dating``). The analyzer reads
both, the dating reads the tagger, the tagger neither. Rules by kind: ``dates``, ``anaphora``,
``quarters``, ``clock``, ``spans``; ``tense`` reads the governing verb's tense, ``core`` holds the
``Timex`` record and calendar arithmetic, ``lexicon`` the word lists.
"""

from .analyzer import analyze, describe
from .dating import estimate_publication
from .tagger import find_timexes

__all__ = ["analyze", "describe", "estimate_publication", "find_timexes"]
