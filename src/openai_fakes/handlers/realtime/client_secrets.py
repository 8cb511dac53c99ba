"""``client.realtime.client_secrets``: ``create`` gives an ``ek_`` key valid for ``expires_after.seconds``
(default 600, 10..7200), with the session it will open: the model's defaults merged with the request's.

The websocket itself (``client.realtime.connect()``) is simulated by `_session` behind the seam;
``client.realtime.calls`` is answered by `calls`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ..._core.ids import IdShape
from ..._core.merge import merge_replacing_lists
from .._base.adapter import Adapter
from .._base.router import Router
from ._session import SESSION_ID, default_session
from ._transcription import transcription_session

if TYPE_CHECKING:
    from ..._control.context import Context

SECRET_ID = IdShape("ek_", "hex_time", 32)
_DEFAULT_SECRET_SECONDS = 600


class ClientSecretAdapter(Adapter):
    summary = (
        "request-shaped: an `ek_` secret expiring after `expires_after.seconds` (default 600, 10..7200, "
        "else 400) and the realtime or transcription session it opens, the model's defaults merged with the request"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.fields
        seconds = (body.get("expires_after") or {}).get("seconds", _DEFAULT_SECRET_SECONDS)
        if not isinstance(seconds, int) or not 10 <= seconds <= 7200:
            raise bad_request(
                f"Invalid 'expires_after.seconds': must be between 10 and 7200, got {seconds!r}.",
                param="expires_after.seconds",
                code="invalid_value",
            )
        backend = server.backend
        now = backend.clock.now()
        request = copy.deepcopy(dict(body.get("session") or {"type": "realtime"}))
        session_id = backend.new_id(SESSION_ID)
        if request.get("type") == "transcription":
            session = transcription_session(session_id, request, now)
        else:
            model = str(request.pop("model", None) or "gpt-realtime")
            session = merge_replacing_lists(default_session(model, session_id, now), request)
        return {"value": backend.new_id(SECRET_ID), "expires_at": now + seconds, "session": session}


CLIENT_SECRETS = ClientSecretAdapter()


def register(router: Router) -> None:
    router.add("POST", "/realtime/client_secrets", CLIENT_SECRETS, summary=CLIENT_SECRETS.summary)
