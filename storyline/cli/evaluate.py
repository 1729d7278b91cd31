"""evaluate: score the pipeline on annotated data."""

from __future__ import annotations

from pathlib import Path

import click

from ..evaluate import TASKS
from ..evaluate import evaluate as run_evaluation
from . import main
from ._common import print_json


@main.command()
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--limit", type=int, default=None, help="Score only the first N documents (quick checks).")
@click.option(
    "--option",
    "-o",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A task option, e.g. -o topics=1,3 -o split=dev (coref) or -o baseline=false (quotes).",
)
def evaluate(task: str, files: tuple[Path, ...], limit: int | None, options: tuple[str, ...]) -> None:
    """Score TASK on annotated FILES and print one JSON object of metrics.

    Tasks and formats (see ../shared/data/README.md): extraction (article_extraction pages.jsonl),
    quotes (PolNeAR jsonl), time (TempEval-3 jsonl), dating (any JSONL with text and a date),
    coref, events (cross-document event coreference; -o scope=both|topic|corpus, -o oracle=true,
    -o embeddings=false for the lexical scorer alone)
    events-detection and stories (ECB+ documents.jsonl), timeline (Timeline17 articles.jsonl timelines.jsonl),
    stories-stream (Timeline17 articles.jsonl through the store; -o start=DAY -o end=DAY -o batch=N).
    """
    extra: dict[str, object] = {}
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep:
            raise click.BadParameter(f"{opt!r}: use KEY=VALUE", param_hint="--option")
        extra[key.strip()] = _option_value(value.strip())
    print_json(run_evaluation(task, list(files), limit=limit, **extra))


def _option_value(value: str) -> object:
    """Booleans from "true"/"false"; anything else stays a string for the task to parse ("1,3")."""
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value
