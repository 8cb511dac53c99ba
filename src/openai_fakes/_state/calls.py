"""Call records: what each request asked and what it got, with ``unittest.mock``-style assertions.

Like respx's ``CallList``: a list of ``Call`` with ``called``, ``call_count``, ``last`` and
``assert_called_once_with(...)``, where expected parameters match partially (nested dicts need
only the keys you name). Both are generic in the reply type, so ``stub.calls.last.reply`` is the
SDK's model for the stubbed method (``ChatCompletion``); unparametrised they mean ``Any``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, cast

import httpx2
import openai
from typing_extensions import TypeVar

_MISSING = object()

R = TypeVar("R", default=Any)
"""The reply type; defaults to ``Any`` so that a bare ``Call`` / ``CallList`` needs no parameter."""


@dataclass
class Call(Generic[R]):
    """One request the fake received (one per attempt: a retried call is recorded each time)."""

    endpoint: str
    """``"POST /chat/completions"``: the HTTP method and the SDK's path template."""
    path: str
    """The path as requested, below the API root: ``"/files/file-abc"``."""
    path_params: Mapping[str, str]
    """The values of the template's placeholders: ``{"file_id": "file-abc"}``."""
    params: Mapping[str, Any]
    """The request's parameters as sent: JSON body (or form fields) over the query string."""
    stream: bool
    attempt: int
    """0 for the first try, 1 for the SDK's first retry, ..."""
    status: int = 200
    """The HTTP status answered; 0 when no HTTP answer was sent (see ``error``)."""
    response: Any = None
    """The JSON the fake answered with (the error body for an error), as it went on the wire;
    the bytes of a binary answer; ``None`` when no HTTP answer was sent."""
    error: BaseException | None = None
    """The exception the fake answered with instead of an HTTP response: a scripted
    ``openai.APITimeoutError`` / ``APIConnectionError`` (the SDK retries, then raises its own), or
    any other exception a script raised, which reached the caller as it is."""
    cast_to: Any = field(default=None, repr=False)
    """The SDK type the reply is parsed into (``ChatCompletion``, a page class...)."""
    post_parser: Any = field(default=None, repr=False)
    """What the SDK applies after parsing (embeddings: base64 vectors to floats)."""

    @property
    def reply(self) -> R:
        """The answer as the SDK's declared type; for a stream, the object the stream carried.

        A call answered without one (an error status, a transport failure, bytes, a stream of
        events with no final object) raises ``AssertionError`` saying what it got instead."""
        response = self.response
        if self.error is not None or self.status == 0:
            raise AssertionError(f"{self._name()} got no HTTP answer but {self.error!r}: see call.error")
        if self.status >= 400:
            raise AssertionError(
                f"{self._name()} was answered {self.status} with an error, not a reply: its body is call.response"
            )
        if not isinstance(response, dict):
            what = "no answer yet" if response is None else f"{type(response).__name__}, not a JSON object"
            raise AssertionError(f"{self._name()} has no typed reply ({what}): see call.response")
        if self.post_parser is not None and hasattr(self.cast_to, "construct"):
            # As the SDK does: a reply its post-parser finishes (a base64 embedding is a str where
            # the model says list of floats) is built without validation, then post-parsed.
            return cast(R, self.post_parser(self.cast_to.construct(**response)))
        validate = getattr(self.cast_to, "model_validate", None)
        return cast(R, validate(response) if validate is not None else response)

    def matches(self, **expected: Any) -> bool:
        """Whether the call's arguments include ``expected`` (nested mappings match partially): its
        ``params`` and its path's (``file_id=`` of ``files.retrieve``), as ``when()`` reads them."""
        return not mismatches(expected, self.arguments())

    def arguments(self) -> Mapping[str, Any]:
        """What the SDK method was called with, as sent: the path's parameters and ``params``."""
        return {**self.path_params, **self.params} if self.path_params else self.params

    def _name(self) -> str:
        return f"{self.endpoint} (attempt {self.attempt})"


def transport_failure(kind: str, method: str, path: str) -> openai.APIConnectionError:
    """The SDK's exception for a scripted transport failure (``"timeout"`` or ``"connect"``), as
    ``Call.error`` records it. Its request is the call's own, on the API's default root."""
    request = httpx2.Request(method, "https://api.openai.com/v1" + path)
    if kind == "timeout":
        return openai.APITimeoutError(request=request)
    return openai.APIConnectionError(request=request)


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` differs from ``expected``; mappings match partially, recursively."""
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path or 'params'}: expected a mapping, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            got = actual.get(key, _MISSING)
            where = f"{path}.{key}" if path else str(key)
            if got is _MISSING:
                problems.append(f"{where}: missing (expected {value!r})")
            else:
                problems += mismatches(value, got, where)
        return problems
    if isinstance(expected, Sequence) and not isinstance(expected, (str, bytes)):
        if not isinstance(actual, Sequence) or isinstance(actual, (str, bytes)) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return [p for i, (e, a) in enumerate(zip(expected, actual)) for p in mismatches(e, a, f"{path}[{i}]")]
    # JSON's true is not the number 1, though Python's True == 1: ``temperature=True`` must not
    # match a sent ``temperature=1`` (1 and 1.0 are one JSON number, and do match).
    if expected == actual and isinstance(expected, bool) == isinstance(actual, bool):
        return []
    return [f"{path}: expected {expected!r}, got {actual!r}"]


class CallList(list[Call[R]], Generic[R]):
    """The calls of one endpoint (or of the whole fake), in order.

    The fake keeps one list per endpoint and appends to it as calls arrive, so a list taken
    before a call sees it (as ``unittest.mock``'s ``call_args_list`` does)."""

    __test__ = False

    @property
    def called(self) -> bool:
        """Whether any call was recorded."""
        return bool(self)

    @property
    def call_count(self) -> int:
        """How many calls were recorded (each retry attempt counts)."""
        return len(self)

    @property
    def last(self) -> Call[R]:
        """The most recent call; ``AssertionError`` if there is none."""
        if not self:
            raise AssertionError("no call was recorded")
        return self[-1]

    def assert_called(self) -> None:
        """At least one call was recorded (``AssertionError`` otherwise)."""
        if not self:
            raise AssertionError("expected at least one call, got none")

    def assert_not_called(self) -> None:
        """No call was recorded; the error lists the endpoints that were called."""
        if self:
            raise AssertionError(f"expected no call, got {len(self)}: {[c.endpoint for c in self]}")

    def assert_called_once(self) -> None:
        """Exactly one call was recorded."""
        if len(self) != 1:
            raise AssertionError(f"expected exactly one call, got {len(self)}")

    def assert_called_with(self, **expected: Any) -> None:
        """The last call's arguments include ``expected`` (nested mappings match partially; path
        parameters such as ``file_id=`` count, see `Call.arguments`)."""
        problems = mismatches(expected, self.last.arguments())
        if problems:
            raise AssertionError("last call does not match:\n  " + "\n  ".join(problems))

    def assert_called_once_with(self, **expected: Any) -> None:
        """Exactly one call was recorded and its parameters include ``expected`` (as ``assert_called_with``)."""
        self.assert_called_once()
        self.assert_called_with(**expected)

    def assert_any_call(self, **expected: Any) -> None:
        """Some call's parameters include ``expected``; the error lists how each call differs."""
        if not any(call.matches(**expected) for call in self):
            details = "\n".join(
                f"  call {i}: " + "; ".join(mismatches(expected, c.arguments())) for i, c in enumerate(self)
            )
            raise AssertionError(f"no call matches {expected!r}:\n{details or '  (no calls)'}")
