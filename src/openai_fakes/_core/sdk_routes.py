"""What the installed SDK's resource methods request, read from its generated source.

The generated resource code writes each request as ``self._post("/path", ...)`` or
``self._get(path_template("/x/{x_id}", x_id=x_id), ...)`` inside one method of one resource
class. Reading it gives the routes (HTTP method, path template) the SDK can request, and for each
resource method its requests and the sibling methods it calls: routing, the generic state's
families and ``stub()`` all answer from it, so a new SDK release's routes need no change here.

Read as lazily as each question allows, because a test process pays for what it reads (the
resource modules hold 4.4 MB of source): the routes alone (every fake's router needs them) come
from one search for the request calls; what one method sends (``stub(fake.chat.completions.create)``)
from its own module only; the methods that send a route (parameter types of the generic check, the
served fake) from every module, once.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import typing
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import openai

from .sdk import AsyncAPIResource, SyncAPIResource, stream_item_type

__all__ = [
    "RouteReply",
    "method_param_hints",
    "reply_of_route",
    "route_of_method",
    "sdk_path_templates",
    "sdk_routes",
    "sender_of",
]

_PACKAGE = Path(openai.__file__).parent

# A request call on ``self``. A pattern that opens with a literal (``self.``) is searched for that
# literal first, which keeps the search of 4.4 MB to a few milliseconds.
_REQUEST = rb'self\._(?P<verb>get_api_list|get|post|put|patch|delete)\(\s*(?:path_template\(\s*)?"(?P<path>/[^"]*)"'
_REQUEST_CALL = re.compile(_REQUEST)
# Where definitions start: a resource class at the margin, its methods four spaces in, a function at
# the margin (which ends the class before it).
_METHOD_STARTS = (b"\n    def ", b"\n    async def ")
_MARGIN_STARTS = (b"\nclass ", b"\ndef ", b"\nasync def ")
_METHOD_NAME = re.compile(rb"\n    (?:async )?def (\w+)\(")
_CLASS_NAME = re.compile(rb"\nclass (\w+)")


def _resource_modules() -> Iterator[tuple[str, Path]]:
    """Every module under ``openai.resources`` with its file, in a fixed order."""
    pending = [_PACKAGE / "resources"]
    found: list[tuple[str, Path]] = []
    while pending:
        with os.scandir(pending.pop()) as entries:  # scandir: a third of pathlib's rglob cost
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append(Path(entry.path))
                elif entry.name.endswith(".py"):
                    found.append((_module_name(Path(entry.path)), Path(entry.path)))
    return iter(sorted(found))


def _module_name(file: Path) -> str:
    parts = file.relative_to(_PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _file_of(module: str) -> Path | None:
    base = _PACKAGE.parent.joinpath(*module.split("."))
    for file in (base.with_suffix(".py"), base / "__init__.py"):
        if file.is_file():
            return file
    return None


def _read(file: Path) -> bytes:
    # Bytes, not text: the patterns are ASCII, so decoding 4.4 MB would be spent for nothing.
    # A leading newline so that a definition on the first line starts like every other.
    return b"\n" + file.read_bytes()


def _next(text: bytes, needles: tuple[bytes, ...], after: int) -> int:
    found = [at for needle in needles if (at := text.find(needle, after)) >= 0]
    return min(found, default=len(text))


def _route(call: re.Match[bytes], text: bytes) -> tuple[str, str]:
    """``(HTTP method, path template)`` of one request call."""
    verb = call["verb"].decode().upper()
    if verb == "GET_API_LIST":
        # A list call is a GET unless its arguments say ``method="post"`` (vector store search,
        # certificate activation...): read up to the end of its method.
        end = _next(text, _METHOD_STARTS + _MARGIN_STARTS, call.end())
        verb = "POST" if text.find(b'method="post"', call.end(), end) >= 0 else "GET"
    # A few beta routes carry a fixed query (``/responses?beta=true``): the path is what routes.
    return verb, call["path"].decode().split("?", 1)[0]


@lru_cache(maxsize=1)
def sdk_routes() -> frozenset[tuple[str, str]]:
    """Every ``(HTTP method, path template)`` the installed SDK's resources request."""
    routes: set[tuple[str, str]] = set()
    for _module, file in _resource_modules():
        text = _read(file)
        routes.update(_route(call, text) for call in _REQUEST_CALL.finditer(text))
    return frozenset(routes)


@lru_cache(maxsize=1)
def sdk_path_templates() -> tuple[str, ...]:
    """Every path template the installed SDK's resources request, e.g. ``/files/{file_id}/content``."""
    return tuple(sorted({template for _method, template in sdk_routes()}))


# --- what each resource method sends ----------------------------------------------------------------


@dataclass(frozen=True)
class _MethodSource:
    """What one resource method's source says it does."""

    requests: tuple[tuple[str, str], ...]
    """``(HTTP method, path template)`` of each request its body makes, in order."""
    calls: tuple[str, ...]
    """The methods of its own resource it calls (``self.create(...)``), in order."""


_SENDS_NOTHING = _MethodSource((), ())


@cache
def _methods_of(module: str) -> Mapping[str, _MethodSource]:
    """What the methods of one resource module send, by ``"Class.method"`` (a function's
    ``__qualname__``); a method missing here sends nothing of its own."""
    file = _file_of(module)
    if file is None:
        return MappingProxyType({})
    text = _read(file)
    margins = _margins(text)
    requests: dict[str, list[tuple[str, str]]] = {}
    calls: dict[str, list[str]] = {}
    for call in _self_call().finditer(text):
        method = _method_around(text, margins, call.start())
        if method is None:
            continue
        if call["sibling"] is not None:
            calls.setdefault(method, []).append(call["sibling"].decode())
        else:
            requests.setdefault(method, []).append(_route(call, text))
    return MappingProxyType(
        {
            method: _MethodSource(tuple(requests.get(method, ())), tuple(calls.get(method, ())))
            for method in {*requests, *calls}
        }
    )


@cache
def _self_call() -> re.Pattern[bytes]:
    """A request call or a call of a sibling method (``self.create(``). Compiled when first needed
    (~1 ms): most test processes only ever need the routes."""
    return re.compile(_REQUEST + rb"|self\.(?P<sibling>\w+)\(")


def _margins(text: bytes) -> list[tuple[int, str | None]]:
    """Every definition at the margin, in order: its offset, and the class name for a class
    (``None`` for a function, which ends the class before it). Few per file: found with ``find``."""
    found: list[tuple[int, str | None]] = []
    for needle in _MARGIN_STARTS:
        at = text.find(needle)
        while at >= 0:
            name = _CLASS_NAME.match(text, at) if needle == b"\nclass " else None
            found.append((at, name[1].decode() if name is not None else None))
            at = text.find(needle, at + 1)
    return sorted(found)


def _method_around(text: bytes, margins: list[tuple[int, str | None]], at: int) -> str | None:
    """``"Class.method"`` of the resource method whose body holds offset ``at``, or ``None`` when
    it is in a module-level function or outside any method."""
    index = bisect_right(margins, (at, "")) - 1
    if index < 0 or margins[index][1] is None:
        return None
    margin_start, owner = margins[index]
    # The method: the last one between the class's start and the call (a nested function is
    # indented further, so it never matches).
    method_start = max(text.rfind(needle, margin_start, at) for needle in _METHOD_STARTS)
    method = _METHOD_NAME.match(text, method_start) if method_start >= 0 else None
    return None if method is None else f"{owner}.{method[1].decode()}"


def _method_source(function: Any) -> _MethodSource | None:
    """What a resource method sends; ``None`` for a function that is no resource method."""
    module = getattr(function, "__module__", None) or ""
    if not module.startswith("openai.resources"):
        return None
    return _methods_of(module).get(getattr(function, "__qualname__", None) or "", _SENDS_NOTHING)


_HELPER_NAMES = ("parse", "stream")


@lru_cache(maxsize=1)
def _senders_by_route() -> Mapping[tuple[str, str], tuple[tuple[str, str, str], ...]]:
    """For each route, the sync resource methods whose own first request it is, as ``(module,
    class, method)``, best first: a method before a helper built on it (``create`` before
    ``create_and_poll``, ``parse``, ``stream``), one outside ``beta`` before a beta one
    (``client.beta.responses`` requests ``/responses`` too)."""
    candidates: dict[tuple[str, str], list[tuple[bool, bool, str, str, str]]] = {}
    for module, _file in _resource_modules():
        for qualname, read in _methods_of(module).items():
            owner, _, name = qualname.partition(".")
            if not read.requests or owner.startswith("Async"):
                continue
            helper = name in _HELPER_NAMES or name.endswith(("_and_poll", "_and_stream", "_poll"))
            candidates.setdefault(read.requests[0], []).append((helper, ".beta." in module, module, owner, name))
    return MappingProxyType(
        {
            route: tuple((module, owner, name) for _helper, _beta, module, owner, name in sorted(found))
            for route, found in candidates.items()
        }
    )


@lru_cache(maxsize=1024)
def _senders_of(route: tuple[str, str]) -> tuple[Any, ...]:
    """The sync resource methods whose own request is ``route``, best first (`_senders_by_route`)."""
    return tuple(
        inspect.unwrap(getattr(getattr(importlib.import_module(module), owner), name))
        for module, owner, name in _senders_by_route().get(route, ())
    )


@lru_cache(maxsize=1024)
def method_param_hints(route: tuple[str, str]) -> Mapping[str, Any]:
    """The declared types of the parameters an SDK method sends to ``route`` (``("POST",
    "/evals")``), by name, without path parameters and the SDK's own options (``extra_body``,
    ``timeout``...); empty when no resource method requests the route. Read from the method that
    requests it itself, not a helper built on it (``create``, not ``create_and_poll`` or ``parse``)."""
    senders = _senders_of(route)
    if not senders:
        return MappingProxyType({})
    try:
        hints = typing.get_type_hints(senders[0], include_extras=True)
    except Exception:  # a hint the running Python cannot resolve: nothing checked
        return MappingProxyType({})
    in_path = set(re.findall(r"{(\w+)}", route[1]))
    return MappingProxyType(
        {
            key: hint
            for key, hint in hints.items()
            if key not in in_path and key != "return" and not key.startswith("extra_") and key != "timeout"
        }
    )


def route_of_method(method: Any) -> tuple[str, str]:
    """``(HTTP method, path template)`` that an SDK resource method requests, read from its source.

    Helpers that send nothing themselves (``create_and_poll``, ``stream``...) resolve to the first
    sibling method they call that does. Raises ``TypeError`` naming the fix for anything else.
    """
    owner = getattr(method, "__self__", None)
    function = getattr(method, "__func__", None)
    if owner is None or function is None or not isinstance(owner, (SyncAPIResource, AsyncAPIResource)):
        raise TypeError(
            f"expected a method of the fake's resource tree, e.g. fake.chat.completions.create; got {method!r}"
        )
    owner_class: type = type(owner)
    found = _sender(owner_class, function.__name__, frozenset())
    if found is None:
        raise TypeError(f"{type(owner).__name__}.{function.__name__} sends no HTTP request the fake could answer")
    return found[1]


def sender_of(cls: type, name: str) -> str | None:
    """The name of the method that sends ``cls.name``'s request: ``name`` itself, or for a helper
    (``stream``, ``create_and_poll``) the sibling it delegates to."""
    found = _sender(cls, name, frozenset())
    return found[0] if found is not None else None


@lru_cache(maxsize=4096)  # a stub per test asks again and again
def _sender(cls: type, name: str, seen: frozenset[str]) -> tuple[str, tuple[str, str]] | None:
    function = getattr(cls, name, None)
    if function is None or name in seen:
        return None
    read = _method_source(inspect.unwrap(function))
    if read is None:
        return None
    if read.requests:
        return name, read.requests[0]
    for sibling in [*read.calls, *_underlying_names(name)]:
        found = _sender(cls, sibling, seen | {name})
        if found is not None:
            return found
    return None


def _underlying_names(name: str) -> list[str]:
    """The SDK's helpers delegate to library code; by name they wrap one request method:
    ``parse``/``stream`` -> ``create``, ``x_and_poll``/``x_stream`` -> ``x``, ``poll`` -> ``retrieve``."""
    names: list[str] = []
    for suffix in ("_and_poll", "_and_stream", "_stream", "_poll"):
        if name.endswith(suffix):
            names.append(name.removesuffix(suffix))
    if name in ("parse", "stream"):
        names.append("create")
    if name in ("poll", "wait_for_processing"):
        names.append("retrieve")
    return names


# --- what a route's reply is parsed into, for a request that arrives as raw HTTP ------------------
# The served fake (``python -m openai_fakes serve``) gets a request with no SDK call around it: what
# the SDK would parse the reply into is read from the resource method that requests the route, by
# its public return annotation (``ChatCompletion | Stream[ChatCompletionChunk]``).


@dataclass(frozen=True)
class RouteReply:
    """What the SDK method of one route parses its reply into."""

    cast_to: Any
    """The type of a reply that does not stream (a model, page, union, binary content, ``str``...)."""
    stream_item_type: Any
    """The type of one event when the method may stream; ``None`` when it never does."""
    always_streams: bool
    """True when the method only streams (its request has no ``stream`` flag to read)."""
    events_carry_name: bool
    """True when the SDK reads each SSE event as ``{"event": name, "data": payload}``."""


@lru_cache(maxsize=1024)
def reply_of_route(method: str, template: str) -> RouteReply | None:
    """The `RouteReply` of ``method template`` (as `sdk_routes` lists it); ``None`` for a route no
    resource method requests. The sync resource's method is read; helpers (``parse``, ``stream``,
    ``*_and_poll``) only when nothing else requests the route, and a beta resource's only when no
    other does (``client.beta.responses`` requests ``/responses`` too)."""
    for function in _senders_of((method, template)):
        try:
            returned = typing.get_type_hints(function).get("return", Any)
        except Exception:  # an annotation this Python cannot evaluate: try the next method
            continue
        members = typing.get_args(returned) if _is_union(returned) else (returned,)
        streams = [m for m in members if _is_stream(m)]
        plain = [m for m in members if not _is_stream(m)]
        item = stream_item_type(streams[0], None) if streams else None
        cast_to: Any = plain[0] if len(plain) == 1 else typing.Union[tuple(plain)] if plain else item  # noqa: UP007
        source = inspect.getsource(function)
        return RouteReply(cast_to, item, bool(streams) and not plain, "synthesize_event_and_data=True" in source)
    return None


def _is_union(tp: Any) -> bool:
    import types

    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _is_stream(tp: Any) -> bool:
    origin = typing.get_origin(tp) or tp
    return inspect.isclass(origin) and issubclass(origin, openai.Stream)
