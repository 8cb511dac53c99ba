"""Directives: what one scripted answer is, and whether it fits the endpoint it scripts.

``text(...)``, ``tool_call(...)``, ``structured(...)``, ``embedding(...)``, ``error(...)`` and a
plain model or dict of overrides all become a `Directive`; `check_directive` checks one against
the stub's `Target` when the script is written (a ``TypeError`` naming the fix), so a wrong answer
fails where it is written, not at the call. `stubs` holds the scripts that pick a directive per request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

import pydantic

from .._core.model_fields import override_problem

# --- directives: what one answer is ------------------------------------------------------------


class Directive:
    """One scripted answer. Build them with the module functions (``text``, ``tool_call``, ...)."""


@dataclass(frozen=True)
class Returns(Directive):
    value: Any
    """An SDK model (used as the whole answer) or a mapping of overrides merged into the default."""
    checked: bool = False
    """Checked against the reply type when scripted; a responder's answer is checked at the call."""


@dataclass(frozen=True)
class Recorded(Directive):
    value: Any
    """A recorded reply (replay): sent exactly as recorded, with no default merged in."""


@dataclass(frozen=True)
class Text(Directive):
    text: str


@dataclass(frozen=True)
class ToolCalls(Directive):
    calls: tuple[tuple[str, str], ...]
    checked: bool = True
    """Check the calls against the request (names offered, arguments fit the schema, tool_choice
    and parallel_tool_calls honoured)."""

    def unchecked(self) -> ToolCalls:
        """The same calls, not checked against the request: for a test that simulates a model
        calling a tool it was never offered, with arguments its schema does not allow, or several
        where ``parallel_tool_calls=False``. Script it with ``stub.always(...)`` or in
        ``stub.sequence([...])``: ``stub.tool_call(...)`` returns the rule, which has no ``unchecked``."""
        return ToolCalls(self.calls, checked=False)


@dataclass(frozen=True)
class Refusal(Directive):
    text: str


@dataclass(frozen=True)
class Embedding(Directive):
    vector: tuple[float, ...]


@dataclass(frozen=True)
class Raises(Directive):
    error: BaseException | type[BaseException]
    message: str | None = None
    code: str | None = None
    param: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected(Directive):
    """The request failed validation: the API's error, whatever is scripted."""

    reply: Any


@dataclass(frozen=True)
class Default(Directive):
    """The endpoint's own realistic answer, as if nothing were scripted."""


DEFAULT = Default()
"""The one `Default` directive: stubs answer with it where a script has nothing to say."""


def text(content: str) -> Text:
    """Assistant text (chat, responses, legacy completions). A bare ``str`` in a script means the same.

    A request whose ``tool_choice`` requires a call of one of its function tools refuses text at
    the call; ``returns(...)`` with the message scripts a model that ignores it on purpose."""
    return Text(required(content, str, "text()", "the assistant text as a str"))


def tool_call(name: str, /, **arguments: Any) -> ToolCalls:
    """The model calls tool ``name`` with ``arguments`` (sent as JSON, as the API does).

    At the call, the request must offer a tool of that name, its ``tool_choice`` must allow it, and
    the arguments must fit its ``parameters`` schema; ``tool_call(...).unchecked()`` skips that
    check on purpose."""
    required(name, str, "tool_call()", "the tool's name as a str, then its arguments as keywords")
    try:
        encoded = json.dumps(arguments)
    except (TypeError, ValueError) as error:
        raise TypeError(f"tool_call({name!r}, ...): the arguments must be JSON values ({error})") from None
    return ToolCalls(((name, encoded),))


def tool_calls(*calls: ToolCalls) -> ToolCalls:
    """Several tool calls in one answer (parallel tool calls): a request with
    ``parallel_tool_calls=False`` refuses them at the call unless they are ``.unchecked()``."""
    for call in calls:
        required(call, ToolCalls, "tool_calls()", "tool_call(...) answers")
    return ToolCalls(tuple(c for call in calls for c in call.calls), all(call.checked for call in calls))


def refusal(content: str) -> Refusal:
    """The model refuses, with ``content`` as its reason (chat, responses)."""
    return Refusal(required(content, str, "refusal()", "the refusal text as a str"))


def structured(value: pydantic.BaseModel | Mapping[str, Any]) -> Text:
    """A structured output: the object as JSON text, so ``.parse()`` gives it back."""
    if isinstance(value, pydantic.BaseModel):
        data = value.model_dump(mode="json", by_alias=True)
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise wrong_type("structured()", "a pydantic model instance or a dict (the parsed object)", value)
    try:
        return Text(json.dumps(data))
    except (TypeError, ValueError) as error:
        raise TypeError(f"structured(): the object must be JSON-serialisable ({error})") from None


def embedding(vector: Sequence[float]) -> Embedding:
    """An embeddings answer with this vector for every input; a request that sets ``dimensions``
    refuses a vector of another length at the call."""
    if isinstance(vector, (str, bytes, Mapping)) or not isinstance(vector, Iterable):
        raise wrong_type("embedding()", "a sequence of numbers (the vector)", vector)
    numbers = tuple(vector)
    if not numbers or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in numbers):
        raise wrong_type("embedding()", "a non-empty sequence of numbers (the vector)", vector)
    return Embedding(tuple(float(x) for x in numbers))


def error(
    kind: type[BaseException] | BaseException,
    *,
    message: str | None = None,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Raises:
    """An error answer: an ``openai.APIStatusError`` subclass (sent as the API's status and body),
    ``openai.APITimeoutError`` / ``openai.APIConnectionError`` (a failed transport), or any other
    exception (raised to the caller as it is)."""
    if not _is_error(kind):
        raise wrong_type("raises()", "an exception class such as openai.RateLimitError, or an exception instance", kind)
    return Raises(kind, message, code, param, dict(headers or {}))


def _is_error(item: Any) -> bool:
    return isinstance(item, BaseException) or (isinstance(item, type) and issubclass(item, BaseException))


T = TypeVar("T")


def required(value: Any, kind: type[T], where: str, accepts: str) -> T:
    """``value`` if it is a ``kind``; otherwise a ``TypeError`` saying what ``where`` accepts."""
    if not isinstance(value, kind):
        raise wrong_type(where, accepts, value)
    return value


def wrong_type(where: str, accepts: str, value: Any) -> TypeError:
    """The error for ``value`` given where ``accepts`` was expected (stubs use it too)."""
    return TypeError(f"{where} takes {accepts}; got {type(value).__name__} {_shown(value)}")


def _shown(value: Any) -> str:
    text_ = repr(value)
    return text_ if len(text_) <= 60 else text_[:57] + "..."


Answer = Union[Directive, str, Mapping[str, Any], pydantic.BaseModel, BaseException, "type[BaseException]", None]


def as_directive(item: Any) -> Directive:
    if isinstance(item, Directive):
        return item
    if item is None:
        return DEFAULT
    if isinstance(item, str):
        return Text(item)
    if isinstance(item, (pydantic.BaseModel, Mapping)):
        return Returns(item)
    if _is_error(item):
        return Raises(item)
    raise TypeError(
        f"cannot use {item!r} as a scripted answer: pass an SDK model, a dict of overrides, a str (assistant "
        "text), an exception (class or instance), None (the default answer), or openai_fakes.tool_call(...) / "
        "refusal(...) / structured(...) / embedding(...)"
    )


# --- what a stub scripts, and whether an answer fits it -----------------------------------------


@dataclass(frozen=True)
class Target:
    """What a stub scripts: its endpoint, what the SDK method sends and returns, and which
    shorthands the endpoint's handler understands. Scripts are checked against it when written."""

    endpoint: str
    method: str = ""
    """How users write the method: ``"chat.completions.create"``."""
    params: frozenset[str] | None = None
    """The method's request parameters (``None``: unknown, nothing checked)."""
    reply_model: type[pydantic.BaseModel] | None = None
    shorthands: frozenset[str] = frozenset({"assistant text", "tool calls", "a refusal", "an embedding vector"})
    """What the endpoint's handler can answer with besides ``returns`` (as ``_SHORTHAND_OF`` names them)."""

    @property
    def name(self) -> str:
        return f"{self.endpoint} ({self.method})" if self.method else self.endpoint


_SHORTHAND_OF: dict[type[Directive], str] = {
    Text: "assistant text",
    ToolCalls: "tool calls",
    Refusal: "a refusal",
    Embedding: "an embedding vector",
}


def check_directive(directive: Directive, target: Target, where: str) -> Directive:
    """``directive`` if ``target`` can answer with it; a ``TypeError`` naming the fix otherwise."""
    shorthand = _SHORTHAND_OF.get(type(directive))
    if shorthand is not None and shorthand not in target.shorthands:
        raise TypeError(
            f"{where}: {target.name} cannot answer with {shorthand}"
            + (f" (it answers with {', '.join(sorted(target.shorthands))})" if target.shorthands else "")
            + "; script it with .returns(model or dict of overrides) instead"
        )
    if isinstance(directive, Returns) and not directive.checked:
        _check_returned(directive.value, target, where)
        return Returns(directive.value, checked=True)
    return directive


def check_answer_at_call(directive: Directive, endpoint: str, cast_to: Any) -> None:
    """A responder's answer, known only at the call, gets the check a script gets when written."""
    if isinstance(directive, Returns) and not directive.checked:
        model = cast_to if isinstance(cast_to, type) and issubclass(cast_to, pydantic.BaseModel) else None
        _check_returned(directive.value, Target(endpoint, reply_model=model), "the responder's answer")


def _check_returned(value: Any, target: Target, where: str) -> None:
    model = target.reply_model
    if isinstance(value, pydantic.BaseModel):
        if model is not None and not isinstance(value, model):
            raise TypeError(
                f"{where}: {target.name} answers with {model.__name__}, but the script returns a {type(value).__name__}"
            )
        return
    if not isinstance(value, Mapping):
        raise wrong_type(where, f"a {model.__name__ if model else 'model'} or a dict of overrides", value)
    if model is not None:
        problem = override_problem(model, value)
        if problem is not None:
            raise TypeError(f"{where} for {target.name}: {problem}")
