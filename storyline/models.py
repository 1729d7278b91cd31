"""The data model every stage reads and writes.

Offsets (``start``, ``end``) anywhere in storyline are character offsets into
``Article.text``, the clean body text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.1"


@dataclass(frozen=True, slots=True)
class Removed:
    """A span taken out of the body text, kept so a user can audit the cleaning."""

    kind: str  # caption, photo-credit, header, related-links, share-prompt, credit, page
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(slots=True)
class Article:
    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime as stated by the source or the user
    published_estimate: dict[str, Any] | None = None  # {earliest, latest, evidence}
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None
    # The crawl time as the source states it (WARC-Date, JSON ``crawled``), or None.
    crawled: str | None = None
    # The day (UTC) this store first held the article, kept when a changed version replaces it.
    ingested: str | None = None
    # How the bytes were decoded, when not clean UTF-8 ("windows-1252", "utf-16", or "utf-8" when
    # invalid bytes were replaced). None for clean UTF-8, and then absent from ``to_dict``.
    encoding: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        """The publication day, if the article states one."""
        return _day(self.published)

    @property
    def crawled_date(self) -> dt.date | None:
        return _day(self.crawled)

    @property
    def seen_date(self) -> dt.date | None:
        """The first day the article is known to have existed (its crawl, else its ingest): nothing
        is published after it was seen, so this caps an estimated publication window."""
        return self.crawled_date or _day(self.ingested)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["removed"] = [r.to_dict() for r in self.removed]
        if data["encoding"] is None:  # the export of a clean UTF-8 article is unchanged
            del data["encoding"]
        return data


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be stored, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    analyzed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Stored anyway, but worth knowing: bytes replaced, a field of the wrong type ignored,
    # analysis cut short by the budget.
    warnings: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "analyzed": self.analyzed,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": [{"path": s.path, "reason": s.reason} for s in self.warnings],
        }
