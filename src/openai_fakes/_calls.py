"""Call records: what each request asked and what it got, with ``unittest.mock``-style assertions.

Like respx's ``CallList``: a list of ``Call`` with ``called``, ``call_count``, ``last`` and
``assert_called_once_with(...)``, where expected parameters match partially (nested dicts need
only the keys you name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

_MISSING = object()


@dataclass
class Call:
    """One request the fake received (one per attempt: a retried call is recorded each time)."""

    endpoint: str
    """``"POST /chat/completions"``: the HTTP method and the SDK's path template."""
    path: str
    path_params: Mapping[str, str]
    params: Mapping[str, Any]
    """The request's parameters as sent: JSON body (or form fields) over the query string."""
    stream: bool
    attempt: int
    """0 for the first try, 1 for the SDK's first retry, ..."""
    status: int = 200
    response: Any = None
    """The JSON the fake answered with (the error body for an error), as it went on the wire."""
    error: BaseException | None = None
    """Set when the fake answered with a transport failure (timeout, connection error)."""
    cast_to: Any = field(default=None, repr=False)

    @property
    def reply(self) -> Any:
        """The answer as the SDK's declared type; for a stream, the object the stream carried
        (``None`` for errors, and for streams of events with no final object)."""
        if self.status >= 400 or self.status == 0 or self.error is not None or not isinstance(self.response, dict):
            return None
        validate = getattr(self.cast_to, "model_validate", None)
        return validate(self.response) if validate is not None else self.response

    def matches(self, **expected: Any) -> bool:
        return not mismatches(expected, self.params)


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
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


class CallList(list[Call]):
    """The calls of one endpoint (or of the whole fake), in order."""

    __test__ = False

    @property
    def called(self) -> bool:
        return bool(self)

    @property
    def call_count(self) -> int:
        return len(self)

    @property
    def last(self) -> Call:
        if not self:
            raise AssertionError("no call was recorded")
        return self[-1]

    def assert_called(self) -> None:
        if not self:
            raise AssertionError("expected at least one call, got none")

    def assert_not_called(self) -> None:
        if self:
            raise AssertionError(f"expected no call, got {len(self)}: {[c.endpoint for c in self]}")

    def assert_called_once(self) -> None:
        if len(self) != 1:
            raise AssertionError(f"expected exactly one call, got {len(self)}")

    def assert_called_with(self, **expected: Any) -> None:
        """The last call's parameters include ``expected`` (nested mappings match partially)."""
        problems = mismatches(expected, self.last.params)
        if problems:
            raise AssertionError("last call does not match:\n  " + "\n  ".join(problems))

    def assert_called_once_with(self, **expected: Any) -> None:
        self.assert_called_once()
        self.assert_called_with(**expected)

    def assert_any_call(self, **expected: Any) -> None:
        if not any(call.matches(**expected) for call in self):
            details = "\n".join(f"  call {i}: " + "; ".join(mismatches(expected, c.params)) for i, c in enumerate(self))
            raise AssertionError(f"no call matches {expected!r}:\n{details or '  (no calls)'}")
