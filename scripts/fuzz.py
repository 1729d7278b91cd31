"""Longer fuzzing of the text stages (issue 10).

    PYTHONPATH=$PWD python scripts/fuzz.py hypothesis [--examples 2000] [--analysis 200]
    PYTHONPATH=$PWD python scripts/fuzz.py atheris [--with-analysis] [--stats FILE] [CORPUS_DIR]
        [-max_total_time=600] [-max_len=4096]          # libFuzzer flags; needs `pip install atheris`

``hypothesis`` runs the properties of tests/test_fuzz.py with many more examples and prints, per
property, the examples run, failures and the slowest example. ``atheris`` is a coverage-guided
harness (only storyline's own modules are instrumented) over the same entry points (normalize,
clean, build, quote marks, time expressions) and, with ``--with-analysis``, each analyzer on
the spaCy parse of the input (entities, quotes, citations, times, events, in pipeline order):
any exception is a finding (atheris stops and writes the input as ``crash-*``), and so is one
input that takes longer than ``SLOW_SECONDS``. ``--stats FILE`` keeps, every 100 inputs, the
executions, and per entry point the slowest input and the worst seconds per MB (inputs of at
least 1 KB); the figures in docs/reliability.md come from there.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SLOW_SECONDS = 10.0


def entry_points(with_analysis: bool) -> list[tuple[str, Callable[[str], object]]]:
    from storyline.analyze.quotes.marks import find_quote_spans
    from storyline.analyze.times import find_timexes
    from storyline.clean.text import clean_text
    from storyline.ingest.build import build_article
    from storyline.ingest.normalize import normalize_text
    from storyline.ingest.readers import RawDocument

    points: list[tuple[str, Callable[[str], object]]] = [
        ("normalize", normalize_text),
        ("clean", lambda t: clean_text(normalize_text(t))),
        ("build", lambda t: build_article(RawDocument("fuzz.txt", t))),
        ("quote_marks", lambda t: find_quote_spans(normalize_text(t))),
        ("times", lambda t: find_timexes(normalize_text(t), dt.date(2026, 3, 11))),
    ]
    if with_analysis:
        from storyline.analyze.budget import Budget
        from storyline.analyze.pipeline import analyze_article_safely
        from storyline.models import Article

        def analysis(text: str) -> object:
            found = analyze_article_safely(
                Article(id="f", source="f", text=normalize_text(text) or "x"), Budget(seconds=SLOW_SECONDS)
            )
            if found.error:
                raise RuntimeError(found.error)
            return found

        points.append(("analysis", analysis))
    return points


def run_hypothesis(examples: int, analysis_examples: int) -> None:
    from hypothesis import HealthCheck, given, settings

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_fuzz import hostile_text, sentences

    for name, fn in entry_points(with_analysis=analysis_examples > 0):
        n = analysis_examples if name == "analysis" else examples
        slowest: list[Any] = [0.0, ""]
        count = [0]

        @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(hostile_text | sentences)
        def prop(
            text: str,
            fn: Callable[[str], object] = fn,
            count: list[int] = count,
            slowest: list[Any] = slowest,
        ) -> None:
            started = time.perf_counter()
            fn(text)
            took = time.perf_counter() - started
            count[0] += 1
            if took > slowest[0]:
                slowest[0], slowest[1] = took, text[:60]

        started = time.perf_counter()
        failed = "none"
        try:
            prop()
        except Exception as exc:  # a finding: hypothesis has shrunk it and printed the input
            failed = f"{type(exc).__name__}: {exc}"
        print(
            f"{name}: {count[0]} examples in {time.perf_counter() - started:.1f}s, failures: {failed}, "
            f"slowest {slowest[0] * 1000:.0f} ms ({slowest[1]!r})",
            flush=True,
        )


def analyzer_points() -> list[tuple[str, Callable[[str], object]]]:
    """Each analyzer of the pipeline, on one parse of the input shared by all (the parse is
    timed as its own entry point)."""
    from storyline.analyze.context import ArticleContext
    from storyline.analyze.nlp import get_nlp
    from storyline.analyze.pipeline import ANALYZERS
    from storyline.ingest.normalize import normalize_text
    from storyline.models import Article

    nlp = get_nlp()
    shared: dict[str, Any] = {}

    def parse(text: str) -> object:
        clean = normalize_text(text) or "x"
        article = Article(id="f", source="f", text=clean, published="2026-03-11")
        shared["ctx"] = ArticleContext(article=article, doc=nlp(clean), results={})
        return shared["ctx"]

    def stage(kind: str, analyze: Callable[[Any], Any]) -> Callable[[str], object]:
        def run(text: str) -> object:
            ctx = shared["ctx"]
            ctx.results[kind] = found = analyze(ctx)
            for item in found:
                if not 0 <= item.start <= item.end <= len(ctx.article.text):
                    raise AssertionError(f"{kind} item out of the text: {item.start}-{item.end}")
            return found

        return run

    return [("parse", parse), *((kind, stage(kind, fn)) for kind, fn in ANALYZERS)]


def run_atheris(argv: list[str]) -> None:
    import json

    import atheris  # type: ignore[import-not-found]

    with_analysis = "--with-analysis" in argv
    stats_path = argv[argv.index("--stats") + 1] if "--stats" in argv else None
    argv = [
        a
        for i, a in enumerate(argv)
        if a != "--with-analysis" and "--stats" not in argv[max(0, i - 1) : i + 1]
    ]
    with atheris.instrument_imports(include=["storyline"]):
        points = entry_points(with_analysis=False)
        if with_analysis:
            points = [p for p in points if p[0] in ("normalize", "quote_marks")] + analyzer_points()
    for _, fn in points:  # warm up: model loads and first-call imports are not findings
        fn("The minister said on Monday that the talks would resume. “We are ready,” she said.")
    stats: dict[str, Any] = {"executions": 0, "started": time.time(), "points": {}}
    for name, _ in points:
        stats["points"][name] = {"slowest_s": 0.0, "slowest_chars": 0, "worst_s_per_mb": 0.0, "at_chars": 0}

    def save() -> None:
        if stats_path:
            stats["seconds"] = round(time.time() - stats["started"])
            Path(stats_path).write_text(json.dumps(stats, indent=1) + "\n")

    def one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        text = (
            fdp.ConsumeUnicodeNoSurrogates(len(data)) if fdp.ConsumeBool() else fdp.ConsumeUnicode(len(data))
        )
        size = len(text.encode("utf-8", "surrogatepass"))
        for name, fn in points:
            started = time.perf_counter()
            fn(text)
            took = time.perf_counter() - started
            rec = stats["points"][name]
            if took > rec["slowest_s"]:
                rec["slowest_s"], rec["slowest_chars"] = round(took, 4), len(text)
            if size >= 1000 and took / (size / 1e6) > rec["worst_s_per_mb"]:
                rec["worst_s_per_mb"], rec["at_chars"] = round(took / (size / 1e6), 1), len(text)
            if took > SLOW_SECONDS:
                save()
                raise RuntimeError(f"{name} took more than {SLOW_SECONDS}s on {len(text)} characters")
        stats["executions"] += 1
        if stats["executions"] % 100 == 0:
            save()

    atheris.Setup(argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "hypothesis"
    if mode == "atheris":
        run_atheris([sys.argv[0], *sys.argv[2:]])
    else:
        examples = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 2000
        analysis = int(sys.argv[sys.argv.index("--analysis") + 1]) if "--analysis" in sys.argv else 200
        run_hypothesis(examples, analysis)
