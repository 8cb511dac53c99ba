"""Chat Completions: ``ChatCompletionFactory``, its message, tool call and stream chunk.

Realistic as the API answers a plain call: one choice, a message that is text, tool calls or a
refusal (never two of them), ``finish_reason`` that agrees with it, annotations ``[]``, and usage
whose completion tokens are the content's plus hidden reasoning tokens on reasoning models. Those
rules are ``_sim.reply_rules.chat``'s, the ones the fake server's replies keep, so a factory-built
completion counts its tokens as the fake counts them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal

import pydantic
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessage,
    ChatCompletionMessageFunctionToolCall,
)
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta

from .._control.directives import structured
from .._sim.reply_rules import chat as rules
from .._sim.reply_rules.usage import CHAT_SIDES, fit_usage, reasoning_tokens
from .._sim.text import words
from ._curate import UNSET, Unset, as_data, fixed_keys, given, only_one, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build
from ._tool_calls import ToolCallLike, chat_tool_calls

FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
Parsed = pydantic.BaseModel | Mapping[str, Any]

_EMPTY_DELTA = {
    "role": None,
    "content": None,
    "refusal": None,
    "tool_calls": None,
    "function_call": None,
    "audio": None,
}


def parsed_json(value: Parsed) -> str:
    """A structured output's text: the user's object as JSON, so ``.parse()`` gives it back."""
    return structured(value).text


@curated
class ChatCompletionMessageToolCallFactory(SDKModelFactory[ChatCompletionMessageFunctionToolCall]):
    """A function tool call: ``call_`` id, snake_case name, JSON arguments.

    Shorthands: ``name=`` and ``arguments=`` (a dict is sent as JSON) fill in ``function``.
    """

    __model__ = ChatCompletionMessageFunctionToolCall
    _shorthands = ("name", "arguments")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        name: str | Unset = UNSET,
        arguments: str | Mapping[str, Any] | Unset = UNSET,
        **kwargs: Any,
    ) -> ChatCompletionMessageFunctionToolCall:
        """Build one function tool call: ``name=`` and ``arguments=`` (a dict is sent as JSON) fill in ``function``."""
        return super().build(factory_use_construct, random_seed, **given(name=name, arguments=arguments), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        function = {k: kwargs.pop(k) for k in cls._shorthands if k in kwargs}
        if "arguments" in function and isinstance(function["arguments"], Mapping):
            function["arguments"] = json.dumps(function["arguments"])
        if function:
            cls._default(kwargs, "function", function)


@curated
class ChatCompletionMessageFactory(SDKModelFactory[ChatCompletionMessage]):
    """An assistant message: text (mostly), tool calls or a refusal, never a mix.

    ``tool_calls=`` also takes ``openai_fakes.tool_call(...)`` and ``{"name", "arguments"}`` dicts;
    ``parsed=`` (a pydantic instance or dict) sets ``content`` to its JSON.
    """

    __model__ = ChatCompletionMessage
    _shorthands = ("parsed",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        content: str | Unset | None = UNSET,
        refusal: str | Unset | None = UNSET,
        tool_calls: Sequence[ToolCallLike] | Unset | None = UNSET,
        parsed: Parsed | Unset = UNSET,
        **kwargs: Any,
    ) -> ChatCompletionMessage:
        """Build one assistant message from ``content=``, ``refusal=``, ``tool_calls=`` (``tool_call(...)`` results or ``{"name", "arguments"}`` dicts) or ``parsed=``."""
        shorthands = given(content=content, refusal=refusal, tool_calls=tool_calls, parsed=parsed)
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        if "parsed" in kwargs:
            if kwargs.get("content") is not None:
                raise ValueError(f"{cls.__name__}: pass content= or parsed=, not both")
            kwargs["content"] = parsed_json(kwargs.pop("parsed"))
        if kwargs.get("tool_calls") is not None:
            kwargs["tool_calls"] = chat_tool_calls(kwargs["tool_calls"])
        kind = rules.kind_of(kwargs)
        if kind is None:
            kind = weighted(build.rng, (("content", 0.85), ("tool_calls", 0.12), ("refusal", 0.03)))
            # Function calls (not custom ones), usually one; `{}` is completed by the tool call factory.
            kwargs[kind] = (
                [{} for _ in range(build.rng.choice((1, 1, 1, 2)))] if kind == "tool_calls" else cls._draw(kind, build)
            )
        for field in rules.MESSAGE_KINDS:
            if field != kind:
                cls._default(kwargs, field, None)
        for field, value in (("role", "assistant"), ("annotations", []), ("audio", None), ("function_call", None)):
            cls._default(kwargs, field, value)


@curated
class _ChoiceFactory(SDKModelFactory[Choice]):
    """One choice of a completion; its ``finish_reason`` follows its message."""

    __model__ = Choice
    _position_field = "index"

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "logprobs", None)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        if "finish_reason" not in locked:
            data["finish_reason"] = rules.finish_reason_for(as_data(data.get("message")))


@curated
class ChatCompletionFactory(SDKModelFactory[ChatCompletion]):
    """A ``chat.completion`` as the API returns it for a plain call.

    Shorthands (they shape ``choices[0].message``; usage follows): ``content=``, ``refusal=``,
    ``tool_calls=[openai_fakes.tool_call("get_weather", city="Paris"), ...]``,
    ``parsed=MyModel(...)`` (content = its JSON), ``finish_reason=``, ``n=`` (number of choices).
    """

    __model__ = ChatCompletion
    _shorthands = ("content", "refusal", "tool_calls", "parsed", "finish_reason", "n")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        content: str | Unset | None = UNSET,
        refusal: str | Unset = UNSET,
        tool_calls: Sequence[ToolCallLike] | Unset = UNSET,
        parsed: Parsed | Unset = UNSET,
        finish_reason: FinishReason | Unset = UNSET,
        n: int | Unset = UNSET,
        **kwargs: Any,
    ) -> ChatCompletion:
        """Build one completion: ``content=``, ``refusal=``, ``tool_calls=`` or ``parsed=`` shape ``choices[0].message``; ``finish_reason=``, ``n=`` (choices); usage follows."""
        shorthands = given(
            content=content, refusal=refusal, tool_calls=tool_calls, parsed=parsed, finish_reason=finish_reason, n=n
        )
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        shorthands = {k: kwargs.pop(k) for k in cls._shorthands if k in kwargs}
        named = ", ".join(f"{k}=" for k in shorthands)
        n = shorthands.pop("n", 1)
        finish_reason = shorthands.pop("finish_reason", UNSET)
        only_one(cls, **shorthands)
        if named:
            if "choices" in kwargs or "choices" in cls._declared_keys():
                raise ValueError(f"{cls.__name__}: pass choices= or {named}, not both")
            if not isinstance(n, int) or n < 1:
                raise ValueError(f"{cls.__name__}: n must be a positive int, got {n!r}")
            choice: dict[str, Any] = {"message": dict(shorthands)}
            if finish_reason is not UNSET:
                choice["finish_reason"] = finish_reason
                if finish_reason == "tool_calls" and not shorthands:
                    choice["message"] = {"tool_calls": [{}]}  # the message it implies
            kwargs["choices"] = [{**choice, "message": dict(choice["message"])} for _ in range(n)]
        # One choice, as for the usual n=1 call; the rest as a fresh 2025 reply has them.
        cls._default(kwargs, "choices", [{}])
        cls._default(kwargs, "usage", {})  # a plain call always reports usage
        for field, value in (("service_tier", "default"), ("metadata", None), ("moderation", None)):
            cls._default(kwargs, field, value)
        return fixed_keys(cls, kwargs, "usage")

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        usage = data.get("usage")
        if notes is None or not isinstance(usage, dict):
            return
        model = data.get("model") if isinstance(data.get("model"), str) else None
        visible = sum(
            rules.message_tokens(as_data(as_data(choice).get("message")), model) for choice in data.get("choices") or ()
        )
        details = rules.usage_details(reasoning_tokens(data.get("model"), build.rng))
        fit_usage(usage, notes, sides=CHAT_SIDES, visible=visible, details=details, reasoning=rules.REASONING)


@curated
class _ChoiceDeltaFactory(SDKModelFactory[ChoiceDelta]):
    """A content delta: a word or two with its leading space, nothing else set."""

    __model__ = ChoiceDelta

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        for field, value in _EMPTY_DELTA.items():
            if field != "content":
                cls._default(kwargs, field, value)
        if "content" not in kwargs:
            kwargs["content"] = " " + words(build.rng, build.rng.choice((1, 1, 2)))


@curated
class _ChunkChoiceFactory(SDKModelFactory[ChunkChoice]):
    """A chunk's choice: a delta and no ``finish_reason``, or the final empty delta and one."""

    __model__ = ChunkChoice

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "logprobs", None)
        cls._default(kwargs, "finish_reason", None)
        if kwargs.get("finish_reason") is not None:
            cls._default(kwargs, "delta", dict(_EMPTY_DELTA))


@curated
class ChatCompletionChunkFactory(SDKModelFactory[ChatCompletionChunk]):
    """One ``chat.completion.chunk`` of a stream (docs/api-behaviour.md, Streaming event order): a content delta by default.

    Shorthands: ``content=`` (the delta's text), ``finish_reason=`` (the closing chunk, empty delta).
    """

    __model__ = ChatCompletionChunk
    _shorthands = ("content", "finish_reason")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        content: str | Unset = UNSET,
        finish_reason: FinishReason | Unset = UNSET,
        **kwargs: Any,
    ) -> ChatCompletionChunk:
        """Build one chunk: ``content=`` is the delta's text, ``finish_reason=`` makes the closing chunk (empty delta)."""
        shorthands = given(content=content, finish_reason=finish_reason)
        return super().build(factory_use_construct, random_seed, **shorthands, **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        shorthands = {k: kwargs.pop(k) for k in cls._shorthands if k in kwargs}
        only_one(cls, **shorthands)
        if shorthands:
            if "choices" in kwargs or "choices" in cls._declared_keys():
                raise ValueError(f"{cls.__name__}: pass choices= or content= / finish_reason=, not both")
            choice = (
                {"delta": {"content": shorthands["content"]}}
                if "content" in shorthands
                else {"finish_reason": shorthands["finish_reason"]}
            )
            kwargs["choices"] = [choice]
        cls._default(kwargs, "choices", [{}])
        # Usage comes in its own last chunk, only with stream_options.include_usage.
        for field, value in (("usage", None), ("service_tier", "default"), ("moderation", None)):
            cls._default(kwargs, field, value)
