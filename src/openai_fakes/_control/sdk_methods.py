"""What a stub learns from the SDK method it scripts: its name, the parameters it takes, and the
model its reply is parsed into. Read from the method's public signature and annotations only, once
per method (``typing.get_type_hints`` costs about 1 ms), so scripts can be checked when written.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, get_args

import pydantic

from .._core.model_fields import is_model, union_args
from .._core.sdk_routes import sender_of

# Every SDK method takes these; they say how to send, not what to ask.
_TRANSPORT_PARAMS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})


@dataclass(frozen=True)
class MethodFacts:
    name: str
    """How users write it: ``"chat.completions.create"``."""
    params: frozenset[str]
    """The request parameters the method takes (path ids included)."""
    reply_model: type[pydantic.BaseModel] | None
    """The model a plain call returns (``ChatCompletion`` for ``create``); ``None`` for bytes, text."""


def facts_of(method: Any) -> MethodFacts:
    owner: Any = type(method.__self__)
    return _facts(owner, method.__func__.__name__)


@lru_cache(maxsize=1024)
def _facts(owner: type, name: str) -> MethodFacts:
    function = getattr(owner, name)
    params = frozenset(inspect.signature(function).parameters) - _TRANSPORT_PARAMS - {"self"}
    model = _reply_model(function)
    sender = sender_of(owner, name)
    if model is None and sender is not None and sender != name:
        # Helpers such as ``stream()`` return a manager; the reply they carry is the sender's.
        model = _reply_model(getattr(owner, sender))
    return MethodFacts(f"{_resource_path(owner)}.{name}", params, model)


def _reply_model(function: Any) -> type[pydantic.BaseModel] | None:
    try:
        returned = typing.get_type_hints(function).get("return")
    except Exception:  # an annotation this Python cannot evaluate: no model to check against
        return None
    members = union_args(returned) or (returned,)
    models = [m for m in members if is_model(m)]
    if not models and get_args(returned):
        # An async list returns ``AsyncPaginator[Item, Page]``: what it parses is the page.
        models = [arg for arg in get_args(returned)[-1:] if is_model(arg)]
    return models[0] if len(models) == 1 else None


def _resource_path(owner: type) -> str:
    """``openai.resources.chat.completions.completions`` -> ``chat.completions``."""
    parts = owner.__module__.split(".")
    if parts[:2] == ["openai", "resources"]:
        parts = parts[2:]
    if len(parts) >= 2 and parts[-1] == parts[-2]:
        parts = parts[:-1]
    return ".".join(parts) or owner.__name__
