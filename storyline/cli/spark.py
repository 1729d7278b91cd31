"""``storyline spark analyze`` and ``storyline load``: the per-article stages on Spark."""

from __future__ import annotations

import click

from ..ingest.normalize import normalize_published
from . import main
from ._common import Context, json_option, pass_context, print_json
from .articles import exit_with_report


@main.group()
def spark() -> None:
    """Run the per-article stages on Apache Spark (local or a cluster)."""


@spark.command("analyze")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder (local path or URI) for the Parquet tables.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option("--partitions", type=int, default=None, help="Input partitions (default: 4 per core).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for every article of this run.")
@click.option(
    "--max-file-mb", type=float, default=20.0, show_default=True, help="Skip single files larger than this."
)
@json_option
def spark_analyze(
    inputs: tuple[str, ...],
    out: str,
    master: str,
    partitions: int | None,
    published: str | None,
    max_file_mb: float,
    as_json: bool,
) -> None:
    """Read, clean and analyze INPUTS (files, folders or URIs: JSONL, WARC, txt, HTML) on Spark;
    write Parquet tables (articles, mentions, quotes, citations, times, ...) to --out."""
    from ..spark import analyze_to_parquet

    if published is not None and normalize_published(published) is None:
        raise click.BadParameter("use an ISO date such as 2025-10-26", param_hint="--published")
    counts = analyze_to_parquet(
        inputs,
        out,
        master=master,
        partitions=partitions,
        published=published,
        max_bytes=int(max_file_mb * 1024 * 1024),
    )
    if as_json:
        print_json(counts)
    else:
        click.echo(", ".join(f"{table} {n}" for table, n in sorted(counts.items())), err=True)


@main.command("load")
@click.argument("folder")
@json_option
@pass_context
def load(ctx: Context, folder: str, as_json: bool) -> None:
    """Load the output of `storyline spark analyze` into the store and run the cross-article stages."""
    from ..spark import load_parquet

    with ctx.store(create=True) as store:
        report = load_parquet(store, folder)
    exit_with_report(report, as_json)
