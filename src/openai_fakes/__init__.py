"""Typed fake OpenAI clients for tests, offline: ``FakeOpenAI`` / ``FakeAsyncOpenAI``."""

from __future__ import annotations

from ._client.client import FakeAsyncOpenAI, FakeOpenAI
from ._control.directives import embedding, refusal, structured, tool_call, tool_calls
from ._control.stubs import Rule, ScriptMismatch, SequenceExhausted, Stub, UnmatchedRequest, UnscriptedCall
from ._core.transport_error import FakeTransportError
from ._state.backend import Backend
from ._state.calls import Call, CallList
from ._state.lifecycle import Lifecycles, Progression
from .handlers.admin.organization._invites import accept_invite

__version__ = "0.1.0"
"""The package's version, written only here (the wheel's metadata reads it; ``python -m openai_fakes --version`` shows it)."""

__all__ = [
    "Backend",
    "Call",
    "CallList",
    "FakeAsyncOpenAI",
    "FakeOpenAI",
    "FakeTransportError",
    "Lifecycles",
    "Progression",
    "Rule",
    "ScriptMismatch",
    "SequenceExhausted",
    "Stub",
    "UnmatchedRequest",
    "UnscriptedCall",
    "__version__",
    "accept_invite",
    "embedding",
    "refusal",
    "structured",
    "tool_call",
    "tool_calls",
]
