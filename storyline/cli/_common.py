"""What every command shares: the store it opens and how it prints listings."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ..models import Article
from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(slots=True)
class Context:
    db_path: str

    def store(self) -> Store:
        return Store(self.db_path)


pass_context = click.make_pass_decorator(Context)


def require_article(store: Store, article_id: str) -> Article:
    """The article with this id (or unique id prefix), or a clean error naming the way out."""
    found = store.get_article(article_id)
    if found is None:
        raise click.ClickException(f"no article {article_id!r}; `storyline articles` lists them")
    return found


def json_option(func: F) -> F:
    """The shared ``--json`` flag of listing commands."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    """A readable table for people (rich), one row per dict."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # pipes and logs: do not fold every cell
    console.print(table)
