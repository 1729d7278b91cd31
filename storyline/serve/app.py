"""The HTTP API and the web page: FastAPI over the same functions as the CLI.

Every response is JSON except the page itself (``/`` and ``/static/*``). Errors have one shape,
``{"ok": false, "error": "...", "status": N}``, for bad parameters (4xx) as for anything else.
Article text and titles are untrusted: the page puts them into the DOM as text only, and every
response carries a strict Content-Security-Policy, so nothing in an article can run.

Each request opens its own read connection (SQLite in WAL mode), so the server reads while an
ingest writes; a request that still meets a lock gets a 503 with the same error shape, never a 500.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError, StorylineError
from ..store import Store, is_url
from . import queries

# The page needs nothing from elsewhere: no inline script or style, no third-party origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# FastAPI's /docs page loads Swagger UI from a CDN: allowed there only (it needs network access).
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; frame-ancestors 'none'"
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
STATIC = Path(str(resources.files(__package__) / "static"))

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def requires_token(host: str) -> bool:
    """Anything but a loopback address serves other machines, so it must not run without a token."""
    return host not in LOCAL_HOSTS


def create_app(db_path: str | Path, *, token: str | None = None) -> FastAPI:
    """The app over the store at ``db_path`` (which must exist: the server never creates one).
    With ``token``, every API request must carry ``Authorization: Bearer TOKEN``."""
    db: str | Path = db_path if is_url(db_path) else Path(db_path)
    app = FastAPI(
        title="storyline",
        version="1",
        description="Source-attributed stories from news articles: the same functions as the CLI.",
    )

    @contextmanager
    def store() -> Iterator[Store]:
        if isinstance(db, Path) and not db.exists():
            raise ApiError(503, f"no database at {db}; run `storyline ingest` first")
        try:
            with Store(db, create=False) as opened:
                yield opened
        except StoreError as exc:  # E204: no store there; E205: a writer held the lock too long
            raise ApiError(503, f"database unavailable, try again: {exc}") from exc
        except (sqlite3.OperationalError, sa.exc.OperationalError) as exc:  # busy past the timeout
            raise ApiError(503, f"database busy, try again: {exc}") from exc

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if token is not None and path.startswith("/api/"):
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
                return _secure(
                    error_response(401, "missing or wrong token (Authorization: Bearer ...)"), path
                )
        try:
            response = await call_next(request)
        except Exception as exc:  # never a bare 500 page: the one error shape
            response = error_response(500, f"internal error: {type(exc).__name__}")
        return _secure(response, path)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()
        )
        return error_response(400, f"bad parameters: {details}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))

    # -- the page ---------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        path = STATIC / name
        if name not in {"app.js", "app.css"} or not path.exists():
            raise ApiError(404, f"no static file {name!r}")
        return FileResponse(path)

    # -- the API ----------------------------------------------------------------------------

    @app.get("/api/summary")
    def summary() -> dict[str, Any]:
        """Articles, independent sources, most quoted, who cites whom."""
        with store() as s:
            return queries.summary(s)

    @app.get("/api/articles")
    def articles(
        limit: Limit = 50, offset: Offset = 0, q: Annotated[str | None, Query(max_length=200)] = None
    ) -> dict[str, Any]:
        """Stored articles (newest ingest last), optionally those whose title or outlet contains ``q``."""
        with store() as s:
            return queries.articles(s, limit=limit, offset=offset, search=q)

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        """One article: metadata, clean text, removed boilerplate."""
        with store() as s:
            return _found(queries.article(s, article_id), f"no article {article_id!r}")

    @app.get("/api/quotes")
    def quotes(
        limit: Limit = 50,
        offset: Offset = 0,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        article: Annotated[str | None, Query(max_length=200)] = None,
        kind: Annotated[str | None, Query(pattern="^(direct|partial|block|reported)$")] = None,
    ) -> dict[str, Any]:
        """Quotes with speaker, cue and kind."""
        with store() as s:
            return queries.quotes(s, limit=limit, offset=offset, speaker=speaker, article=article, kind=kind)

    @app.get("/api/speakers")
    def speakers(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Speakers by number of quotes, with their quotes grouped."""
        with store() as s:
            return queries.speakers(s, limit=limit, offset=offset)

    @app.get("/api/sources")
    def sources(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Who cites whom, with counts: the citation graph."""
        with store() as s:
            return queries.sources(s, limit=limit, offset=offset)

    @app.get("/api/entities")
    def entities(
        limit: Limit = 50,
        offset: Offset = 0,
        type: Annotated[str | None, Query(max_length=40)] = None,
    ) -> dict[str, Any]:
        """Actors resolved across articles."""
        with store() as s:
            return queries.entities(s, limit=limit, offset=offset, entity_type=type)

    @app.get("/api/stories")
    def stories(
        limit: Limit = 50, offset: Offset = 0, q: Annotated[str | None, Query(max_length=200)] = None
    ) -> dict[str, Any]:
        """Developing stories, largest first, optionally matching ``q``."""
        with store() as s:
            return queries.stories(s, limit=limit, offset=offset, search=q)

    @app.get("/api/stories/{story_id}")
    def story(story_id: str) -> dict[str, Any]:
        """One story: timeline (events by date, status history, first report, independent
        sources), conflicts and updates, its events and articles."""
        with store() as s:
            return _found(queries.story(s, story_id), f"no story {story_id!r}")

    @app.get("/api/events")
    def events(
        limit: Limit = 50,
        offset: Offset = 0,
        type: Annotated[str | None, Query(max_length=40)] = None,
        status: Annotated[
            str | None, Query(pattern="^(proposed|planned|held|ongoing|postponed|cancelled|denied)$")
        ] = None,
    ) -> dict[str, Any]:
        """Events resolved across articles, with their current status."""
        with store() as s:
            return queries.events(s, limit=limit, offset=offset, event_type=type, status=status)

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        """One event: participants, place, date and its dated status history."""
        with store() as s:
            return _found(queries.event(s, event_id), f"no event {event_id!r}")

    return app


def _found(value: dict[str, Any] | None, message: str) -> dict[str, Any]:
    if value is None:
        raise ApiError(404, message)
    return value


def _secure(response: Response, path: str) -> Response:
    response.headers["Content-Security-Policy"] = DOCS_CSP if path in ("/docs", "/redoc") else PAGE_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response
