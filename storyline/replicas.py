"""Synthetic volume for benches and tests: stored analyses replicated under new ids, each
replica a year later than the one before (its published date, estimated window and every
TIMEX value in its analyses moved on), so a replica is the same kind of story a year later,
not another report of the same events.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from .models import Article

Analyses = dict[str, list[dict[str, Any]]]

_YEAR = re.compile(r"^(\d{4})(?=-|W|$)")


def _shift_years(value: Any, years: int) -> Any:
    """``value`` with every TIMEX value ("2025-08", "2025-W42") and ISO date moved ``years`` on;
    items lose their ``article`` key (the store sets it from the row)."""
    if isinstance(value, dict):
        return {k: _shift_years(v, years) for k, v in value.items() if k != "article"}
    if isinstance(value, list):
        return [_shift_years(v, years) for v in value]
    if isinstance(value, str) and years:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + years), value)
    return value


def replicas(base: list[tuple[Article, Analyses]], first: int = 0) -> Iterator[tuple[Article, Analyses]]:
    """Endless: every base article of replica ``first``, then of the next, ... (id ``rN-<id>``)."""
    replica = first
    while True:
        for article, items in base:
            copy = dataclasses.replace(
                article,
                id=f"r{replica}-{article.id}",
                published=_shift_years(article.published, replica),
                published_estimate=_shift_years(article.published_estimate, replica),
                duplicate_of=None,
            )
            yield copy, {k: [_shift_years(i, replica) for i in rows] for k, rows in items.items()}
        replica += 1
