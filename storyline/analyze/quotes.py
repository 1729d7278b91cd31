"""Placeholder until the analyzer lands; returns no items."""

from __future__ import annotations

from .pipeline import ArticleContext, Item


def analyze(ctx: ArticleContext) -> list[Item]:
    return []
