"""A deterministic guard for "the wait was not slept": the test fails the moment anything sleeps for real.

A wall-clock bound (``elapsed < 1.0``) says the same thing only on an idle machine: under load a right
test fails, and a fake that sleeps a little less than the bound passes. This guard counts instead: it
replaces the sleeps the SDK's retry loop and poll helpers call (``time.sleep``, ``anyio.sleep``) and
``asyncio.sleep``, and any sleep longer than a blink raises at once, naming the wait. A blink (what
an async fake awaits as a scheduling checkpoint, ``sleep(0)``) still runs, so tasks interleave as before.
"""

from __future__ import annotations

import asyncio
import time

import anyio
import pytest

BLINK_S = 0.001
"""The longest sleep a "no real sleep" test allows: a checkpoint, never a wait."""


class RealSleepError(AssertionError):
    """Something slept for real where the fake should have let the wait pass on its clock."""


def forbid_real_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """From now until the test ends, any ``time.sleep``, ``asyncio.sleep`` or ``anyio.sleep`` longer
    than ``BLINK_S`` raises `RealSleepError`. Returns the list every sleep asked for is appended to
    (blinks included), so a test can also assert that none was attempted where an error was swallowed."""
    asked: list[float] = []
    real_asyncio_sleep = asyncio.sleep
    real_anyio_sleep = anyio.sleep

    def check(seconds: float, by: str) -> None:
        asked.append(seconds)
        if seconds > BLINK_S:
            raise RealSleepError(f"{by}({seconds!r}) was called: the wait should pass on the fake's clock, not slept")

    def sleep(seconds: float) -> None:
        check(seconds, "time.sleep")

    async def asyncio_sleep(seconds: float, result: object = None) -> object:
        check(seconds, "asyncio.sleep")
        return await real_asyncio_sleep(seconds, result)

    async def anyio_sleep(seconds: float) -> None:
        check(seconds, "anyio.sleep")
        await real_anyio_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(asyncio, "sleep", asyncio_sleep)
    monkeypatch.setattr(anyio, "sleep", anyio_sleep)
    return asked
