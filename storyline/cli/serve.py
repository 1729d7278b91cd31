"""``storyline serve``: the HTTP API and the web page."""

from __future__ import annotations

import click

from ..errors import StoreError
from ..store import store_exists
from . import main
from ._common import Context, pass_context


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; not loopback needs a token."
)
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--token",
    envvar="STORYLINE_TOKEN",
    help="Require `Authorization: Bearer TOKEN` on API requests (or set STORYLINE_TOKEN); "
    "open the page once as /?token=TOKEN.",
)
@pass_context
def serve(ctx: Context, host: str, port: int, token: str | None) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json, docs at /docs) and the web page at /."""
    import uvicorn

    from ..serve import create_app, requires_token

    if requires_token(host) and not token:
        raise click.UsageError(f"--host {host} serves other machines: give --token (or STORYLINE_TOKEN)")
    if not store_exists(ctx.db_path):
        raise StoreError(f"no database at {ctx.db_path}; run `storyline ingest` first", code="E204")
    click.echo(f"storyline on http://{host}:{port}/ (database {ctx.db_path})", err=True)
    uvicorn.run(create_app(ctx.db_path, token=token), host=host, port=port, log_level="warning")
