"""A capitalised word opening a line is read as one opening a sentence (docs/unscripted-model.md,
"Which words are names"): under a header line ("[[ ## question ## ]]\\nForecast for Oslo", as
DSPy frames its inputs, or "question\\n\\nForecast for Oslo") the place is Oslo, not "Forecast";
and a word that opens a sentence but is listed with another name ("Rome and Paris: ...") is a
name like the other. Structured output (parse, plain and streamed) and tool calls, Chat
Completions and Responses (and Assistants runs for the tool loop), sync and async, seeds 0-5."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

from ._loops import WAYS, Tool, loop

SEEDS = range(6)
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
HEADED = ["[[ ## question ## ]]\nForecast for Oslo", "question\n\nForecast for Oslo"]
headed = pytest.mark.parametrize("prompt", HEADED, ids=["dspy-header", "plain-header"])
WEATHER: Tool = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})


class Forecast(BaseModel):
    city: str
    summary: str


def parsed_everywhere(seed: int, prompt: str) -> list[Forecast | None]:
    """``prompt`` parsed as a Forecast by chat and Responses, sync and async, plain and streamed."""
    messages: Any = [{"role": "user", "content": prompt}]
    found: list[Forecast | None] = []
    fake = FakeOpenAI(seed=seed)
    found.append(
        fake.chat.completions.parse(model="gpt-4o", messages=messages, response_format=Forecast)
        .choices[0]
        .message.parsed
    )
    found.append(fake.responses.parse(model="gpt-4o", input=prompt, text_format=Forecast).output_parsed)
    with fake.chat.completions.stream(model="gpt-4o", messages=messages, response_format=Forecast) as chat_events:
        found.append(chat_events.get_final_completion().choices[0].message.parsed)
    with fake.responses.stream(model="gpt-4o", input=prompt, text_format=Forecast) as response_events:
        found.append(response_events.get_final_response().output_parsed)

    async def in_async() -> list[Forecast | None]:
        fake = FakeAsyncOpenAI(seed=seed)
        chat = await fake.chat.completions.parse(model="gpt-4o", messages=messages, response_format=Forecast)
        response = await fake.responses.parse(model="gpt-4o", input=prompt, text_format=Forecast)
        async with fake.chat.completions.stream(model="gpt-4o", messages=messages, response_format=Forecast) as events:
            streamed_chat = (await events.get_final_completion()).choices[0].message.parsed
        async with fake.responses.stream(model="gpt-4o", input=prompt, text_format=Forecast) as stream:
            streamed_response = (await stream.get_final_response()).output_parsed
        return [chat.choices[0].message.parsed, response.output_parsed, streamed_chat, streamed_response]

    return [*found, *asyncio.run(in_async())]


@pytest.mark.parametrize("seed", SEEDS)
@headed
def test_the_word_opening_a_line_under_a_header_is_not_the_city(seed: int, prompt: str) -> None:
    parsed = parsed_everywhere(seed, prompt)
    assert [forecast.city if forecast else None for forecast in parsed] == ["Oslo"] * 8


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
@headed
def test_a_tool_gets_the_city_under_a_header(way: Any, seed: int, prompt: str) -> None:
    outcome = loop(way, seed, prompt, [WEATHER], lambda name, args: "sunny")
    assert outcome.steps[0] == [("get_weather", {"city": "Oslo"})]


@pytest.mark.parametrize("way", WAYS, ids=way_ids)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_sentence_opener_listed_with_another_name_is_a_name(way: Any, seed: int) -> None:
    outcome = loop(way, seed, "Rome and Paris: what's the weather there?", [WEATHER], lambda name, args: "sunny")
    assert outcome.steps[0] == [("get_weather", {"city": "Rome"}), ("get_weather", {"city": "Paris"})]
