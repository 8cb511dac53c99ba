"""The served fake: an ASGI application (starlette) answering the OpenAI REST API under ``/v1`` from
the same fake server as ``FakeOpenAI``, and its controls under ``/_fake`` (docs/serving.md).

* One backend per API key: each bearer key gets its own fake (objects, scripts, call records, clock),
  made on its first request, with the server's seed, so parallel test workers that use different
  keys never see each other's state, and each key's replies are reproducible.
* Every request to ``/v1`` goes through `FakeServer.handle` as an `Exchange` built from the HTTP
  request (`incoming`); the reply is sent as `_core.wire` renders it for the in-process seam, so
  the bytes, headers and statuses are the same; an SSE reply is flushed event by event.
* A request the fake cannot read (malformed JSON, a content type it does not take, a body over
  ``max_body_bytes``) gets the API's 400 body; an unknown URL the API's 404, a known URL with
  another method its 405. Nothing answers with a stack trace.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from .._client.client import FakeOpenAI
from .._core.errors import error_body
from .._core.exchange import FailureReply, Reply, SseReply
from .._core.sdk_routes import reply_of_route, sdk_routes
from .._core.wire import body_of
from .._server.server import FakeServer, ValidationLevel
from .._state.backend import UnknownIds
from .incoming import exchange_of, fields_of
from .scripts import ScriptError, apply_script, call_json
from .sockets import socket_endpoint

DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
"""The largest request body the served fake reads (64 MiB); a larger one gets the API's 400."""

_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass
class Settings:
    """How each key's fake is made, and what the server accepts."""

    seed: int | None = None
    validation: ValidationLevel | None = None
    unknown_ids: UnknownIds | None = None
    api_key: str | None = None
    """When set, only this bearer key is accepted; any other gets the API's 401."""
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES


@dataclass
class Backends:
    """One fake per API key, made on the key's first request."""

    settings: Settings
    _fakes: dict[str, FakeOpenAI] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fake_for(self, key: str) -> FakeOpenAI:
        with self._lock:
            fake = self._fakes.get(key)
            if fake is None:
                settings = self.settings
                fake = self._fakes[key] = FakeOpenAI(
                    seed=settings.seed, validation=settings.validation, unknown_ids=settings.unknown_ids
                )
            return fake

    def forget(self, key: str) -> None:
        """Drop the key's fake: its next request starts a fresh one (same seed, nothing stored)."""
        with self._lock:
            self._fakes.pop(key, None)


def _answering_refusals(view: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """``view``, with a request it refuses (`_Refused`: no or a wrong key, a bad body, an unknown
    route) answered by the API's error body, once for every route rather than in each view."""

    @wraps(view)
    async def answer(request: Request) -> Response:
        try:
            return await view(request)
        except _Refused as refused:
            return refused.response

    return answer


class _Refused(Exception):
    """A request answered with an API error before it reaches the fake server."""

    def __init__(self, status: int, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.response = JSONResponse(error_body(status, message, code=code, param=param), status_code=status)


def _masked(key: str) -> str:
    """A key as the API's 401 shows it: its first characters and last four."""
    if len(key) <= 8:
        return "*" * len(key)
    return key[:3] + "*" * (len(key) - 7) + key[-4:]


def _key_of(request: Request, settings: Settings) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise _Refused(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using "
            "Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) "
            "if you're accessing the API from your browser and are prompted for a username and password. "
            "You can obtain an API key from https://platform.openai.com/account/api-keys.",
        )
    if settings.api_key is not None and key != settings.api_key:
        raise _Refused(
            401,
            f"Incorrect API key provided: {_masked(key)}. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        )
    return key


def _not_json() -> _Refused:
    return _Refused(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
        "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. "
        "If you have trouble figuring out how to fix this, please contact us through our help center at "
        "help.openai.com.)",
    )


async def _body_bytes(request: Request, limit: int) -> bytes:
    """The whole body, refused with a 400 as soon as it is known to pass ``limit``."""
    declared = request.headers.get("content-length")
    too_large = (
        f"Request body too large: this server reads at most {limit} bytes "
        "(python -m openai_fakes serve --max-body-bytes)."
    )
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _Refused(400, too_large)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Refused(400, too_large)
        chunks.append(chunk)
    return b"".join(chunks)


async def _body_and_files(request: Request, limit: int) -> tuple[Any, list[tuple[str, Any]]]:
    """The request's body as the fake server takes it: JSON, or a multipart form's fields and files."""
    raw = await _body_bytes(request, limit)
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        # The body was read (and its size checked) above: the form is parsed from that copy.
        try:
            form = await _form(request, raw, multipart=content_type == "multipart/form-data", limit=limit)
        except (MultiPartException, ValueError) as problem:
            raise _Refused(400, f"Could not parse the multipart form of your request: {problem}") from None
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, Any]] = []
        for name, value in form.multi_items():
            if isinstance(value, str):
                fields.append((name, value))
            else:  # an upload: the (filename, bytes, content type) tuple the SDK passes for a file
                files.append((name, (value.filename, await value.read(), value.content_type)))
        await form.close()
        return fields_of(fields), files
    if not raw.strip():
        return None, []
    if content_type not in ("application/json", "") and not content_type.endswith("+json"):
        raise _Refused(
            400,
            f"Unsupported content type: '{content_type}'. This API method only accepts 'application/json' "
            "requests, but you specified the header 'Content-Type: "
            f"{request.headers.get('content-type', '')}'. Please try again with a supported content type.",
        )
    try:
        return json.loads(raw), []
    except (ValueError, UnicodeDecodeError):
        raise _not_json() from None


async def _form(request: Request, raw: bytes, *, multipart: bool, limit: int) -> FormData:
    async def body() -> AsyncGenerator[bytes, None]:
        yield raw

    if multipart:
        return await MultiPartParser(request.headers, body(), max_part_size=limit).parse()
    return await FormParser(request.headers, body(), max_part_size=limit).parse()


def _routed(fake_server: FakeServer, method: str, path: str) -> tuple[str, str]:
    """The SDK route ``method path`` is, or the API's 404 (unknown URL) / 405 (known URL, other method)."""
    template = fake_server.router.match(method, path).template
    if (method, template) in sdk_routes() or fake_server.router.handler_for(method, template) is not None:
        return method, template
    if any((other, template) in sdk_routes() for other in _ALL_METHODS):
        raise _Refused(405, f"Invalid method for URL ({method} /v1{path})")
    raise _Refused(404, f"Invalid URL ({method} /v1{path})")


def _response(reply: Reply, headers: Mapping[str, str]) -> Response:
    """The HTTP response for the fake server's answer, as `_core.wire` renders it for the seam."""
    if isinstance(reply, FailureReply):
        # A scripted timeout or connection failure: the connection drops mid-answer, which the SDK
        # reads as a connection error (and retries), as it would a real network failure.
        return _Dropped()
    status, content_type, chunks = body_of(reply)
    all_headers = dict(headers)
    if content_type is not None:
        all_headers["content-type"] = content_type
    all_headers.update(reply.headers)
    if isinstance(reply, SseReply):
        return StreamingResponse(_each(chunks), status_code=status, headers=all_headers)
    return Response(b"".join(chunks), status_code=status, headers=all_headers)


async def _each(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    # One ASGI message per event: each is flushed to the client as it is made.
    for chunk in chunks:
        yield chunk


DROPPED_MESSAGE = "ASGI callable returned without completing response."
"""What uvicorn logs when a response ends unfinished: the one way a scripted failure drops its connection."""


class _Dropped(Response):
    """A response that starts and never finishes: the server closes the connection, and the client
    sees the connection fail mid-answer (the SDK raises ``APIConnectionError`` after its retries).
    ASGI has no message that closes a connection, so this is how an application drops one."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
        await send({"type": "http.response.body", "body": b"", "more_body": True})


def create_app(
    *,
    seed: int | None = None,
    validation: ValidationLevel | None = None,
    unknown_ids: UnknownIds | None = None,
    api_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Starlette:
    """The served fake as an ASGI application (run it with any ASGI server; ``python -m openai_fakes
    serve`` runs it on uvicorn). Each bearer key gets its own fake, made with ``seed``, ``validation``
    and ``unknown_ids`` as ``FakeOpenAI`` takes them; ``api_key`` makes every other key a 401."""
    if validation is not None and validation not in ("strict", "lenient", "off"):
        raise ValueError(f"validation must be 'strict', 'lenient' or 'off', not {validation!r}")
    if unknown_ids is not None and unknown_ids not in ("strict", "materialize"):
        raise ValueError(f"unknown_ids must be 'strict' or 'materialize', not {unknown_ids!r}")
    settings = Settings(seed, validation, unknown_ids, api_key, max_body_bytes)
    backends = Backends(settings)

    def fake_of(request: Request) -> tuple[str, FakeOpenAI, FakeServer]:
        key = _key_of(request, settings)
        fake = backends.fake_for(key)
        return key, fake, FakeServer.for_backend(fake.backend)

    async def socket_server(websocket: WebSocket) -> FakeServer | None:
        header = websocket.headers.get("authorization", "")
        scheme, _, key = header.partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key or (settings.api_key is not None and key != settings.api_key):
            return None
        return FakeServer.for_backend(backends.fake_for(key).backend)

    async def api(request: Request) -> Response:
        _key, _fake, server = fake_of(request)
        method = request.method.upper()
        path = "/" + request.path_params["path"]
        routed = _routed(server, method, path)
        route = reply_of_route(*routed)
        if route is None:  # a route the fake adds that no SDK method requests: answered as JSON
            raise _Refused(404, f"Invalid URL ({method} /v1{path})")
        body, files = await _body_and_files(request, settings.max_body_bytes)
        query = fields_of(request.query_params.multi_items())
        exchange = exchange_of(method, path, query, body, files, dict(request.headers), route)
        try:
            reply, headers = server.handle(exchange)
        except Exception as error:  # a script's own error, an exhausted sequence, an unscripted call
            return _script_failure(error)
        return _response(reply, headers)

    async def add_script(request: Request) -> Response:
        _key, fake, server = fake_of(request)
        raw = await _body_bytes(request, settings.max_body_bytes)
        try:
            spec = json.loads(raw)
        except ValueError:
            raise _not_json() from None
        try:
            rule = apply_script(fake, server, spec)
        except (ScriptError, TypeError, ValueError) as problem:
            return JSONResponse(error_body(400, str(problem)), status_code=400)
        return JSONResponse({"scripted": rule.describe()})

    async def clear_scripts(request: Request) -> Response:
        _key, _fake, server = fake_of(request)
        with server.backend.lock:
            for stub in list(server.stubs.values()):
                stub.reset()
        return JSONResponse({"cleared": True})

    async def calls(request: Request) -> Response:
        _key, _fake, server = fake_of(request)
        endpoint = request.query_params.get("endpoint")
        records = list(server.calls if endpoint is None else server.calls_of(endpoint))
        return JSONResponse({"data": [call_json(call) for call in records]})

    async def unused(request: Request) -> Response:
        _key, _fake, server = fake_of(request)
        return JSONResponse({"data": server.unused()})

    async def reset(request: Request) -> Response:
        key, _fake, _server = fake_of(request)
        backends.forget(key)
        return JSONResponse({"reset": True})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def not_found(request: Request, exc: Exception) -> Response:
        # Outside /v1 (starlette's own 404 and 405): the API's bodies, as for its own URLs.
        if isinstance(exc, HTTPException) and exc.status_code == 405:
            message = f"Invalid method for URL ({request.method} {request.url.path})"
            return JSONResponse(error_body(405, message), status_code=405)
        return JSONResponse(error_body(404, f"Invalid URL ({request.method} {request.url.path})"), status_code=404)

    async def failed(request: Request, exc: Exception) -> Response:
        return _script_failure(exc)

    routes: list[BaseRoute] = [
        WebSocketRoute("/v1/realtime", socket_endpoint("realtime", socket_server)),
        WebSocketRoute("/v1/responses", socket_endpoint("responses", socket_server)),
        Route("/v1/{path:path}", _answering_refusals(api), methods=_ALL_METHODS),
        Route("/_fake/scripts", _answering_refusals(add_script), methods=["POST"]),
        Route("/_fake/scripts", _answering_refusals(clear_scripts), methods=["DELETE"]),
        Route("/_fake/calls", _answering_refusals(calls), methods=["GET"]),
        Route("/_fake/unused", _answering_refusals(unused), methods=["GET"]),
        Route("/_fake/reset", _answering_refusals(reset), methods=["POST"]),
        Route("/_fake/health", health, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: failed})


def _script_failure(error: BaseException) -> Response:
    """What an in-process caller would see raised (a script's error, ``SequenceExhausted``,
    ``UnscriptedCall``...), sent as a 500 whose message names it, so a test over HTTP sees why."""
    body = error_body(500, f"openai_fakes: {type(error).__name__}: {error}", type="openai_fakes_error")
    return JSONResponse(body, status_code=500, headers={"x-openai-fakes-error": type(error).__name__})


__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app"]
