"""Exact and near-duplicate detection (wire copy republished with small edits).

Exact: a fingerprint of the normalised text. Near: MinHash signatures of word 5-shingles
(datasketch) in an LSH index kept in the store (``minhash_bands``: one row per band of each
signature), so each new article is compared with a handful of candidates, not with the whole
store, and memory does not grow with the store. Bands and rows per band are datasketch's
``MinHashLSH`` optimum for the threshold, so the candidates are the ones it would find.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash

if TYPE_CHECKING:
    from ..store import Store

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # stored signatures are only comparable under the same scheme
THRESHOLD = 0.7  # estimated Jaccard of shingle sets for a near-duplicate
MIN_WORDS = 40  # below this, shingles are too few to call a near-duplicate
# LSH bands x rows per band: datasketch's optimum for THRESHOLD and NUM_PERM (equal weights of
# false positives and negatives), as MinHashLSH(threshold=0.7, num_perm=128) chooses it.
BANDS, ROWS = 14, 9

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
    mh = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return bytes(mh.hashvalues.astype(np.uint64).tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        hashvalues=np.frombuffer(data, dtype=np.uint64),
        permutations=_permutations(),
        scheme=SCHEME,
    )


@functools.lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutations of datasketch's default seed, made once (not per signature)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def band_keys(hashvalues: np.ndarray) -> list[tuple[int, int]]:
    """(band, bucket) of each LSH band of a signature: the bucket is a signed 64-bit hash of the
    band's values (articles share a bucket when the whole band is equal; a hash collision only
    adds a candidate, which the Jaccard check then rejects)."""
    values = np.asarray(hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def bands_of_signature(data: bytes) -> list[tuple[int, int]]:
    return band_keys(np.frombuffer(data, dtype=np.uint64))


class DuplicateIndex:
    """LSH over the signatures of stored originals, kept in the store: nothing grows in memory,
    and what another process committed is seen (queries run inside the write lock)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        store.ensure_minhash_bands(bands_of_signature)  # older stores; copies promoted by `forget`

    def add(self, article_id: str, mh: MinHash) -> None:
        """Index a stored article's signature (uncommitted, with the article)."""
        self._store.add_minhash_bands(article_id, band_keys(mh.hashvalues))

    def best_match(self, mh: MinHash) -> tuple[str, float] | None:
        """The most similar stored original at or above the threshold (the earliest stored
        among equally similar ones)."""
        best: tuple[str, float] | None = None
        for key, sig in self._store.band_candidates(band_keys(mh.hashvalues)):
            sim = mh.jaccard(signature_from_bytes(sig))
            if sim >= THRESHOLD and (best is None or sim > best[1]):
                best = (key, sim)
        return best
