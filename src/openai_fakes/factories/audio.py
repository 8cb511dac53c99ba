"""Audio: ``TranscriptionFactory`` and ``TranscriptionVerboseFactory``.

A transcription's usage follows its text (docs/api-behaviour.md, Audio): gpt-4o transcribe models report
tokens (output tokens = the text's, input = audio tokens), whisper-1 reports seconds. A verbose
transcription's segments tile the audio in order, its text is their text joined, and its
duration and usage are where the last segment ends.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from openai.types.audio import Transcription, TranscriptionVerbose

from .._sim.text import paragraph
from .._sim.text import sentence as english_sentence
from .._sim.tokens import text_tokens
from ._curate import fixed_keys, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build

_WORDS_PER_SECOND = 2.5  # conversational speech
_AUDIO_TOKENS_PER_SECOND = 10  # gpt-4o-transcribe's audio tokens run at about ten a second


def _seconds(text: str) -> float:
    return round(max(1.0, len(text.split()) / _WORDS_PER_SECOND), 2)


@curated
class TranscriptionFactory(SDKModelFactory[Transcription]):
    """The reply of ``audio.transcriptions.create`` (``json``): plain-English text, usage that fits it."""

    __model__ = Transcription

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "text", paragraph(build.rng, build.rng.choice((1, 2, 3))))
        cls._default(kwargs, "logprobs", None)  # only with include=["logprobs"]
        cls._default(kwargs, "languages", None)
        kind = weighted(build.rng, (("tokens", 0.7), ("duration", 0.3)))
        cls._default(kwargs, "usage", {"type": kind})
        return (
            fixed_keys(cls, kwargs, "usage")
            if "usage" in kwargs and isinstance(kwargs["usage"], dict) and set(kwargs["usage"]) != {"type"}
            else frozenset({"type"})
        )

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        usage, text = data.get("usage"), str(data.get("text") or "")
        if notes is None or not isinstance(usage, dict):
            return
        seconds = _seconds(text)
        if usage.get("type") == "duration":
            if "seconds" not in notes:
                usage["seconds"] = math.ceil(seconds)  # whole seconds, as whisper-1 bills
            return
        values = {"input_tokens": int(seconds * _AUDIO_TOKENS_PER_SECOND), "output_tokens": text_tokens(text)}
        for key, value in values.items():
            if key not in notes:
                usage[key] = value
        if "input_token_details" not in notes:
            usage["input_token_details"] = {"text_tokens": 0, "audio_tokens": usage["input_tokens"]}
        if "total_tokens" not in notes:
            usage["total_tokens"] = usage["input_tokens"] + usage["output_tokens"]


@curated
class TranscriptionVerboseFactory(SDKModelFactory[TranscriptionVerbose]):
    """The reply of a ``verbose_json`` transcription (whisper-1): segments one sentence each, in order,
    with their timings; ``words`` only when asked for (pass ``words=[...]``)."""

    __model__ = TranscriptionVerbose

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        if "segments" not in kwargs and "segments" not in cls._declared_keys():
            kwargs["segments"] = _segments(build, [english_sentence(rng) for _ in range(rng.choice((1, 2, 3)))])
        for field, value in (("language", "english"), ("words", None)):
            cls._default(kwargs, field, value)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        segments = [s for s in data.get("segments") or () if isinstance(s, dict)]
        if segments and "text" not in locked:
            data["text"] = "".join(str(s.get("text", "")) for s in segments).strip()
        end = max((float(s["end"]) for s in segments if isinstance(s.get("end"), (int, float))), default=None)
        if end is None:
            end = _seconds(str(data.get("text") or ""))
        if "duration" not in locked:
            data["duration"] = end
        if "usage" not in locked:
            data["usage"] = {"type": "duration", "seconds": math.ceil(end)}


def _tokens(build: Build, start: float, end: float, count: int) -> list[int]:
    """Text token ids between the timestamp tokens that open and close a segment (50364 = 0.00 s
    into the 30 s window, one per 20 ms)."""
    return [
        50364 + round(start % 30 / 0.02),
        *(build.rng.randrange(220, 50000) for _ in range(count)),
        50364 + round(min(end - start // 30 * 30, 30) / 0.02),
    ]


def _segments(build: Build, sentences: list[str]) -> list[dict[str, Any]]:
    """Whisper's segments: back to back, text with a leading space, 30 s windows (``seek``)."""
    rng, start, out = build.rng, 0.0, []
    for index, sentence in enumerate(sentences):
        end = round(start + _seconds(sentence), 2)
        out.append(
            {
                "id": index,
                "seek": int(start // 30) * 3000,
                "start": start,
                "end": end,
                "text": " " + sentence,
                "tokens": _tokens(build, start, end, text_tokens(sentence)),
                "temperature": 0.0,
                "avg_logprob": round(rng.uniform(-0.4, -0.1), 4),
                "compression_ratio": round(rng.uniform(1.1, 1.6), 4),
                "no_speech_prob": round(rng.random() ** 4 / 10, 6),
            }
        )
        start = end
    return out
