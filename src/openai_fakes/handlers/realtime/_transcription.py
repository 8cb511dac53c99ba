"""Input audio transcription on a realtime socket, and the transcription session's configuration.

A realtime session transcribes committed audio when its ``audio.input.transcription`` is set; a
transcription session (``client.realtime.connect(extra_query={"intent": "transcription"})``) does
nothing else. Either way the transcript is the one ``client.audio.transcriptions`` gives for audio
of that length (`audio._transcript`: ~2.5 words a second, drawn from a hash of the audio and the
model), streamed as ``conversation.item.input_audio_transcription.delta`` events (one per token-sized
piece) and closed by ``...completed`` with the whole transcript and its usage: by duration for
``whisper-1``, by tokens for the GPT transcribe models, as the transcriptions endpoint bills them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ..._core.merge import merge_replacing_lists
from ..._sim.tokens import pieces
from ..audio._transcribe import token_usage
from ..audio._transcript import Transcript

SERVER_VAD: Mapping[str, Any] = {
    "type": "server_vad",
    "threshold": 0.5,
    "prefix_padding_ms": 300,
    "silence_duration_ms": 200,
}
"""The server VAD a new session starts with (the API's defaults), before a realtime session's own
response options."""

Event = dict[str, Any]

SESSION_SECONDS = 30 * 60  # a realtime session lasts at most 30 minutes
LOGPROBS = "item.input_audio_transcription.logprobs"
"""The ``include`` entry that adds logprobs to the transcription events."""
DEFAULT_TRANSCRIBER = "gpt-4o-mini-transcribe"
NO_VAD_MODEL = "gpt-realtime-whisper"
"""The transcription model that takes no turn detection (the SDK's docs: it must be ``null``)."""


def transcription_session(session_id: str, request: Mapping[str, Any], now: int) -> dict[str, Any]:
    """A transcription session's configuration: the defaults merged with ``request``."""
    defaults = {
        "type": "transcription",
        "object": "realtime.transcription_session",
        "id": session_id,
        "expires_at": now + SESSION_SECONDS,
        "include": None,
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": DEFAULT_TRANSCRIBER, "language": None, "prompt": ""},
                "noise_reduction": None,
                "turn_detection": dict(SERVER_VAD),
            }
        },
    }
    return merge_replacing_lists(defaults, dict(request))


def no_vad_problem(session: Mapping[str, Any]) -> str | None:
    """Why transcription session ``session`` cannot be used (turn detection with a model that takes
    none), or ``None``."""
    audio_input = (session.get("audio") or {}).get("input") or {}
    model = (audio_input.get("transcription") or {}).get("model")
    if model == NO_VAD_MODEL and audio_input.get("turn_detection") is not None:
        return (
            f"Invalid value for 'session.audio.input.turn_detection': {NO_VAD_MODEL} supports no turn "
            "detection; set it to null."
        )
    return None


def transcription_events(
    session: Mapping[str, Any],
    item_id: str,
    audio: bytes,
    seconds: float,
    event: Callable[..., Event],
) -> tuple[str, list[Event]]:
    """The transcript of ``seconds`` of committed ``audio`` and the events that stream it."""
    config = session["audio"]["input"].get("transcription") or {}
    model = str(config.get("model") or DEFAULT_TRANSCRIBER)
    transcript = Transcript(audio, seconds, f"transcribe\x00{model}")
    text = transcript.text
    with_logprobs = LOGPROBS in (session.get("include") or ()) and model.startswith("gpt-")
    logprobs = transcript.logprobs() if with_logprobs else None
    where = {"item_id": item_id, "content_index": 0}
    deltas = []
    for index, piece in enumerate(pieces(text)):
        extra = {"logprobs": [logprobs[index]]} if logprobs is not None else {}
        deltas.append(event("conversation.item.input_audio_transcription.delta", **where, delta=piece, **extra))
    done_extra = {"logprobs": logprobs} if logprobs is not None else {}
    completed = event(
        "conversation.item.input_audio_transcription.completed",
        **where,
        transcript=text,
        usage=_usage(model, seconds, str(config.get("prompt") or ""), text),
        **done_extra,
    )
    return text, [*deltas, completed]


def _usage(model: str, seconds: float, prompt: str, text: str) -> dict[str, Any]:
    if not model.startswith("gpt-"):
        return {"type": "duration", "seconds": float(math.ceil(seconds))}
    return token_usage(seconds, prompt, text)
