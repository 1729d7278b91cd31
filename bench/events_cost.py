"""The events analyzer's cost on top of the spaCy parse, on the first N Timeline17 articles.

    PYTHONPATH=. python bench/events_cost.py [../shared/data/timeline17/articles.jsonl] [N]

Parses every article once (timed), runs the analyzers before events (timed together), then the
events analyzer alone on the same docs (timed), and writes bench/results/events.json. One
process. Not a test: nothing asserts on these numbers (docs/events.md records them).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from storyline.analyze import events
from storyline.analyze.nlp import get_nlp
from storyline.analyze.pipeline import ANALYZERS, ArticleContext
from storyline.models import Article

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/timeline17/articles.jsonl"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    articles = []
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            articles.append(
                Article(id=str(rec["id"]), source="<t17>", text=rec["text"], published=rec.get("date"))
            )
            if len(articles) >= n:
                break
    nlp = get_nlp()
    nlp("warm up")
    t0 = time.perf_counter()
    docs = [nlp(a.text) for a in articles]
    parse = time.perf_counter() - t0
    before = [(kind, fn) for kind, fn in ANALYZERS if kind != "events"]
    contexts = [ArticleContext(article=a, doc=d) for a, d in zip(articles, docs, strict=True)]
    t0 = time.perf_counter()
    for ctx in contexts:
        for kind, analyze in before:
            ctx.results[kind] = analyze(ctx)
    others = time.perf_counter() - t0
    t0 = time.perf_counter()
    mentions = sum(len(events.analyze(ctx)) for ctx in contexts)
    cost = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    result = {
        "articles": len(articles),
        "tokens": words,
        "parse_s": round(parse, 2),
        "other_analyzers_s": round(others, 2),
        "events_s": round(cost, 3),
        "events_pct_of_parse": round(100 * cost / parse, 2),
        "event_mentions": mentions,
        "analyzers": [kind for kind, _ in ANALYZERS],
    }
    out = ROOT / "bench/results/events.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
