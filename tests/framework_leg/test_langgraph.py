"""LangGraph runs on the fake through langchain-openai's ChatOpenAI: a small tool-calling graph
(agent node, ToolNode, tools_condition) calls the tool with the prompt's argument and ends with an
answer stating its result, a structured-response node returns the pydantic model filled from the
tool, and an async graph streams its tokens; injected and under patch_openai."""

from __future__ import annotations

import os

# LangSmith tracing is opt-in, but a developer's shell may have it on: it would post every run.
os.environ["LANGSMITH_TRACING"] = "false"

import asyncio
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool
from langchain_openai import ChatOpenAI
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode, tools_condition
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, tool_call

SEEDS = range(3)


class Forecast(BaseModel):
    city: str
    temp_c: float
    conditions: str


class ForecastState(MessagesState):
    forecast: Forecast | None


def _weather_tool(calls: list[str]) -> BaseTool:
    @tool
    def get_weather(city: str) -> dict[str, Any]:
        """The current weather in a city."""
        calls.append(city)
        return {"city": city, "temp_c": 21, "conditions": "sunny"}

    return get_weather


def _chat(fake: FakeOpenAI, afake: FakeAsyncOpenAI) -> ChatOpenAI:
    # ChatOpenAI takes the SDK's chat.completions resources and the clients as separate arguments;
    # without async_client, ainvoke/astream would build a real AsyncOpenAI.
    return ChatOpenAI(
        model="gpt-4o",
        client=fake.chat.completions,
        async_client=afake.chat.completions,
        root_client=fake,
        root_async_client=afake,
    )


def _graph(chat: ChatOpenAI, weather: BaseTool, *, use_async: bool = False, structured: bool = False) -> Any:
    """The ReAct loop by hand (create_react_agent is deprecated in langgraph 1.x, a warning that
    fails this suite): agent -> tools -> agent until the model answers without a tool call, then
    optionally a node asking for the Forecast, as create_react_agent's response_format did."""
    model = chat.bind_tools([weather])

    def agent(state: ForecastState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    async def async_agent(state: ForecastState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    def respond(state: ForecastState) -> dict[str, Any]:
        return {"forecast": chat.with_structured_output(Forecast).invoke(state["messages"])}

    graph = StateGraph(ForecastState)
    graph.add_node("agent", async_agent if use_async else agent)
    graph.add_node("tools", ToolNode([weather]))
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", tools_condition, {"tools": "tools", END: "respond" if structured else END})
    graph.add_edge("tools", "agent")
    if structured:
        graph.add_node("respond", respond)
        graph.add_edge("respond", END)
    return graph.compile()


@pytest.mark.parametrize("seed", SEEDS)
def test_graph_calls_the_tool_with_the_prompts_city_and_ends_with_its_result(seed: int) -> None:
    calls: list[str] = []
    fake, afake = FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)
    graph = _graph(_chat(fake, afake), _weather_tool(calls))
    state = graph.invoke({"messages": [HumanMessage("What's the weather in Rome?")]})
    assert calls == ["Rome"]
    kinds = [type(message) for message in state["messages"]]
    assert kinds == [HumanMessage, AIMessage, ToolMessage, AIMessage]
    answer = str(state["messages"][-1].content)
    assert "Rome" in answer and "21" in answer and "sunny" in answer
    assert len(fake.calls) == 2 and not afake.calls


@pytest.mark.parametrize("seed", SEEDS)
def test_structured_response_node_returns_the_model_filled_from_the_tool(seed: int) -> None:
    calls: list[str] = []
    fake, afake = FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)
    graph = _graph(_chat(fake, afake), _weather_tool(calls), structured=True)
    state = graph.invoke({"messages": [HumanMessage("What's the weather in Lisbon?")]})
    assert calls == ["Lisbon"]
    assert state["forecast"] == Forecast(city="Lisbon", temp_c=21, conditions="sunny")
    response_format = fake.calls.last.params["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["name"] == "Forecast"


@pytest.mark.parametrize("seed", SEEDS)
def test_async_graph_streams_its_tokens_and_calls_once_per_city(seed: int) -> None:
    calls: list[str] = []
    fake, afake = FakeOpenAI(seed=seed), FakeAsyncOpenAI(seed=seed)
    graph = _graph(_chat(fake, afake), _weather_tool(calls), use_async=True)
    request = {"messages": [HumanMessage("What's the weather in Oslo and in Lima?")]}

    async def run() -> tuple[list[str], dict[str, Any]]:
        tokens: list[str] = []
        state: dict[str, Any] = {}
        async for mode, payload in graph.astream(request, stream_mode=["messages", "values"]):
            if mode == "values":
                state = payload
            elif isinstance(payload[0], AIMessageChunk):
                tokens.append(str(payload[0].content))
        return tokens, state

    tokens, state = asyncio.run(run())
    # One call per city, in one turn, asked in the prompt's order; the async ToolNode runs the two
    # calls side by side, so the order the tool itself ran them in is the event loop's, not ours.
    asked = [call["args"]["city"] for call in state["messages"][1].tool_calls]
    assert asked == ["Oslo", "Lima"] and sorted(calls) == ["Lima", "Oslo"]
    answer = str(state["messages"][-1].content)
    assert "city: Oslo" in answer and "city: Lima" in answer
    assert "".join(tokens) == answer
    assert not fake.calls and [call.params.get("stream") for call in afake.calls] == [True, True]


def test_scripted_tool_call_then_answer() -> None:
    calls: list[str] = []
    fake, afake = FakeOpenAI(), FakeAsyncOpenAI()
    fake.stub(fake.chat.completions.create).sequence(
        [tool_call("get_weather", city="Bergen"), "Rain all week in Bergen."]
    )
    graph = _graph(_chat(fake, afake), _weather_tool(calls))
    state = graph.invoke({"messages": [HumanMessage("Should I pack an umbrella?")]})
    assert calls == ["Bergen"]
    assert state["messages"][-1].content == "Rain all week in Bergen."
    tool_message = fake.calls.last.params["messages"][-1]
    assert tool_message["role"] == "tool" and "Bergen" in tool_message["content"]


def test_a_chat_model_that_builds_its_own_clients_is_answered_under_patch_openai(patch_openai: FakeOpenAI) -> None:
    calls: list[str] = []
    patch_openai.stub(patch_openai.chat.completions.create).sequence(
        [tool_call("get_weather", city="Nice"), "Mild in Nice."]
    )
    graph = _graph(ChatOpenAI(model="gpt-4o-mini"), _weather_tool(calls))  # builds plain openai clients
    state = graph.invoke({"messages": [HumanMessage("Weather?")]})
    assert calls == ["Nice"] and state["messages"][-1].content == "Mild in Nice."
    assert len(patch_openai.calls) == 2
