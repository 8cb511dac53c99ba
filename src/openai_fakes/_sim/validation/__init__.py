"""Reject what the real API rejects, before any handler or script sees the request (docs/rejections.md).

One module per API area holds that area's `Rule` list, in the order the checks run; this module
routes a request to its list. ``validate_request`` raises `APIErrorReply` with the API's status,
message, ``param`` and ``code`` (docs/api-behaviour.md, Error bodies), so the SDK raises its own exception class.

Levels:

- ``"strict"``: every rule;
- ``"lenient"``: only the rules without which the fake's own answer would be impossible or
  meaningless (an empty conversation, a tool result that answers no call, a value of a type the
  handler cannot read); model capabilities and the API's limits are not checked;
- ``"off"``: nothing.

Off OpenAI's own endpoint (``Exchange.openai_endpoint`` False: an Azure deployment, a proxy, a
local server) the rules `about_models` give way to their protocol part (`Rule.elsewhere`): any
model name goes there, the rest of the protocol is checked as on OpenAI's endpoint.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ..._core.errors import APIErrorReply
from ..._core.exchange import Exchange
from . import chat, embeddings, files, responses
from ._common import Check, Rule, body_of
from .models import model_rule
from .param_types import check_param_types
from .wire import wire_json

ValidationLevel = Literal["strict", "lenient", "off"]

_ROUTES: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("POST", "/chat/completions"): chat.RULES,
    ("POST", "/responses"): responses.RULES,
    ("POST", "/embeddings"): embeddings.RULES,
    ("POST", "/files"): files.RULES,
    # Endpoints whose only check so far is the model name (docs/api-behaviour.md, Error messages: "unknown model").
    ("POST", "/completions"): (model_rule("completions"),),
    ("POST", "/moderations"): (model_rule("moderations", required=False),),
    ("POST", "/images/generations"): (model_rule("images", required=False),),
    ("POST", "/images/edits"): (model_rule("images", required=False),),
    ("POST", "/images/variations"): (model_rule("images", required=False),),
    ("POST", "/audio/speech"): (model_rule("speech"),),
    ("POST", "/audio/transcriptions"): (model_rule("transcriptions"),),
    ("POST", "/audio/translations"): (model_rule("transcriptions"),),
    ("POST", "/videos"): (model_rule("videos", required=False),),
}


# The endpoints whose rules check every field's type themselves (and word it as the API does there).
_TYPED_BY_RULES = frozenset(
    {("POST", "/chat/completions"), ("POST", "/responses"), ("POST", "/embeddings"), ("POST", "/files")}
)


def _for_level(lenient: bool) -> dict[tuple[str, str], tuple[Rule, ...]]:
    return {route: tuple(r for r in rules if r.lenient or not lenient) for route, rules in _ROUTES.items()}


def _off_openai(routes: dict[tuple[str, str], tuple[Rule, ...]]) -> dict[tuple[str, str], tuple[Rule, ...]]:
    """``routes`` as checked off OpenAI's endpoint: each rule about models replaced by its protocol part."""

    def kept(rule: Rule) -> Rule | None:
        if not rule.about_models:
            return rule
        return (
            None if rule.elsewhere is None else replace(rule, check=rule.elsewhere, about_models=False, elsewhere=None)
        )

    return {route: tuple(k for k in map(kept, rules) if k is not None) for route, rules in routes.items()}


# The rules of each level, chosen once: validation runs on every call (the per-call budget, docs/performance.md).
_RULES = {"strict": _for_level(False), "lenient": _for_level(True)}
# The same off OpenAI's endpoint; the key, first in a plan's key, keeps their plans apart.
_RULES_ELSEWHERE = {
    "strict elsewhere": _off_openai(_RULES["strict"]),
    "lenient elsewhere": _off_openai(_RULES["lenient"]),
}
_ELSEWHERE = {"strict": "strict elsewhere", "lenient": "lenient elsewhere"}

# The checks a request runs, by level, route and the fields its body sends: a rule that cannot
# refuse without one of its `Rule.fires_on` fields is left out (the same errors, in the same
# order, for a fraction of the calls). Bounded: bodies with ever new fields start it afresh.
_Plan = tuple[Check, ...]
_PLANS: dict[tuple[str, str, str, tuple[str, ...]], _Plan] = {}
_MAX_PLANS = 4096


def _plan(key: tuple[str, str, str, tuple[str, ...]], rules: tuple[Rule, ...]) -> _Plan:
    sent = frozenset(key[3])
    plan = tuple(r.check for r in rules if r.fires_on is None or not r.fires_on.isdisjoint(sent))
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[key] = plan
    return plan


def validate_request(exchange: Exchange, level: ValidationLevel) -> None:
    """Raise ``APIErrorReply`` when the real API would refuse ``exchange`` (at ``level``)."""
    rule_set: str = level
    if exchange.openai_endpoint:
        routes = _RULES.get(rule_set)
    else:
        rule_set = _ELSEWHERE.get(rule_set, rule_set)
        routes = _RULES_ELSEWHERE.get(rule_set)
    if routes is None:
        return  # "off"
    method, path = exchange.method, exchange.path
    rules = routes.get((method, path))
    if exchange.route[0] and exchange.route not in _TYPED_BY_RULES:
        # No field rules of its own: every field of the JSON type the SDK declares (lenient too:
        # a handler cannot read a value of the wrong type).
        check_param_types(exchange, exchange.route, enums=rule_set.startswith("strict"))
    if rules:
        body = body_of(exchange)
        model = body.get("model")
        if model is not None and type(model) is not str and isinstance(model, str):
            # A str-based Enum model (``Model.GPT_4O``) goes out as its value, and is echoed so.
            exchange.body = body = wire_json(body)
        key = (rule_set, method, path, tuple(body))
        checks = _PLANS.get(key)
        if checks is None:
            checks = _plan(key, rules)
        try:
            for check in checks:
                check(exchange, body)
        except APIErrorReply:
            # The checks read exact JSON types (fast); a str subclass (a str-based Enum role, a
            # tracked string) fails them although the SDK sends it as a plain string. Judge, and
            # answer, the body the wire carries instead; only a refused request pays for the walk.
            wire = wire_json(exchange.body)
            if wire is exchange.body:
                raise
            exchange.body = wire
            validate_request(exchange, level)


__all__ = ["ValidationLevel", "validate_request"]
