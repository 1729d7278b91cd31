"""Per-article analysis: one parse, then each analyzer in order over a shared context.

An analyzer is a function ``analyze(ctx: ArticleContext) -> list[Model]``, the public face of
its feature package (``entities``, ``quotes``, ``times``); ``ANALYZERS`` lists them. Items are
typed (``models.Mention``, ``Quote``, ``Citation``, ``TimeExpression``), with ``start`` and ``end``
(offsets into the clean text); the store keeps their ``to_dict()``. Analyzers run in
``ANALYZERS`` order and see the items of those before them in ``ctx.results``, read typed with
``ctx.found(kind, Model)`` (quotes use entity mentions to name speakers; times use quotes to
anchor relative dates said inside a quote).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from spacy.tokens import Doc

from ..models import Article
from . import entities, events, quotes, times
from .budget import Budget, BudgetExceeded, cut_point, parse, time_limit
from .context import Analyzer, ArticleContext, Item
from .doctext import doc_text
from .nlp import get_nlp
from .quotes import citations

__all__ = [
    "ANALYSIS_VERSION",
    "ANALYZERS",
    "Analysis",
    "Analyzer",
    "ArticleContext",
    "Item",
    "analyze_article",
    "analyze_article_safely",
    "analyze_many",
    "analyze_text",
]

# kind -> the analyzer that produces items of that kind, in run order.
ANALYZERS: tuple[tuple[str, Analyzer], ...] = (
    ("mentions", entities.analyze),
    ("quotes", quotes.analyze),
    ("citations", citations.analyze),
    ("times", times.analyze),
    ("events", events.analyze),
)
# Bump when an analyzer's output changes so stored articles are analyzed again.
ANALYSIS_VERSION = 9  # 9: line-break sentence starts, dateline/demonym places, quotes (2026-12-02)


@dataclass(slots=True)
class Analysis:
    article_id: str
    results: dict[str, Sequence[Item]]
    published_estimate: dict[str, Any] | None
    error: str | None = None  # set when an analyzer failed on this article; nothing is stored
    # Set when the budget cut the analysis short (what was not done); the items found are stored.
    note: str | None = None

    def result_dicts(self) -> dict[str, list[dict[str, Any]]]:
        """The results as the store keeps them (JSON-ready): each item's ``to_dict()``."""
        return {kind: [item.to_dict() for item in items] for kind, items in self.results.items()}


def analyze_article(article: Article, doc: Doc | None = None, budget: Budget | None = None) -> Analysis:
    """Run every analyzer on one article (parsing it unless ``doc`` is given).

    With a ``budget``, text past its character cap is left unanalyzed and a stage still running
    when the time is up is interrupted; either is said in ``Analysis.note``.
    """
    notes: list[str] = []
    if budget is not None and doc is None:
        cut = cut_point(article.text, budget.max_chars)
        if cut < len(article.text):
            notes.append(f"analysis covers the first {cut} of {len(article.text)} characters (--max-chars)")
            article = dataclasses.replace(article, text=article.text[:cut])
    results: dict[str, Sequence[Item]] = {}
    stage = "parse"
    try:
        with time_limit(budget.seconds if budget is not None else None):
            if doc is None:
                half = budget.seconds / 2 if budget is not None and budget.seconds else None
                doc = parse(get_nlp(), article.text, stop_after=half)
                parsed = doc_text(doc)
                if len(parsed) < len(article.text):
                    notes.append(
                        f"time budget: parsed and analyzed the first {len(parsed)} of"
                        f" {len(article.text)} characters"
                    )
                    article = dataclasses.replace(article, text=parsed)
            ctx = ArticleContext(article=article, doc=doc, results=results)
            for kind, analyze in ANALYZERS:
                stage = kind
                found = analyze(ctx)
                results[kind] = found
    except BudgetExceeded:
        assert budget is not None
        skipped = [kind for kind, _ in ANALYZERS if kind not in results]
        notes.append(
            f"time budget of {budget.seconds:g}s spent during {stage}; not done: {', '.join(skipped)}"
        )
    return Analysis(article.id, results, article.published_estimate, note="; ".join(notes) or None)


def analyze_article_safely(article: Article, budget: Budget | None = None) -> Analysis:
    """``analyze_article``, turning a failure on one article into a reported error, so one
    odd text cannot stop a run of thousands."""
    try:
        return analyze_article(article, budget=budget if budget is not None else Budget())
    except Exception as exc:
        return Analysis(article.id, {}, None, error=f"{type(exc).__name__}: {str(exc)[:300]}")


def analyze_text(text: str, published: str | None = None, article_id: str = "text") -> Analysis:
    """Analyze a bare text, as evaluations do: no store, no ingest."""
    return analyze_article(Article(id=article_id, source="<text>", text=text, published=published))


def _worker_init() -> None:
    get_nlp()


def analyze_many(
    articles: Iterable[Article], processes: int | None = None, budget: Budget | None = None
) -> Iterator[Analysis]:
    """Analyze articles, in ``processes`` worker processes (default: one per core, at most 2
    unless set), each within ``budget`` (default ``Budget()``). Results come back in input order."""
    n = processes if processes is not None else min(2, os.cpu_count() or 1)
    task = functools.partial(analyze_article_safely, budget=budget)
    if n <= 1:
        for article in articles:
            yield task(article)
        return
    with get_context("fork").Pool(n, initializer=_worker_init) as pool:
        yield from pool.imap(task, articles, chunksize=1)
