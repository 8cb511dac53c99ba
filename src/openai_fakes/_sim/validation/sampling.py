"""Sampling parameters on reasoning models: what they accept (docs/api-behaviour.md, Reasoning models)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.exchange import Exchange
from ..model_catalog import is_reasoning
from ._common import is_object, unsupported_parameter, unsupported_value
from .models import base_of, model_of

# The value each parameter is fixed at on a reasoning model.
_DEFAULTS = {"temperature": 1, "top_p": 1, "frequency_penalty": 0, "presence_penalty": 0}


def reasons(body: Mapping[str, Any]) -> bool:
    """Whether the request's model reasons before it answers. gpt-5.1 and later accept sampling
    parameters with ``reasoning_effort: "none"`` (they then answer without reasoning) [U]."""
    model = model_of(body)
    if not model or not is_reasoning(base_of(model)):
        return False
    effort = body.get("reasoning_effort")
    reasoning = body.get("reasoning")
    if is_object(reasoning):
        effort = reasoning.get("effort", effort)
    return effort != "none"


def chat_reasoning_parameters(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """What Chat Completions refuses on a reasoning model (docs/api-behaviour.md, Reasoning models):

    - ``max_tokens``: "Unsupported parameter: 'max_tokens' is not supported with this model. Use
      'max_completion_tokens' instead." (code ``unsupported_parameter``);
    - ``temperature`` other than 1: "Unsupported value: 'temperature' does not support 0.5 with this
      model. Only the default (1) value is supported." (code ``unsupported_value``);
    - ``top_p`` / penalties other than their default: "Unsupported parameter: 'top_p' is not
      supported with this model." ([3P] live sightings on gpt-5 and o-series).
    """
    model = model_of(body)
    if not model or not is_reasoning(base_of(model)):
        return
    if body.get("max_tokens") is not None:
        raise unsupported_parameter("max_tokens", "Use 'max_completion_tokens' instead.")
    if not reasons(body):
        return
    _fixed(body, "temperature", lambda value: unsupported_value("temperature", value, 1))
    for param in ("top_p", "frequency_penalty", "presence_penalty"):
        _fixed(body, param, lambda value, p=param: unsupported_parameter(p))


def responses_reasoning_parameters(exchange: Exchange, body: Mapping[str, Any]) -> None:
    """The Responses API words the same refusal as an unsupported parameter for both
    ``temperature`` and ``top_p`` [U] (chat's "Only the default (1)" form is confirmed)."""
    if not reasons(body):
        return
    for param in ("temperature", "top_p"):
        _fixed(body, param, lambda value, p=param: unsupported_parameter(p))


def _fixed(body: Mapping[str, Any], param: str, error: Any) -> None:
    value = body.get(param)
    if value is not None and value != _DEFAULTS[param]:
        raise error(value)
