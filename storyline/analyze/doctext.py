"""The parse's text, joined once per document.

spaCy's ``Doc.text`` joins every token's text again on each access (a Python generator over
every token), so an analyzer that reads it per article, per entity or per mention pays for the
whole article each time (six or seven joins an article before, and quadratic where it was read
per mention; docs/events.md). The first reader (the layout component, before the parser) joins
it once and keeps it in ``doc.user_data``; everyone else reads that.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "storyline_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once for this document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)


def forget_text(doc: Doc) -> None:
    """Drop the joined text (before ``Doc.from_docs``, which warns about user data it cannot
    carry over and would not carry a whole text's worth of it anyway)."""
    doc.user_data.pop(_KEY, None)
