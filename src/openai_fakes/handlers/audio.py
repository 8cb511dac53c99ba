"""Audio: ``POST /audio/speech``, ``/audio/transcriptions`` and ``/audio/translations``.

Speech is a real file in the asked ``response_format`` (`_audio_codec`) lasting as long as the
input takes to say at ~150 words a minute (divided by ``speed``); ``stream_format="sse"`` sends the
same bytes as ``speech.audio.delta`` events and a ``speech.audio.done`` with usage.

Transcriptions and translations read the uploaded file's duration where its header says (WAV,
FLAC, MP3, Ogg Opus, ADTS) and answer a transcript of that length (`_transcript`) in the asked
``response_format``: ``json``, ``text``, ``srt``, ``vtt``, ``verbose_json`` (segments by default,
words when ``timestamp_granularities`` asks) or ``diarized_json``. Whisper bills by duration, the
GPT-4o transcribe models by tokens (docs/api-behaviour.md, Audio). ``stream=True`` gives ``transcript.text.delta``
events then ``transcript.text.done`` carrying the same text (also for whisper-1, which the API
answers unstreamed: the SDK could not read that answer as a stream).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core.declared import declared_only
from .._core.exchange import BytesReply, Exchange, JsonReply, Reply, SseReply, TextReply
from .._sim.audio_codec import CONTENT_TYPES, duration_of, encode
from .._sim.tokens import text_tokens
from ._base.adapter import Adapter
from ._base.router import Router
from ._transcript import LANGUAGES, Transcript
from ._upload import uploaded

if TYPE_CHECKING:
    from .._control.context import Context

SPEECH_WORDS_PER_SECOND = 2.5  # ~150 words a minute
_AUDIO_TOKENS_PER_SECOND = 10  # an estimate: audio tokens per second of input or output audio
_SSE_CHUNK = 8192
# Bounds for requests that validation did not stop: the API's 4096-character input is under five
# minutes of speech; a 25 MB upload is well under two hours of audio.
_MAX_SECONDS = 600.0
_MAX_UPLOAD_SECONDS = 7200.0


def _body(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.fields


# --- speech ----------------------------------------------------------------------------------------


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
        body = _body(exchange)
        text = str(body.get("input") or "")
        speed = body.get("speed")
        seconds = speech_seconds(text, float(speed) if isinstance(speed, (int, float)) else 1.0)
        return encode(str(body.get("response_format") or "mp3"), seconds, max(1, len(text.split())))

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        body = _body(exchange)
        audio = final if isinstance(final, bytes) else json.dumps(final).encode()
        if body.get("stream_format") != "sse":
            return BytesReply(audio, CONTENT_TYPES.get(str(body.get("response_format") or "mp3"), "audio/mpeg"))
        lines: list[dict[str, Any]] = [
            {"type": "speech.audio.delta", "audio": base64.b64encode(audio[i : i + _SSE_CHUNK]).decode("ascii")}
            for i in range(0, len(audio), _SSE_CHUNK)
        ]
        text = str(body.get("input") or "") + " " + str(body.get("instructions") or "")
        input_tokens = text_tokens(text)
        output_tokens = math.ceil(speech_seconds(str(body.get("input") or "")) * _AUDIO_TOKENS_PER_SECOND)
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


# --- transcriptions and translations ---------------------------------------------------------------


class _Heard:
    """What the server makes of one upload: its duration and a transcript of it."""

    def __init__(self, exchange: Exchange, task: str) -> None:
        body = _body(exchange)
        files = uploaded(exchange, "file")
        audio = files[0][1] if files else b""
        self.body = body
        self.task = task
        self.model = str(body.get("model") or "whisper-1")
        self.format = str(body.get("response_format") or "json")
        self.duration = round(min(duration_of(audio), _MAX_UPLOAD_SECONDS), 3) if audio else 1.0
        self.transcript = Transcript(audio, self.duration, f"{task}\x00{self.model}")
        granularities = body.get("timestamp_granularities")
        self.granularities = set(granularities) if isinstance(granularities, (list, tuple)) else {"segment"}
        language = str(body.get("language") or "en")
        self.language = "english" if task == "translate" else LANGUAGES.get(language, language)

    @property
    def by_tokens(self) -> bool:
        return self.model.startswith("gpt-")

    def usage(self) -> dict[str, Any]:
        if not self.by_tokens:
            return {"type": "duration", "seconds": math.ceil(self.duration)}
        return self.token_usage()

    def token_usage(self) -> dict[str, Any]:
        audio = math.ceil(self.duration * _AUDIO_TOKENS_PER_SECOND)
        prompt = text_tokens(str(self.body.get("prompt") or ""))
        output = text_tokens(self.transcript.text)
        return {
            "type": "tokens",
            "input_tokens": audio + prompt,
            "input_token_details": {"text_tokens": prompt, "audio_tokens": audio},
            "output_tokens": output,
            "total_tokens": audio + prompt + output,
        }


class TranscriptionAdapter(Adapter):
    def __init__(self, task: str, summary: str) -> None:
        self.task = task  # "transcribe" or "translate"
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        heard = _Heard(exchange, self.task)
        transcript = heard.transcript
        if exchange.stream:
            return {"text": transcript.text}
        if heard.format == "text":
            return transcript.text + "\n"
        if heard.format == "srt":
            return transcript.srt()
        if heard.format == "vtt":
            return transcript.vtt()
        if heard.format == "verbose_json":
            data: dict[str, Any] = {
                "task": self.task,
                "language": heard.language,
                "duration": heard.duration,
                "text": transcript.text,
            }
            if "segment" in heard.granularities or self.task == "translate":
                data["segments"] = [transcript.verbose_segment(s) for s in transcript.segments]
            if "word" in heard.granularities and self.task == "transcribe":
                data["words"] = transcript.word_list()
            data["usage"] = {"type": "duration", "seconds": math.ceil(heard.duration)}
        elif heard.format == "diarized_json":
            data = {
                "task": "transcribe",
                "duration": heard.duration,
                "text": transcript.text,
                "segments": _diarized(heard),
                "usage": heard.usage(),
            }
        else:
            data = {"text": transcript.text}
            if self.task == "transcribe":
                if "logprobs" in (heard.body.get("include") or ()) and heard.by_tokens:
                    data["logprobs"] = transcript.logprobs()
                data["usage"] = heard.usage()
        return declared_only(data, exchange.cast_to, deep=False)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        if isinstance(final, str):
            return TextReply(final)
        if not exchange.stream:
            return JsonReply(final)
        return SseReply(
            [(None, event) for event in _stream_events(_Heard(exchange, self.task), final)], done_marker=False
        )


def _diarized(heard: _Heard) -> list[dict[str, Any]]:
    names = heard.body.get("known_speaker_names")
    speakers = [str(n) for n in names] if isinstance(names, (list, tuple)) and names else ["A", "B"]
    return [
        {
            "type": "transcript.text.segment",
            "id": f"seg_{segment.index + 1:03d}",
            "start": segment.start,
            "end": segment.end,
            "text": segment.text,
            "speaker": speakers[segment.index % len(speakers)],
        }
        for segment in heard.transcript.segments
    ]


def _stream_events(heard: _Heard, final: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Deltas of ``final["text"]`` word by word (per segment, with segment events, for diarization),
    then ``transcript.text.done`` with the whole text and token usage."""
    text = str(final.get("text", heard.transcript.text))
    diarize = heard.format == "diarized_json" or "diarize" in heard.model
    groups = (
        [(s["id"], s["text"], s) for s in _diarized(heard)]
        if diarize and text == heard.transcript.text
        else [(None, text, None)]
    )
    events: list[dict[str, Any]] = []
    for segment_id, segment_text, segment in groups:
        words = segment_text.split(" ")
        prefix = " " if events else ""
        for index, word in enumerate(words):
            delta: dict[str, Any] = {"type": "transcript.text.delta", "delta": (prefix if index == 0 else " ") + word}
            if segment_id is not None:
                delta["segment_id"] = segment_id
            events.append(delta)
        if segment is not None:
            events.append(segment)
    events.append({"type": "transcript.text.done", "text": text, "usage": heard.token_usage()})
    return events


def register(router: Router) -> None:
    speech = SpeechAdapter()
    router.add("POST", "/audio/speech", speech, summary=speech.summary)
    common = (
        "the upload's duration read from its header, a transcript of that length in every `response_format` "
        "(json, text, srt, vtt, verbose_json with segments / words per `timestamp_granularities`"
    )
    transcriptions = TranscriptionAdapter(
        "transcribe", f"request-shaped: {common}, diarized_json), duration or token usage; streams delta/done events"
    )
    translations = TranscriptionAdapter("translate", f"request-shaped: English text; {common})")
    router.add("POST", "/audio/transcriptions", transcriptions, summary=transcriptions.summary)
    router.add("POST", "/audio/translations", translations, summary=translations.summary)
