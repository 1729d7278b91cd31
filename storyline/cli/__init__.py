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
    help="SQLite database file (or set STORYLINE_DB).",
)
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """storyline: source-attributed stories from raw news articles."""
    ctx.obj = Context(db_path=db)


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")
