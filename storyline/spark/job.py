"""The per-article stages on Spark: read + clean + analyze in each partition, Parquet out.

``analyze_to_parquet`` runs exactly the single-machine functions (``read_path``,
``build_article``, ``analyze_article_safely``) inside Spark tasks, so both paths give the same
articles and items. The output is one Parquet dataset partitioned by ``table``:

    DIR/table=articles/   one row per article (``data``: the Article as JSON, ``order``: input order)
    DIR/table=mentions/   one row per item of that kind (``article``, ``seq``, ``data``: the item)
    DIR/table=quotes/ ... one folder per analysis kind (citations, times, events, ...)
    DIR/table=skipped/    inputs that could not be read, with their reason

Cross-article work (duplicates, entities, events, stories) needs the whole corpus and an index:
``storyline load DIR`` (``storyline.spark.load``) does it incrementally into the store.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..ingest.readers import DEFAULT_MAX_BYTES, discover, read_path, suffix_of
from ..models import Skipped

# One schema for every table: the partition column ``table`` picks the rows of one.
COLUMNS = ("table", "order", "article", "kind", "seq", "data")


def is_uri(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def plan_inputs(inputs: Iterable[str]) -> tuple[list[tuple[int, str]], list[Skipped]]:
    """Local files (folders expanded as ingest does) numbered in ingest order, URIs kept whole."""
    planned: list[tuple[int, str]] = []
    skipped: list[Skipped] = []
    for item in discover(p for p in inputs if not is_uri(p)):
        if isinstance(item, Skipped):
            skipped.append(item)
        elif str(item) != "-":
            planned.append((len(planned), str(item)))
    planned += [(len(planned) + i, p) for i, p in enumerate(p for p in inputs if is_uri(p))]
    return planned, skipped


def _order(file_index: int, record: int) -> str:
    """A sort key that replays ingest order: file, then record within the file."""
    return f"{file_index:09d}.{record:09d}"


def analyze_file(
    file_index: int,
    path: str,
    *,
    published: str | None,
    max_bytes: int,
    content: bytes | None = None,
    records: tuple[int, int] | None = None,
) -> Iterator[tuple[str, str, str | None, str | None, int, str]]:
    """Rows (table, order, article, kind, seq, data) for every document of one input (with
    ``records=(lo, hi)``, only its documents numbered lo <= n < hi: one slice of a JSONL file)."""
    from ..analyze.pipeline import ANALYSIS_VERSION, analyze_article_safely
    from ..api import _today
    from ..ingest.build import build_article

    local = Path(path)
    cleanup: Path | None = None
    if content is not None:  # a URI's bytes, read by Spark: our readers take a local file
        handle, name = tempfile.mkstemp(suffix=suffix_of(Path(path.split("?")[0])))
        with os.fdopen(handle, "wb") as fh:
            fh.write(content)
        local = cleanup = Path(name)
    try:
        for record, doc in enumerate(read_path(local, max_bytes=max_bytes)):
            if records is not None and not records[0] <= record < records[1]:
                continue  # another task's slice: reading a record costs little next to analysing it
            order = _order(file_index, record)
            if isinstance(doc, Skipped):
                yield ("skipped", order, None, None, 0, json.dumps({"path": path, "reason": doc.reason}))
                continue
            if cleanup is not None:
                doc.source = path + doc.source[len(str(local)) :]
            try:
                article = build_article(doc, published=published)
            except Exception as exc:  # as ingest: one bad page never stops the run
                reason = f"could not be cleaned: {type(exc).__name__}: {exc}"
                yield ("skipped", order, None, None, 0, json.dumps({"path": doc.source, "reason": reason}))
                continue
            if article is None:
                yield (
                    "skipped",
                    order,
                    None,
                    None,
                    0,
                    json.dumps({"path": doc.source, "reason": "no article text found"}),
                )
                continue
            # As ingest does before analysing: the day first seen caps an estimated publication window.
            article.ingested = _today()
            analysis = analyze_article_safely(article)
            if analysis.error is None:
                article.published_estimate = analysis.published_estimate
            data = article.to_dict()
            data["analysis_error"] = analysis.error
            data["analysis_version"] = ANALYSIS_VERSION  # a later storyline re-analyzes stale output
            yield ("articles", order, article.id, None, 0, json.dumps(data, ensure_ascii=False))
            for kind, items in analysis.results.items():
                for seq, item in enumerate(items):
                    yield (
                        "items",
                        order,
                        article.id,
                        kind,
                        seq,
                        json.dumps(_plain(item), ensure_ascii=False),
                    )
    finally:
        if cleanup is not None:
            cleanup.unlink(missing_ok=True)


def _plain(item: Any) -> Any:
    """Items as JSON-ready dicts (typed items carry ``to_dict``)."""
    to_dict = getattr(item, "to_dict", None)
    return to_dict() if callable(to_dict) else item


SLICE = 16  # JSONL records per task: one big JSONL file spreads over every core


def _slices(file_index: int, path: str) -> list[tuple[int, str, tuple[int, int] | None]]:
    """One task per file, or per ``SLICE`` lines of a JSON Lines file."""
    if suffix_of(Path(path)) != ".jsonl":
        return [(file_index, path, None)]
    try:
        with open(path, "rb") as fh:
            lines = sum(1 for _ in fh)
    except OSError:
        return [(file_index, path, None)]  # the reader reports it, with its reason
    return [(file_index, path, (lo, lo + SLICE)) for lo in range(0, max(lines, 1), SLICE)]


def spark_session(master: str = "local[2]") -> Any:
    """A Spark session whose Python workers run this interpreter (so they import storyline)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("storyline")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")  # the spaCy model loads once per worker
        .getOrCreate()
    )


def analyze_to_parquet(
    inputs: Iterable[str],
    out: str,
    *,
    master: str = "local[2]",
    partitions: int | None = None,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    session: Any = None,
) -> dict[str, int]:
    """Read, clean and analyze every input on Spark; write the tables under ``out``; return counts."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    inputs = list(inputs)
    planned, skipped = plan_inputs(inputs)
    spark = session or spark_session(master)
    sc = spark.sparkContext
    local = [(i, p) for i, p in planned if not is_uri(p)]
    remote = [(i, p) for i, p in planned if is_uri(p)]

    tasks = [task for i, p in local for task in _slices(i, p)]
    n = partitions or max(1, min(len(tasks), sc.defaultParallelism * 4))

    def run_local(rows: Iterator[tuple[int, str, tuple[int, int] | None]]) -> Iterator[tuple[Any, ...]]:
        for file_index, path, records in rows:
            yield from analyze_file(
                file_index, path, published=published, max_bytes=max_bytes, records=records
            )

    rdd = sc.parallelize(tasks, n).mapPartitions(run_local)
    for file_index, uri in remote:  # each URI (a file or a folder/glob): Spark reads the bytes

        def run_remote(
            pairs: Iterator[tuple[str, bytes]], base: int = file_index
        ) -> Iterator[tuple[Any, ...]]:
            for k, (name, content) in enumerate(pairs):
                yield from analyze_file(
                    base * 100_000 + k, name, published=published, max_bytes=max_bytes, content=content
                )

        rdd = rdd.union(sc.binaryFiles(uri).mapPartitions(run_remote))
    skipped_rows = [
        ("skipped", _order(0, 0), None, None, 0, json.dumps({"path": s.path, "reason": s.reason}))
        for s in skipped
    ]
    if skipped_rows:
        rdd = rdd.union(sc.parallelize(skipped_rows, 1))
    schema = StructType(
        [
            StructField("table", StringType(), False),
            StructField("order", StringType(), False),
            StructField("article", StringType(), True),
            StructField("kind", StringType(), True),
            StructField("seq", IntegerType(), False),
            StructField("data", StringType(), False),
        ]
    )
    frame = spark.createDataFrame(rdd, schema)
    # Items are one table per kind (mentions, quotes, ...): the kind becomes the table name.
    from pyspark.sql import functions as F

    frame = frame.withColumn(
        "table", F.when(F.col("table") == "items", F.col("kind")).otherwise(F.col("table"))
    )
    frame.write.mode("overwrite").partitionBy("table").parquet(out)
    counts = {r["table"]: int(r["count"]) for r in spark.read.parquet(out).groupBy("table").count().collect()}
    if session is None:
        spark.stop()
    return counts
