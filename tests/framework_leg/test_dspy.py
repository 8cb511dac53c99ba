"""DSPy runs on the fake (issue 16). `dspy.LM` builds its own clients, so `patch_openai` answers
them; DSPy must be told `engine="litellm"` (LiteLLM uses the OpenAI SDK, DSPy's default native
engine has its own HTTP client, which the patch never sees). A native tool call gets the prompt's
city, a typed output field is filled from the prompt (a plain question or one DSPy frames under
its field header), a ReActV2 loop runs unscripted and ends on `submit` with the tool's result
sent back (DSPy's format reminder after each tool result continues the task), async and
streamed."""

from __future__ import annotations

import asyncio
import os
from typing import Any

# DSPy calls the model through LiteLLM, which downloads its model price map from GitHub at import
# unless told to read the copy it ships; the download would be refused here (no network).
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

import dspy
import pytest

from openai_fakes import FakeOpenAI

from ._litellm import _event_loop_for_litellm_logging  # noqa: F401 (an autouse fixture)
from ._weather import Forecast, Recorder

# The suite turns warnings into errors; these come from LiteLLM's own code, not from the fake:
# pydantic warns about the ReadOnly items of LiteLLM's TypedDicts when it builds their schemas,
# and LiteLLM's stream handler reads every attribute of each chunk's delta (`dir()` then
# `getattr`), pydantic's deprecated `model_fields` and `model_computed_fields` too.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Items? .* on TypedDict class .*ReadOnly:UserWarning"),
    pytest.mark.filterwarnings("ignore:Accessing the 'model_(computed_)?fields' attribute on the instance"),
]

# patch_openai's fake takes its seed from the openai_fakes marker.
SEEDS = [pytest.param(seed, marks=pytest.mark.openai_fakes(seed=seed), id=f"seed{seed}") for seed in range(3)]


def model() -> dspy.LM:
    # cache=False: DSPy's cache (on disk, ~/.dspy_cache, shared between runs) would answer a
    # repeated request itself, and the fake would never see it.
    return dspy.LM("openai/gpt-4o", engine="litellm", cache=False)


def _sunny(city: str) -> str:
    return f"Sunny, 24C in {city}"


class WeatherQuestion(dspy.Signature):
    """Answer with calls of the tools."""

    question: str = dspy.InputField()
    tools: list[dspy.Tool] = dspy.InputField()
    calls: dspy.ToolCalls = dspy.OutputField()


@pytest.mark.parametrize("seed", SEEDS)
def test_native_tool_call_gets_the_prompts_city(seed: int, patch_openai: FakeOpenAI) -> None:
    assert patch_openai.backend.seed == seed
    tool = Recorder(_sunny)
    tools = [dspy.Tool(tool.get_weather)]
    with dspy.context(lm=model(), adapter=dspy.ChatAdapter(use_native_function_calling=True)):
        result = dspy.Predict(WeatherQuestion)(question="What's the weather in Rome?", tools=tools)
    assert [(call.name, call.args) for call in result.calls.tool_calls] == [("get_weather", {"city": "Rome"})]
    assert [call.execute(functions=tools) for call in result.calls.tool_calls] == ["Sunny, 24C in Rome"]
    assert tool.cities == ["Rome"]
    sent = patch_openai.calls.last.params
    assert [spec["function"]["name"] for spec in sent["tools"]] == ["get_weather"]


@pytest.mark.parametrize("seed", SEEDS)
def test_async_native_tool_calls_one_per_city(seed: int, patch_openai: FakeOpenAI) -> None:
    tool = Recorder(_sunny)

    async def main() -> Any:
        with dspy.context(lm=model(), adapter=dspy.ChatAdapter(use_native_function_calling=True)):
            return await dspy.Predict(WeatherQuestion).acall(
                question="What's the weather in Rome and in Tokyo?", tools=[dspy.Tool(tool.get_weather)]
            )

    result = asyncio.run(main())
    assert [call.args for call in result.calls.tool_calls] == [{"city": "Rome"}, {"city": "Tokyo"}]


@pytest.mark.parametrize("seed", SEEDS)
# DSPy sends the question under its header line ("[[ ## question ## ]]\nForecast for Oslo"): the
# word opening the line is not taken for the city.
@pytest.mark.parametrize("question", ["What will the weather be in Oslo?", "Forecast for Oslo"])
def test_typed_output_is_filled_from_the_prompt(seed: int, question: str, patch_openai: FakeOpenAI) -> None:
    with dspy.context(lm=model(), adapter=dspy.JSONAdapter()):
        result = dspy.Predict("question -> forecast: Forecast")(question=question)
    assert isinstance(result.forecast, Forecast)
    assert result.forecast.city == "Oslo"
    assert patch_openai.calls.call_count == 1
    assert patch_openai.calls.last.params["response_format"]["type"] == "json_schema"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_react_v2_loop_ends_on_submit_with_the_tool_result_sent_back(
    seed: int, use_async: bool, patch_openai: FakeOpenAI
) -> None:
    # Unscripted. After the tool result DSPy sends its format reminder as a user message; it asks
    # nothing new, so the fake calls `submit` with the result (docs/unscripted-model.md).
    tool = Recorder(_sunny)
    agent = dspy.ReActV2("question -> answer", tools=[tool.get_weather])
    question = "What's the weather in Rome?"

    async def in_async() -> Any:
        with dspy.context(lm=model(), adapter=dspy.ChatAdapter(use_native_function_calling=True)):
            return await agent.acall(question=question)

    if use_async:
        result = asyncio.run(in_async())
    else:
        with dspy.context(lm=model(), adapter=dspy.ChatAdapter(use_native_function_calling=True)):
            result = agent(question=question)
    assert (result.answer, result.termination_reason) == ("get_weather returned Sunny, 24C in Rome.", "submit")
    assert tool.cities == ["Rome"]
    assert patch_openai.calls.call_count == 2
    sent = patch_openai.calls.last.params["messages"]
    tool_messages = [message for message in sent if message["role"] == "tool"]
    assert [message["content"] for message in tool_messages] == ["Sunny, 24C in Rome"]
    assert sent[-1]["role"] == "user" and "Respond with the corresponding output fields" in sent[-1]["content"]
    assert [spec["function"]["name"] for spec in patch_openai.calls.last.params["tools"]] == ["get_weather", "submit"]


def test_streamed_answer_field(patch_openai: FakeOpenAI) -> None:
    # ChatAdapter's own text format, scripted: the fake's prose does not use DSPy's field markers.
    patch_openai.stub(patch_openai.chat.completions.create).reply(
        "[[ ## answer ## ]]\nParis is the capital of France.\n\n[[ ## completed ## ]]"
    )
    listener = dspy.streaming.StreamListener(signature_field_name="answer")
    program = dspy.streamify(dspy.Predict("question -> answer"), stream_listeners=[listener])

    async def main() -> tuple[list[str], Any]:
        chunks: list[str] = []
        final = None
        with dspy.context(lm=model()):
            async for item in program(question="What is the capital of France?"):
                if isinstance(item, dspy.streaming.StreamResponse):
                    chunks.append(item.chunk)
                elif isinstance(item, dspy.Prediction):
                    final = item
        return chunks, final

    chunks, final = asyncio.run(main())
    assert len(chunks) > 1 and "".join(chunks) == "Paris is the capital of France."
    assert final is not None and final.answer == "Paris is the capital of France."
    assert patch_openai.calls.last.params["stream"] is True
