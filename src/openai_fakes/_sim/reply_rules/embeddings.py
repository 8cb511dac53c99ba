"""Embeddings: each model's vector size, which models take ``dimensions``, what an input costs.

text-embedding-3-small and -large make 1536- and 3072-component vectors and can be shortened
with ``dimensions`` (from 1 to that size); text-embedding-ada-002 makes 1536 and refuses
``dimensions`` ("This model does not support specifying dimensions."), as does any other model.
An input costs its text's tokens (at least one), or one token per id of a token array.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from ..tokens import text_tokens

NATIVE_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}
"""Vector sizes of the embedding models; other names get ``dimensions`` or ``DEFAULT_DIMENSIONS``."""
DEFAULT_DIMENSIONS = 1536
SHORTENABLE = {model: size for model, size in NATIVE_DIMENSIONS.items() if model.startswith("text-embedding-3-")}
"""The models that take ``dimensions``, with the largest they accept."""


def supports_dimensions(model: str) -> bool:
    return model in SHORTENABLE


def vector_size(model: str, dimensions: int | None) -> tuple[int, int]:
    """``(native, kept)``: the model's full vector size and the components a reply keeps
    (``dimensions`` when it shortens the vector). An unknown model is as long as asked."""
    native = NATIVE_DIMENSIONS.get(model) or dimensions or DEFAULT_DIMENSIONS
    return native, dimensions if dimensions is not None and dimensions < native else native


def dimensions_problem(model: str, dimensions: Any) -> str | None:
    """Why the API would refuse ``dimensions`` for ``model`` (``None``: it would not)."""
    if dimensions is None:
        return None
    if not supports_dimensions(model):
        return f"{model} does not take dimensions (only {' and '.join(SHORTENABLE)} do)"
    largest = SHORTENABLE[model]
    if isinstance(dimensions, bool) or not isinstance(dimensions, int) or not 1 <= dimensions <= largest:
        return f"dimensions must be an int from 1 to {largest} for {model}, got {dimensions!r}"
    return None


def input_tokens(item: str | Sequence[int], model: str = "text-embedding-3-small") -> int:
    """Prompt tokens of one input: a text's tokens (at least one) in ``model``'s encoding
    (cl100k_base for every embedding model), or a token array's length."""
    return max(1, text_tokens(item, model)) if isinstance(item, str) else len(item)


def usage_adds_up(usage: dict[str, Any], fixed: Collection[str]) -> None:
    """An embedding reply's usage has no completion side: ``total_tokens`` is ``prompt_tokens``,
    whichever of the two was set (both set: as given)."""
    if "total_tokens" not in fixed and isinstance(usage.get("prompt_tokens"), int):
        usage["total_tokens"] = usage["prompt_tokens"]
    elif "prompt_tokens" not in fixed and isinstance(usage.get("total_tokens"), int):
        usage["prompt_tokens"] = usage["total_tokens"]
