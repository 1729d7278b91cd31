"""Longer fuzzing of the text stages (issue 10).

    PYTHONPATH=$PWD python scripts/fuzz.py hypothesis [--examples 2000] [--analysis 200]
    PYTHONPATH=$PWD python scripts/fuzz.py atheris [-atheris_runs=100000]   # needs `pip install atheris`

``hypothesis`` runs the properties of tests/test_fuzz.py with many more examples and prints, per
property, the examples run, failures and the slowest example. ``atheris`` is a coverage-guided
harness over the same entry points (normalize, decode, clean, quote marks, time expressions; the
spaCy analysis with ``--with-analysis``): any exception is a finding, and so is one input that
takes longer than ``SLOW_SECONDS``.
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


def run_atheris(argv: list[str]) -> None:
    import atheris  # type: ignore[import-not-found]

    with_analysis = "--with-analysis" in argv
    argv = [a for a in argv if a != "--with-analysis"]
    points = entry_points(with_analysis)

    def one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        text = (
            fdp.ConsumeUnicodeNoSurrogates(len(data)) if fdp.ConsumeBool() else fdp.ConsumeUnicode(len(data))
        )
        for name, fn in points:
            started = time.perf_counter()
            fn(text)
            if time.perf_counter() - started > SLOW_SECONDS:
                raise RuntimeError(f"{name} took more than {SLOW_SECONDS}s on {len(text)} characters")

    atheris.instrument_all()
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
