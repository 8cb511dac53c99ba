"""Nothing a test sends crashes the fake: every SDK method, at every validation level, given junk.

A property test over the SDK's whole resource tree (found by walking it, as the conformance walk
does): one of a method's arguments, at any depth of its well-formed value, is replaced by junk (a
value of another JSON type, NaN, infinity, a huge string, nested lists...). Whatever the level,
the call ends in one of three ways: a reply of the method's declared type, the API's error
(`openai.APIError`), or the SDK's own refusal of the argument before anything is sent (raised from
the SDK's code, not the fake's). Any other exception raised from inside the fake fails the test,
and so does a call slower than ``_SLOW_S``.
"""

from __future__ import annotations

import asyncio
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

import openai
from hypothesis import given
from hypothesis import strategies as st
from openai import AsyncOpenAI, OpenAI

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._args import arguments_for
from tests.conformance._walk import ainvoke, check_outcome, invoke, method_cases, resolve
from tests.validation import _strategies as draw

# A call of the fake answers in milliseconds; this bounds a value whose size decides the time
# (a 10,000-word string where a list belongs was 5-7 s when each character became an object).
_SLOW_S = 2.0
_SKIPPED_ARGUMENTS = {"poll_interval_ms", "poll_interval", "max_wait_seconds", "stream"}

_SYNC_PATHS = sorted({path for path, mode in method_cases(OpenAI) if mode == "plain"})
_ASYNC_PATHS = sorted({path for path, mode in method_cases(AsyncOpenAI) if mode == "plain"})

_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "x", "é" * 3, "word " * 10_000, "0", "null"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "id", "a"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``value`` (dict keys and list indexes, at any depth), itself first."""
    places = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*at, index))
    return places


def _replaced(value: Any, at: tuple[Any, ...], junk: Any) -> Any:
    if not at:
        return junk
    head, rest = at[0], at[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, junk)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, junk)
    return copy


def _raised_inside_the_fake(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and "openai_fakes" in frames[-1].filename


def _junk_call(data: st.DataObject, entry: Any, tmp_path: Path) -> tuple[list[Any], dict[str, Any], Any] | None:
    calls = arguments_for(entry, tmp_path)
    call = calls[0]
    names = sorted(set(call.kwargs) - _SKIPPED_ARGUMENTS)
    if not names:
        return None
    name = data.draw(st.sampled_from(names), label="argument")
    place = data.draw(st.sampled_from(_places(call.kwargs[name])), label="place")
    kwargs = {**call.kwargs, name: _replaced(call.kwargs[name], place, data.draw(_JUNK, label="junk"))}
    return list(call.args), kwargs, call.returns


def _judge(outcome: Any, returns: Any, error: BaseException | None, elapsed: float, what: str, level: str) -> None:
    assert elapsed < _SLOW_S, f"{what}: {elapsed:.1f} s"
    if error is None:
        problems = check_outcome(outcome, returns)
        if level == "off":
            # "off" answers what it was sent, echoed as the SDK's default parse constructs it: the
            # reply is of the declared type, its fields may carry the junk.
            problems = [p for p in problems if p.startswith("$:")]
        elif level == "lenient":
            # Lenient lets a string outside the SDK's enum through (the API may have added it since
            # the SDK was made): an echo of it is the one thing a reply may carry.
            problems = [p for p in problems if " is not one of " not in p]
        assert problems == [], what
    elif not isinstance(error, openai.APIError) and _raised_inside_the_fake(error):
        raise AssertionError(f"{what}: {type(error).__name__} from inside the fake") from error


@draw.BOUNDED
@given(data=st.data(), path=st.sampled_from(_SYNC_PATHS), level=st.sampled_from(["strict", "lenient", "off"]))
def test_junk_in_any_argument_of_any_method_never_crashes_the_fake(
    data: st.DataObject, path: str, level: Any, tmp_path_factory: Any
) -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize", validation=level)
    entry = resolve(fake, path)
    junk = _junk_call(data, entry, tmp_path_factory.mktemp("junk"))
    if junk is None:
        return
    args, kwargs, returns = junk
    outcome, error = None, None
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            outcome = invoke(entry, "plain", args, kwargs)
        except Exception as raised:  # judged below: only the fake's own errors fail
            error = raised
    _judge(outcome, returns, error, time.perf_counter() - start, f"{path} at {level} with {kwargs}", level)


@draw.BOUNDED
@given(data=st.data(), path=st.sampled_from(_ASYNC_PATHS), level=st.sampled_from(["strict", "lenient", "off"]))
def test_async_clients_too(data: st.DataObject, path: str, level: Any, tmp_path_factory: Any) -> None:
    fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize", validation=level)
    entry = resolve(fake, path)
    junk = _junk_call(data, entry, tmp_path_factory.mktemp("junk"))
    if junk is None:
        return
    args, kwargs, returns = junk

    async def run() -> Any:
        return await ainvoke(entry, "plain", args, kwargs)

    outcome, error = None, None
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            outcome = asyncio.run(run())
        except Exception as raised:  # judged below
            error = raised
    _judge(outcome, returns, error, time.perf_counter() - start, f"{path} (async) at {level} with {kwargs}", level)
