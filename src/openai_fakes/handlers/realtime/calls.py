"""``client.realtime.calls``: ``calls.create`` (WebRTC) answers an SDP answer (``application/sdp``) and a
``Location`` header naming the new ``rtc_`` call; ``accept`` / ``hangup`` / ``refer`` / ``reject`` get the
generic answer (200, no body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._core.exchange import Exchange, Reply, TextReply
from ..._core.ids import IdShape
from .._base.router import Router

if TYPE_CHECKING:
    from ..._control.context import Context

CALL_ID = IdShape("rtc_", "hex", 32)


def sdp_answer(server: Context) -> str:
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
        sdp_answer(server),
        content_type="application/sdp",
        headers={"location": f"/v1/realtime/calls/{call_id}"},
        status=201,  # a call is created (docs/api-behaviour.md, Status codes)
    )


def register(router: Router) -> None:
    router.add(
        "POST",
        "/realtime/calls",
        create_call,
        summary="an SDP answer (`application/sdp`) for an Opus track and the events data channel; `Location` names the `rtc_` call",
    )
