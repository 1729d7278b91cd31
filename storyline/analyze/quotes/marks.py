"""Pairing quotation marks into quoted spans, paragraph by paragraph.

Real news text mixes typographic (“…”, «…», „…“, ‘…’), straight ("…") and doubled-apostrophe
(''…'', ``…'') marks, uses ’ as an apostrophe (voters’, don’t) and sometimes forgets a closing
mark. The rules here are deliberately local:

- a quote never crosses a paragraph break, except a multi-paragraph quote whose next paragraph
  reopens with a quote mark of the same family (the journalistic convention);
- an unclosed opening mark is dropped rather than allowed to swallow the rest of the paragraph;
- single marks (‘…’) only count as quotes when an opening ‘ is followed by a closing ’ that is
  not between two letters, so apostrophes are never paired;
- marks nested inside a quote belong to that quote's content and are not reported separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Mark families: a double quote may only be closed by a double quote, a single by a single.
_DOUBLE = "double"
_SINGLE = "single"

# (mark, family, can_open, can_close). Straight marks decide open/close from their context.
_OPEN_ONLY = {"“": _DOUBLE, "«": _DOUBLE, "„": _DOUBLE, "``": _DOUBLE, "‘": _SINGLE}
_CLOSE_ONLY = {"»": _DOUBLE}
_EITHER = {'"': _DOUBLE, "”": _DOUBLE, "''": _DOUBLE, "’": _SINGLE}

_MARK_RE = re.compile(r"``|''|[“”\"«»„‘’]")
# After a German „ the closing mark is “ (which elsewhere opens); handled by treating “ as
# able to close when a „ is open.
_PARAGRAPH_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One top-level quotation: ``start``/``end`` cover the content without the marks;
    ``outer_start``/``outer_end`` include them. ``continued`` marks multi-paragraph quotes."""

    outer_start: int
    outer_end: int
    start: int
    end: int
    continued: bool = False


@dataclass(slots=True)
class _Mark:
    pos: int
    end: int
    text: str
    family: str
    can_open: bool
    can_close: bool


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, match: re.Match[str], para_start: int, para_end: int) -> _Mark | None:
    mark = match.group(0)
    pos, end = match.start(), match.end()
    before = text[pos - 1] if pos > para_start else " "
    after = text[end] if end < para_end else " "
    if mark in _OPEN_ONLY:
        family = _OPEN_ONLY[mark]
        if family == _SINGLE and _is_word_char(before):
            return None  # a ‘ inside a word is not a quote
        # “ also closes a German „…“ quote.
        return _Mark(pos, end, mark, family, can_open=True, can_close=mark == "“")
    if mark in _CLOSE_ONLY:
        return _Mark(pos, end, mark, _CLOSE_ONLY[mark], can_open=False, can_close=True)
    family = _EITHER[mark]
    if family == _SINGLE:
        # ’ between letters (don’t) or after a letter and before a space (voters’) is usually an
        # apostrophe; it may only close a quote that an explicit ‘ opened (checked by the caller).
        if _is_word_char(before) and _is_word_char(after):
            return None
        return _Mark(pos, end, mark, family, can_open=False, can_close=not before.isspace())
    opens = before.isspace() or before in "([{—–-/:;,"
    closes = not before.isspace() and (not _is_word_char(after))
    if mark == "”" and not closes:
        # A typographic closing mark is a closing mark, whatever the spacing.
        closes = True
    if mark == "''" and _is_word_char(before) and _is_word_char(after):
        return None
    return _Mark(pos, end, mark, family, can_open=opens or not closes, can_close=closes)


def _paragraph_quotes(text: str, start: int, end: int) -> tuple[list[tuple[_Mark, _Mark]], _Mark | None]:
    """Pair the marks of one paragraph. Returns the top-level pairs and the top-level opening
    mark left unclosed at the paragraph end (if any)."""
    pairs: list[tuple[_Mark, _Mark]] = []
    stack: list[_Mark] = []
    for match in _MARK_RE.finditer(text, start, end):
        mark = _classify(text, match, start, end)
        if mark is None:
            continue
        same_family_open = next((m for m in reversed(stack) if m.family == mark.family), None)
        closes_top = same_family_open is not None and mark.can_close
        if closes_top and mark.can_open and same_family_open is not None:
            # A straight mark that could do both: close if the open mark is the same glyph family
            # and something was quoted, else open a nested quote.
            closes_top = match.start() > same_family_open.end
        if closes_top and same_family_open is not None:
            while stack and stack[-1] is not same_family_open:
                stack.pop()  # an unclosed inner mark (e.g. a stray ‘) ends with its outer quote
            stack.pop()
            if not stack:
                pairs.append((same_family_open, mark))
        elif mark.can_open and (mark.family == _DOUBLE or not stack or stack[-1].family == _DOUBLE):
            stack.append(mark)
    unclosed = stack[0] if stack and stack[0].family == _DOUBLE else None
    return pairs, unclosed


def _reopens(text: str, para_start: int, para_end: int, family: str) -> _Mark | None:
    """The opening mark at the very start of a paragraph, if it is of ``family``."""
    match = _MARK_RE.match(text, para_start, para_end)
    if match is None:
        return None
    mark = _classify(text, match, para_start, para_end)
    if mark is None or not mark.can_open or mark.family != family:
        return None
    return mark


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every top-level quotation in ``text``, in text order."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text)]
    spans: list[QuoteSpan] = []
    pending: _Mark | None = None  # an opening mark of a quote continuing into this paragraph
    for para_start, para_end in paragraphs:
        para_pairs, unclosed = _paragraph_quotes(text, para_start, para_end)
        if pending is not None:
            # The previous paragraph's quote continues only if this paragraph reopens it.
            if para_pairs and para_pairs[0][0].pos == para_start:
                _first_open, first_close = para_pairs[0]
                spans.append(_span(pending, first_close, continued=True))
                para_pairs = para_pairs[1:]
            elif unclosed is not None and unclosed.pos == para_start and not para_pairs:
                # The quote goes on for another paragraph still.
                spans.extend(_span(o, c) for o, c in para_pairs)
                continue
            pending = None
        spans.extend(_span(o, c) for o, c in para_pairs)
        if unclosed is not None:
            next_start = _next_paragraph_start(paragraphs, para_end)
            if next_start is not None and _reopens(text, next_start, len(text), unclosed.family):
                pending = pending or unclosed
            else:
                pending = None
    return spans


def _next_paragraph_start(paragraphs: list[tuple[int, int]], after: int) -> int | None:
    for start, _end in paragraphs:
        if start > after:
            return start
    return None


def _span(open_mark: _Mark, close_mark: _Mark, *, continued: bool = False) -> QuoteSpan:
    return QuoteSpan(
        outer_start=open_mark.pos,
        outer_end=close_mark.end,
        start=open_mark.end,
        end=close_mark.pos,
        continued=continued,
    )


QUOTE_CHARS = "“”\"«»„‘’`'"
