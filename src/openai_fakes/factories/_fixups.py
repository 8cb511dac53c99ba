"""Rules across the fields of one object, applied after its fields are drawn.

Field-by-field generation cannot make a status agree with its timestamps or a usage add up;
these fix-ups do, for any model whose field names call for it (docs/how-it-works.md, What a reply promises). They change only
fields the build drew itself: values passed by the caller, or set on a factory class, are kept
and the others are fitted around them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from .._core.ids import IdShape
from .._sim.reply_rules.chat import MESSAGE_KINDS, settled_finish_reason
from .._sim.reply_rules.usage import add_up, clamp_counts
from ._rules import COUNT_NAMES
from ._site import FUTURE_TIMES, Gen, is_time_name
from ._state import Build

# (data keyed like the model's input, keys that must not change, the build)
Fixup = Callable[[dict[str, Any], Collection[str], Build], None]

# Order in an object's life; anything else ending in "_at" is treated as a late event.
_RANK: dict[str, int] = {
    "created": 0,
    "created_at": 0,
    "submitted_at": 0,
    "uploaded_at": 0,
    "queued_at": 0,
    "in_progress_at": 1,
    "started_at": 1,
    "start_time": 1,
    "finalizing_at": 2,
    "cancelling_at": 2,
}
_LATE = 3
_SUCCESS = frozenset({"completed", "succeeded", "processed", "finished", "done", "ready", "success"})
_FAILURE = frozenset({"failed", "error", "errored"})
_CANCELLED = frozenset({"cancelled", "canceled"})
_WAITING = frozenset({"queued", "validating", "pending", "not_started", "uploaded", "created", "waiting"})
_RUNNING = frozenset(
    {
        "in_progress",
        "running",
        "processing",
        "requires_action",
        "searching",
        "generating",
        "interpreting",
        "finalizing",
        "cancelling",
    }
)
# Which terminal timestamp each outcome sets; the other terminal ones stay empty.
_TERMINAL = {
    "completed_at": _SUCCESS,
    "finished_at": _SUCCESS | _FAILURE | _CANCELLED,
    "failed_at": _FAILURE,
    "cancelled_at": _CANCELLED,
    "canceled_at": _CANCELLED,
    "expired_at": frozenset({"expired"}),
    "ended_at": _SUCCESS | _FAILURE | _CANCELLED | {"expired"},
    "incomplete_at": frozenset({"incomplete"}),
}
# Fields present only in some statuses.
_STATUS_FIELDS = {
    "error": _FAILURE,
    "last_error": _FAILURE,
    "errors": _FAILURE,
    "error_file_id": _FAILURE,
    "incomplete_details": frozenset({"incomplete"}),
    "required_action": frozenset({"requires_action"}),
    "fine_tuned_model": _SUCCESS,
    "output_file_id": _SUCCESS,
    "status_details": _FAILURE,
}


class FieldInfo:
    """What the fix-ups need to know about one field."""

    __slots__ = ("key", "kind", "nullable", "present", "values")

    def __init__(
        self, key: str, kind: str, nullable: bool, present: Callable[[], Gen | None], values: tuple[object, ...]
    ) -> None:
        self.key = key
        self.kind = kind  # "int", "float", "str", "model", "list", "other"
        self.nullable = nullable
        self.present = present  # compiles a generator that never gives None
        self.values = values  # a Literal field's values


def compile_fixups(fields: Mapping[str, FieldInfo], id_shape: IdShape | None) -> list[Fixup]:
    fixups: list[Fixup] = []
    status = fields.get("status")
    times = {name: f for name, f in fields.items() if f.kind in ("int", "float") and is_time_name(name)}
    if status is not None and status.kind == "str":
        fixups.append(_status_fixup(fields, status.key, times))
    if times:
        fixups.append(_times_fixup(times))
    id_field = fields.get("id")
    created = next((times[n] for n in ("created_at", "created") if n in times), None)
    if id_field is not None and id_shape is not None and id_shape.style == "hex_time" and created is not None:
        fixups.append(_id_time_fixup(id_field.key, created.key, id_shape))
    tag = fields.get("type")
    if tag is not None:
        siblings = {v: fields[v] for v in tag.values if isinstance(v, str) and v in fields and v != "type"}
        if siblings:
            fixups.append(_tagged_sibling_fixup(tag.key, siblings))
    content = fields.get("content")
    if "tool_calls" in fields and content is not None and content.nullable:
        fixups.append(_tool_calls_fixup(fields))
    finish = fields.get("finish_reason")
    if finish is not None and "tool_calls" in finish.values and "message" in fields:
        fixups.append(_finish_reason_fixup(finish.key, fields["message"].key))
    fixups += _usage_fixups(fields)
    counts = [f.key for n, f in fields.items() if n in COUNT_NAMES and f.kind == "int"]
    if "total" in fields and fields["total"].kind == "int" and len(counts) >= 2:
        fixups.append(_counts_fixup(fields["total"].key, counts))
    if "data" in fields and fields["data"].kind == "list" and ("has_more" in fields or "last_id" in fields):
        fixups.append(_page_fixup(fields))
    if "token" in fields and "bytes" in fields and fields["bytes"].kind == "list":
        fixups.append(_token_bytes_fixup(fields["token"].key, fields["bytes"].key))
    for start, end in (
        ("start", "end"),
        ("start_index", "end_index"),
        ("start_time", "end_time"),
        ("start_ms", "end_ms"),
        ("start_line", "end_line"),
    ):
        if start in fields and end in fields:
            fixups.append(_ordered_pair_fixup(fields[start].key, fields[end].key))
    return fixups


def _status_fixup(fields: Mapping[str, FieldInfo], status_key: str, times: Mapping[str, FieldInfo]) -> Fixup:
    terminal = [(f, _TERMINAL[n]) for n, f in times.items() if n in _TERMINAL]
    started = [f for n, f in times.items() if _RANK.get(n) == 1]
    staged = {n: f for n, f in times.items() if n in ("finalizing_at", "cancelling_at")}
    errors = [(f, _STATUS_FIELDS[n]) for n, f in fields.items() if n in _STATUS_FIELDS]

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        value = data.get(status_key)
        if not isinstance(value, str):
            return
        known = (
            value in _SUCCESS
            or value in _FAILURE
            or value in _CANCELLED
            or value in _WAITING
            or value in _RUNNING
            or value in ("expired", "incomplete")
        )
        if not known:
            return
        for field, outcomes in terminal:
            _present_if(data, field, value in outcomes, locked, b)
        for field in started:
            _present_if(data, field, value not in _WAITING, locked, b)
        if "finalizing_at" in staged:
            _present_if(data, staged["finalizing_at"], value in ("finalizing",) or value in _SUCCESS, locked, b)
        if "cancelling_at" in staged:
            _present_if(data, staged["cancelling_at"], value == "cancelling" or value in _CANCELLED, locked, b)
        for field, outcomes in errors:
            _present_if(data, field, value in outcomes, locked, b)

    return fix


def _present_if(data: dict[str, Any], field: FieldInfo, wanted: bool, locked: Collection[str], b: Build) -> None:
    key = field.key
    if key in locked:
        return
    if not wanted:
        if field.nullable:
            data[key] = None
        return
    if data.get(key) is None:
        gen = field.present()
        if gen is not None:
            data[key] = gen(b)


def _tagged_sibling_fixup(tag_key: str, siblings: Mapping[str, FieldInfo]) -> Fixup:
    """``{"type": "dpo", "dpo": {...}}``: the field named by the tag is set, its siblings not."""

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        tag = data.get(tag_key)
        if tag_key in locked and tag is None:
            return
        for value, field in siblings.items():
            _present_if(data, field, value == tag, locked, b)

    return fix


def _tool_calls_fixup(fields: Mapping[str, FieldInfo]) -> Fixup:
    """A message that calls tools says nothing else (``_sim.reply_rules.chat.MESSAGE_KINDS``)."""
    calls = fields["tool_calls"].key
    cleared = [f for n, f in fields.items() if n in MESSAGE_KINDS and n != "tool_calls"]

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        if data.get(calls):
            for field in cleared:
                _present_if(data, field, False, locked, b)

    return fix


def _finish_reason_fixup(finish_key: str, message_key: str) -> Fixup:
    """``finish_reason`` agrees with the message: ``tool_calls`` exactly when it calls tools."""

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        message = data.get(message_key)
        if finish_key not in locked and isinstance(message, dict):
            data[finish_key] = settled_finish_reason(message, data.get(finish_key))

    return fix


def _times_fixup(times: Mapping[str, FieldInfo]) -> Fixup:
    ordered = sorted(times.items(), key=lambda item: _RANK.get(item[0], _LATE))
    futures = [f for n, f in times.items() if n in FUTURE_TIMES]
    ranked = [(n, f) for n, f in ordered if n not in FUTURE_TIMES and n != "end_time"]
    steps = {0: (0, 0), 1: (1, 90), 2: (30, 900), _LATE: (5, 3600)}

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        rng = b.rng
        clock: float | None = None
        for name, field in ranked:
            value = data.get(field.key)
            if not isinstance(value, (int, float)):
                continue
            if clock is None or field.key in locked:
                clock = max(clock, value) if clock is not None else value
                continue
            lo, hi = steps[_RANK.get(name, _LATE)]
            clock = clock + rng.randint(lo, hi)
            data[field.key] = float(clock) if field.kind == "float" else int(clock)
        base = clock if clock is not None else b.now
        for field in futures:
            value = data.get(field.key)
            if isinstance(value, (int, float)) and field.key not in locked and value < base:
                later = base + rng.choice((3600, 86_400, 30 * 86_400))
                data[field.key] = float(later) if field.kind == "float" else int(later)

    return fix


def _id_time_fixup(id_key: str, created_key: str, shape: IdShape) -> Fixup:
    """New-style ids start with their object's creation time in hex (docs/api-behaviour.md, Ids)."""

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        created = data.get(created_key)
        if id_key not in locked and isinstance(data.get(id_key), str) and isinstance(created, (int, float)):
            data[id_key] = b.ids.make(shape, int(created))

    return fix


def _usage_fixups(fields: Mapping[str, FieldInfo]) -> list[Fixup]:
    fixups: list[Fixup] = []
    if "total_tokens" not in fields:
        return fixups
    for first, second in (("prompt_tokens", "completion_tokens"), ("input_tokens", "output_tokens")):
        if first in fields and second in fields:
            fixups.append(_sum_fixup(fields["total_tokens"].key, fields[first].key, fields[second].key))
            for part in (first, second):
                prefix = part.removesuffix("_tokens")
                for details in (f"{prefix}_tokens_details", f"{prefix}_token_details"):
                    if details in fields:
                        fixups.append(_details_fixup(fields[part].key, fields[details].key))
    return fixups


def _sum_fixup(total: str, first: str, second: str) -> Fixup:
    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        add_up(data, locked, (first, second), total)

    return fix


def _details_fixup(limit_key: str, details_key: str) -> Fixup:
    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        limit, details = data.get(limit_key), data.get(details_key)
        if details_key not in locked and isinstance(limit, int) and isinstance(details, dict):
            clamp_counts(details, limit)

    return fix


def _counts_fixup(total: str, parts: list[str]) -> Fixup:
    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        values = [data.get(k) for k in parts]
        if total not in locked and all(isinstance(v, int) for v in values):
            data[total] = sum(v for v in values if isinstance(v, int))

    return fix


def _page_fixup(fields: Mapping[str, FieldInfo]) -> Fixup:
    data_key = fields["data"].key
    has_more = fields["has_more"].key if "has_more" in fields else None
    first = fields["first_id"].key if "first_id" in fields else None
    last = fields["last_id"].key if "last_id" in fields else None

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        if has_more is not None and has_more not in locked:
            data[has_more] = False
        items = data.get(data_key)
        if not isinstance(items, list):
            return
        ids = [item.get("id") for item in items if isinstance(item, dict)]
        for key, pick in ((first, 0), (last, -1)):
            if key is not None and key not in locked and ids and isinstance(ids[pick], str):
                data[key] = ids[pick]

    return fix


def _token_bytes_fixup(token_key: str, bytes_key: str) -> Fixup:
    """A logprob's ``bytes`` are its token's UTF-8 bytes."""

    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        token = data.get(token_key)
        if bytes_key not in locked and isinstance(token, str) and data.get(bytes_key) is not None:
            data[bytes_key] = list(token.encode("utf-8"))

    return fix


def _ordered_pair_fixup(start: str, end: str) -> Fixup:
    def fix(data: dict[str, Any], locked: Collection[str], b: Build) -> None:
        lo, hi = data.get(start), data.get(end)
        if not (isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi):
            return
        if start not in locked and end not in locked:
            data[start], data[end] = hi, lo
        elif end not in locked:
            data[end] = lo
        elif start not in locked:
            data[start] = hi

    return fix
