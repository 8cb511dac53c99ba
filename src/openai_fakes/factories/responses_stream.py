"""Responses stream events: the ones a text or function-call stream is made of (api-facts.md §5c).

Each event carries what its place in the stream implies: ``response.created`` and
``response.in_progress`` an in-progress response with no output yet (sequence numbers 0 and 1),
``response.completed`` / ``failed`` / ``incomplete`` a response of that status; item events an item
with the status it has at that point; deltas a token-sized piece. Nested values are built by the
curated factories (``ResponseFactory``, ``ResponseOutputMessageFactory``...), and a partial dict
for them keeps what the event implies unless it says otherwise.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from openai.types.responses import (
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFailedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseIncompleteEvent,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

from .._ids import SHAPES
from ._engine import SDKModelFactory, curated
from ._state import Build
from ._strings import json_arguments


def _place(factory: Any, kwargs: dict[str, Any], build: Build, *, sequence: int | None = None) -> None:
    """The event's position: its sequence number (after the two opening events unless fixed) and
    the first output item and content part, where the event has those fields."""
    factory._default(kwargs, "sequence_number", sequence if sequence is not None else build.rng.randint(2, 40))
    for field in ("output_index", "content_index"):
        if field in factory.__model__.model_fields:
            factory._default(kwargs, field, 0)


class _CarriesResponse:
    """For events that carry the whole response, with the status their place in the stream implies.

    A mixin, not a base factory: polyfactory would pick a base factory for unrelated models."""

    _status: ClassVar[str]
    _sequence: ClassVar[int | None] = None

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        factory: Any = cls  # always mixed into an SDKModelFactory
        _place(factory, kwargs, build, sequence=cls._sequence)
        factory._default(kwargs, "response", {"status": cls._status})


def _function_call_id(build: Build) -> str:
    return build.ids.make(SHAPES["function_call"], build.now)


@curated
class ResponseCreatedEventFactory(_CarriesResponse, SDKModelFactory[ResponseCreatedEvent]):
    __model__ = ResponseCreatedEvent
    _status = "in_progress"
    _sequence = 0


@curated
class ResponseInProgressEventFactory(_CarriesResponse, SDKModelFactory[ResponseInProgressEvent]):
    __model__ = ResponseInProgressEvent
    _status = "in_progress"
    _sequence = 1


@curated
class ResponseCompletedEventFactory(_CarriesResponse, SDKModelFactory[ResponseCompletedEvent]):
    __model__ = ResponseCompletedEvent
    _status = "completed"


@curated
class ResponseFailedEventFactory(_CarriesResponse, SDKModelFactory[ResponseFailedEvent]):
    __model__ = ResponseFailedEvent
    _status = "failed"


@curated
class ResponseIncompleteEventFactory(_CarriesResponse, SDKModelFactory[ResponseIncompleteEvent]):
    __model__ = ResponseIncompleteEvent
    _status = "incomplete"


@curated
class ResponseOutputItemAddedEventFactory(SDKModelFactory[ResponseOutputItemAddedEvent]):
    """A message item as it opens: in progress, no content yet."""

    __model__ = ResponseOutputItemAddedEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "item", {"type": "message", "status": "in_progress", "content": []})


@curated
class ResponseOutputItemDoneEventFactory(SDKModelFactory[ResponseOutputItemDoneEvent]):
    """A message item as it closes: completed, its text in full."""

    __model__ = ResponseOutputItemDoneEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "item", {"type": "message", "status": "completed"})


@curated
class ResponseContentPartAddedEventFactory(SDKModelFactory[ResponseContentPartAddedEvent]):
    """An ``output_text`` part as it opens: empty text."""

    __model__ = ResponseContentPartAddedEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "part", {"type": "output_text", "text": ""})


@curated
class ResponseContentPartDoneEventFactory(SDKModelFactory[ResponseContentPartDoneEvent]):
    __model__ = ResponseContentPartDoneEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "part", {"type": "output_text"})


@curated
class ResponseTextDeltaEventFactory(SDKModelFactory[ResponseTextDeltaEvent]):
    """A token-sized piece of text (``delta``), with ``logprobs`` ``[]`` as streams send it."""

    __model__ = ResponseTextDeltaEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "logprobs", [])


@curated
class ResponseTextDoneEventFactory(SDKModelFactory[ResponseTextDoneEvent]):
    __model__ = ResponseTextDoneEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "logprobs", [])


@curated
class ResponseFunctionCallArgumentsDeltaEventFactory(SDKModelFactory[ResponseFunctionCallArgumentsDeltaEvent]):
    """A piece of a function call's JSON arguments, for an ``fc_`` item."""

    __model__ = ResponseFunctionCallArgumentsDeltaEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "item_id", _function_call_id(build))
        pieces = json_arguments(build).split(" ")
        cls._default(kwargs, "delta", build.rng.choice(pieces))


@curated
class ResponseFunctionCallArgumentsDoneEventFactory(SDKModelFactory[ResponseFunctionCallArgumentsDoneEvent]):
    """A function call's complete JSON arguments, for an ``fc_`` item."""

    __model__ = ResponseFunctionCallArgumentsDoneEvent

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        _place(cls, kwargs, build)
        cls._default(kwargs, "item_id", _function_call_id(build))
        if isinstance(kwargs.get("arguments"), dict):
            kwargs["arguments"] = json.dumps(kwargs["arguments"])

