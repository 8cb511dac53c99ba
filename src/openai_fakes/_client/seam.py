"""Where the fake overrides what the openai SDK does: the server step, retry and poll waits, websockets.

The fake replaces only what the server does. Two entry points:

* ``request()``: a plain call (not raw, not streamed) is answered here by validating the
  handler's JSON into ``cast_to`` — the SDK's own HTTP pipeline costs ~500 µs even in memory.
* ``_send_request()``: everything else (raw and streaming wrappers, SSE streams, binary bodies,
  errors and the SDK's retry loop) gets an in-memory ``httpx2.Response`` and the SDK does the rest.

A plain SDK client built over a fake's HTTP client (``openai.AzureOpenAI(http_client=...)``) has
neither: its HTTP client's ``send()`` answers it the same way (`FakeHttpClient`).

Both paths consume the backend's RNG in the same order, so they give identical replies.
What the SDK declares and where it keeps things (request options, routes, page and stream types)
is read in `_core.sdk`; this module and that one are the only ones that touch the SDK's private names.
When a new SDK release changes a behaviour the fake replaces, this is the file to change.
"""

from __future__ import annotations

import datetime
import importlib
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, wraps
from types import MethodType
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
from openai import AsyncStream, Stream

from .._core.exchange import (
    Exchange,
    FailureReply,
    JsonReply,
    Reply,
)
from .._core.sdk import (
    AsyncAPIResource,
    FinalRequestOptions,
    SyncAPIResource,
    add_request_id,
    attempt_of,
    call_sending,
    client_of_resource,
    constructed_model,
    exchange_of,
    given,
    is_openai_host,
    on_openai_endpoint,
    parsed_as_plain_model,
    request_id_is_plain,
    strict_client,
    validated_model,
)
from .._core.transport_error import FakeTransportError
from .._core.wire import body_of

if TYPE_CHECKING:
    from openai.resources.beta.beta import AsyncBeta, Beta
    from openai.resources.live.live import AsyncLive, Live
    from openai.resources.realtime.realtime import AsyncRealtime, Realtime
    from openai.resources.responses.responses import AsyncResponses, Responses

    from .._server.server import FakeServer

ResponseT = TypeVar("ResponseT")
_StreamT = TypeVar("_StreamT", bound=Stream[Any])
_AsyncStreamT = TypeVar("_AsyncStreamT", bound=AsyncStream[Any])


class _NoNetworkTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """The transport every fake's HTTP client gets: it refuses to send, loudly."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise FakeTransportError(
            f"openai_fakes: refused to send {request.method} {request.url} over the network. "
            "A fake client answers in memory; this request bypassed the fake's seam (please report it)."
        )

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.handle_request(request)


# Parsed once: an httpx client parses a base URL given as text at each construction (~10 us), and
# the fake's HTTP clients never use theirs (the SDK sends full URLs); URLs are immutable, so all share it.
_UNUSED_BASE_URL = httpx2.URL("https://api.openai.com/v1/")
_NO_NETWORK = _NoNetworkTransport()


class FakeHttpClient(httpx2.Client):
    """The fake's HTTP client: never sends; carries the server so `copy()` / `with_options()` share it.

    A fake never calls its ``send``. Another SDK client given it as ``http_client`` (an
    ``openai.AzureOpenAI``, an ``openai.OpenAI`` for a local server) does: such a call is answered
    from the server in memory (`_core.sdk.call_sending`); anything else is refused by the transport.
    """

    def __init__(self, server: FakeServer) -> None:
        super().__init__(transport=_NO_NETWORK, base_url=_UNUSED_BASE_URL)
        self.openai_fakes_server = server

    def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        found = call_sending(sys._getframe(1), request)
        if found is None:
            return super().send(request, stream=stream, **kwargs)  # the transport refuses, loudly
        client, exchange = found
        _adopt(client, self.openai_fakes_server)
        return _http_response(self.openai_fakes_server.handle(exchange), request, stream=stream)


class FakeAsyncHttpClient(httpx2.AsyncClient):
    """`FakeHttpClient` for the async clients."""

    def __init__(self, server: FakeServer) -> None:
        super().__init__(transport=_NO_NETWORK, base_url=_UNUSED_BASE_URL)
        self.openai_fakes_server = server

    async def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        found = call_sending(sys._getframe(1), request)
        if found is None:
            return await super().send(request, stream=stream, **kwargs)
        client, exchange = found
        _adopt(client, self.openai_fakes_server)
        return _http_response(await self.openai_fakes_server.ahandle(exchange), request, stream=stream)


def server_of_http_client(http_client: object) -> FakeServer | None:
    server = getattr(http_client, "openai_fakes_server", None)
    return cast("FakeServer | None", server)


# --- another SDK client over the fake's HTTP client ------------------------------------------------


def _adopt(client: Any, server: FakeServer) -> None:
    """Give a plain SDK client that sends through a fake's HTTP client the fake's waits: its retry
    waits and poll waits pass on the server's virtual clock (recorded, as a fake's are) instead of
    sleeping. Set on that one client, the first time it sends."""
    if client is None or getattr(client, "_fake_server", None) is not None:
        return
    client._fake_server = server
    seam = AsyncSeam if isinstance(client, openai.AsyncOpenAI) else SyncSeam
    client._sleep_for_retry = MethodType(seam._sleep_for_retry, client)


# --- the fast path's answer -----------------------------------------------------------------------

_UNANSWERED = object()


def _finish_fast(
    cast_to: Any, options: FinalRequestOptions, answer: tuple[Reply, Mapping[str, str]], client: object
) -> Any:
    """A plain success parsed as the SDK would parse it: validated, or on a default client what
    does not validate constructed as sent, as the SDK constructs it. Anything else (an error, a
    failure, a non-JSON body, JSON a strict client refuses) is `_UNANSWERED`: the SDK's own pipeline
    takes it as the first attempt's answer, and parses it as it parses any server's."""
    reply, headers = answer
    if not (isinstance(reply, JsonReply) and reply.status < 300):
        return _UNANSWERED
    parsed = validated_model(cast_to, reply.data)
    if parsed is None:
        if reply.data is None or strict_client(client):
            return _UNANSWERED
        parsed = constructed_model(cast_to, reply.data)
    post_parser = options.post_parser
    if given(post_parser):
        parsed = cast(Any, post_parser)(parsed)
    if isinstance(parsed, openai.BaseModel):
        if request_id_is_plain(type(parsed)):
            object.__setattr__(parsed, "_request_id", headers["x-request-id"])
        else:
            add_request_id(parsed, headers["x-request-id"])
    return parsed


class _ValidatesFirst:
    """Mixed into both seams: the SDK's parse of a body (a raw or streaming response's, each stream
    event's, a page's), validating first (`_core.sdk.validated_model`); what does not validate,
    the SDK parses as it parses any server's."""

    def _process_response_data(self, *, data: object, cast_to: Any, response: httpx2.Response) -> Any:
        parsed = validated_model(cast_to, data)
        if parsed is not None:
            return parsed
        return cast(Any, super())._process_response_data(data=data, cast_to=cast_to, response=response)


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


def _http_response(
    answer: tuple[Reply, Mapping[str, str]], request: httpx2.Request, *, stream: bool
) -> httpx2.Response:
    """The server's answer to ``request`` as the HTTP response the SDK reads, for every send step
    (a fake's, a plain client's over a fake's HTTP client, a patched SDK client's), sync or async.

    A scripted timeout or connection error fails the transport instead. Unless the call streams,
    the body is read here, as httpx reads it for a non-streaming send; synchronously for async
    clients too: it is in memory, `_LazyBody` is both kinds of stream, and ``aread()`` would wait
    on nothing."""
    reply, headers = answer
    _raise_transport_failure(reply, request)
    status, content_type, chunks = body_of(reply)
    all_headers = dict(headers)
    if content_type is not None:
        all_headers["content-type"] = content_type
    all_headers.update(reply.headers)
    response = httpx2.Response(status, headers=all_headers, stream=_LazyBody(chunks), request=request)
    response.elapsed = datetime.timedelta(milliseconds=int(headers.get("openai-processing-ms", "0")))
    if not stream:
        response.read()
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
    return exchange_of(
        pending.options,
        pending.cast_to,
        stream=pending.stream,
        stream_cls=pending.stream_cls,
        attempt=attempt_of(request),
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
            f"openai_fakes: refused to open a websocket to {url}: this websocket API (realtime translations, "
            "beta realtime...) is not simulated by this version of openai_fakes (client.realtime.connect(), "
            "client.responses.connect(), client.beta.responses.connect(), client.live.connect(), "
            "client.live.sideband.connect() and client.live.forks.connect() are), and the fake never connects "
            "to the network"
        )


_ResourceT = TypeVar("_ResourceT")

_ASKED = ("model", "call_id", "session_id")
"""What a ``connect()`` names that the fake server needs: the realtime model or call, the Live session."""


def _route_websockets(resource: _ResourceT, client: SyncSeam | AsyncSeam) -> _ResourceT:
    """Make ``resource.connect()`` open an in-memory websocket to the fake server.

    ``connect()`` still returns the SDK's own connection manager; on that instance, the one step that
    would open a socket, ``_connect_ws(extra_query, extra_headers)``, is replaced by one that returns a
    fake socket (`_client.realtime_socket`). So the SDK's own connection class (send queue, event parsing,
    iteration, handlers, reconnects) runs unchanged on top of it.
    """
    connect = getattr(resource, "connect")

    @wraps(connect)
    def fake_connect(*args: Any, **kwargs: Any) -> Any:
        from .realtime_socket import open_async_socket, open_socket

        manager = connect(*args, **kwargs)
        asked: dict[str, Any] = {k: kwargs[k] for k in _ASKED if k in kwargs and given(kwargs[k])}
        server = client._fake_server

        def connect_ws(extra_query: Any, extra_headers: Any) -> Any:
            return open_socket(server, resource, {**asked, **dict(extra_query or {})})

        async def connect_ws_async(extra_query: Any, extra_headers: Any) -> Any:
            return open_async_socket(server, resource, {**asked, **dict(extra_query or {})})

        setattr(manager, "_connect_ws", connect_ws_async if isinstance(client, openai.AsyncOpenAI) else connect_ws)
        return manager

    setattr(resource, "connect", fake_connect)
    return resource


def _route_beta_websockets(beta: _ResourceT, client: SyncSeam | AsyncSeam) -> _ResourceT:
    """``beta.responses.connect()`` in memory (an older SDK without beta Responses: nothing to route)."""
    if hasattr(beta, "responses"):
        _route_websockets(cast(Any, beta).responses, client)
    return beta


def _route_live_websockets(live: _ResourceT, client: SyncSeam | AsyncSeam) -> _ResourceT:
    """``live.connect()``, ``live.sideband.connect()`` and ``live.forks.connect()`` in memory."""
    _route_websockets(live, client)
    _route_websockets(cast(Any, live).sideband, client)
    _route_websockets(cast(Any, live).forks, client)
    return live


def _retry_wait(
    client: openai.OpenAI | openai.AsyncOpenAI,
    server: FakeServer,
    retries_taken: int,
    max_retries: int,
    options: FinalRequestOptions,
    response: httpx2.Response | None,
) -> None:
    """The wait the SDK would sleep before a retry, computed by the SDK itself (``retry-after``
    honoured), then passed on ``server``'s virtual clock and recorded instead of slept."""
    wait = client._calculate_retry_timeout(
        max_retries - retries_taken, options, response.headers if response is not None else None
    )
    server.note_retry_wait(wait)


class SyncSeam(_ValidatesFirst, openai.OpenAI):
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
        """The SDK's ``request``, answered by the fake server instead of the network."""
        first: tuple[Reply, Mapping[str, str]] | tuple[None, None] = (None, None)
        if not stream and parsed_as_plain_model(cast_to, options):
            answer = self._fake_server.handle(
                exchange_of(options, cast_to, stream=False, stream_cls=None, openai_endpoint=on_openai_endpoint(self))
            )
            parsed = _finish_fast(cast_to, options, answer, self)
            if parsed is not _UNANSWERED:
                return cast(ResponseT, parsed)
            first = answer  # not a plain success: the SDK's pipeline takes it as the first attempt's answer
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, *first))
        try:
            return super().request(cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    def _send_request(self, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        answer = _pending_first(request) or self._fake_server.handle(_exchange_for_send(request))
        return _http_response(answer, request, stream=stream)

    def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        _refuse_websocket(options.url)
        return super()._prepare_options(options)

    @cached_property
    def realtime(self) -> Realtime:
        """The SDK's ``realtime`` resource, its ``connect()`` answered in memory instead of over a websocket."""
        return _route_websockets(super().realtime, self)

    @cached_property
    def responses(self) -> Responses:
        """The SDK's ``responses`` resource, its ``connect()`` answered in memory instead of over a websocket."""
        return _route_websockets(super().responses, self)

    @cached_property
    def beta(self) -> Beta:
        """The SDK's ``beta`` resource, ``beta.responses.connect()`` answered in memory."""
        return _route_beta_websockets(super().beta, self)

    @cached_property
    def live(self) -> Live:
        """The SDK's ``live`` resource, ``live.connect()`` and ``live.sideband.connect()`` answered in memory."""
        return _route_live_websockets(super().live, self)

    def _websocket_query_params(self, url: httpx2.URL, extra_query: Any) -> httpx2.QueryParams:
        _refuse_websocket(str(url))
        raise AssertionError("unreachable")

    def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: httpx2.Response | None
    ) -> None:
        # The SDK's retry loop runs as is; only its wait is virtual (see `_retry_wait`).
        _retry_wait(self, self._fake_server, retries_taken, max_retries, options, response)


class AsyncSeam(_ValidatesFirst, openai.AsyncOpenAI):
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
        """The SDK's ``request``, answered by the fake server instead of the network."""
        first: tuple[Reply, Mapping[str, str]] | tuple[None, None] = (None, None)
        if not stream and parsed_as_plain_model(cast_to, options):
            answer = await self._fake_server.ahandle(
                exchange_of(options, cast_to, stream=False, stream_cls=None, openai_endpoint=on_openai_endpoint(self))
            )
            parsed = _finish_fast(cast_to, options, answer, self)
            if parsed is not _UNANSWERED:
                return cast(ResponseT, parsed)
            first = answer  # not a plain success: the SDK's pipeline takes it as the first attempt's answer
        token = _PENDING.set(_Pending(cast_to, options, stream, stream_cls, *first))
        try:
            return await super().request(cast_to, options, stream=stream, stream_cls=stream_cls)
        finally:
            _PENDING.reset(token)

    async def _send_request(self, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        answer = _pending_first(request) or await self._fake_server.ahandle(_exchange_for_send(request))
        return _http_response(answer, request, stream=stream)

    async def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        _refuse_websocket(options.url)
        return await super()._prepare_options(options)

    @cached_property
    def realtime(self) -> AsyncRealtime:
        """The SDK's ``realtime`` resource, its ``connect()`` answered in memory instead of over a websocket."""
        return _route_websockets(super().realtime, self)

    @cached_property
    def responses(self) -> AsyncResponses:
        """The SDK's ``responses`` resource, its ``connect()`` answered in memory instead of over a websocket."""
        return _route_websockets(super().responses, self)

    @cached_property
    def beta(self) -> AsyncBeta:
        """The SDK's ``beta`` resource, ``beta.responses.connect()`` answered in memory."""
        return _route_beta_websockets(super().beta, self)

    @cached_property
    def live(self) -> AsyncLive:
        """The SDK's ``live`` resource, ``live.connect()`` and ``live.sideband.connect()`` answered in memory."""
        return _route_live_websockets(super().live, self)

    def _websocket_query_params(self, url: httpx2.URL, extra_query: Any) -> httpx2.QueryParams:
        _refuse_websocket(str(url))
        raise AssertionError("unreachable")

    async def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: httpx2.Response | None
    ) -> None:
        _retry_wait(self, self._fake_server, retries_taken, max_retries, options, response)


# --- poll waits -----------------------------------------------------------------------------------
# The SDK's poll helpers (``create_and_poll``, ``upload_and_poll``, ``runs.poll``,
# ``videos.create_and_poll``) sleep through ``APIResource._sleep`` between two retrieves. A
# resource of a fake waits on its backend's clock instead (recorded in ``fake.lifecycle.waits``,
# added to a virtual clock); any other client's resources sleep as the SDK wrote them. This is the
# one change to an SDK class made at import: resources are built by the SDK's ``cached_property``
# accessors, so there is no fake-owned object to put the method on.
_sdk_sleep = SyncAPIResource._sleep
_sdk_asleep = AsyncAPIResource._sleep


def _fake_server_of(resource: Any) -> FakeServer | None:
    server: FakeServer | None = getattr(client_of_resource(resource), "_fake_server", None)
    return server


def _note_poll_wait(server: FakeServer, seconds: float) -> None:
    from .._state.lifecycle import Lifecycles

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


SyncAPIResource._sleep = _resource_sleep  # type: ignore[method-assign]
AsyncAPIResource._sleep = _resource_asleep  # type: ignore[method-assign]


# --- every client in the process (the pytest plugin's `patch_openai`) --------------------------


def _simulated_connection_managers() -> list[tuple[type, bool]]:
    """The SDK's connection managers (``RealtimeConnectionManager``, ``AsyncResponsesConnectionManager``...)
    of the websocket APIs the fake simulates, each with whether it is async; an older SDK may have
    fewer."""
    from .realtime_socket import SIMULATED_MODULES

    found: list[tuple[type, bool]] = []
    for module_name in SIMULATED_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:  # an API this SDK release does not have yet
            continue
        for name, value in vars(module).items():
            if name.endswith("ConnectionManager") and isinstance(value, type) and value.__module__ == module_name:
                found.append((value, name.startswith("Async")))
    return found


def _manager_asks(manager: object) -> dict[str, Any]:
    """What a connection manager was asked to connect to (``model=``, ``call_id=``, ``session_id=``): kept in its
    name-mangled private attributes (``_RealtimeConnectionManager__model``)."""
    asked: dict[str, Any] = {}
    for key, value in vars(manager).items():
        for name in _ASKED:
            if key.endswith(f"__{name}") and value is not None and given(value):
                asked[name] = value
    return asked


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
        return _http_response(answer_from().handle(_exchange_for_send(request)), request, stream=stream)

    async def asend(self: Any, request: httpx2.Request, *, stream: bool, **kwargs: Any) -> httpx2.Response:
        return _http_response(await answer_from().ahandle(_exchange_for_send(request)), request, stream=stream)

    def sleep(self: Any, *, retries_taken: int, max_retries: int, options: FinalRequestOptions, response: Any) -> None:
        _retry_wait(self, answer_from(), retries_taken, max_retries, options, response)

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

    patch(SyncAPIResource, "_sleep", poll_sleep)
    patch(AsyncAPIResource, "_sleep", poll_asleep)
    patch(openai.AsyncOpenAI, "_websocket_query_params", refuse)

    # --- websockets: the simulated APIs (realtime, responses) connect in memory, as on a fake;
    # the SDK's connection manager and connection classes run unchanged around the fake socket.
    def connect_ws(self: Any, extra_query: Any, extra_headers: Any) -> Any:
        from .realtime_socket import open_socket

        return open_socket(answer_from(), self, {**_manager_asks(self), **dict(extra_query or {})})

    async def connect_ws_async(self: Any, extra_query: Any, extra_headers: Any) -> Any:
        from .realtime_socket import open_async_socket

        return open_async_socket(answer_from(), self, {**_manager_asks(self), **dict(extra_query or {})})

    for manager, is_async in _simulated_connection_managers():
        patch(manager, "_connect_ws", connect_ws_async if is_async else connect_ws)

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
