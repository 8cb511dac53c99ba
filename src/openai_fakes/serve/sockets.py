"""The realtime websocket APIs over a real websocket: ``/v1/realtime`` (``client.realtime.connect()``)
and ``/v1/responses`` (``client.responses.connect()``), answered by the same sessions that answer
them in process (`openai_fakes._client.realtime_socket.new_session`): each client message in, the
session's events out, in order, as text frames."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.websockets import WebSocket, WebSocketDisconnect

from .._client.realtime_socket import new_session
from .._server.server import FakeServer

ServerOf = Callable[[WebSocket], Awaitable[FakeServer | None]]
"""The fake server of a websocket's key, or ``None`` when the key is refused (the socket is closed)."""

POLICY_VIOLATION = 1008
"""The close code a refused key gets (the handshake carried a key the server does not accept)."""


def socket_endpoint(api: str, server_of: ServerOf) -> Callable[[WebSocket], Awaitable[None]]:
    """The websocket endpoint of ``api`` (``"realtime"`` or ``"responses"``)."""

    async def endpoint(websocket: WebSocket) -> None:
        server = await server_of(websocket)
        if server is None:
            await websocket.close(code=POLICY_VIOLATION, reason="invalid_api_key")
            return
        session = new_session(server, api, dict(websocket.query_params))
        await websocket.accept()
        for event in session.open():
            await websocket.send_text(json.dumps(event))
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                raw = message.get("text")
                if raw is None:
                    raw = message.get("bytes") or b""
                for event in await session.areceive(raw):
                    await websocket.send_text(json.dumps(event))
        except WebSocketDisconnect:
            return

    return endpoint
