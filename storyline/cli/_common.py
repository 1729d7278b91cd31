"""What every command shares: the store it opens, how it finds an article, how it prints listings.

Listing commands take one decorator, ``@listing_options()``, and print through the ``Listing`` it
passes in, so every listing has the same flags (``--json``, ``--nl``, ``--csv``, a table for people,
``--limit``/``--offset``)::

    @main.command()
    @listing_options(table_limit=100)
    @pass_context
    def things(ctx: Context, listing: Listing) -> None:
        with ctx.store() as store:
            rows = load_things(store, limit=listing.limit, offset=listing.offset)
            total = count_things(store)
        listing.emit(rows, ["id", "name"], title="Things", total=total)
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ..models import Article
from ..store import Store
from ..store.queries import resolve_article_id

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "nl", "csv")
ID_COLUMNS = ("id", "article", "duplicate_of")


@dataclass(slots=True)
class Context:
    db_path: str

    def store(self, *, create: bool = False) -> Store:
        """The store at ``--db``. Only commands that write new articles pass ``create=True``;
        everything else fails cleanly (E204) on a database file that does not exist."""
        return Store(self.db_path, create=create)


pass_context = click.make_pass_decorator(Context)


def require_article(store: Store, article_id: str) -> Article:
    """The article with this id or unique id prefix; a clean error (E410-E412) otherwise."""
    found = store.get_article(resolve_article_id(store, article_id))
    assert found is not None  # the resolver only returns stored ids
    return found


def json_option(func: F) -> F:
    """The ``--json`` flag of commands that print one document (article, times, summary, ...)."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


def include_copies_option(func: F) -> F:
    """``--include-copies``: count duplicates (articles with ``duplicate_of``) as well."""
    return click.option(
        "--include-copies",
        is_flag=True,
        help="Count duplicate articles too (by default a copy counts once, as its original).",
    )(func)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@dataclass(slots=True)
class Listing:
    """How one invocation of a listing command prints: the chosen format and page.

    ``limit`` is None for "everything"; in the table format it defaults to the command's
    ``table_limit`` so a person is not handed 76,000 lines (machines get everything)."""

    format: str = "table"
    limit: int | None = None
    offset: int = 0

    def page(self, rows: Sequence[Any]) -> list[Any]:
        """``rows`` cut to this page (for listings computed in memory)."""
        end = None if self.limit is None else self.offset + self.limit
        return list(rows[self.offset : end])

    def emit(
        self,
        rows: Sequence[dict[str, Any]],
        columns: Sequence[str],
        *,
        title: str | None = None,
        people: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        total: int | None = None,
    ) -> None:
        """Print ``rows`` (already paged) in the chosen format.

        json: one array; nl: one object a line; csv: a header and one line per row, nested
        values flattened (``speaker.name``) and lists as JSON; table: ``columns`` of
        ``people(row)`` (default the row itself), titled, with "rows a-b of total" when paged."""
        if self.format == "json":
            print_json(list(rows))
        elif self.format == "nl":
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            write_csv(rows)
        else:
            shown = [people(r) for r in rows] if people is not None else list(rows)
            print_table(shown, columns, title=title)
            if total is not None and (self.offset or len(rows) < total):
                first = self.offset + 1 if rows else self.offset
                click.echo(
                    f"rows {first}-{self.offset + len(rows)} of {total}; "
                    "--limit N --offset M for another page, --json/--nl/--csv for all",
                    err=True,
                )


def listing_options(*, paged: bool = True, table_limit: int | None = 100) -> Callable[[F], F]:
    """The shared output flags of a listing command; the command receives ``listing: Listing``.

    ``paged`` adds ``--limit``/``--offset``; ``table_limit`` is the table's default page size
    (None: the whole listing)."""

    def decorate(func: F) -> F:
        def build(**kwargs: Any) -> Listing:
            chosen = [f for f in ("json", "nl", "csv") if kwargs.pop(f"as_{f}")]
            if len(chosen) > 1:
                raise click.UsageError("use one of --json, --nl, --csv")
            fmt = chosen[0] if chosen else "table"
            limit = kwargs.pop("limit", None)
            offset = kwargs.pop("offset", 0) or 0
            if limit is not None and limit < 0:
                raise click.BadParameter("must be 0 or more", param_hint="--limit")
            if offset < 0:
                raise click.BadParameter("must be 0 or more", param_hint="--offset")
            if limit is None and fmt == "table":
                limit = table_limit
            return Listing(format=fmt, limit=limit, offset=offset)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            picked = {k: kwargs.pop(k) for k in list(kwargs) if k in _LISTING_PARAMS}
            return func(*args, listing=build(**picked), **kwargs)

        functools.update_wrapper(wrapper, func)  # keeps the params click stored on func
        decorated: Callable[..., Any] = wrapper
        if paged:
            decorated = click.option(
                "--offset", type=int, default=0, show_default=True, help="Skip this many rows first."
            )(decorated)
            decorated = click.option(
                "--limit",
                type=int,
                default=None,
                help=f"Show at most this many rows (table default {table_limit}; machines get all).",
            )(decorated)
        decorated = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(decorated)
        decorated = click.option("--nl", "as_nl", is_flag=True, help="Print one JSON object a line.")(
            decorated
        )
        decorated = click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")(decorated)
        return decorated  # type: ignore[return-value]

    return decorate


_LISTING_PARAMS = ("as_json", "as_nl", "as_csv", "limit", "offset")


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One level of columns for CSV: nested dicts become ``outer.inner``, lists JSON text."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def write_csv(rows: Iterable[dict[str, Any]]) -> None:
    flat = [flatten(r) for r in rows]
    columns: dict[str, None] = {}
    for row in flat:
        columns.update(dict.fromkeys(row))
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in flat:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    """A readable table for people (rich), one row per dict."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        # Ids are typed back into other commands: never folded or cut.
        width = max((len(str(r.get(col) or "")) for r in rows), default=0) if col in ID_COLUMNS else None
        table.add_column(col, overflow="fold", min_width=width, no_wrap=col in ID_COLUMNS)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # pipes and logs: do not fold every cell
    console.print(table)
