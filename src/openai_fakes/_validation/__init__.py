"""Reject what the real API rejects, before any handler or script sees the request (DESIGN §3.6).

One module per API area holds that area's `Rule` list, in the order the checks run; this module
routes a request to its list. ``validate_request`` raises `APIErrorReply` with the API's status,
message, ``param`` and ``code`` (api-facts.md §6), so the SDK raises its own exception class.

Levels:

- ``"strict"``: every rule;
- ``"lenient"``: only the rules without which the fake's own answer would be impossible or
  meaningless (an empty conversation, a tool result that answers no call, a value of a type the
  handler cannot read); model capabilities and the API's limits are not checked;
- ``"off"``: nothing.
"""

from __future__ import annotations

from typing import Literal

from .._exchange import Exchange
from . import chat, embeddings, files, responses
from ._common import Check, Rule, body_of
from .models import model_check

ValidationLevel = Literal["strict", "lenient", "off"]

_ROUTES: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("POST", "/chat/completions"): chat.RULES,
    ("POST", "/responses"): responses.RULES,
    ("POST", "/embeddings"): embeddings.RULES,
    ("POST", "/files"): files.RULES,
    # Endpoints whose only check so far is the model name (api-facts.md §6b "unknown model").
    ("POST", "/completions"): (Rule(model_check("completions")),),
    ("POST", "/moderations"): (Rule(model_check("moderations", required=False)),),
    ("POST", "/images/generations"): (Rule(model_check("images", required=False)),),
    ("POST", "/images/edits"): (Rule(model_check("images", required=False)),),
    ("POST", "/images/variations"): (Rule(model_check("images", required=False)),),
    ("POST", "/audio/speech"): (Rule(model_check("speech")),),
    ("POST", "/audio/transcriptions"): (Rule(model_check("transcriptions")),),
    ("POST", "/audio/translations"): (Rule(model_check("transcriptions")),),
    ("POST", "/videos"): (Rule(model_check("videos", required=False)),),
}


def _for_level(lenient: bool) -> dict[tuple[str, str], tuple[Rule, ...]]:
    return {route: tuple(r for r in rules if r.lenient or not lenient) for route, rules in _ROUTES.items()}


# The rules of each level, chosen once: validation runs on every call (DESIGN §2.1 budget).
_RULES = {"strict": _for_level(False), "lenient": _for_level(True)}

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
    routes = _RULES.get(level)
    if routes is None:
        return  # "off"
    method, path = exchange.method, exchange.path
    rules = routes.get((method, path))
    if rules:
        body = body_of(exchange)
        key = (level, method, path, tuple(body))
        checks = _PLANS.get(key)
        if checks is None:
            checks = _plan(key, rules)
        for check in checks:
            check(exchange, body)


__all__ = ["ValidationLevel", "validate_request"]
