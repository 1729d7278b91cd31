"""Canonical events across articles: mentions of one real event become one event, with a dated
status history, every merge explained.

Input: the per-article ``events`` items (see docs/events.md), each made a ``MentionRecord`` with
its participants as canonical entity ids, its reported day and who asserted its status.

Mentions are compared only inside blocks, never all pairs: a block is one event family (the
``TYPE_FAMILY`` table: summit~meeting~talks; a call is a call) and one participant, or, for
mentions with no participant, one family and one month. A mention joins the best compatible
event of its blocks; compatible means

* participants: one set contains the other (Trump+Putin is not Putin+Zelensky; "Putin" alone
  fits either, and goes to the event sharing most);
* place: one place lies in the other (Anchorage in Alaska; Budapest is not in Alaska);
* date: the intervals the two TIMEX values denote overlap (2025-08 ~ 2025-08-15;
  2025-10-16 ~ 2025-W42); a mention with no date fits any date.

Then the user's overrides apply, in the order they were made. Overrides name events by one of
their mentions (``article:start``), not by id, so they survive re-processing and new articles.
An event's id is a hash of its earliest mention, so it is stable across re-runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..analyze.entities.gazetteer import COUNTRY_OF, demonym_forms
from ..analyze.entities.names import fold, plain_key, slug
from ..models import EventOverride, timex_period
from ._event_families import stem, type_family
from ._event_pairs import PairEvidence, jaccard, overlap, pair_probability
from ._event_places import more_specific, places_compatible, regions_of

Item = dict[str, Any]
BARE_REACH = 400  # characters back a bare mention looks for its event (about two sentences)
BLOCK_REACH = 64  # events compared per block: the most recently joined ones
Interval = tuple[dt.date, dt.date]
date_interval = timex_period  # the days a TIMEX3 date value covers


@dataclass(slots=True)
class MentionRecord:
    article: str
    start: int
    end: int
    text: str
    type: str
    participants: frozenset[str]
    participant_names: dict[str, str]
    place: str | None
    time_value: str | None
    granularity: str | None
    status: str
    reported: str | None  # the day the status was reported (YYYY-MM-DD)
    said_by: str | None
    sentence: str
    disputed: bool = False
    status_cue: str | None = None
    quote_day: bool = False  # reported on the day of the quote it sits in, not the article's
    dated: bool = False  # its article has a publication date (not only an estimate)
    # the last word of the titles its people hold ("minister" for a Valdorian foreign minister):
    # the blocks where an event known only by offices ("the foreign ministers") is met
    held_offices: frozenset[str] = frozenset()
    # the other words of those titles ("valdorian", "foreign"): where a country acting in a
    # report ("Valdoria called off the summit") meets the events of its people
    held_words: frozenset[str] = frozenset()

    @property
    def ref(self) -> str:
        return f"{self.article}:{self.start}"

    def to_dict(self) -> dict[str, Any]:
        """As stored with the event (``event_mentions.data``)."""
        data = {f: getattr(self, f) for f in self.__slots__}
        data["participants"] = sorted(self.participants)
        data["held_offices"] = sorted(self.held_offices)
        data["held_words"] = sorted(self.held_words)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MentionRecord:
        return cls(
            **{
                **data,
                "participants": frozenset(data["participants"]),
                "held_offices": frozenset(data.get("held_offices") or ()),
                "held_words": frozenset(data.get("held_words") or ()),
            }
        )

    def order(self) -> tuple[str, str, int]:
        # Undated reports first: nothing says they are the latest word.
        return (self.reported or "", self.article, self.start)


@dataclass(slots=True)
class Tally:
    """What an event's head (type, name, status, article count) is computed from, kept up as
    reports arrive in report order: a stored event grows without its history being read."""

    types: dict[str, int] = field(default_factory=dict)  # in first-report order
    names: dict[str, str] = field(default_factory=dict)  # participant -> the latest name given
    articles: int = 0
    last: tuple[str, str, int] | None = None  # the latest report's order
    # The latest day's statuses, one per report (as ``status_history`` counts them): of the
    # reports a word states ("cued"), and of all; [day, [statuses]].
    cued: list[Any] | None = None
    any: list[Any] | None = None
    # What the undated articles' windows read of the event (``window``): whether a dated
    # article reports it, and up to two articles that report it as having happened.
    dated: bool = False
    held: list[str] = field(default_factory=list)
    seen: set[tuple[str, str | None, str, str | None]] = field(default_factory=set)  # in memory

    def add(self, mention: MentionRecord, new_article: bool) -> None:
        """Count one report; it comes after every report counted (``Event.add`` makes sure)."""
        self.types[mention.type] = self.types.get(mention.type, 0) + 1
        self.names.update(mention.participant_names)
        self.articles += new_article
        self.last = mention.order()
        self.dated = self.dated or mention.dated
        if mention.status in HAPPENED and len(self.held) < 2 and mention.article not in self.held:
            self.held.append(mention.article)
        key = (mention.article, mention.sentence, mention.status, mention.said_by)
        if mention.sentence and key in self.seen:
            return  # one report: the first mention stands for it
        self.seen.add(key)
        self.any = _on_day(self.any, mention)
        if mention.status_cue:
            self.cued = _on_day(self.cued, mention)

    def status(self) -> str | None:
        """``current_status`` of the history these reports make."""
        latest = self.cued or self.any
        if latest is None:
            return None
        that_day: list[str] = latest[1]
        counts = Counter(that_day)
        best = max(counts.values())
        return next(s for s in reversed(that_day) if counts[s] == best)

    def type(self) -> str:
        return max(self.types.items(), key=lambda kv: kv[1])[0]  # ties: the first reported

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": list(self.types.items()),
            "names": self.names,
            "articles": self.articles,
            "last": list(self.last) if self.last else None,
            "cued": self.cued,
            "any": self.any,
            "dated": self.dated,
            "held": self.held,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        last = data["last"]
        return cls(
            types={str(t): int(n) for t, n in data["types"]},
            names=dict(data["names"]),
            articles=int(data["articles"]),
            last=(str(last[0]), str(last[1]), int(last[2])) if last else None,
            cued=data["cued"],
            any=data["any"],
            dated=bool(data["dated"]),
            held=list(data["held"]),
        )


HAPPENED = frozenset({"held", "ongoing"})  # statuses that say the event took place


def _on_day(latest: list[Any] | None, mention: MentionRecord) -> list[Any]:
    if latest is not None and latest[0] == mention.reported:
        return [latest[0], [*latest[1], mention.status]]
    return [mention.reported, [mention.status]]


@dataclass(slots=True, eq=False)  # events are compared by identity
class Event:
    mentions: list[MentionRecord] = field(default_factory=list)
    merges: list[dict[str, str]] = field(default_factory=list)
    participants: set[str] = field(default_factory=set)
    place: str | None = None
    interval: Interval | None = None
    time_value: str | None = None
    granularity: str | None = None
    forced_id: str | None = None
    seq: int = 0  # creation order: ties go to the older event
    starts: dict[str, list[int]] = field(default_factory=dict)  # article -> mention starts
    time_values: set[str] = field(default_factory=set)
    core: set[str] = field(default_factory=set)  # the participants that identify it
    postponed: bool = False  # some report says it was put off
    tally: Tally = field(default_factory=Tally)
    unordered: bool = False  # a report came before one already counted: recount ``tally``
    # A stored event read from its summary: what comparing a new mention needs, and what its
    # head is computed from. A report later than all of its own joins it as it is (its rows are
    # only added to); an earlier one reads its records, merges and creation order from
    # ``loader`` first.
    loader: Callable[[], tuple[int, list[dict[str, str]], list[MentionRecord]]] | None = None
    added: list[tuple[MentionRecord, str | None]] = field(default_factory=list)  # since the summary
    window_before: tuple[str | None, bool, int] | None = None  # ``window_key`` as stored
    first: MentionRecord | None = None  # the earliest report: what the id is made from

    def add(self, mention: MentionRecord, reason: str | None) -> None:
        later = self.tally.last is None or mention.order() > self.tally.last
        if not later:
            self.load()
        elif self.loader is not None:
            self.added.append((mention, reason))
            self.unordered = self.unordered or (
                self.tally.last is not None and mention.order() < self.tally.last
            )
        if not self.unordered:
            self.tally.add(mention, mention.article not in self.starts)
        self.mentions.append(mention)
        if self.first is None or mention.order() < self.first.order():
            self.first = mention
        # Indexes that keep each comparison independent of the event's size.
        self.starts.setdefault(mention.article, []).append(mention.start)
        if mention.time_value:
            self.time_values.add(mention.time_value)
        self.postponed = self.postponed or mention.status == "postponed"
        self.participants |= mention.participants
        self.core |= core_participants(mention.participants)
        if mention.place:
            self.place = more_specific(self.place, mention.place) if self.place else mention.place
        interval = date_interval(mention.time_value)
        # The most precise date; at equal precision the latest report's (a postponed event's
        # new date replaces the old one).
        if interval is not None and (self.interval is None or _width(interval) <= _width(self.interval)):
            self.interval, self.time_value, self.granularity = (
                interval,
                mention.time_value,
                mention.granularity,
            )
        if reason is not None:
            self.merges.append({"from": mention.ref, "reason": reason, "article": mention.article})

    def load(self) -> None:
        """Read the whole event when it is a summary (a report earlier than its latest joins)."""
        if self.loader is None:
            return
        seq, merges, records = self.loader()
        again = Event(seq=seq, merges=merges, forced_id=self.forced_id, window_before=self.window_before)
        for record in sorted(records, key=MentionRecord.order):
            again.add(record, None)
        for record, reason in self.added:  # the reports that joined it as a summary
            again.add(record, reason)
        for name in self.__slots__:
            setattr(self, name, getattr(again, name))

    def summary(self) -> dict[str, Any]:
        """What comparing a new mention with this event reads (``_compatible``, the ranks,
        ``_likeness``), as stored (``events.summary``): not its whole history. Mentions in
        new articles never meet its old articles' positions, so those are left out."""
        ordered = sorted(self.mentions, key=MentionRecord.order)
        # The first decides the family; the pair scorer reads the latest. (A summary's own
        # mentions are the stored first and latest: later reports keep them right.)
        shown = ordered[:1] + ordered[1:][-PAIR_REACH:]
        return {
            "seq": self.seq,
            "tally": self.counted().to_dict(),
            "id": self.id,
            "records": [m.to_dict() for m in shown],
            "participants": sorted(self.participants),
            "core": sorted(self.core),
            "place": self.place,
            "time_value": self.time_value,
            "granularity": self.granularity,
            "time_values": sorted(self.time_values),
            "postponed": self.postponed,
        }

    @classmethod
    def from_summary(
        cls,
        data: dict[str, Any],
        loader: Callable[[], tuple[int, list[dict[str, str]], list[MentionRecord]]],
    ) -> Event:
        time_value = data["time_value"]
        return cls(
            mentions=[MentionRecord.from_dict(r) for r in data["records"]],
            participants=set(data["participants"]),
            place=data["place"],
            interval=date_interval(time_value) if time_value else None,
            time_value=time_value,
            granularity=data["granularity"],
            forced_id=data["id"],
            seq=int(data["seq"]),
            time_values=set(data["time_values"]),
            core=set(data["core"]),
            postponed=bool(data["postponed"]),
            tally=Tally.from_dict(data["tally"]),
            loader=loader,
            window_before=(time_value, bool(data["tally"]["dated"]), len(data["tally"]["held"])),
        )

    @property
    def id(self) -> str:
        if self.forced_id:
            return self.forced_id
        first = self.first if self.first is not None else min(self.mentions, key=MentionRecord.order)
        digest = hashlib.sha1(first.ref.encode()).hexdigest()[:10]
        return f"event:{fold(first.type) or 'event'}-{digest}"

    def counted(self) -> Tally:
        if not self.unordered:
            return self.tally
        again = Tally()
        articles: set[str] = set()
        for m in sorted(self.mentions, key=MentionRecord.order):
            again.add(m, m.article not in articles)
            articles.add(m.article)
        return again

    def head(self) -> dict[str, Any]:
        """The event without its history, mentions and merges (those are stored per mention,
        ``events_store.assemble`` puts them back): what changes in place as reports join."""
        tally = self.counted()
        event_type = tally.type()
        # The name shows who identifies the event (people, organizations), at most three.
        shown = sorted(p for p in self.participants if p.startswith(_CORE_PREFIXES)) or sorted(
            self.participants
        )
        people = [" ".join(tally.names.get(p, p).split()) for p in shown[:3]]
        name = event_type
        if people:
            name = f"{'–'.join(people)} {event_type}"
        if self.place:
            name += f", {self.place}"
        if self.time_value:
            name += f", {self.time_value}"
        return {
            "id": self.id,
            "type": event_type,
            "name": name,
            "participants": sorted(p for p in self.participants if not p.startswith(OFFICE_PREFIX)),
            "place": self.place,
            "date": self._date(),
            "status": tally.status(),
            "articles": tally.articles,
            "window": {"dated": tally.dated, "held": len(tally.held)},
        }

    def _date(self) -> dict[str, Any] | None:
        """The event's date; with ``disputed``, the days next to it that other sources gave
        (``_disputed_day``), when it was never put off."""
        if not self.time_value:
            return None
        out: dict[str, Any] = {"value": self.time_value, "granularity": self.granularity}
        day = _single_day(self.time_value)
        if day is not None and not self.postponed:
            others = [
                v
                for v in self.time_values
                if (other := _single_day(v)) is not None and 0 < abs((other - day).days) <= NEAR_DAYS
            ]
            if others:
                out["disputed"] = sorted([self.time_value, *others])
        return out

    def window_key(self) -> tuple[str | None, bool, int]:
        """What an undated article's window reads of this event: when its window narrows again
        for the articles already in it."""
        tally = self.counted()
        return (self.time_value, tally.dated, len(tally.held))

    def to_dict(self) -> dict[str, Any]:
        """The whole event (export shape): its head, status history, mentions and merges."""
        assert self.loader is None, "a summary has no whole history"
        return assemble(self.head(), sorted(self.mentions, key=MentionRecord.order), self.merges)


def assemble(
    head: dict[str, Any], mentions: list[MentionRecord], merges: list[dict[str, str]]
) -> dict[str, Any]:
    """An event in the export shape from its head and its mention records in report order."""
    out = {k: v for k, v in head.items() if k not in ("articles", "extra_merges", "window")}
    out["history"] = status_history(mentions)
    out["mentions"] = [{"article": m.article, "start": m.start, "end": m.end} for m in mentions]
    out["merges"] = merges
    out["articles"] = head["articles"]
    return out


# -- dates ---------------------------------------------------------------------------------------


def _width(interval: Interval) -> int:
    return (interval[1] - interval[0]).days


def _with_year(value: str | None, other: str | None) -> str | None:
    """A value whose year is unknown ("XXXX-08", from an undated article) takes the other's
    year, so that months and days still compare."""
    if value and value.startswith("XXXX"):
        year = other[:4] if other and other[:4].isdigit() else "2000"
        return year + value[4:]
    return value


YEAR_REACH_DAYS = 183  # a yearless date is within half a year of the reports around it


def _gap(interval: Interval, day: dt.date) -> int:
    if interval[0] <= day <= interval[1]:
        return 0
    return min(abs((interval[0] - day).days), abs((day - interval[1]).days))


def year_nearest(value: str, days: Iterable[dt.date], reach: int = YEAR_REACH_DAYS) -> str | None:
    """``value`` ("XXXX-08", "XXXX-10-16") with the year that puts it nearest ``days``, when that
    is within ``reach`` days; None otherwise (or when ``value`` has its year, or names a day no
    year has)."""
    if not value.startswith("XXXX"):
        return None
    known = sorted(set(days))
    best: tuple[int, str] | None = None
    for year in sorted({d.year + k for d in known for k in (-1, 0, 1)}):
        interval = date_interval(f"{year:04d}{value[4:]}")
        if interval is None:
            continue
        gap = min(_gap(interval, d) for d in known)
        if best is None or gap < best[0]:
            best = (gap, f"{year:04d}{value[4:]}")
    if best is None or best[0] > reach:
        return None
    return best[1]


def give_years(records: list[MentionRecord], events: Iterable[Event]) -> int:
    """Yearless dates of undated reports ("in August", "on October 16", written in an article
    that states no date) take the year nearest the days on which the dated reports of the same
    events were made, so the event gets a date and the undated article's window can narrow.
    Changes ``records`` in place (their ``time_value``); returns how many changed."""
    context: dict[str, set[dt.date]] = defaultdict(set)
    undated = {r.article for r in records if r.reported is None}
    for event in events:
        articles = {m.article for m in event.mentions} & undated
        if not articles:
            continue
        days = {dt.date.fromisoformat(m.reported[:10]) for m in event.mentions if m.reported}
        for article in articles:
            context[article] |= days
    changed = 0
    for record in records:
        if record.reported is not None or not record.time_value or not context.get(record.article):
            continue
        value = year_nearest(record.time_value, context[record.article])
        if value is not None:
            record.time_value = value
            changed += 1
    return changed


@lru_cache(maxsize=65536)  # pure, and asked for every date of every candidate event
def dates_compatible(a: str | None, b: str | None) -> bool:
    first, second = date_interval(_with_year(a, b)), date_interval(_with_year(b, a))
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


# -- status history ----------------------------------------------------------------------------


def status_history(mentions: Iterable[MentionRecord]) -> list[dict[str, Any]]:
    """Every reported status in report order; reports that disagree on one day are disputed.

    One sentence that names the event twice with one status ("agreed to meet him before the
    summit", both linked here) is one report: the first mention stands for it."""
    ordered = []
    seen: set[tuple[str, str | None, str, str | None]] = set()
    for m in sorted(mentions, key=MentionRecord.order):
        key = (m.article, m.sentence, m.status, m.said_by)
        if m.sentence and key in seen:
            continue
        seen.add(key)
        ordered.append(m)
    by_day: dict[str | None, set[str]] = defaultdict(set)
    for m in ordered:
        by_day[m.reported].add(m.status)
    rows: list[dict[str, Any]] = [
        {
            "status": m.status,
            "reported": m.reported,
            "said_by": m.said_by,
            "article": m.article,
            "start": m.start,
            "end": m.end,
            "text": m.sentence,
            "date": m.time_value,  # the event's date as this report gives it
            "cue": m.status_cue,
            # The mention's own flag ("calling it cancelled would be misleading"), or a day
            # on which reports disagree.
            "disputed": m.disputed or (m.reported is not None and len(by_day[m.reported]) > 1),
        }
        for m in ordered
    ]
    return rows


def current_status(history: list[dict[str, Any]]) -> str | None:
    """The latest report's status; on a disputed latest day, the status most reported that day
    (ties: the last one). Reports whose status a word states ("called off", "will meet") count
    before reports whose status no word states (a mention in passing is read as held by
    default): "the conditions for a useful meeting do not exist", the day a summit is called off,
    does not make it held."""
    if not history:
        return None
    history = [h for h in history if h.get("cue")] or history
    last_day = history[-1]["reported"]
    that_day = [h["status"] for h in history if h["reported"] == last_day]
    counts = Counter(that_day)
    best = max(counts.values())
    return next(s for s in reversed(that_day) if counts[s] == best)


# -- resolution ---------------------------------------------------------------------------------


# Participants that identify an event: people and organizations. Places and groups ("Russian",
# "Ukraine") are often named as parties but say little about which meeting it was.
_CORE_PREFIXES = ("person:", "org:", "name:")


@lru_cache(maxsize=65536)
def core_participants(participants: frozenset[str]) -> frozenset[str]:
    """The participant keys compared: organizations by id, people by surname, so that one
    person the entity resolution left under two spellings of a first name
    (Alexander/Aleksandr Dravic) is still one participant here."""
    out = set()
    for p in participants:
        if p.startswith("person:"):
            out.add("person:" + p.rsplit("-", 1)[-1])
        elif p.startswith(_CORE_PREFIXES):
            out.add(p)
    return frozenset(out)


def _is_bare(mention: MentionRecord) -> bool:
    """ "the summit", "the deal": no participant, place or date to compare (an office, "the
    foreign ministers", is a participant to compare)."""
    return (
        not core_participants(mention.participants)
        and not _offices(mention.participants)
        and not mention.place
        and not _known(mention)
    )


def _known(mention: MentionRecord) -> bool:
    return date_interval(_with_year(mention.time_value, None)) is not None


# -- offices: "the foreign ministers of Valdoria and Marasta" ------------------------------------

OFFICE_PREFIX = "office:"
COUNTRY_BY_KEY = {plain_key(k): v for k, v in COUNTRY_OF.items()}  # folded name -> country
Titles = Callable[[str], frozenset[str]]  # person entity id -> its titles, folded


def office_key(office: str, country: str) -> str:
    """A participant known by office: ``office:foreign minister@marasta``."""
    return f"{OFFICE_PREFIX}{plain_key(office)}@{plain_key(country)}"


def _offices(participants: Iterable[str]) -> list[tuple[str, str]]:
    return [
        (office, country)
        for p in participants
        if p.startswith(OFFICE_PREFIX)
        for office, _, country in [p[len(OFFICE_PREFIX) :].partition("@")]
    ]


@lru_cache(maxsize=8192)  # asked for every word of every title of a candidate event's people
def same_country(a: str, b: str) -> bool:
    """Whether two folded names are one country: a name and its people's word ("marasta",
    "marastan"), or two names the gazetteer knows for one country."""
    if a == b:
        return True
    known_a, known_b = COUNTRY_BY_KEY.get(a), COUNTRY_BY_KEY.get(b)
    if known_a and known_a == known_b:
        return True
    names_a = {a} | ({plain_key(known_a)} if known_a else set())
    names_b = {b} | ({plain_key(known_b)} if known_b else set())
    return any(x in demonym_forms(y) or y in demonym_forms(x) for x in names_a for y in names_b)


def holds_office(titles: Iterable[str], office: str, country: str) -> bool:
    """Whether one of a person's titles is that office of that country ("valdorian foreign
    minister" for the foreign minister of Valdoria), or that office of no stated country; any
    country's, for an office of two words or more named with none ("the foreign ministers")."""
    for title in titles:
        if title != office and not title.endswith(" " + office):
            continue
        prefix = title[: len(title) - len(office)].strip()
        if not prefix or same_country(prefix, country):
            return True
        if not country and (len(office.split()) > 1 or prefix.split()[-1] not in OTHER_OFFICE):
            # no country named: "the ministers" are the foreign ministers, any country's, but a
            # word before an office may make another office ("prime minister", "vice president")
            return True
    return False


# words that make another office of the one they precede: "the minister" is not the prime minister
OTHER_OFFICE = frozenset({"prime", "vice", "deputy", "assistant", "under", "former", "acting", "junior"})


def _holding(
    people: list[str], offices: list[tuple[str, str]], titles: Titles | None
) -> tuple[set[str], bool] | None:
    """Of ``people``, those holding one of ``offices``, and whether every one has known titles;
    None when there is nothing to compare."""
    if not offices or titles is None or not people:
        return None
    known = {p: titles(p) for p in people}
    held = {p for p, held_titles in known.items() if any(holds_office(held_titles, o, c) for o, c in offices)}
    return held, all(known.values())


def _people(participants: Iterable[str]) -> list[str]:
    return [p for p in participants if p.startswith("person:")]


def office_holders(event: Event, mention: MentionRecord, titles: Titles | None) -> set[str] | None:
    """The event's people who hold the offices a mention names its participants by; an empty set
    when every one of its people has known titles and none holds them; None when nothing says."""
    found = _holding(_people(event.participants), _offices(mention.participants), titles)
    if found is None:
        return None
    held, all_known = found
    return held if held or all_known else None


def _offices_agree(event: Event, mention: MentionRecord) -> bool:
    """Whether two sides known only by offices or groups may be the same people: either names
    none, or one names an office the other does ("the ministers", "the foreign ministers")."""
    mine = {o for o, _ in _offices(mention.participants)}
    theirs = {o for o, _ in _offices(event.participants)}
    if not mine or not theirs:
        return True
    return any(a == b or a.endswith(" " + b) or b.endswith(" " + a) for a in mine for b in theirs)


def _hold_offices(event: Event, mention: MentionRecord, titles: Titles | None) -> bool | None:
    """The other way round: whether the people a mention names hold the offices an event named
    by offices only was reported with ("the foreign ministers would meet", then "Lenk had agreed
    to meet Reyd"): True when every one of them holds one, False when all have known titles and
    one holds none, None when nothing says."""
    people = _people(mention.participants)
    found = _holding(people, _offices(event.participants), titles)
    if found is None or not found[1]:
        return None
    return len(found[0]) == len(people)


def _countries_as_people(
    event: Event, mine: frozenset[str], theirs: set[str], titles: Titles | None
) -> frozenset[str]:
    """A country or organization that takes part through the event's people: "summit with
    Marasta" is the summit of the Marastan prime minister. Each of ``mine`` the event lacks is
    replaced by the event's people whose titles name it ("marastan prime minister")."""
    out: set[str] = set()
    for key in mine:
        through = set() if key in theirs else _standing_for(event, key, titles)
        out |= core_participants(frozenset(through)) if through else {key}
    return frozenset(out)


COUNTRY_PREFIX = "place:"  # a place taking part ("Valdoria called off the summit") is its government


def _countries(mention: MentionRecord) -> list[str]:
    return sorted(p for p in mention.participants if p.startswith(COUNTRY_PREFIX))


def _country_words(key: str) -> set[str]:
    """A country participant's name and the words its people's titles would use for it."""
    name = plain_key(key.split(":", 1)[1].replace("-", " "))
    known = COUNTRY_BY_KEY.get(name)
    names = {name} | ({plain_key(known)} if known else set())
    return {w for n in names for w in (n, *demonym_forms(n)) if " " not in w}


def _acting_for(event: Event, mention: MentionRecord, titles: Titles | None) -> set[str]:
    """The event's people the countries acting in the mention stand for, when it names no one
    and each of them stands for some of the event's people ("Moscow and Kyiv" are not the
    summit of the Ukrainian president with an American one)."""
    if core_participants(mention.participants):
        return set()
    standing = [_standing_for(event, key, titles) for key in _countries(mention)]
    return set().union(*standing) if standing and all(standing) else set()


def _standing_for(event: Event, key: str, titles: Titles | None) -> set[str]:
    """The event's people (ids) a country or organization participant stands for."""
    if titles is None or not key.startswith(("org:", "name:", COUNTRY_PREFIX)):
        return set()
    people = _people(event.participants)
    if len(people) > 4:
        return set()
    name = plain_key(key.split(":", 1)[1].replace("-", " "))
    return {p for p in people if any(same_country(w, name) for t in titles(p) for w in t.split())}


# -- compatibility --------------------------------------------------------------------------------

NEAR_DAYS = 2  # days apart that two sources may put one event, reporting it within as many days


@lru_cache(maxsize=65536)  # pure, and asked for every date of every candidate event
def _single_day(value: str | None) -> dt.date | None:
    """The day a date names, when it names one day."""
    interval = date_interval(_with_year(value, None))
    return interval[0] if interval is not None and _width(interval) == 0 else None


def _disputed_day(event: Event, mention: MentionRecord, mine: frozenset[str], theirs: set[str]) -> bool:
    """Whether another day for the same people at the same place is the same event told two ways
    ("Thursday" in one paper, "Friday" in another): days at most ``NEAR_DAYS`` apart, given by
    another article within ``NEAR_DAYS`` of the event's latest report."""
    if not (mine and theirs and (mine <= theirs or theirs <= mine)):
        return False
    if not (mention.place and event.place) or mention.article in event.starts:
        return False
    day, last = _single_day(mention.time_value), event.tally.last
    if day is None or not mention.reported or last is None or not last[0]:
        return False
    for value in event.time_values:
        if dates_compatible(value, mention.time_value):
            continue
        other = _single_day(value)
        if other is None or abs((other - day).days) > NEAR_DAYS:
            return False
    reported, latest = _single_day(mention.reported[:10]), _single_day(last[0][:10])
    return reported is not None and latest is not None and abs((reported - latest).days) <= NEAR_DAYS


REPORT_REACH_DAYS = 183  # how far from an event's reports and date an undated report of it is made


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _within_reach(event: Event, mention: MentionRecord) -> bool:
    """Whether a report that gives the event no date of its own ("Trump and Putin met", "the
    talks") is near enough the event's reports or date to be about it: within
    ``REPORT_REACH_DAYS`` of the days it was reported on or of its date. Half a year after the
    last word on a meeting, a meeting of the same people with no date is another meeting (the
    yearly talks, the next summit); a report that dates it ("last August's summit") still
    joins by its date."""
    return _known(mention) or _near_reports(event, mention)


def _near_reports(event: Event, mention: MentionRecord) -> bool:
    day = _day(mention.reported)
    if day is None:
        return True
    first = event.first if event.first is not None else event.mentions[0]
    last = event.tally.last
    days = [d for d in (_day(first.reported), _day(last[0] if last else None)) if d is not None]
    if not days and event.interval is None:
        return True  # reported only by undated articles, and undated: nothing to measure
    if days and _gap((min(days), max(days)), day) <= REPORT_REACH_DAYS:
        return True
    return event.interval is not None and _gap(event.interval, day) <= REPORT_REACH_DAYS


def _bare_fit(event: Event, mention: MentionRecord) -> bool:
    """A mention known only by its word ("the summit") fits the event of that kind its article
    named just before (the family is checked by the caller); further away, "talks" and "a
    meeting" are too often another event. An event the article reported by the same word
    before fits at any distance ("the summit", paragraphs after "the March 20 summit", is not
    the ministers' meeting between)."""
    starts = event.starts.get(mention.article, [])
    if mention.type in event.tally.types and any(start < mention.start for start in starts):
        return True
    return any(0 < mention.start - start <= BARE_REACH for start in starts)


def _compatible(event: Event, mention: MentionRecord, titles: Titles | None = None) -> bool:
    if type_family(event.mentions[0].type) != type_family(mention.type):
        return False
    if not _within_reach(event, mention):
        return False
    acting = _acting_for(event, mention, titles) if event.core else set()
    if _is_bare(mention) and not acting:
        return _bare_fit(event, mention)
    if not places_compatible(event.place, mention.place):
        return False
    mine = core_participants(mention.participants) or core_participants(frozenset(acting))
    theirs = event.core
    if not mine and not theirs and not _offices_agree(event, mention):
        return False  # "their meeting", of the ministers, is not the meeting of residents
    if not mine and theirs:
        held = office_holders(event, mention, titles)
        if held is not None:
            if not held:
                return False  # "the foreign ministers" are not this event's president and premier
            mine = core_participants(frozenset(held))
    elif mine and not theirs:
        holding = _hold_offices(event, mention, titles)
        if holding is not None:
            if not holding:
                return False  # the premier and the president are not "the foreign ministers"
            theirs = set(mine)  # the event's offices are held by the mention's people
    if mine and theirs and not (mine <= theirs or theirs <= mine):
        mine = _countries_as_people(event, mine, theirs, titles)
    nested = bool(mine and theirs and (mine <= theirs or theirs <= mine))
    same_place = bool(mention.place and event.place)
    # a day, or a week ("next week's summit") by a word the event was reported by
    exact = _day_level(mention.time_value) or (
        _week_level(mention.time_value) and mention.type in event.tally.types
    )
    same_day = exact and _day_level(event.time_value)
    if not all(dates_compatible(value, mention.time_value) for value in event.time_values):
        # Another date is another event, unless the event was put off: a postponement is a
        # status change, not a new event, and the new date ("planned for March 20",
        # "postponed to April 3") is one of its dates. Any report of the same people fits;
        # a postponement report naming no one fits by its place; a later report naming no
        # one fits a postponed event when its day is one of the event's days (old or new).
        rescheduled = mention.status == "postponed" or event.postponed
        if not rescheduled:
            return _disputed_day(event, mention, mine, theirs)
        if not _near_reports(event, mention):
            return False  # put off again a year on is next year's summit
        if not nested:
            if mine:
                return False
            # (An event put off every year has hundreds of dates: stop at the first that fits.)
            same_day = exact and any(
                _day_level(v) and dates_compatible(v, mention.time_value) for v in event.time_values
            )
            if not (same_day or (mention.status == "postponed" and same_place)):
                return False
    if nested:
        return True
    if mine and theirs:
        # Participants that only overlap (Trump+Lavrov, Trump+Putin) are one event only when
        # the day says so; disjoint participants never are.
        return bool(mine & theirs) and same_day
    # Participants unknown on one side: the place or the day must say it (being in the same
    # article does not: one article reports several meetings).
    return same_place or same_day


def _day_level(value: str | None) -> bool:
    return _single_day(value) is not None


@lru_cache(maxsize=65536)
def _week_level(value: str | None) -> bool:
    interval = date_interval(_with_year(value, None))
    return interval is not None and _width(interval) <= 6


def _reason(event: Event, mention: MentionRecord) -> str:
    parts = [f"type {mention.type}~{event.mentions[0].type}"]
    shared = mention.participants & event.participants
    if shared:
        parts.append("participants " + ", ".join(sorted(shared)))
    if mention.place and event.place:
        parts.append(f"place {mention.place}~{event.place}")
    if mention.time_value and event.time_value:
        parts.append(f"date {mention.time_value}~{event.time_value}")
    return "; ".join(parts)


def _nearness(event: Event, mention: MentionRecord) -> int:
    """Ties go to the event this article spoke of last ("Putin" after "the Putin-Zelensky
    meeting" is that meeting): minus the distance back to its nearest mention here."""
    before = [
        mention.start - start for start in event.starts.get(mention.article, []) if start < mention.start
    ]
    return -min(before) if before else -(1 << 30)


PAIR_REACH = 8  # an event's latest mentions the pair scorer compares a new mention with


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    # Cached: a sentence is compared with up to PAIR_REACH mentions of every candidate event,
    # and splitting it again each time was most of the resolution's cost.
    return frozenset(w.lower() for w in text.split() if len(w) > 3)


@lru_cache(maxsize=8192)
def _trigger_stem(text: str) -> str:
    words = text.split()
    return stem(words[-1]) if words else ""


def _likeness(event: Event, mention: MentionRecord) -> float:
    """The learned pair scorer (``_event_pairs``, the one ``evaluate events`` measures) on the
    evidence a stored mention has: trigger word, sentence words, document, participants,
    place. Compatible events only, so the families agree and no date conflicts."""
    trigger = _trigger_stem(mention.text)
    sentence = _words(mention.sentence)
    best = 0.0
    for other in event.mentions[-PAIR_REACH:]:
        evidence = PairEvidence(
            same_lemma=bool(other.text.split()) and _trigger_stem(other.text) == trigger,
            same_family=True,
            sentence_similarity=jaccard(sentence, _words(other.sentence)),
            same_sentence=other.article == mention.article and other.sentence == mention.sentence,
            same_document=other.article == mention.article,
            participant_overlap=overlap(mention.participants, other.participants),
            place_overlap=float(bool(mention.place and mention.place == other.place)),
        )
        best = max(best, pair_probability(evidence))
    return best


def mention_blocks(mention: MentionRecord) -> list[tuple[str, str]]:
    """The blocks a mention is compared in: its participants, the regions of its place, the
    months of its date, its article. Candidates come only from these, never from all events."""
    family = type_family(mention.type)
    keys = [f"article:{mention.article}"]
    keys += sorted(core_participants(mention.participants))
    # offices by their last word, both ways: "the foreign ministers" and a foreign minister by name
    offices = {o.split()[-1] for o, _ in _offices(mention.participants) if o} | mention.held_offices
    keys += [f"office:{o}" for o in sorted(offices)]
    # countries acting, by the words for them ("valdoria", "valdorian"), and people's title words
    words = {w for key in _countries(mention) for w in _country_words(key)} | mention.held_words
    keys += [f"word:{w}" for w in sorted(words)]
    if mention.place:
        keys += [f"place:{r}" for r in sorted(regions_of(mention.place))]
    interval = date_interval(_with_year(mention.time_value, None))
    if interval is not None and _width(interval) <= 92:
        month = interval[0].replace(day=1)
        while month <= interval[1]:
            keys.append(f"month:{mention.time_value and mention.time_value[:4]}-{month.month:02d}")
            # An article that states no year ("XXXX-04-03") meets the dated reports of that month.
            keys.append(f"month:*-{month.month:02d}")
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return [(family, k) for k in keys]


Block = tuple[str, str]


class Blocks:
    """The candidate index: per block, the latest ``BLOCK_REACH`` events to join it, oldest
    first, each with the clock reading of its latest join. The latest events of each block: a
    block as wide as "meetings in the United States" must not make every mention compare with
    every event. ``load`` fills a block on first use (the stored index, for new articles)."""

    def __init__(
        self,
        load: Callable[[Block], list[tuple[Event, int]]] | None = None,
        clock: int = 0,
        titles: Titles | None = None,
    ) -> None:
        self._lists: dict[Block, OrderedDict[Event, int]] = {}
        self._load = load
        self.titles = titles  # people's titles, for participants known by office
        self.clock = clock
        self.dirty: set[Block] = set()

    def members(self, block: Block) -> OrderedDict[Event, int]:
        found = self._lists.get(block)
        if found is None:
            found = self._lists[block] = OrderedDict(self._load(block) if self._load else ())
        return found

    def touch(self, block: Block, event: Event) -> None:
        members = self.members(block)
        self.clock += 1
        members[event] = self.clock
        members.move_to_end(event)
        if len(members) > BLOCK_REACH:
            members.popitem(last=False)  # never a candidate again unless it joins anew
        self.dirty.add(block)

    def rows(self, blocks: Iterable[Block] | None = None) -> Iterator[tuple[Block, list[tuple[Event, int]]]]:
        for block in sorted(self._lists if blocks is None else blocks):
            yield block, list(self._lists[block].items())


def resolve_event_mentions(
    mentions: Iterable[MentionRecord],
    overrides: Iterable[EventOverride] = (),
    *,
    blocks: Blocks | None = None,
) -> list[Event]:
    """Canonical events over mention records (in report order), then the user's overrides."""
    events = cluster_mentions(mentions, blocks or Blocks())
    return apply_event_overrides(events, overrides)


def cluster_mentions(mentions: Iterable[MentionRecord], blocks: Blocks, next_seq: int = 0) -> list[Event]:
    """Each mention, in report order, joins the best compatible event among its blocks'
    latest, or starts one. Returns the events it joined or started (all of them when
    ``blocks`` starts empty), in first-touch order; ``blocks`` ends as the index after them.
    The mentions come after those already in ``blocks``, whatever their order."""
    events: list[Event] = []
    touched: dict[Event, None] = {}
    for mention in sorted(mentions, key=MentionRecord.order):
        mine = mention_blocks(mention)
        countries = _countries(mention)
        # title words are where events are found by a country acting for their people; a
        # mention is compared there only when a country acts in it
        search = mine if countries else [b for b in mine if not b[1].startswith("word:")]
        candidates = {id(e): e for block in search for e in blocks.members(block)}
        fitting = [e for e in candidates.values() if _compatible(e, mention, blocks.titles)]
        if countries and _is_bare(mention):
            # "Moscow ... to discuss a ceasefire" after "a summit between Putin and Trump": the
            # event its article just named with its people, over one the countries stand for;
            # a country acting goes further only when what its article named is anonymous
            near = [e for e in fitting if _bare_fit(e, mention)]
            if any(e.core for e in near):
                fitting = near
        if fitting:
            ranks = [
                (
                    # An event reported by this word before ("summit" for a summit, over the
                    # ministers' meeting before it), then the most shared participants...
                    mention.type in e.tally.types,
                    len(e.participants & mention.participants) + _holders(e, mention, blocks.titles),
                    bool(mention.place and e.place),
                    bool(mention.time_value and e.time_value),
                    _nearness(e, mention),
                )
                for e in fitting
            ]
            top = max(ranks)
            tied = [e for e, rank in zip(fitting, ranks, strict=True) if rank == top]
            # Across articles, nearness ties: the pair scorer (only for the tied: it is the
            # costly part), then the older event.
            best = tied[0] if len(tied) == 1 else max(tied, key=lambda e: (_likeness(e, mention), -e.seq))
            _by_name(best, mention, blocks.titles)
            best.add(mention, _reason(best, mention))
            event = best
        else:
            event = Event(seq=next_seq + len(events))
            event.add(mention, None)
            events.append(event)
        touched[event] = None
        for block in mine:
            blocks.touch(block, event)
    return list(touched)


def _holders(event: Event, mention: MentionRecord, titles: Titles | None) -> int:
    """How many of the event's people hold an office the mention names its participants by, or
    stand for a country acting in it: "their meeting", said of the ministers, is the meeting of
    two foreign ministers rather than a meeting whose people no one named."""
    return len(office_holders(event, mention, titles) or ()) + len(_acting_for(event, mention, titles))


def _by_name(event: Event, mention: MentionRecord, titles: Titles | None) -> None:
    """The people a joining mention named by office ("the foreign ministers of Valdoria and
    Marasta") or by country ("summit with Marasta") take part by name in its record."""
    replaced: set[str] = set()
    people: set[str] = set()
    held = office_holders(event, mention, titles)
    if held:
        replaced |= {p for p in mention.participants if p.startswith(OFFICE_PREFIX)}
        people |= held
    acting = [] if core_participants(mention.participants) else _countries(mention)
    for key in sorted(core_participants(mention.participants) - event.core) + acting:
        if key in mention.participants:
            through = _standing_for(event, key, titles)
            if through:
                replaced.add(key)
                people |= through
    if not replaced:
        return
    mention.participants = (mention.participants - replaced) | people
    mention.participant_names = {
        **{k: v for k, v in mention.participant_names.items() if k not in replaced},
        **{p: event.tally.names.get(p, p) for p in people},
    }


def apply_event_overrides(events: list[Event], overrides: Iterable[EventOverride]) -> list[Event]:
    """Overrides whose mentions no longer exist are skipped."""
    events = list(events)
    for override in overrides:
        owner = {m.ref: e for e in events for m in e.mentions}
        target = owner.get(override.target)
        if target is None:
            continue
        if override.action == "merge":
            other = owner.get(override.other or "")
            if other is None or other is target:
                continue
            target.forced_id = target.id  # the target keeps its id
            for m in other.mentions:
                target.add(m, None)
            target.merges.append({"from": other.id, "reason": "user override: merge"})
            target.merges.extend(other.merges)
            events.remove(other)
        elif override.action == "split" and len(target.mentions) > 1:
            moved = next(m for m in target.mentions if m.ref == override.target)
            source_id = target.id
            rest = [m for m in target.mentions if m is not moved]
            rebuilt = Event(merges=[r for r in target.merges if r["from"] != moved.ref])
            for m in sorted(rest, key=MentionRecord.order):
                rebuilt.add(m, None)
            # The rest keeps the event's id; the split mention gets one derived from it.
            rebuilt.forced_id = source_id
            alone = Event(forced_id=f"{source_id}~{slug(moved.ref)}")
            alone.add(moved, None)
            alone.merges.append({"from": source_id, "reason": f"user override: split {moved.ref}"})
            events[events.index(target)] = rebuilt
            events.append(alone)
    return sorted(events, key=lambda e: e.id)
