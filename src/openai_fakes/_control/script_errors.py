"""What the server says when a request and the test's scripts disagree.

Two cases, both a wrong or a confused test: the fake's request validation refused a call whose
endpoint is scripted (the script never ran, and the API's own message alone does not say why),
and a fake made with ``unscripted="error"`` received a call no script answers.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Literal

from .._core.errors import APIErrorReply
from .._core.exchange import ErrorReply, Exchange
from .._sim.validation import ValidationLevel, validate_request
from .._state.calls import Call
from .stubs import Stub, UnscriptedCall

Unscripted = Literal["default", "error"]


def refused_despite_script(
    reply: ErrorReply, exchange: Exchange, level: ValidationLevel, stub: Stub[Any]
) -> ErrorReply:
    """``reply`` (the API's refusal) with a note: which check refused, and which level lets it through."""
    body = copy.deepcopy(reply.body)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return reply
    what = ", ".join(f"{key} {error[key]!r}" for key in ("param", "code") if error.get(key)) or "its request checks"
    error["message"] = (
        f"{error.get('message')} [openai_fakes: the fake's request validation refused this call (on {what}) before "
        f"the script for {stub.target.name} was used; {_level_that_passes(exchange, level)} "
        "lets such a request through to the script.]"
    )
    return ErrorReply(reply.status, body, reply.headers)


def _level_that_passes(exchange: Exchange, level: ValidationLevel) -> str:
    if level == "strict":
        try:
            validate_request(exchange, "lenient")
        except APIErrorReply:
            pass
        else:
            return "validation='lenient' (model capabilities and the API's limits unchecked)"
    return "validation='off' (no request checks)"


def unscripted_call(call: Call, stub: Stub[Any] | None) -> UnscriptedCall:
    where = stub.target.name if stub is not None else call.endpoint
    shown = json.dumps(call.params, default=repr)
    if len(shown) > 400:
        shown = shown[:397] + "..."
    rules = (
        "\nIts rules:\n" + "\n".join(f"  - {rule.describe()}" for rule in stub.rules)
        if stub is not None and stub.rules
        else ""
    )
    return UnscriptedCall(
        f"openai_fakes: {where} was called with no script for it, and this fake was made with "
        f"unscripted='error'.\nRequest params: {shown}{rules}\n"
        "Script it (fake.stub(<the method>).reply(...), .returns(...), .sequence([...])), script "
        ".always(None) for this endpoint's realistic answer, or pass unscripted='default' for every endpoint's."
    )
