"""Nothing a test sends crashes the fake: every SDK method, at every validation level, given junk.

A property test over the SDK's whole resource tree (found by walking it, as the conformance walk
does): one of a method's arguments, at any depth of its well-formed value, is replaced by junk (a
value of another JSON type, NaN, infinity, a huge string, nested lists...). Whatever the level,
the call ends in one of three ways: a reply of the method's declared type, the API's error
(`openai.APIError`), or the SDK's own refusal of the argument before anything is sent (raised from
the SDK's code, not the fake's). Any other exception raised from inside the fake fails the test,
and so does a call in which the fake's own code takes more than ``_FAKE_STEPS`` steps.
"""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import openai
from hypothesis import given, settings
from hypothesis import strategies as st
from openai import AsyncOpenAI, OpenAI

import openai_fakes
from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._args import arguments_for
from tests.conformance._walk import ainvoke, check_outcome, invoke, method_cases, resolve
from tests.validation import _strategies as draw

# A value whose size decides the fake's work fails the test: a 10,000-word string where a list
# belongs once took 5-7 s when each of its characters became an object. The work is counted, not
# timed: a time bound fails on a loaded machine (the first call of a process makes lazy tables,
# ~0.6 s on an idle one; the bound was 2 s). A step is a trace event (a call or a line) of the
# fake's own code, the same count on every machine. A call here takes at most ~80,000 (the first
# of a process); the largest honest growth with the junk's size, reading a 50,000-character text,
# ~250,000 (chat messages given as one string under validation="off"); one object per character
# is millions.
_FAKE_STEPS = 1_000_000
_FAKE_CODE = str(Path(openai_fakes.__file__).parent)
_T = TypeVar("_T")
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
    """The error passed through the fake's own work (its server, rules, handlers), wherever it was
    raised at last (pydantic, json, the standard library): not only when the fake raised it itself.
    The seam (`openai_fakes/_client/`) is left out: the SDK's own refusals and parses run inside it."""
    own = f"{os.sep}openai_fakes{os.sep}"
    seam = f"{own}_client{os.sep}"
    return any(
        own in frame.filename and seam not in frame.filename for frame in traceback.extract_tb(error.__traceback__)
    )


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


class _OverBudget(AssertionError):
    pass


def _counting_the_fakes_steps(action: Callable[[], _T]) -> tuple[_T, int]:
    """``action()`` and how many steps the fake's own code took in it. The step past
    ``_FAKE_STEPS`` raises `_OverBudget` inside the fake (and Python stops the count), so a runaway
    call ends there instead of hanging; the count returned then exceeds the budget."""
    steps = 0

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal steps
        if not frame.f_code.co_filename.startswith(_FAKE_CODE):
            return None  # the SDK's and Python's own code are not the fake's work
        steps += 1
        if steps > _FAKE_STEPS:
            raise _OverBudget(f"the fake took more than {_FAKE_STEPS:,} steps")
        return count

    previous = sys.gettrace()
    sys.settrace(count)
    try:
        return action(), steps
    finally:
        sys.settrace(previous)


def _judge(outcome: Any, returns: Any, error: BaseException | None, steps: int, what: str, level: str) -> None:
    assert steps <= _FAKE_STEPS, f"{what}: the fake took more than {_FAKE_STEPS:,} steps"
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


# No wall-clock deadline: the step budget bounds the fake's work, and some junk costs the SDK itself
# seconds before anything is sent (50,000 characters given as ``files`` are 50,000 uploads it tries).
@settings(draw.BOUNDED, deadline=None)
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

    def call() -> tuple[Any, BaseException | None]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return invoke(entry, "plain", args, kwargs), None
            except Exception as raised:  # judged below: only the fake's own errors fail
                return None, raised

    (outcome, error), steps = _counting_the_fakes_steps(call)
    _judge(outcome, returns, error, steps, f"{path} at {level} with {kwargs}", level)


@settings(draw.BOUNDED, deadline=None)
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

    def call() -> tuple[Any, BaseException | None]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return asyncio.run(run()), None
            except Exception as raised:  # judged below
                return None, raised

    (outcome, error), steps = _counting_the_fakes_steps(call)
    _judge(outcome, returns, error, steps, f"{path} (async) at {level} with {kwargs}", level)


def test_the_step_count_sees_the_fake_and_only_the_fake() -> None:
    # Without this the budget above could pass by counting nothing (the fake's code not recognised).
    fake = FakeOpenAI(seed=1)
    fake.models.list()  # the first call of a process also makes lazy tables
    _, steps = _counting_the_fakes_steps(lambda: fake.models.list())
    assert 100 < steps < 20_000
    _, steps = _counting_the_fakes_steps(lambda: OpenAI(api_key="sk-test"))  # the SDK's own Python only
    assert steps == 0


def test_one_string_where_a_list_of_ids_belongs_is_one_id_not_one_per_character() -> None:
    # Found by the budget above: activating certificates made one certificate per character.
    fake = FakeOpenAI(seed=1, unknown_ids="materialize", validation="off")
    text = "word " * 10_000
    page, steps = _counting_the_fakes_steps(
        lambda: fake.admin.organization.certificates.activate(certificate_ids=text)  # type: ignore[arg-type]
    )
    assert steps <= _FAKE_STEPS
    assert [(c.id, c.active) for c in page.data] == [(text, True)]


def test_the_crash_check_sees_errors_raised_past_the_fake_and_spares_the_sdks_refusals() -> None:
    # Calibration of `_raised_inside_the_fake`: an error a library raises inside the fake's work
    # counts (its innermost frame is the standard library's), the SDK's own refusal does not.
    fake = FakeOpenAI(seed=1)

    def broken(server: Any, exchange: Any) -> Any:
        return int("not a number")  # raised by the standard library, inside the fake's dispatch

    fake._fake_server.router.add("GET", "/models", broken, summary="test")
    try:
        fake.models.list()
    except ValueError as crash:
        assert _raised_inside_the_fake(crash)
    else:
        raise AssertionError("the broken handler did not raise")
    try:
        fake.chat.completions.create(model="gpt-4o")  # type: ignore[call-overload]
    except TypeError as refused:  # the SDK's own: "Missing required arguments"
        assert "Missing required arguments" in str(refused)
        assert not _raised_inside_the_fake(refused)
    else:
        raise AssertionError("the SDK did not refuse the call")
