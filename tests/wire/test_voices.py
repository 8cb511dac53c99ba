"""A voice made from an audio sample says so (``type: "audio_sample"``) and has no ``prompt``: the
SDK's ``Voice`` gives a prompt only for prompt-generated voices."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._args import arguments_for
from tests.conformance._walk import resolve


def test_a_voice_from_an_audio_sample_has_no_prompt(tmp_path: Path) -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    entry = resolve(fake, "audio.voices.create")
    call = arguments_for(entry, tmp_path)[0]  # an audio sample and a consent, as the SDK requires
    create: Any = fake.audio.voices.with_raw_response.create  # arguments built from its signature
    body = json.loads(create(*call.args, **call.kwargs).http_response.content)
    assert body["type"] == "audio_sample"
    assert "prompt" not in body


def test_an_async_voice_from_an_audio_sample_is_the_same(tmp_path: Path) -> None:
    async def run() -> tuple[str, object]:
        fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize")
        call = arguments_for(resolve(fake, "audio.voices.create"), tmp_path)[0]
        create: Any = fake.audio.voices.create
        voice = await create(*call.args, **call.kwargs)
        return voice.type, voice.prompt

    assert asyncio.run(run()) == ("audio_sample", None)
