"""Stage 2: clean body text (boilerplate out, kept for audit) and duplicate detection."""

from .dedupe import DuplicateIndex, text_fingerprint
from .html import extract_html
from .text import CleanText, clean_text

__all__ = ["CleanText", "DuplicateIndex", "clean_text", "extract_html", "text_fingerprint"]
