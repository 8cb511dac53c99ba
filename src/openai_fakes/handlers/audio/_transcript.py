"""A plausible transcript of an audio file, timed to its length, in each of Whisper's shapes.

The words are English prose from `_sim.text`, about 2.5 a second (150 words a minute), drawn from a
hash of the audio, the model and the task: the same file always gives the same transcript. Words
are spread evenly over the audio; segments are runs of whole sentences of at most ~25 words.
Times are rounded through float32 as the API's are (``0.23999999463558197``).
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
from dataclasses import dataclass
from typing import Any

from ..._sim.text import words as english_words
from ..._sim.tokens import pieces, text_tokens

WORDS_PER_SECOND = 2.5
_SEGMENT_WORDS = 25
_TIMESTAMP_BASE = 50364  # Whisper's <|0.00|> token; each later one is 20 ms on
_TEXT_TOKEN_RANGE = (220, 50257)

LANGUAGES = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "pl": "polish",
    "ru": "russian",
    "uk": "ukrainian",
    "tr": "turkish",
    "ar": "arabic",
    "hi": "hindi",
    "ja": "japanese",
    "ko": "korean",
    "zh": "chinese",
    "da": "danish",
    "fi": "finnish",
    "no": "norwegian",
    "cs": "czech",
    "el": "greek",
    "he": "hebrew",
    "id": "indonesian",
}
"""ISO 639-1 code -> the language name Whisper reports in ``verbose_json``."""


def f32(value: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Segment:
    index: int
    words: tuple[Word, ...]
    text: str

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end


class Transcript:
    def __init__(self, audio: bytes, duration: float, tag: str) -> None:
        seed = hashlib.sha256(tag.encode() + b"\x00" + audio).digest()
        self.rng = random.Random(int.from_bytes(seed[:8], "big"))
        self.duration = duration
        count = max(1, round(duration * WORDS_PER_SECOND))
        text = english_words(self.rng, count)
        text = text[0].upper() + text[1:]
        self.text = text if text.endswith((".", "!", "?")) else text + "."
        tokens = self.text.split(" ")
        step = duration / len(tokens)
        self.words = [
            Word(re.sub(r"[^\w'-]", "", token) or token, f32(i * step), f32(i * step + step * 0.85))
            for i, token in enumerate(tokens)
        ]
        self.segments = self._segments(tokens)

    def _segments(self, tokens: list[str]) -> list[Segment]:
        segments: list[Segment] = []
        first = 0
        for last, token in enumerate(tokens):
            sentence_end = token.endswith((".", "!", "?"))
            if (
                last == len(tokens) - 1
                or (sentence_end and last - first + 1 >= 8)
                or last - first + 1 >= _SEGMENT_WORDS
            ):
                segments.append(
                    Segment(len(segments), tuple(self.words[first : last + 1]), " ".join(tokens[first : last + 1]))
                )
                first = last + 1
        return segments

    # --- Whisper's shapes ------------------------------------------------------------------------

    def verbose_segment(self, segment: Segment) -> dict[str, Any]:
        rng = self.rng
        start, end = f32(segment.start), f32(segment.end)
        middle = [rng.randint(*_TEXT_TOKEN_RANGE) for _ in range(max(1, text_tokens(segment.text)))]
        return {
            "id": segment.index,
            "seek": int(segment.start // 30) * 3000,
            "start": start,
            "end": end,
            "text": " " + segment.text,
            "tokens": [_TIMESTAMP_BASE + round(start / 0.02), *middle, _TIMESTAMP_BASE + round(end / 0.02)],
            "temperature": 0.0,
            "avg_logprob": f32(rng.uniform(-0.45, -0.12)),
            "compression_ratio": f32(rng.uniform(1.15, 1.7)),
            "no_speech_prob": f32(10 ** rng.uniform(-4, -1.5)),
        }

    def word_list(self) -> list[dict[str, Any]]:
        return [{"word": w.word, "start": w.start, "end": w.end} for w in self.words]

    def logprobs(self) -> list[dict[str, Any]]:
        return [
            {"token": p, "logprob": f32(-(10 ** self.rng.uniform(-5, -0.7))), "bytes": list(p.encode())}
            for p in pieces(self.text)
        ]

    def srt(self) -> str:
        blocks = [f"{s.index + 1}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{s.text}\n" for s in self.segments]
        return "\n".join(blocks) + "\n"

    def vtt(self) -> str:
        blocks = [f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{s.text}\n" for s in self.segments]
        return "WEBVTT\n\n" + "\n".join(blocks) + "\n"


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    whole, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{millis:03d}"
