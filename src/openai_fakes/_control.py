"""Scripted answers: stubs per endpoint, in the vocabulary of ``unittest.mock`` and respx.

``fake.stub(fake.chat.completions.create)`` gives a ``Stub[ChatCompletion]``. Its script is a
fixed answer (``returns``, ``reply``, ``raises``...), a ``sequence`` consumed one per request, or a
``respond`` function of the call; ``when(...)`` adds rules that apply to matching requests only.
An answer is still shaped by the request: the endpoint builds its realistic default, the script
replaces or edits it, and the endpoint streams it when the call asked for a stream.
"""

from __future__ import annotations

import inspect
import itertools
import json
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Iterator, Literal, Mapping, Sequence, TypeVar, Union

import openai
import pydantic

from ._calls import Call, CallList, mismatches

if TYPE_CHECKING:
    from ._server import FakeServer

R = TypeVar("R")


# --- directives: what one answer is ------------------------------------------------------------


class Directive:
    """One scripted answer. Build them with the module functions (``text``, ``tool_call``, ...)."""


@dataclass(frozen=True)
class Returns(Directive):
    value: Any
    """An SDK model (used as the whole answer) or a mapping of overrides merged into the default."""


@dataclass(frozen=True)
class Text(Directive):
    text: str


@dataclass(frozen=True)
class ToolCalls(Directive):
    calls: tuple[tuple[str, str], ...]


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


def text(content: str) -> Text:
    """Assistant text (chat, responses, legacy completions). A bare ``str`` in a script means the same."""
    return Text(content)


def tool_call(name: str, /, **arguments: Any) -> ToolCalls:
    """The model calls tool ``name`` with ``arguments`` (sent as JSON, as the API does)."""
    return ToolCalls(((name, json.dumps(arguments)),))


def tool_calls(*calls: ToolCalls) -> ToolCalls:
    """Several tool calls in one answer (parallel tool calls)."""
    return ToolCalls(tuple(c for call in calls for c in call.calls))


def refusal(content: str) -> Refusal:
    return Refusal(content)


def structured(value: pydantic.BaseModel | Mapping[str, Any]) -> Text:
    """A structured output: the object as JSON text, so ``.parse()`` gives it back."""
    data = value.model_dump(mode="json", by_alias=True) if isinstance(value, pydantic.BaseModel) else dict(value)
    return Text(json.dumps(data))


def embedding(vector: Sequence[float]) -> Embedding:
    return Embedding(tuple(float(x) for x in vector))


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
    return Raises(kind, message, code, param, dict(headers or {}))


Answer = Union[Directive, str, Mapping[str, Any], pydantic.BaseModel, BaseException, "type[BaseException]", None]


def as_directive(item: Any) -> Directive:
    if isinstance(item, Directive):
        return item
    if item is None:
        return Default()
    if isinstance(item, str):
        return Text(item)
    if isinstance(item, (pydantic.BaseModel, Mapping)):
        return Returns(item)
    if isinstance(item, BaseException) or (isinstance(item, type) and issubclass(item, BaseException)):
        return Raises(item)
    raise TypeError(
        f"cannot use {item!r} as a scripted answer: pass an SDK model, a dict of overrides, a str (assistant "
        "text), an exception (class or instance), None (the default answer), or openai_fakes.tool_call(...) / "
        "refusal(...) / structured(...) / embedding(...)"
    )


# --- scripts: which answer a request gets --------------------------------------------------------

Exhausted = Literal["raise", "cycle", "default"]


class SequenceExhausted(AssertionError):
    """A scripted sequence has no answer left for this request."""


class UnmatchedRequest(AssertionError):
    """A strict stub received a request that none of its rules matches."""


class _Script:
    def next(self, call: Call) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass
class _Always(_Script):
    directive: Directive

    def next(self, call: Call) -> Any:
        return self.directive

    def describe(self) -> str:
        return f"always {_short(self.directive)}"


@dataclass
class _Sequence(_Script):
    items: list[Directive]
    then: Exhausted
    endpoint: str
    used: int = 0

    def __post_init__(self) -> None:
        self._iterator: Iterator[Directive] = itertools.cycle(self.items) if self.then == "cycle" else iter(self.items)

    def next(self, call: Call) -> Any:
        try:
            item = next(self._iterator)
        except StopIteration:
            if self.then == "default":
                return Default()
            raise SequenceExhausted(
                f"openai_fakes: the sequence scripted for {self.endpoint} had {len(self.items)} answers and all were "
                f"used; request {self.used + 1} got none. Add answers, or pass then='cycle' or then='default'."
            ) from None
        self.used += 1
        return item

    def describe(self) -> str:
        return f"sequence of {len(self.items)} ({self.used} used, then {self.then})"


@dataclass
class _Responder(_Script):
    function: Callable[[Call], Any]

    def next(self, call: Call) -> Any:
        return self.function(call)

    def describe(self) -> str:
        return f"responder {getattr(self.function, '__name__', repr(self.function))}"


@dataclass
class _Matcher:
    """A condition on the request; ``reason`` says why a call does not meet it."""

    predicate: Callable[[Call], bool] | None = None
    model: str | None = None
    contains: str | None = None
    tool: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def reason(self, call: Call) -> str | None:
        params = call.params
        if self.model is not None and params.get("model") != self.model:
            return f"model is {params.get('model')!r}, not {self.model!r}"
        if self.contains is not None and self.contains not in _request_text(params):
            return f"no message or input contains {self.contains!r}"
        if self.tool is not None and self.tool not in _tool_names(params):
            return f"tools offered are {sorted(_tool_names(params))}, not including {self.tool!r}"
        problems = mismatches(self.params, params)
        if problems:
            return "; ".join(problems)
        if self.predicate is not None and not self.predicate(call):
            return f"predicate {getattr(self.predicate, '__name__', 'function')} returned False"
        return None

    def describe(self) -> str:
        parts = [f"model={self.model!r}"] if self.model else []
        parts += [f"contains={self.contains!r}"] if self.contains else []
        parts += [f"tool={self.tool!r}"] if self.tool else []
        parts += [f"{k}={v!r}" for k, v in self.params.items()]
        parts += [f"predicate={getattr(self.predicate, '__name__', 'function')}"] if self.predicate else []
        return ", ".join(parts) or "any request"


def _request_text(params: Mapping[str, Any]) -> str:
    return json.dumps([params.get("messages"), params.get("input"), params.get("prompt"), params.get("instructions")])


def _tool_names(params: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for tool in params.get("tools") or ():
        if isinstance(tool, Mapping):
            inner = tool.get("function") if isinstance(tool.get("function"), Mapping) else tool
            if isinstance(inner, Mapping) and isinstance(inner.get("name"), str):
                names.add(inner["name"])
    return names


def _short(directive: Directive) -> str:
    text_ = repr(directive)
    return text_ if len(text_) <= 80 else text_[:77] + "..."


# --- the public stub ---------------------------------------------------------------------------


class Rule(Generic[R]):
    """A script for the requests a condition admits. Setting a script replaces the previous one."""

    __test__ = False

    def __init__(self, endpoint: str, matcher: _Matcher | None = None) -> None:
        self.endpoint = endpoint
        self.matcher = matcher
        self._script: _Script | None = None

    def returns(self, value: R | Mapping[str, Any]) -> Rule[R]:
        """Answer every request with ``value``: a whole SDK model, or a dict of overrides merged into
        the realistic default (nested dicts merge; lists merge item by item)."""
        return self._set(_Always(Returns(value)))

    def reply(self, content: str) -> Rule[R]:
        """Answer with assistant text (chat, responses, legacy completions)."""
        return self._set(_Always(Text(content)))

    def tool_call(self, name: str, /, **arguments: Any) -> Rule[R]:
        """Answer with a call of tool ``name`` with ``arguments``."""
        return self._set(_Always(tool_call(name, **arguments)))

    def refusal(self, content: str) -> Rule[R]:
        return self._set(_Always(Refusal(content)))

    def structured(self, value: pydantic.BaseModel | Mapping[str, Any]) -> Rule[R]:
        """Answer with a structured output, so ``.parse()`` returns ``value``."""
        return self._set(_Always(structured(value)))

    def embedding(self, vector: Sequence[float]) -> Rule[R]:
        return self._set(_Always(embedding(vector)))

    def raises(
        self,
        kind: type[BaseException] | BaseException,
        *,
        message: str | None = None,
        code: str | None = None,
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Rule[R]:
        """Answer with an error: an ``openai.APIStatusError`` subclass arrives as the API's status,
        JSON body and headers, so the SDK raises its own exception (after its retries, for 429/5xx)."""
        return self._set(_Always(error(kind, message=message, code=code, param=param, headers=headers)))

    def sequence(self, answers: Iterable[Answer | R], *, then: Exhausted = "raise") -> Rule[R]:
        """One answer per request, in order; each may be anything ``returns`` / ``reply`` / ``raises``
        take, or ``None`` for the default. Running out raises ``SequenceExhausted`` unless
        ``then="cycle"`` (start again) or ``then="default"`` (realistic defaults from then on)."""
        if then not in ("raise", "cycle", "default"):
            raise ValueError(f"then must be 'raise', 'cycle' or 'default', not {then!r}")
        items = [as_directive(item) for item in answers]
        if not items:
            raise ValueError("sequence() needs at least one answer")
        return self._set(_Sequence(items, then, self.endpoint))

    def respond(self, function: Callable[[Call], Any]) -> Rule[R]:
        """Answer with ``function(call)``: any answer ``sequence`` takes (an async function on an async fake)."""
        if not callable(function):
            raise TypeError(f"respond() takes a function of the call, got {function!r}")
        return self._set(_Responder(function))

    def default(self) -> Rule[R]:
        """Back to the endpoint's realistic default answer."""
        self._script = None
        return self

    def _set(self, script: _Script) -> Rule[R]:
        self._script = script
        return self

    def describe(self) -> str:
        condition = self.matcher.describe() if self.matcher else "any request"
        return f"when {condition}: {self._script.describe() if self._script else 'default answer'}"


class Stub(Rule[R]):
    """Scripts and records for one endpoint (an HTTP method and path, as the SDK requests them)."""

    def __init__(self, server: FakeServer, endpoint: str, *, strict: bool = False) -> None:
        super().__init__(endpoint)
        self._server = server
        self.rules: list[Rule[R]] = []
        self.strict = strict
        """When True, a request no ``when`` rule matches raises ``UnmatchedRequest`` listing every rule."""

    def when(
        self,
        predicate: Callable[[Call], bool] | None = None,
        *,
        model: str | None = None,
        contains: str | None = None,
        tool: str | None = None,
        **params: Any,
    ) -> Rule[R]:
        """A rule for matching requests only: by ``model``, text in the messages/input (``contains``),
        an offered ``tool`` name, partial request ``params``, or any ``predicate(call)``. Rules are
        tried in the order they were added; the stub's own script answers the rest."""
        rule: Rule[R] = Rule(self.endpoint, _Matcher(predicate, model, contains, tool, params))
        self.rules.append(rule)
        return rule

    @property
    def calls(self) -> CallList:
        """Every request this endpoint received on this fake's backend, in order."""
        return CallList(call for call in self._server.calls if call.endpoint == self.endpoint)

    def reset(self) -> None:
        """Drop every script and rule of this stub (recorded calls stay)."""
        self.rules.clear()
        self._script = None

    def choose(self, call: Call) -> Any:
        """The answer for ``call``: the first matching rule's, else the stub's own."""
        reasons: list[str] = []
        for rule in self.rules:
            reason = rule.matcher.reason(call) if rule.matcher else None
            if reason is None:
                return rule._script.next(call) if rule._script else Default()
            reasons.append(f"  - {rule.describe()}: not applied, {reason}")
        if self.strict and not self._script:
            raise UnmatchedRequest(
                f"openai_fakes: no rule of the strict stub for {self.endpoint} matches this request.\n"
                f"Request params: {dict(call.params)!r}\nRules:\n" + ("\n".join(reasons) or "  (none)")
            )
        return self._script.next(call) if self._script else Default()

    def __enter__(self) -> Stub[R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        """Leaving a ``with fake.stub(...)`` block removes the stub: the endpoint answers by default again."""
        self._server.remove_stub(self)


def resolve_answer(answer: Any) -> Directive:
    if inspect.isawaitable(answer):
        if inspect.iscoroutine(answer):
            answer.close()  # never awaited: close it so Python does not warn about it later
        raise TypeError("an async responder needs an async fake (FakeAsyncOpenAI); this fake is sync")
    return as_directive(answer)


def deep_merge(base: Any, overrides: Any) -> Any:
    """``overrides`` over ``base``: mappings merge key by key, lists item by item, the rest replaces."""
    if isinstance(base, dict) and isinstance(overrides, Mapping):
        merged = dict(base)
        for key, value in overrides.items():
            merged[key] = deep_merge(base[key], value) if key in base else _plain(value)
        return merged
    if isinstance(base, list) and isinstance(overrides, list):
        return [deep_merge(base[i], v) if i < len(base) else _plain(v) for i, v in enumerate(overrides)]
    return _plain(overrides)


def _plain(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=False)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def status_error_class(kind: type[BaseException] | BaseException) -> type[BaseException]:
    return kind if isinstance(kind, type) else type(kind)


OPENAI_TRANSPORT_ERRORS = (openai.APITimeoutError, openai.APIConnectionError)
