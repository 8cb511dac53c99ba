"""Assistants (beta): ``AssistantFactory``, ``ThreadFactory``, ``MessageFactory``, ``RunFactory``.

What ties them together as the API does: an assistant's tool resources match its tools; a message
from the assistant names the assistant and run that wrote it, a user's names neither; a run's
status decides its timestamps, ``expires_at`` (only while it can still progress), ``usage`` (once
it ended), ``last_error`` (failed), ``incomplete_details`` (incomplete) and ``required_action``
(requires_action), whose tool calls name functions the run offers.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from openai.types.beta import Assistant, Thread
from openai.types.beta.threads import Message, Run, Text

from .._core.ids import SHAPES
from .._sim.text import instructions, paragraph, sentence, title
from .._sim.tokens import text_tokens
from ._curate import UNSET, Unset, as_data, given, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build
from ._strings import CHAT_MODELS
from ._tool_calls import function_schema

_TOOLS = ((None, 0.4), ("file_search", 0.25), ("code_interpreter", 0.2), ("function", 0.15))
_SAMPLING: tuple[tuple[str, Any], ...] = (
    ("temperature", 1.0),
    ("top_p", 1.0),
    ("response_format", "auto"),
    ("metadata", {}),
)
_RUN_STATUSES = (
    ("completed", 0.6),
    ("in_progress", 0.08),
    ("queued", 0.05),
    ("requires_action", 0.1),
    ("failed", 0.05),
    ("cancelled", 0.04),
    ("expired", 0.03),
    ("incomplete", 0.03),
    ("cancelling", 0.02),
)
_ENDED = frozenset({"completed", "failed", "cancelled", "expired", "incomplete"})
_RUN_ERRORS = (
    ("server_error", "Sorry, something went wrong."),
    ("rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
)


def _tool(kind: str) -> dict[str, Any]:
    # Built-in tools with their options left to the API's defaults, as most assistants have them.
    return {"type": kind, kind: None} if kind == "file_search" else {"type": kind}


@curated
class AssistantFactory(SDKModelFactory[Assistant]):
    """An ``assistant`` with no tool or one tool, its ``tool_resources`` matching."""

    __model__ = Assistant

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        kind = weighted(rng, _TOOLS)
        cls._default(kwargs, "tools", [_tool(kind)] if kind else [])
        resources: dict[str, Any] | None = None
        if kind == "file_search":
            resources = {
                "file_search": {"vector_store_ids": [build.ids.make(SHAPES["vector_store"], build.now)]},
                "code_interpreter": None,
            }
        elif kind == "code_interpreter":
            resources = {"code_interpreter": {"file_ids": []}, "file_search": None}
        cls._default(kwargs, "tool_resources", resources)
        cls._default(kwargs, "model", rng.choice(CHAT_MODELS))
        cls._default(kwargs, "name", title(rng))
        cls._default(kwargs, "description", sentence(rng) if rng.random() < 0.5 else None)
        cls._default(kwargs, "instructions", instructions(rng))
        for field, value in _SAMPLING:
            cls._default(kwargs, field, value)


@curated
class ThreadFactory(SDKModelFactory[Thread]):
    """A ``thread``: no tool resources unless given, empty metadata."""

    __model__ = Thread

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "tool_resources", None)
        cls._default(kwargs, "metadata", {})


@curated
class _TextFactory(SDKModelFactory[Text]):
    __model__ = Text

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "value", paragraph(build.rng, build.rng.choice((1, 2, 3))))
        cls._default(kwargs, "annotations", [])


@curated
class MessageFactory(SDKModelFactory[Message]):
    """A ``thread.message`` with one text block. Shorthand: ``text=`` (the block's text)."""

    __model__ = Message
    _shorthands = ("text",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        text: str | Unset = UNSET,
        **kwargs: Any,
    ) -> Message:
        """Build one thread message: ``text=`` is its text block's text."""
        return super().build(factory_use_construct, random_seed, **given(text=text), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        if "text" in kwargs:
            if "content" in kwargs:
                raise ValueError(f"{cls.__name__}: pass content= or text=, not both")
            kwargs["content"] = [{"type": "text", "text": {"value": kwargs.pop("text")}}]
        cls._default(kwargs, "content", [{"type": "text"}])
        cls._default(kwargs, "role", rng.choice(("user", "assistant")))
        cls._default(kwargs, "status", "completed")
        for field, value in (("attachments", []), ("metadata", {}), ("incomplete_details", None)):
            cls._default(kwargs, field, value)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        from_assistant = data.get("role") == "assistant"
        for key, kind in (("assistant_id", "assistant"), ("run_id", "thread.run")):
            if key not in locked:
                data[key] = (data.get(key) or build.ids.make(SHAPES[kind], build.now)) if from_assistant else None


@curated
class RunFactory(SDKModelFactory[Run]):
    """A ``thread.run`` in any status, everything status-dependent agreeing with it."""

    __model__ = Run

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "status", weighted(rng, _RUN_STATUSES))
        cls._default(kwargs, "model", rng.choice(CHAT_MODELS))
        cls._default(kwargs, "instructions", instructions(rng))
        cls._default(kwargs, "tools", [])
        for field, value in (
            *_SAMPLING,
            ("tool_choice", "auto"),
            ("parallel_tool_calls", True),
            ("truncation_strategy", {"type": "auto", "last_messages": None}),
            ("max_completion_tokens", None),
            ("max_prompt_tokens", None),
        ):
            cls._default(kwargs, field, value)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        rng, status = build.rng, data.get("status")
        created = data.get("created_at")
        if "expires_at" not in locked:
            data["expires_at"] = created + 600 if status not in _ENDED and isinstance(created, int) else None
        if "last_error" not in locked:
            code, message = rng.choice(_RUN_ERRORS)
            data["last_error"] = {"code": code, "message": message} if status == "failed" else None
        if "usage" not in locked:
            prompt, completion = rng.randint(50, 2000), text_tokens(paragraph(rng, 2))
            data["usage"] = (
                {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
                if status in _ENDED
                else None
            )
        action = as_data(data.get("required_action"))
        calls = as_data(action.get("submit_tool_outputs")).get("tool_calls") or []
        if calls and "tools" not in locked:
            # The functions the run asks outputs for are ones it was given.
            functions = {
                as_data(as_data(c).get("function")).get("name"): as_data(as_data(c).get("function")) for c in calls
            }
            data["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": name,
                        "description": None,
                        "strict": True,
                        "parameters": function_schema(str(function.get("arguments") or "{}")),
                    },
                }
                for name, function in functions.items()
            ]
