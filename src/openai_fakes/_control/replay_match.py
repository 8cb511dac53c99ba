"""Which recorded request a call matches, and, when strict replay finds none, how the nearest
record differs: field by field (``messages[2].content: recorded '…', got '…'``), long values
cut around their first difference so that difference stays in view.

A call matches a record when it carries every recorded body field with the same value
(mappings partially, lists item by item), as ``fake.stub(...).when(**params)`` matches.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._state.calls import Call
from .stubs import UnmatchedRequest

if TYPE_CHECKING:
    from .stubs import Rule, Stub

_SHOWN_DIFFERENCES = 8
_WIDTH = 60
"""Characters of a value shown, counted from a little before its first difference."""
_LEAD = 20


class _Absent:
    def __repr__(self) -> str:
        return "<absent>"


ABSENT = _Absent()


@dataclass(frozen=True)
class Difference:
    where: str
    """The field's path in the request: ``messages[2].content``."""
    recorded: Any
    got: Any
    """``ABSENT`` when the request lacks the field."""

    def describe(self) -> str:
        if self.got is ABSENT:
            return (
                f"{self.where}: recorded {_shown(self.recorded, _render(self.recorded), 0)}, missing from the request"
            )
        if _is_list(self.recorded) and _is_list(self.got) and len(self.recorded) != len(self.got):
            return self._count()
        recorded, got = _render(self.recorded), _render(self.got)
        at = _common_prefix(recorded, got)
        return f"{self.where}: recorded {_shown(self.recorded, recorded, at)}, got {_shown(self.got, got, at)}"

    def weight(self) -> int:
        """How far apart the two values are, to pick the nearest record among equal counts."""
        recorded = _render(self.recorded)
        if self.got is ABSENT:
            return len(recorded)
        got = _render(self.got)
        same = _common_prefix(recorded, got) + _common_prefix(recorded[::-1], got[::-1])
        return max(len(recorded), len(got)) - min(same, len(recorded), len(got))

    def _count(self) -> str:
        recorded, got = len(self.recorded), len(self.got)
        if got > recorded:
            extra = self.got[recorded]
            tail = f"the first extra is {self.where}[{recorded}] = {_shown(extra, _render(extra), 0)}"
        else:
            lost = self.recorded[got]
            tail = f"{self.where}[{got}] is missing, recorded as {_shown(lost, _render(lost), 0)}"
        return f"{self.where}: recorded {recorded} items, got {got}; {tail}"


def differences(recorded: Any, got: Any, where: str = "") -> list[Difference]:
    """Where ``got`` differs from ``recorded`` (a mapping needs only the recorded keys)."""
    if isinstance(recorded, Mapping):
        if not isinstance(got, Mapping):
            return [Difference(where or "request", recorded, got)]
        found: list[Difference] = []
        for key, value in recorded.items():
            here = f"{where}.{key}" if where else str(key)
            found += differences(value, got[key], here) if key in got else [Difference(here, value, ABSENT)]
        return found
    if _is_list(recorded):
        if not _is_list(got):
            return [Difference(where, recorded, got)]
        found = [d for i, (r, g) in enumerate(zip(recorded, got)) for d in differences(r, g, f"{where}[{i}]")]
        return found + ([Difference(where, recorded, got)] if len(recorded) != len(got) else [])
    return [] if recorded == got else [Difference(where, recorded, got)]


@dataclass(frozen=True)
class RecordedRequest:
    """A replayed record's request, as a ``when`` predicate."""

    expected: Mapping[str, Any]
    """The recorded body fields a call must carry (stream options left out)."""
    path: str | None
    """A concrete recorded path (``/files/file-abc``) the call must have; ``None`` for a template."""
    source: str

    @property
    def __name__(self) -> str:  # how the rule is named in a stub's description
        return f"recorded request ({self.source})" if self.source else "recorded request"

    def differences(self, call: Call) -> list[Difference]:
        found = [Difference("path", self.path, call.path)] if self.path is not None and call.path != self.path else []
        return found + differences(self.expected, call.params)

    def __call__(self, call: Call) -> bool:
        return not self.differences(call)


class StrictReplayGuard:
    """The last rule of a strictly replayed endpoint: a call that reaches it matched no record, so
    it raises ``UnmatchedRequest`` naming the nearest record and each field that differs.

    A rule rather than the stub's own script: it answers nothing, so ``assert_all_used`` never
    counts it as an unused answer. Rules added after the replay still get their calls."""

    __name__ = "strict replay"  # how the rule is named in a stub's description

    def __init__(self, stub: Stub[Any]) -> None:
        self.stub = stub

    @classmethod
    def install(cls, stub: Stub[Any]) -> None:
        """Make the guard the last rule of ``stub``, after every record replayed so far (a second
        replay on the same endpoint moves it, so one guard covers every record)."""
        stub.rules[:] = [rule for rule in stub.rules if not isinstance(_predicate(rule), cls)]
        stub.when(cls(stub))

    def __call__(self, call: Call) -> bool:
        rules = self.stub.rules
        mine = next(i for i, rule in enumerate(rules) if _predicate(rule) is self)
        for later in rules[mine + 1 :]:
            if later.matcher is None or later.matcher.reason(call) is None:
                return False  # a rule added after the replay answers this call
        records = [p for p in map(_predicate, rules) if isinstance(p, RecordedRequest)]
        raise UnmatchedRequest(unmatched_message(call, records))


def _predicate(rule: Rule[Any]) -> object:
    return rule.matcher.predicate if rule.matcher is not None else None


def unmatched_message(call: Call, records: Sequence[RecordedRequest]) -> str:
    head = f"openai_fakes: strict replay has no record matching this {call.endpoint} request."
    rule = (
        "A request matches a record when it carries every recorded field with the same value "
        "(stream and stream_options aside); fields the record lacks may be anything."
    )
    if not records:
        return f"{head}\nNo records are replayed for this endpoint.\n{rule}"
    # Nearest: fewest differing fields, then the smallest differences, then the first recorded.
    scored = []
    for index, record in enumerate(records):
        found = record.differences(call)
        scored.append((len(found), sum(d.weight() for d in found), index, found, record))
    count, _, index, found, nearest = min(scored, key=lambda entry: entry[:3])
    where = f" ({nearest.source})" if nearest.source else ""
    which = f"record {index + 1} of {len(records)}{where}"
    lines = [f"  {d.describe()}" for d in found[:_SHOWN_DIFFERENCES]]
    if count > _SHOWN_DIFFERENCES:
        lines.append(f"  ... and {count - _SHOWN_DIFFERENCES} more")
    plural = "field" if count == 1 else "fields"
    return f"{head}\nThe nearest, {which}, differs in {count} {plural}:\n" + "\n".join(lines) + f"\n{rule}"


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _render(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=repr)


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    at = 0
    while at < limit and a[at] == b[at]:
        at += 1
    return at


def _shown(value: Any, text: str, at: int) -> str:
    """``text`` cut to ``_WIDTH`` characters that start a little before index ``at``."""
    begin = at - _LEAD if at > _LEAD + 10 else 0  # a short lead is shown whole rather than cut
    end = begin + _WIDTH
    cut = ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
    return repr(cut) if isinstance(value, str) else cut
