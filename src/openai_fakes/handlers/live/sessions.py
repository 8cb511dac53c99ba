"""``client.live.sessions``: call control of Live sessions.

``hangup`` of a session the fake holds ends it, as a hang-up ends a call: every connection gets
``session.closed`` (reason ``remote_hangup``) and is then hung up, and the session can no longer
be attached to. Any other id answers as the generic route does (200, no body): SIP calls reach a
client by webhook, with ids the fake never issued, so the fake cannot tell a real call from a
mistyped one. ``accept``, ``refer`` and ``reject`` act on incoming SIP calls only: generic too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._core.exchange import EmptyReply, Exchange, Reply
from .._base.generic import GENERIC
from .._base.router import Router
from ._session import live_sessions

if TYPE_CHECKING:
    from ..._control.context import Context


def hangup(server: Context, exchange: Exchange) -> Reply:
    session_id = exchange.path_params.get("session_id", "")
    live = live_sessions(server.backend).get(session_id)
    if live is None or live.closed:
        return GENERIC(server, exchange)
    # Not under the backend's lock: closing hands events to the sockets, which take their own
    # locks first and the backend's after (a socket thread answering a client event).
    live.close("remote_hangup", sender=None)
    return EmptyReply()


def register(router: Router) -> None:
    router.add(
        "POST",
        "/live/sessions/{session_id}/hangup",
        hangup,
        summary="a session the fake holds ends: `session.closed` (`remote_hangup`) to every connection, which is hung up",
    )
