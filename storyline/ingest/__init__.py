"""Stage 1: read raw inputs and turn them into articles (metadata + clean text)."""

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
