"""Realtime over HTTP: ephemeral client secrets and WebRTC/SIP calls.

The websocket itself (``client.realtime.connect()``) is simulated by `handlers._realtime_session` behind
the seam; this module answers the HTTP endpoints beside it:

* ``client_secrets.create``: an ``ek_`` key valid for ``expires_after.seconds`` (default 600,
  10..7200), with the session it will open: the model's defaults merged with the request's;
* ``calls.create`` (WebRTC): an SDP answer (``application/sdp``) and a ``Location`` header naming
  the new ``rtc_`` call; ``accept`` / ``hangup`` / ``refer`` / ``reject`` answer 200 with no body.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core.errors import bad_request
from .._core.exchange import Exchange, Reply, TextReply
from .._core.ids import IdShape
from .._core.merge import merge_replacing_lists
from ._base.adapter import Adapter
from ._base.router import Router
from ._realtime_session import SESSION_ID, default_session

if TYPE_CHECKING:
    from .._control.context import Context

SECRET_ID = IdShape("ek_", "hex_time", 32)
CALL_ID = IdShape("rtc_", "hex", 32)
_DEFAULT_SECRET_SECONDS = 600


def transcription_session(session_id: str, request: Mapping[str, Any], now: int) -> dict[str, Any]:
    defaults = {
        "type": "transcription",
        "object": "realtime.transcription_session",
        "id": session_id,
        "expires_at": now + 30 * 60,
        "include": None,
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "gpt-4o-mini-transcribe", "language": None, "prompt": ""},
                "noise_reduction": None,
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 200,
                },
            }
        },
    }
    return merge_replacing_lists(defaults, request)


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


def _sdp_answer(server: Context) -> str:
    """A minimal SDP answer for one Opus audio track and the ``oai-events`` data channel."""
    rng = server.backend.rng
    session = rng.getrandbits(62)
    fingerprint = ":".join(f"{rng.getrandbits(8):02X}" for _ in range(32))
    ufrag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
    pwd = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))
    lines = [
        "v=0",
        f"o=- {session} {session} IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0 1",
        "a=msid-semantic:WMS *",
        "m=audio 3478 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 0.0.0.0",
        "a=mid:0",
        f"a=ice-ufrag:{ufrag}",
        f"a=ice-pwd:{pwd}",
        f"a=fingerprint:sha-256 {fingerprint}",
        "a=setup:passive",
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "m=application 3478 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=mid:1",
        f"a=ice-ufrag:{ufrag}",
        f"a=ice-pwd:{pwd}",
        f"a=fingerprint:sha-256 {fingerprint}",
        "a=setup:passive",
        "a=sctp-port:5000",
    ]
    return "\r\n".join(lines) + "\r\n"


def create_call(server: Context, exchange: Exchange) -> Reply:
    # The SDK sends the offer as a pre-encoded multipart body, which the fake does not parse: any
    # offer is answered (the SDK itself requires `sdp`).
    call_id = server.backend.new_id(CALL_ID)
    return TextReply(
        _sdp_answer(server), content_type="application/sdp", headers={"location": f"/v1/realtime/calls/{call_id}"}
    )


CLIENT_SECRETS = ClientSecretAdapter()


def register(router: Router) -> None:
    router.add("POST", "/realtime/client_secrets", CLIENT_SECRETS, summary=CLIENT_SECRETS.summary)
    router.add(
        "POST",
        "/realtime/calls",
        create_call,
        summary="an SDP answer (`application/sdp`) for an Opus track and the events data channel; `Location` names the `rtc_` call",
    )
