"""Stage 1: read raw inputs and turn them into articles (metadata + clean text).

The names below load lazily (PEP 562), so importing ``storyline.ingest.readers`` for a constant
does not load the HTML extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build_article
    from .normalize import normalize_published
    from .readers import DEFAULT_MAX_BYTES, RawDocument, discover, read_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RawDocument",
    "build_article",
    "discover",
    "normalize_published",
    "read_path",
]
_HOME = {"build_article": "build", "normalize_published": "normalize"}


def __getattr__(name: str) -> Any:
    if name in __all__:
        import importlib

        return getattr(importlib.import_module(f".{_HOME.get(name, 'readers')}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
