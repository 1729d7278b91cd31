"""Entity mentions of one article: people, organizations, outlets, places, with in-article coreference.

``analyze(ctx)`` is the pipeline analyzer (``analyzer``); ``detect`` finds the names, ``coref``
links "he" and "the spokesman" to them, ``names`` holds the name keys cross-article resolution
shares, ``gazetteer`` the word lists.
"""

from .analyzer import analyze

__all__ = ["analyze"]
