"""Typed fake OpenAI clients for tests, offline: ``FakeOpenAI`` / ``FakeAsyncOpenAI``."""

from __future__ import annotations

from ._backend import Backend
from ._client import FakeAsyncOpenAI, FakeOpenAI
from ._seam import FakeTransportError

__version__ = "0.1.0"

__all__ = ["Backend", "FakeAsyncOpenAI", "FakeOpenAI", "FakeTransportError", "__version__"]
