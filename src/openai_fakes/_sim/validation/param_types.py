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
from functools import lru_cache
from typing import Any

import typing_extensions

from ..._core.exchange import Exchange
from ..._core.sdk import method_param_hints
from ._common import invalid_type

# (value, where) -> the first problem as (param path, what was expected), or None.
_Check = Callable[[Any, str], "tuple[str, str] | None"]

_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)
# ``get_origin`` gives the runtime class: ``List[X]`` -> list, ``Iterable[X]`` -> collections.abc.Iterable.
_LISTS: tuple[Any, ...] = (list, tuple, Iterable, Sequence)
_MAPS: tuple[Any, ...] = (dict, Mapping)


def check_param_types(exchange: Exchange, route: tuple[str, str]) -> None:
    """Raise the API's 400 ``invalid_type`` for the first field of the wrong JSON type."""
    checks = _checks_for(route)
    if not checks:
        return
    for source in (exchange.body, exchange.query):
        if not isinstance(source, Mapping):
            continue
        for key, value in source.items():
            check = checks.get(key)
            if check is None or value is None:  # None: the SDK's "not given", or the API's null
                continue
            problem = check(value, key)
            if problem is not None:
                raise invalid_type(problem[0], problem[1], _at(source, problem[0]))


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
def _checks_for(route: tuple[str, str]) -> Mapping[str, _Check]:
    return {_wire_key(name, hint): _compile(hint) for name, hint in method_param_hints(route).items()}


@lru_cache(maxsize=4096)
def _compile(hint: Any) -> _Check:
    """A check for values of ``hint``; ``_PASS`` for anything the wire does not pin down."""
    hint, formatted = _strip(hint)
    if formatted:
        return _PASS
    origin = typing_extensions.get_origin(hint)
    if hint is Any or hint is object or _is_sdk_marker(hint) or _is_file(hint):
        return _PASS
    if origin is typing_extensions.Literal:
        kinds = {type(v) for v in typing_extensions.get_args(hint)}
        if kinds == {str}:
            return _scalar(lambda v: isinstance(v, str), "a string")
        return _PASS
    if origin in _UNIONS:
        members = [m for m in typing_extensions.get_args(hint) if not _is_sdk_marker(m)]
        compiled = [_compile(m) for m in members]
        if any(c is _PASS for c in compiled):
            return _PASS
        return _union(compiled)
    if hint is str:
        return _scalar(lambda v: isinstance(v, str), "a string")
    if hint is bool:
        return _scalar(lambda v: isinstance(v, bool), "a boolean")
    if hint is int:
        return _scalar(lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
    if hint is float:
        return _scalar(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a decimal")
    if origin in _LISTS or _is_sequence_not_str(hint):
        args = typing_extensions.get_args(hint)
        return _list(_compile(args[0]) if args else _PASS)
    if origin in _MAPS or hint in (dict, Mapping):
        args = typing_extensions.get_args(hint)
        return _map(_compile(args[1]) if len(args) == 2 else _PASS)
    if typing_extensions.is_typeddict(hint):
        return _typeddict(hint)
    return _PASS


def _PASS(value: Any, where: str) -> tuple[str, str] | None:
    return None


def _strip(hint: Any) -> tuple[Any, bool]:
    """``hint`` without ``Required``/``NotRequired``/``Annotated``; True when the SDK formats its
    value on the way out (a date, base64 of a file): the wire type is then not the hint's."""
    formatted = False
    while True:
        origin = typing_extensions.get_origin(hint)
        if origin in (typing_extensions.Required, typing_extensions.NotRequired, typing_extensions.ReadOnly):
            hint = typing_extensions.get_args(hint)[0]
        elif origin is typing_extensions.Annotated:
            args = typing_extensions.get_args(hint)
            formatted = formatted or any(getattr(meta, "format", None) for meta in args[1:])
            hint = args[0]
        else:
            return hint, formatted


def _wire_key(name: str, hint: Any) -> str:
    """The key a parameter or TypedDict field goes out under: the SDK's ``alias`` when its
    annotation names one (``schema_`` is sent as ``schema``), else its own name."""
    while True:
        origin = typing_extensions.get_origin(hint)
        if origin is typing_extensions.Annotated:
            args = typing_extensions.get_args(hint)
            for meta in args[1:]:
                alias = getattr(meta, "alias", None)
                if isinstance(alias, str):
                    return alias
            hint = args[0]
        elif origin in (typing_extensions.Required, typing_extensions.NotRequired, typing_extensions.ReadOnly):
            hint = typing_extensions.get_args(hint)[0]
        else:
            return name


def _is_sdk_marker(hint: Any) -> bool:
    """The SDK's "not given" markers and ``None``: not a JSON type to check."""
    return hint is type(None) or getattr(hint, "__name__", "") in ("NotGiven", "Omit")


def _is_file(hint: Any) -> bool:
    text = repr(hint)
    return "FileTypes" in text or "IO[" in text or "PathLike" in text or hint is bytes


def _is_sequence_not_str(hint: Any) -> bool:
    return getattr(typing_extensions.get_origin(hint), "__name__", "") == "SequenceNotStr"


def _scalar(accepts: Callable[[Any], bool], expected: str) -> _Check:
    def check(value: Any, where: str) -> tuple[str, str] | None:
        return None if accepts(value) else (where, expected)

    return check


def _union(members: list[_Check]) -> _Check:
    def check(value: Any, where: str) -> tuple[str, str] | None:
        first: tuple[str, str] | None = None
        for member in members:
            problem = member(value, where)
            if problem is None:
                return None
            if first is None or problem[0] != where:  # the deepest problem says the most
                first = problem
        return first

    return check


def _list(item: _Check) -> _Check:
    def check(value: Any, where: str) -> tuple[str, str] | None:
        if not isinstance(value, (list, tuple)):
            return where, "an array"
        if item is not _PASS:
            for index, element in enumerate(value):
                problem = item(element, f"{where}[{index}]")
                if problem is not None:
                    return problem
        return None

    return check


def _map(values: _Check) -> _Check:
    def check(value: Any, where: str) -> tuple[str, str] | None:
        if not isinstance(value, Mapping):
            return where, "an object"
        if values is not _PASS:
            for key, element in value.items():
                problem = values(element, f"{where}.{key}")
                if problem is not None:
                    return problem
        return None

    return check


def _typeddict(cls: Any) -> _Check:
    fields: dict[str, _Check] | None = None

    def check(value: Any, where: str) -> tuple[str, str] | None:
        nonlocal fields
        if not isinstance(value, Mapping):
            return where, "an object"
        if fields is None:  # compiled on first use: TypedDicts refer to each other, even to themselves
            fields = {_wire_key(key, hint): _compile(hint) for key, hint in _hints(cls).items()}
        for key, element in value.items():
            field = fields.get(key)
            if field is None or element is None:
                continue
            problem = field(element, f"{where}.{key}")
            if problem is not None:
                return problem
        return None

    return check


def _hints(cls: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:  # an SDK type the running Python cannot resolve: not checked
        return {}


__all__ = ["check_param_types"]
