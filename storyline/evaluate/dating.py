"""``storyline evaluate dating FILE...``: publication windows estimated with the date hidden.

Input: JSONL records with ``text`` and the true publication day in ``date`` (timeline17) or
``publication_date`` (polnear). The date is never shown to the estimator.

Measures: ``coverage`` (share of articles whose true day lies inside the window), ``median_width_days``
(window width, last day minus first), ``no_estimate`` (share with no window at all), and
``coverage_when_estimated``. A narrow wrong window is worse than a wide right one, so read coverage
first.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..analyze.times.dating import estimate_publication
from ..errors import EvaluationError
from ._jsonl import numbered_records

_DATE_FIELDS = ("date", "publication_date", "published", "dct")


def _records(path: Path) -> Iterator[tuple[str, dt.date]]:
    for number, record in numbered_records(path):
        day = next((record[f] for f in _DATE_FIELDS if record.get(f)), None)
        if "text" not in record or day is None:
            raise EvaluationError(
                f"{path}:{number}: a dated record needs 'text' and one of {', '.join(_DATE_FIELDS)}",
                code="E312",
            )
        try:
            yield record["text"], dt.date.fromisoformat(str(day)[:10])
        except ValueError as exc:
            raise EvaluationError(f"{path}:{number}: {day!r} is not an ISO date", code="E313") from exc


def evaluate(
    paths: list[Path],
    limit: int | str | None = None,
    every: int | str = 1,
    offset: int | str = 0,
    debug: bool | str = False,
    upper_bound: str | None = None,
    crawl_lag_days: int | str | None = None,
) -> dict[str, Any]:
    """Score publication windows on every ``every``-th record of each file starting at record
    ``offset`` (a spread sample of files sorted by topic; a different ``offset`` gives a disjoint
    sample to tune on), at most ``limit`` records per file. Options may arrive as strings from
    the command line (``-o every=8``). ``upper_bound`` (an ISO day) stands for the day the
    articles were ingested, the last day any of them can have been published; by default there is
    none, so a window comes from the text alone. ``crawl_lag_days`` simulates a crawl: each article
    is given a crawl day that many days after its true day (as a WARC-Date would), which is also
    its upper bound; it tells what a user who crawls the news gets, not what the text alone gives."""
    every, offset = max(1, int(every)), int(offset)
    lag = dt.timedelta(days=int(crawl_lag_days)) if crawl_lag_days is not None else None
    limit = int(limit) if limit is not None else None
    debug = debug is True or str(debug).lower() == "true"
    try:
        bound = dt.date.fromisoformat(upper_bound) if upper_bound else None
    except ValueError as exc:
        raise EvaluationError(f"upper_bound={upper_bound!r} is not an ISO day", code="E313") from exc
    result: dict[str, Any] = {"task": "dating", "files": {}}
    all_widths: list[int] = []
    totals = {"articles": 0, "inside": 0, "none": 0}
    errors: list[dict[str, Any]] = []
    for path in paths:
        widths: list[int] = []
        counts = {"articles": 0, "inside": 0, "none": 0}
        for i, (text, true_day) in enumerate(_records(path)):
            if i < offset or (i - offset) % every:
                continue
            if limit is not None and counts["articles"] >= limit:
                break
            counts["articles"] += 1
            crawled = true_day + lag if lag is not None else None
            estimate = estimate_publication(text, upper_bound=crawled or bound, crawled=crawled)
            if estimate is None:
                counts["none"] += 1
                continue
            earliest = dt.date.fromisoformat(estimate["earliest"])
            latest = dt.date.fromisoformat(estimate["latest"])
            widths.append((latest - earliest).days)
            if earliest <= true_day <= latest:
                counts["inside"] += 1
            elif debug:
                errors.append({"file": path.name, "record": i, "true": true_day.isoformat(), **estimate})
        result["files"][path.name] = _metrics(counts, widths)
        all_widths += widths
        for key in totals:
            totals[key] += counts[key]
    result.update(_metrics(totals, all_widths))
    if debug:
        result["errors"] = errors
    return result


def _metrics(counts: dict[str, int], widths: list[int]) -> dict[str, Any]:
    n = counts["articles"]
    estimated = n - counts["none"]
    return {
        "articles": n,
        "coverage": round(counts["inside"] / n, 4) if n else 0.0,
        "coverage_when_estimated": round(counts["inside"] / estimated, 4) if estimated else 0.0,
        "no_estimate": round(counts["none"] / n, 4) if n else 0.0,
        "median_width_days": statistics.median(widths) if widths else None,
    }
