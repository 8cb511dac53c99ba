"""The OpenAI Agents SDK's extras run on the fake (issue 16); the base SDK is covered by
tests/frameworks/test_openai_agents.py.

- `[voice]`: a `VoicePipeline` hears a question (STT through `audio.transcriptions`), runs the agent
  on its transcript, and speaks the answer (TTS through `audio.speech`, raw PCM).
- `[litellm]`: `LitellmModel` calls LiteLLM, which builds its own OpenAI client: `patch_openai`
  answers it. The tool loop gets the prompt's city and ends with the tool's result.
- Realtime agents open their own websocket (`websockets.connect` on a URL, not the SDK's
  `realtime.connect()`), so no in-process fake can answer them; the served fake can
  (`openai_fakes.serve`, on loopback).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

# LiteLLM downloads its model price map from GitHub at import unless told to read the copy it
# ships; the download would be refused here (no network), so read the bundled one.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

import numpy as np
import pytest
import uvicorn
from agents import (
    Agent,
    Model,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    Runner,
    function_tool,
    set_tracing_disabled,
)
from agents.extensions.models.litellm_model import LitellmModel
from agents.realtime import RealtimeAgent, RealtimeRunner
from agents.voice import (
    AudioInput,
    SingleAgentVoiceWorkflow,
    STTModelSettings,
    VoicePipeline,
    VoicePipelineConfig,
    VoiceStreamEventAudio,
)
from agents.voice.models.openai_model_provider import OpenAIVoiceModelProvider

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, tool_call
from openai_fakes.serve import create_app

from ._weather import Forecast, Recorder

# The SDK's trace exporter posts every run to OpenAI; the tests must stay offline.
set_tracing_disabled(True)

# The suite turns warnings into errors; two come from LiteLLM's own code, not from the fake
# (docs/frameworks/litellm.md): pydantic's ReadOnly warning about its GitHub Copilot TypedDicts,
# and its stream handler reading pydantic's deprecated `model_fields` on each chunk's delta.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Items? .* on TypedDict class .*ReadOnly:UserWarning"),
    pytest.mark.filterwarnings("ignore:Accessing the 'model_(computed_)?fields' attribute on the instance"),
]

SEEDS = range(3)
RATE = 24_000  # the voice pipeline's PCM: 24 kHz, 16-bit, mono, both ways
QUESTION = "What's the weather in Rome?"


def weather_tool(recorder: Recorder) -> Any:
    return function_tool(recorder.get_weather)


def tone(seconds: float, dtype: type[np.int16] | type[np.float32] = np.int16) -> Any:
    """A 440 Hz tone: what a microphone would hand the pipeline."""
    wave = 0.3 * np.sin(2 * np.pi * 440 * np.arange(int(RATE * seconds)) / RATE)
    return (wave * 32767).astype(np.int16) if dtype is np.int16 else wave.astype(np.float32)


# --- voice ---------------------------------------------------------------------------------------


def voice_pipeline(fake: FakeAsyncOpenAI, agent: Agent[Any], stt_model: str | None = None) -> VoicePipeline:
    # The SDK passes `prompt=None` / `temperature=None` / `language=None` to
    # `audio.transcriptions.create` when the settings leave them unset; the SDK's multipart encoder
    # drops None fields, but the fake validates them as null and answers 400 (reported to the lead,
    # not worked around in the fake). Setting all three sends values instead.
    settings = STTModelSettings(prompt="A question about the weather.", temperature=0.0, language="en")
    provider = OpenAIVoiceModelProvider(openai_client=fake)
    config = VoicePipelineConfig(model_provider=provider, stt_settings=settings)
    return VoicePipeline(workflow=SingleAgentVoiceWorkflow(agent), stt_model=stt_model, config=config)


def hear(pipeline: VoicePipeline, audio: Any) -> tuple[list[str], bytes]:
    """Run one spoken turn: the event types and the PCM the pipeline played back."""

    async def main() -> tuple[list[str], bytes]:
        result = await pipeline.run(AudioInput(buffer=audio))
        kinds: list[str] = []
        pcm = b""
        async for event in result.stream():
            kinds.append(getattr(event, "event", event.type))
            if isinstance(event, VoiceStreamEventAudio) and event.data is not None:
                assert event.data.dtype == np.int16
                pcm += event.data.tobytes()
        return kinds, pcm

    return asyncio.run(main())


def spoken(fake: FakeAsyncOpenAI) -> list[Any]:
    return [call for call in fake.calls if call.endpoint == "POST /audio/speech"]


def assert_plausible_speech(pcm: bytes, text: str) -> None:
    """About 150 words a minute of 16-bit samples at 24 kHz, and not silence."""
    seconds = len(pcm) / 2 / RATE
    assert seconds == pytest.approx(len(text.split()) * 60 / 150, abs=0.5), (seconds, text)
    assert np.abs(np.frombuffer(pcm, dtype=np.int16)).max() > 0


def chat_model(fake: FakeAsyncOpenAI) -> Model:
    return OpenAIChatCompletionsModel(model="gpt-4o", openai_client=fake)


def responses_model(fake: FakeAsyncOpenAI) -> Model:
    return OpenAIResponsesModel(model="gpt-4o", openai_client=fake)


@pytest.mark.parametrize("model", [responses_model, chat_model], ids=["responses", "chat"])
@pytest.mark.parametrize("seed", SEEDS)
def test_spoken_question_reaches_the_tool_and_the_answer_is_spoken(seed: int, model: Any) -> None:
    fake = FakeAsyncOpenAI(seed=seed)
    # A tone transcribes to plausible English with no city in it: script what was "said".
    fake.stub(fake.audio.transcriptions.create).returns({"text": QUESTION})
    weather = Recorder()
    agent = Agent(name="weather", instructions="Answer weather questions.", tools=[weather_tool(weather)])
    agent.model = model(fake)

    kinds, pcm = hear(voice_pipeline(fake, agent), tone(0.4))

    # The transcript was the agent's question, and the tool got the city it names.
    model_calls = [call for call in fake.calls if call.endpoint in {"POST /responses", "POST /chat/completions"}]
    first = model_calls[0].params
    assert (first["input"] if "input" in first else first["messages"])[-1] == {"role": "user", "content": QUESTION}
    assert weather.cities == ["Rome"]
    assert len(model_calls) == 2  # the call, then the answer: the loop ended
    # The answer, stating the tool's result, is what was spoken, as raw PCM.
    speech = spoken(fake)
    said = " ".join(call.params["input"] for call in speech)
    assert "Rome" in said and "temp_c: 21" in said and "sunny" in said
    assert all(call.params["response_format"] == "pcm" for call in speech)
    assert pcm == b"".join(call.response for call in speech)
    assert_plausible_speech(pcm, said)
    assert kinds[0] == "turn_started" and kinds[-2:] == ["turn_ended", "session_ended"]


@pytest.mark.parametrize("seed", SEEDS)
def test_unscripted_transcript_of_the_audio_is_what_the_agent_answers(seed: int) -> None:
    fake = FakeAsyncOpenAI(seed=seed)
    agent = Agent(name="chat", model=responses_model(fake))

    _, pcm = hear(voice_pipeline(fake, agent, stt_model="whisper-1"), tone(2.0, np.float32))

    transcription, question, answer = fake.calls[:3]
    # The pipeline uploaded the float samples as a two-second WAV (whisper bills the seconds it
    # read from the header), and the fake's transcript of it became the agent's input.
    assert transcription.endpoint == "POST /audio/transcriptions"
    assert transcription.reply.usage.seconds == 2.0
    heard = transcription.reply.text
    assert heard and question.params["input"] == [{"role": "user", "content": heard}]
    # No tools: one model call, and its answer is spoken sentence by sentence, all of it.
    assert answer.endpoint == "POST /audio/speech"
    text = question.reply.output_text
    assert " ".join(call.params["input"] for call in spoken(fake)) == text
    assert pcm == b"".join(call.response for call in spoken(fake))
    assert_plausible_speech(pcm, text)


def test_scripted_answer_is_spoken_sentence_by_sentence() -> None:
    fake = FakeAsyncOpenAI(seed=0)
    fake.stub(fake.audio.transcriptions.create).returns({"text": QUESTION})
    fake.stub(fake.responses.create).reply("It is sunny in Rome. Take your sunglasses!")
    agent = Agent(name="weather", model=responses_model(fake))

    _, pcm = hear(voice_pipeline(fake, agent), tone(0.4))

    speech = spoken(fake)
    assert [call.params["input"] for call in speech] == ["It is sunny in Rome.", "Take your sunglasses!"]
    assert pcm == b"".join(call.response for call in speech)
    assert_plausible_speech(pcm, "It is sunny in Rome. Take your sunglasses!")


# --- LiteLLM -------------------------------------------------------------------------------------

# patch_openai's fake is built from the test's markers: each seed gets its own.
SEEDED = [pytest.param(seed, marks=pytest.mark.openai_fakes(seed=seed)) for seed in SEEDS]


@pytest.mark.parametrize("seed", SEEDED)
def test_litellm_model_calls_the_tool_with_the_prompts_city(patch_openai: FakeOpenAI, seed: int) -> None:
    assert patch_openai.backend.seed == seed
    weather = Recorder()
    agent = Agent(name="weather", tools=[weather_tool(weather)], model=LitellmModel(model="openai/gpt-4o"))

    result = asyncio.run(Runner.run(agent, QUESTION))

    assert weather.cities == ["Rome"]
    assert "temp_c: 21" in result.final_output and "sunny" in result.final_output
    # LiteLLM's OpenAI provider made both calls on the patched client: the tool call, then the
    # answer after the tool's result went back under the call's id.
    assert [call.endpoint for call in patch_openai.calls] == ["POST /chat/completions"] * 2
    sent = patch_openai.calls.last.params["messages"]
    call_id = sent[-2]["tool_calls"][0]["id"]
    assert sent[-1] == {"role": "tool", "tool_call_id": call_id, "content": Recorder().get_weather("Rome")}


@pytest.mark.parametrize("seed", SEEDED)
def test_litellm_model_streamed_tool_loop(patch_openai: FakeOpenAI, seed: int) -> None:
    weather = Recorder()
    agent = Agent(name="weather", tools=[weather_tool(weather)], model=LitellmModel(model="openai/gpt-4o"))

    async def main() -> tuple[str, str]:
        run = Runner.run_streamed(agent, QUESTION)
        text = ""
        async for event in run.stream_events():
            if event.type == "raw_response_event" and event.data.type == "response.output_text.delta":
                text += event.data.delta
        return text, str(run.final_output)

    streamed, final = asyncio.run(main())
    assert weather.cities == ["Rome"]
    assert streamed == final and "temp_c: 21" in final and "sunny" in final
    assert [call.params["stream"] for call in patch_openai.calls] == [True, True]


@pytest.mark.parametrize("seed", SEEDED)
def test_litellm_model_typed_output(patch_openai: FakeOpenAI, seed: int) -> None:
    agent = Agent(name="forecaster", output_type=Forecast, model=LitellmModel(model="openai/gpt-4o"))

    result = asyncio.run(Runner.run(agent, "Forecast for Oslo"))

    assert isinstance(result.final_output, Forecast) and result.final_output.city == "Oslo"
    sent = patch_openai.calls.last.params["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["schema"]["required"] == ["city", "summary"]


def test_scripted_answer_through_a_litellm_model_name(patch_openai: FakeOpenAI) -> None:
    # A model name with the "litellm/" prefix makes the SDK's default provider build a LitellmModel.
    patch_openai.stub(patch_openai.chat.completions.create).sequence(
        [tool_call("get_weather", city="Paris"), "Sunny in Paris, 21 C."]
    )
    weather = Recorder()
    agent = Agent(name="weather", tools=[weather_tool(weather)], model="litellm/openai/gpt-4o-mini")

    result = asyncio.run(Runner.run(agent, "Weather?"))

    assert weather.cities == ["Paris"]
    assert result.final_output == "Sunny in Paris, 21 C."
    assert patch_openai.calls.last.params["model"] == "gpt-4o-mini"


# --- realtime, over the served fake --------------------------------------------------------------


@pytest.fixture(scope="module")
def served_fake() -> Iterator[str]:
    """The fake as a server on a free loopback port (docs/serving.md); yields its realtime URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(seed=1), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"ws://127.0.0.1:{port}/v1/realtime?model=gpt-realtime"
    server.should_exit = True
    thread.join()


@pytest.mark.parametrize("modality", ["text", "audio"])
def test_realtime_agent_tool_loop_over_the_served_fake(served_fake: str, modality: str) -> None:
    weather = Recorder()
    agent = RealtimeAgent(name="weather", instructions="Answer weather questions.", tools=[weather_tool(weather)])
    config: Any = {
        "url": served_fake,
        "api_key": f"sk-{modality}",  # the served fake keeps one fake per key: a fresh one per test
        "initial_model_settings": {"output_modalities": [modality]},
    }

    async def main() -> tuple[list[Any], bytes]:
        session = await RealtimeRunner(agent).run(model_config=config)
        history: list[Any] = []
        audio = b""
        turns = 0
        async with session:
            await session.send_message(QUESTION)
            async for event in session:
                if event.type == "error":
                    raise AssertionError(event.error)
                if event.type == "history_updated":
                    history = event.history
                if event.type == "audio":
                    audio += event.audio.data
                # Two turns: the tool call, then the answer. (The first turn may end after the
                # tool has already run: the SDK runs tools in a task of their own.)
                turns += event.type == "agent_end"
                if turns == 2:
                    return history, audio
        raise AssertionError("the session ended before the answer")

    history, audio = asyncio.run(asyncio.wait_for(main(), timeout=10))
    assert weather.cities == ["Rome"]
    call, answer = history[-2], history[-1]
    assert call.type == "function_call" and json.loads(call.arguments) == {"city": "Rome"}
    assert call.output == Recorder().get_weather("Rome")
    # The answer states the tool's result: as text, or as the transcript of the audio it spoke.
    content = answer.content[0]
    text = content.text if modality == "text" else content.transcript
    assert "temp_c: 21" in text and "sunny" in text
    if modality == "audio":
        assert_plausible_speech(audio, text)
    else:
        assert audio == b""
