"""One name per outlet across articles: "the Lisk Courier", "The Lisk Courier" and "the Courier" are
one outlet; "NWA" is "Northwind Wire Agency" when some article names the agency in full.

Only names that are known outlets are canonicalized: the outlets of stored articles (from metadata,
credits and datelines), outlets a republication credit names ("first published by the X") and the
``citing`` side of citations (the party that reports). A cited name
("told Lenk", "according to two officials") is mapped only when it matches a known outlet:

- the same name up to case, a leading "the", a possessive and curly apostrophes;
- initials of exactly one known outlet ("NWA" for "Northwind Wire Agency");
- "the" + the last word(s) of exactly one known outlet ("the Herald" for "Tessvik Herald"), the way
  a second reference shortens a paper's name. Without the "the" a bare "Herald" stays as written.

The canonical form is the longest spelling seen among the outlet fields, without a leading "the".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Boilerplate that names an outlet: "This story was first published by the Northwind Wire Agency."
_PUBLISHED_BY = re.compile(
    r"(?:first|originally)\s+(?:published|appeared)\s+(?:by|in|on)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'&.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w’'&.-]*)*)"
)


def credited_outlets(removed_text: str) -> list[str]:
    """Outlet names a removed credit line gives ("first published by the X")."""
    return [m.group("name").rstrip(".") for m in _PUBLISHED_BY.finditer(removed_text)]


_POSSESSIVE = re.compile(r"['’]s$")


def outlet_key(name: str) -> str:
    """Spelling-neutral key: case, a leading "the", a trailing possessive and apostrophes ignored."""
    flat = " ".join(name.replace("’", "'").split())
    return _POSSESSIVE.sub("", _THE.sub("", flat)).casefold()


def _initials(name: str) -> str:
    words = [w for w in _THE.sub("", name).split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class OutletNames:
    """Maps outlet spellings to one canonical name; other names pass through unchanged."""

    def __init__(self, outlets: Iterable[str]) -> None:
        forms: dict[str, str] = {}
        for name in outlets:
            if not name or not name.strip():
                continue
            key = outlet_key(name)
            shown = _THE.sub("", " ".join(name.split()))
            # The longest spelling wins; among equals, one that starts with a capital.
            best = forms.get(key)
            if best is None or (len(shown), shown[:1].isupper()) > (len(best), best[:1].isupper()):
                forms[key] = shown
        # An acronym that is itself a known outlet ("NWA") folds into the full name it abbreviates.
        by_initials: dict[str, set[str]] = {}
        for key, shown in forms.items():
            if initials := _initials(shown):
                by_initials.setdefault(initials.casefold(), set()).add(key)
        self._canonical: dict[str, str] = {}
        for key, shown in forms.items():
            targets = by_initials.get(key, set())
            if len(targets) == 1 and key not in targets:
                self._canonical[key] = forms[next(iter(targets))]
            else:
                self._canonical[key] = shown
        self._by_initials = {k: v for k, v in by_initials.items() if len(v) == 1}
        self._resolved: dict[str, str] = {}  # every name seen: ``sources`` asks once per citation
        self._forms = forms

    def canonical(self, name: str) -> str:
        """The canonical outlet name for ``name``, or ``name`` itself when it is no known outlet."""
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> str:
        key = outlet_key(name)
        if key in self._canonical:
            return self._canonical[key]
        initials = self._by_initials.get(key)
        if initials and name.strip().isupper():
            return self._canonical[next(iter(initials))]
        if _THE.match(name.strip()):
            # "the Herald": the one known outlet whose name ends with these words; "the Halvern
            # Institute": the one whose name is these words and a "for ..."/"of ..." tail.
            words = key.split()
            matches = set()
            for k in self._forms:
                known = k.split()
                if len(known) > len(words) and (
                    known[-len(words) :] == words
                    or (known[: len(words)] == words and known[len(words)] in ("for", "of", "on"))
                ):
                    matches.add(self._canonical[k])
            if len(matches) == 1:
                return matches.pop()
        return name


def outlet_names(store: Store, citations: list[dict[str, Any]] | None = None) -> OutletNames:
    """The outlet names known to the store (article outlets and the citing side of citations),
    so the spellings of one outlet can be counted as one."""
    cited = store.items("citations") if citations is None else citations
    from ..store.queries import credit_spans, distinct_outlets

    known: list[str] = distinct_outlets(store)
    # Only the removed spans are read (not the texts): credits name outlets too.
    for removed in credit_spans(store):
        for span in json.loads(removed):
            if span.get("kind") == "credit":
                known += credited_outlets(span["text"])
    known += [str(c["citing"]) for c in cited if c.get("citing")]
    return OutletNames(known)
