"""Embeddings: ``POST /embeddings``.

The vectors (a function of the model and the input only) are built by ``_sim.embeddings``, which
factories share; this module is the endpoint: the adapter, base64 bodies, scripted vectors.
"""

from __future__ import annotations

import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._core.exchange import Exchange
from .._sim.embeddings import NATIVE_DIMENSIONS, build_embeddings, encode, inputs_of, vector
from ._base.adapter import Adapter
from ._base.router import Router

if TYPE_CHECKING:
    from .._control.context import Context

__all__ = ["ADAPTER", "NATIVE_DIMENSIONS", "build_embeddings", "inputs_of", "register", "vector"]


class EmbeddingsAdapter(Adapter):
    summary = (
        "request-shaped: one unit vector per input in order, of the model's size or `dimensions`; the same "
        'text always gives the same vector and texts sharing words are closer; `encoding_format="base64"` '
        "as little-endian float32; `model` echoed as the API does (ada-002 -> `-v2`); usage counted"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.fields
        return build_embeddings(body)

    def with_embedding(self, server: Context, exchange: Exchange, final: Any, vector: Sequence[float]) -> Any:
        """Every input gets ``vector`` as given (not resized or normalised), encoded as asked."""
        body = exchange.fields
        values = array.array("f", vector)
        encoded = encode(values, body.get("encoding_format"))
        return {**final, "data": [{**item, "embedding": encoded} for item in final["data"]]}


ADAPTER = EmbeddingsAdapter()


def register(router: Router) -> None:
    router.add("POST", "/embeddings", ADAPTER, summary=ADAPTER.summary)
