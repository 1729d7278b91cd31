"""Quotes: who said what, how, where and when.

Kinds (see docs/quotes.md):

- ``direct``: a sentence-like span in quote marks, including multi-paragraph quotes;
- ``partial``: a few quoted words inside a sentence governed by a speech verb ("rejected the
  account as 'unscrupulous'");
- ``block``: a paragraph quoted without marks, introduced by a paragraph ending with a colon or
  closed by "..., X said.";
- ``reported``: indirect speech ("X said on Tuesday that ...", "..., sources said", "according
  to X, ...").

Each item a ``models.Quote``: ``{start, end, text, kind, cue, speaker, medium, when}``; ``start``/``end`` cover the
quoted content (without quote marks). Titles and scare quotes are not quotes: a short quoted
phrase needs a speech verb governing it and must not sit inside a noun phrase ("a 'maximalist'
approach"); an all-capitalized quoted name ("Coalition of the Willing") needs a cue next to it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...models import Mention, Quote, TextSpan
from .._intervals import Intervals
from ..context import ArticleContext
from ..doctokens import doc_tokens
from .lexicon import CHARACTERIZING_VERBS, COGNITION_VERBS, NOMINAL_CUES, SPEECH_VERBS
from .marks import QUOTE_CHARS, QuoteSpan, find_quote_spans
from .reported import complement_fragments, nominal_fragments, said_fragments
from .speakers import (
    SpeakerResolver,
    colon_intro_speaker,
    is_heading,
    medium_of,
    paragraph_bounds,
    subject_before,
    subject_of,
    when_of,
)

# A quoted phrase this short (in words) is "partial" unless it reads as a full sentence.
_SENTENCE_MIN_WORDS = 6
# A cue after the closing mark must come within this many tokens (", Peskov said").
_AFTER_WINDOW = 8
# A cue before the opening mark must come within this many tokens ("Lavrov told NBC's ...:").
_BEFORE_WINDOW = 10
_PARAGRAPH_RE = re.compile(r"[^\n]+")
# Clauses longer than this (in tokens) are bounded by their edges, not listed token by token.
_LONG_CLAUSE = 300
_SCARE_PRECEDERS = {"DET", "PRON", "ADJ", "NUM"}


def _cue_item(tokens: list[Token]) -> TextSpan:
    doc = tokens[0].doc
    span = doc[tokens[0].i : tokens[-1].i + 1]
    return TextSpan(span.start_char, span.end_char, span.text)


@dataclass(slots=True)
class _Draft:
    """A quote being found; its speaker is named once every quote is found, in text order."""

    quote: Quote
    speaker_head: tuple[Token, tuple[int, int] | None] | None
    orphan: bool = False  # no cue of its own: it goes on from the attribution before it


def _is_speech_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS and tok.tag_ != "MD"


def _tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    if end <= start:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def _is_cognition_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in COGNITION_VERBS


def _word_count(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalnum() for ch in w)])


def _looks_like_sentence(text: str) -> bool:
    """A quote that stands as its own utterance: capitalized, and either long or clause-final.
    A lower-case start means the quote continues the writer's sentence: a partial quote."""
    stripped = text.strip().strip(QUOTE_CHARS).lstrip("….( ")
    if not stripped:
        return False
    words = _word_count(stripped)
    starts_upper = stripped[0].isupper() or stripped[0].isdigit()
    ends_clause = stripped[-1] in ".,?!…;:—-"
    return starts_upper and (words >= _SENTENCE_MIN_WORDS or (ends_clause and words >= 3))


def _looks_like_title(text: str) -> bool:
    """A quoted name or title: every content word capitalized, no clause punctuation."""
    words = [w for w in text.strip().strip(QUOTE_CHARS).split() if any(ch.isalpha() for ch in w)]
    if not words or text.strip()[-1:] in ".?!":
        return False
    lowercase_ok = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or"}
    return all(w[0].isupper() or w.lower() in lowercase_ok for w in words) and len(words) <= 8


class _QuoteFinder:
    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.text = ctx.text
        self.resolver = SpeakerResolver(ctx.doc, ctx.found("mentions", Mention))
        self.spans = find_quote_spans(self.text)
        self.used_cues: set[int] = set()
        self.blocks_found: list[tuple[int, int]] = []
        self.items: list[_Draft] = []
        self.paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(self.text)]
        self._paragraph_ends = [end for _, end in self.paragraphs]
        self.quoted = Intervals((q.outer_start, q.outer_end) for q in self.spans)
        self._quote_starts = sorted(q.outer_start for q in self.spans)
        self._quote_bounds = sorted((q.outer_start, q.outer_end) for q in self.spans)
        self._blocks = Intervals([])

    # -- helpers ------------------------------------------------------------------------------

    def _inside_quote(self, char: int) -> bool:
        return self.quoted.covers(char)

    def _quote_end_at(self, char: int) -> int | None:
        """The end (after its closing mark) of the quotation ``char`` is in, if any."""
        k = bisect.bisect_right(self._quote_starts, char) - 1
        if k >= 0 and self._quote_bounds[k][0] < char < self._quote_bounds[k][1]:
            return self._quote_bounds[k][1]
        return None

    def _past_quotation(self, start: int, end: int) -> int | None:
        """Where reported content found at ``start`` begins. Content that starts inside a
        quotation ('said "we are ready" on Monday') is the quote marks' item already: what is
        reported is what follows the quotation ('... and that talks would resume'), or nothing
        (None) when no verb follows."""
        quote_end = self._quote_end_at(start)
        if quote_end is None:
            return start
        while quote_end < end and self.text[quote_end] in " ,;":
            quote_end += 1
        return quote_end if self._has_verb(quote_end, end) else None

    def _has_verb(self, start: int, end: int) -> bool:
        if end <= start:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    def _paragraph_of(self, char: int) -> tuple[int, int]:
        k = bisect.bisect_left(self._paragraph_ends, char)  # the first paragraph ending at or after char
        if k < len(self.paragraphs) and self.paragraphs[k][0] <= char:
            return self.paragraphs[k]
        return char, char

    def _make_item(
        self,
        start: int,
        end: int,
        kind: str,
        cue: Token | list[Token] | None,
        speaker_head: Token | None,
        *,
        limit: tuple[int, int] | None = None,
    ) -> _Draft:
        # Trim spaces and clause-final punctuation that belongs to the attribution, not the content.
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (
            self.text[end - 1].isspace() or (kind == "reported" and self.text[end - 1] in ",;")
        ):
            end -= 1
        cue_tokens = cue if isinstance(cue, list) else ([cue] if cue is not None else [])
        medium = when = None
        if cue_tokens:
            if kind in ("direct", "block"):
                self.used_cues.update(t.i for t in cue_tokens)
            medium = medium_of(cue_tokens[0], (start, end))
            found = when_of(cue_tokens[0], (start, end))
            if found is not None:
                when = TextSpan(*found)
        quote = Quote(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=kind,
            cue=_cue_item(cue_tokens) if cue_tokens else None,
            speaker=None,
            medium=medium,
            when=when,
        )
        return _Draft(quote, (speaker_head, limit) if speaker_head is not None else None)

    # -- cues for quote-mark spans ---------------------------------------------------------------

    def _ancestor_cue(self, content: Span, quote: QuoteSpan) -> Token | None:
        """A speech verb governing the quoted words, outside the quote, in the same sentence."""
        heads = [t for t in content if t.head.i < content.start or t.head.i >= content.end or t.head is t]
        for head in heads:
            current = head
            for _ in range(8):
                if current.head is current:
                    break
                current = current.head
                if quote.outer_start <= current.idx < quote.outer_end:
                    continue
                if _is_speech_verb(current) or (
                    current.lemma_.lower() in CHARACTERIZING_VERBS and current.pos_ == "VERB"
                ):
                    return current
        # "“...,” Peskov said." — the cue heads the sentence, the quote is its clausal complement.
        for tok in content:
            for child in tok.children:
                if child.i >= content.end and _is_speech_verb(child):
                    return child
        return None

    def _after_cue(self, quote: QuoteSpan) -> Token | None:
        after = _tokens_in(self.doc, quote.outer_end, min(len(self.text), quote.outer_end + 200))
        if after is None:
            return None
        k = bisect.bisect_left(self._quote_starts, quote.outer_end)
        next_quote = self._quote_starts[k] if k < len(self._quote_starts) else None
        for offset, tok in enumerate(after):
            if offset > _AFTER_WINDOW or tok.text in ".!?\n" or (tok.is_space and "\n" in tok.text):
                break
            if next_quote is not None and tok.idx >= next_quote:
                break
            if _is_speech_verb(tok):
                return tok
        return None

    def _before_cue(self, quote: QuoteSpan) -> Token | None:
        para_start, _ = self._paragraph_of(quote.outer_start)
        start = para_start
        if para_start == quote.outer_start:
            # A quote opening a paragraph may be introduced by the previous one ending in a colon.
            k = bisect.bisect_right(self._paragraph_ends, para_start)  # paragraphs ending before it
            previous = self.paragraphs[k - 1] if k > 0 else None
            if previous and self.text[previous[0] : previous[1]].rstrip().endswith(":"):
                start = previous[0]
        before = _tokens_in(self.doc, start, quote.outer_start)
        if before is None:
            return None
        # Only the last few tokens matter: listing the whole paragraph per quote is quadratic.
        last = range(before.end - 1, max(before.start, before.end - _BEFORE_WINDOW - 2) - 1, -1)
        for distance, tok in enumerate(self.doc[i] for i in last):
            if distance > _BEFORE_WINDOW or self._inside_quote(tok.idx):
                break
            if _is_speech_verb(tok):
                return tok
        return None

    # -- passes -------------------------------------------------------------------------------

    def quote_marks(self) -> None:
        for quote in self.spans:
            content = _tokens_in(self.doc, quote.start, quote.end)
            raw = self.text[quote.start : quote.end]
            if content is None or not raw.strip() or is_heading(self.text, quote.start):
                continue
            sentence_like = _looks_like_sentence(raw) or quote.continued
            ancestor = self._ancestor_cue(content, quote)
            after = self._after_cue(quote)
            adjacent = after or self._before_cue(quote)
            if _looks_like_title(raw) and adjacent is None:
                continue
            if sentence_like:
                kind, cue = "direct", adjacent or ancestor
            else:
                if self._is_scare_quote(content):
                    continue
                kind, cue = "partial", ancestor or self._before_cue(quote)
                if cue is None:
                    continue
            subject = None
            if cue is not None:
                subject = subject_of(cue)
                if subject is not None and content.start <= subject.i < content.end:
                    subject = None
                if subject is None and cue is after:
                    subject = self._speaker_between(quote, cue)
                if subject is None:
                    subject = subject_before(cue)
            if sentence_like and (subject is None or subject.pos_ == "PRON"):
                # An intro paragraph ending in a colon names the speaker better than a pronoun
                # after the quote (that cue usually starts the next attribution).
                intro_cue, intro_subject = self._colon_intro(quote, own_paragraph=cue is not None)
                if intro_cue is not None and (intro_subject is not None or cue is None):
                    cue, subject = intro_cue, intro_subject
            limit = _outside((content.start, content.end), subject)
            item = self._make_item(quote.start, quote.end, kind, cue, subject, limit=limit)
            if cue is None:
                item.orphan = True
            self.items.append(item)

    def _colon_intro(self, quote: QuoteSpan, *, own_paragraph: bool) -> tuple[Token | None, Token | None]:
        """A quote right after a colon ("As the Herald reported ...:", "... surprise pollster
        Jane Roe:"): the speech verb of the intro sentence, else the colon itself as the cue and
        the person or organization the intro names."""
        i = quote.outer_start - 1
        while i >= 0 and self.text[i].isspace():
            i -= 1
        if i < 0 or self.text[i] != ":":
            return None, None
        breaks = self.text.count("\n", i, quote.outer_start)
        if breaks > 2 or (own_paragraph and not breaks):
            return None, None
        found = _tokens_in(self.doc, i, i + 1)
        if found is None:
            return None, None
        colon = found[0]
        para_start, _ = self._paragraph_of(colon.idx)
        intro = [t for t in colon.doc[colon.sent.start : colon.i] if t.idx >= para_start]
        verbs = [t for t in intro if _is_speech_verb(t) and not self._inside_quote(t.idx)]
        if verbs:
            cue = verbs[-1]
            return cue, subject_of(cue) or subject_before(cue)
        speaker = colon_intro_speaker(colon)
        return (colon, speaker) if speaker is not None else (None, None)

    def _speaker_between(self, quote: QuoteSpan, cue: Token) -> Token | None:
        """In ", Lavrov remarked" the speaker sits between the closing mark and the cue; in
        ", said David Wasserman" right after the cue."""
        between = _tokens_in(self.doc, quote.outer_end, cue.idx)
        candidates = [t for t in between or [] if t.pos_ in ("PROPN", "PRON", "NOUN") and not t.is_punct]
        if candidates:
            return candidates[-1]
        following = self.doc[cue.i + 1 : cue.i + 4]
        return next((t for t in following if t.pos_ in ("PROPN", "NOUN")), None)

    def _is_scare_quote(self, content: Span) -> bool:
        words = [t for t in content if not t.is_punct]
        if len(words) > 2:
            return False
        if not words:
            return True
        before = self.doc[content.start - 2] if content.start >= 2 else None
        after = self.doc[content.end + 1] if content.end + 1 < len(self.doc) else None
        # "These 'conditions'", "a 'maximalist' approach": a word inside someone's noun phrase.
        if before is not None and before.pos_ in _SCARE_PRECEDERS and before.lower_ not in ("as", "it"):
            return True
        return after is not None and after.pos_ == "NOUN" and words[-1].pos_ == "ADJ"

    def blocks(self) -> None:
        """Paragraphs quoted without marks: after a colon-ended paragraph, or closed by "X said."."""
        for index, (para_start, para_end) in enumerate(self.paragraphs):
            paragraph = self.text[para_start:para_end].rstrip()
            if is_heading(self.text, para_start):
                continue
            if paragraph.endswith(":") and index + 1 < len(self.paragraphs):
                self._colon_block(para_start, para_start + len(paragraph), self.paragraphs[index + 1])
            elif not any(q.outer_start < para_end and q.outer_end > para_start for q in self.spans):
                self._said_block(para_start, para_start + len(paragraph))

    def _colon_block(self, intro_start: int, intro_end: int, block: tuple[int, int]) -> None:
        block_start, block_end = block
        first = self.text[block_start : block_start + 1]
        if not first or first in QUOTE_CHARS or block_end - block_start < 40:
            return
        if is_heading(self.text, block_start):
            return
        intro = _tokens_in(self.doc, intro_start, intro_end)
        if intro is None:
            return
        last_sentence = intro[-1].sent
        verbs = [t for t in last_sentence if _is_speech_verb(t) and t.idx >= intro_start]
        if not verbs:
            return
        cue = verbs[0]
        speaker = subject_of(cue)
        self.items.append(self._make_item(block_start, block_end, "block", cue, speaker))
        self.blocks_found.append((block_start, block_end))

    def _said_block(self, para_start: int, para_end: int) -> None:
        tail = _tokens_in(self.doc, para_start, para_end)
        if tail is None:
            return
        # Read as token indices (``doctokens``): every paragraph is tried, and a spaCy Token is
        # made only for the last words, where the cue would be.
        values = doc_tokens(self.doc)
        tokens = [i for i in range(tail.start, tail.end) if not values.is_space[i]]
        if len(tokens) < 8 or values.text[tokens[-1]] not in ".!?":
            return
        # ", Rubio said." / ", said Rubio." / ", he added on Monday." within the last six tokens.
        window = tokens[-7:-1]
        comma = next((i for i in reversed(tokens[:-1]) if values.text[i] == ","), None)
        cues = [self.doc[i] for i in window if _is_speech_verb(self.doc[i])]
        if comma is None or not cues or comma < window[0] - 1:
            return
        cue = cues[0]
        if cue.i < comma:
            return
        content_end = values.start[comma]
        sentences = {values.sent_start[i] for i in tokens if values.start[i] < content_end}
        if len(sentences) < 2:
            return  # one sentence: reported speech, found by the next pass
        speaker = subject_of(cue)
        self.items.append(self._make_item(para_start, content_end, "block", cue, speaker))
        self.blocks_found.append((para_start, content_end))

    def _in_block(self, char: int) -> bool:
        return self._blocks.covers(char)

    def reported(self) -> None:
        quoted_tokens = self._quoted_token_indices()
        self._blocks = Intervals(self.blocks_found)
        tokens = doc_tokens(self.doc)
        for i, pos in enumerate(tokens.pos):
            # Only a noun, a verb or "according" can be a cue: whatever else the steps below
            # try ends in no item, so no Token is made for it.
            if pos not in ("NOUN", "VERB", "AUX") and tokens.lower[i] != "according":
                continue
            if (
                pos == "NOUN"
                and tokens.lemma[i].lower() not in NOMINAL_CUES
                and tokens.lower[i] != "according"
            ):
                continue  # what nominal_fragments says first
            if i in self.used_cues or i in quoted_tokens or self._in_block(tokens.start[i]):
                continue
            if tokens.is_space[i] or is_heading(self.text, tokens.start[i]):
                continue
            tok = self.doc[i]
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                self._according_to(tok)
                continue
            if tok.pos_ == "NOUN":
                fragments, owner = nominal_fragments(tok)
                self._add_reported(fragments, tok, owner)
                continue
            speech = _is_speech_verb(tok)
            if _has_parenthetical_cue(tok):
                # "These rules, she argues, demand that ...": the attribution is "she argues";
                # the host verb is what she says, not a speech act of "these rules".
                continue
            clauses = [c for c in tok.children if c.dep_ == "ccomp"]
            parenthetical: set[int] = set()
            if clauses and (speech or _is_cognition_verb(tok)):
                clause = clauses[0]
                if clause.right_edge.i - clause.left_edge.i > _LONG_CLAUSE:
                    # "X said that Y said that ...": listing every nested subtree is quadratic.
                    self._add_long_clause(tok, clause)
                    continue
                sub = list(clause.subtree)
            elif speech and _is_parenthetical_cue(tok) and tok.head.i < tok.i:
                # "These proposals amount, she argues, to ...": the parenthetical cue's host clause.
                parenthetical = {x.i for x in tok.subtree}
                sub = [t for t in tok.head.subtree if t.i not in parenthetical]
            elif speech and _is_parenthetical_cue(tok):
                # "These rules, she argues, demand ...": the host clause around the parenthetical.
                self._add_reported(_around(tok), tok, subject_of(tok))
                continue
            else:
                fragments, subject = said_fragments(tok) if speech else ([], None)
                if not fragments:
                    fragments = complement_fragments(tok)
                    subject = subject_of(tok) if fragments else None
                self._add_reported(fragments, tok, subject)
                continue
            para_start, para_end = paragraph_bounds(self.text, tok.idx)
            sub = [t for t in sub if para_start <= t.idx < para_end and not t.is_space]
            while sub and sub[-1].is_punct:
                sub.pop()
            if not sub:
                continue
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            begin = self._past_quotation(start, end)
            if begin is None or self._mostly_quoted(begin, end):
                continue
            start = begin
            subject = subject_of(tok)
            if subject is not None and start <= subject.idx < end and subject.i not in parenthetical:
                subject = None
            self.items.append(self._make_item(start, end, "reported", tok, subject))

    def _add_long_clause(self, tok: Token, clause: Token) -> None:
        """The reported item of a cue whose clause spans more than ``_LONG_CLAUSE`` tokens, from
        the clause's edges (its tokens are contiguous in a projective parse) in bounded time."""
        para_start, para_end = paragraph_bounds(self.text, tok.idx)
        first, last = clause.left_edge.i, clause.right_edge.i
        doc = self.doc
        while first <= last and (doc[first].idx < para_start or doc[first].is_space):
            first += 1
        while last >= first and (doc[last].idx >= para_end or doc[last].is_space or doc[last].is_punct):
            last -= 1
        if last < first:
            return
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        begin = self._past_quotation(start, end)
        if begin is None or self._mostly_quoted(begin, end):
            return
        start = begin
        subject = subject_of(tok)
        if subject is not None and start <= subject.idx < end:
            subject = None
        self.items.append(self._make_item(start, end, "reported", tok, subject))

    def _quoted_token_indices(self) -> set[int]:
        """Tokens inside quote marks, found once per article (not every token against every quote)."""
        inside: set[int] = set()
        for quote in self.spans:
            span = _tokens_in(self.doc, quote.outer_start, quote.outer_end)
            if span is not None:
                inside.update(range(span.start, span.end))
        return inside

    def _add_reported(self, fragments: list[tuple[int, int]], cue: Token, subject: Token | None) -> None:
        """Items for content fragments of one attribution (they share the cue)."""
        para_start, para_end = paragraph_bounds(self.text, cue.idx)
        for start, end in fragments:
            start, end = max(start, para_start), min(end, para_end)
            begin = self._past_quotation(start, end)
            if begin is None:
                continue
            start = begin
            if end - start < 3 or self._mostly_quoted(start, end) or self._in_block(start):
                continue
            speaker = subject if subject is None or not (start <= subject.idx < end) else None
            self.items.append(self._make_item(start, end, "reported", cue, speaker))

    def _according_to(self, according: Token) -> None:
        to = next(c for c in according.children if c.lower_ == "to")
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return
        phrase = list(according.subtree)
        phrase_start = phrase[0].idx
        phrase_end = phrase[-1].idx + len(phrase[-1].text)
        sentence = according.sent
        para_start, para_end = paragraph_bounds(self.text, according.idx)
        sent_start, sent_end = max(sentence.start_char, para_start), min(sentence.end_char, para_end)
        while sent_end > sent_start and self.text[sent_end - 1] in ' .!?\n"”':
            sent_end -= 1
        if phrase_start <= sent_start + 1:
            start, end = phrase_end, sent_end
            while start < end and self.text[start] in " ,":
                start += 1
        else:
            start, end = sent_start, phrase_start
            while end > start and self.text[end - 1] in " ,":
                end -= 1
        if end - start < 10 or self._mostly_quoted(start, end):
            return
        self.items.append(self._make_item(start, end, "reported", [according, to], objects[0]))

    def _mostly_quoted(self, start: int, end: int) -> bool:
        return self.quoted.overlap(start, end) >= 0.6 * max(1, end - start)

    def run(self) -> list[Quote]:
        self.blocks()
        self.quote_marks()
        self.reported()
        self.items.sort(key=lambda draft: (draft.quote.start, draft.quote.end))
        drafts = _dedupe(self.items)
        # Speakers are named in text order so "he" can go to the speaker just before it.
        previous: Quote | None = None
        for draft in drafts:
            item, head = draft.quote, draft.speaker_head
            if draft.orphan:
                self._continue_speaker(item, previous)
            elif head is not None:
                item.speaker = self.resolver.guess(head[0], limit=head[1])
            if item.speaker is not None:
                previous = item
        return [draft.quote for draft in drafts]

    def _continue_speaker(self, item: Quote, previous: Quote | None) -> None:
        """A quote with no cue of its own goes on from the attribution just before it, in the same
        paragraph or the one right before."""
        if previous is None:
            return
        this_para = paragraph_bounds(self.text, item.start)
        prev_para = paragraph_bounds(self.text, previous.start)
        between = self.text[prev_para[1] : this_para[0]]
        if prev_para == this_para or not between.strip():
            # PolNeAR joins a quote that runs on into the next paragraph to the same attribution.
            item.speaker, item.cue = previous.speaker, previous.cue


def _is_parenthetical_cue(tok: Token) -> bool:
    """A speech verb set into the clause it attributes: "X, she argues, Y" (host verb after it,
    between commas) or "X Y, she said, Z" (host verb before it)."""
    host = tok.head
    if tok.dep_ != "parataxis" or host.pos_ not in ("VERB", "AUX"):
        return False
    if host.i < tok.i:
        return True
    doc = tok.doc
    last = max(t.i for t in tok.subtree)
    return last + 1 < len(doc) and doc[last].text == "," and min(t.i for t in tok.subtree) > host.left_edge.i


def _around(cue: Token) -> list[tuple[int, int]]:
    """The host clause of a parenthetical cue, before and after the parenthetical."""
    inner = sorted(t.i for t in cue.subtree)
    host = [t for t in cue.head.subtree if not t.is_space]
    before = [t for t in host if t.i < inner[0]]
    after = [t for t in host if t.i > inner[-1] and not (t.i == inner[-1] + 1 and t.is_punct)]
    while after and after[-1].is_punct:
        after.pop()
    spans = []
    for part in (before, after):
        while part and (part[-1].is_punct or part[-1].is_quote):
            part.pop()
        if part:
            spans.append((part[0].idx, part[-1].idx + len(part[-1].text)))
    return spans


def _has_parenthetical_cue(verb: Token) -> bool:
    return any(
        child.dep_ == "parataxis"
        and child.i < verb.i
        and _is_speech_verb(child)
        and _is_parenthetical_cue(child)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        for child in verb.children
    )


def _outside(limit: tuple[int, int], subject: Token | None) -> tuple[int, int] | None:
    """Token bounds for the speaker phrase so it never runs into the quote content."""
    if subject is None:
        return None
    if subject.i < limit[0]:
        return (0, limit[0])
    return (limit[1], len(subject.doc))


def _dedupe(items: list[_Draft]) -> list[_Draft]:
    kept: list[_Draft] = []
    seen: set[tuple[int, int]] = set()
    for item in items:
        key = (item.quote.start, item.quote.end)
        if key in seen or item.quote.end <= item.quote.start:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def analyze(ctx: ArticleContext) -> list[Quote]:
    return _QuoteFinder(ctx).run()
