"""Conversations: ``ConversationFactory``, ``ConversationMessageFactory``, ``ConversationItemListFactory``.

A conversation's items are mostly messages taking turns, user first: a user's content is
``input_text``, the assistant's ``output_text`` (docs/api-behaviour.md, Responses objects). A page of items names its
first and last item and has no more.
"""

from __future__ import annotations

from typing import Any

from openai.types.conversations import Conversation, ConversationItemList
from openai.types.conversations import Message as ConversationMessage

from .._sim.text import paragraph, sentence
from ._curate import UNSET, Unset, given
from ._engine import SDKModelFactory, curated
from ._state import Build


@curated
class ConversationFactory(SDKModelFactory[Conversation]):
    """A ``conversation``: ``conv_`` id, empty metadata unless given."""

    __model__ = Conversation

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "metadata", {})


@curated
class ConversationMessageFactory(SDKModelFactory[ConversationMessage]):
    """A ``message`` item of a conversation (``openai.types.conversations.Message``).

    Shorthand: ``text=`` (the one content part's text, input or output by role).
    """

    __model__ = ConversationMessage
    _shorthands = ("text",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        text: str | Unset = UNSET,
        **kwargs: Any,
    ) -> ConversationMessage:
        """Build one conversation message: ``text=`` is its one content part's text."""
        return super().build(factory_use_construct, random_seed, **given(text=text), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "role", rng.choice(("user", "assistant")))
        text = kwargs.pop("text", None)
        if text is not None and "content" in kwargs:
            raise ValueError(f"{cls.__name__}: pass content= or text=, not both")
        if kwargs.get("role") == "assistant":
            part = {"type": "output_text", "text": text or paragraph(rng, rng.choice((1, 2)))}
        else:
            part = {"type": "input_text", "text": text or sentence(rng), "prompt_cache_breakpoint": None}
        cls._default(kwargs, "content", [part])
        cls._default(kwargs, "status", "completed")
        cls._default(kwargs, "phase", None)


@curated
class ConversationItemListFactory(SDKModelFactory[ConversationItemList]):
    """A page of conversation items: messages taking turns, user first."""

    __model__ = ConversationItemList

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        turns = build.rng.choice((2, 2, 4))
        cls._default(kwargs, "data", [{"type": "message", "role": ("user", "assistant")[i % 2]} for i in range(turns)])
