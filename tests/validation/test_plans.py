"""Validation plans: a rule is skipped for a body that sends none of its ``fires_on`` fields.

That is only sound if such a rule never refuses a body without those fields: checked here, rule
by rule, on drawn requests with those fields taken out, and end to end against running every rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openai_fakes._core.errors import APIErrorReply
from openai_fakes._core.exchange import Exchange
from openai_fakes._sim.validation import _ROUTES, _RULES, validate_request
from openai_fakes._sim.validation._common import Rule

from . import _strategies as draw

BOUNDED = draw.BOUNDED  # bounded, and the same examples under CI

_BODIES = {
    ("POST", "/chat/completions"): draw.chat_kwargs(),
    ("POST", "/responses"): draw.responses_kwargs(),
    ("POST", "/embeddings"): draw.embeddings_kwargs(),
}


def _exchange(path: str, body: Any) -> Exchange:
    return Exchange("POST", path, {}, body, [], {}, None, False, None)


def _outcome(run: Any) -> Any:
    try:
        run()
    except APIErrorReply as error:
        return error.reply.status, error.reply.body
    return None


def _every_rule(exchange: Exchange, rules: tuple[Rule, ...]) -> None:
    for rule in rules:
        rule.check(exchange, exchange.body)


@pytest.mark.parametrize("route", list(_BODIES), ids=lambda r: r[1])
@BOUNDED
@given(data=st.data())
def test_a_rule_never_refuses_without_its_fields(route: tuple[str, str], data: st.DataObject) -> None:
    body = data.draw(_BODIES[route])
    for rule in _ROUTES[route]:
        if rule.fires_on is not None:
            without = {k: v for k, v in body.items() if k not in rule.fires_on}
            assert _outcome(lambda: rule.check(_exchange(route[1], without), without)) is None, rule  # noqa: B023


@pytest.mark.parametrize("level", ["strict", "lenient"])
@pytest.mark.parametrize("route", list(_BODIES), ids=lambda r: r[1])
@BOUNDED
@given(data=st.data())
def test_a_plan_refuses_as_every_rule_does(route: tuple[str, str], level: Any, data: st.DataObject) -> None:
    body = data.draw(_BODIES[route])
    exchange = _exchange(route[1], body)
    expected = _outcome(lambda: _every_rule(exchange, _RULES[level][route]))
    assert _outcome(lambda: validate_request(exchange, level)) == expected
