"""Responses: ``ResponseFactory`` and its output items.

Realistic as the API returns a response (docs/api-behaviour.md, Responses objects): the request's defaults echoed
(``tool_choice="auto"``, ``temperature=1.0``, ``text.format`` text...), output that fits the status
(nothing while queued or in progress), a reasoning item first on reasoning models, item ids that
end with the response's last 16 hex digits, tools offered for every function called, and usage
whose output tokens are the output's plus the reasoning tokens.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pydantic
from openai.types.responses import (
    Response,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseReasoningItem,
)

from .._sim.model_catalog import is_reasoning
from .._sim.reply_rules import responses as rules
from .._sim.reply_rules.usage import RESPONSE_SIDES, fit_usage, reasoning_tokens
from .._sim.text import instructions
from ._curate import UNSET, Unset, as_data, fixed_keys, given, only_one, weighted
from ._engine import SDKModelFactory, curated, factory_for
from ._state import Build
from ._strings import CHAT_MODELS
from ._tool_calls import ToolCallLike, as_arguments, function_schema, response_function_calls
from .chat import Parsed, parsed_json

_TAIL = 16  # item ids end with the owning response's last 16 hex digits (docs/api-behaviour.md, Ids)
_PENDING = frozenset({"queued", "in_progress"})


@curated
class ResponseOutputTextFactory(SDKModelFactory[ResponseOutputText]):
    """An ``output_text`` part: plain prose, no annotations, ``logprobs`` ``[]`` as 2025 replies send."""

    __model__ = ResponseOutputText

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "annotations", [])
        cls._default(kwargs, "logprobs", [])


@curated
class ResponseOutputMessageFactory(SDKModelFactory[ResponseOutputMessage]):
    """An assistant ``message`` item with one ``output_text`` part. Shorthand: ``text=``."""

    __model__ = ResponseOutputMessage
    _shorthands = ("text",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        text: str | Unset = UNSET,
        **kwargs: Any,
    ) -> ResponseOutputMessage:
        """Build one message item: ``text=`` is its ``output_text`` part's text."""
        return super().build(factory_use_construct, random_seed, **given(text=text), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        if "text" in kwargs:
            if "content" in kwargs:
                raise ValueError(f"{cls.__name__}: pass content= or text=, not both")
            kwargs["content"] = [{"type": "output_text", "text": kwargs.pop("text")}]
        cls._default(kwargs, "content", [{"type": "output_text"}])
        for field, value in (("role", "assistant"), ("status", "completed"), ("phase", None)):
            cls._default(kwargs, field, value)


@curated
class ResponseFunctionToolCallFactory(SDKModelFactory[ResponseFunctionToolCall]):
    """A ``function_call`` item: ``fc_`` id, ``call_`` call id, JSON arguments (a dict is sent as JSON)."""

    __model__ = ResponseFunctionToolCall

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        if "arguments" in kwargs:
            kwargs["arguments"] = as_arguments(kwargs["arguments"])
        cls._default(kwargs, "id", cls._draw("id", build))  # optional in the SDK, always sent in output
        for field, value in (("status", "completed"), ("async_", None), ("caller", None), ("namespace", None)):
            cls._default(kwargs, field, value)


@curated
class ResponseReasoningItemFactory(SDKModelFactory[ResponseReasoningItem]):
    """A ``reasoning`` item as sent without ``include``: ``rs_`` id, empty summary, nothing encrypted."""

    __model__ = ResponseReasoningItem

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        for field, value in (("summary", []), ("content", None), ("encrypted_content", None), ("status", None)):
            cls._default(kwargs, field, value)


# Echoed request settings, as a call that sets none of them gets them back (docs/api-behaviour.md, Responses objects).
_ECHOED: tuple[tuple[str, Any], ...] = (
    ("tools", []),
    ("tool_choice", "auto"),
    ("parallel_tool_calls", True),
    ("temperature", 1.0),
    ("top_p", 1.0),
    ("text", {"format": {"type": "text"}, "verbosity": "medium"}),
    ("truncation", "disabled"),
    ("metadata", {}),
    ("background", False),
    ("service_tier", "default"),
    ("top_logprobs", 0),
    ("max_output_tokens", None),
    ("max_tool_calls", None),
    ("previous_response_id", None),
    ("user", None),
    ("safety_identifier", None),
    ("prompt_cache_key", None),
    ("prompt_cache_retention", None),
    ("prompt", None),
    ("conversation", None),
    ("access_programs", None),
    ("image", None),
    ("input_transformations", None),
    ("moderation", None),
    ("prompt_cache_diagnostics", None),
    ("prompt_cache_options", None),
    ("tool_usage", None),
    ("usage", {}),
)


@curated
class ResponseFactory(SDKModelFactory[Response]):
    """A ``response`` as the Responses API returns it, ``completed`` by default.

    Shorthands (they make ``output``; usage follows): ``output_text=``, ``refusal=``,
    ``tool_calls=[openai_fakes.tool_call("get_weather", city="Paris"), ...]`` (function calls, with
    matching function ``tools``), ``parsed=MyModel(...)`` (output text = its JSON, ``text.format``
    its JSON schema).
    """

    __model__ = Response
    _shorthands = ("output_text", "refusal", "tool_calls", "parsed")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        output_text: str | Unset = UNSET,
        refusal: str | Unset = UNSET,
        tool_calls: Sequence[ToolCallLike] | Unset = UNSET,
        parsed: Parsed | Unset = UNSET,
        **kwargs: Any,
    ) -> Response:
        """Build one response: ``output_text=``, ``refusal=``, ``tool_calls=`` or ``parsed=`` make its ``output``; usage follows."""
        shorthands = given(output_text=output_text, refusal=refusal, tool_calls=tool_calls, parsed=parsed)
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        shorthands = {k: kwargs.pop(k) for k in cls._shorthands if k in kwargs}
        only_one(cls, **shorthands)
        rng = build.rng
        kept_ids: set[str] = set()
        if shorthands:
            if "output" in kwargs or "output" in cls._declared_keys():
                raise ValueError(f"{cls.__name__}: pass output= or the shorthand {next(iter(shorthands))}=, not both")
            kwargs["output"] = _output_of(shorthands)
            kept_ids = {str(item["id"]) for item in kwargs["output"] if isinstance(item, Mapping) and "id" in item}
            if isinstance(shorthands.get("parsed"), pydantic.BaseModel):
                cls._default(
                    kwargs, "text", {"format": _json_schema_format(shorthands["parsed"]), "verbosity": "medium"}
                )
        if "output" in kwargs:
            cls._default(kwargs, "status", "completed")  # output asked for: a response that has it
        elif weighted(rng, ((True, 0.85), (False, 0.15))):
            cls._default(kwargs, "output", [{"type": "message"}])
        else:
            cls._default(kwargs, "output", [{"type": "function_call"} for _ in range(rng.choice((1, 1, 2)))])
        cls._default(
            kwargs,
            "status",
            weighted(rng, (("completed", 0.9), ("incomplete", 0.04), ("failed", 0.03), ("in_progress", 0.03))),
        )
        cls._default(kwargs, "instructions", instructions(rng) if rng.random() < 0.5 else None)
        cls._default(kwargs, "model", rng.choice(CHAT_MODELS))  # a dated snapshot, as the API echoes
        for field, value in _ECHOED:
            cls._default(kwargs, field, value)
        return fixed_keys(cls, kwargs, "usage"), kept_ids

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        usage_fixed, kept_ids = notes
        status, model = data.get("status"), data.get("model")
        reasoning = isinstance(model, str) and is_reasoning(model)
        if "output" not in locked and isinstance(data.get("output"), list):
            data["output"] = _settle_output(data["output"], status, reasoning, str(data.get("id", "")), kept_ids)
        created, completed = data.get("created_at"), data.get("completed_at")
        if "completed_at" not in locked and isinstance(created, float) and isinstance(completed, float):
            data["completed_at"] = created + build.rng.randint(1, 20)  # seconds, not the engine's hours
        if "reasoning" not in locked:
            data["reasoning"] = {"effort": "medium" if reasoning else None, "summary": None}
        output = [as_data(item) for item in data.get("output") or ()]
        if "tools" not in locked:
            called = {
                item["name"]: item.get("arguments", "{}") for item in output if item.get("type") == "function_call"
            }
            data["tools"] = [
                {
                    "type": "function",
                    "name": name,
                    "parameters": function_schema(args),
                    "strict": True,
                    "description": None,
                }
                for name, args in called.items()
            ]
        if usage_fixed is None:
            return
        if status in _PENDING or (status == "failed" and not output):
            data["usage"] = None  # reported once the response is done
            return
        usage = data.get("usage")
        if isinstance(usage, dict):
            hidden = reasoning_tokens(model, build.rng) if any(i.get("type") == "reasoning" for i in output) else 0
            fit_usage(
                usage,
                usage_fixed,
                sides=RESPONSE_SIDES,
                visible=sum(rules.item_tokens(item, model if isinstance(model, str) else None) for item in output),
                details=rules.usage_details(hidden),
                reasoning=rules.REASONING,
            )


def _output_of(shorthands: Mapping[str, Any]) -> list[Any]:
    if "tool_calls" in shorthands:
        return response_function_calls(shorthands["tool_calls"])
    if "refusal" in shorthands:
        part: dict[str, Any] = {"type": "refusal", "refusal": shorthands["refusal"]}
    else:
        text = shorthands["output_text"] if "output_text" in shorthands else parsed_json(shorthands["parsed"])
        part = {"type": "output_text", "text": text}
    return [{"type": "message", "content": [part]}]


def _json_schema_format(value: pydantic.BaseModel) -> dict[str, Any]:
    """``text.format`` of a structured output, as ``responses.parse(text_format=...)`` sends it."""
    return {
        "type": "json_schema",
        "name": type(value).__name__,
        "schema": type(value).model_json_schema(),
        "strict": True,
        "description": None,
    }


def _settle_output(
    output: list[Any], status: Any, reasoning: bool, response_id: str, kept_ids: Collection[str]
) -> list[Any]:
    """Output as the status allows, a reasoning item first on reasoning models, item ids tied to the response."""
    if status in _PENDING or status == "failed":
        return []
    if reasoning and not any(as_data(item).get("type") == "reasoning" for item in output):
        output = [factory_for(ResponseReasoningItem).process_kwargs(), *output]
    tail = response_id[-_TAIL:]
    for item in output:
        if not isinstance(item, dict):
            continue
        if status == "incomplete" and item.get("type") == "message":
            item["status"] = "incomplete"
        item_id = item.get("id")
        if isinstance(item_id, str) and item_id not in kept_ids and len(item_id) > 2 * _TAIL and len(tail) == _TAIL:
            item["id"] = item_id[:-_TAIL] + tail
    return output
