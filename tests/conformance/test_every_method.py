"""Every public method of the installed SDK, sync and async, plain / raw / streaming, answers with
its declared type (checked recursively) — found by walking the SDK, so it grows with the SDK."""

from __future__ import annotations

import asyncio
import signal
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openai import AsyncOpenAI, OpenAI

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._args import arguments_for, placeholder_values
from tests.conformance._walk import Mode, ainvoke, check_outcome, invoke, method_cases, resolve

# A poll helper that never sees a final status would loop forever; no call may take this long.
_CALL_DEADLINE_S = 20

# Where the real API's own reply breaks the SDK's declared type, the fake answers as the API does
# and the walk tolerates exactly that field (and validates the endpoint without strict mode, as
# the SDK does by default). Key: method path; value: (error prefix tolerated, why).
SDK_TYPE_GAPS: dict[str, tuple[str, str]] = {
    "completions.create": (
        "$.events[",  # only stream chunks, and only their finish_reason (checked below)
        "the API streams finish_reason null until a choice's last chunk; the SDK declares it non-null",
    ),
}


def _unexpected(path: str, errors: list[str]) -> list[str]:
    gap = SDK_TYPE_GAPS.get(path)
    if gap is None:
        return errors
    prefix = gap[0]
    return [e for e in errors if not (e.startswith(prefix) and ".finish_reason: " in e and "None is not one of" in e)]


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"call still running after {seconds} s (a poll that never finishes?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _sdk_deprecations_allowed() -> Iterator[None]:
    # Calling deprecated API areas (assistants, threads, ...) is the point of the walk; the SDK's
    # warnings about them are expected here and only here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@pytest.mark.parametrize(("path", "mode"), method_cases(OpenAI))
def test_sync_method_answers_with_its_declared_type(path: str, mode: Mode, tmp_path: Path) -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize", _strict_response_validation=path not in SDK_TYPE_GAPS)
    entry = resolve(fake, path)
    with _sdk_deprecations_allowed(), _deadline(_CALL_DEADLINE_S):
        for call in arguments_for(entry, tmp_path):
            outcome = invoke(entry, mode, call.args, call.kwargs)
            assert _unexpected(path, check_outcome(outcome, call.returns)) == [], f"{path} [{mode}, {call.label}]"


@pytest.mark.parametrize(("path", "mode"), method_cases(AsyncOpenAI))
def test_async_method_answers_with_its_declared_type(path: str, mode: Mode, tmp_path: Path) -> None:
    fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize", _strict_response_validation=path not in SDK_TYPE_GAPS)
    entry = resolve(fake, path)

    async def run() -> None:
        for call in arguments_for(entry, tmp_path):
            outcome = await ainvoke(entry, mode, call.args, call.kwargs)
            assert _unexpected(path, check_outcome(outcome, call.returns)) == [], f"{path} [{mode}, {call.label}]"

    with _sdk_deprecations_allowed(), _deadline(_CALL_DEADLINE_S):
        asyncio.run(run())


@pytest.mark.parametrize(("path", "mode"), method_cases(OpenAI))
def test_placeholder_clients_are_answered_with_the_declared_type(path: str, mode: Mode, tmp_path: Path) -> None:
    # Generated test suites, SDK examples and quick scripts send ids no one created and
    # meaningless values ("string" for a model, a role, a name...): under materialize + off, every
    # method answers them with its declared type (a default client, parsing as the SDK does).
    fake = FakeOpenAI(seed=2, unknown_ids="materialize", validation="off")
    entry = resolve(fake, path)
    with placeholder_values():
        calls = arguments_for(entry, tmp_path)
    with _sdk_deprecations_allowed(), _deadline(_CALL_DEADLINE_S):
        for call in calls:
            outcome = invoke(entry, mode, call.args, call.kwargs)
            assert _unexpected(path, check_outcome(outcome, call.returns)) == [], f"{path} [{mode}, {call.label}]"
