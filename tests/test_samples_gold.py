"""The sample corpus and its gold annotations agree with each other (no model needed).

``samples/gold.json`` is what later tests score the pipeline against, so a typo in it would
silently turn a correct extractor into a failing one. These checks keep it honest: every span
it names is really in the file it names, every referenced file and record exists, dates and
weekdays agree, duplicates really are duplicates, and the corpus still exercises every
phenomenon it is meant to (see samples/README.md).
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLD_PATH = SAMPLES / "gold.json"
CORPUS = SAMPLES / "corpus"

QUOTE_KINDS = {"direct", "partial", "block", "reported"}
REMOVED_KINDS = {"header", "credit", "caption", "photo-credit", "related-links", "share-prompt", "page"}
EVENT_STATUSES = {"announced", "planned", "proposed", "held", "postponed", "cancelled", "denied"}
RELATIONS = {"reports", "citing", "referring_to", "according_to", "told", "quoted"}
TIME_TYPES = {"DATE", "TIME", "DURATION", "SET"}
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "OUTLET"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# TIMEX3 values used in the gold: dates, ISO weeks, months, years, durations, reference words.
TIMEX_VALUE = re.compile(
    r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2}|P(\d+|X)[YMWD]|PT\d+[HMS]|(PRESENT|PAST|FUTURE)_REF)$"
)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _load_gold() -> dict[str, Any]:
    if not GOLD_PATH.exists():
        pytest.skip(f"{GOLD_PATH} is absent")
    gold: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    return gold


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return _load_gold()


@pytest.fixture(scope="module")
def articles(gold: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = gold["articles"]
    return found


def _jsonl_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _warc_pages(path: Path) -> list[tuple[str, str]]:
    """(target URI, HTML) of each HTTP response record, in file order."""
    from warcio.archiveiterator import ArchiveIterator

    pages = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI")
                pages.append((uri, record.content_stream().read().decode("utf-8")))
    return pages


@cache
def source_text(file: str, record: int | None) -> str:
    """The raw text an article's gold spans are taken from: the file (HTML with entities
    decoded), or one record of a JSONL or WARC file (``record`` counts from 1, as the ``#n``
    suffix of a stored article's source does)."""
    path = SAMPLES / file
    if path.name.endswith(".jsonl"):
        assert record is not None, f"{file}: a JSONL article needs its record index"
        entry = _jsonl_records(path)[record - 1]
        return html.unescape(entry["html"]) if "html" in entry else str(entry["text"])
    if path.name.endswith((".warc", ".warc.gz")):
        assert record is not None, f"{file}: a WARC article needs its record index"
        return html.unescape(_warc_pages(path)[record - 1][1])
    assert record is None, f"{file}: a single-article file takes record null"
    raw = path.read_text(encoding="utf-8")
    return html.unescape(raw) if path.suffix in {".html", ".htm"} else raw


def _label(article: dict[str, Any]) -> str:
    record = article["record"]
    return article["file"] if record is None else f"{article['file']}#{record}"


def _spans(article: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, text) of every span the gold says occurs in this article's source."""
    spans = [] if article["file"].endswith(".jsonl") else [("title", article["title"])]
    spans += [("removed", r["text"]) for r in article["removed"]]
    for quote in article["quotes"]:
        spans.append(("quote", quote["text"]))
        for key in ("speaker_text", "medium", "when"):
            if quote.get(key):
                spans.append((f"quote.{key}", quote[key]))
    spans += [("not_quotes", text) for text in article["not_quotes"]]
    spans += [("citation", c["text"]) for c in article["citations"]]
    spans += [("not_citations", text) for text in article["not_citations"]]
    spans += [("time", t["text"]) for t in article["times"]]
    spans += [("not_times", text) for text in article["not_times"]]
    spans += [("event", e["text"]) for e in article["events"]]
    return spans


def test_every_referenced_file_and_record_exists(articles: list[dict[str, Any]]) -> None:
    seen: set[tuple[str, int | None]] = set()
    for article in articles:
        path = SAMPLES / article["file"]
        assert path.is_file(), f"{article['file']} is referenced by gold.json but missing"
        key = (article["file"], article["record"])
        assert key not in seen, f"{_label(article)} is annotated twice"
        seen.add(key)
        assert source_text(article["file"], article["record"]).strip()


def test_every_corpus_file_and_record_is_annotated(articles: list[dict[str, Any]]) -> None:
    annotated = {(a["file"], a["record"]) for a in articles}
    for path in sorted(CORPUS.iterdir()):
        file = f"corpus/{path.name}"
        if path.name.endswith(".jsonl"):
            expected: list[int | None] = list(range(1, len(_jsonl_records(path)) + 1))
        elif path.name.endswith((".warc", ".warc.gz")):
            expected = list(range(1, len(_warc_pages(path)) + 1))
        else:
            expected = [None]
        for record in expected:
            assert (file, record) in annotated, f"{file} record {record} has no gold entry"


def test_article_fields_are_well_formed(articles: list[dict[str, Any]]) -> None:
    required = {
        "file",
        "record",
        "outlet",
        "title",
        "published",
        "published_window",
        "duplicate_of",
        "duplicate_kind",
        "removed",
        "quotes",
        "not_quotes",
        "citations",
        "times",
        "events",
    }
    for article in articles:
        label = _label(article)
        assert required <= article.keys(), f"{label}: missing {sorted(required - article.keys())}"
        assert {r["kind"] for r in article["removed"]} <= REMOVED_KINDS, label
        for quote in article["quotes"]:
            assert quote["kind"] in QUOTE_KINDS, f"{label}: {quote}"
            assert isinstance(quote["anonymous"], bool), f"{label}: {quote}"
            assert quote["speaker"], f"{label}: every gold quote names its speaker: {quote}"
        for citation in article["citations"]:
            assert citation["relation"] in RELATIONS, f"{label}: {citation}"
            assert citation["citing"] != citation["cited"], f"{label}: {citation}"
        for event in article["events"]:
            assert event["status"] in EVENT_STATUSES, f"{label}: {event}"
        for time in article["times"]:
            assert time["type"] in TIME_TYPES, f"{label}: {time}"
            assert TIMEX_VALUE.match(time["value"]), f"{label}: not a TIMEX3 value: {time}"


def test_every_gold_span_occurs_in_its_source(articles: list[dict[str, Any]]) -> None:
    missing = []
    for article in articles:
        text = source_text(article["file"], article["record"])
        missing += [
            f"{_label(article)} {field}: {span!r}" for field, span in _spans(article) if span not in text
        ]
    assert not missing, "gold spans not found in their source:\n" + "\n".join(missing)


def test_jsonl_titles_and_urls_match_their_records(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        if article["file"].endswith(".jsonl"):
            record = _jsonl_records(SAMPLES / article["file"])[article["record"] - 1]
            assert (record["title"], record["url"]) == (article["title"], article["url"]), _label(article)
            assert record["outlet"] == article["outlet"], _label(article)


def test_page_urls_match_the_canonical_link_or_crawl_uri(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        file, record = article["file"], article["record"]
        if file.endswith((".warc", ".warc.gz")):
            assert _warc_pages(SAMPLES / file)[record - 1][0] == article["url"], _label(article)
        if file.endswith((".html", ".htm", ".warc", ".warc.gz")):
            canonical = re.search(r'<link rel="canonical" href="([^"]+)"', source_text(file, record))
            assert canonical is not None and canonical.group(1) == article["url"], _label(article)


def test_quotes_are_not_inside_removed_boilerplate(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        for quote in article["quotes"]:
            for removed in article["removed"]:
                assert quote["text"] not in removed["text"], f"{_label(article)}: {quote['text']!r}"


def test_not_quotes_are_not_also_quotes(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        quoted = {q["text"] for q in article["quotes"]}
        assert not quoted & set(article["not_quotes"]), _label(article)


def test_time_texts_have_one_value_per_article(articles: list[dict[str, Any]]) -> None:
    # A span text is matched wherever it occurs in the article, so it must mean one thing there.
    for article in articles:
        values: dict[str, str] = {}
        for time in article["times"]:
            previous = values.setdefault(time["text"], time["value"])
            assert previous == time["value"], f"{_label(article)}: {time['text']!r} has two values"


def test_weekday_expressions_resolve_to_that_weekday(articles: list[dict[str, Any]]) -> None:
    checked = 0
    for article in articles:
        for time in article["times"]:
            named = [day for day in WEEKDAYS if day in time["text"].lower()]
            if named and ISO_DAY.match(time["value"]):
                day = dt.date.fromisoformat(time["value"])
                assert WEEKDAYS[day.weekday()] == named[0], f"{_label(article)}: {time}"
                checked += 1
    assert checked >= 10, "the corpus is meant to exercise weekday resolution"


def test_publication_dates_match_their_stated_source(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        label = _label(article)
        published, window = article["published"], article["published_window"]
        assert (published is None) != (window is None), f"{label}: give a date or a window, not both"
        if window is not None:
            earliest = dt.date.fromisoformat(window["earliest"])
            latest = dt.date.fromisoformat(window["latest"])
            assert earliest <= latest, label
            assert window["evidence"], f"{label}: a window says why"
            continue
        assert ISO_DAY.match(published), label
        source = source_text(article["file"], article["record"])
        stated_by = article["published_from"]
        if stated_by == "jsonl":
            record = _jsonl_records(SAMPLES / article["file"])[article["record"] - 1]
            assert str(record["published"])[:10] == published, label
        elif stated_by == "html-meta":
            meta = re.search(r'property="article:published_time" content="([^"]+)"', source)
            assert meta is not None and meta.group(1)[:10] == published, label
        elif stated_by == "header":
            day = dt.date.fromisoformat(published)
            forms = {published, f"{day:%B} {day.day}, {day.year}"}
            assert any(form in source.split("\n", 3)[1] or form in source[:80] for form in forms), label
        elif stated_by == "dateline":
            day = dt.date.fromisoformat(published)
            assert f"{day:%B} {day.day} (" in source[:300], label
        else:
            pytest.fail(f"{label}: unknown published_from {stated_by!r}")


def test_undated_article_has_no_date_anywhere_but_its_content_fixes_the_week(
    articles: list[dict[str, Any]],
) -> None:
    undated = [a for a in articles if a["published"] is None]
    assert len(undated) == 1
    article = undated[0]
    source = source_text(article["file"], article["record"])
    assert not re.search(r"\b20\d\d\b", source), "the undated article must not state a year"
    window = article["published_window"]
    earliest = dt.date.fromisoformat(window["earliest"])
    latest = dt.date.fromisoformat(window["latest"])
    assert (latest - earliest).days < 7, "weekday cues are meant to pin the week"
    texts = [time["text"] for time in article["times"]]
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert any(re.search(rf"({months}) \d{{1,2}}\b", text) for text in texts), (
        "an explicit date fixes the week"
    )
    weekdays = [time for time in article["times"] if any(day in time["text"].lower() for day in WEEKDAYS)]
    assert len(weekdays) >= 2
    for time in weekdays:
        # Weekday cues in a dated week must land within that week of the window.
        day = dt.date.fromisoformat(time["value"])
        assert abs((day - latest).days) < 7, time


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_duplicates_really_are_duplicates(articles: list[dict[str, Any]]) -> None:
    by_file = {a["file"]: a for a in articles if a["record"] is None}
    kinds = set()
    for article in articles:
        if article["duplicate_of"] is None:
            assert article["duplicate_kind"] is None, _label(article)
            continue
        original = by_file[article["duplicate_of"]]
        assert original["duplicate_of"] is None, "point duplicates at the original, not at a copy"
        copy_text = source_text(article["file"], article["record"])
        original_text = source_text(original["file"], original["record"])
        kinds.add(article["duplicate_kind"])
        if article["duplicate_kind"] == "exact":
            assert copy_text == original_text, _label(article)
        else:
            assert article["duplicate_kind"] == "near", _label(article)
            assert copy_text != original_text
            a, b = _shingles(copy_text), _shingles(original_text)
            assert len(a & b) / len(a | b) > 0.7, f"{_label(article)} is not a near-duplicate"
    assert kinds == {"exact", "near"}


def test_non_duplicates_are_not_near_duplicates(articles: list[dict[str, Any]]) -> None:
    originals = [a for a in articles if a["duplicate_of"] is None]
    shingles = [_shingles(source_text(a["file"], a["record"])) for a in originals]
    for i in range(len(originals)):
        for j in range(i + 1, len(originals)):
            a, b = shingles[i], shingles[j]
            overlap = len(a & b) / len(a | b)
            assert overlap < 0.3, f"{_label(originals[i])} and {_label(originals[j])} overlap {overlap:.2f}"


def test_names_in_gold_are_entities(gold: dict[str, Any], articles: list[dict[str, Any]]) -> None:
    entities = gold["entities"]
    assert {e["type"] for e in entities} <= ENTITY_TYPES
    names = {e["name"] for e in entities}
    assert len(names) == len(entities), "entity names are unique"
    outlets = {e["name"] for e in entities if e["type"] in {"OUTLET", "ORG"}}
    known = names | {v for e in entities for v in e["variants"]}
    for article in articles:
        label = _label(article)
        assert article["outlet"] in outlets, f"{label}: outlet {article['outlet']!r} is not an entity"
        for quote in article["quotes"]:
            if not quote["anonymous"]:
                assert any(name in quote["speaker"] for name in known), (
                    f"{label}: speaker {quote['speaker']!r}"
                )
        for citation in article["citations"]:
            assert citation["citing"] in outlets, f"{label}: {citation}"
        for event in article["events"]:
            for person in event.get("participants", []):
                assert person in names, f"{label}: participant {person!r}"


def test_entity_variants_and_titles_occur_in_the_corpus(
    gold: dict[str, Any], articles: list[dict[str, Any]]
) -> None:
    corpus = "\n".join(source_text(a["file"], a["record"]) for a in articles)
    lowered = corpus.lower()
    for entity in gold["entities"]:
        for variant in entity["variants"]:
            assert variant in corpus, f"{entity['name']}: variant {variant!r} never occurs"
        for title in entity["titles"]:
            assert title.lower() in lowered, f"{entity['name']}: title {title!r} never occurs"


def test_two_people_share_a_surname_and_stay_apart(gold: dict[str, Any]) -> None:
    people = [e for e in gold["entities"] if e["type"] == "PERSON"]
    surnames: dict[str, list[str]] = {}
    for person in people:
        surnames.setdefault(person["name"].split()[-1], []).append(person["name"])
    assert any(len(names) > 1 for names in surnames.values())


def test_story_history_and_conflicts_point_at_annotated_articles(
    gold: dict[str, Any], articles: list[dict[str, Any]]
) -> None:
    labels = {_label(a) for a in articles}
    story = gold["story"]
    statuses = []
    for event in story["events"]:
        for step in event["history"]:
            statuses.append(step["status"])
            assert step["status"] in EVENT_STATUSES
            for evidence in step["evidence"]:
                assert evidence in labels, f"history evidence {evidence!r} is not an annotated article"
    assert {"planned", "postponed", "cancelled"} <= set(statuses)
    assert story["conflicts"], "the corpus is meant to contain a conflicting report"
    for conflict in story["conflicts"]:
        values = {claim["value"] for claim in conflict["claims"]}
        assert len(values) > 1, f"{conflict['event']}: claims agree, so this is no conflict"
        for claim in conflict["claims"]:
            assert claim["text"] in source_text(claim["file"], claim["record"]), claim


def test_corpus_exercises_every_phenomenon(articles: list[dict[str, Any]]) -> None:
    quotes = [q for a in articles for q in a["quotes"]]
    assert {q["kind"] for q in quotes} == QUOTE_KINDS
    assert any(q["anonymous"] for q in quotes)
    assert any("\n" in q["text"] for q in quotes), "a multi-paragraph quote"
    assert any(q.get("medium") for q in quotes)
    assert any(q.get("speaker_text", "").lower() in {"he", "she", "her"} for q in quotes)
    corpus = "\n".join(source_text(a["file"], a["record"]) for a in articles)
    for opening, closing in (("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")):
        assert re.search(f"{opening}[^{closing}\n]+{closing}", corpus), f"quotes with {opening}{closing}"
    assert "voters’" in corpus, "a plural possessive that looks like a closing quote mark"
    assert any(a["not_quotes"] for a in articles)
    assert {r["kind"] for a in articles for r in a["removed"]} >= REMOVED_KINDS - {"page"}
    assert {c["relation"] for a in articles for c in a["citations"]} >= {
        "citing",
        "referring_to",
        "reports",
        "told",
        "according_to",
    }
    assert any(a["not_citations"] for a in articles), "a photo credit that is not a citation"
    assert {t["type"] for a in articles for t in a["times"]} >= {"DATE", "DURATION"}
    assert any(a["not_times"] for a in articles)
    suffixes = {"".join(Path(a["file"]).suffixes) for a in articles}
    assert suffixes >= {".txt", ".html", ".jsonl", ".warc.gz"}
    jsonl = [_jsonl_records(SAMPLES / a["file"]) for a in articles if a["file"].endswith(".jsonl")]
    assert any("html" in r and "text" not in r for records in jsonl for r in records)


def test_odd_number_of_quote_marks_in_one_paragraph() -> None:
    paragraphs = [
        paragraph
        for path in sorted(CORPUS.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n")
    ]
    assert any(paragraph.count('"') % 2 == 1 for paragraph in paragraphs)


def test_committed_warc_is_what_make_warc_builds(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_warc", SAMPLES / "make_warc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_warc(tmp_path / "out.warc.gz")
    committed = CORPUS / "10_crawl_april.warc.gz"
    assert gzip.decompress(built.read_bytes()) == gzip.decompress(committed.read_bytes())
