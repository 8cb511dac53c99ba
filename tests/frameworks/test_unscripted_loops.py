"""Agent loops of the installed frameworks end sensibly on an unscripted fake (issue 16): the tool
gets the argument the prompt gave, the loop ends, and the answer carries what the tool returned.
Over several seeds, on Chat Completions and Responses."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from pydantic import BaseModel

pytest.importorskip("pydantic_ai", reason="optional framework test: pip install -e '.[frameworks]'")
pytest.importorskip("agents", reason="optional framework test: pip install -e '.[frameworks]'")
pytest.importorskip("langchain_openai", reason="optional framework test: pip install -e '.[frameworks]'")

from agents import Agent as AgentsAgent
from agents import OpenAIChatCompletionsModel, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.models.openai import OpenAIResponsesModel as PaiResponsesModel
from pydantic_ai.providers.openai import OpenAIProvider

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

SEEDS = range(4)


class Forecast(BaseModel):
    city: str
    temp_c: float
    summary: str


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("model_class", [OpenAIChatModel, PaiResponsesModel])
def test_pydantic_ai_calls_the_tool_with_the_prompts_city_and_outputs_its_result(seed: int, model_class: Any) -> None:
    calls: list[str] = []
    fake = FakeAsyncOpenAI(seed=seed)
    agent: Agent[None, Forecast] = Agent(
        model_class("gpt-4o", provider=OpenAIProvider(openai_client=fake)), output_type=Forecast
    )

    @agent.tool_plain
    def get_weather(city: str) -> dict[str, Any]:
        """The weather in a city."""
        calls.append(city)
        return {"city": city, "temp_c": 21, "conditions": "sunny"}

    result = asyncio.run(agent.run("What's the weather in Rome?"))
    assert calls == ["Rome"]
    assert (result.output.city, result.output.temp_c) == ("Rome", 21)
    assert "sunny" in result.output.summary


@pytest.mark.parametrize("seed", SEEDS)
def test_pydantic_ai_text_answer_states_the_result(seed: int) -> None:
    fake = FakeAsyncOpenAI(seed=seed)
    agent: Agent[None, str] = Agent(OpenAIChatModel("gpt-4o", provider=OpenAIProvider(openai_client=fake)))

    @agent.tool_plain
    def get_weather(city: str) -> dict[str, Any]:
        """The weather in a city."""
        return {"city": city, "temp_c": 17}

    result = asyncio.run(agent.run("How warm is it in Tokyo?"))
    assert "Tokyo" in result.output and "17" in result.output


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("responses", [False, True])
def test_openai_agents_loop_passes_the_city_and_answers_with_the_result(seed: int, responses: bool) -> None:
    set_tracing_disabled(True)  # tracing would post to the network
    calls: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """The weather in a city."""
        calls.append(city)
        return f"Sunny, 23 C in {city}"

    fake = FakeAsyncOpenAI(seed=seed)
    model: Any = (
        OpenAIResponsesModel(model="gpt-4o", openai_client=fake)
        if responses
        else OpenAIChatCompletionsModel(model="gpt-4o", openai_client=fake)
    )
    agent = AgentsAgent(name="weather", instructions="Answer weather questions.", tools=[get_weather], model=model)
    result = asyncio.run(Runner.run(agent, "What's the weather in Lisbon and in Porto?"))
    assert calls == ["Lisbon", "Porto"]  # one call per city, in one turn
    assert "Sunny, 23 C in Lisbon" in result.final_output and "Porto" in result.final_output


@pytest.mark.parametrize("seed", SEEDS)
def test_langchain_bind_tools_loop(seed: int) -> None:
    @tool
    def check_stock(sku: str, quantity: int) -> str:
        """Whether a quantity of a product is in stock."""
        return json.dumps({"sku": sku, "in_stock": quantity <= 40, "available": 40})

    fake, afake = FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)
    chat = ChatOpenAI(
        model="gpt-4o",
        client=fake.chat.completions,
        async_client=afake.chat.completions,
        root_client=fake,
        root_async_client=afake,
    )
    llm = chat.bind_tools([check_stock])
    messages: list[Any] = [HumanMessage("Can I order 12 of SKU AB-1200?")]
    first = llm.invoke(messages)
    assert [(c["name"], c["args"]) for c in first.tool_calls] == [("check_stock", {"sku": "AB-1200", "quantity": 12})]
    messages += [first, *(ToolMessage(check_stock.invoke(c["args"]), tool_call_id=c["id"]) for c in first.tool_calls)]
    final = llm.invoke(messages)
    assert not final.tool_calls and "in_stock: true" in str(final.content) and "40" in str(final.content)
