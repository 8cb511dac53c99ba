"""Simon Willison's `llm` runs on the fake unchanged through its Python API (issue 16). Its OpenAI
models build their own clients, so `patch_openai` answers them: `gpt-4o` on Chat Completions,
`gpt-5` on Responses. A `chain()` tool loop gets the prompt's city and ends with the tool's result
in the answer, sync and async; `schema=` comes back filled from the prompt; responses stream."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

# llm loads every installed plugin at import; load none, so the models are llm's own OpenAI ones
# whatever else the environment holds.
os.environ["LLM_LOAD_PLUGINS"] = ""

import llm
import pytest

from openai_fakes import FakeOpenAI, tool_call

from ._weather import Forecast, Recorder

# patch_openai's fake takes its seed from the openai_fakes marker.
SEEDS = [pytest.param(seed, marks=pytest.mark.openai_fakes(seed=seed), id=f"seed{seed}") for seed in range(3)]
# llm sends these to Chat Completions and to Responses.
MODELS = {"gpt-4o": "POST /chat/completions", "gpt-5": "POST /responses"}


@pytest.fixture(autouse=True)
def _llm_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """llm looks for stored keys in (and creates) its user directory; keep it out of $HOME."""
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path))
    yield


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_chain_calls_the_tool_with_the_prompts_city_and_answers_with_its_result(
    seed: int, model_id: str, patch_openai: FakeOpenAI
) -> None:
    tool = Recorder()
    answer = llm.get_model(model_id).chain("What's the weather in Rome?", tools=[tool.get_weather]).text()
    assert tool.cities == ["Rome"]
    assert "city: Rome" in answer and "temp_c: 21" in answer and "sunny" in answer
    assert [call.endpoint for call in patch_openai.calls] == [MODELS[model_id]] * 2


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_async_chain(seed: int, model_id: str, patch_openai: FakeOpenAI) -> None:
    tool = Recorder()

    async def main() -> str:
        return (
            await llm.get_async_model(model_id).chain("What's the weather in Tokyo?", tools=[tool.get_weather]).text()
        )

    answer = asyncio.run(main())
    assert tool.cities == ["Tokyo"]
    assert "city: Tokyo" in answer and "sunny" in answer


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_schema_is_filled_from_the_prompt(seed: int, model_id: str, patch_openai: FakeOpenAI) -> None:
    response = llm.get_model(model_id).prompt("Forecast for Oslo", schema=Forecast)
    forecast = Forecast.model_validate_json(response.text())
    assert forecast.city == "Oslo"
    sent = patch_openai.calls.last.params
    json_format = sent["response_format"] if model_id == "gpt-4o" else sent["text"]["format"]
    assert json_format["type"] == "json_schema"


def test_scripted_tool_call_then_answer(patch_openai: FakeOpenAI) -> None:
    patch_openai.stub(patch_openai.chat.completions.create).sequence(
        [tool_call("get_weather", city="Paris"), "It is sunny in Paris."]
    )
    tool = Recorder()
    assert (
        llm.get_model("gpt-4o").chain("What's the weather?", tools=[tool.get_weather]).text() == "It is sunny in Paris."
    )
    assert tool.cities == ["Paris"]
    # The second request carried the tool's result back under the call's id.
    sent = patch_openai.calls.last.params["messages"]
    assert sent[-1]["role"] == "tool"
    assert json.loads(sent[-1]["content"]) == {"city": "Paris", "temp_c": 21, "conditions": "sunny"}
    assert sent[-1]["tool_call_id"] == sent[-2]["tool_calls"][0]["id"]


@pytest.mark.parametrize("model_id", MODELS)
def test_streamed_response(model_id: str, patch_openai: FakeOpenAI) -> None:
    if model_id == "gpt-4o":
        patch_openai.stub(patch_openai.chat.completions.create).reply("Hello, Ada. Nice to meet you.")
    else:
        patch_openai.stub(patch_openai.responses.create).reply("Hello, Ada. Nice to meet you.")
    chunks = list(llm.get_model(model_id).prompt("Say hello to Ada"))
    assert len(chunks) > 1 and "".join(chunks) == "Hello, Ada. Nice to meet you."
    assert patch_openai.calls.last.params["stream"] is True
