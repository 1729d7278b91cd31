"""What every analyzer receives: the article, its one spaCy parse, and the items found before.

Kept apart from ``pipeline`` so analyzers import it and the pipeline imports the analyzers, and
no module imports its importer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ..models import Article

Item = dict[str, Any]
Analyzer = Callable[["ArticleContext"], list[Item]]


@dataclass(slots=True)
class ArticleContext:
    article: Article
    doc: Doc
    results: dict[str, list[Item]] = field(default_factory=dict)

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
