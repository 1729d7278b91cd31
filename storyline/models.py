"""The data model every stage reads and writes.

Offsets (``start``, ``end``) anywhere in storyline are character offsets into
``Article.text``, the clean body text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any, Protocol, Self, cast

SCHEMA_VERSION = "1.4"


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
    # "ptb" when the source gave Penn Treebank tokens and ``text`` is their restored form
    # (storyline.clean.ptb); None for text stored as given.
    restored: str | None = None
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
        if self.restored is None:  # the field appears only where text was restored
            del data["restored"]
        if data["encoding"] is None:  # the export of a clean UTF-8 article is unchanged
            del data["encoding"]
        return data


# -- analysis items -------------------------------------------------------------------------------
# What the analyzers emit, one model per kind. They travel typed from analyzer to store; the store
# keeps (and the export shows) ``to_dict()``: keys in field order, ``article`` first when known,
# optional fields left out when empty, exactly the dicts the analyzers wrote before they were typed.

_OPTIONAL = {"optional": True}  # field metadata: left out of ``to_dict`` when empty


def _nested(model: type[_ItemModel]) -> dict[str, Any]:
    """Field metadata: the value is a nested model, a dict in ``to_dict``."""
    return {"model": model}


_FIELD_SPECS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _field_specs(model: type) -> tuple[tuple[str, bool], ...]:
    """(name, optional) of a model's fields, in order, read once per model:
    ``dataclasses.fields`` is slow for a call per item (the events analyzer reads every earlier
    item as a dict)."""
    specs = _FIELD_SPECS.get(model)
    if specs is None:
        specs = _FIELD_SPECS[model] = tuple((f.name, bool(f.metadata.get("optional"))) for f in fields(model))
    return specs


class _ItemModel:
    """``to_dict`` / ``from_dict`` shared by the item models (slotted dataclasses)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        article = getattr(self, "article", None)
        if article is not None:  # set on items read back from a store
            data["article"] = article
        for name, optional in _field_specs(type(self)):
            value = getattr(self, name)
            if name == "article" or (optional and not value):
                continue
            data[name] = value.to_dict() if isinstance(value, _ItemModel) else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The model of a stored or exported dict (keys it does not know, such as the export's
        ``speaker.entity``, are left out)."""
        values: dict[str, Any] = {}
        for f in fields(cast(Any, cls)):
            if f.name not in data:
                continue  # optional: its default; required: the constructor says which is missing
            value = data[f.name]
            model = f.metadata.get("model")
            values[f.name] = model.from_dict(value) if model is not None and value is not None else value
        return cls(**values)


@dataclass(slots=True)
class TextSpan(_ItemModel):
    """A stretch of the clean text: a quote's cue ("said") or when it was said ("on Tuesday"); every
    item model starts with these fields."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Speaker(_ItemModel):
    """Who said a quote: the words that name them and the named person or organization they
    resolve to (``name`` None when nothing names them; ``anonymous`` for "a senior official")."""

    text: str
    start: int
    end: int
    name: str | None
    anonymous: bool


@dataclass(slots=True)
class Mention(TextSpan):
    """An entity mention (kind ``mentions``); see docs/entities.md."""

    type: str  # PERSON, ORG, OUTLET, GPE, LOC, NORP, FAC, ...
    name: str  # the best full name of the mention's chain in this article
    cluster: int  # the in-article chain, shared by all its mentions
    kind: str  # name, nominal ("the Russian leader"), pronoun ("she")
    titles: list[str]
    country: str | None = field(default=None, metadata=_OPTIONAL)  # places, seats of power
    article: str | None = None


@dataclass(slots=True)
class Quote(TextSpan):
    """An attribution (kind ``quotes``): direct, partial, block or reported; see docs/quotes.md."""

    kind: str  # direct, partial, block, reported
    cue: TextSpan | None = field(metadata=_nested(TextSpan))
    speaker: Speaker | None = field(metadata=_nested(Speaker))
    medium: str | None  # "NBC's Meet the Press", "in a statement"
    when: TextSpan | None = field(metadata=_nested(TextSpan))  # when it was said, if the text says
    article: str | None = None


@dataclass(slots=True)
class Citation(TextSpan):
    """One link of a citation chain (kind ``citations``): ``citing`` has it from ``cited``."""

    citing: str
    cited: str
    relation: str  # reports, referring_to, citing, according_to, told, quoted
    chain: int  # links of one chain share it, ordered by ``position``
    position: int
    article: str | None = None


@dataclass(slots=True)
class TimeExpression(TextSpan):
    """A time expression with its TIMEX3 value (kind ``times``); see docs/times.md."""

    type: str  # DATE, TIME, DURATION, SET
    value: str
    granularity: str
    anchor: str  # document, quote, none, unknown
    mod: str | None = field(default=None, metadata=_OPTIONAL)  # TIMEX3 mod: START, END, EQUAL_OR_LESS, ...
    anchor_date: str | None = field(default=None, metadata=_OPTIONAL)  # the day a quote was said
    article: str | None = None


@dataclass(slots=True)
class EventMention(TextSpan):
    """An event mention with its reported status (kind ``events``); see docs/events.md. ``text``
    is the trigger ("summit", "called off"); the nested parts stay plain dicts of the shapes given."""

    lemma: str
    type: str  # meeting, summit, talks, call, sanction, attack, election, ...
    sentence: dict[str, int]  # {start, end}
    participants: list[dict[str, Any]]  # [{name, entity_cluster, start, end, role}]
    place: dict[str, Any] | None  # {text, start, end}
    time: dict[str, Any] | None  # {value, granularity, text, start, end}
    status: str  # proposed, planned, held, ongoing, postponed, cancelled, denied
    status_cue: str | None
    disputed: bool
    asserted_by: dict[str, Any]  # {kind: speaker|outlet, name, quote_index}
    negated: bool
    # not one specific event ("every round of talks", "met 12 times", an announcement reporting
    # another event): the cross-article resolution skips it; left out of ``to_dict`` when false
    generic: bool = field(default=False, metadata=_OPTIONAL)
    article: str | None = None


class AnalysisItem(Protocol):
    """Any analysis item: offsets into the clean text, and its stored form."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    def to_dict(self) -> dict[str, Any]: ...


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


# -- what a TIMEX3 value means on the calendar ------------------------------------------------


@lru_cache(maxsize=65536)
def timex_period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a TIMEX3 date value covers: 2025-08-15, 2025-08, 2025-W42, 2025-Q3, 2025; other
    values (PRESENT_REF, durations, XXXX) cover nothing known."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    year = int(value[:4])
    rest = value[4:]
    try:
        if not rest:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if rest.startswith("-W") and rest[2:4].isdigit():
            monday = dt.date.fromisocalendar(year, int(rest[2:4]), 1)
            return monday, monday + dt.timedelta(days=6)
        if rest.startswith("-Q") and rest[2:3].isdigit():
            quarter = int(rest[2:3])
            first = dt.date(year, 3 * quarter - 2, 1)
            return first, _month_end(year, 3 * quarter)
        if len(rest) >= 3 and rest[1:3].isdigit():
            month = int(rest[1:3])
            if len(rest) >= 6 and rest[4:6].isdigit():
                day = dt.date(year, month, int(rest[4:6]))
                return day, day
            return dt.date(year, month, 1), _month_end(year, month)
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class EventOverride:
    """``merge``: the event holding mention ``other`` joins the event holding ``target``.
    ``split``: mention ``target`` becomes an event of its own. Mentions are ``article:start``."""

    seq: int
    action: str
    target: str
    other: str | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "action": self.action,
            "target": self.target,
            "other": self.other,
            "created": self.created,
        }
