"""Reading raw inputs: files, folders, JSONL on stdin, WARC crawls.

Readers yield ``RawDocument``s or ``Skipped`` records; they never raise for a bad input, so one
bad file cannot stop a run. Decoding detects UTF-8 (with or without BOM), UTF-16 and legacy
single-byte encodings such as Windows-1252.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..models import Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one article file; JSONL and WARC are streamed per record


@dataclass(slots=True)
class RawDocument:
    """One article as read, before cleaning."""

    source: str  # path, path#line, path#record or URL
    content: str
    is_html: bool = False
    meta: dict[str, Any] = field(default_factory=dict)  # id, title, url, outlet, published, crawled
    encoding: str | None = None  # None for clean UTF-8; else the encoding the bytes were read in
    warnings: list[str] = field(default_factory=list)  # stored anyway, but the user should know


Read = RawDocument | Skipped


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def discover(paths: Iterable[str]) -> Iterator[Path | Skipped]:
    """Expand folders recursively (sorted, hidden entries skipped); ``-`` is kept for stdin.

    A folder (or file) that cannot be read is yielded as ``Skipped`` with the reason."""
    for raw in paths:
        if raw == "-":
            yield Path("-")
            continue
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            yield Skipped(str(path), f"unreadable: {exc.strerror or exc}")
            continue
        if is_dir:
            errors: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=errors.append):
                yield from _folder_errors(errors)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
            yield from _folder_errors(errors)
        elif exists:
            yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def _folder_errors(errors: list[OSError]) -> Iterator[Skipped]:
    for exc in errors:
        yield Skipped(str(exc.filename or "?"), f"unreadable folder: {exc.strerror or exc}")
    errors.clear()


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how: ``encoding`` is None for clean UTF-8 (or ASCII)."""

    text: str
    encoding: str | None = None
    replaced: int = 0  # bytes that were not valid in ``encoding`` and became U+FFFD


# Of the non-ASCII letters' bytes, the share above which a legacy text is taken for a non-Latin
# script (Cyrillic, Greek...): in Latin-script text high bytes are rare (accents, curly quotes).
_NON_LATIN_SHARE = 0.25


def decode(data: bytes) -> str:
    """Bytes to text, or ``ValueError`` with the reason (binary, unknown encoding)."""
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> Decoded:
    """Bytes to text, telling which encoding was used and how many bytes were replaced.

    Text that is mostly valid UTF-8 is read as UTF-8 (a stray Latin-1 byte in a UTF-8 file
    becomes U+FFFD and is counted); a legacy code page is chosen only when no more than a few
    byte sequences are valid UTF-8, and a non-Latin one (cp1251...) only when most letters are
    high bytes. ``ValueError`` with the reason for binary data.
    """
    if not data.strip():
        raise ValueError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(Decoded(data.decode("utf-16", errors="replace"), "utf-16"))
    head = data[:4096]
    # UTF-16 without BOM: every other byte NUL in mostly-ASCII text.
    if head and head.count(b"\x00") > len(head) // 3:
        for enc in ("utf-16-le", "utf-16-be"):
            if (head[1::2] if enc == "utf-16-le" else head[0::2]).count(0) > len(head) // 3:
                try:
                    return _checked(Decoded(data.decode(enc), enc))
                except UnicodeDecodeError:
                    break
        raise ValueError("binary file (NUL bytes)")
    if b"\x00" in head:
        raise ValueError("binary file (NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    valid = sum(1 for ch in escaped if ord(ch) > 0x7F) - bad
    if valid >= bad:  # mostly UTF-8: a few stray bytes
        return _checked(Decoded(data.decode("utf-8", errors="replace"), "utf-8", bad))
    high = sum(1 for b in data if b > 0x7F)
    letters = sum(1 for b in data if 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A)
    if high / max(1, high + letters) < _NON_LATIN_SHARE:
        text = data.decode("cp1252", errors="replace")
        return _checked(Decoded(text, "windows-1252", text.count("\ufffd")))
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ValueError("not text in any known encoding")
    text = data.decode(best.encoding, errors="replace")
    return _checked(Decoded(text, best.encoding, text.count("\ufffd")))


def _checked(decoded: Decoded) -> Decoded:
    controls = sum(1 for ch in decoded.text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 16:
        raise ValueError("binary file (control characters)")
    return decoded


def read_path(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, stdin: IO[bytes] | None = None
) -> Iterator[Read]:
    """Every document in one input path (``-`` reads JSONL from ``stdin``)."""
    if str(path) == "-":
        stream = stdin if stdin is not None else os.fdopen(os.dup(0), "rb")
        yield from _read_jsonl_stream(stream, "<stdin>", max_bytes)
        return
    suffix = suffix_of(path)
    try:
        size = path.stat().st_size
        if suffix in WARC_SUFFIXES:
            yield from _read_warc(path, max_bytes)
            return
        if suffix in JSON_SUFFIXES:
            with path.open("rb") as fh:
                if suffix == ".json" and size <= max_bytes:
                    yield from _read_json_file(fh.read(), str(path), max_bytes)
                else:
                    yield from _read_jsonl_stream(fh, str(path), max_bytes)
            return
        if size > max_bytes:
            yield Skipped(
                str(path),
                f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; raise --max-file-mb)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(str(path), f"unreadable: {exc.strerror or exc}")
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES and path.suffix != "":  # no suffix: sniff the content
        yield Skipped(str(path), f"unsupported file type {suffix or '(none)'}")
        return
    try:
        decoded = decode_bytes(data)
    except ValueError as exc:
        yield Skipped(str(path), str(exc))
        return
    text = decoded.text
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(text))
    yield _with_encoding(RawDocument(source=str(path), content=text, is_html=is_html), decoded)


def _with_encoding(doc: RawDocument, decoded: Decoded) -> RawDocument:
    doc.encoding = decoded.encoding
    if decoded.replaced:
        doc.warnings.append(
            f"{decoded.replaced} byte(s) not valid in {decoded.encoding or 'utf-8'} replaced by U+FFFD"
        )
    return doc


def _sniff_html(text: str) -> bool:
    head = text[:1000].lower()
    return "<html" in head or "<!doctype html" in head


_META_FIELDS = ("id", "title", "url", "outlet", "published", "crawled")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _record_to_document(obj: Any, source: str, max_bytes: int) -> Read:
    from .normalize import normalize_published

    if not isinstance(obj, dict):
        return Skipped(source, f"JSON record is not an object (it is {_kind(obj)})")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        present = [(k, v) for k, v in (("text", text), ("html", html)) if k in obj]
        if present:
            name, value = present[0]
            return Skipped(source, f"JSON field '{name}' is {_kind(value)}, not a string")
        return Skipped(source, "JSON record has no 'text' (or 'html') string")
    body = text if isinstance(text, str) else html
    assert isinstance(body, str)
    if not body.strip():
        return Skipped(source, "JSON record has empty text")
    if len(body) > max_bytes:
        return Skipped(source, f"record too large ({len(body) / 1e6:.1f} MB)")
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    for key in _META_FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if isinstance(value, (dict, list, bool)):
            warnings.append(f"JSON field '{key}' is {_kind(value)}, ignored")
            continue
        if key in ("published", "crawled") and normalize_published(value) is None:
            warnings.append(f"JSON field '{key}' is not a date ({str(value)[:40]!r}), ignored")
            continue
        meta[key] = value
    doc = RawDocument(source=source, content=body, is_html=not isinstance(text, str), meta=meta)
    doc.warnings.extend(warnings)
    return doc


def _read_json_file(data: bytes, source: str, max_bytes: int) -> Iterator[Read]:
    try:
        decoded = decode_bytes(data)
    except ValueError as exc:
        yield Skipped(source, str(exc))
        return
    text = decoded.text
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        yield Skipped(source, "not JSON (expected an object or a list of objects)")
        return
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        # Many ".json" exports are really JSON Lines.
        yield from _read_jsonl_stream(io.BytesIO(data), source, max_bytes)
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    for i, obj in enumerate(records, 1):
        read = _record_to_document(obj, f"{source}#{i}" if len(records) > 1 else source, max_bytes)
        yield _with_encoding(read, decoded) if isinstance(read, RawDocument) else read


def _read_jsonl_stream(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[Read]:
    for lineno, line in enumerate(stream, 1):
        where = f"{source}#{lineno}"
        if not line.strip():
            continue
        try:
            decoded = decode_bytes(line)
            obj = json.loads(decoded.text)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            yield Skipped(where, f"malformed JSON line: {str(exc)[:200]}")
            continue
        read = _record_to_document(obj, where, max_bytes)
        yield _with_encoding(read, decoded) if isinstance(read, RawDocument) else read


def _read_warc(path: Path, max_bytes: int) -> Iterator[Read]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                body = record.content_stream().read(max_bytes + 1)
                count += 1
                where = f"{path}#{count}"
                if len(body) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                    # The record promised more bytes than the file holds: cut off mid-record.
                    yield Skipped(str(path), f"truncated or corrupt WARC: record {count} is cut off")
                    return
                if len(body) > max_bytes:
                    yield Skipped(where, "WARC record too large")
                    continue
                try:
                    decoded = decode_bytes(body)
                except ValueError as exc:
                    yield Skipped(where, str(exc))
                    continue
                meta: dict[str, Any] = {"url": url} if url else {}
                if date:
                    meta["crawled"] = date
                yield _with_encoding(
                    RawDocument(source=where, content=decoded.text, is_html=True, meta=meta), decoded
                )
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, OSError, ValueError) as exc:
        yield Skipped(str(path), f"truncated or corrupt WARC after {count} records: {exc}")
