"""Every request field of the JSON type the SDK's own signature declares, for every endpoint.

The SDK types each method's parameters (``n: Optional[int]``, ``tools: Iterable[AssistantToolParam]``,
``metadata: Dict[str, str]``...), and the API refuses a value of the wrong JSON type with a 400
``invalid_type`` naming the parameter. The endpoints with rules of their own (chat, Responses,
embeddings, files) check their fields there; every other endpoint is checked here, generically, so
its handler only ever sees well-typed input (a string where a list belongs is a 400, not a
certificate per character).

The check is structural and forgiving where the wire is: a literal is checked for its JSON type
only (which values are allowed is a rule's business), a TypedDict's unknown keys and missing keys
are let through (the API's own rules decide those), a file or a value the SDK formats (dates, base64)
is not looked at, and a union passes when any member does.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import typing_extensions

from ..._core.exchange import Exchange
from ..._core.sdk_routes import method_param_hints
from ._common import invalid_type, invalid_value, is_array, is_integer, is_number, is_object, missing

# (value, where) -> the first problem as (param path, what was expected), or None. What was
# expected is `_MISSING` when a required key is absent, and the supported values (a tuple) when a
# string is none of an enum's.
_MISSING = "a value (missing)"
_Problem = tuple[str, "str | tuple[str, ...]"]
_Check = Callable[[Any, str], "_Problem | None"]

_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)
# ``get_origin`` gives the runtime class: ``List[X]`` -> list, ``Iterable[X]`` -> collections.abc.Iterable.
_LISTS: tuple[Any, ...] = (list, tuple, Iterable, Sequence)
_MAPS: tuple[Any, ...] = (dict, Mapping)


def check_param_types(exchange: Exchange, route: tuple[str, str], *, enums: bool) -> None:
    """Raise the API's 400 ``invalid_type`` for the first field of the wrong JSON type; with
    ``enums`` (the strict level), ``invalid_value`` for a string outside the SDK's enum too (an
    older SDK's enum may lack a value the API has since added, which lenient lets through)."""
    checks = _checks_for(route, enums)
    if not checks:
        return
    for source in (exchange.body, exchange.query):
        if not isinstance(source, Mapping):
            continue
        for key, value in source.items():
            check = checks.get(key)
            if check is None:
                continue
            problem = check(value, key)
            if problem is not None:
                where, expected = problem
                if expected is _MISSING:
                    raise missing(where)
                if isinstance(expected, tuple):
                    raise invalid_value(where, _at(source, where), expected)
                raise invalid_type(where, expected, _at(source, where))


def _at(source: Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` (``a.b[0].c``), for the error's "but got X"."""
    value: Any = source
    for part in path.replace("]", "").replace("[", ".").split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, (list, tuple)) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
    return value


@lru_cache(maxsize=1024)
def _checks_for(route: tuple[str, str], enums: bool) -> Mapping[str, _Check]:
    return {_wire_key(name, hint): _compile(hint, enums) for name, hint in method_param_hints(route).items()}


@lru_cache(maxsize=4096)
def _compile(hint: Any, enums: bool) -> _Check:
    """A check for values of ``hint``; ``_PASS`` for anything the wire does not pin down."""
    hint, formatted = _strip(hint)
    if formatted:
        return _PASS
    origin = typing_extensions.get_origin(hint)
    if hint is type(None):
        return _scalar(lambda v: v is None, "null")
    if hint is Any or hint is object or _is_sdk_marker(hint) or _is_file(hint):
        return _PASS
    if origin is typing_extensions.Literal:
        values = typing_extensions.get_args(hint)
        if all(type(v) is str for v in values):
            return _enum(tuple(values)) if enums else _scalar(lambda v: isinstance(v, str), "a string")
        return _PASS
    if origin in _UNIONS:
        members = typing_extensions.get_args(hint)
        compiled = [_compile(m, enums) for m in members if not _is_sdk_marker(m)]
        if any(c is _PASS for c in compiled):
            return _PASS
        check = _union(compiled)
        return _nullable(check) if type(None) in members else check
    if hint is str:
        return _scalar(lambda v: isinstance(v, str), "a string")
    if hint is bool:
        return _scalar(lambda v: isinstance(v, bool), "a boolean")
    if hint is int:
        return _scalar(is_integer, "an integer")
    if hint is float:
        return _scalar(is_number, "a decimal")
    if origin in _LISTS or _is_sequence_not_str(hint):
        args = typing_extensions.get_args(hint)
        return _list(_compile(args[0], enums) if args else _PASS)
    if origin in _MAPS or hint in (dict, Mapping):
        args = typing_extensions.get_args(hint)
        return _map(_compile(args[1], enums) if len(args) == 2 else _PASS)
    if typing_extensions.is_typeddict(hint):
        return _typeddict(hint, enums)
    return _PASS


def _PASS(value: Any, where: str) -> _Problem | None:
    return None


@dataclass(frozen=True)
class _Peeled:
    """A hint without its ``Required``/``NotRequired``/``ReadOnly``/``Annotated`` layers, and what
    those layers said."""

    inner: Any
    metadata: tuple[Any, ...]
    """Every ``Annotated`` extra (the SDK's ``PropertyInfo``: ``alias``, ``format``)."""
    required: bool | None
    """``Required[...]`` True, ``NotRequired[...]`` False, neither None."""


@lru_cache(maxsize=4096)
def _peel(hint: Any) -> _Peeled:
    metadata: list[Any] = []
    required: bool | None = None
    while True:
        origin = typing_extensions.get_origin(hint)
        if origin is typing_extensions.Annotated:
            args = typing_extensions.get_args(hint)
            metadata.extend(args[1:])
            hint = args[0]
        elif origin in (typing_extensions.Required, typing_extensions.NotRequired, typing_extensions.ReadOnly):
            if origin is not typing_extensions.ReadOnly and required is None:
                required = origin is typing_extensions.Required
            hint = typing_extensions.get_args(hint)[0]
        else:
            return _Peeled(hint, tuple(metadata), required)


def _strip(hint: Any) -> tuple[Any, bool]:
    """``hint`` without its layers; True when the SDK formats its value on the way out (a date,
    base64 of a file): the wire type is then not the hint's."""
    peeled = _peel(hint)
    return peeled.inner, any(getattr(meta, "format", None) for meta in peeled.metadata)


def _wire_key(name: str, hint: Any) -> str:
    """The key a parameter or TypedDict field goes out under: the SDK's ``alias`` when its
    annotation names one (``schema_`` is sent as ``schema``), else its own name."""
    aliases = [meta.alias for meta in _peel(hint).metadata if isinstance(getattr(meta, "alias", None), str)]
    return str(aliases[0]) if aliases else name


def _is_sdk_marker(hint: Any) -> bool:
    """The SDK's "not given" markers and ``None`` (a union member made nullable by `_nullable`)."""
    return hint is type(None) or getattr(hint, "__name__", "") in ("NotGiven", "Omit")


def _is_file(hint: Any) -> bool:
    text = repr(hint)
    return "FileTypes" in text or "IO[" in text or "PathLike" in text or hint is bytes


def _is_sequence_not_str(hint: Any) -> bool:
    return getattr(typing_extensions.get_origin(hint), "__name__", "") == "SequenceNotStr"


def _scalar(accepts: Callable[[Any], bool], expected: str) -> _Check:
    def check(value: Any, where: str) -> _Problem | None:
        return None if accepts(value) else (where, expected)

    return check


def _union(members: list[_Check]) -> _Check:
    def check(value: Any, where: str) -> _Problem | None:
        # Objects: judge by the members whose shape the value has (its keys, its required keys,
        # its ``type`` tag), so a message with a null role is not let through by an unrelated
        # member that knows no ``role``; when no member has its shape, any member may pass.
        candidates = members
        if isinstance(value, Mapping):
            shaped: list[_Check] = [m for m in members if isinstance(m, _TypedDictCheck) and m.fits(value)]
            if not shaped and all(isinstance(m, _TypedDictCheck) for m in members):
                each = [m.tags() for m in members if isinstance(m, _TypedDictCheck)]
                tags = [tag for member_tags in each for tag in member_tags]
                kind = value.get("type", None)
                if isinstance(kind, str) and all(each) and kind not in tags:
                    return f"{where}.type", tuple(tags)
                # An object of none of the shapes: if one only lacks required keys, name the first.
                lacking = [m.lacking(value) for m in members if isinstance(m, _TypedDictCheck)]
                named = [keys for keys in lacking if keys]
                if named:
                    return f"{where}.{min(named, key=len)[0]}", _MISSING
            candidates = shaped or members
        first: _Problem | None = None
        for member in candidates:
            problem = member(value, where)
            if problem is None:
                return None
            if first is None or (first[0] == where and problem[0] != where):  # a deeper one says more
                first = problem
        return first

    return check


def _enum(supported: tuple[str, ...]) -> _Check:
    """One of the SDK's string literals: a string, and one of them (the API's ``invalid_value``)."""

    def check(value: Any, where: str) -> _Problem | None:
        if not isinstance(value, str):
            return where, "a string"
        return None if value in supported else (where, supported)

    return check


def _nullable(inner: _Check) -> _Check:
    def check(value: Any, where: str) -> _Problem | None:
        return None if value is None else inner(value, where)

    return check


def _list(item: _Check) -> _Check:
    def check(value: Any, where: str) -> _Problem | None:
        if not is_array(value):
            return where, "an array"
        if item is not _PASS:
            for index, element in enumerate(value):
                problem = item(element, f"{where}[{index}]")
                if problem is not None:
                    return problem
        return None

    return check


def _map(values: _Check) -> _Check:
    def check(value: Any, where: str) -> _Problem | None:
        if not is_object(value):
            return where, "an object"
        if values is not _PASS:
            for key, element in value.items():
                problem = values(element, f"{where}.{key}")
                if problem is not None:
                    return problem
        return None

    return check


class _TypedDictCheck:
    """The check of one of the SDK's TypedDicts, compiled on first use (they refer to each other,
    even to themselves), and whether a dict has its shape (for choosing among a union's members)."""

    def __init__(self, cls: Any, enums: bool) -> None:
        self.cls = cls
        self.enums = enums
        self._fields: dict[str, _Check] | None = None
        self._required: frozenset[str] = frozenset()
        self._tags: frozenset[str] | None = None

    def _compiled(self) -> dict[str, _Check]:
        if self._fields is None:
            hints = _hints(self.cls)
            total = getattr(self.cls, "__total__", True)
            self._required = frozenset(_wire_key(k, h) for k, h in hints.items() if _is_required(h, total))
            tag = hints.get("type")
            if tag is not None:
                values = typing_extensions.get_args(_strip(tag)[0])
                if values and all(isinstance(v, str) for v in values):
                    self._tags = frozenset(values)
            self._fields = {_wire_key(key, hint): _compile(hint, self.enums) for key, hint in hints.items()}
        return self._fields

    def fits(self, value: Mapping[str, Any]) -> bool:
        fields = self._compiled()
        tag = value.get("type", None)
        if self._tags is not None and "type" in value and not (isinstance(tag, str) and tag in self._tags):
            return False
        return self._required <= value.keys() and all(key in fields for key in value)

    def tags(self) -> tuple[str, ...]:
        """The values its ``type`` field allows, when it is a string literal; else none."""
        self._compiled()
        return tuple(sorted(self._tags)) if self._tags is not None else ()

    def lacking(self, value: Mapping[str, Any]) -> list[str]:
        """The required keys ``value`` lacks, in order, when that is all that keeps it from this
        shape (no unknown key, no other ``type``); else empty."""
        fields = self._compiled()
        tag = value.get("type", None)
        if self._tags is not None and "type" in value and not (isinstance(tag, str) and tag in self._tags):
            return []
        if not all(key in fields for key in value):
            return []
        return sorted(self._required - value.keys())

    def __call__(self, value: Any, where: str) -> _Problem | None:
        if not is_object(value):
            return where, "an object"
        fields = self._compiled()
        absent = self._required - value.keys()
        if absent:
            return f"{where}.{min(absent)}", _MISSING
        for key, element in value.items():
            field = fields.get(key)
            if field is None:
                continue
            problem = field(element, f"{where}.{key}")
            if problem is not None:
                return problem
        return None


def _typeddict(cls: Any, enums: bool) -> _Check:
    return _TypedDictCheck(cls, enums)


def _is_required(hint: Any, total: bool) -> bool:
    """Whether a TypedDict key must be sent: ``Required[...]``, or a key of a total TypedDict
    not marked ``NotRequired[...]`` (read from the hint: the SDK's modules use postponed annotations,
    so ``__required_keys__`` does not know)."""
    required = _peel(hint).required
    return bool(total) if required is None else required


def _hints(cls: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:  # an SDK type the running Python cannot resolve: not checked
        return {}


__all__ = ["check_param_types"]
