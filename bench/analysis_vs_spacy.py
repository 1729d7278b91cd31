"""The whole storyline analysis against spaCy's default pipeline alone, side by side, one process.

    PYTHONPATH=. python bench/analysis_vs_spacy.py [../shared/data/timeline17/articles.jsonl] [N]

For each of the first N Timeline17 records, in turn (so both sides see the same machine load):

* **spaCy**: ``nlp(text)`` with the same model's default pipeline over the record's text, as
  a user who runs spaCy alone on the articles would;
* **storyline**: what ``storyline ingest`` does to that record before storing it and the
  analysis it then runs: normalize, restore Penn Treebank tokens, clean (boilerplate out),
  parse, then every analyzer (entities, quotes, citations, times, events).

Writes ``bench/results/analysis_vs_spacy.json``. Not a test: nothing asserts on these numbers.
Absolute seconds drift on shared machines; the ratio of the two columns, measured in one run
with the sides interleaved per article, is the figure (docs/events.md records it).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy

from storyline.analyze.nlp import MODEL, get_nlp
from storyline.analyze.pipeline import analyze_article
from storyline.ingest.build import build_article
from storyline.ingest.readers import RawDocument

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    source = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/timeline17/articles.jsonl"
    ).resolve()
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    if not source.exists():
        sys.exit(f"no Timeline17 articles at {source}; pass a JSONL path")
    records = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if len(records) >= n:
                break
    nlp = spacy.load(MODEL)  # spaCy's own pipeline, as shipped (ours replaces two rule components)
    nlp.max_length = get_nlp().max_length
    nlp("warm up")
    warm = build_article(RawDocument(source="warm", content="Warm up. He said so on Monday."))
    if warm is not None:
        analyze_article(warm)
    spacy_s = storyline_s = 0.0
    raw_chars = clean_chars = 0
    for i, rec in enumerate(records):
        raw = str(rec["text"])
        doc = RawDocument(
            source=f"t17#{i}", content=raw, meta={"id": str(rec["id"]), "published": rec.get("date")}
        )
        # Alternate which side runs first, so neither always meets a warmer cache.
        for side in (0, 1) if i % 2 == 0 else (1, 0):
            t0 = time.perf_counter()
            if side == 0:
                nlp(raw)
                spacy_s += time.perf_counter() - t0
            else:
                article = build_article(doc, published=rec.get("date"))
                if article is not None:
                    analyze_article(article)
                    clean_chars += len(article.text)
                storyline_s += time.perf_counter() - t0
        raw_chars += len(raw)
    result = {
        "corpus": str(source.relative_to(ROOT.parent)) if source.is_relative_to(ROOT.parent) else str(source),
        "articles": len(records),
        "raw_chars": raw_chars,
        "clean_chars": clean_chars,
        "spacy_default_s": round(spacy_s, 2),
        "storyline_whole_analysis_s": round(storyline_s, 2),
        "ratio_storyline_to_spacy": round(storyline_s / spacy_s, 3) if spacy_s else None,
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    out = ROOT / "bench/results/analysis_vs_spacy.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
