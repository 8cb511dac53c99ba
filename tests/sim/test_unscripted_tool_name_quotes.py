"""A tool's name quoted in a message is never a value for a parameter (docs/unscripted-model.md,
"Arguments"): the name of an offered tool ("Use 'get_weather' for Rome"), or any name quoted
right after the word "tool", as smolagents writes a failed call into the retry's
task ("Error executing tool 'get_weather2' with arguments ..."). Every surface, sync and async,
plain and streamed, seeds 0-5."""

from __future__ import annotations

from typing import Any

import pytest

from ._loops import WAYS, Tool, loop

SEEDS = range(6)
way_ids = [f"{s}-{'stream' if st else 'plain'}-{'async' if a else 'sync'}" for s, st, a in WAYS]
ways = pytest.mark.parametrize("way", WAYS, ids=way_ids)
seeds = pytest.mark.parametrize("seed", SEEDS)
WEATHER: Tool = ("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
ORDER: Tool = (
    "lookup_order",
    {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
)


def smolagents_retry(task: str, tool: str, arguments: dict[str, Any]) -> str:
    """The task message smolagents sends after a tool raised: the task, then the error."""
    return (
        f"New task:\n{task}\nError:\nError executing tool '{tool}' with arguments {arguments}: "
        "RuntimeError: service unavailable\nPlease try again or use another tool\n"
        "Now let's retry: take care not to repeat previous errors! "
        "If you have retried several times, try a completely different approach.\n"
    )


def first_step(way: Any, seed: int, prompt: str, tools: list[Tool]) -> list[Any]:
    return loop(way, seed, prompt, tools, lambda name, args: "done").steps[0]


@ways
@seeds
def test_the_tool_named_in_an_error_is_not_the_city(way: Any, seed: int) -> None:
    prompt = smolagents_retry("What's the weather in Rome?", "get_weather2", {"city": "Rome"})
    assert first_step(way, seed, prompt, [WEATHER]) == [("get_weather", {"city": "Rome"})]


@ways
@seeds
def test_the_tool_named_in_an_error_is_not_the_code(way: Any, seed: int) -> None:
    # The task names no code: the retry's is the one the failed call was given.
    prompt = smolagents_retry("Where is my last order?", "lookup_order2", {"order_id": "WID-4471"})
    assert first_step(way, seed, prompt, [ORDER]) == [("lookup_order", {"order_id": "WID-4471"})]


@ways
@seeds
def test_an_offered_tools_quoted_name_is_not_a_value(way: Any, seed: int) -> None:
    for prompt in ("Use 'get_weather' for Rome, please.", 'Run "get_weather" with Rome as the city.'):
        assert first_step(way, seed, prompt, [WEATHER]) == [("get_weather", {"city": "Rome"})], prompt
