"""A multipart form carries no nulls: the SDK's form encoding leaves out every field set to None
(``prompt=None`` on a transcription), so the fake answers such a call as the API does, as if the
field were not given, and records what was sent. Frameworks pass None for unset options (the
OpenAI Agents SDK's voice pipeline sends prompt, temperature and language as None)."""

from __future__ import annotations

import asyncio

import openai

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.handlers.test_audio import wav_of


def test_null_form_fields_are_not_sent() -> None:
    fake = FakeOpenAI(seed=1)
    audio = ("a.wav", wav_of(1.5))
    transcript = fake.audio.transcriptions.create(
        model="whisper-1", file=audio, prompt=None, temperature=None, language=None
    )
    assert transcript.text
    assert fake.calls.last.params == {"model": "whisper-1"}
    uploaded = fake.files.create(file=("a.jsonl", b"{}\n"), purpose="batch", expires_after=None)  # type: ignore[arg-type]
    assert uploaded.expires_at == uploaded.created_at + 30 * 86_400  # a batch file's default
    assert "expires_after" not in fake.calls.last.params


def test_the_same_call_answers_the_same_with_or_without_the_nulls() -> None:
    audio = ("a.wav", wav_of(1.5))
    with_nulls = FakeOpenAI(seed=3).audio.transcriptions.create(model="whisper-1", file=audio, prompt=None)
    without = FakeOpenAI(seed=3).audio.transcriptions.create(model="whisper-1", file=audio)
    assert with_nulls == without


def test_async_form_nulls() -> None:
    fake = FakeAsyncOpenAI(seed=1)

    async def transcribe() -> openai.types.audio.Transcription:
        return await fake.audio.transcriptions.create(
            model="whisper-1", file=("a.wav", wav_of(1.0)), prompt=None, language=None
        )

    assert asyncio.run(transcribe()).text
    assert fake.calls.last.params == {"model": "whisper-1"}


def test_a_json_body_keeps_its_nulls() -> None:
    # JSON sends null as null: the API reads it (an optional field set to null), and so does the fake.
    fake = FakeOpenAI(seed=1)
    fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], temperature=None)
    assert fake.calls.last.params["temperature"] is None
