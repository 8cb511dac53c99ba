"""What ``client.audio.transcriptions`` and ``client.audio.translations`` share: one adapter, two tasks.

Both read the uploaded file's duration where its header says (WAV, FLAC, MP3, Ogg Opus, ADTS) and
answer a transcript of that length (`_transcript`) in the asked ``response_format``: ``json``,
``text``, ``srt``, ``vtt``, ``verbose_json`` (segments by default, words when
``timestamp_granularities`` asks) or ``diarized_json``. Whisper bills by duration, the GPT-4o
transcribe models by tokens (docs/api-behaviour.md, Audio). ``stream=True`` gives
``transcript.text.delta`` events then ``transcript.text.done`` carrying the same text (also for
whisper-1, which the API answers unstreamed: the SDK could not read that answer as a stream).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..._core.declared import declared_only
from ..._core.exchange import Exchange, JsonReply, Reply, SseReply, TextReply
from ..._sim.audio_codec import duration_of
from ..._sim.tokens import text_tokens
from .._base.adapter import Adapter
from .._upload import uploaded
from ._transcript import LANGUAGES, Transcript
from .speech import AUDIO_TOKENS_PER_SECOND

if TYPE_CHECKING:
    from ..._control.context import Context

# A bound for requests that validation did not stop: a 25 MB upload is well under two hours of audio.
_MAX_UPLOAD_SECONDS = 7200.0

COMMON_SUMMARY = (
    "the upload's duration read from its header, a transcript of that length in every `response_format` "
    "(json, text, srt, vtt, verbose_json with segments / words per `timestamp_granularities`"
)


class _Heard:
    """What the server makes of one upload: its duration and a transcript of it."""

    def __init__(self, exchange: Exchange, task: str) -> None:
        body = exchange.fields
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
        return token_usage(self.duration, str(self.body.get("prompt") or ""), self.transcript.text)


def token_usage(seconds: float, prompt: str, text: str) -> dict[str, Any]:
    """A transcription's usage billed by tokens (the GPT transcribe models): the audio's tokens and
    the prompt's in, the transcript's out. Realtime transcription sessions bill the same way."""
    audio = math.ceil(seconds * AUDIO_TOKENS_PER_SECOND)
    prompt_tokens = text_tokens(prompt)
    output = text_tokens(text)
    return {
        "type": "tokens",
        "input_tokens": audio + prompt_tokens,
        "input_token_details": {"text_tokens": prompt_tokens, "audio_tokens": audio},
        "output_tokens": output,
        "total_tokens": audio + prompt_tokens + output,
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
