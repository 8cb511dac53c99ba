"""The one module that touches the openai SDK's private names.

The fake replaces only what the server does. Two entry points:

* ``request()``: a plain call (not raw, not streamed) is answered here by validating the
  handler's JSON into ``cast_to`` — the SDK's own HTTP pipeline costs ~500 µs even in memory.
* ``_send_request()``: everything else (raw and streaming wrappers, SSE streams, binary bodies,
  errors and the SDK's retry loop) gets an in-memory ``httpx2.Response`` and the SDK does the rest.

A plain SDK client built over a fake's HTTP client (``openai.AzureOpenAI(http_client=...)``) has
neither: its HTTP client's ``send()`` answers it the same way (`FakeHttpClient`).

Both paths consume the backend's RNG in the same order, so they give identical replies.
When a new SDK release moves something, this is the file to change.
"""

from __future__ import annotations

import datetime
import inspect
import json
import re
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from collections.abc import Mapping as AbcMapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache, wraps
from pathlib import Path
from types import CodeType, FrameType, MappingProxyType, MethodType
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
    overload,
)

import httpx2
import openai
import openai._resource
import pydantic
from openai import AsyncStream, Stream
from openai._base_client import AsyncAPIClient, BaseClient, BasePage, SyncAPIClient
from openai._compat import PYDANTIC_V1
from openai._constants import OVERRIDE_CAST_TO_HEADER, RAW_RESPONSE_HEADER
from openai._legacy_response import HttpxBinaryResponseContent
from openai._models import FinalRequestOptions, add_request_id
from openai._streaming import extract_stream_chunk_type
from openai._types import ModelBuilderProtocol, NotGiven, Omit

from ._exchange import (
    BytesReply,
    ErrorReply,
    Exchange,
    FailureReply,
    JsonReply,
    Reply,
    SseReply,
    TextReply,
)

if TYPE_CHECKING:
    from openai.resources.realtime.realtime import AsyncRealtime, Realtime
    from openai.resources.responses.responses import AsyncResponses, Responses

    from ._server import FakeServer

ResponseT = TypeVar("ResponseT")
_StreamT = TypeVar("_StreamT", bound=Stream[Any])
_AsyncStreamT = TypeVar("_AsyncStreamT", bound=AsyncStream[Any])

BINARY_CONTENT_TYPE: type = HttpxBinaryResponseContent


def page_item_type(tp: Any) -> Any | None:
    """For a page class (``SyncCursorPage[FileObject]``), the type of one item; else ``None``."""
    if not (inspect.isclass(tp) and issubclass(tp, BasePage)):
        return None
    field = tp.model_fields.get("data")
    args = getattr(field.annotation, "__args__", None) if field is not None else None
    return args[0] if args else None


class FakeTransportError(openai.OpenAIError):
    """Raised if anything below the fake's seam tries to reach the network (HTTP or websocket)."""


class _NoNetworkTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """The transport every fake's HTTP client gets: it refuses to send, loudly."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise FakeTransportError(
            f"openai_fakes: refused to send {request.method} {request.url} over the network. "
            "A fake client answers in memory; this request bypassed the fake's seam (please report it)."
        )

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.handle_request(request)


class FakeHttpClient(httpx2.Client):
    """The fake's HTTP client: never sends; carries the server so `copy()` / `with_options()` share it.

    A fake never calls its ``send``. Another SDK client given it as ``http_client`` (an
    ``openai.AzureOpenAI``, an ``openai.OpenAI`` for a local server) does: such a call is answered
    from the server in memory (`_sdk_call_sending`); anything else is refused by the transport.
    """

    def __init__(self, server: FakeServer) -> None:
        super().__init__(transport=_NoNetworkTransport(), base_url="https://api.openai.com/v1")
        self.openai_fakes_server = server

    def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        found = _sdk_call_sending(sys._getframe(1), request)
        if found is None:
            return super().send(request, stream=stream, **kwargs)  # the transport refuses, loudly
        client, exchange = found
        _adopt(client, self.openai_fakes_server)
        reply, headers = self.openai_fakes_server.handle(exchange)
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            response.read()
        return response


class FakeAsyncHttpClient(httpx2.AsyncClient):
    """`FakeHttpClient` for the async clients."""

    def __init__(self, server: FakeServer) -> None:
        super().__init__(transport=_NoNetworkTransport(), base_url="https://api.openai.com/v1")
        self.openai_fakes_server = server

    async def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        found = _sdk_call_sending(sys._getframe(1), request)
        if found is None:
            return await super().send(request, stream=stream, **kwargs)
        client, exchange = found
        _adopt(client, self.openai_fakes_server)
        reply, headers = await self.openai_fakes_server.ahandle(exchange)
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            await response.aread()
        return response


def server_of_http_client(http_client: object) -> FakeServer | None:
    server = getattr(http_client, "openai_fakes_server", None)
    return cast("FakeServer | None", server)


# --- request options -> Exchange -------------------------------------------------------------


def _given(value: Any) -> bool:
    return not isinstance(value, (NotGiven, Omit))


def _exchange(
    options: FinalRequestOptions,
    cast_to: Any,
    *,
    stream: bool,
    stream_cls: Any,
    attempt: int = 0,
    openai_endpoint: bool = True,
) -> Exchange:
    body: Any = options.json_data
    if options.extra_json:
        body = {**(body if isinstance(body, dict) else {}), **options.extra_json}
    headers = options.headers
    # NotGiven and Omit are falsy: test truth first, the type check only for real headers.
    header_map = {k: v for k, v in headers.items() if isinstance(v, str)} if headers and _given(headers) else {}
    item_type = _stream_item_type(stream_cls, cast_to) if stream else None
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
        options.post_parser if _given(options.post_parser) else None,  # post_parser
    )


_NO_PATH_PARAMS: Mapping[str, str] = MappingProxyType({})


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


# --- another SDK client over the fake's HTTP client ------------------------------------------------
# ``openai.AzureOpenAI(..., http_client=<a fake's HTTP client>)`` runs the SDK's own pipeline down to
# ``http_client.send(request)``. The request alone lacks what a handler needs (the type the SDK will
# parse the reply into, the stream's event type): those are the arguments of the SDK's ``request()``
# a few frames up, read from there. The SDK's own request options give the same `Exchange` as a
# fake's seam builds (the path as the SDK's resource wrote it, before Azure puts
# ``/deployments/{model}`` in front: stubs and call records name endpoints as for any client).

_SDK_REQUEST_CODES: frozenset[CodeType] = frozenset({SyncAPIClient.request.__code__, AsyncAPIClient.request.__code__})
_FRAMES_TO_SEARCH = 8  # request() -> _send_request() -> http_client.send(): three frames today


def _sdk_call_sending(frame: FrameType | None, request: httpx2.Request) -> tuple[Any, Exchange] | None:
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
            exchange = _exchange(
                options,
                found.get("cast_to"),
                stream=bool(found.get("stream")),
                stream_cls=found.get("stream_cls"),
                attempt=_attempt_of(request),
                openai_endpoint=is_openai_host(request.url.host),
            )
            return found.get("self"), exchange
        frame = frame.f_back
    return None


def _adopt(client: Any, server: FakeServer) -> None:
    """Give a plain SDK client that sends through a fake's HTTP client the fake's waits: its retry
    waits and poll waits pass on the server's virtual clock (recorded, as a fake's are) instead of
    sleeping. Set on that one client, the first time it sends."""
    if client is None or getattr(client, "_fake_server", None) is not None:
        return
    client._fake_server = server
    seam = AsyncSeam if isinstance(client, openai.AsyncOpenAI) else SyncSeam
    client._sleep_for_retry = MethodType(seam._sleep_for_retry, client)


def _stream_item_type(stream_cls: Any, cast_to: Any) -> Any:
    """The type of one streamed event, found as the SDK finds it (``Stream[X]`` or a subclass of one)."""
    if stream_cls is None:
        return cast_to
    try:
        return extract_stream_chunk_type(stream_cls)
    except (TypeError, RuntimeError):
        return cast_to


def _fast_path_allowed(cast_to: Any, options: FinalRequestOptions) -> bool:
    headers = options.headers
    if headers and _given(headers) and (RAW_RESPONSE_HEADER in headers or OVERRIDE_CAST_TO_HEADER in headers):
        return False
    return _parses_as_plain_model(cast_to)


@cache
def _parses_as_plain_model(cast_to: Any) -> bool:
    """True when the SDK would parse the body straight into ``cast_to`` (cached: a runtime Protocol
    check costs several microseconds)."""
    return (
        inspect.isclass(cast_to)
        and issubclass(cast_to, openai.BaseModel)
        and not issubclass(cast_to, ModelBuilderProtocol)
    )


_UNANSWERED = object()


def _finish_fast(cast_to: Any, options: FinalRequestOptions, answer: tuple[Reply, Mapping[str, str]]) -> Any:
    """A plain success parsed as the SDK would parse it; anything else (an error, a failure, a
    non-JSON body) is `_UNANSWERED`: the SDK's own pipeline takes it as the first attempt's answer."""
    reply, headers = answer
    if not (isinstance(reply, JsonReply) and reply.status < 300):
        return _UNANSWERED
    try:
        parsed = cast_to.model_validate(reply.data)
    except pydantic.ValidationError as error:
        raise TypeError(
            f"openai_fakes: the answer for {options.method.upper()} {options.url} is not a valid "
            f"{cast_to.__name__} (a scripted override of the wrong shape?):\n{error}"
        ) from None
    post_parser = options.post_parser
    if _given(post_parser):
        parsed = cast(Any, post_parser)(parsed)
    if isinstance(parsed, openai.BaseModel):
        if _request_id_is_plain(type(parsed)):
            object.__setattr__(parsed, "_request_id", headers["x-request-id"])
        else:
            add_request_id(parsed, headers["x-request-id"])
    return parsed


@cache
def _request_id_is_plain(cls: type) -> bool:
    """True when ``add_request_id`` stores the id as a plain instance attribute: on pydantic 2,
    setting an underscore name that is neither a private attribute nor a class variable goes
    through ``BaseModel.__setattr__`` (about a microsecond) to ``object.__setattr__``."""
    model = cast(Any, cls)
    return (
        not PYDANTIC_V1
        and model.__setattr__ is pydantic.BaseModel.__setattr__
        and "_request_id" not in model.__private_attributes__
        and "_request_id" not in model.__class_vars__
    )


# --- Reply -> in-memory httpx2.Response ------------------------------------------------------


class _LazyBody(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A body produced on demand, so an unread streaming response stays open (``is_closed`` False)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk


def _sse_chunks(reply: SseReply) -> Iterator[bytes]:
    for name, payload in reply.events:
        head = f"event: {name}\n" if name else ""
        yield f"{head}data: {json.dumps(payload, separators=(',', ':'))}\n\n".encode()
    if reply.done_marker:
        yield b"data: [DONE]\n\n"


def _body_of(reply: Reply) -> tuple[int, str | None, Iterator[bytes]]:
    if isinstance(reply, FailureReply):
        raise AssertionError("a transport failure has no body")
    if isinstance(reply, JsonReply):
        return reply.status, "application/json", iter((json.dumps(reply.data).encode(),))
    if isinstance(reply, ErrorReply):
        return reply.status, "application/json", iter((json.dumps(reply.body).encode(),))
    if isinstance(reply, SseReply):
        return 200, "text/event-stream; charset=utf-8", _sse_chunks(reply)
    if isinstance(reply, BytesReply):
        return 200, reply.content_type, iter((reply.content,))
    if isinstance(reply, TextReply):
        return 200, reply.content_type, iter((reply.text.encode(),))
    return reply.status, None, iter(())


def build_http_response(reply: Reply, request: httpx2.Request, headers: Mapping[str, str]) -> httpx2.Response:
    status, content_type, chunks = _body_of(reply)
    all_headers = dict(headers)
    if content_type is not None:
        all_headers["content-type"] = content_type
    all_headers.update(reply.headers)
    response = httpx2.Response(status, headers=all_headers, stream=_LazyBody(chunks), request=request)
    response.elapsed = datetime.timedelta(milliseconds=int(headers.get("openai-processing-ms", "0")))
    return response


# --- the SDK entry points ---------------------------------------------------------------------


@dataclass
class _Pending:
    """What `request()` hands down to `_send_request()` for one SDK call."""

    cast_to: Any
    options: FinalRequestOptions
    stream: bool
    stream_cls: Any
    first_reply: Reply | None
    first_headers: Mapping[str, str] | None


_PENDING: ContextVar[_Pending | None] = ContextVar("openai_fakes_pending", default=None)


def _attempt_of(request: httpx2.Request) -> int:
    try:
        return int(request.headers.get("x-stainless-retry-count", "0"))
    except ValueError:
        return 0


def _current(request: httpx2.Request) -> _Pending:
    pending = _PENDING.get()
    if pending is None:
        raise FakeTransportError(
            f"openai_fakes: {request.method} {request.url} reached the fake's send step outside an SDK call"
        )
    return pending


def _pending_first(request: httpx2.Request) -> tuple[Reply, Mapping[str, str]] | None:
    """The fast path's answer to the first attempt, when it was not a plain success."""
    pending = _current(request)
    if pending.first_reply is not None and pending.first_headers is not None:
        answer = pending.first_reply, pending.first_headers
        pending.first_reply = pending.first_headers = None
        return answer
    return None


def _exchange_for_send(request: httpx2.Request) -> Exchange:
    pending = _current(request)
    return _exchange(
        pending.options,
        pending.cast_to,
        stream=pending.stream,
        stream_cls=pending.stream_cls,
        attempt=_attempt_of(request),
        openai_endpoint=is_openai_host(request.url.host),
    )


def _raise_transport_failure(reply: Reply, request: httpx2.Request) -> None:
    """A scripted timeout or connection error fails the transport, so the SDK retries and raises its own."""
    if isinstance(reply, FailureReply):
        if reply.kind == "timeout":
            raise httpx2.ReadTimeout("openai_fakes: scripted timeout", request=request)
        raise httpx2.ConnectError("openai_fakes: scripted connection error", request=request)


def _refuse_websocket(url: str) -> None:
    """Every websocket API of the SDK prepares its options or its query string just before
    connecting (`_prepare_options`, `_websocket_query_params`): stop it there."""
    if url.startswith(("ws://", "wss://")):
        raise FakeTransportError(
            f"openai_fakes: refused to open a websocket to {url}: this websocket API (live, translations, "
            "beta...) is not simulated by this version of openai_fakes (client.realtime.connect() and "
            "client.responses.connect() are), and the fake never connects to the network"
        )


_ResourceT = TypeVar("_ResourceT")


def _route_websockets(resource: _ResourceT, client: SyncSeam | AsyncSeam) -> _ResourceT:
    """Make ``resource.connect()`` open an in-memory websocket to the fake server.

    ``connect()`` still returns the SDK's own connection manager; on that instance, the one step that
    would open a socket, ``_connect_ws(extra_query, extra_headers)``, is replaced by one that returns a
    fake socket (`_realtime_socket`). So the SDK's own connection class (send queue, event parsing,
    iteration, handlers, reconnects) runs unchanged on top of it.
    """
    connect = getattr(resource, "connect")

    @wraps(connect)
    def fake_connect(*args: Any, **kwargs: Any) -> Any:
        from . import _realtime_socket as sockets

        manager = connect(*args, **kwargs)
        given: dict[str, Any] = {k: kwargs[k] for k in ("model", "call_id") if k in kwargs and _given(kwargs[k])}
        server = client._fake_server

        def connect_ws(extra_query: Any, extra_headers: Any) -> Any:
            return sockets.open_socket(server, resource, {**given, **dict(extra_query or {})})

        async def connect_ws_async(extra_query: Any, extra_headers: Any) -> Any:
            return sockets.open_async_socket(server, resource, {**given, **dict(extra_query or {})})

        setattr(manager, "_connect_ws", connect_ws_async if isinstance(client, openai.AsyncOpenAI) else connect_ws)
        return manager

    setattr(resource, "connect", fake_connect)
    return resource


def _retry_wait(
    client: openai.OpenAI | openai.AsyncOpenAI,
    retries_taken: int,
    max_retries: int,
    options: FinalRequestOptions,
    response: httpx2.Response | None,
) -> None:
    """The wait the SDK would sleep before a retry, computed by the SDK itself (``retry-after``
    honoured), then passed on a virtual clock and recorded instead of slept."""
    server: FakeServer = getattr(client, "_fake_server")
    wait = client._calculate_retry_timeout(
        max_retries - retries_taken, options, response.headers if response is not None else None
    )
    server.note_retry_wait(wait)


class SyncSeam(openai.OpenAI):
    """`openai.OpenAI` with the server step replaced by an in-memory fake server."""

    _fake_server: FakeServer

    @overload
    def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: Literal[True],
        stream_cls: type[_StreamT],
    ) -> _StreamT: ...

    @overload
    def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: Literal[False] = False,
    ) -> ResponseT: ...

    @overload
    def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
    ) -> ResponseT | _StreamT: ...

    def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
    ) -> ResponseT | _StreamT:
        first: tuple[Reply, Mapping[str, str]] | tuple[None, None] = (None, None)
        if not stream and _fast_path_allowed(cast_to, options):
            answer = self._fake_server.handle(
                _exchange(options, cast_to, stream=False, stream_cls=None, openai_endpoint=on_openai_endpoint(self))
            )
            parsed = _finish_fast(cast_to, options, answer)
            if parsed is not _UNANSWERED:
                return cast(ResponseT, parsed)
            first = answer  # not a plain success: the SDK's pipeline takes it as the first attempt's answer
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, *first))
        try:
            return super().request(cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    def _send_request(self, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        pending = _pending_first(request)
        if pending is not None:
            reply, headers = pending
        else:
            reply, headers = self._fake_server.handle(_exchange_for_send(request))
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            response.read()
        return response

    def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        _refuse_websocket(options.url)
        return super()._prepare_options(options)

    @cached_property
    def realtime(self) -> Realtime:
        return _route_websockets(super().realtime, self)

    @cached_property
    def responses(self) -> Responses:
        return _route_websockets(super().responses, self)

    def _websocket_query_params(self, url: httpx2.URL, extra_query: Any) -> httpx2.QueryParams:
        _refuse_websocket(str(url))
        raise AssertionError("unreachable")

    def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: httpx2.Response | None
    ) -> None:
        # The SDK's retry loop runs as is; only its wait is virtual (see `_retry_wait`).
        _retry_wait(self, retries_taken, max_retries, options, response)


class AsyncSeam(openai.AsyncOpenAI):
    """`openai.AsyncOpenAI` with the server step replaced by an in-memory fake server."""

    _fake_server: FakeServer

    @overload
    async def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: Literal[False] = False,
    ) -> ResponseT: ...

    @overload
    async def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: Literal[True],
        stream_cls: type[_AsyncStreamT],
    ) -> _AsyncStreamT: ...

    @overload
    async def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: bool,
        stream_cls: type[_AsyncStreamT] | None = None,
    ) -> ResponseT | _AsyncStreamT: ...

    async def request(
        self,
        cast_to: type[ResponseT],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[_AsyncStreamT] | None = None,
    ) -> ResponseT | _AsyncStreamT:
        first: tuple[Reply, Mapping[str, str]] | tuple[None, None] = (None, None)
        if not stream and _fast_path_allowed(cast_to, options):
            answer = await self._fake_server.ahandle(
                _exchange(options, cast_to, stream=False, stream_cls=None, openai_endpoint=on_openai_endpoint(self))
            )
            parsed = _finish_fast(cast_to, options, answer)
            if parsed is not _UNANSWERED:
                return cast(ResponseT, parsed)
            first = answer  # not a plain success: the SDK's pipeline takes it as the first attempt's answer
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, *first))
        try:
            return await super().request(cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    async def _send_request(self, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        pending = _pending_first(request)
        if pending is not None:
            reply, headers = pending
        else:
            reply, headers = await self._fake_server.ahandle(_exchange_for_send(request))
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            await response.aread()
        return response

    async def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        _refuse_websocket(options.url)
        return await super()._prepare_options(options)

    @cached_property
    def realtime(self) -> AsyncRealtime:
        return _route_websockets(super().realtime, self)

    @cached_property
    def responses(self) -> AsyncResponses:
        return _route_websockets(super().responses, self)

    def _websocket_query_params(self, url: httpx2.URL, extra_query: Any) -> httpx2.QueryParams:
        _refuse_websocket(str(url))
        raise AssertionError("unreachable")

    async def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: httpx2.Response | None
    ) -> None:
        _retry_wait(self, retries_taken, max_retries, options, response)


# --- poll waits -----------------------------------------------------------------------------------
# The SDK's poll helpers (``create_and_poll``, ``upload_and_poll``, ``runs.poll``,
# ``videos.create_and_poll``) sleep through ``APIResource._sleep`` between two retrieves. A
# resource of a fake waits on its backend's clock instead (recorded in ``fake.lifecycle.waits``,
# added to a virtual clock); any other client's resources sleep as the SDK wrote them. This is the
# one change to an SDK class made at import: resources are built by the SDK's ``cached_property``
# accessors, so there is no fake-owned object to put the method on.
_sdk_sleep = openai._resource.SyncAPIResource._sleep
_sdk_asleep = openai._resource.AsyncAPIResource._sleep


def _fake_server_of(resource: Any) -> FakeServer | None:
    server: FakeServer | None = getattr(resource._client, "_fake_server", None)
    return server


def _note_poll_wait(server: FakeServer, seconds: float) -> None:
    from ._lifecycle import Lifecycles

    Lifecycles.of(server.backend).note_wait(seconds)


def _resource_sleep(self: Any, seconds: float) -> None:
    server = _fake_server_of(self)
    if server is None:
        _sdk_sleep(self, seconds)
    else:
        _note_poll_wait(server, seconds)


async def _resource_asleep(self: Any, seconds: float) -> None:
    server = _fake_server_of(self)
    if server is None:
        await _sdk_asleep(self, seconds)
    else:
        _note_poll_wait(server, seconds)
        await _sdk_asleep(self, 0)  # still a checkpoint: other tasks run between two polls


openai._resource.SyncAPIResource._sleep = _resource_sleep  # type: ignore[method-assign]
openai._resource.AsyncAPIResource._sleep = _resource_asleep  # type: ignore[method-assign]


# --- the SDK's path templates, for path parameters ---------------------------------------------

_VERB_CALL = re.compile(
    r'self\._(get_api_list|get|post|put|patch|delete)\(\s*(?:path_template\(\s*)?"(/[^"]*)"', re.MULTILINE
)
_SIBLING_CALL = re.compile(r"self\.(\w+)\(")


def route_of_method(method: Any) -> tuple[str, str]:
    """``(HTTP method, path template)`` that an SDK resource method requests, read from its source.

    Helpers that send nothing themselves (``create_and_poll``, ``stream``...) resolve to the first
    sibling method they call that does. Raises ``TypeError`` naming the fix for anything else.
    """
    owner = getattr(method, "__self__", None)
    function = getattr(method, "__func__", None)
    if (
        owner is None
        or function is None
        or not isinstance(owner, (openai._resource.SyncAPIResource, openai._resource.AsyncAPIResource))
    ):
        raise TypeError(
            f"expected a method of the fake's resource tree, e.g. fake.chat.completions.create; got {method!r}"
        )
    owner_class: type = type(owner)
    route = _route_of_function(owner_class, function.__name__, frozenset())
    if route is None:
        raise TypeError(f"{type(owner).__name__}.{function.__name__} sends no HTTP request the fake could answer")
    return route


def client_of_method(method: Any) -> object:
    """The client whose resource tree ``method`` (already checked by ``route_of_method``) hangs from."""
    client: object = method.__self__._client
    return client


@lru_cache(maxsize=4096)  # reading the SDK's source costs ~0.5 ms; a stub per test asks again and again
def _route_of_function(cls: type, name: str, seen: frozenset[str]) -> tuple[str, str] | None:
    function = getattr(cls, name, None)
    if function is None or name in seen:
        return None
    try:
        source = inspect.getsource(inspect.unwrap(function))
    except (OSError, TypeError):
        return None
    found = _VERB_CALL.search(source)
    if found is not None:
        verb = "GET" if found.group(1) in ("get", "get_api_list") else found.group(1).upper()
        return verb, found.group(2)
    for sibling in [*_SIBLING_CALL.findall(source), *_underlying_names(name)]:
        route = _route_of_function(cls, sibling, seen | {name})
        if route is not None:
            return route
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


_PATH_LITERAL = re.compile(r'"(/[A-Za-z0-9_\-./{}:]*)"')


@lru_cache(maxsize=1)
def sdk_path_templates() -> tuple[str, ...]:
    """Every path template the installed SDK's resources use, e.g. ``/files/{file_id}/content``.

    Read from the SDK's source once: the generated code writes each path as a string literal.
    """
    root = Path(openai.__file__).parent / "resources"
    found: set[str] = set()
    for source in root.rglob("*.py"):
        found.update(
            m for m in _PATH_LITERAL.findall(source.read_text(encoding="utf-8")) if "{" in m or m.count("/") >= 1
        )
    return tuple(sorted(found))


# --- every client in the process (the pytest plugin's `patch_openai`) --------------------------


def install_everywhere(answer_from: Callable[[], FakeServer], *, placeholder_api_key: str) -> Callable[[], None]:
    """Answer every plain ``openai.OpenAI`` / ``openai.AsyncOpenAI`` in the process (the Azure
    clients, subclasses, inherit it) from the server ``answer_from()`` returns at each call,
    module-level clients included, until the returned function is called.

    The SDK classes get the fake's seam for the duration: ``request`` hands the call down,
    ``_send_request`` answers it in memory, retries wait virtually, websockets are refused.
    Fakes are left alone: they already have their own server.

    Clients built meanwhile construct with no environment at all: one given no credential gets
    ``placeholder_api_key`` (as a fake does, the environment's real keys are never read); an Azure
    client given no ``api_version`` / endpoint, by argument or environment, gets placeholders.
    """
    saved: list[tuple[type, str, Any]] = []
    absent = object()

    def patch(cls: type, name: str, value: Any) -> None:
        # Set on the SDK client class itself; undo restores its own entry or removes ours, so
        # an inherited method shows through again.
        saved.append((cls, name, cls.__dict__.get(name, absent)))
        setattr(cls, name, value)

    sync_request = openai.OpenAI.request
    async_request = openai.AsyncOpenAI.request

    def request(
        self: Any, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        if isinstance(self, SyncSeam):
            return sync_request(self, cast_to, options, stream=stream, stream_cls=stream_cls)
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, None, None))
        try:
            return sync_request(self, cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    async def arequest(
        self: Any, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        if isinstance(self, AsyncSeam):
            return await async_request(self, cast_to, options, stream=stream, stream_cls=stream_cls)
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, None, None))
        try:
            return await async_request(self, cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    def send(self: Any, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        reply, headers = answer_from().handle(_exchange_for_send(request))
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            response.read()
        return response

    async def asend(self: Any, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        reply, headers = await answer_from().ahandle(_exchange_for_send(request))
        _raise_transport_failure(reply, request)
        response = build_http_response(reply, request, headers)
        if not stream:
            await response.aread()
        return response

    def sleep(self: Any, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: Any) -> None:
        answer_from().note_retry_wait(
            self._calculate_retry_timeout(max_retries - retries_taken, options, response.headers if response else None)
        )

    async def asleep(
        self: Any, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: Any
    ) -> None:
        sleep(self, retries_taken=retries_taken, max_retries=max_retries, options=options, response=response)

    def refuse(self: Any, url: Any, extra_query: Any) -> Any:
        _refuse_websocket(str(url))

    patch(openai.OpenAI, "request", request)
    patch(openai.AsyncOpenAI, "request", arequest)
    patch(openai.OpenAI, "_send_request", send)
    patch(openai.AsyncOpenAI, "_send_request", asend)
    patch(openai.OpenAI, "_sleep_for_retry", sleep)
    patch(openai.AsyncOpenAI, "_sleep_for_retry", asleep)
    patch(openai.OpenAI, "_websocket_query_params", refuse)

    def poll_sleep(self: Any, seconds: float) -> None:
        _note_poll_wait(_fake_server_of(self) or answer_from(), seconds)

    async def poll_asleep(self: Any, seconds: float) -> None:
        _note_poll_wait(_fake_server_of(self) or answer_from(), seconds)
        await _sdk_asleep(self, 0)

    patch(openai._resource.SyncAPIResource, "_sleep", poll_sleep)
    patch(openai._resource.AsyncAPIResource, "_sleep", poll_asleep)
    patch(openai.AsyncOpenAI, "_websocket_query_params", refuse)

    # --- construction: a client built while patched needs no key in the environment
    def with_placeholder_key(kwargs: dict[str, Any]) -> dict[str, Any]:
        if all(kwargs.get(name) is None for name in ("api_key", "workload_identity", "provider")):
            kwargs["api_key"] = placeholder_api_key
        return kwargs

    def for_azure(kwargs: dict[str, Any]) -> dict[str, Any]:
        # Non-secret settings still come from the environment when it has them, as in the SDK.
        import os

        if all(
            kwargs.get(name) is None
            for name in ("api_key", "azure_ad_token", "azure_ad_token_provider", "workload_identity")
        ):
            kwargs["api_key"] = placeholder_api_key
        if kwargs.get("api_version") is None and "OPENAI_API_VERSION" not in os.environ:
            kwargs["api_version"] = "2024-10-21"
        if (
            kwargs.get("base_url") is None
            and kwargs.get("azure_endpoint") is None
            and "AZURE_OPENAI_ENDPOINT" not in os.environ
        ):
            kwargs["azure_endpoint"] = "https://openai-fakes.openai.azure.com"
        return kwargs

    def constructor(cls: type, fill: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        original: Callable[..., None] = getattr(cls, "__init__")

        @wraps(original)
        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            if isinstance(self, (SyncSeam, AsyncSeam)):  # a fake: it brings its own placeholders
                original(self, *args, **kwargs)
            else:
                original(self, *args, **fill(kwargs))

        patch(cls, "__init__", init)

    constructor(openai.OpenAI, with_placeholder_key)
    constructor(openai.AsyncOpenAI, with_placeholder_key)
    constructor(openai.AzureOpenAI, for_azure)
    constructor(openai.AsyncAzureOpenAI, for_azure)

    def undo() -> None:
        for cls, name, value in reversed(saved):
            if value is absent:
                delattr(cls, name)
            else:
                setattr(cls, name, value)
        saved.clear()

    return undo
