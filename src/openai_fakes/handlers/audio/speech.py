"""``client.audio.speech``: ``POST /audio/speech``.

Speech is a real file in the asked ``response_format`` (`_sim.audio_codec`) lasting as long as the
input takes to say at ~150 words a minute (divided by ``speed``); ``stream_format="sse"`` sends the
same bytes as ``speech.audio.delta`` events and a ``speech.audio.done`` with usage.
"""

from __future__ import annotations

import base64
import json
import math
from typing import TYPE_CHECKING, Any

from ..._core.exchange import BytesReply, Exchange, Reply
from ..._sim.audio_codec import CONTENT_TYPES, encode
from ..._sim.tokens import text_tokens
from .._base.adapter import Adapter
from .._base.router import Router

if TYPE_CHECKING:
    from ..._control.context import Context

SPEECH_WORDS_PER_SECOND = 2.5  # ~150 words a minute
AUDIO_TOKENS_PER_SECOND = 10  # an estimate: audio tokens per second of input or output audio (transcripts too)
_SSE_CHUNK = 8192
# A bound for requests that validation did not stop: the API's 4096-character input is under five
# minutes of speech.
_MAX_SECONDS = 600.0


def speech_seconds(text: str, speed: float = 1.0) -> float:
    words = max(1, len(text.split()))
    seconds = words / SPEECH_WORDS_PER_SECOND / max(0.25, min(4.0, speed))
    return min(_MAX_SECONDS, max(0.5, seconds))


class SpeechAdapter(Adapter):
    summary = (
        "request-shaped: real audio bytes in `response_format` (mp3, opus, aac, flac, wav, pcm) lasting as long as "
        'the input takes to say (~150 words/min, over `speed`); `stream_format="sse"` as delta/done events'
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.fields
        text = str(body.get("input") or "")
        speed = body.get("speed")
        seconds = speech_seconds(text, float(speed) if isinstance(speed, (int, float)) else 1.0)
        return encode(str(body.get("response_format") or "mp3"), seconds, max(1, len(text.split())))

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        body = exchange.fields
        audio = final if isinstance(final, bytes) else json.dumps(final).encode()
        if body.get("stream_format") != "sse":
            return BytesReply(audio, CONTENT_TYPES.get(str(body.get("response_format") or "mp3"), "audio/mpeg"))
        lines: list[dict[str, Any]] = [
            {"type": "speech.audio.delta", "audio": base64.b64encode(audio[i : i + _SSE_CHUNK]).decode("ascii")}
            for i in range(0, len(audio), _SSE_CHUNK)
        ]
        text = str(body.get("input") or "") + " " + str(body.get("instructions") or "")
        input_tokens = text_tokens(text)
        output_tokens = math.ceil(speech_seconds(str(body.get("input") or "")) * AUDIO_TOKENS_PER_SECOND)
        usage = {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        }
        lines.append({"type": "speech.audio.done", "usage": usage})
        # The SDK hands speech bodies to the caller as bytes, so the events travel as SSE text.
        return BytesReply(
            b"".join(b"data: " + json.dumps(line).encode() + b"\n\n" for line in lines), "text/event-stream"
        )


def register(router: Router) -> None:
    speech = SpeechAdapter()
    router.add("POST", "/audio/speech", speech, summary=speech.summary)
