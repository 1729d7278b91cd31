"""Near-duplicate detection with its LSH index in the store (issue 10, bounded memory): the same
candidates as datasketch's in-memory MinHashLSH, the same duplicates found on real text, and
across processes that ingest at once."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from datasketch import MinHash, MinHashLSH

from storyline.api import ingest_paths
from storyline.clean import dedupe
from storyline.clean.dedupe import NUM_PERM, THRESHOLD, DuplicateIndex, minhash_of, signature_bytes
from storyline.models import Article
from storyline.store import Store

from .conftest import DATA, SAMPLES


def _texts(n: int, seed: int = 3) -> list[str]:
    """``n`` invented texts, then a copy of each with 0-12% of its words replaced: shingle
    similarities on both sides of the threshold."""
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    bases = [rnd.choices(vocab, k=rnd.randint(60, 200)) for _ in range(n)]
    out = [" ".join(b) for b in bases]
    for words in bases:
        copy = list(words)
        for i in rnd.sample(range(len(copy)), int(len(copy) * rnd.uniform(0, 0.12))):
            copy[i] = rnd.choice(vocab)
        out.append(" ".join(copy))
    return out


def test_band_candidates_are_datasketch_lsh_candidates(tmp_path: Path) -> None:
    texts = _texts(150)
    stored, queries = texts[:150], texts[150:]
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    with Store(tmp_path / "b.db") as store:
        index = DuplicateIndex(store)
        for n, text in enumerate(stored):
            mh = minhash_of(text)
            assert mh is not None
            store.add_article(Article(id=f"a{n}", source="<test>", text=text), f"h{n}", signature_bytes(mh))
            index.add(f"a{n}", mh)
            lsh.insert(f"a{n}", mh)
        store.commit()
        found = 0
        for text in queries:
            mh = minhash_of(text)
            assert mh is not None
            ours = {key for key, _ in store.band_candidates(dedupe.band_keys(mh.hashvalues))}
            assert ours == set(lsh.query(mh))
            found += bool(ours)
        assert len(queries) // 4 < found < len(queries)  # the check is not vacuous


class _MemoryIndex:
    """The index as it was before: datasketch's MinHashLSH over the originals, in memory."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}

    def add(self, article_id: str, mh: MinHash) -> None:
        self._lsh.insert(article_id, mh)
        self._sigs[article_id] = mh

    def best_match(self, mh: MinHash) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for key in sorted(self._lsh.query(mh), key=lambda k: self._seq(k)):
            row = self._store.get_article_row(key)
            if row is None or row["duplicate_of"] is not None:  # was removed when repointed
                continue
            sim = mh.jaccard(self._sigs[key])
            if sim >= THRESHOLD and (best is None or sim > best[1]):
                best = (key, sim)
        return best

    def _seq(self, key: str) -> int:
        return int(
            self._store.conn.exec_driver_sql("SELECT seq FROM articles WHERE id=?", (key,)).fetchone()[0]
        )


def _links(db: Path, paths: list[str]) -> tuple[dict[str, Any], int]:
    with Store(db) as store:
        report = ingest_paths(store, paths, analyze=False)
        links = {str(r[0]): r[1] for r in store.conn.exec_driver_sql("SELECT id, duplicate_of FROM articles")}
    return links, report.duplicates


def _near_only(store_db: Path) -> int:
    """Copies whose text differs from their original's (near, not exact, duplicates)."""
    with Store(store_db) as store:
        row = store.conn.exec_driver_sql(
            "SELECT COUNT(*) FROM articles c JOIN articles o ON o.id = c.duplicate_of WHERE c.text_hash != o.text_hash"
        ).fetchone()
    return int(row[0])


@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param([SAMPLES / "corpus"], id="samples"),
        pytest.param([DATA / "ecbplus" / "documents.jsonl"], id="shared-ecbplus"),
    ],
)
def test_same_duplicates_as_the_in_memory_index(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in inputs:
        if not path.exists():
            pytest.skip(f"{path} is absent: this test reads real shared data at run time")
    paths = [str(p) for p in inputs]
    ours, dups = _links(tmp_path / "store.db", paths)
    monkeypatch.setattr(dedupe, "DuplicateIndex", _MemoryIndex)
    before, dups_before = _links(tmp_path / "memory.db", paths)
    assert ours == before
    assert dups == dups_before
    assert _near_only(tmp_path / "store.db") >= 1  # near-duplicates, not only exact ones, were compared


def _article(n: int, text: str, published: str | None = None) -> Article:
    return Article(id=f"x{n}", source=f"<test {n}>", text=text, published=published)


def test_forgotten_original_hands_its_place_to_a_copy(tmp_path: Path) -> None:
    from storyline.api import store_article
    from storyline.models import IngestReport

    base = _texts(1, seed=9)[0]
    words = base.split()
    copy1 = " ".join([*words[:-2], "alpha", "beta"])
    copy2 = " ".join(["gamma", *words[1:]])
    report = IngestReport()
    with Store(tmp_path / "f.db") as store:
        store_article(store, DuplicateIndex(store), _article(0, base), report)
        store_article(store, DuplicateIndex(store), _article(1, copy1), report)
        store.commit()
        assert store.get_article_row("x1")["duplicate_of"] == "x0"
        store.forget_article("x0")
        store_article(store, DuplicateIndex(store), _article(2, copy2), report)  # the copy was indexed
        store.commit()
        assert store.get_article_row("x1")["duplicate_of"] is None
        assert store.get_article_row("x2")["duplicate_of"] == "x1"


def test_earlier_copy_becomes_the_original_and_leaves_the_index(tmp_path: Path) -> None:
    from storyline.api import store_article
    from storyline.models import IngestReport

    base = _texts(1, seed=11)[0]
    words = base.split()
    report = IngestReport()
    with Store(tmp_path / "e.db") as store:
        index = DuplicateIndex(store)
        store_article(store, index, _article(0, base, "2031-05-02"), report)
        store_article(store, index, _article(1, " ".join([*words[:-1], "delta"]), "2031-05-01"), report)
        store_article(store, index, _article(2, " ".join(["omega", *words[1:]]), "2031-05-03"), report)
        store.commit()
        links = {r[0]: r[1] for r in store.conn.exec_driver_sql("SELECT id, duplicate_of FROM articles")}
        banded = {r[0] for r in store.conn.exec_driver_sql("SELECT DISTINCT article_id FROM minhash_bands")}
    assert links == {"x0": "x1", "x1": None, "x2": "x1"}
    assert banded == {"x1"}


def test_store_written_before_the_band_index_is_indexed_once(tmp_path: Path) -> None:
    from storyline.api import store_article
    from storyline.models import IngestReport

    base = _texts(1, seed=13)[0]
    report = IngestReport()
    with Store(tmp_path / "o.db") as store:
        store_article(store, DuplicateIndex(store), _article(0, base), report)
        store.commit()
        store.conn.exec_driver_sql("DELETE FROM minhash_bands")  # as an older storyline left it
        store.conn.exec_driver_sql("DELETE FROM meta WHERE key='minhash_bands'")
        store.commit()
        store_article(store, DuplicateIndex(store), _article(1, base + " epsilon"), report)
        store.commit()
        assert store.get_article_row("x1")["duplicate_of"] == "x0"


def test_near_duplicates_across_concurrent_ingests(tmp_path: Path) -> None:
    """Two `storyline ingest` processes at once, each holding one of every pair of near-identical
    articles: each pair is linked (the index is read inside the write lock, so the second writer
    sees what the first committed), and nothing is stored twice."""
    import json
    import os
    import subprocess
    import sys

    texts = _texts(60, seed=17)
    files = []
    for side in ("a", "b"):
        path = tmp_path / f"{side}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for n, text in enumerate(texts[:60]):
                words = text.split()
                words[-1] = f"edit{side}"  # near-identical (similarity >= 0.8), not exact
                fh.write(json.dumps({"id": f"{side}{n}", "text": " ".join(words), "published": "2031-05-01"}))
                fh.write("\n")
        files.append(path)
    db = tmp_path / "c.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "storyline", "--db", str(db), "ingest", "--no-analyze", "-q", str(f)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    with Store(db) as store:
        links = {str(r[0]): r[1] for r in store.conn.exec_driver_sql("SELECT id, duplicate_of FROM articles")}
    assert len(links) == 120
    for n in range(60):
        pair = {links[f"a{n}"], links[f"b{n}"]}
        assert pair in ({None, f"a{n}"}, {None, f"b{n}"}), (n, pair)
