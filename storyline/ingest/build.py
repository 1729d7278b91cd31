"""From a raw document to an ``Article``: metadata, clean text, language, stable id."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlparse

from ..clean.html import extract_html
from ..clean.ptb import looks_pretokenized, restore
from ..clean.text import clean_text
from ..models import Article, Removed
from .normalize import normalize_field, normalize_published, normalize_text
from .readers import RawDocument


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")
    return host or None


def stable_id(doc: RawDocument) -> str:
    """Same input, same id: a given id, else the URL, else where it was read (the source)."""
    given = normalize_field(doc.meta.get("id"))
    if given:
        return given
    if doc.meta.get("url"):
        key = "url:" + str(doc.meta["url"])
    elif doc.source.startswith("<stdin>"):
        key = "text:" + doc.content
    else:
        path, _, record = doc.source.partition("#")
        key = "file:" + str(Path(path).resolve()) + ("#" + record if record else "")
    # surrogatepass: a file name with undecodable bytes still gets its own stable id
    return hashlib.sha1(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def detect_language(text: str) -> str | None:
    import py3langid

    sample = text[:3000]
    if len(sample.split()) < 5:
        return None
    lang, _ = py3langid.classify(sample)
    return str(lang)


def build_article(doc: RawDocument, published: str | None = None) -> Article | None:
    """Clean one raw document; None when no body text is left.

    Every string is normalized first (``normalize.py``), so offsets refer to the stored text."""
    removed: list[Removed] = []
    title = url = outlet = stated = None
    content = normalize_text(doc.content)
    meta = {k: v if k in ("published", "crawled") else normalize_field(v) for k, v in doc.meta.items()}
    if doc.is_html:
        page = extract_html(content, url=meta.get("url"))
        title, url, outlet, stated = page.title, page.url, page.outlet, normalize_published(page.published)
        title, outlet = normalize_field(title), normalize_field(outlet)
        removed.extend(Removed(r.kind, normalize_text(r.text)) for r in page.dropped)
        body = normalize_text(page.text)  # entities such as &nbsp; come back from the extractor
    else:
        body = content
    # Research corpora ship Penn Treebank tokens (`` '' -LRB- "Obama 's"): the analyzers read
    # ordinary text, so the article stores the restored text and says so in ``restored``.
    restored = None
    if looks_pretokenized(body):
        body, _ = restore(body)
        restored = "ptb"
    cleaned = clean_text(body, find_title=not doc.is_html)
    if not cleaned.text.strip():
        return None
    removed = cleaned.removed + removed
    url = meta.get("url") or url
    return Article(
        id=stable_id(doc),
        source=normalize_field(doc.source) or "?",
        text=cleaned.text,
        title=meta.get("title") or title or cleaned.title,
        outlet=meta.get("outlet") or outlet or cleaned.outlet or outlet_from_url(url),
        url=url,
        published=(
            normalize_published(published)
            or normalize_published(meta.get("published"))
            or stated
            or normalize_published(cleaned.published)
        ),
        language=detect_language(cleaned.text),
        removed=removed,
        crawled=normalize_published(meta.get("crawled")),
        restored=restored,
        encoding=doc.encoding,
    )
