"""What every analyzer receives: the article, its one spaCy parse, and the items found before.

Kept apart from ``pipeline`` so analyzers import it and the pipeline imports the analyzers, and
no module imports its importer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.tokens import Doc

from ..models import AnalysisItem, Article

Item = AnalysisItem  # a typed item (models.Mention, Quote, Citation, TimeExpression)
Analyzer = Callable[["ArticleContext"], Sequence[Item]]
T = TypeVar("T")


@dataclass(slots=True)
class ArticleContext:
    article: Article
    doc: Doc
    results: dict[str, Sequence[Item]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def reference_date(self) -> dt.date | None:
        """The date relative expressions are resolved against: stated publication date,
        else the latest day of the estimated window (set by the times analyzer)."""
        stated = self.article.published_date
        if stated is not None:
            return stated
        estimate = self.article.published_estimate
        if estimate and estimate.get("latest"):
            return dt.date.fromisoformat(str(estimate["latest"])[:10])
        return None

    def found(self, kind: str, model: type[T]) -> list[T]:
        """The items of ``kind`` an earlier analyzer found, as their model (``ctx.found("mentions",
        Mention)``); none when that analyzer has not run."""
        items = self.results.get(kind, ())
        typed: list[T] = [item for item in items if isinstance(item, model)]
        if len(typed) != len(items):
            raise TypeError(f"ctx.results[{kind!r}] holds items that are not {model.__name__}")
        return typed
