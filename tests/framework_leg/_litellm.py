"""A fixture for the frameworks that call through LiteLLM (LiteLLM itself, DSPy)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _event_loop_for_litellm_logging() -> Iterator[None]:
    """LiteLLM's sync calls log on `asyncio.get_event_loop()`, which makes a loop when the thread
    has none and never closes it; the next `asyncio.run` drops it, and it is reported unclosed
    later, in whichever test happens to be running. Give the thread a loop, closed afterwards."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()
