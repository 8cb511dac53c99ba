"""Turns a scripted directive into the endpoint's reply: build the default, edit it, respond."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import openai
import pydantic

from ..._control.directives import (
    Default,
    Directive,
    Embedding,
    Raises,
    Recorded,
    Refusal,
    Rejected,
    Returns,
    Text,
    ToolCalls,
    check_answer_at_call,
)
from ..._control.stubs import ScriptMismatch
from ..._core.errors import status_error_reply, status_of
from ..._core.exchange import Exchange, FailureReply, JsonReply, Reply
from ..._core.merge import merge_lists_by_item
from ..._sim.reply_rules import scripted
from ..._sim.structured_outputs import strict_output_problem
from ..._sim.tool_offers import text_answer_problem, tool_call_problem

if TYPE_CHECKING:
    from ..._control.context import Context
    from .adapter import Adapter


def answer_with(server: Context, adapter: Adapter, exchange: Exchange, directive: Directive) -> tuple[Reply, Any]:
    """The reply for ``directive`` and the final object it carries."""
    if type(directive) is Default:  # nothing scripted, the usual case: first and with no edits
        if adapter.answers_itself:
            reply = adapter(server, exchange)
            return reply, reply.data if isinstance(reply, JsonReply) else None
        final = adapter.build(server, exchange)
        return adapter.respond(server, exchange, final), final
    if isinstance(directive, Rejected):
        return directive.reply, directive.reply.body
    if isinstance(directive, Raises):
        return _error(directive), None
    if isinstance(directive, Recorded):  # sent as recorded (a copy: the record stays as loaded)
        final = copy.deepcopy(directive.value)
        return adapter.respond(server, exchange, final), final
    exchange.scripted = True
    final = adapter.build(server, exchange)
    if isinstance(directive, Returns):
        check_answer_at_call(directive, f"{exchange.method} {exchange.path}", exchange.cast_to)
        final = _returned(directive.value, final, exchange)
    elif isinstance(directive, Text):
        _check_text(exchange)
        _check_structured_output(exchange, directive.text)
        final = adapter.with_text(server, exchange, final, directive.text)
    elif isinstance(directive, ToolCalls):
        if directive.checked:
            _check_tool_calls(exchange, directive)
        final = adapter.with_tool_calls(server, exchange, final, directive.calls)
    elif isinstance(directive, Refusal):
        final = adapter.with_refusal(server, exchange, final, directive.text)
    elif isinstance(directive, Embedding):
        _check_embedding(exchange, directive)
        final = adapter.with_embedding(server, exchange, final, directive.vector)
    return adapter.respond(server, exchange, final), final


def _returned(value: Any, default: Any, exchange: Exchange) -> Any:
    if isinstance(value, pydantic.BaseModel):
        expected = exchange.cast_to
        if isinstance(expected, type) and issubclass(expected, pydantic.BaseModel) and not isinstance(value, expected):
            raise TypeError(
                f"openai_fakes: {exchange.method} {exchange.path} answers with {expected.__name__}, "
                f"but the script returns a {type(value).__name__}"
            )
        return value.model_dump(mode="json", by_alias=True)
    # A partial override keeps what it sets; what follows from it (usage totals, a finish reason
    # that agrees with a scripted message...) is completed by the rules every reply keeps.
    return scripted.complete(merge_lists_by_item(default, value), value, default)


def _check_tool_calls(exchange: Exchange, directive: ToolCalls) -> None:
    problem = tool_call_problem(exchange.fields, directive.calls)
    if problem is not None:
        raise ScriptMismatch(
            f"openai_fakes: the tool call scripted for {exchange.method} {exchange.path} cannot answer this "
            f"request: {problem}. Fix the script or the request; to simulate a model that misbehaves on "
            "purpose, script stub.always(openai_fakes.tool_call(...).unchecked()) (or put that item in "
            "stub.sequence([...])): unchecked() belongs to the module-level tool_call, not to stub.tool_call."
        )


def _check_text(exchange: Exchange) -> None:
    # Text and structured outputs only: a scripted refusal (the model declining the request) is
    # written on purpose, never by a test that forgot the request's tool_choice, so it is left alone.
    problem = text_answer_problem(exchange.fields)
    if problem is not None:
        raise ScriptMismatch(
            f"openai_fakes: the text scripted for {exchange.method} {exchange.path} cannot answer this "
            f"request: {problem}. The request requires a tool call, not text: script tool_call(...) instead "
            "(stub.tool_call('name', **arguments), or openai_fakes.tool_call(...) in stub.sequence([...])), or "
            "change the request's tool_choice; to simulate a model that ignores tool_choice on purpose, "
            "script its message with stub.returns({...}) (overrides are sent as written, not checked "
            "against the request)."
        )


def _check_structured_output(exchange: Exchange, text: str) -> None:
    # Only where the request sets strict: true, so the API guarantees output that fits its schema.
    # Non-strict json_schema and json_object promise nothing, and tests of code that retries on
    # bad JSON script bad output there; refusals are left alone as in _check_text.
    problem = strict_output_problem(exchange.fields, text)
    if problem is not None:
        raise ScriptMismatch(
            f"openai_fakes: the text scripted for {exchange.method} {exchange.path} cannot answer this "
            f"request: {problem}. With strict: true (as .parse() sends) the API guarantees output that fits "
            "the schema: script structured(...) with an object that fits it (for .parse(Model), an instance: "
            "stub.structured(Model(...))), or change the request's schema; to simulate a "
            "model returning output that does not fit on purpose, script its message with "
            "stub.returns({...}) (overrides are sent as written, not checked against the request)."
        )


def _check_embedding(exchange: Exchange, directive: Embedding) -> None:
    asked = exchange.fields.get("dimensions")
    if isinstance(asked, int) and not isinstance(asked, bool) and len(directive.vector) != asked:
        raise ScriptMismatch(
            f"openai_fakes: the embedding scripted for {exchange.method} {exchange.path} has "
            f"{len(directive.vector)} numbers, but the request asks for dimensions={asked}, so a real model "
            f"answers with vectors of {asked}. Script a vector of {asked} numbers, or change the request's "
            "dimensions."
        )


def _error(directive: Raises) -> Reply:
    kind = directive.error if isinstance(directive.error, type) else type(directive.error)
    if issubclass(kind, openai.APITimeoutError):
        return FailureReply("timeout")
    if issubclass(kind, openai.APIConnectionError):
        return FailureReply("connect")
    if issubclass(kind, openai.APIStatusError):
        status, message, code, param = status_of(kind), directive.message, directive.code, directive.param
        headers = dict(directive.headers)
        if isinstance(directive.error, openai.APIStatusError):
            # An error built by the test says what the server sent: its status, message, code,
            # param and response headers (a retry-after of 3 is waited as 3) arrive as they are,
            # unless raises() overrides one of them.
            sent = directive.error
            status, message = sent.status_code, message or sent.message
            code = code if code is not None else _text_or_none(sent.code)
            param = param if param is not None else _text_or_none(sent.param)
            headers = {**_sent_headers(sent.response), **headers}
        return status_error_reply(status, message=message, code=code, param=param, headers=headers)
    # Anything else is the test's own exception: raise it to the caller as it is.
    raise directive.error if isinstance(directive.error, BaseException) else kind()


# What the fake's reply frames itself; every other header of a test's error response is kept.
_FRAMING_HEADERS = frozenset({"content-length", "content-type", "content-encoding", "transfer-encoding"})


def _sent_headers(response: object) -> dict[str, str]:
    headers = getattr(response, "headers", None)
    if headers is None:
        return {}
    return {name.lower(): value for name, value in headers.items() if name.lower() not in _FRAMING_HEADERS}


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
