"""Stage 3: per-article analysis (entities, quotes, citations, times)."""

from .pipeline import Analysis, ArticleContext, Item, analyze_article, analyze_many, analyze_text

__all__ = ["Analysis", "ArticleContext", "Item", "analyze_article", "analyze_many", "analyze_text"]
