"""Per-story timelines, conflicts, updates and what changed: pure functions over canonical events.

Inputs are export-shaped dicts, so these run on the store's items or on a JSON export:

* ``events``: ``{id, type, name, participants, place, date: {value, granularity}, status,
  history: [{status, reported, said_by, article, start, end, text}], mentions: [{article, start,
  end}]}`` (history entries may also carry ``date``, ``place``, ``participants`` as that report
  gave them; conflicts compare whatever is there);
* ``articles``: ``{id, outlet, published, published_estimate, duplicate_of}``;
* ``citations``: ``{article, citing, cited}``.

Independent sources: a duplicate counts as its original; an article that cites an outlet whose own
article is among the reports counts as that outlet (a re-report); several reports of one outlet
are one source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..models import timex_period
from ..resolve.events import dates_compatible

Item = Mapping[str, Any]
Canonical = Callable[[str], str]

CONFLICT_DAYS = 1  # reports this close in time that disagree are a conflict, not an update
UPCOMING = frozenset({"planned", "announced", "scheduled", "proposed", "expected", "upcoming", "revived"})
HAPPENED = frozenset({"held", "ongoing", "happened", "took_place", "occurred", "completed"})


def _fold(name: str) -> str:
    return " ".join(name.lower().replace("the ", " ").split())


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def article_day(article: Item) -> dt.date | None:
    """The publication day, else the latest day of the estimated window (a report is known by then)."""
    return _day(article.get("published")) or _day((article.get("published_estimate") or {}).get("latest"))


def _root(article_id: str, articles: Mapping[str, Item]) -> str:
    """The original a copy was made from (``duplicate_of``), else the article itself."""
    return str((articles.get(article_id) or {}).get("duplicate_of") or article_id)


def _cited_outlets(citations: Sequence[Item], canonical: Canonical) -> dict[str, set[str]]:
    """article id -> the outlets it cites."""
    cited: dict[str, set[str]] = {}
    for c in citations:
        if c.get("cited"):
            cited.setdefault(str(c.get("article")), set()).add(canonical(str(c["cited"])))
    return cited


def _own_keys(
    article_ids: Iterable[str], articles: Mapping[str, Item], canonical: Canonical
) -> dict[str, str]:
    """article id -> the outlet that published it (a copy: its original's), else the article."""
    out = {}
    for a in dict.fromkeys(article_ids):
        root = _root(a, articles)
        out[a] = canonical(str((articles.get(root) or {}).get("outlet") or "")) or "article:" + root
    return out


def _source_keys(
    article_ids: Iterable[str],
    articles: Mapping[str, Item],
    citations: Sequence[Item],
    canonical: Canonical,
) -> dict[str, str]:
    """article id -> the independent source it counts as: its own outlet, or the outlet among
    the reports that it cites (a re-report)."""
    own = _own_keys(article_ids, articles, canonical)
    present = {o for o in own.values() if not o.startswith("article:")}
    cited_by = _cited_outlets(citations, canonical)
    keys = {}
    for a, mine in own.items():
        cited = cited_by.get(_root(a, articles), set()) | cited_by.get(a, set())
        reported_from = sorted(o for o in cited if o in present and o != mine)
        keys[a] = reported_from[0] if reported_from else mine
    return keys


def independent_sources(
    article_ids: Iterable[str],
    articles: Mapping[str, Item],
    citations: Sequence[Item] = (),
    canonical: Canonical = _fold,
) -> int:
    return len(set(_source_keys(article_ids, articles, citations, canonical).values()))


def _event_articles(event: Item) -> list[str]:
    ids = [str(m["article"]) for m in event.get("mentions") or []]
    ids += [str(h["article"]) for h in event.get("history") or [] if h.get("article")]
    return list(dict.fromkeys(ids))


def _first_reported(ids: Sequence[str], articles: Mapping[str, Item]) -> dict[str, Any] | None:
    dated = [(article_day(articles.get(a) or {}), a) for a in ids]
    known = sorted((d, a) for d, a in dated if d is not None)
    if not known:
        return None
    day, article_id = known[0]
    return {
        "date": day.isoformat(),
        "article": article_id,
        "outlet": (articles.get(article_id) or {}).get("outlet"),
    }


def _named(event: Item) -> bool:
    """Whether people or organizations take part (not only places or groups)."""
    return any(str(p).startswith(("person:", "org:", "name:")) for p in event.get("participants") or [])


def _sort_key(entry: Item) -> tuple[int, str]:
    value = entry.get("date")
    return (0, str(value)) if value else (1, "")


def story_timeline(
    events: Sequence[Item],
    articles: Sequence[Item],
    citations: Sequence[Item] = (),
    *,
    canonical: Canonical = _fold,
) -> list[dict[str, Any]]:
    """One entry per event, ordered by event date (undated last)."""
    by_id = {str(a["id"]): a for a in articles}
    out = []
    for event in events:
        ids = _event_articles(event)
        date = event.get("date") or {}
        history = sorted(event.get("history") or [], key=lambda h: str(h.get("reported") or ""))
        out.append(
            {
                "event": event.get("id"),
                "name": event.get("name"),
                "type": event.get("type"),
                "date": date.get("value"),
                "granularity": date.get("granularity"),
                **({"disputed_dates": date["disputed"]} if date.get("disputed") else {}),
                "status": event.get("status"),
                "history": history,
                "first_reported": _first_reported(ids, by_id),
                "independent_sources": independent_sources(ids, by_id, citations, canonical),
                "articles": ids,
                # named once, in passing, with one status, and not both dated and done by someone
                # named: context ("a 2019 agreement"), not a turn of the story
                "background": len(ids) <= 1
                and len({h.get("status") for h in history}) <= 1
                and not (date.get("value") and _named(event)),
            }
        )
    out.sort(key=_sort_key)
    return out


# -- conflicts and updates ----------------------------------------------------------------------

_COMPARED = ("status", "date", "place", "participants")
# Statuses two sources may report at once without contradicting each other: a proposal that is
# also planned (an offer to host a meeting the parties have agreed to), an event going on that
# has been held (a first day over). Over time they are still updates.
STATUSES_THAT_AGREE = frozenset([frozenset(("proposed", "planned")), frozenset(("ongoing", "held"))])


def _value(report: Item, field: str) -> Any:
    value = report.get(field)
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, list):
        value = tuple(sorted(str(v) for v in value))
    return value


def conflicts_and_updates(
    events: Sequence[Item],
    articles: Sequence[Item],
    citations: Sequence[Item] = (),
    *,
    canonical: Canonical = _fold,
) -> list[dict[str, Any]]:
    """Pairs of reports of one event that disagree on status, date, place or participants
    (status only between reports whose status a word states, ``stated``).

    ``kind`` is ``conflict`` when the two come from different independent sources reported within
    ``CONFLICT_DAYS`` of each other, ``update`` when a later report (of any source) changes the
    status. Each side carries its sentence, article, outlet and speaker."""
    by_id = {str(a["id"]): a for a in articles}
    cites = _cited_outlets(citations, canonical)
    found: list[dict[str, Any]] = []
    for event in events:
        history = sorted(event.get("history") or [], key=lambda h: str(h.get("reported") or ""))
        ids = [str(h.get("article")) for h in history]
        own = _own_keys(ids, by_id, canonical)
        put_off = min(
            (str(h.get("reported") or "") for h in history if h.get("status") == "postponed"), default=None
        )
        for i, first in enumerate(history):
            for second in history[i + 1 :]:
                d1, d2 = _day(first.get("reported")), _day(second.get("reported"))
                close = d1 is not None and d2 is not None and abs((d2 - d1).days) <= CONFLICT_DAYS
                a1, a2 = str(first.get("article")), str(second.get("article"))
                # Two outlets disagreeing is a conflict even when one cites the other: a relayed
                # report that changes what its source said is worth seeing ("relayed").
                same_source = own.get(a1) == own.get(a2)
                for field in _COMPARED:
                    a, b = _value(first, field), _value(second, field)
                    if a is None or b is None or a == b:
                        continue
                    if field == "status" and not (stated(first) and stated(second)):
                        continue
                    if field == "status" and close and frozenset((a, b)) in STATUSES_THAT_AGREE:
                        continue  # "offered to host the meeting" and "will meet" hold together
                    if field == "date" and (
                        dates_compatible(str(a), str(b))
                        or (put_off is not None and put_off <= str(second.get("reported") or ""))
                    ):
                        continue  # one date within the other, or a new date after a postponement
                    if close and not same_source:
                        kind = "conflict"
                    elif field == "status" and not close and d1 is not None and d2 is not None:
                        kind = "update"
                    else:
                        continue
                    item = {
                        "kind": kind,
                        "event": event.get("id"),
                        "name": event.get("name"),
                        "field": field,
                        "reports": [_side(first, field, by_id), _side(second, field, by_id)],
                    }
                    if kind == "conflict":
                        # one report's article cites the other's outlet: it relayed what it changed
                        for citing, cited in ((a2, a1), (a1, a2)):
                            if own.get(cited) in cites.get(citing, ()):
                                item["relayed_by"] = (by_id.get(citing) or {}).get("outlet")
                                break
                    found.append(item)
    # An update is only news when the status really moved on: drop an update superseded by the
    # next consecutive one of the same event (a, b, c -> a→b, b→c, not a→c).
    # One change is one update, however many reports of those two days say it.
    kept: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for f in found:
        if f["kind"] == "update":
            if not _consecutive(f, found):
                continue
            a, b = f["reports"]
            key = (f["event"], f["field"], str(a["value"]), a["reported"], str(b["value"]), b["reported"])
            if key in seen:
                continue
            seen.add(key)
        kept.append(f)
    return kept


def stated(report: Item) -> bool:
    """Whether a word states the report's status ("called off", "will meet"), as the resolution
    records it in ``cue``; a mention in passing is read as held by default, which is no claim
    to weigh against another source, nor news of a change (``current_status`` reads it so too)."""
    return bool(report.get("cue"))


def _consecutive(update: Item, found: Sequence[Item]) -> bool:
    """Whether an update joins the last report of the old status to the first of the new one:
    a→c is dropped for a→b when b is earlier than c, and for a'→c when a' is later than a."""
    first, second = update["reports"]
    for other in found:
        if other is update or other["kind"] != "update" or other["event"] != update["event"]:
            continue
        o1, o2 = other["reports"]
        if o1 == first and str(o2["reported"] or "") < str(second["reported"] or ""):
            return False
        if o2 == second and str(o1["reported"] or "") > str(first["reported"] or ""):
            return False
    return True


def _side(report: Item, field: str, articles: Mapping[str, Item]) -> dict[str, Any]:
    article = articles.get(str(report.get("article"))) or {}
    value = report.get(field)
    if isinstance(value, Mapping):
        value = value.get("value")
    return {
        "value": value,
        "reported": report.get("reported"),
        "article": report.get("article"),
        "outlet": article.get("outlet"),
        "said_by": report.get("said_by"),
        "text": report.get("text"),
        "start": report.get("start"),
        "end": report.get("end"),
    }


def changes_since(
    timeline: Sequence[Item], conflicts: Sequence[Item], since: dt.date | str
) -> dict[str, list[Any]]:
    """New events (first reported on or after ``since``), status changes and new conflicts."""
    since_day = since if isinstance(since, dt.date) else dt.date.fromisoformat(str(since)[:10])

    def after(value: Any) -> bool:
        day = _day(value)
        return day is not None and day >= since_day

    new_events = [e for e in timeline if after((e.get("first_reported") or {}).get("date"))]
    status_changes = []
    for entry in timeline:
        previous: Any = None
        for report in entry.get("history") or []:
            if report.get("status") != previous and previous is not None and after(report.get("reported")):
                status_changes.append(
                    {"event": entry.get("event"), "name": entry.get("name"), "from": previous, **dict(report)}
                )
            previous = report.get("status")
    new_conflicts = [
        c
        for c in conflicts
        if c["kind"] == "conflict" and any(after(r.get("reported")) for r in c["reports"])
    ]
    return {"new_events": new_events, "status_changes": status_changes, "new_conflicts": new_conflicts}


# -- undated articles ---------------------------------------------------------------------------


def narrow_windows(events: Sequence[Item], articles: Sequence[Item]) -> dict[str, dict[str, Any]]:
    """Publication windows of undated articles, narrowed by the events they report.

    An event's date counts only when a dated article reports that event. An undated article that
    reports it as upcoming was published no later than the event's last possible day; one that
    reports it as held, no earlier than its first. Returns ``{article id: {earliest, latest,
    evidence}}`` for the articles whose window changed (starting from their own estimate).

    An event may say itself whether a dated article reports it (``reported_by_dated``) and how
    many articles report it held (``held_by``), and carry only the reports of the articles to
    narrow, as ``store.events.window_events`` gives it; else both are read from its history.

    An article with no complete window of its own gets an upper bound from an upcoming event
    (``earliest`` stays None: nothing says how long before the event it was written); "held"
    only narrows a complete window (a lower bound alone says little)."""
    by_id = {str(a["id"]): a for a in articles}
    windows: dict[str, dict[str, Any]] = {}
    for event in events:
        value = str((event.get("date") or {}).get("value") or "")
        span = timex_period(value)
        if span is None:
            continue
        dated = event.get("reported_by_dated")  # given by the store (``store.events.window_events``)
        if dated is None:
            ids = _event_articles(event)
            dated = any(_day((by_id.get(a) or {}).get("published")) for a in ids)
        if not dated:
            continue
        history = event.get("history") or []
        # "upcoming" bounds by the event's latest date (a postponed event's first date was earlier);
        # "held" only when two articles say so: one alone may be a misreading.
        held_by = event.get("held_by")
        if held_by is None:
            held_by = len({str(h.get("article")) for h in history if h.get("status") in HAPPENED})
        for report in history:
            article = by_id.get(str(report.get("article")))
            if article is None or article.get("published"):
                continue
            status = str(report.get("status") or "")
            estimate = article.get("published_estimate") or {}
            complete = bool(estimate.get("earliest") and estimate.get("latest"))
            if not complete and status not in UPCOMING and str(article["id"]) not in windows:
                continue
            current = windows.setdefault(
                str(article["id"]),
                {
                    "earliest": estimate.get("earliest"),
                    "latest": estimate.get("latest"),
                    "evidence": list(estimate.get("evidence") or []),
                },
            )
            if status in UPCOMING:
                bound = span[1].isoformat()
                if current["latest"] is None or bound < str(current["latest"])[:10]:
                    current["latest"] = bound
                    current["evidence"].append(_evidence(event, value, status, report))
            elif status in HAPPENED and held_by >= 2 and complete:  # one "held" may be a misreading
                bound = span[0].isoformat()
                if current["earliest"] is None or bound > str(current["earliest"])[:10]:
                    current["earliest"] = bound
                    current["evidence"].append(_evidence(event, value, status, report))
    return {
        a: w
        for a, w in windows.items()
        if w["latest"] is not None
        and (w["earliest"] is None or str(w["earliest"])[:10] <= str(w["latest"])[:10])
        # contradicting evidence: keep the article's own
        and (w["earliest"], w["latest"])
        != (
            (by_id[a].get("published_estimate") or {}).get("earliest"),
            (by_id[a].get("published_estimate") or {}).get("latest"),
        )
    }


def _evidence(event: Item, value: str, status: str, report: Item) -> str:
    """One line of evidence, in the form of the times analyzer's (a string a person reads)."""
    text = " ".join(str(report.get("text") or "").split())[:160]
    return f"reports {event.get('name')!s} ({value}, dated by other articles) as {status}: “{text}”"


# -- briefing -----------------------------------------------------------------------------------


# A run of reports with one status shows its first few; the rest are named by who said them, so a
# long history (twenty reports of one proposal) stays a briefing, not a dump (the JSON has all).
RUN_SHOWN = 2


def _source_name(article: Item) -> str:
    """How a briefing names an article's source: its outlet, else its title, else its short id."""
    if article.get("outlet"):
        return str(article["outlet"])
    title = " ".join(str(article.get("title") or "").split())
    if title:
        return f"“{title[:60]}{'…' if len(title) > 60 else ''}”"
    return f"article {str(article['id'])[:8]}"


def _history_lines(history: Sequence[Item], outlets: Mapping[str, str]) -> list[str]:
    """The status history as briefing lines: runs of one status, each change to a later day
    marked with →. Reports whose status no word states (``stated``: a mention in passing, read as held by
    default) are no claim: they are counted after the runs, not shown as changes."""
    passing = [r for r in history if not stated(r)]
    if len(passing) < len(history):
        history = [r for r in history if stated(r)]
    else:
        passing = []
    # One group per day and status, in the order of each's first report: an article's several
    # statuses of one day are not a sequence, and undated reports have no order at all. Groups
    # of one status on following days make one run; a run is a change (→) only when it starts on
    # a later day than the run before it ends.
    groups: dict[tuple[str, Any], list[Item]] = {}
    for report in history:
        groups.setdefault((str(report.get("reported") or ""), report.get("status")), []).append(report)
    runs: list[list[Item]] = []
    for group in groups.values():
        if runs and runs[-1][0].get("status") == group[0].get("status"):
            runs[-1].extend(group)
        else:
            runs.append(list(group))
    lines = []
    for n, run in enumerate(runs):
        status = run[0].get("status")
        before = str(runs[n - 1][-1].get("reported") or "") if n else ""
        changed = bool(before) and str(run[0].get("reported") or "") > before
        for k, report in enumerate(run[:RUN_SHOWN]):
            source = outlets.get(str(report.get("article")), "?")
            who = report.get("said_by") or source
            marker = "→ " if changed and not k else ""
            lines.append(
                f"  - {marker}{report.get('reported') or 'undated'}: {status} — {who}"
                f" ({source}): “{(report.get('text') or '').strip()}”"
            )
        rest = run[RUN_SHOWN:]
        if rest:
            lines.append(f"  - … {len(rest)} more report(s) of {status}: {_who(rest, outlets)}")
    if passing:
        lines.append(
            f"  - also named in passing, no status stated: {len(passing)} report(s) ({_who(passing, outlets)})"
        )
    return lines


def _who(reports: Sequence[Item], outlets: Mapping[str, str]) -> str:
    """Who made these reports, each once, at most four named."""
    names = list(
        dict.fromkeys(str(r.get("said_by") or outlets.get(str(r.get("article")), "?")) for r in reports)
    )
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def briefing_markdown(
    title: str, timeline: Sequence[Item], conflicts: Sequence[Item], articles: Sequence[Item]
) -> str:
    """A briefing a journalist can paste: timeline with status changes and sources, conflicts,
    and who said what about each event."""
    outlets = {str(a["id"]): _source_name(a) for a in articles}
    lines = [f"# {title}", "", "## Timeline", ""]
    background = [e for e in timeline if e.get("background")]
    for entry in (e for e in timeline if not e.get("background")):
        first = entry.get("first_reported") or {}
        date = entry.get("date") or "undated"
        if entry.get("disputed_dates"):
            date = " or ".join(entry["disputed_dates"]) + " (sources disagree)"
        first_said = (
            f"first reported {first['date']} by {first.get('outlet') or outlets.get(str(first.get('article')), '?')}"
            if first.get("date")
            else "no dated report"
        )
        lines.append(
            f"- **{date}** — {entry.get('name') or entry.get('event')}: **{entry.get('status') or '?'}**"
            f" ({first_said}; {entry.get('independent_sources')} independent source(s))"
        )
        lines += _history_lines(entry.get("history") or [], outlets)
    if background:
        # one name per kind of event, with how many bear it ("agreement, 2019 ×3"); names hold
        # commas, so they are set apart by semicolons
        named: dict[str, int] = {}
        for e in background:
            name = str(e.get("name") or e.get("event"))
            named[name] = named.get(name, 0) + 1
        shown = [f"{name} ×{n}" if n > 1 else name for name, n in list(named.items())[:8]]
        lines += [
            "",
            f"Also named once, in passing: {len(background)} events "
            f"({'; '.join(shown)}{'; ...' if len(named) > 8 else ''}).",
        ]
    real = [c for c in conflicts if c["kind"] == "conflict"]
    lines += ["", "## Conflicts", ""]
    if not real:
        lines.append("None found.")
    for c in real:
        a, b = c["reports"]
        lines.append(
            f"- {c.get('name') or c.get('event')}: {c['field']} — {a.get('outlet')} says {a.get('value')!s}"
            f" (“{(a.get('text') or '').strip()}”), {b.get('outlet')} says {b.get('value')!s}"
            f" (“{(b.get('text') or '').strip()}”)"
            + (
                f"; {c['relayed_by']} gives {(a if b.get('outlet') == c['relayed_by'] else b).get('outlet')} as its source"
                if c.get("relayed_by")
                else ""
            )
        )
    return "\n".join(lines) + "\n"
