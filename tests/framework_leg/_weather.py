"""What several framework scenarios share: the typed result they ask for and a weather tool that
records the cities it is asked about.

No ``from __future__ import annotations`` here: magentic reads the tool's annotations at run time
and cannot resolve them as strings.
"""

import json
from collections.abc import Callable

from pydantic import BaseModel


class Forecast(BaseModel):
    city: str
    summary: str


def _as_json(city: str) -> str:
    return json.dumps({"city": city, "temp_c": 21, "conditions": "sunny"})


class Recorder:
    """A weather tool that remembers the cities it was asked about. Its answer is JSON unless
    ``answer`` says otherwise (some frameworks hand the model the tool's text as it is)."""

    def __init__(self, answer: Callable[[str], str] = _as_json) -> None:
        self.cities: list[str] = []
        self._answer = answer

    def get_weather(self, city: str) -> str:
        """The current weather in a city."""
        self.cities.append(city)
        return self._answer(city)


def cities_asked(fake: object) -> list[str]:
    """The cities the fake's first chat reply called the weather tool for, in its order. A framework
    that runs a turn's tool calls side by side (async tool nodes, thread pools) finishes them in
    the scheduler's order, so a test asserts the order here and only which cities the tool ran."""
    calls = getattr(fake, "calls")
    message = calls[0].response["choices"][0]["message"]
    return [json.loads(call["function"]["arguments"])["city"] for call in message.get("tool_calls") or ()]
