"""What the installed openai SDK declares, and where it keeps what a call asks: read, never changed.

With `_client.seam` (which overrides what the SDK does), the only module that touches the SDK's private
names (``openai._...``, private attributes); the rest of the fake asks here. So a new SDK release
that moves a name changes this file, one that changes a behaviour the fake replaces changes `_client.seam`.

Read here:

* what its resources request: the path templates, and the route (HTTP method, template) of each
  resource method, read from the SDK's own source;
* what a reply becomes: a page's item type, the binary content type, a stream's event type, and
  whether a type is parsed as a plain model;
* what one call asks: its request options as an `Exchange`, the SDK's ``request()`` frame above a
  send, a client's base URL, the attempt a request is.

It imports nothing of the fake but its wire-free vocabulary (`_core.exchange`), so every layer may ask it.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from bisect import bisect_right
from collections.abc import Mapping
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import FrameType, MappingProxyType
from typing import Any, cast

import httpx2
import openai
import pydantic
from openai._base_client import AsyncAPIClient, BaseClient, BasePage, SyncAPIClient
from openai._compat import PYDANTIC_V1
from openai._constants import OVERRIDE_CAST_TO_HEADER, RAW_RESPONSE_HEADER
from openai._legacy_response import HttpxBinaryResponseContent
from openai._models import FinalRequestOptions, add_request_id
from openai._resource import AsyncAPIResource, SyncAPIResource
from openai._streaming import extract_stream_chunk_type
from openai._types import ModelBuilderProtocol, NotGiven, Omit

from .exchange import Exchange

__all__ = [
    "BINARY_CONTENT_TYPE",
    "AsyncAPIResource",
    "FinalRequestOptions",
    "RouteReply",
    "SyncAPIResource",
    "add_request_id",
    "attempt_of",
    "call_sending",
    "client_of_method",
    "client_of_resource",
    "exchange_of",
    "given",
    "is_openai_host",
    "method_param_hints",
    "on_openai_endpoint",
    "page_item_type",
    "parsed_as_plain_model",
    "reply_of_route",
    "request_id_is_plain",
    "route_of_method",
    "sdk_path_templates",
    "sdk_routes",
    "validated_model",
]

# --- what a reply becomes -----------------------------------------------------------------------

BINARY_CONTENT_TYPE: type = HttpxBinaryResponseContent
"""The type a binary endpoint (``files.content``, ``audio.speech.create``) is parsed into."""


def page_item_type(tp: Any) -> Any | None:
    """For a page class (``SyncCursorPage[FileObject]``), the type of one item; else ``None``."""
    if not (inspect.isclass(tp) and issubclass(tp, BasePage)):
        return None
    field = tp.model_fields.get("data")
    args = getattr(field.annotation, "__args__", None) if field is not None else None
    return args[0] if args else None


def stream_item_type(stream_cls: Any, cast_to: Any) -> Any:
    """The type of one streamed event, found as the SDK finds it (``Stream[X]`` or a subclass of one)."""
    if stream_cls is None:
        return cast_to
    try:
        return extract_stream_chunk_type(stream_cls)
    except (TypeError, RuntimeError):
        return cast_to


def parsed_as_plain_model(cast_to: Any, options: FinalRequestOptions) -> bool:
    """True when the SDK would parse the call's body straight into ``cast_to`` (a model, no raw
    response asked, no cast override): the call the seam may answer without the SDK's pipeline."""
    headers = options.headers
    if headers and given(headers) and (RAW_RESPONSE_HEADER in headers or OVERRIDE_CAST_TO_HEADER in headers):
        return False
    return _is_plain_model(cast_to)


@cache
def _is_plain_model(cast_to: Any) -> bool:
    # Cached: a runtime Protocol check costs several microseconds.
    return (
        inspect.isclass(cast_to)
        and issubclass(cast_to, openai.BaseModel)
        and not issubclass(cast_to, ModelBuilderProtocol)
    )


def validated_model(cast_to: Any, data: object) -> Any | None:
    """``data`` validated into the plain model ``cast_to``; ``None`` when it does not validate or
    ``cast_to`` is not a plain model (a page, a union, a binary body...).

    The SDK *constructs* a reply's model unless the client was made with
    ``_strict_response_validation=True`` (``construct_type``: no checks, in Python; about 55 µs for a
    chat completion and 50 µs for each stream chunk, measured on the benchmark's machine), while
    pydantic's validation builds the same object from well-typed JSON in about 4 µs. So the seam
    validates first and hands only what does not validate to the SDK's own parse, which constructs
    it as sent (a default client) or raises ``APIResponseValidationError`` (a strict one): the same
    objects and errors as the SDK's parse, at the cost of validation. That the two give equal
    objects for the fake's replies is tested (tests/client/test_parse_parity.py), with two
    differences, both in what construction adds: it also keeps an aliased field's key as an extra
    (a moderation's ``"self-harm"`` beside ``self_harm``), and it leaves undeclared keys out of
    ``model_fields_set``. Validation does neither."""
    if data is None or not _is_plain_model(cast_to):
        return None
    try:
        return cast_to.model_validate(data)
    except pydantic.ValidationError:
        return None


@cache
def request_id_is_plain(cls: type) -> bool:
    """True when the SDK's ``add_request_id`` stores the id as a plain instance attribute
    (``_request_id``): on pydantic 2, setting an underscore name that is neither a private attribute
    nor a class variable goes through ``BaseModel.__setattr__`` (about a microsecond) to
    ``object.__setattr__``, which the caller may then do itself."""
    model = cast(Any, cls)
    return (
        not PYDANTIC_V1
        and model.__setattr__ is pydantic.BaseModel.__setattr__
        and "_request_id" not in model.__private_attributes__
        and "_request_id" not in model.__class_vars__
    )


# --- what one call asks --------------------------------------------------------------------------


def given(value: Any) -> bool:
    """False for the SDK's markers of an argument left out (``NOT_GIVEN``, ``omit``)."""
    return not isinstance(value, (NotGiven, Omit))


def exchange_of(
    options: FinalRequestOptions,
    cast_to: Any,
    *,
    stream: bool,
    stream_cls: Any,
    attempt: int = 0,
    openai_endpoint: bool = True,
) -> Exchange:
    """The `Exchange` the SDK's request options of one call describe."""
    body: Any = options.json_data
    if options.extra_json:
        body = {**(body if isinstance(body, dict) else {}), **options.extra_json}
    headers = options.headers
    # NotGiven and Omit are falsy: test truth first, the type check only for real headers.
    header_map = {k: v for k, v in headers.items() if isinstance(v, str)} if headers and given(headers) else {}
    item_type = stream_item_type(stream_cls, cast_to) if stream else None
    url = options.url
    if "://" in url:
        url = httpx2.URL(url).path.removeprefix("/v1")
    files = options.files
    # Positional, in Exchange's field order: keywords cost twice as much, on every call.
    return Exchange(
        options.method.upper(),  # method
        url,  # path
        options.params or {},  # query
        body,
        # (collections.abc's Mapping: typing's alias costs a few microseconds per isinstance)
        [] if not files else list(files.items()) if isinstance(files, AbcMapping) else list(files),  # files
        header_map,  # headers
        cast_to,
        stream,
        item_type,  # stream_item_type
        bool(options.synthesize_event_and_data),  # events_carry_name
        attempt,
        _NO_PATH_PARAMS,  # path_params
        openai_endpoint,
        options.post_parser if given(options.post_parser) else None,  # post_parser
    )


_NO_PATH_PARAMS: Mapping[str, str] = MappingProxyType({})


def attempt_of(request: httpx2.Request) -> int:
    """Which attempt of its call ``request`` is (0 the first), as the SDK's retry loop numbers it."""
    try:
        return int(request.headers.get("x-stainless-retry-count", "0"))
    except ValueError:
        return 0


# --- which endpoint a client talks to ------------------------------------------------------------
# Off OpenAI's own API (Azure OpenAI, proxies, gateways, local servers speaking the protocol) model
# names are the deployment's business: `Exchange.openai_endpoint` tells validation to leave out its
# model rules. Decided by the host the requests go to, so both of a client's paths agree: the fast
# path reads the client's base URL, the send path the request's URL (an Azure client's host is its
# resource's, never OpenAI's).


def is_openai_host(host: str) -> bool:
    """``api.openai.com`` and the SDK's other hosts of it (``eu.api.openai.com``, ``mtls.api.openai.com``...)."""
    return host == "api.openai.com" or host.endswith(".api.openai.com")


# Where the SDK keeps a client's base URL: the ``base_url`` property costs ~0.9 µs on openai 3.6x
# (an import inside it), reading the slot behind it ~10 ns (``_base_url`` on older 3.x releases).
_BASE_URL_SLOT = next(
    (name for name in ("_configured_base_url", "_base_url") if name in getattr(BaseClient, "__annotations__", {})),
    None,
)
_NOT_SEEN: tuple[object, bool] = (object(), True)


def on_openai_endpoint(client: Any) -> bool:
    """Whether ``client`` sends to OpenAI's own API. Worked out once per base URL and kept on the
    client: setting ``client.base_url`` makes a new URL object, so the next call works it out again."""
    url = getattr(client, _BASE_URL_SLOT) if _BASE_URL_SLOT is not None else client.base_url
    seen: tuple[object, bool] = getattr(client, "_openai_fakes_endpoint", _NOT_SEEN)
    if seen[0] is url:
        return seen[1]
    answer = is_openai_host(url.host)
    client._openai_fakes_endpoint = (url, answer)
    return answer


# --- the SDK call above a send -------------------------------------------------------------------
# ``openai.AzureOpenAI(..., http_client=<a fake's HTTP client>)`` runs the SDK's own pipeline down to
# ``http_client.send(request)``. The request alone lacks what a handler needs (the type the SDK will
# parse the reply into, the stream's event type): those are the arguments of the SDK's ``request()``
# a few frames up, read from there. The SDK's own request options give the same `Exchange` as a
# fake's seam builds (the path as the SDK's resource wrote it, before Azure puts
# ``/deployments/{model}`` in front: stubs and call records name endpoints as for any client).

_SDK_REQUEST_CODES = frozenset({SyncAPIClient.request.__code__, AsyncAPIClient.request.__code__})
_FRAMES_TO_SEARCH = 8  # request() -> _send_request() -> http_client.send(): three frames today


def call_sending(frame: FrameType | None, request: httpx2.Request) -> tuple[Any, Exchange] | None:
    """The SDK client sending ``request`` and the `Exchange` of its call, when ``frame`` is (a few
    frames below) the SDK's ``request()``; ``None`` for anything else."""
    for _ in range(_FRAMES_TO_SEARCH):
        if frame is None:
            return None
        if frame.f_code in _SDK_REQUEST_CODES:
            found = frame.f_locals
            options = found.get("input_options")
            if not isinstance(options, FinalRequestOptions):
                return None
            exchange = exchange_of(
                options,
                found.get("cast_to"),
                stream=bool(found.get("stream")),
                stream_cls=found.get("stream_cls"),
                attempt=attempt_of(request),
                openai_endpoint=is_openai_host(request.url.host),
            )
            return found.get("self"), exchange
        frame = frame.f_back
    return None


# --- the resource tree -----------------------------------------------------------------------------


def client_of_resource(resource: Any) -> object:
    """The client a resource (``client.files``) was built for."""
    client: object = resource._client
    return client


def client_of_method(method: Any) -> object:
    """The client whose resource tree ``method`` (already checked by ``route_of_method``) hangs from."""
    return client_of_resource(method.__self__)


# --- the SDK's routes, read from its source --------------------------------------------------------
# The generated resource code writes each request as ``self._post("/path", ...)`` or
# ``self._get(path_template("/x/{x_id}", x_id=x_id), ...)`` inside one method of one resource
# class. One reading of every resource module gives a table of each method's requests and of the
# sibling methods it calls; routing, the generic state's families and ``stub()`` all answer from it.

# Two scans: the definitions (a resource class at the margin, its methods four spaces in, a
# function at the margin ending the class before it) and the calls on ``self``, each placed in the
# definition it follows. One pattern for both would cost several times as much: a pattern that
# opens with a literal (``self.``) is searched for that literal first.
_DEFINITION = re.compile(
    r"\n(?:class (?P<cls>\w+)|    (?:async )?def (?P<method>\w+)\(|(?:async )?def (?P<function>\w+)\()"
)
_SELF_CALL = re.compile(
    r'self\.(?:_(?P<verb>get_api_list|get|post|put|patch|delete)\(\s*(?:path_template\(\s*)?"(?P<path>/[^"]*)"'
    r"|(?P<sibling>\w+)\()"
)


@dataclass(frozen=True)
class _MethodSource:
    """What one resource method's source says it does."""

    requests: tuple[tuple[str, str], ...]
    """``(HTTP method, path template)`` of each request its body makes, in order."""
    calls: tuple[str, ...]
    """The methods of its own resource it calls (``self.create(...)``), in order."""


_SENDS_NOTHING = _MethodSource((), ())


@lru_cache(maxsize=1)
def _resource_methods() -> Mapping[tuple[str, str], _MethodSource]:
    """Every method of the SDK's resource classes, by ``(module, "Class.method")`` (a function's
    ``__module__`` and ``__qualname__``). Read from the SDK's source once, in ~20 ms."""
    package = Path(openai.__file__).parent
    table: dict[tuple[str, str], _MethodSource] = {}
    requests: dict[tuple[str, str], list[tuple[str, str]]] = {}
    calls: dict[tuple[str, str], list[str]] = {}
    for file in sorted((package / "resources").rglob("*.py")):
        parts = file.relative_to(package.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        text = "\n" + file.read_text(encoding="utf-8")  # so a definition on the first line starts one too
        definitions = list(_DEFINITION.finditer(text))
        starts = [definition.start() for definition in definitions]
        methods: list[tuple[str, str] | None] = []  # per definition: the resource method it is, if one
        owner: str | None = None
        for definition in definitions:
            kind = definition.lastgroup
            if kind == "method" and owner is not None:
                key = (module, f"{owner}.{definition['method']}")
                table[key] = _SENDS_NOTHING  # every method is known, those that send nothing too
                methods.append(key)
                continue
            if kind == "cls":
                owner = definition["cls"]
            elif kind == "function":
                owner = None
            methods.append(None)
        for call in _SELF_CALL.finditer(text):
            at = bisect_right(starts, call.start()) - 1
            method = methods[at] if at >= 0 else None
            if method is None:
                continue
            if call.lastgroup == "sibling":
                calls.setdefault(method, []).append(call["sibling"])
                continue
            verb = call["verb"].upper()
            if verb == "GET_API_LIST":
                # A list call is a GET unless its arguments say ``method="post"`` (vector store
                # search, certificate activation...): read up to the end of its method.
                end = starts[at + 1] if at + 1 < len(starts) else len(text)
                verb = "POST" if text.find('method="post"', call.end(), end) >= 0 else "GET"
            # A few beta routes carry a fixed query (``/responses?beta=true``): the path is what routes.
            requests.setdefault(method, []).append((verb, call["path"].split("?", 1)[0]))
    for key in {*requests, *calls}:
        table[key] = _MethodSource(tuple(requests.get(key, ())), tuple(calls.get(key, ())))
    return MappingProxyType(table)


_HELPER_NAMES = ("parse", "stream")


@lru_cache(maxsize=1024)
def _senders_of(route: tuple[str, str]) -> tuple[Any, ...]:
    """The sync resource methods whose own request is ``route``, best first: a method before a
    helper built on it (``create`` before ``create_and_poll``, ``parse``, ``stream``), one outside
    ``beta`` before a beta one (``client.beta.responses`` requests ``/responses`` too)."""
    candidates: list[tuple[bool, bool, str, str, str]] = []
    for (module, qualname), read in _resource_methods().items():
        owner, _, name = qualname.partition(".")
        if read.requests[:1] != (route,) or owner.startswith("Async"):
            continue
        helper = name in _HELPER_NAMES or name.endswith(("_and_poll", "_and_stream", "_poll"))
        candidates.append((helper, ".beta." in module, module, owner, name))
    return tuple(
        inspect.unwrap(getattr(getattr(importlib.import_module(module), owner), name))
        for _helper, _beta, module, owner, name in sorted(candidates)
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
    route = _route_of_function(owner_class, function.__name__, frozenset())
    if route is None:
        raise TypeError(f"{type(owner).__name__}.{function.__name__} sends no HTTP request the fake could answer")
    return route


def _route_of_function(cls: type, name: str, seen: frozenset[str]) -> tuple[str, str] | None:
    found = _sender(cls, name, seen)
    return found[1] if found is not None else None


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
    function = inspect.unwrap(function)
    read = _resource_methods().get(
        (getattr(function, "__module__", None) or "", getattr(function, "__qualname__", None) or "")
    )
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


@lru_cache(maxsize=1)
def sdk_routes() -> frozenset[tuple[str, str]]:
    """Every ``(HTTP method, path template)`` the installed SDK's resources request."""
    return frozenset(route for read in _resource_methods().values() for route in read.requests)


@lru_cache(maxsize=1)
def sdk_path_templates() -> tuple[str, ...]:
    """Every path template the installed SDK's resources request, e.g. ``/files/{file_id}/content``."""
    return tuple(sorted({template for _method, template in sdk_routes()}))


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
    import typing

    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _is_stream(tp: Any) -> bool:
    import typing

    origin = typing.get_origin(tp) or tp
    return inspect.isclass(origin) and issubclass(origin, openai.Stream)
