"""Exact and near-duplicate detection (wire copy republished with small edits).

Exact: a fingerprint of the normalised text. Near: MinHash signatures of word 5-shingles in a
MinHash LSH index (datasketch), so each new article is compared with a handful of candidates,
not with the whole store: sub-quadratic as the store grows.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # stored signatures are only comparable under the same scheme
THRESHOLD = 0.7  # estimated Jaccard of shingle sets for a near-duplicate
MIN_WORDS = 40  # below this, shingles are too few to call a near-duplicate

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def text_fingerprint(text: str) -> str:
    """Same for texts that differ only in case, punctuation and spacing."""
    return hashlib.sha1(" ".join(_words(text)).encode("utf-8")).hexdigest()


def minhash_of(text: str) -> MinHash | None:
    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return bytes(mh.hashvalues.astype(np.uint64).tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class DuplicateIndex:
    """LSH over the signatures of stored originals."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id not in self._sigs:
            self._lsh.insert(article_id, mh)
            self._sigs[article_id] = mh

    def remove(self, article_id: str) -> None:
        if article_id in self._sigs:
            self._lsh.remove(article_id)
            del self._sigs[article_id]

    def best_match(self, mh: MinHash) -> tuple[str, float] | None:
        """The most similar stored original at or above the threshold."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(mh):
            sim = mh.jaccard(self._sigs[key])
            if sim >= THRESHOLD and (best is None or sim > best[1]):
                best = (key, sim)
        return best
