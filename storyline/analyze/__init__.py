"""Stage 3: per-article analysis (entities, quotes, citations, times, events).

The names below load lazily (PEP 562): importing a small helper such as
``storyline.analyze.entities.names`` must not load spaCy, so read-only commands start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import Analysis, ArticleContext, Item, analyze_article, analyze_many, analyze_text

__all__ = ["Analysis", "ArticleContext", "Item", "analyze_article", "analyze_many", "analyze_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
