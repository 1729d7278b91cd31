"""Bounded cost per article: a character cap, chunked parsing, and a wall-clock budget.

- Text past ``max_chars`` is not analyzed (the cut falls on a paragraph or word boundary, so
  offsets into the analyzed prefix are offsets into the stored text).
- Text longer than ``CHUNK_CHARS`` is parsed in chunks cut at line breaks (else spaces) and
  joined with ``Doc.from_docs``: spaCy's E088 (text longer than ``nlp.max_length``) cannot happen.
- Long texts are parsed for at most half of ``seconds``: no chunk is started after that, and
  the analyzers get the parsed prefix and the other half.
- ``seconds``: past it, the stage running is interrupted (SIGALRM, in the process that runs the
  analysis), the analyzers that finished keep their items, and the article is stored with a note
  saying what was cut short. Where SIGALRM is unavailable (Windows, a non-main thread) only the
  checks between stages apply.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from spacy.language import Language
from spacy.tokens import Doc

from .doctext import forget_text

DEFAULT_SECONDS = 60.0
DEFAULT_MAX_CHARS = 1_000_000
CHUNK_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Budget:
    seconds: float | None = DEFAULT_SECONDS  # None: no time limit
    max_chars: int | None = DEFAULT_MAX_CHARS  # None: no character cap


class BudgetExceeded(Exception):
    """Raised inside the analysis when its time budget is spent."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in the block after ``seconds`` (no-op when unsupported)."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    assert seconds is not None
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def cut_point(text: str, max_chars: int | None) -> int:
    """Where analysis of ``text`` stops: its end, or the last paragraph (else word) boundary
    before ``max_chars``."""
    if max_chars is None or len(text) <= max_chars:
        return len(text)
    for sep in ("\n", " "):
        at = text.rfind(sep, max_chars // 2, max_chars)
        if at > 0:
            return at + 1
    return max_chars


def parse(nlp: Language, text: str, stop_after: float | None = None) -> Doc:
    """``nlp(text)``, in chunks of at most ``CHUNK_CHARS`` for long texts (one at a time, so
    memory stays that of one chunk). With ``stop_after`` seconds, no chunk is started once they
    have passed: the doc then covers a prefix of ``text`` (``doc.text == text[: len(doc.text)]``)."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    started = time.monotonic()
    docs: list[Doc] = []
    start = 0
    while start < len(text):
        if docs and stop_after is not None and time.monotonic() - started > stop_after:
            break
        end = start + cut_point(text[start : start + CHUNK_CHARS + 1], CHUNK_CHARS)
        docs.append(nlp(text[start:end]))
        start = end
    for chunk in docs:
        forget_text(chunk)
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text[:start]:  # pragma: no cover - from_docs keeps the text; offsets depend on it
        raise RuntimeError("chunked parse changed the text")
    return doc
