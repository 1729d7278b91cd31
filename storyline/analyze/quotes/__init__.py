"""Quotes (direct, partial, block, reported) with cue, speaker and medium; and citation chains.

``analyze(ctx)`` is the quote analyzer (``analyzer``), ``citations.analyze(ctx)`` the citation
analyzer, which shares the quote lexicon and speaker helpers. ``marks`` finds quote-mark spans,
``reported`` reported speech, ``speakers`` the speaker phrase, ``lexicon`` the word lists.
"""

from . import citations
from .analyzer import analyze

__all__ = ["analyze", "citations"]
