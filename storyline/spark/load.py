"""``storyline load DIR``: the Parquet tables of ``storyline spark analyze`` into the store.

Articles arrive in ingest order and go through the same ``store_article`` as ``storyline ingest``
(exact and near-duplicate detection against everything already stored), their analysis is saved
as it came from Spark, and the cross-article stages run once at the end over what is new. Loading
the same folder twice changes nothing; loading a second folder adds to the store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Article, IngestReport, Removed, Skipped
from ..store import Store

BATCH = 500  # articles per read batch and per commit: memory stays flat, a kill loses one batch


def article_from_dict(data: dict[str, Any]) -> Article:
    fields = {k: v for k, v in data.items() if k in Article.__dataclass_fields__ and k != "removed"}
    return Article(**fields, removed=[Removed(r["kind"], r["text"]) for r in data.get("removed") or []])


def load_parquet(store: Store, folder: str | Path) -> IngestReport:
    """Load one output folder of ``storyline spark analyze``; returns what was stored."""
    import pyarrow.dataset as ds

    from ..analyze.pipeline import ANALYSIS_VERSION
    from ..api import _today, resolve_across_articles, store_article
    from ..clean.dedupe import DuplicateIndex

    root = Path(folder)
    if not (root / "table=articles").is_dir():
        raise InputError(
            f"{root} has no table=articles/: not an output of `storyline spark analyze`", code="E130"
        )
    dataset = ds.dataset(str(root), format="parquet", partitioning="hive")
    report = IngestReport()
    for row in _rows(dataset, "skipped"):
        info = json.loads(row["data"])
        report.skipped.append(Skipped(info["path"], info["reason"]))
    index = DuplicateIndex(store)
    articles = sorted(_rows(dataset, "articles"), key=lambda r: r["order"])
    kinds = sorted({str(k) for k in dataset.to_table(columns=["table"]).column("table").unique().to_pylist()})
    item_kinds = [k for k in kinds if k not in ("articles", "skipped")]
    needs_analysis: list[str] = []
    estimates: dict[str, Any] = {}
    versions: dict[str, int] = {}  # the analyzer version each article was analyzed by on Spark
    failed: dict[str, str] = {}
    for first in range(0, len(articles), BATCH):
        for row in articles[first : first + BATCH]:
            data = json.loads(row["data"])
            error = data.pop("analysis_error", None)
            versions[str(data["id"])] = int(data.pop("analysis_version", 0))
            article = article_from_dict(data)
            report.read += 1
            existing = store.get_article_row(article.id)
            article.ingested = (
                (existing["ingested"] if existing is not None else None) or article.ingested or _today()
            )
            store_article(store, index, article, report)
            version = store.analysis_version_of(article.id)
            if error is not None:
                failed[article.id] = error
            elif version is not None and version != ANALYSIS_VERSION:
                needs_analysis.append(article.id)
                estimates[article.id] = article.published_estimate
        store.commit()
    wanted = set(needs_analysis)
    for first in range(0, len(needs_analysis), BATCH):
        batch = needs_analysis[first : first + BATCH]
        results: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] = defaultdict(
            lambda: {k: [] for k in item_kinds}
        )
        for kind in item_kinds:
            for row in _rows(dataset, kind, articles=batch):
                results[row["article"]][kind].append((int(row["seq"]), json.loads(row["data"])))
        for article_id in batch:
            if article_id not in wanted:
                continue
            ordered = {
                k: [item for _, item in sorted(v, key=lambda p: p[0])] for k, v in results[article_id].items()
            }
            # Stale output keeps its version: `storyline analyze` then re-analyzes the article.
            store.save_analysis(article_id, ordered, versions.get(article_id, 0))
            store.set_published_estimate(article_id, estimates.get(article_id))
            report.analyzed += 1
        store.commit()
    for article_id, error in failed.items():
        report.skipped.append(
            Skipped(article_id, f"analysis failed on Spark (run `storyline analyze`): {error}")
        )
    if report.analyzed:
        resolve_across_articles(store)
    return report


def _rows(dataset: Any, table: str, articles: list[str] | None = None) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    condition = ds.field("table") == table
    if articles is not None:
        condition = condition & ds.field("article").isin(articles)
    return list(dataset.to_table(filter=condition, columns=["order", "article", "seq", "data"]).to_pylist())
