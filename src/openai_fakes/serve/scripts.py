"""Scripts and call records as JSON, for tests that drive a served fake over HTTP (docs/serving.md).

A script is the ``stub`` vocabulary written as JSON, applied to the same stubs ``fake.stub(...)``
returns in process, so it is checked the same way when written (a ``TypeError`` naming the fix,
sent back as a 400)::

    {"method": "chat.completions.create",          # or "endpoint": "POST /chat/completions"
     "when": {"model": "gpt-4o", "contains": "weather", "tool": "get_weather", "params": {...}},
     "answer": ANSWER}                             # or "sequence": [ANSWER, ...], "then": "raise"

where ANSWER is one of ``"text"`` or ``{"reply": "text"}``, ``{"tool_call": {"name": ...,
"arguments": {...}}}``, ``{"tool_calls": [...]}``, ``{"refusal": "..."}``, ``{"structured": {...}}``,
``{"embedding": [...]}``, ``{"returns": {...overrides...}}``, ``{"raises": {"status": 429, "message":
..., "code": ..., "param": ..., "headers": {...}}}`` (or ``{"raises": "RateLimitError"}``), and
``null`` or ``{"default": true}`` for the realistic default.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

import httpx2
import openai

from .._client.client import FakeOpenAI
from .._control.directives import Answer, Target, embedding, error, refusal, structured, text, tool_call, tool_calls
from .._control.stubs import Rule, Stub
from .._core.errors import default_error
from .._core.sdk_routes import reply_of_route
from .._server.server import FakeServer
from .._state.calls import Call


class ScriptError(ValueError):
    """A script that is not well-formed JSON of the documented shape: answered with a 400."""


_ERRORS: dict[str, type[BaseException]] = {
    "BadRequestError": openai.BadRequestError,
    "AuthenticationError": openai.AuthenticationError,
    "PermissionDeniedError": openai.PermissionDeniedError,
    "NotFoundError": openai.NotFoundError,
    "ConflictError": openai.ConflictError,
    "UnprocessableEntityError": openai.UnprocessableEntityError,
    "RateLimitError": openai.RateLimitError,
    "InternalServerError": openai.InternalServerError,
    "APITimeoutError": openai.APITimeoutError,
    "APIConnectionError": openai.APIConnectionError,
}
_BY_STATUS: dict[int, type[BaseException]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def _raises(spec: Any) -> Answer:
    if isinstance(spec, str):
        spec = {"error": spec}
    if not isinstance(spec, Mapping):
        raise ScriptError('raises takes {"status": 429, "message": ...} or an error name such as "RateLimitError"')
    headers = spec.get("headers")
    message, code, param = spec.get("message"), spec.get("code"), spec.get("param")
    headers = dict(headers) if isinstance(headers, Mapping) else None
    name = spec.get("error")
    if name is not None:
        kind = _ERRORS.get(str(name))
        if kind is None:
            raise ScriptError(f"raises: unknown error {name!r}; one of {', '.join(sorted(_ERRORS))}")
        return error(kind, message=message, code=code, param=param, headers=headers)
    status = spec.get("status", 500)
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        raise ScriptError(f"raises: status must be an HTTP error status (400-599), not {status!r}")
    if status in _BY_STATUS:
        return error(_BY_STATUS[status], message=message, code=code, param=param, headers=headers)
    # Any other status (500, 502, 503...): the SDK's exception for it, carrying that exact status.
    response = httpx2.Response(status, request=httpx2.Request("POST", "http://openai-fakes.invalid/v1"))
    kind = openai.InternalServerError if status >= 500 else openai.APIStatusError
    made = kind(message or default_error(status)[0], response=response, body=None)
    return error(made, message=message, code=code, param=param, headers=headers)


def _tool_call(spec: Any) -> Any:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
        raise ScriptError('tool_call takes {"name": "get_weather", "arguments": {...}}')
    arguments = spec.get("arguments") or {}
    if not isinstance(arguments, Mapping):
        raise ScriptError("tool_call arguments must be a JSON object")
    call = tool_call(spec["name"], **arguments)
    return call if spec.get("checked", True) else call.unchecked()


_SHORTHANDS: dict[str, Callable[[Any], Answer]] = {
    "reply": lambda value: text(value),
    "refusal": lambda value: refusal(value),
    "structured": lambda value: structured(value),
    "embedding": lambda value: embedding(value),
    "returns": lambda value: _returns(value),
    "raises": _raises,
    "tool_call": _tool_call,
    "tool_calls": lambda value: tool_calls(*(_tool_call(item) for item in _listed(value, "tool_calls"))),
    "default": lambda value: None,
}


def _returns(value: Any) -> Answer:
    if not isinstance(value, Mapping):
        raise ScriptError("returns takes a JSON object of fields to override in the realistic answer")
    return dict(value)


def _listed(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ScriptError(f"{where} takes a JSON array")
    return value


def answer_of(spec: Any) -> Answer:
    """One scripted answer from its JSON form."""
    if spec is None:
        return None
    if isinstance(spec, str):
        return text(spec)
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((key, value),) = spec.items()
        make = _SHORTHANDS.get(key)
        if make is not None:
            return make(value)
    raise ScriptError(
        f"cannot read {spec!r} as an answer: use a string (assistant text), null (the default) or an object "
        f"with one of the keys {', '.join(sorted(_SHORTHANDS))}"
    )


def _resource_method(fake: FakeOpenAI, name: str) -> Any:
    found: Any = fake
    for part in name.split("."):
        if not part.isidentifier() or part.startswith("_"):
            raise ScriptError(f"method must name an SDK method such as 'chat.completions.create', not {name!r}")
        found = getattr(found, part, None)
        if found is None:
            raise ScriptError(f"the SDK has no method {name!r} (e.g. 'chat.completions.create')")
    return found


def stub_of(fake: FakeOpenAI, server: FakeServer, spec: Mapping[str, Any]) -> Stub[Any]:
    """The stub a script names by ``method`` (as in ``fake.stub(fake.chat.completions.create)``) or by
    ``endpoint`` (``"POST /chat/completions"``, the SDK's path template)."""
    method, endpoint = spec.get("method"), spec.get("endpoint")
    if isinstance(method, str):
        stub: Stub[Any] = fake.stub(_resource_method(fake, method))
        return stub
    if isinstance(endpoint, str) and " " in endpoint:
        verb, template = endpoint.split(" ", 1)
        route = reply_of_route(verb.upper(), template)
        if route is None:
            raise ScriptError(
                f"no SDK method requests {endpoint!r}: name it as the SDK's path template, e.g. 'POST /chat/completions'"
            )
        cast_to = route.cast_to
        model = cast_to if isinstance(cast_to, type) and issubclass(cast_to, openai.BaseModel) else None
        return server.stub_for(Target(f"{verb.upper()} {template}", reply_model=model), strict=False)
    raise ScriptError(
        'a script names its endpoint: "method": "chat.completions.create" or "endpoint": "POST /chat/completions"'
    )


def apply_script(fake: FakeOpenAI, server: FakeServer, spec: Any) -> Rule[Any]:
    """Apply one JSON script to its stub; returns the rule it set."""
    if not isinstance(spec, Mapping):
        raise ScriptError("a script is a JSON object (docs/serving.md, Scripting over HTTP)")
    stub = stub_of(fake, server, spec)
    rule: Rule[Any] = stub
    when = spec.get("when")
    if when is not None:
        if not isinstance(when, Mapping):
            raise ScriptError('when takes {"model": ..., "contains": ..., "tool": ..., "params": {...}}')
        params = when.get("params") or {}
        if not isinstance(params, Mapping):
            raise ScriptError("when.params must be a JSON object of request parameters")
        rule = stub.when(model=when.get("model"), contains=when.get("contains"), tool=when.get("tool"), **params)
    if "sequence" in spec:
        then = spec.get("then", "raise")
        return rule.sequence([answer_of(item) for item in _listed(spec["sequence"], "sequence")], then=then)
    if "answer" in spec:
        return rule.always(answer_of(spec["answer"]))
    raise ScriptError('a script gives "answer": ANSWER or "sequence": [ANSWER, ...]')


def call_json(call: Call[Any]) -> dict[str, Any]:
    """One call record as JSON: what was asked and what was answered (bytes as base64)."""
    response = call.response
    if isinstance(response, (bytes, bytearray)):
        response = {"base64": base64.b64encode(bytes(response)).decode()}
    return {
        "endpoint": call.endpoint,
        "path": call.path,
        "path_params": dict(call.path_params),
        "params": call.params,
        "stream": call.stream,
        "attempt": call.attempt,
        "status": call.status,
        "response": response,
        "error": None if call.error is None else f"{type(call.error).__name__}: {call.error}",
    }
