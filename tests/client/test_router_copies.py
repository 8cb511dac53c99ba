"""Each fake's routes are its own: a route added to one fake answers there and nowhere else, in
both directions, although fakes share their route tables until one of them adds a route."""

from __future__ import annotations

from typing import Any

from openai_fakes import FakeOpenAI
from openai_fakes._core.exchange import Exchange, Reply
from openai_fakes.handlers._base.generic import GENERIC


def _counting(seen: list[str], name: str) -> Any:
    def handler(server: Any, exchange: Exchange) -> Reply:
        seen.append(name)
        return GENERIC(server, exchange)

    return handler


def test_a_route_added_to_one_fake_answers_there_only() -> None:
    seen: list[str] = []
    first, second = FakeOpenAI(seed=1), FakeOpenAI(seed=2)
    second.models.list()  # both have matched the route through the shared tables already
    first._fake_server.router.add("GET", "/models", _counting(seen, "first"), summary="test")
    first.models.list()
    second.models.list()
    third = FakeOpenAI(seed=3)
    third.models.list()
    assert seen == ["first"]

    second._fake_server.router.add("GET", "/models", _counting(seen, "second"), summary="test")
    first.models.list()
    second.models.list()
    FakeOpenAI(seed=4).models.list()
    assert seen == ["first", "first", "second"]


def test_fakes_share_the_route_tables_until_one_changes_them() -> None:
    first, second = FakeOpenAI(seed=1), FakeOpenAI(seed=2)
    assert first._fake_server.router.match is second._fake_server.router.match
    first._fake_server.router.add("GET", "/models", GENERIC, summary="test")
    assert first._fake_server.router.match is not second._fake_server.router.match
