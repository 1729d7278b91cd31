"""The per-article stages on Apache Spark (``storyline spark analyze``) and the loader of their
output into the store (``storyline load``). Needs the ``spark`` extra (pyspark, pyarrow)."""

from .job import analyze_to_parquet
from .load import load_parquet

__all__ = ["analyze_to_parquet", "load_parquet"]
