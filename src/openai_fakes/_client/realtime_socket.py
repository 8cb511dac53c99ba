"""In-memory websockets for the SDK's own connection classes (``client.realtime.connect()``).

The SDK's ``RealtimeConnection`` wraps a ``websockets`` client connection and uses three things
of it: ``send(text)``, ``recv(decode=False)`` and ``close(code=, reason=)`` (awaited on the async
client). `FakeWebSocket` / `AsyncFakeWebSocket` provide exactly those, answered by a
`RealtimeSession`: a client event in, the server's events queued for ``recv``. No socket exists.

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
from typing import TYPE_CHECKING, Any, Protocol

import openai
from openai.types.realtime import RealtimeClientEvent

from .._core.transport_error import FakeTransportError
from ..handlers.realtime._session import RealtimeSession
from .realtime_ws_responses import ResponsesSocketSession

if TYPE_CHECKING:
    from .._control.context import Serving


class Session(Protocol):
    """The server side of one socket: its greeting, then the events answering each client message."""

    def open(self) -> list[dict[str, Any]]: ...

    def receive(self, raw: str | bytes) -> list[dict[str, Any]]: ...

    async def areceive(self, raw: str | bytes) -> list[dict[str, Any]]: ...


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
    """The server side of a connection to ``api`` with ``query`` (``model=`` / ``call_id=``)."""
    if api == "responses":
        return ResponsesSocketSession(server)
    model = str(query.get("model") or "gpt-realtime")
    return RealtimeSession(server.backend, model=model, validate=_client_event_validator())


class _Queue:
    """Server events waiting for ``recv``, plus the close state."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: deque[str] = deque(json.dumps(e) for e in session.open())
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

    @property
    def session(self) -> Session:
        return self._queue.session

    @property
    def sent(self) -> list[dict[str, Any]]:
        return self._queue.sent


class FakeWebSocket(_SocketOverQueue):
    """What ``RealtimeConnection`` uses of ``websockets.sync.client.ClientConnection``."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._changed = threading.Condition()

    def send(self, message: str | bytes, text: bool | None = None) -> None:
        with self._changed:
            self._queue.accept(message)
            self._queue.answer(self._queue.session.receive(message))
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


class AsyncFakeWebSocket(_SocketOverQueue):
    """What ``AsyncRealtimeConnection`` uses of ``websockets.asyncio.client.ClientConnection``."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._changed = asyncio.Event()

    async def send(self, message: str | bytes, text: bool | None = None) -> None:
        self._queue.accept(message)
        self._queue.answer(await self._queue.session.areceive(message))
        self._changed.set()

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


# --- which websocket APIs the fake answers ---------------------------------------------------------

_SIMULATED = {"openai.resources.realtime.realtime": "realtime", "openai.resources.responses.responses": "responses"}
SIMULATED_MODULES = tuple(_SIMULATED)
"""The SDK modules whose websocket API (resource ``connect()`` and connection manager) is simulated."""


def websocket_api(resource: object) -> str | None:
    """The simulated API a resource's ``connect()`` opens, or ``None`` when the fake has none for it."""
    return _SIMULATED.get(type(resource).__module__)


def refuse(resource: object) -> openai.OpenAIError:
    name = type(resource).__module__.removeprefix("openai.resources.").replace(".", "/")
    return FakeTransportError(
        f"openai_fakes: the websocket API of {name} is not simulated by this version of openai_fakes "
        "(client.realtime.connect() and client.responses.connect() are), and the fake never connects to the network"
    )


def open_socket(server: Serving, resource: object, query: Mapping[str, Any]) -> FakeWebSocket:
    api = websocket_api(resource)
    if api is None:
        raise refuse(resource)
    return FakeWebSocket(new_session(server, api, query))


def open_async_socket(server: Serving, resource: object, query: Mapping[str, Any]) -> AsyncFakeWebSocket:
    api = websocket_api(resource)
    if api is None:
        raise refuse(resource)
    return AsyncFakeWebSocket(new_session(server, api, query))
