"""Body extraction from HTML pages, scored as the article-extraction-benchmark does.

For each page, the word 4-gram (shingle) sets of the extracted body and the human-written
body give precision and recall; both are averaged over pages and F1 is taken of the averages.
``trafilatura`` alone (no storyline cleaning) is scored side by side, so our cleaning can be
seen not to lose what it starts from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..clean.html import extract_html
from ..errors import EvaluationError
from ..ingest.build import build_article
from ..ingest.readers import RawDocument
from ._jsonl import numbered_records

_WORD = re.compile(r"\w+", re.UNICODE)
N = 4


def shingles(text: str, n: int = N) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def precision_recall(predicted: str, gold: str) -> tuple[float, float]:
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0
    overlap = len(pred & ref)
    return (overlap / len(pred) if pred else 0.0), (overlap / len(ref) if ref else 0.0)


def _pages(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        for lineno, record in numbered_records(path):
            if "html" not in record or "gold_body" not in record:
                raise EvaluationError(f"{path}:{lineno}: expected fields 'html' and 'gold_body'", code="E310")
            yield record


def _summary(precisions: list[float], recalls: list[float]) -> dict[str, float]:
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def evaluate(paths: list[Path], limit: int | None = None, **_: Any) -> dict[str, Any]:
    ours_p: list[float] = []
    ours_r: list[float] = []
    base_p: list[float] = []
    base_r: list[float] = []
    for i, page in enumerate(_pages(paths)):
        if limit is not None and i >= limit:
            break
        doc = RawDocument(
            source=str(page.get("id", i)), content=page["html"], is_html=True, meta={"url": page.get("url")}
        )
        article = build_article(doc)
        p, r = precision_recall(article.text if article else "", page["gold_body"])
        ours_p.append(p)
        ours_r.append(r)
        p, r = precision_recall(extract_html(page["html"], url=page.get("url")).text, page["gold_body"])
        base_p.append(p)
        base_r.append(r)
    return {
        "task": "extraction",
        "pages": len(ours_p),
        "metric": f"word {N}-gram shingles, mean precision and recall over pages, F1 of the means",
        "storyline": _summary(ours_p, ours_r),
        "trafilatura": _summary(base_p, base_r),
    }
