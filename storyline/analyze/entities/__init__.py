"""Entity mentions of one article: people, organizations, outlets, places, with in-article coreference.

``analyze(ctx)`` is the pipeline analyzer (``analyzer``); ``detect`` finds the names, ``coref``
links "he" and "the spokesman" to them, ``names`` holds the name keys cross-article resolution
shares, ``gazetteer`` the word lists. ``analyze`` loads lazily: cross-article resolution imports
``names`` without loading spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analyzer import analyze

__all__ = ["analyze"]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from .analyzer import analyze

        return analyze
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
