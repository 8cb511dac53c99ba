"""Embeddings: ``CreateEmbeddingResponseFactory`` and ``EmbeddingFactory``.

Vectors come from the fake server's own embedding function (``handlers.embeddings.vector``): unit
length, the model's size (1536 for text-embedding-3-small and ada-002, 3072 for -large) or
``dimensions``, and the same text always gives the same vector, so a factory-built embedding of
"Paris" equals the fake's reply for "Paris". One item per input, ``index`` = position, usage
counted as the server counts it (api-facts.md §8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openai.types import CreateEmbeddingResponse, Embedding

from .. import _text
from .._model_catalog import SNAPSHOTS, snapshot
from ..handlers.embeddings import NATIVE_DIMENSIONS, vector
from .._tokens import text_tokens
from ._curate import UNSET, Unset, given
from ._engine import SDKModelFactory, curated
from ._state import Build

_DEFAULT_MODEL = "text-embedding-3-small"
# The name a reply shows -> the name that was sent, which is what a vector is computed from.
_SENT = {echoed: sent for sent, echoed in SNAPSHOTS.items() if sent in NATIVE_DIMENSIONS}


def _embedding(model: str, text: str, dimensions: int | None) -> list[float]:
    model = _SENT.get(model, model)
    native = NATIVE_DIMENSIONS.get(model, 1536)
    size = dimensions if dimensions is not None and 0 < dimensions < native else native
    return vector(model, text, native, size).tolist()


def _input_tokens(text: str) -> int:
    return max(1, text_tokens(text))  # as handlers/embeddings.py counts an input


@curated
class EmbeddingFactory(SDKModelFactory[Embedding]):
    """One ``embedding`` item: the unit vector of ``input=`` (a sentence by default) under
    ``model=`` (text-embedding-3-small), ``dimensions=`` long if given."""

    __model__ = Embedding
    _shorthands = ("input", "model", "dimensions")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        input: str | Unset = UNSET,
        model: str | Unset = UNSET,
        dimensions: int | Unset = UNSET,
        **kwargs: Any,
    ) -> Embedding:
        shorthands = given(input=input, model=model, dimensions=dimensions)
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        text = kwargs.pop("input", None)
        model = kwargs.pop("model", _DEFAULT_MODEL)
        dimensions = kwargs.pop("dimensions", None)
        if "embedding" not in kwargs:
            kwargs["embedding"] = _embedding(model, text if text is not None else _text.sentence(build.rng), dimensions)
        cls._default(kwargs, "object", "embedding")


@curated
class CreateEmbeddingResponseFactory(SDKModelFactory[CreateEmbeddingResponse]):
    """The reply of ``embeddings.create``: one item per input, in order.

    Shorthands: ``input=`` (a string or a list of strings; one sentence by default) and
    ``dimensions=``. Without ``model=``, one of the embedding models, echoed as the API echoes
    it (``text-embedding-ada-002-v2``).
    """

    __model__ = CreateEmbeddingResponse
    _shorthands = ("input", "dimensions")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        input: str | Sequence[str] | Unset = UNSET,
        dimensions: int | Unset = UNSET,
        **kwargs: Any,
    ) -> CreateEmbeddingResponse:
        return super().build(factory_use_construct, random_seed, **given(input=input, dimensions=dimensions), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        texts = kwargs.pop("input", None)
        dimensions = kwargs.pop("dimensions", None)
        if texts is None:
            texts = [_text.sentence(rng)]
        elif isinstance(texts, str):
            texts = [texts]
        model = kwargs.get("model")
        if not isinstance(model, str):
            model = rng.choice(tuple(NATIVE_DIMENSIONS))
            cls._default(kwargs, "model", snapshot(model))
        cls._default(kwargs, "data", [{"input": t, "model": model, "dimensions": dimensions, "index": i}
                                      for i, t in enumerate(texts)])
        tokens = sum(_input_tokens(t) for t in texts)
        cls._default(kwargs, "usage", {"prompt_tokens": tokens, "total_tokens": tokens})
        cls._default(kwargs, "object", "list")
