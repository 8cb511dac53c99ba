"""Typed fake OpenAI clients for tests, offline: ``FakeOpenAI`` / ``FakeAsyncOpenAI``."""

from __future__ import annotations

from ._backend import Backend
from ._calls import Call, CallList
from ._client import FakeAsyncOpenAI, FakeOpenAI
from ._control import SequenceExhausted, Stub, UnmatchedRequest, embedding, refusal, structured, tool_call
from ._seam import FakeTransportError

__version__ = "0.1.0"

__all__ = [
    "Backend",
    "Call",
    "CallList",
    "FakeAsyncOpenAI",
    "FakeOpenAI",
    "FakeTransportError",
    "SequenceExhausted",
    "Stub",
    "UnmatchedRequest",
    "__version__",
    "embedding",
    "refusal",
    "structured",
    "tool_call",
]
