"""Enumerate, and call, every public resource method of an SDK client.

The SDK nests its resources as ``functools.cached_property`` attributes that return
``SyncAPIResource`` / ``AsyncAPIResource`` instances (``client.beta.threads.runs``), and puts
the same method names on each resource's ``with_raw_response`` and
``with_streaming_response`` wrappers. Walking that tree by introspection finds every method
of whatever SDK release is installed, with no list to keep up to date.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from openai import AsyncOpenAI, AsyncStream, OpenAI, Stream
from openai._legacy_response import HttpxBinaryResponseContent
from openai._resource import AsyncAPIResource, SyncAPIResource

from tests.conformance._typecheck import check_value, stream_item_type

__all__ = [
    "MODES",
    "MethodEntry",
    "Mode",
    "Outcome",
    "ainvoke",
    "check_outcome",
    "invoke",
    "method_cases",
    "method_paths",
    "resolve",
    "walk",
]

Client = OpenAI | AsyncOpenAI
Mode = Literal["plain", "raw", "streaming"]
MODES: tuple[Mode, ...] = ("plain", "raw", "streaming")

# Public names on a resource that are not API methods: the wrapper namespaces themselves.
_WRAPPERS = frozenset({"with_raw_response", "with_streaming_response"})


@dataclass(frozen=True)
class MethodEntry:
    """One SDK method, bound to one client, with its wrapped variants when the SDK has them."""

    path: str
    """Dotted path from the client: ``"chat.completions.create"``."""
    method: Callable[..., Any]
    raw: Callable[..., Any] | None
    """``<resource>.with_raw_response.<name>``; ``None`` for helpers the SDK does not wrap."""
    streaming: Callable[..., Any] | None
    """``<resource>.with_streaming_response.<name>``; ``None`` likewise."""
    is_async: bool

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]

    @property
    def modes(self) -> tuple[Mode, ...]:
        """The ways this method can be called: always plain, then raw / streaming if wrapped."""
        found: list[Mode] = ["plain"]
        if self.raw is not None:
            found.append("raw")
        if self.streaming is not None:
            found.append("streaming")
        return tuple(found)

    def for_mode(self, mode: Mode) -> Callable[..., Any]:
        chosen = {"plain": self.method, "raw": self.raw, "streaming": self.streaming}[mode]
        if chosen is None:
            raise LookupError(f"{self.path} has no {mode} variant; see MethodEntry.modes")
        return chosen


def walk(client: Client) -> list[MethodEntry]:
    """Every public method of every resource reachable from ``client``, sorted by path.

    Methods on the client itself (``get``, ``post``, ``request``, ``with_options``, ...) are
    the generic HTTP plumbing, not API methods, so only resources are searched for methods.
    """
    return sorted(_walk_resource(client, ""), key=lambda entry: entry.path)


def resolve(client: Client, path: str) -> MethodEntry:
    """The entry for one dotted path (as found by ``walk``) on ``client``."""
    *resource_names, name = path.split(".")
    resource: object = client
    for resource_name in resource_names:
        resource = getattr(resource, resource_name)
    if not isinstance(resource, (SyncAPIResource, AsyncAPIResource)):
        raise LookupError(f"{path!r}: {'.'.join(resource_names)!r} is not an API resource")
    return _entry(resource, path, name)


def method_paths(client_class: type[Client] = OpenAI) -> list[str]:
    """The walked paths of a plain SDK client, for ``pytest.mark.parametrize`` at collection."""
    return [entry.path for entry in _throwaway_walk(client_class)]


def method_cases(client_class: type[Client] = OpenAI) -> list[tuple[str, Mode]]:
    """Every (path, mode) pair the SDK offers: parametrize a test with these and
    ``resolve`` the path on the client under test inside it.
    """
    return [(entry.path, mode) for entry in _throwaway_walk(client_class) for mode in entry.modes]


def _throwaway_walk(client_class: type[Client]) -> list[MethodEntry]:
    # A dummy key and an unroutable base URL: constructing a client opens no connection.
    client = client_class(api_key="sk-test", base_url="http://127.0.0.1:9", max_retries=0)
    try:
        return walk(client)
    finally:
        closed = client.close()
        if inspect.isawaitable(closed):
            # AsyncOpenAI.close() is a coroutine; this client never sent anything, so
            # closing the coroutine unawaited only spares a "never awaited" warning.
            closed.close()


def _walk_resource(owner: object, prefix: str) -> Iterator[MethodEntry]:
    owner_class = type(owner)
    for name in dir(owner_class):
        if name.startswith("_") or name in _WRAPPERS:
            continue
        # getattr_static: see the descriptor without running it (a property could do work).
        attribute = inspect.getattr_static(owner_class, name)
        path = f"{prefix}{name}"
        if isinstance(attribute, functools.cached_property):
            child = getattr(owner, name)
            if isinstance(child, (SyncAPIResource, AsyncAPIResource)):
                yield from _walk_resource(child, f"{path}.")
        elif prefix and inspect.isfunction(attribute):
            yield _entry(owner, path, name)


def _entry(resource: object, path: str, name: str) -> MethodEntry:
    method = getattr(resource, name)
    return MethodEntry(
        path=path,
        method=method,
        raw=_wrapped(resource, "with_raw_response", name, method),
        streaming=_wrapped(resource, "with_streaming_response", name, method),
        is_async=isinstance(resource, AsyncAPIResource),
    )


def _wrapped(resource: object, namespace: str, name: str, method: Callable[..., Any]) -> Callable[..., Any] | None:
    wrapper = getattr(getattr(resource, namespace, None), name, None)
    if wrapper is None:
        return None
    # The wrappers are functools.wraps of the bound method; a same-named attribute that
    # wraps something else would make the raw / streaming check test the wrong method.
    inner = getattr(wrapper, "__wrapped__", None)
    if inner != method:
        raise AssertionError(f"{type(resource).__name__}.{namespace}.{name} does not wrap {name}")
    return wrapper  # type: ignore[no-any-return]


@dataclass
class Outcome:
    """What one call gave back, with what was drawn from it when it was a stream."""

    mode: Mode
    value: object
    items: list[object] | None = None
    """Events of a drained ``Stream`` or stream helper; ``None`` for anything else."""
    final: object | None = None
    """A stream helper's accumulated result (``get_final_completion()`` and kin)."""


def check_outcome(outcome: Outcome, annotation: object) -> list[str]:
    """Check the value against ``annotation``, each event against the stream's item type
    (or, for stream helpers, against its own model class) and the final object likewise.
    """
    if outcome.mode == "streaming" and annotation is HttpxBinaryResponseContent:
        # with_streaming_response wraps binary endpoints in StreamedBinaryAPIResponse, an
        # APIResponse[bytes]: its parse() gives the bytes, not the legacy content object.
        annotation = bytes
    errors = check_value(outcome.value, annotation)
    item_type = stream_item_type(annotation)
    for index, item in enumerate(outcome.items or ()):
        errors += check_value(item, item_type if item_type is not None else type(item), f"$.events[{index}]")
    if outcome.final is not None:
        errors += check_value(outcome.final, type(outcome.final), "$.final")
    return errors


def invoke(entry: MethodEntry, mode: Mode, args: Sequence[object], kwargs: Mapping[str, object]) -> Outcome:
    """Call a sync method as plain / raw / streaming and return the parsed value.

    Raw and streaming calls are unwrapped with ``.parse()`` as a user would; a ``Stream``
    is drained (inside the response context, which closes it on exit) and a stream helper
    (``chat.completions.stream()`` and kin) is entered and drained, so its events can be
    checked. Connection managers (``connect()``) are returned as they are: entering one
    would open a websocket.
    """
    if mode == "plain":
        return _drain(mode, entry.method(*args, **kwargs))
    if mode == "raw":
        return _drain(mode, entry.for_mode("raw")(*args, **kwargs).parse())
    with entry.for_mode("streaming")(*args, **kwargs) as response:
        return _drain(mode, response.parse())


async def ainvoke(entry: MethodEntry, mode: Mode, args: Sequence[object], kwargs: Mapping[str, object]) -> Outcome:
    """``invoke`` for an async client's method."""
    if mode == "plain":
        result = entry.method(*args, **kwargs)
        # Some async methods are plain functions: list() returns an AsyncPaginator (awaited
        # here to its first page) and stream() / connect() return managers.
        if inspect.isawaitable(result):
            result = await result
        return await _adrain(mode, result)
    if mode == "raw":
        # LegacyAPIResponse.parse() is synchronous for the async client too.
        return await _adrain(mode, (await entry.for_mode("raw")(*args, **kwargs)).parse())
    async with entry.for_mode("streaming")(*args, **kwargs) as response:
        return await _adrain(mode, await response.parse())


def _stream_helpers() -> tuple[type, ...]:
    # An allow-list, not "anything with __enter__": a connection manager also has one.
    import openai.lib.beta.agents  # noqa: F401  # openai 3.54: importing streaming.agents first is circular
    from openai.lib.streaming import AssistantStreamManager, AsyncAssistantStreamManager
    from openai.lib.streaming.agents import AgentSessionStream, AsyncAgentSessionStream
    from openai.lib.streaming.chat import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from openai.lib.streaming.responses import AsyncResponseStreamManager, ResponseStreamManager

    return (
        ChatCompletionStreamManager,
        AsyncChatCompletionStreamManager,
        ResponseStreamManager,
        AsyncResponseStreamManager,
        AssistantStreamManager,
        AsyncAssistantStreamManager,
        AgentSessionStream,
        AsyncAgentSessionStream,
    )


# The accumulated result each helper offers once drained, by method name.
_FINALS = ("get_final_completion", "get_final_response", "get_final_run")


def _drain(mode: Mode, value: object) -> Outcome:
    if isinstance(value, Stream):
        return Outcome(mode, value, list(value))
    if isinstance(value, _stream_helpers()):
        with value as stream:  # type: ignore[attr-defined]
            items = list(stream)
            final = next((getattr(stream, name)() for name in _FINALS if hasattr(stream, name)), None)
        return Outcome(mode, value, items, final)
    return Outcome(mode, value)


async def _adrain(mode: Mode, value: object) -> Outcome:
    if isinstance(value, AsyncStream):
        return Outcome(mode, value, [item async for item in value])
    if isinstance(value, _stream_helpers()):
        async with value as stream:  # type: ignore[attr-defined]
            items = [item async for item in stream]
            final = next((getattr(stream, name) for name in _FINALS if hasattr(stream, name)), None)
            return Outcome(mode, value, items, await final() if final is not None else None)
    return Outcome(mode, value)
