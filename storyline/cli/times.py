"""``storyline times ARTICLE``: the time expressions of one article and what they resolve to."""

from __future__ import annotations

import click

from . import main
from ._common import Context, json_option, pass_context, print_json, print_table, require_article


@main.command()
@click.argument("article_id")
@json_option
@pass_context
def times(ctx: Context, article_id: str, as_json: bool) -> None:
    """Show the time expressions of ARTICLE (id or id prefix) with their TIMEX3 values."""
    with ctx.store() as store:
        found = require_article(store, article_id)
        items = store.items("times", found.id)
    if as_json:
        print_json(
            {
                "article": found.id,
                "published": found.published,
                "published_estimate": found.published_estimate,
                "times": items,
            }
        )
        return
    if found.published:
        dated = f"published {found.published}"
    elif found.published_estimate:
        est = found.published_estimate
        dated = f"undated; estimated {est.get('earliest')} .. {est.get('latest')}"
    else:
        dated = "undated; relative expressions left unresolved (XXXX)"
    from ..analyze.times import describe  # loads the tagger (spaCy types): only for this command

    rows = describe(items)
    columns = ["start", "text", "type", "value", "granularity", "anchor"]
    print_table(rows, columns, title=f"{len(rows)} time expressions · {found.id} · {dated}")
