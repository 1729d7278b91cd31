"""Text normalized at the door: every string an article is built from passes through here first.

Offsets anywhere in storyline refer to the stored text, so the text is normalized *before* the
article is built, never after. What changes:

- lone surrogates (``"\\ud800"`` from a JSON escape) become U+FFFD: they cannot be encoded as
  UTF-8, so a store write would fail on them;
- a BOM (U+FEFF) anywhere, and other invisible format characters that carry nothing
  (zero-width space, soft hyphen), are dropped;
- CRLF and lone CR become LF; U+2028 LINE SEPARATOR, U+0085 NEL, form feed and vertical tab
  become LF; U+2029 PARAGRAPH SEPARATOR becomes a blank line;
- NBSP and the other Unicode space separators (U+2000..U+200A, U+202F, U+205F, U+3000) become
  a plain space, tab stays;
- every other C0/C1 control character is dropped.

Zero-width joiners (U+200D, emoji sequences) and bidi marks (RTL text) are kept.
"""

from __future__ import annotations

import datetime as dt
import re

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\x85\x0b\x0c]")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0 controls but \t and \n, DEL, C1 controls; BOM, zero-width space, soft hyphen, word joiner.
_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufeff\u200b\u00ad\u2060\ufffe\uffff]")
_ANY = re.compile(
    r"[\ud800-\udfff\r\u2028\u2029\x85\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
    r"\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\u200b\u00ad\u2060\ufffe\uffff]"
)


def normalize_text(text: str) -> str:
    """``text`` with the characters above normalized (linear time; unchanged text is returned as is)."""
    if not _ANY.search(text):
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _NEWLINES.sub("\n", text)
    text = text.replace("\u2029", "\n\n")
    text = _SPACES.sub(" ", text)
    return _DROP.sub("", text)


def normalize_field(value: object) -> str | None:
    """A metadata value (title, url, outlet, id) as a one-line normalized string, or None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(normalize_text(str(value)).split())
    return text or None


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def normalize_published(value: object) -> str | None:
    """An ISO date or datetime string, or None when the value is not one."""
    if value is None:
        return None
    text = str(value).strip()
    if not _ISO.match(text):
        return None
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return text if len(text) > 10 else text[:10]
