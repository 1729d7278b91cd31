"""HTML pages: trafilatura finds the main text and metadata; we keep what it dropped for audit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..models import Removed

_WS = re.compile(r"\s+")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "blockquote", "dd", "dt")
_MAX_REMOVED_BLOCKS = 300


@dataclass(slots=True)
class ExtractedPage:
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    dropped: list[Removed] = field(default_factory=list)


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    """Main text and metadata of a saved page; an empty ``text`` means no article was found."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return ExtractedPage(text="")
    data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    return ExtractedPage(
        text=text,
        title=data.get("title") or None,
        url=data.get("url") or url,
        outlet=data.get("sitename") or data.get("hostname") or None,
        published=data.get("date") or None,
        dropped=_dropped_blocks(html, text),
    )


_CONTAINERS = {
    "div", "section", "article", "main", "aside", "nav", "header", "footer", "ul", "ol", "table",
    "tbody", "tr", "form", "figure", "body", "html",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "head", "title", "meta", "link", "template", "svg"}


def _dropped_blocks(html: str, kept_text: str) -> list[Removed]:
    """Leaf text blocks of the page (paragraphs, links, buttons...) that are not in the
    extracted body, each with a kind from where it sat."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, TypeError, Exception):  # lxml raises ParserError for empty/odd documents
        return []
    kept = _WS.sub(" ", kept_text)
    out: list[Removed] = []
    seen: set[str] = set()
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP or any(anc.tag in _SKIP for anc in el.iterancestors()):
            continue
        if any(isinstance(c.tag, str) and (c.tag in _CONTAINERS or c.tag in _BLOCKS) for c in el):
            continue  # holds blocks of its own: those are visited one by one
        text = _WS.sub(" ", el.text_content()).strip()
        if len(text.split()) < 2 or text in seen or text in kept:
            continue
        if any(text in s for s in seen):
            continue
        seen.add(text)
        out.append(Removed(_kind_of(el), text))
        if len(out) >= _MAX_REMOVED_BLOCKS:
            break
    return out


def _kind_of(el: Any) -> str:
    if el.tag == "figcaption":
        return "caption"
    for anc in [el, *el.iterancestors()]:
        tag = anc.tag if isinstance(anc.tag, str) else ""
        cls = f"{anc.get('class', '')} {anc.get('id', '')}".lower()
        if tag in ("nav", "header", "footer") or any(k in cls for k in ("nav", "menu", "footer", "header")):
            return "navigation"
        if tag == "aside" or any(k in cls for k in ("related", "recommend", "latest", "popular", "sidebar")):
            return "related-links"
        if any(k in cls for k in ("share", "social", "subscribe", "newsletter")):
            return "share-prompt"
        if any(k in cls for k in ("cookie", "consent", "gdpr")):
            return "cookie-banner"
        if tag == "figure" or "caption" in cls:
            return "caption"
    return "page"
