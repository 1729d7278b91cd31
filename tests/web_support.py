"""Shared by the web tests: a store of the sample corpus plus hostile articles, and a real server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.api import ingest_paths
from storyline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "corpus"

# Untrusted text as a hostile page would send it: none of it may run in the page.
HOSTILE = [
    {
        "id": "hostile-script",
        "title": "<script>window.__pwned = 1</script>Dam talks <b>live</b>",
        "outlet": '<img src=x onerror="window.__pwned=2">Evil Wire',
        "url": "javascript:window.__pwned=3",
        "published": "2026-03-05",
        "text": (
            "<script>window.__pwned = 4</script> The Valdorian envoy met the Marastan minister on Tuesday.\n\n"
            '"<svg onload=window.__pwned=5>We agreed on nothing," the envoy said. '
            '<a href="javascript:window.__pwned=6">click</a> <iframe src=javascript:alert(1)></iframe>'
        ),
    },
    {
        "id": "hostile-attr",
        "title": '"><img src=x onerror=window.__pwned=7> Quote storm',
        "published": "2026-03-06",
        "text": 'Officials said on Monday that "<img src=x onerror=window.__pwned=8>" was their reply.',
    },
]


def build_store(folder: Path) -> Path:
    """The sample corpus plus the hostile articles, analyzed, in ``folder``/web.db."""
    db = folder / "web.db"
    hostile = folder / "hostile.jsonl"
    hostile.write_text("\n".join(json.dumps(r) for r in HOSTILE) + "\n", encoding="utf-8")
    with Store(db) as store:
        ingest_paths(store, [str(SAMPLES), str(hostile)], processes=1)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db: Path, *extra: str) -> Iterator[str]:
    """``storyline serve`` as a real process on a free local port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/summary", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(
                        proc.stdout.read().decode() if proc.stdout else "server died"
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
