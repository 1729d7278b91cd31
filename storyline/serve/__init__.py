"""Stage 6, serve: the HTTP API and the web page over the same functions as the CLI."""

from .app import create_app, requires_token

__all__ = ["create_app", "requires_token"]
