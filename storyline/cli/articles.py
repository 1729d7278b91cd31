"""ingest, articles, article, export."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import api
from ..ingest.normalize import normalize_published
from ..models import IngestReport, Skipped
from ..store.queries import article_count
from . import main
from ._common import (
    Context,
    Listing,
    include_copies_option,
    json_option,
    listing_options,
    pass_context,
    print_json,
    print_table,
    require_article,
)


def _budget_options(command: Any) -> Any:
    command = click.option(
        "--max-chars",
        type=int,
        default=1_000_000,
        show_default=True,
        help="Analyze at most this many characters of an article (0: no cap); the rest is noted.",
    )(command)
    return click.option(
        "--budget",
        type=float,
        default=60.0,
        show_default=True,
        help="Seconds of analysis per article (0: no limit); past it the article is stored with a note.",
    )(command)


def _budget(seconds: float, max_chars: int) -> Any:
    from ..analyze.budget import Budget

    return Budget(seconds=seconds or None, max_chars=max_chars or None)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published", help="Publication date (YYYY-MM-DD) for every article of this run; wins over any other."
)
@click.option(
    "--no-analyze", is_flag=True, help="Only ingest and clean; analyze later with `storyline analyze`."
)
@click.option(
    "--max-file-mb", type=float, default=20.0, show_default=True, help="Skip single files larger than this."
)
@click.option(
    "--processes",
    type=int,
    default=None,
    help="Worker processes: analysis (default: up to 2); 2 or more also clean in workers.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_budget_options
@json_option
@pass_context
def ingest(
    ctx: Context,
    paths: tuple[str, ...],
    published: str | None,
    no_analyze: bool,
    max_file_mb: float,
    processes: int | None,
    quiet: bool,
    budget: float,
    max_chars: int,
    as_json: bool,
) -> None:
    """Read PATHS (files, folders, or - for JSONL on stdin) into the store.

    Formats: .txt, .html/.htm, .json/.jsonl, .warc/.warc.gz. Exit code 0 when every input was
    stored (or already stored), 1 when some were skipped (each is listed with its reason).
    """
    if published is not None and normalize_published(published) is None:
        raise click.BadParameter("use an ISO date such as 2025-10-26", param_hint="--published")
    with ctx.store(create=True) as store, _progress(quiet) as progress:
        report = api.ingest_paths(
            store,
            paths,
            published=published,
            analyze=not no_analyze,
            max_bytes=int(max_file_mb * 1024 * 1024),
            processes=processes,
            stdin=sys.stdin.buffer,
            progress=progress,
            budget=_budget(budget, max_chars),
        )
    exit_with_report(report, as_json)


def exit_with_report(report: IngestReport, as_json: bool) -> None:
    """Print what a run stored and skipped (JSON, or lines on stderr), then exit: 1 when
    something was skipped. ``ingest`` and ``load`` share it."""
    if as_json:
        print_json(report.to_dict())
    else:
        for s in report.skipped:
            click.echo(f"skipped {s.path}: {s.reason}", err=True)
        for w in report.warnings:
            click.echo(f"warning {w.path}: {w.reason}", err=True)
        click.echo(
            f"read {report.read}, stored {report.stored}, unchanged {report.unchanged}, "
            f"duplicates {report.duplicates}, analyzed {report.analyzed}, skipped {len(report.skipped)}",
            err=True,
        )
    sys.exit(1 if report.skipped else 0)


class _progress:
    """A rich progress display on stderr, one task per phase."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=quiet,
            transient=False,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> api.Progress:
        self._progress.__enter__()
        return self._advance

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def _advance(self, phase: str, advance: int) -> None:
        if phase not in self._tasks:
            self._tasks[phase] = self._progress.add_task(phase, total=None)
        self._progress.advance(self._tasks[phase], advance)


@main.command()
@click.option("--processes", type=int, default=None, help="Worker processes (default: up to 2).")
@_budget_options
@pass_context
def analyze(ctx: Context, processes: int | None, budget: float, max_chars: int) -> None:
    """Analyze stored articles not yet analyzed by this version (quotes, entities, times...)."""
    failures: list[Skipped] = []
    warnings: list[Skipped] = []
    with ctx.store() as store, _progress(False) as progress:
        n = api.analyze_pending(
            store,
            processes=processes,
            progress=progress,
            failures=failures,
            warnings=warnings,
            budget=_budget(budget, max_chars),
        )
    for f in failures:
        click.echo(f"article {f.path}: {f.reason}", err=True)
    for w in warnings:
        click.echo(f"warning {w.path}: {w.reason}", err=True)
    click.echo(f"analyzed {n} articles, {len(failures)} failed", err=True)
    sys.exit(1 if failures else 0)


ARTICLE_COLUMNS = ["id", "outlet", "published", "title", "words", "removed", "duplicate_of"]


@main.group("articles", invoke_without_command=True)
@click.option("--failed", is_flag=True, help="Only articles whose analysis failed or was cut short, and why.")
@listing_options()
@pass_context
@click.pass_context
def articles(click_ctx: click.Context, ctx: Context, listing: Listing, failed: bool) -> None:
    """List stored articles (copies too, marked duplicate_of), with full ids.

    `storyline articles forget ID` removes one article and everything derived from it;
    `--failed` lists the articles whose analysis failed or was cut short, and why.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with ctx.store() as store:
        if failed:
            status = store.analysis_status()
            listing.emit(
                listing.page(status), ["id", "attempts", "failed", "error", "note"], total=len(status)
            )
            return
        rows = api.list_articles(store, limit=listing.limit, offset=listing.offset)
        total = article_count(store)
    listing.emit(rows, ARTICLE_COLUMNS, total=total)


@articles.command("forget")
@click.argument("article_id")
@json_option
@pass_context
def forget(ctx: Context, article_id: str, as_json: bool) -> None:
    """Remove ARTICLE_ID (id or unique prefix) and all derived from it: its quotes, citations,
    times, entity mentions and file mark (so ingesting its file again brings it back). The
    earliest of its copies becomes the original; the other copies point at that one."""
    with ctx.store() as store:
        report = api.forget_article(store, article_id)
    if as_json:
        print_json(report)
        return
    click.echo(f"forgot {report['article']}; {report['entities']} entities, {report['events']} events")
    if report["promoted"]:
        click.echo(f"{report['promoted']} is now the original of its copies")


@main.command()
@click.argument("article_id")
@json_option
@pass_context
def article(ctx: Context, article_id: str, as_json: bool) -> None:
    """Show one article (id or id prefix): metadata, clean text and what was removed."""
    with ctx.store() as store:
        found = require_article(store, article_id)
    if as_json:
        print_json(found.to_dict())
        return
    click.echo(
        f"{found.title or '(no title)'}\n{found.outlet or '?'} · {found.published or 'undated'} · {found.id}"
    )
    if found.duplicate_of:
        click.echo(f"duplicate of {found.duplicate_of}")
    click.echo("\n" + found.text + "\n")
    for r in found.removed:
        click.echo(f"[removed {r.kind}] {r.text}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@pass_context
def export(ctx: Context, fmt: str) -> None:
    """Print the whole store as one JSON document (schema: docs/schema.md)."""
    with ctx.store() as store:
        print_json(api.export_document(store))


SUMMARY_ARTICLES = 20  # the overview names the first articles; `articles` pages through all


@main.command()
@include_copies_option
@json_option
@pass_context
def summary(ctx: Context, include_copies: bool, as_json: bool) -> None:
    """What the store holds: articles by outlet and date, who is quoted most, who cites whom.

    Counts are of independent articles: a duplicate's quotes and citations count once, as its
    original's (--include-copies counts them all); speakers by resolved entity."""
    with ctx.store() as store:
        overview = api.summarize(store, include_copies=include_copies)
        rows = [] if as_json else api.list_articles(store, limit=SUMMARY_ARTICLES)
    if as_json:
        print_json(overview)
        return
    print_table(rows, ["id", "outlet", "published", "title", "duplicate_of"], title="Articles")
    if overview["articles"] > len(rows):
        click.echo(f"... and {overview['articles'] - len(rows)} more: `storyline articles` lists them all")
    click.echo(
        f"{overview['articles']} articles ({overview['independent_articles']} independent, "
        f"{overview['duplicates']} duplicates) from {len(overview['outlets'])} outlets, "
        f"{overview['first_day'] or '?'} to {overview['last_day'] or '?'}; "
        f"{overview['quotes']} quotes, {overview['times']} time expressions"
        + ("" if include_copies else " in independent articles")
        + "."
    )
    if overview["top_speakers"]:
        print_table(overview["top_speakers"], ["speaker", "quotes"], title="Most quoted")
    if overview["top_citations"]:
        print_table(overview["top_citations"], ["citing", "cited", "count"], title="Who cites whom")
