"""In-memory websockets for the SDK's own connection classes (``client.realtime.connect()``,
``client.responses.connect()``, ``client.beta.responses.connect()``, ``client.live.connect()``,
``client.live.sideband.connect(session_id=...)``, ``client.live.forks.connect(session_id=...)``).

The SDK's connection classes wrap a ``websockets`` client connection and use three things of it:
``send(text)``, ``recv(decode=False)`` and ``close(code=, reason=)`` (awaited on the async client).
`FakeWebSocket` / `AsyncFakeWebSocket` provide exactly those, answered by the API's session (in
``handlers/``): a client event in, the server's events queued for ``recv``. No socket exists. A
session several sockets share (a Live session: its primary and its sidebands) also hands a socket
the events another one caused, and may hang it up.

Like a real socket, ``recv`` waits for the next server event. A fake server only speaks when
spoken to, so a ``recv`` with nothing queued would wait forever in a single-threaded test: it
raises ``TimeoutError`` instead (at once when no other thread could send; after ``idle_timeout``
seconds otherwise, so a reader thread or task can wait for a writer). After ``close()`` the
events already queued are still delivered, then ``recv`` raises ``ConnectionClosedOK``, so
``for event in connection`` ends cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import openai
from openai.types.realtime import RealtimeClientEvent

from .._core.errors import error_body
from .._core.transport_error import FakeTransportError
from ..handlers.live._socket import LiveConnection, SessionNotFound
from ..handlers.realtime._session import RealtimeSession
from ..handlers.responses._socket import ResponsesSocketSession

if TYPE_CHECKING:
    from .._control.context import Serving


class Session(Protocol):
    """The server side of one socket: its greeting, then the events answering each client message."""

    def open(self) -> list[dict[str, Any]]: ...

    def receive(self, raw: str | bytes) -> list[dict[str, Any]]: ...

    async def areceive(self, raw: str | bytes) -> list[dict[str, Any]]: ...


@runtime_checkable
class SharedSession(Session, Protocol):
    """A session other sockets take part in: it hands this socket what they cause, and may close it."""

    def listen(self, deliver: Callable[[list[dict[str, Any]]], None], hang_up: Callable[[], None]) -> None: ...

    def disconnect(self) -> None:
        """This socket was closed by its client."""


_IDLE_MESSAGE = (
    "openai_fakes: the fake realtime server has no event to send and nothing else can make it send one "
    "(a real server would wait here forever). Send a client event first (e.g. connection.response.create()), "
    "or stop reading once the event you wait for has arrived (e.g. break on 'response.done' or 'response.completed')."
)


def _client_event_validator() -> Callable[[Any], Any]:
    import pydantic

    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(RealtimeClientEvent)
    return adapter.validate_python


def _closed(code: int, reason: str) -> Exception:
    from websockets.exceptions import ConnectionClosedOK
    from websockets.frames import Close

    close = Close(code, reason)
    return ConnectionClosedOK(close, close, True)


def _require_websockets() -> None:
    # The SDK's connection classes import `websockets` themselves; fail as the SDK does without it.
    try:
        import websockets  # noqa: F401
    except ImportError as error:
        raise openai.OpenAIError("You need to install `openai[realtime]` to use this method") from error


def new_session(server: Serving, api: str, query: Mapping[str, Any]) -> Session:
    """The server side of a connection to ``api`` with ``query`` (``model=`` / ``call_id=`` /
    ``session_id=``, ``intent=``). A sideband of a session the server does not have, or a fork of one it
    has not stored, raises `SessionNotFound`."""
    if api == "responses":
        return ResponsesSocketSession(server)
    if api == "live":
        return LiveConnection(server, kind="primary")
    if api == "live.sideband":
        return LiveConnection.attach_to(server, str(query.get("session_id") or ""))
    if api == "live.fork":
        return LiveConnection.fork(server, str(query.get("session_id") or ""))
    model = str(query.get("model") or "gpt-realtime")
    intent = query.get("intent")  # ?intent=transcription opens a transcription session
    return RealtimeSession(
        server.backend, model=model, validate=_client_event_validator(), intent=str(intent) if intent else None
    )


def _handshake_refused(missing: SessionNotFound) -> Exception:
    """What the ``websockets`` client raises when the server answers the upgrade with a 404: the API
    answers a sideband (or a fork) of an unknown session that way, before any event."""
    from websockets.datastructures import Headers
    from websockets.exceptions import InvalidStatus
    from websockets.http11 import Response

    hint = f" ({missing.hint})" if missing.hint else ""
    body = error_body(
        404,
        f"No session found for the provided session_id: {missing.session_id!r}{hint}.",
        param="session_id",
        code="session_not_found",
    )
    payload = json.dumps(body).encode()
    headers = Headers({"content-type": "application/json", "content-length": str(len(payload))})
    return InvalidStatus(Response(404, "Not Found", headers, payload))


class _Queue:
    """Server events waiting for ``recv``, plus the close state."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: deque[str] = deque()
        self.close_code: int | None = None
        self.close_reason = ""
        self.sent: list[dict[str, Any]] = []
        """Every client event received, parsed (for tests that assert on what was sent)."""

    def accept(self, message: str | bytes) -> None:
        """A client message arrives (a closed socket refuses it, as websockets does)."""
        if self.close_code is not None:
            raise _closed(self.close_code, self.close_reason)
        with contextlib.suppress(ValueError):
            self.sent.append(json.loads(message))

    def answer(self, events: list[dict[str, Any]]) -> None:
        self.pending.extend(json.dumps(e) for e in events)

    def take(self, decode: bool | None) -> str | bytes | None:
        if self.pending:
            message = self.pending.popleft()
            return message.encode() if decode is False else message
        if self.close_code is not None:
            raise _closed(self.close_code, self.close_reason)
        return None


class _SocketOverQueue:
    """What both sockets share: the session they talk to and the client events it received."""

    idle_timeout: float = 2.0

    def __init__(self, session: Session) -> None:
        _require_websockets()
        self._queue = _Queue(session)
        if isinstance(session, SharedSession):
            # Before the greeting: what another socket causes from then on is not missed.
            session.listen(self._deliver, self._hang_up)
        self._deliver(session.open())

    def _deliver(self, events: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _hang_up(self) -> None:
        """The server closes the socket (normal closure): what is queued is still read, then it ends."""
        raise NotImplementedError

    def _closed_by_client(self) -> None:
        if isinstance(self._queue.session, SharedSession):
            self._queue.session.disconnect()

    @property
    def session(self) -> Session:
        return self._queue.session

    @property
    def sent(self) -> list[dict[str, Any]]:
        return self._queue.sent


class FakeWebSocket(_SocketOverQueue):
    """What ``RealtimeConnection`` uses of ``websockets.sync.client.ClientConnection``."""

    def __init__(self, session: Session) -> None:
        self._changed = threading.Condition()
        # One send at a time; the session is asked outside `_changed`, which another socket's
        # session may take to deliver into this one (so no two locks are ever waited on in turn).
        self._sending = threading.Lock()
        super().__init__(session)

    def send(self, message: str | bytes, text: bool | None = None) -> None:
        with self._sending:
            with self._changed:
                self._queue.accept(message)
            self._deliver(self._queue.session.receive(message))

    def _deliver(self, events: list[dict[str, Any]]) -> None:
        with self._changed:
            self._queue.answer(events)
            self._changed.notify_all()

    def _hang_up(self) -> None:
        with self._changed:
            if self._queue.close_code is None:
                self._queue.close_code = 1000
            self._changed.notify_all()

    def recv(self, timeout: float | None = None, decode: bool | None = None) -> str | bytes:
        with self._changed:
            message = self._queue.take(decode)
            if message is None and threading.active_count() > 1:
                self._changed.wait_for(
                    lambda: bool(self._queue.pending) or self._queue.close_code is not None,
                    timeout=self.idle_timeout if timeout is None else timeout,
                )
                message = self._queue.take(decode)
            if message is None:
                raise TimeoutError(_IDLE_MESSAGE)
            return message

    def close(self, code: int = 1000, reason: str = "") -> None:
        with self._changed:
            if self._queue.close_code is None:
                self._queue.close_code, self._queue.close_reason = code, reason
            self._changed.notify_all()
        self._closed_by_client()


class AsyncFakeWebSocket(_SocketOverQueue):
    """What ``AsyncRealtimeConnection`` uses of ``websockets.asyncio.client.ClientConnection``."""

    def __init__(self, session: Session) -> None:
        self._changed = asyncio.Event()
        try:
            self._loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        super().__init__(session)

    async def send(self, message: str | bytes, text: bool | None = None) -> None:
        self._queue.accept(message)
        self._deliver(await self._queue.session.areceive(message))

    def _deliver(self, events: list[dict[str, Any]]) -> None:
        self._queue.answer(events)
        self._wake()

    def _hang_up(self) -> None:
        if self._queue.close_code is None:
            self._queue.close_code = 1000
        self._wake()

    def _wake(self) -> None:
        # Another socket's session may deliver from another thread: wake the reader in its own loop.
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is None or running is self._loop:
            self._changed.set()
        else:
            self._loop.call_soon_threadsafe(self._changed.set)

    async def recv(self, decode: bool | None = None) -> str | bytes:
        message = self._queue.take(decode)
        while message is None:
            # Another task may still send: wait for it, a while.
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), self.idle_timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(_IDLE_MESSAGE) from None
            message = self._queue.take(decode)
        return message

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if self._queue.close_code is None:
            self._queue.close_code, self._queue.close_reason = code, reason
        self._changed.set()
        self._closed_by_client()


# --- which websocket APIs the fake answers ---------------------------------------------------------

# The SDK module of each simulated API's resource and connection manager. The GA and beta Responses
# classes open the same endpoint, answered by the same session.
_SIMULATED = {
    "openai.resources.realtime.realtime": "realtime",
    "openai.resources.responses.responses": "responses",
    "openai.resources.beta.responses.responses": "responses",
    "openai.resources.live.live": "live",
    "openai.resources.live.sideband": "live.sideband",
    "openai.resources.live.forks": "live.fork",
}
SIMULATED_MODULES = tuple(_SIMULATED)
"""The SDK modules whose websocket API (resource ``connect()`` and connection manager) is simulated."""

_SIMULATED_CALLS = (
    "client.realtime.connect(), client.responses.connect(), client.beta.responses.connect(), "
    "client.live.connect(), client.live.sideband.connect() and client.live.forks.connect()"
)


def websocket_api(resource: object) -> str | None:
    """The simulated API a resource's ``connect()`` opens, or ``None`` when the fake has none for it."""
    return _SIMULATED.get(type(resource).__module__)


def refuse(resource: object) -> openai.OpenAIError:
    name = type(resource).__module__.removeprefix("openai.resources.").replace(".", "/")
    return FakeTransportError(
        f"openai_fakes: the websocket API of {name} is not simulated by this version of openai_fakes "
        f"({_SIMULATED_CALLS} are), and the fake never connects to the network"
    )


def _session_for(server: Serving, resource: object, query: Mapping[str, Any]) -> Session:
    api = websocket_api(resource)
    if api is None:
        raise refuse(resource)
    try:
        return new_session(server, api, query)
    except SessionNotFound as missing:
        raise _handshake_refused(missing) from None


def open_socket(server: Serving, resource: object, query: Mapping[str, Any]) -> FakeWebSocket:
    return FakeWebSocket(_session_for(server, resource, query))


def open_async_socket(server: Serving, resource: object, query: Mapping[str, Any]) -> AsyncFakeWebSocket:
    return AsyncFakeWebSocket(_session_for(server, resource, query))
