"""Audio: speech files of the right format and length; transcripts shaped by the upload and format."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import struct
import warnings
import wave

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

HUNDRED_WORDS = " ".join(["Please read this sentence aloud for the test."] * 12 + ["One", "more", "four", "words"])
SECONDS = 100 / 2.5  # ~150 words a minute


def speak(fake: FakeOpenAI, response_format: str, text: str = HUNDRED_WORDS, **extra: object) -> bytes:
    reply = fake.audio.speech.create(
        model="gpt-4o-mini-tts", voice="alloy", input=text, response_format=response_format, **extra
    )  # type: ignore[arg-type]
    return reply.content


def wav_of(seconds: float, rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


# --- independent readers of each format's headers ---------------------------------------------------


def mp3_seconds(data: bytes) -> float:
    frames = 0
    for at in range(0, len(data), 192):  # MPEG-1 Layer III, 64 kbit/s, 48 kHz: 192-byte frames
        assert data[at : at + 2] == b"\xff\xfb" and data[at + 2] >> 4 == 5 and (data[at + 2] >> 2) & 3 == 1
        frames += 1
    return frames * 1152 / 48_000


def flac_seconds(data: bytes) -> float:
    assert data[:4] == b"fLaC" and data[4] & 0x7F == 0  # STREAMINFO first
    packed = int.from_bytes(data[18:26], "big")
    rate, channels, bits, samples = packed >> 44, (packed >> 41 & 7) + 1, (packed >> 36 & 31) + 1, packed & (2**36 - 1)
    assert (rate, channels, bits) == (24_000, 1, 16)
    assert data[42:44] == b"\xff\xf8"  # the first frame's sync code
    return samples / rate


def ogg_opus_seconds(data: bytes) -> float:
    pages, at, granule = 0, 0, 0
    while at < len(data):
        assert data[at : at + 4] == b"OggS"
        granule = struct.unpack("<q", data[at + 6 : at + 14])[0]
        segments = data[at + 26]
        at += 27 + segments + sum(data[at + 27 : at + 27 + segments])
        pages += 1
    assert b"OpusHead" in data[:64] and b"OpusTags" in data[:200] and pages >= 3
    return (granule - 312) / 48_000


def adts_seconds(data: bytes) -> float:
    frames, at = 0, 0
    while at < len(data):
        assert data[at] == 0xFF and data[at + 1] >> 4 == 0xF  # sync word
        assert data[at + 2] >> 6 == 1 and (data[at + 2] >> 2) & 0xF == 6  # AAC LC, 24 kHz
        at += (data[at + 3] & 3) << 11 | data[at + 4] << 3 | data[at + 5] >> 5
        frames += 1
    return frames * 1024 / 24_000


# --- speech -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response_format", "reader"),
    [("mp3", mp3_seconds), ("flac", flac_seconds), ("opus", ogg_opus_seconds), ("aac", adts_seconds)],
)
def test_compressed_speech_has_the_formats_headers_and_length(response_format: str, reader: object) -> None:
    seconds = reader(speak(FakeOpenAI(seed=1), response_format))  # type: ignore[operator]
    assert seconds == pytest.approx(SECONDS, abs=0.05)


def test_wav_and_pcm_are_24_khz_16_bit_mono() -> None:
    fake = FakeOpenAI(seed=1)
    with wave.open(io.BytesIO(speak(fake, "wav"))) as audio:
        assert (audio.getframerate(), audio.getnchannels(), audio.getsampwidth()) == (24_000, 1, 2)
        assert audio.getnframes() == SECONDS * 24_000
        samples = struct.unpack(f"<{audio.getnframes()}h", audio.readframes(audio.getnframes()))
    assert 0 < max(samples) < 4000  # a quiet tone, not silence, not clipping
    pcm = speak(fake, "pcm")
    assert len(pcm) == SECONDS * 24_000 * 2 and pcm == speak(fake, "wav")[44:]


def test_length_follows_the_text_and_the_speed() -> None:
    fake = FakeOpenAI(seed=1)
    short, long = speak(fake, "pcm", "one two three four five"), speak(fake, "pcm", " ".join(["word"] * 50))
    assert len(long) == 10 * len(short)
    assert len(speak(fake, "pcm", HUNDRED_WORDS, speed=2.0)) * 2 == len(speak(fake, "pcm"))


def test_content_type_follows_the_format() -> None:
    fake = FakeOpenAI(seed=1)
    reply = fake.audio.speech.create(model="tts-1", voice="alloy", input="Hello there.")
    assert reply.response.headers["content-type"] == "audio/mpeg"
    assert reply.content[:2] == b"\xff\xfb"


def test_sse_stream_format_carries_the_same_audio_and_usage() -> None:
    fake = FakeOpenAI(seed=1)
    body = speak(fake, "pcm", stream_format="sse").decode()
    events = [json.loads(line[len("data: ") :]) for line in body.split("\n\n") if line]
    assert {e["type"] for e in events[:-1]} == {"speech.audio.delta"} and events[-1]["type"] == "speech.audio.done"
    assert b"".join(base64.b64decode(e["audio"]) for e in events[:-1]) == speak(fake, "pcm")
    usage = events[-1]["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0


# --- transcriptions and translations ----------------------------------------------------------------


def test_json_transcript_is_as_long_as_the_audio() -> None:
    reply = FakeOpenAI(seed=1).audio.transcriptions.create(file=("talk.wav", wav_of(12)), model="whisper-1")
    assert 20 <= len(reply.text.split()) <= 40  # ~2.5 words a second
    assert reply.usage is not None and reply.usage.type == "duration" and reply.usage.seconds == 12


def test_verbose_json_segments_and_words_cover_the_audio() -> None:
    reply = FakeOpenAI(seed=1).audio.transcriptions.create(
        file=("talk.wav", wav_of(30)),
        model="whisper-1",
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
    )
    assert reply.duration == 30 and reply.language == "english"
    segments, words = reply.segments or [], reply.words or []
    assert len(segments) >= 2 and [s.id for s in segments] == list(range(len(segments)))
    assert "".join(s.text for s in segments).strip() == reply.text
    assert all(a.end <= b.start for a, b in zip(segments, segments[1:]))
    assert segments[0].start == 0 and 28 < segments[-1].end <= 30
    assert all(50364 <= s.tokens[0] < s.tokens[-1] for s in segments)  # Whisper timestamp tokens
    assert len(words) == len(reply.text.split())
    assert all(0 <= w.start < w.end <= 30 for w in words) and all(a.end <= b.start for a, b in zip(words, words[1:]))


def test_timestamp_granularities_choose_what_is_returned() -> None:
    fake = FakeOpenAI(seed=1)
    default = fake.audio.transcriptions.create(
        file=("t.wav", wav_of(5)), model="whisper-1", response_format="verbose_json"
    )
    assert default.segments and default.words is None
    words = fake.audio.transcriptions.create(
        file=("t.wav", wav_of(5)), model="whisper-1", response_format="verbose_json", timestamp_granularities=["word"]
    )
    assert words.words and words.segments is None


def test_text_srt_and_vtt_formats() -> None:
    fake = FakeOpenAI(seed=1)
    audio = ("t.wav", wav_of(20))
    text = fake.audio.transcriptions.create(file=audio, model="whisper-1", response_format="text")
    assert text.endswith("\n") and text.strip() == fake.audio.transcriptions.create(file=audio, model="whisper-1").text
    srt = fake.audio.transcriptions.create(file=audio, model="whisper-1", response_format="srt")
    assert re.match(r"1\n00:00:00,000 --> 00:00:\d\d,\d{3}\n\S", srt)
    vtt = fake.audio.transcriptions.create(file=audio, model="whisper-1", response_format="vtt")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> ")


def test_gpt_4o_models_bill_tokens_and_give_logprobs() -> None:
    reply = FakeOpenAI(seed=1).audio.transcriptions.create(
        file=("t.wav", wav_of(6)), model="gpt-4o-transcribe", include=["logprobs"]
    )
    assert reply.usage is not None and reply.usage.type == "tokens"
    assert reply.usage.total_tokens == reply.usage.input_tokens + reply.usage.output_tokens
    assert reply.logprobs and "".join(p.token or "" for p in reply.logprobs) == reply.text


def test_diarized_json_labels_speakers() -> None:
    reply = FakeOpenAI(seed=1).audio.transcriptions.create(
        file=("t.wav", wav_of(30)), model="gpt-4o-transcribe-diarize", response_format="diarized_json"
    )
    assert reply.duration == 30 and len(reply.segments) >= 2
    assert [s.speaker for s in reply.segments[:2]] == ["A", "B"]
    assert " ".join(s.text for s in reply.segments) == reply.text


def test_stream_deltas_join_to_the_done_text() -> None:
    events = list(
        FakeOpenAI(seed=1).audio.transcriptions.create(
            file=("t.wav", wav_of(8)), model="gpt-4o-mini-transcribe", stream=True
        )
    )
    deltas, done = events[:-1], events[-1]
    assert all(e.type == "transcript.text.delta" for e in deltas) and done.type == "transcript.text.done"
    assert "".join(e.delta for e in deltas) == done.text
    assert done.usage.total_tokens > 0


def test_the_same_audio_gives_the_same_transcript() -> None:
    audio = ("t.wav", wav_of(10))
    first = FakeOpenAI(seed=1).audio.transcriptions.create(file=audio, model="whisper-1").text
    assert FakeOpenAI(seed=2).audio.transcriptions.create(file=audio, model="whisper-1").text == first
    assert FakeOpenAI(seed=1).audio.transcriptions.create(file=("t.wav", wav_of(11)), model="whisper-1").text != first


def test_translation_is_english() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # newer SDKs mark translations deprecated
        reply = FakeOpenAI(seed=1).audio.translations.create(
            file=("t.wav", wav_of(9)), model="whisper-1", response_format="verbose_json"
        )
    assert reply.language == "english" and reply.duration == 9 and reply.segments


def test_async_audio() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        speech = await fake.audio.speech.create(
            model="tts-1", voice="alloy", input=HUNDRED_WORDS, response_format="flac"
        )
        assert flac_seconds(speech.content) == pytest.approx(SECONDS)
        stream = await fake.audio.transcriptions.create(
            file=("t.wav", wav_of(4)), model="gpt-4o-transcribe", stream=True
        )
        kinds = [event.type async for event in stream]
        assert kinds[-1] == "transcript.text.done" and len(kinds) > 2

    asyncio.run(main())
