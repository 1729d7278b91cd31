"""bench: measure speed and memory."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..bench import run_bench
from . import main
from ._common import print_json


@main.command()
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=Path("../shared/data/timeline17/articles.jsonl"),
    show_default=True,
    help="Timeline17-style JSONL (text, date) to ingest.",
)
@click.option("--sizes", default="500,1000,1738", show_default=True, help="Ingest sizes (articles).")
@click.option("--analyze-sizes", default="100", show_default=True, help="Analysis sizes ('' to skip).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here.")
def bench(corpus: Path, sizes: str, analyze_sizes: str, out: Path | None) -> None:
    """Ingest+clean throughput and peak memory at several sizes, and analysis throughput on 1 and 2 processes."""
    result = run_bench(
        corpus,
        [int(s) for s in sizes.split(",") if s],
        [int(s) for s in analyze_sizes.split(",") if s],
    )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_json(result)
