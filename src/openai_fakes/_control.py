"""Scripted answers: stubs per endpoint, in the vocabulary of ``unittest.mock`` and respx.

``fake.stub(fake.chat.completions.create)`` gives a ``Stub[ChatCompletion]``. Its script is a
fixed answer (``returns``, ``reply``, ``raises``...), a ``sequence`` consumed one per request, or a
``respond`` function of the call; ``when(...)`` adds rules that apply to matching requests only.
An answer is still shaped by the request: the endpoint builds its realistic default, the script
replaces or edits it, and the endpoint streams it when the call asked for a stream.
"""

from __future__ import annotations

import difflib
import inspect
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, Union

import pydantic

from ._core.model_fields import override_problem
from ._sim.tool_offers import tool_names
from ._state.calls import Call, CallList, mismatches

if TYPE_CHECKING:
    from ._context import StubTable

R = TypeVar("R")


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
    """Check the calls against the request's tools (names offered, arguments fit the schema)."""

    def unchecked(self) -> ToolCalls:
        """The same calls, not checked against the request: for a test that simulates a model
        calling a tool it was never offered, or with arguments its schema does not allow."""
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


_DEFAULT = Default()


def text(content: str) -> Text:
    """Assistant text (chat, responses, legacy completions). A bare ``str`` in a script means the same."""
    return Text(_required(content, str, "text()", "the assistant text as a str"))


def tool_call(name: str, /, **arguments: Any) -> ToolCalls:
    """The model calls tool ``name`` with ``arguments`` (sent as JSON, as the API does).

    At the call, the request must offer a tool of that name, and the arguments must fit its
    ``parameters`` schema; ``tool_call(...).unchecked()`` skips that check on purpose."""
    _required(name, str, "tool_call()", "the tool's name as a str, then its arguments as keywords")
    try:
        encoded = json.dumps(arguments)
    except (TypeError, ValueError) as error:
        raise TypeError(f"tool_call({name!r}, ...): the arguments must be JSON values ({error})") from None
    return ToolCalls(((name, encoded),))


def tool_calls(*calls: ToolCalls) -> ToolCalls:
    """Several tool calls in one answer (parallel tool calls)."""
    for call in calls:
        _required(call, ToolCalls, "tool_calls()", "tool_call(...) answers")
    return ToolCalls(tuple(c for call in calls for c in call.calls), all(call.checked for call in calls))


def refusal(content: str) -> Refusal:
    """The model refuses, with ``content`` as its reason (chat, responses)."""
    return Refusal(_required(content, str, "refusal()", "the refusal text as a str"))


def structured(value: pydantic.BaseModel | Mapping[str, Any]) -> Text:
    """A structured output: the object as JSON text, so ``.parse()`` gives it back."""
    if isinstance(value, pydantic.BaseModel):
        data = value.model_dump(mode="json", by_alias=True)
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise _wrong_type("structured()", "a pydantic model instance or a dict (the parsed object)", value)
    try:
        return Text(json.dumps(data))
    except (TypeError, ValueError) as error:
        raise TypeError(f"structured(): the object must be JSON-serialisable ({error})") from None


def embedding(vector: Sequence[float]) -> Embedding:
    """An embeddings answer with this vector for every input."""
    if isinstance(vector, (str, bytes, Mapping)) or not isinstance(vector, Iterable):
        raise _wrong_type("embedding()", "a sequence of numbers (the vector)", vector)
    numbers = tuple(vector)
    if not numbers or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in numbers):
        raise _wrong_type("embedding()", "a non-empty sequence of numbers (the vector)", vector)
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
        raise _wrong_type(
            "raises()", "an exception class such as openai.RateLimitError, or an exception instance", kind
        )
    return Raises(kind, message, code, param, dict(headers or {}))


def _is_error(item: Any) -> bool:
    return isinstance(item, BaseException) or (isinstance(item, type) and issubclass(item, BaseException))


T = TypeVar("T")


def _required(value: Any, kind: type[T], where: str, accepts: str) -> T:
    if not isinstance(value, kind):
        raise _wrong_type(where, accepts, value)
    return value


def _wrong_type(where: str, accepts: str, value: Any) -> TypeError:
    return TypeError(f"{where} takes {accepts}; got {type(value).__name__} {_shown(value)}")


def _shown(value: Any) -> str:
    text_ = repr(value)
    return text_ if len(text_) <= 60 else text_[:57] + "..."


Answer = Union[Directive, str, Mapping[str, Any], pydantic.BaseModel, BaseException, "type[BaseException]", None]


def as_directive(item: Any) -> Directive:
    if isinstance(item, Directive):
        return item
    if item is None:
        return _DEFAULT
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
        raise _wrong_type(where, f"a {model.__name__ if model else 'model'} or a dict of overrides", value)
    if model is not None:
        problem = override_problem(model, value)
        if problem is not None:
            raise TypeError(f"{where} for {target.name}: {problem}")


# --- scripts: which answer a request gets --------------------------------------------------------

Exhausted = Literal["raise", "cycle", "default"]


class SequenceExhausted(AssertionError):
    """A scripted sequence has no answer left for this request."""


class UnmatchedRequest(AssertionError):
    """A strict stub received a request that none of its rules matches."""


class UnscriptedCall(AssertionError):
    """A fake made with ``unscripted="error"`` received a request that no script answers."""


class ScriptMismatch(AssertionError):
    """A scripted answer contradicts the request it answers (a tool the request never offered)."""


class _Script:
    used = 0
    """How many requests this script has answered."""

    def next(self, call: Call) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def left(self) -> str | None:
        """What of this script no request has used yet, or ``None`` when all of it was."""
        return None if self.used else "never used"


@dataclass
class _Always(_Script):
    directive: Directive
    used: int = 0

    def next(self, call: Call) -> Any:
        self.used += 1
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
                return _DEFAULT
            raise SequenceExhausted(
                f"openai_fakes: the sequence scripted for {self.endpoint} had {len(self.items)} answers and all were "
                f"used; request {self.used + 1} got none. Add answers, or pass then='cycle' or then='default'."
            ) from None
        self.used += 1
        return item

    def describe(self) -> str:
        return f"sequence of {len(self.items)} ({self.used} used, then {self.then})"

    def left(self) -> str | None:
        if self.used >= len(self.items):
            return None
        unused = self.items[self.used :]
        return f"{len(unused)} of {len(self.items)} answers never used, next: {_short(unused[0])}"


@dataclass
class _Responder(_Script):
    function: Callable[[Call], Any]
    used: int = 0

    def next(self, call: Call) -> Any:
        self.used += 1
        answer = self.function(call)
        return _DEFAULT if answer is None else answer

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
        if self.tool is not None and self.tool not in tool_names(params):
            return f"tools offered are {sorted(tool_names(params))}, not including {self.tool!r}"
        if self.params:
            # Path ids (``file_id``) are parameters of the SDK method too.
            problems = mismatches(self.params, {**call.path_params, **params} if call.path_params else params)
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


def _short(directive: Directive) -> str:
    text_ = repr(directive)
    return text_ if len(text_) <= 80 else text_[:77] + "..."


# --- the public stub ---------------------------------------------------------------------------


class Rule(Generic[R]):
    """A script for the requests a condition admits. Setting a script replaces the previous one.

    Every script is checked when it is written, against what the endpoint answers with: a field its
    reply type does not have, a value of the wrong type, or a shorthand the endpoint cannot give
    raises ``TypeError`` at once, naming the fix."""

    __test__ = False

    def __init__(self, target: Target | str, matcher: _Matcher | None = None) -> None:
        self.target = target if isinstance(target, Target) else Target(target)
        self.endpoint = self.target.endpoint
        self.matcher = matcher
        self._script: _Script | None = None
        self._optional = False

    def returns(self, value: R | Mapping[str, Any]) -> Rule[R]:
        """Answer every request with ``value``: a whole SDK model, or a dict of overrides merged into
        the realistic default (nested dicts merge; lists merge item by item). Fields the dict does
        not give are completed to agree with it (usage totals, finish reasons)."""
        return self._always(Returns(value), "returns()")

    def reply(self, content: str) -> Rule[R]:
        """Answer with assistant text (chat, responses, legacy completions)."""
        return self._always(Text(_required(content, str, "reply()", "the assistant text as a str")), "reply()")

    def tool_call(self, name: str, /, **arguments: Any) -> Rule[R]:
        """Answer with a call of tool ``name`` with ``arguments``; the request must offer it (see
        ``openai_fakes.tool_call`` and its ``.unchecked()``)."""
        return self._always(tool_call(name, **arguments), "tool_call()")

    def refusal(self, content: str) -> Rule[R]:
        """Answer with a refusal (chat, responses)."""
        return self._always(refusal(content), "refusal()")

    def structured(self, value: pydantic.BaseModel | Mapping[str, Any]) -> Rule[R]:
        """Answer with a structured output, so ``.parse()`` returns ``value``."""
        return self._always(structured(value), "structured()")

    def embedding(self, vector: Sequence[float]) -> Rule[R]:
        """Answer an embeddings request with ``vector`` for every input."""
        return self._always(embedding(vector), "embedding()")

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
        return self._always(error(kind, message=message, code=code, param=param, headers=headers), "raises()")

    def always(self, answer: Answer | R) -> Rule[R]:
        """Answer every request with ``answer``: anything ``sequence`` takes, for instance
        ``tool_call("name", ...).unchecked()``."""
        return self._always(as_directive(answer), "always()")

    def sequence(self, answers: Iterable[Answer | R], *, then: Exhausted = "raise") -> Rule[R]:
        """One answer per request, in order; each may be anything ``returns`` / ``reply`` / ``raises``
        take, or ``None`` for the default. Running out raises ``SequenceExhausted`` unless
        ``then="cycle"`` (start again) or ``then="default"`` (realistic defaults from then on)."""
        if then not in ("raise", "cycle", "default"):
            raise ValueError(f"then must be 'raise', 'cycle' or 'default', not {then!r}")
        if isinstance(answers, (str, bytes, Mapping, pydantic.BaseModel)) or not isinstance(answers, Iterable):
            raise _wrong_type("sequence()", "a list of answers, one per request (e.g. ['first', 'second'])", answers)
        items = [self._checked(as_directive(item), f"sequence() answer {i}") for i, item in enumerate(answers)]
        if not items:
            raise ValueError("sequence() needs at least one answer")
        return self._set(_Sequence(items, then, self.endpoint))

    def respond(self, function: Callable[[Call], Any]) -> Rule[R]:
        """Answer with ``function(call)``: any answer ``sequence`` takes (an async function on an async fake)."""
        if not callable(function):
            raise TypeError(f"respond() takes a function of the call, got {function!r}")
        return self._set(_Responder(function))

    def optional(self) -> Rule[R]:
        """Answers that a test need not use: ``assert_all_used()`` (and the pytest plugin's check)
        leaves this rule out. For fallbacks and libraries of answers, such as replayed records."""
        self._optional = True
        return self

    def default(self) -> Rule[R]:
        """Back to the endpoint's realistic default answer."""
        self._script = None
        return self

    def _always(self, directive: Directive, where: str) -> Rule[R]:
        return self._set(_Always(self._checked(directive, where)))

    def _checked(self, directive: Directive, where: str) -> Directive:
        return check_directive(directive, self.target, where)

    def _set(self, script: _Script) -> Rule[R]:
        self._script = script
        return self

    def describe(self) -> str:
        condition = self.matcher.describe() if self.matcher else "any request"
        return f"when {condition}: {self._script.describe() if self._script else 'default answer'}"

    def left(self) -> str | None:
        """What of this rule's script was never used (``None``: all of it was, or nothing is scripted)."""
        left = self._script.left() if self._script is not None and not self._optional else None
        if left is None:
            return None
        condition = f"rule when {self.matcher.describe()}" if self.matcher else "the stub's own script"
        return f"{condition}: {self._script.describe() if self._script else ''}, {left}"


class Stub(Rule[R]):
    """Scripts and records for one endpoint (an HTTP method and path, as the SDK requests them)."""

    def __init__(self, table: StubTable, target: Target | str, *, strict: bool = False) -> None:
        super().__init__(target)
        self._table = table  # a stub holds its table (for its records and leaving it), not the server
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
        tried in the order they were added; the stub's own script answers the rest.

        ``params`` must be parameters of the SDK method (a typo would make a rule that never matches)."""
        if predicate is not None and not callable(predicate):
            raise TypeError(
                f"when() takes a predicate function of the call as its positional argument, got {predicate!r}"
            )
        known = self.target.params
        if known is not None:
            for name in params:
                if name not in known:
                    close = difflib.get_close_matches(name, sorted(known), n=2)
                    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
                    raise TypeError(
                        f"when(): {name!r} is not a parameter of {self.target.method or self.endpoint}{hint}; "
                        "for anything else, pass a predicate: when(lambda call: ...)"
                    )
        rule: Rule[R] = Rule(self.target, _Matcher(predicate, model, contains, tool, params))
        self.rules.append(rule)
        return rule

    @property
    def calls(self) -> CallList[R]:
        """Every request this endpoint received on this fake's backend, in order: a live list, so
        one taken before a call sees it (as ``unittest.mock``'s ``call_args_list``)."""
        calls: CallList[R] = self._table.calls_of(self.endpoint)
        return calls

    def reset(self) -> None:
        """Drop every script and rule of this stub (recorded calls stay)."""
        self.rules.clear()
        self._script = None

    def scripted(self) -> bool:
        """Whether any script or rule is set."""
        return self._script is not None or bool(self.rules)

    def left(self) -> str | None:
        """Every scripted answer of this stub that no request used, one per line (``None``: none)."""
        lines = [line for line in (rule.left() for rule in self.rules) if line is not None]
        own = Rule.left(self)
        if own is not None:
            lines.append(own)
        return "\n".join(lines) if lines else None

    def choose(self, call: Call) -> Any:
        """The answer for ``call``: the first matching rule's, else the stub's own; ``None`` when
        nothing is scripted for it (the realistic default, or ``UnscriptedCall`` if asked for)."""
        reasons: list[str] = []
        for rule in self.rules:
            reason = rule.matcher.reason(call) if rule.matcher else None
            if reason is None:
                return rule._script.next(call) if rule._script else _DEFAULT
            reasons.append(f"  - {rule.describe()}: not applied, {reason}")
        if self.strict and not self._script:
            raise UnmatchedRequest(
                f"openai_fakes: no rule of the strict stub for {self.endpoint} matches this request.\n"
                f"Request params: {dict(call.params)!r}\nRules:\n" + ("\n".join(reasons) or "  (none)")
            )
        return self._script.next(call) if self._script else None

    def __enter__(self) -> Stub[R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        """Leaving a ``with fake.stub(...)`` block removes the stub: the endpoint answers by default again."""
        self._table.remove_stub(self)


def resolve_answer(answer: Any) -> Directive:
    if inspect.isawaitable(answer):
        if inspect.iscoroutine(answer):
            answer.close()  # never awaited: close it so Python does not warn about it later
        raise TypeError("an async responder needs an async fake (FakeAsyncOpenAI); this fake is sync")
    return as_directive(answer)
