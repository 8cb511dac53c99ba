"""Embeddings: ``CreateEmbeddingResponseFactory`` and ``EmbeddingFactory``.

Vectors come from the fake server's own embedding function (``_sim.embeddings.vector``): unit
length, the model's size (1536 for text-embedding-3-small and ada-002, 3072 for -large) or
``dimensions``, and the same text always gives the same vector, so a factory-built embedding of
"Paris" equals the fake's reply for "Paris". One item per input, ``index`` = position (in a
``batch`` too), usage counted as the server counts it. Sizes, which models take ``dimensions`` and
what an input costs are ``_sim.reply_rules.embeddings``' rules: a factory never builds a reply the fake
would refuse to send (``dimensions`` with text-embedding-ada-002 is a ``ValueError`` here, as it
is the API's 400 there).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, ClassVar

from openai.types import CreateEmbeddingResponse, Embedding

from .._sim.embeddings import vector
from .._sim.model_catalog import SNAPSHOTS, snapshot
from .._sim.reply_rules import embeddings as rules
from .._sim.text import sentence
from ._curate import UNSET, Unset, fixed_keys, given
from ._engine import SDKModelFactory, curated
from ._state import Build

_DEFAULT_MODEL = "text-embedding-3-small"
# The name a reply shows -> the name that was sent, which is what a vector is computed from.
_SENT = {echoed: sent for sent, echoed in SNAPSHOTS.items() if sent in rules.NATIVE_DIMENSIONS}


def _checked_dimensions(factory: type, model: str, dimensions: Any) -> int | None:
    """``dimensions`` if the API would take it for ``model``, else a ``ValueError`` saying what to change."""
    problem = rules.dimensions_problem(_SENT.get(model, model), dimensions)
    if problem is not None:
        raise ValueError(f"{factory.__name__}: {problem}; the API answers such a request with a 400")
    return dimensions if isinstance(dimensions, int) else None


def _embedding(model: str, text: str, dimensions: int | None) -> list[float]:
    model = _SENT.get(model, model)
    native, size = rules.vector_size(model, dimensions)
    return vector(model, text, native, size).tolist()


@curated
class EmbeddingFactory(SDKModelFactory[Embedding]):
    """One ``embedding`` item: the unit vector of ``input=`` (a sentence by default) under
    ``model=`` (text-embedding-3-small), ``dimensions=`` long if given. Alone it is the first
    item (``index`` 0); ``batch(n)`` gives the items of one reply, ``index`` 0 to n-1."""

    __model__ = Embedding
    _shorthands = ("input", "model", "dimensions")
    _position_field: ClassVar[str | None] = "index"

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
        """Build one item: the unit vector of ``input=`` under ``model=``, ``dimensions=`` long if given."""
        shorthands = given(input=input, model=model, dimensions=dimensions)
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        text = kwargs.pop("input", None)
        model = kwargs.pop("model", _DEFAULT_MODEL)
        dimensions = _checked_dimensions(cls, model, kwargs.pop("dimensions", None))
        if "embedding" not in kwargs:
            kwargs["embedding"] = _embedding(model, text if text is not None else sentence(build.rng), dimensions)
        cls._default(kwargs, "object", "embedding")
        cls._default(kwargs, "index", 0)


@curated
class CreateEmbeddingResponseFactory(SDKModelFactory[CreateEmbeddingResponse]):
    """The reply of ``embeddings.create``: one item per input, in order.

    Shorthands: ``input=`` (a string or a list of strings; one sentence by default) and
    ``dimensions=``. Without ``model=``, one of the embedding models that can make the reply
    (with ``dimensions=``, only the text-embedding-3 models), echoed as the API echoes it
    (``text-embedding-ada-002-v2``).
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
        """Build one reply: an item per ``input=`` string, in order, ``dimensions=`` long if given."""
        return super().build(factory_use_construct, random_seed, **given(input=input, dimensions=dimensions), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        texts = kwargs.pop("input", None)
        dimensions = kwargs.pop("dimensions", None)
        if texts is None:
            texts = [sentence(rng)]
        elif isinstance(texts, str):
            texts = [texts]
        model = kwargs.get("model")
        if not isinstance(model, str):
            # Only a model that takes `dimensions` can have made a reply to a request with it.
            models = rules.SHORTENABLE if dimensions is not None else rules.NATIVE_DIMENSIONS
            model = rng.choice(tuple(models))
            cls._default(kwargs, "model", snapshot(model))
        _checked_dimensions(cls, model, dimensions)
        cls._default(
            kwargs,
            "data",
            [{"input": t, "model": model, "dimensions": dimensions, "index": i} for i, t in enumerate(texts)],
        )
        tokens = sum(rules.input_tokens(t) for t in texts)
        usage_given = fixed_keys(cls, kwargs, "usage")
        cls._default(kwargs, "usage", {"prompt_tokens": tokens, "total_tokens": tokens})
        cls._default(kwargs, "object", "list")
        return usage_given

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        usage = data.get("usage")
        if notes is not None and isinstance(usage, dict):
            rules.usage_adds_up(usage, notes)
