"""Bounded memory: stream a large generated JSONL and WARC through `storyline ingest --no-analyze`
and report the peak RSS of the ingest process, and its RSS over time.

    PYTHONPATH=$PWD python scripts/bench_memory.py --mb 500 [--dir /tmp/reliab-mem] [--kind jsonl|warc]
        [--source random|timeline17] [--series bench/results/memory_jsonl.json] [--max-seconds S] [--processes N]

The inputs are generated in ``--dir`` (never in the repo). ``--source random``: invented articles
of random words from a fixed vocabulary (no two near-duplicates), ~8 KB of text each.
``--source timeline17``: the Timeline17 articles (read at run time from ../shared/data) replicated
under new ids with perturbations: a quarter are copies with ~1% of their words replaced (near-
duplicates, linked to their original), three quarters recombine the sentences of two articles of
the same topic with ~3% of words replaced (new originals, so the near-duplicate index grows).
A ``.warc`` is written uncompressed, so its size is the size of its pages.

Prints one JSON line per input: size, articles stored, seconds, peak RSS (MB) and stored articles
per second; ``--series`` also writes RSS and stored articles sampled every few seconds.
``--max-seconds`` stops the ingest after that long (SIGTERM: a background job may ignore SIGINT;
what was committed stays) and reports how far it got. ``--processes N`` (N >= 2) cleans in N ingest
workers; the samples then also hold the RSS of the whole process tree (``tree_rss_mb``).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
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


def _timeline17(root: Path) -> dict[str, list[tuple[str, str]]]:
    """topic -> [(date, text)] of the Timeline17 articles, their Penn Treebank tokens restored
    to running text once here (as most crawled news is), so ingest does not pay that per copy."""
    from storyline.clean.ptb import looks_pretokenized, restore

    topics: dict[str, list[tuple[str, str]]] = {}
    with (root / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["text"].replace("\\/", "/")
            if looks_pretokenized(text):
                text = restore(text)[0]
            topics.setdefault(rec["topic"], []).append((rec["date"], text))
    return topics


def _perturb(rnd: random.Random, words: list[str], rate: float) -> list[str]:
    out = list(words)
    for i in rnd.sample(range(len(out)), int(len(out) * rate)):
        out[i] = rnd.choice(words)
    return out


def _replicas(seed: int) -> Iterator[tuple[str, str, str]]:
    """(id, date, text) without end: perturbed copies and recombinations of Timeline17 articles."""
    topics = _timeline17(ROOT.parent / "shared" / "data" / "timeline17")
    rnd = random.Random(seed)
    names = sorted(topics)
    n = 0
    while True:
        topic = topics[rnd.choice(names)]
        date, text = rnd.choice(topic)
        if rnd.random() < 0.25:
            lines = [" ".join(_perturb(rnd, line.split(), 0.01)) for line in text.split("\n")]
        else:
            _, other = rnd.choice(topic)
            a, b = text.split("\n"), other.split("\n")
            lines = a[: len(a) // 2] + b[len(b) // 2 :]
            rnd.shuffle(lines)
            lines = [" ".join(_perturb(rnd, line.split(), 0.03)) for line in lines]
        yield f"r{n}", date, "\n".join(line for line in lines if line)
        n += 1


def make_replica_jsonl(path: Path, mb: int, seed: int = 1) -> int:
    n = 0
    with path.open("w") as fh:
        for rid, date, text in _replicas(seed):
            if fh.tell() >= mb * 1_000_000:
                break
            fh.write(json.dumps({"id": rid, "text": text, "published": date}) + "\n")
            n += 1
    return n


def make_replica_warc(path: Path, mb: int, seed: int = 2) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=False)
        for rid, date, text in _replicas(seed):
            if raw.tell() >= mb * 1_000_000:
                break
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n"))
            page = (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report {rid}</title>"
                f"<meta property='article:published_time' content='{date}'></head>"
                f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
                f"<article><h1>Report {rid}</h1>{body}</article><footer>Copyright News Example</footer>"
                "</body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{rid}", "response", payload=BytesIO(page), http_headers=headers
            )
            writer.write_record(record)
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


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree_rss_mb(pid: int) -> float:
    """RSS of a process and its children (the ingest workers), summed."""
    total = _rss_mb(pid)
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = task.read_text().split()
        except OSError:
            continue
        total += sum(_tree_rss_mb(int(child)) for child in children)
    return total


def _stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return -1


def ingest(
    path: Path, db: Path, *, every: float = 10.0, max_seconds: float = 0.0, processes: int = 1
) -> tuple[dict[str, object], list[dict[str, float]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.Popen(
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
            *(["--processes", str(processes)] if processes > 1 else []),
            str(path),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    series: list[dict[str, float]] = []
    stopped = False
    while proc.poll() is None:
        time.sleep(every)
        elapsed = time.monotonic() - started
        rss = _rss_mb(proc.pid)
        if not rss:  # the process has just ended
            break
        sample = {"s": round(elapsed), "rss_mb": round(rss), "stored": _stored(db)}
        if processes > 1:
            sample["tree_rss_mb"] = round(_tree_rss_mb(proc.pid))
        series.append(sample)
        print(json.dumps(series[-1]), file=sys.stderr, flush=True)
        if max_seconds and elapsed > max_seconds and not stopped:
            proc.send_signal(signal.SIGTERM)
            stopped = True
    out = proc.communicate()[0] or ""
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux; max over children
    try:
        report = json.loads(out) if out.strip() else {}
    except ValueError:
        report = {}
    stored = report.get("stored") if report else _stored(db)
    return {
        "input": path.name,
        "input_mb": round(path.stat().st_size / 1e6),
        "stored": stored,
        "duplicates": report.get("duplicates"),
        "skipped": len(report.get("skipped", [])),
        "stopped_after_s": round(seconds) if stopped else None,
        "processes": processes,
        "seconds": round(seconds),
        "peak_tree_rss_mb": max((s.get("tree_rss_mb", 0) for s in series), default=None),
        "peak_rss_mb": round(peak / 1024),
        "articles_per_s": round((stored or 0) / seconds, 1),
    }, series


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--dir", default="/tmp/reliab-mem")
    parser.add_argument("--kind", default="jsonl", choices=["jsonl", "warc"])
    parser.add_argument("--source", default="random", choices=["random", "timeline17"])
    parser.add_argument("--series", help="write the RSS samples (and the summary) to this JSON file")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between RSS samples")
    parser.add_argument("--max-seconds", type=float, default=0.0, help="stop the ingest after this long")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--processes", type=int, default=1, help="ingest --processes N (2 or more: cleaning workers)"
    )
    args = parser.parse_args()
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    kind = args.kind  # one ingest per run: RUSAGE_CHILDREN's peak is the largest child so far
    suffix = "jsonl" if kind == "jsonl" else ("warc" if args.source == "timeline17" else "warc.gz")
    path = work / f"{args.source}{args.mb}.{suffix}"
    if not path.exists():
        makers = {
            ("random", "jsonl"): make_jsonl,
            ("random", "warc"): make_warc,
            ("timeline17", "jsonl"): make_replica_jsonl,
            ("timeline17", "warc"): make_replica_warc,
        }
        makers[(args.source, kind)](path, args.mb)
    db = work / f"{args.source}-{kind}{args.mb}.db"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    summary, series = ingest(
        path, db, every=args.every, max_seconds=args.max_seconds, processes=args.processes
    )
    summary["db_mb"] = round(db.stat().st_size / 1e6) if db.exists() else None
    print(json.dumps(summary), flush=True)
    if args.series:
        Path(args.series).write_text(json.dumps({"summary": summary, "series": series}, indent=1) + "\n")
    if not args.keep_db:
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
