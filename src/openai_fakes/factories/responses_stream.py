"""Responses stream events: a whole stream (``response_events``) and the events it is made of.

``response_events(...)`` replays one response as the API streams it, by the rule the fake server
streams with (``_sim.reply_rules.response_events``): ``response.created`` and ``response.in_progress``,
each output item's events, then ``response.completed`` (``failed``, ``incomplete``) carrying the
response itself. The event factories below build one event alone, carrying what its place in a
stream implies: ``response.created`` and
``response.in_progress`` an in-progress response with no output yet (sequence numbers 0 and 1),
``response.completed`` / ``failed`` / ``incomplete`` a response of that status; item events an item
with the status it has at that point; deltas a token-sized piece. Nested values are built by the
curated factories (``ResponseFactory``, ``ResponseOutputMessageFactory``...), and a partial dict
for them keeps what the event implies unless it says otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

import pydantic
from openai.types.responses import (
    Response,
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
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

from .._core.ids import SHAPES
from .._sim.reply_rules.response_events import events_of
from ._curate import UNSET, Unset, given
from ._engine import SDKModelFactory, curated
from ._state import Build
from ._strings import json_arguments
from ._tool_calls import ToolCallLike
from .chat import Parsed
from .responses import ResponseFactory

_FINAL = ("completed", "incomplete", "failed")
"""The statuses a stream ends with; a queued or in-progress response has not finished streaming."""
_EVENT: pydantic.TypeAdapter[ResponseStreamEvent] = pydantic.TypeAdapter(ResponseStreamEvent)


def response_events(
    response: Response | None = None,
    *,
    random_seed: int | None = None,
    output_text: str | Unset = UNSET,
    refusal: str | Unset = UNSET,
    tool_calls: Sequence[ToolCallLike] | Unset = UNSET,
    parsed: Parsed | Unset = UNSET,
    **fields: Any,
) -> list[ResponseStreamEvent]:
    """The events the API streams for ``response``, or for one ``ResponseFactory`` builds from the
    other arguments (its shorthands and fields, ``random_seed``; ``completed`` unless ``status=``
    says ``incomplete`` or ``failed``). Sequence numbers count from 0; the last event carries the
    response. Hosted-tool items (web search, code interpreter...) stream as their
    ``output_item.added`` and ``.done`` only: the fake client streams their progress events too.
    """
    shorthands = given(output_text=output_text, refusal=refusal, tool_calls=tool_calls, parsed=parsed)
    if response is None:
        fields.setdefault("status", "completed")
        response = ResponseFactory.build(random_seed=random_seed, **shorthands, **fields)
    elif not isinstance(response, Response):
        raise TypeError(f"response_events: response must be a Response, got {type(response).__name__}")
    elif shorthands or fields or random_seed is not None:
        named = ", ".join(
            f"{name}=" for name in (*shorthands, *fields, *(["random_seed"] if random_seed is not None else []))
        )
        raise ValueError(f"response_events: pass a response or {named} to build one, not both")
    if response.status not in _FINAL:
        raise ValueError(
            f"response_events: a stream ends with a {' / '.join(_FINAL)} response, not {response.status!r}"
        )
    wire = response.model_dump(mode="json", by_alias=True)
    return [_EVENT.validate_python(event) for event in events_of(wire)]


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
    """``response.created``, a stream's first event (``sequence_number`` 0): the whole response, ``in_progress``."""

    __model__ = ResponseCreatedEvent
    _status = "in_progress"
    _sequence = 0


@curated
class ResponseInProgressEventFactory(_CarriesResponse, SDKModelFactory[ResponseInProgressEvent]):
    """``response.in_progress``, a stream's second event (``sequence_number`` 1): the whole response, ``in_progress``."""

    __model__ = ResponseInProgressEvent
    _status = "in_progress"
    _sequence = 1


@curated
class ResponseCompletedEventFactory(_CarriesResponse, SDKModelFactory[ResponseCompletedEvent]):
    """``response.completed``, the last event of a stream that finished: the whole response, ``completed``."""

    __model__ = ResponseCompletedEvent
    _status = "completed"


@curated
class ResponseFailedEventFactory(_CarriesResponse, SDKModelFactory[ResponseFailedEvent]):
    """``response.failed``, the last event of a stream that failed: the whole response, ``failed``."""

    __model__ = ResponseFailedEvent
    _status = "failed"


@curated
class ResponseIncompleteEventFactory(_CarriesResponse, SDKModelFactory[ResponseIncompleteEvent]):
    """``response.incomplete``, the last event of a stream cut short: the whole response, ``incomplete``."""

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
    """An ``output_text`` part as it closes: its text in full."""

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
    """A text part's complete ``text``, with ``logprobs`` ``[]`` as streams send it."""

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
