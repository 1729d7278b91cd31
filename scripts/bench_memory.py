"""Bounded memory: stream a large generated JSONL and WARC through `storyline ingest --no-analyze`
and report the peak RSS of the ingest process.

    PYTHONPATH=$PWD python scripts/bench_memory.py --mb 500 [--dir /tmp/reliab-mem] [--kind jsonl|warc]

The inputs are generated in ``--dir`` (never in the repo): invented articles of random words
from a fixed vocabulary (no two near-duplicates), ~8 KB of text each. Prints one JSON line per
input: size, articles stored, seconds, peak RSS (MB) and stored articles per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "ba",
    "de",
    "fi",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
    "si",
    "to",
    "vu",
]


def _vocabulary(rnd: random.Random, n: int = 20_000) -> list[str]:
    return ["".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))) for _ in range(n)]


def _article(rnd: random.Random, vocab: list[str], i: int) -> str:
    paragraphs = []
    for _ in range(8):
        sentences = []
        for _ in range(6):
            words = rnd.choices(vocab, k=rnd.randint(12, 24))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return f"Report number {i}\n\n" + "\n\n".join(paragraphs)


def make_jsonl(path: Path, mb: int, seed: int = 1) -> int:
    rnd = random.Random(seed)
    vocab = _vocabulary(rnd)
    n = 0
    with path.open("w") as fh:
        while fh.tell() < mb * 1_000_000:
            fh.write(
                json.dumps({"id": f"j{n}", "text": _article(rnd, vocab, n), "published": "2026-03-01"}) + "\n"
            )
            n += 1
    return n


def make_warc(path: Path, mb: int, seed: int = 2) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rnd = random.Random(seed)
    vocab = _vocabulary(rnd)
    n = 0
    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=True)
        while raw.tell() < mb * 1_000_000 * 0.45:  # gzip: ~0.45 of the uncompressed size here
            text = _article(rnd, vocab, n)
            body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n")[1:])
            html = (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report {n}</title></head>"
                f"<body><article><h1>Report {n}</h1>{body}</article></body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{n}", "response", payload=BytesIO(html), http_headers=headers
            )
            writer.write_record(record)
            n += 1
    return n


def ingest(path: Path, db: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline",
            "--db",
            str(db),
            "ingest",
            "--no-analyze",
            "-q",
            "--json",
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux; max over children
    report = json.loads(out.stdout) if out.stdout.strip() else {}
    return {
        "input": path.name,
        "input_mb": round(path.stat().st_size / 1e6),
        "stored": report.get("stored"),
        "skipped": len(report.get("skipped", [])),
        "seconds": round(seconds),
        "peak_rss_mb": round(max(peak, before) / 1024),
        "articles_per_s": round((report.get("stored") or 0) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--dir", default="/tmp/reliab-mem")
    parser.add_argument("--kind", default="jsonl", choices=["jsonl", "warc"])
    args = parser.parse_args()
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    for kind in [args.kind]:  # one ingest per run: RUSAGE_CHILDREN's peak is the largest child so far
        path = work / (f"big{args.mb}.jsonl" if kind == "jsonl" else f"big{args.mb}.warc.gz")
        if not path.exists():
            (make_jsonl if kind == "jsonl" else make_warc)(path, args.mb)
        db = work / f"{kind}{args.mb}.db"
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        print(json.dumps(ingest(path, db)), flush=True)
        db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
