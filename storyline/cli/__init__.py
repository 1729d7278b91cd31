"""The command line: thin commands over the functions of ``storyline.api`` and the stages.

Each command module registers its commands on ``main``. Errors become one clean message on
stderr and exit code 1.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from ..errors import StorylineError
from ._common import Context

COMMAND_MODULES = (
    "articles",
    "evaluate",
    "bench",
    "quotes",
    "times",
    "entities",
    "events",
    "stories",
    "serve",
    "spark",
)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="storyline")
@click.option(
    "--db",
    "db",
    envvar="STORYLINE_DB",
    default="storyline.db",
    show_default=True,
    help="SQLite database file, or a postgresql://user@host:port/db URL (or set STORYLINE_DB).",
)
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """storyline: source-attributed stories from raw news articles."""
    ctx.obj = Context(db_path=db)


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Context).db_path = value


def add_db_option(command: click.Command) -> None:
    """Give ``command`` and every subcommand under it ``--db FILE``, so the option works after
    the subcommand name as well as before it (``storyline ingest --db x.db PATH``)."""
    if not any(p.name == "db" for p in command.params):
        command.params.append(
            click.Option(
                ["--db"],
                default=None,
                expose_value=False,
                callback=_set_db,
                help="SQLite database file or postgresql:// URL (as before the command name; or set STORYLINE_DB).",
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_db_option(sub)


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")
STORELESS = ("evaluate", "bench")  # they read files of their own, never the store
for _name, _command in main.commands.items():
    if _name not in STORELESS:
        add_db_option(_command)
