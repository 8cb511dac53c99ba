"""Embedding vectors, as ``POST /embeddings`` answers them (the handler is ``handlers.embeddings``).

A vector is a function of the model and the input only, like the real model's: the same text gives
the same vector in any call order, any process and any seed. It is the normalised sum of seeded
pseudo-random vectors, one per word (weight 2) and one per pair of adjacent words (weight 1), so
the more words texts share the closer they are (paraphrases: cosine ~0.5-0.9) and texts that share
none are close to orthogonal (cosine ~0). Token-array inputs use each token id as a word.

Shortening follows the text-embedding-3 models: a vector with ``dimensions=d`` is the first ``d``
components of the full vector, renormalised. ``encoding_format="base64"`` (what the SDK asks for
when the caller does not choose) gives little-endian float32 bytes, base64-encoded, as the API does.

Speed: each word's vector is 8-bit values in 32-bit lanes of one Python integer, so summing a
text is integer addition; only the final scaling touches each component in Python. The API's
limits (inputs, tokens, ``dimensions``) are checked by ``_sim.validation.embeddings`` before this runs.
"""

from __future__ import annotations

import array
import base64
import hashlib
import math
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .model_catalog import snapshot
from .reply_rules.embeddings import NATIVE_DIMENSIONS, input_tokens, vector_size

__all__ = ["NATIVE_DIMENSIONS", "build_embeddings", "encode", "inputs_of", "vector"]
_WORDS = re.compile(r"\w+")
_MAX_WORDS = 100_000

Input = str | tuple[int, ...]


def build_embeddings(body: Mapping[str, Any]) -> dict[str, Any]:
    model = str(body.get("model") or "text-embedding-3-small")
    requested = body.get("dimensions")
    native, size = vector_size(model, requested if _is_size(requested) else None)
    encoding = body.get("encoding_format")
    inputs = inputs_of(body.get("input"))
    data = [
        {"object": "embedding", "index": index, "embedding": encode(vector(model, item, native, size), encoding)}
        for index, item in enumerate(inputs)
    ]
    tokens = sum(input_tokens(item, model) for item in inputs)
    return {
        "object": "list",
        "data": data,
        "model": snapshot(model),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def inputs_of(value: Any) -> list[Input]:
    """The separate inputs of ``input``: a string, strings, one token array, or token arrays."""
    if isinstance(value, str):
        return [value]
    items = list(value) if isinstance(value, (list, tuple)) else []
    if items and all(_is_token(v) for v in items):
        return [tuple(items)]
    return [
        item
        if isinstance(item, str)
        else tuple(t for t in item if _is_token(t))
        if isinstance(item, (list, tuple))
        else str(item)
        for item in items
    ]


def _is_token(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_size(value: Any) -> bool:
    return _is_token(value) and value > 0


def encode(values: array.array[float], encoding: Any) -> Any:
    """The vector as the API sends it: a list of floats, or base64 little-endian float32 bytes."""
    if encoding == "base64":
        if sys.byteorder == "big":
            values = array.array("f", values)
            values.byteswap()
        return base64.b64encode(values.tobytes()).decode("ascii")
    return values.tolist()


# --- the vectors ---------------------------------------------------------------------------------


@lru_cache(maxsize=2048)
def _feature(model: str, feature: str, size: int) -> int:
    """One word's (or word pair's) vector: ``size`` bytes from SHAKE-256 of the model and the word,
    each in the low byte of a 32-bit lane of one integer."""
    digest = hashlib.shake_256(f"{model}\x00{feature}".encode()).digest(size)
    lanes = bytearray(4 * size)
    lanes[0::4] = digest
    return int.from_bytes(lanes, "little")


@lru_cache(maxsize=8)
def _lanes(size: int) -> tuple[int, int]:
    """Integers with 1, and with bit 31, in each of ``size`` 32-bit lanes."""
    ones = int.from_bytes(b"\x01\x00\x00\x00" * size, "little")
    return ones, ones << 31


def _features(item: Input) -> list[tuple[str, int]]:
    """(feature, weight): each word twice, each adjacent pair once (so word order matters a little)."""
    if isinstance(item, str):
        words = _WORDS.findall(item.lower()) or [item]
    else:
        words = [f"#{token}" for token in item] or ["#"]
    # The API takes at most 8192 tokens; past that (validation off) the lanes could overflow.
    words = words[:_MAX_WORDS]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    return [(w, 2) for w in words] + [(p, 1) for p in pairs]


def vector(model: str, item: Input, native: int, size: int) -> array.array[float]:
    """The unit vector (float32) of ``item``: ``native`` components, the first ``size`` kept.
    Short inputs are cached (tests embed the same texts again and again); long ones are not kept."""
    if len(item) <= _CACHED_LENGTH:
        return _cached_vector(model, item, native, size)
    return _vector(model, item, native, size)


_CACHED_LENGTH = 2048


def _vector(model: str, item: Input, native: int, size: int) -> array.array[float]:
    total = count = 0
    for feature, weight in _features(item):
        total += weight * _feature(model, feature, native)
        count += weight
    # Each lane now holds a sum of bytes a (0 <= a <= 255 * count); the component is 2a - 255 * count
    # (bytes are uniform on 0..255). Adding 2**31 - 255 * count keeps every lane positive, so no lane
    # carries into the next, and flipping bit 31 of each lane leaves 2a - 255 * count as a signed
    # 32-bit integer: the centring of every component costs two big-integer operations.
    ones, top = _lanes(native)
    centred = (2 * total + ((1 << 31) - 255 * count) * ones) ^ top
    values = array.array("i")
    values.frombytes(centred.to_bytes(4 * native, "little"))
    if sys.byteorder == "big":
        values.byteswap()
    if size < native:
        values = values[:size]
    length = math.hypot(*values)
    scale = 1 / length if length else 0.0
    return array.array("f", [v * scale for v in values])


_cached_vector = lru_cache(maxsize=1024)(_vector)
