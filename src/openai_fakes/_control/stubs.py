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
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import pydantic

from .._core.sdk import json_schema_format_of
from .._sim.structured_outputs import flat_format, sent_format
from .._sim.tool_offers import tool_names
from .._state.calls import Call, CallList, mismatches
from .directives import (
    DEFAULT,
    Answer,
    Directive,
    Returns,
    Target,
    Text,
    as_directive,
    check_directive,
    embedding,
    error,
    refusal,
    required,
    structured,
    tool_call,
    wrong_type,
)

if TYPE_CHECKING:
    from .context import StubTable

R = TypeVar("R")


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


WRONG_TEST_ERRORS: tuple[type[AssertionError], ...] = (
    SequenceExhausted,
    UnmatchedRequest,
    UnscriptedCall,
    ScriptMismatch,
)
"""What the fake raises when a test's scripts cannot answer a request. Each goes to whatever made
the request; code under test that catches exceptions can hide it, so the calls that got one are
listed again by ``assert_all_used`` (and the pytest plugin's teardown)."""


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
                return DEFAULT
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
        return DEFAULT if answer is None else answer

    def describe(self) -> str:
        return f"responder {getattr(self.function, '__name__', repr(self.function))}"


_FORMAT_PARAMS: Mapping[str, str] = {"response_format": "response_format", "text_format": "text.format"}
"""The ``when`` parameters that take a model class as ``parse`` does, and where the request carries
what the SDK builds from it (the Responses API has no ``text_format`` on the wire: ``text.format``)."""


@dataclass(frozen=True)
class _SchemaFormat:
    """``when(response_format=Weather)`` / ``when(text_format=Weather)``: the request carries the JSON
    schema the SDK's ``parse`` and ``stream`` helpers build for ``Weather``. The request records what
    was sent, the built format, never the class; the SDK builds the expected one too, so the match
    follows whatever schema the installed SDK sends."""

    param: str
    model: type
    expected: Mapping[str, Any]
    """The built format, flat: ``type``, ``name``, ``schema``, ``strict`` (as the SDK sets them)."""

    @classmethod
    def of(cls, param: str, model: type) -> _SchemaFormat:
        where = _FORMAT_PARAMS[param]
        try:
            built = json_schema_format_of(model, responses=param == "text_format")
        except TypeError:
            raise TypeError(
                f"when(): {param}={model.__name__} is not a type the SDK turns into a JSON schema; pass a "
                f"pydantic model class (as parse() takes), or a dict to match the sent {where} partially"
            ) from None
        return cls(param, model, flat_format(built))

    def reason(self, params: Mapping[str, Any]) -> str | None:
        where, name = _FORMAT_PARAMS[self.param], self.model.__name__
        sent = sent_format(params, where)
        if sent is None:
            return f"no {where} was sent, expected {name}'s JSON schema"
        flat = flat_format(sent)
        if flat.get("type") != "json_schema":
            return f"{where} is {sent!r}, not {name}'s JSON schema"
        if flat.get("name") != self.expected["name"]:
            return f"{where} is the JSON schema of {flat.get('name')!r}, not of {name}"
        if flat.get("schema") != self.expected["schema"]:
            problems = mismatches(self.expected["schema"], flat.get("schema"), "schema")
            detail = problems[0] if problems else "the sent schema has more in it"
            return f"{where} has the name {flat.get('name')!r} but not {name}'s schema ({detail})"
        for key, value in self.expected.items():
            if flat.get(key) != value:
                return f"{where} has {key}={flat.get(key)!r}, where the SDK sends {value!r} for {name}"
        return None

    def describe(self) -> str:
        return f"{self.param}={self.model.__name__}"


@dataclass
class _Matcher:
    """A condition on the request; ``reason`` says why a call does not meet it."""

    predicate: Callable[[Call], bool] | None = None
    model: str | None = None
    contains: str | None = None
    tool: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    formats: tuple[_SchemaFormat, ...] = ()

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
            problems = mismatches(self.params, call.arguments())
            if problems:
                return "; ".join(problems)
        for format_ in self.formats:
            problem = format_.reason(params)
            if problem is not None:
                return problem
        if self.predicate is not None and not self.predicate(call):
            return f"predicate {getattr(self.predicate, '__name__', 'function')} returned False"
        return None

    def describe(self) -> str:
        parts = [f"model={self.model!r}"] if self.model else []
        parts += [f"contains={self.contains!r}"] if self.contains else []
        parts += [f"tool={self.tool!r}"] if self.tool else []
        parts += [f"{k}={v!r}" for k, v in self.params.items()]
        parts += [format_.describe() for format_ in self.formats]
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
        self._replaced: list[str] = []
        """Scripts a later one replaced before requests used them all: still unused, so still reported."""

    def returns(self, value: R | Mapping[str, Any]) -> Rule[R]:
        """Answer every request with ``value``: a whole SDK model, or a dict of overrides merged into
        the realistic default (nested dicts merge; lists merge item by item). Fields the dict does
        not give are completed to agree with it (usage totals, finish reasons)."""
        return self._always(Returns(value), "returns()")

    def reply(self, content: str) -> Rule[R]:
        """Answer with assistant text (chat, responses, legacy completions)."""
        return self._always(Text(required(content, str, "reply()", "the assistant text as a str")), "reply()")

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
        ``openai_fakes.tool_call("name", ...).unchecked()`` (the module-level ``tool_call``; the
        rule ``stub.tool_call`` returns has no ``unchecked``)."""
        return self._always(as_directive(answer), "always()")

    def sequence(self, answers: Iterable[Answer | R], *, then: Exhausted = "raise") -> Rule[R]:
        """One answer per request, in order; each may be anything ``returns`` / ``reply`` / ``raises``
        take, or ``None`` for the default. Running out raises ``SequenceExhausted`` unless
        ``then="cycle"`` (start again) or ``then="default"`` (realistic defaults from then on)."""
        if then not in ("raise", "cycle", "default"):
            raise ValueError(f"then must be 'raise', 'cycle' or 'default', not {then!r}")
        if isinstance(answers, (str, bytes, Mapping, pydantic.BaseModel)) or not isinstance(answers, Iterable):
            raise wrong_type("sequence()", "a list of answers, one per request (e.g. ['first', 'second'])", answers)
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
        self._replace(None)
        return self

    def _always(self, directive: Directive, where: str) -> Rule[R]:
        return self._set(_Always(self._checked(directive, where)))

    def _checked(self, directive: Directive, where: str) -> Directive:
        return check_directive(directive, self.target, where)

    def _set(self, script: _Script) -> Rule[R]:
        self._replace(script)
        return self

    def _replace(self, script: _Script | None) -> None:
        """Script this rule anew. What the old script left unused stays on record: a test that scripts
        ``reply("a")`` then ``reply("b")`` before any request meant "a" to be used (to script answers
        a test need not use, mark them ``optional()``). The new script is required unless marked."""
        old = self._script
        left = old.left() if old is not None and not self._optional else None
        if old is not None and left is not None:
            self._replaced.append(f"{old.describe()}, {left} (replaced by a later script)")
        self._script, self._optional = script, False

    def describe(self) -> str:
        """The rule in words (``when model='gpt-4o': reply ...``), as error messages and ``repr`` show it."""
        condition = self.matcher.describe() if self.matcher else "any request"
        return f"when {condition}: {self._script.describe() if self._script else 'default answer'}"

    def left(self) -> str | None:
        """What of this rule's scripts was never used, one per line (``None``: all of it was, or
        nothing is scripted): the current script's leftovers and those of scripts it replaced."""
        condition = f"rule when {self.matcher.describe()}" if self.matcher else "the stub's own script"
        lines = [f"{condition}: {replaced}" for replaced in self._replaced]
        left = self._script.left() if self._script is not None and not self._optional else None
        if left is not None and self._script is not None:
            lines.append(f"{condition}: {self._script.describe()}, {left}")
        return "\n".join(lines) if lines else None


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

        ``params`` must be parameters of the SDK method (a typo would make a rule that never matches).
        A model class for ``response_format`` (chat) or ``text_format`` (Responses) matches a request
        carrying the JSON schema the SDK's ``parse``/``stream`` send for it; a dict matches the sent
        ``response_format`` partially, as any other param."""
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
        formats = tuple(
            _SchemaFormat.of(name, value)
            for name, value in params.items()
            if name in _FORMAT_PARAMS and inspect.isclass(value)
        )
        if "text_format" in params and not formats:
            # Only ``text.format`` reaches the wire: a ``text_format`` that is not a class could never match.
            raise TypeError(
                f"when(): text_format takes a model class (as parse() does), got {params['text_format']!r}; to match "
                "the sent format itself, pass text={'format': {...}} (a partial dict)"
            )
        plain = {
            name: value for name, value in params.items() if not (name in _FORMAT_PARAMS and inspect.isclass(value))
        }
        rule: Rule[R] = Rule(self.target, _Matcher(predicate, model, contains, tool, plain, formats))
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
                return rule._script.next(call) if rule._script else DEFAULT
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
