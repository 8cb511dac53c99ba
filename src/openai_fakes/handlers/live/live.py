"""``client.live.create(session=..., transport={"type": "webrtc", "sdp": ...})``: a Live WebRTC session.

The session starts at once (WebRTC creation is its start) and is known by its id from then on, so
``client.live.sideband.connect(session_id=...)`` attaches to it; the reply carries that id and an SDP
answer. The websockets themselves are simulated by `_socket`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._core.exchange import Exchange, JsonReply, Reply
from .._base.router import Router
from ..realtime.calls import sdp_answer
from ._session import start_session

if TYPE_CHECKING:
    from ..._control.context import Context


def create_session(server: Context, exchange: Exchange) -> Reply:
    live = start_session(server.backend, dict(exchange.fields.get("session") or {}), websocket=False)
    live.recent.append(live.event("session.started", session=live.snapshot()))  # what a sideband replays
    return JsonReply({"session": {"id": live.id}, "transport": {"type": "webrtc", "sdp": sdp_answer(server)}})


def register(router: Router) -> None:
    router.add(
        "POST",
        "/live/sessions",
        create_session,
        summary="a started WebRTC session (`sess_` id, an SDP answer) that `live.sideband.connect(session_id=...)` attaches to",
    )
