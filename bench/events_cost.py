"""The events analyzer's cost on top of the spaCy parse, on the first N Timeline17 articles.

    PYTHONPATH=. python bench/events_cost.py [../shared/data/timeline17/articles.jsonl] [N]

Parses every article once (timed), runs the analyzers before events (timed together), then the
events analyzer alone on the same docs (timed), then the resolve-time embedding of the
event-mention sentences (all-MiniLM-L6-v2 in numpy, each sentence once per article, timed apart:
not part of the analyzer), and writes bench/results/events.json. One process. Not a test:
nothing asserts on these numbers (docs/events.md records them).
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
from storyline.resolve import _embed

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
    t0, c0 = time.perf_counter(), time.process_time()
    docs = [nlp(a.text) for a in articles]
    parse, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    before = [(kind, fn) for kind, fn in ANALYZERS if kind != "events"]
    contexts = [ArticleContext(article=a, doc=d) for a, d in zip(articles, docs, strict=True)]
    t0 = time.perf_counter()
    for ctx in contexts:
        for kind, analyze in before:
            ctx.results[kind] = analyze(ctx)
    others = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    found = [events.analyze(ctx) for ctx in contexts]
    cost, cost_cpu = time.perf_counter() - t0, time.process_time() - c0
    mentions = sum(len(f) for f in found)
    words = sum(len(d) for d in docs)
    # Resolve-time embeddings: each article's event-mention sentences, each once, with their triggers.
    embed_s = embed_cpu = None
    sentences = 0
    model = _embed.get_model()
    if model is not None:
        t0, c0 = time.perf_counter(), time.process_time()
        for doc, items in zip(docs, found, strict=True):
            wanted: dict[tuple[int, int], set[int]] = {}
            for item in items:
                if item.generic:  # the resolution skips these
                    continue
                sent = doc.char_span(item.sentence["start"], item.sentence["end"], alignment_mode="expand")
                head = doc.char_span(item.start, item.end, alignment_mode="expand")
                if sent is None or head is None:
                    continue
                wanted.setdefault((sent.start, sent.end), set()).add(head.root.i - sent.start)
            keys = list(wanted)
            sentences += len(keys)
            if keys:
                model.encode(
                    [[t.text for t in doc[a:b]] for a, b in keys],
                    [sorted(i for i in wanted[k] if 0 <= i < k[1] - k[0]) for k in keys],
                )
        embed_s, embed_cpu = time.perf_counter() - t0, time.process_time() - c0
    result = {
        "articles": len(articles),
        "tokens": words,
        "parse_s": round(parse, 2),
        "other_analyzers_s": round(others, 2),
        "events_s": round(cost, 3),
        "events_pct_of_parse": round(100 * cost / parse, 2),
        "event_mentions": mentions,
        "embedded_sentences": sentences,
        "embed_s": None if embed_s is None else round(embed_s, 2),
        "embed_pct_of_parse": None if embed_s is None else round(100 * embed_s / parse, 1),
        "embed_ms_per_article": None if embed_s is None else round(1000 * embed_s / len(articles), 1),
        # CPU seconds of this process (steadier than wall time on a shared machine)
        "parse_cpu_s": round(parse_cpu, 2),
        "events_cpu_pct_of_parse_cpu": round(100 * cost_cpu / parse_cpu, 2),
        "embed_cpu_s": None if embed_cpu is None else round(embed_cpu, 2),
        "embed_cpu_pct_of_parse_cpu": None if embed_cpu is None else round(100 * embed_cpu / parse_cpu, 1),
        "analyzers": [kind for kind, _ in ANALYZERS],
    }
    out = ROOT / "bench/results/events.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
