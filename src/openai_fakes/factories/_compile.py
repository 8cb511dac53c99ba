"""Type annotations compiled, once per field, into generators ``(Build) -> value``.

polyfactory re-derives everything per field per build (its provider map alone is rebuilt for
every field, docs/how-it-works.md). The SDK's models are fixed, so each field is compiled once into a
closure and a build is just calls. Nested models come back as plain dicts keyed by alias
(what the API sends), and only the outermost model is validated.

Rules that pydantic's round trip needs (docs/how-it-works.md, polyfactory and the SDK's models): untyped fields get real JSON, a Literal is
never left ``None`` (it is how the SDK's unions are told apart), and recursion stops at
``Optional`` / list / union boundaries.
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import inspect
from collections.abc import Callable
from typing import Any, Literal, TypeVar, get_args, get_origin

from .._core.model_fields import is_model, strip_annotated, union_args
from ._rules import (
    PREFERRED_LITERALS,
    bool_gen,
    dict_key_gen,
    float_gen,
    int_gen,
    json_gen,
    list_lengths,
    none_probability,
)
from ._site import Gen, Site, const
from ._state import Build
from ._strings import str_gen

NoneType = type(None)

# Filled in by the engine: builds one nested model as a dict inside the current build.
NestedBuilder = Callable[[type, Build], dict[str, Any]]
_nested: list[NestedBuilder] = []


def set_nested_builder(builder: NestedBuilder) -> None:
    _nested[:] = [builder]


class UnsupportedType(TypeError):
    """A type the compiler has no generator for; the engine falls back to polyfactory."""


def model_of(tp: Any) -> type | None:
    """The model a value of ``tp`` is built from, looking through Annotated / Optional."""
    tp = strip_annotated(tp)
    if is_model(tp):
        return tp  # type: ignore[no-any-return]
    args = union_args(tp)
    if args is not None:
        models = [a for a in (strip_annotated(x) for x in args) if is_model(a)]
        if len(models) == 1 and all(is_model(strip_annotated(a)) or a is NoneType for a in args):
            return models[0]  # type: ignore[no-any-return]
    return None


def compile_type(tp: Any, site: Site) -> Gen:
    """A generator of valid values of ``tp`` for ``site``; raises ``UnsupportedType``."""
    tp = strip_annotated(tp)
    if tp is NoneType or tp is None:
        return const(None)
    origin = get_origin(tp)
    union = union_args(tp)
    if union is not None:
        return _compile_union(union, site)
    if origin is Literal:
        return _compile_literal(get_args(tp), site)
    if tp is Any or tp is object or isinstance(tp, TypeVar):
        return json_gen(site)
    if is_model(tp):
        return _compile_model(tp)
    if tp is str:
        return str_gen(site)
    if tp is bool:
        return bool_gen(site)
    if tp is int:
        return int_gen(site)
    if tp is float:
        return float_gen(site)
    if tp is dict:
        return json_gen(site)
    if tp is list:
        return const([])
    if origin in (list, collections.abc.Sequence, collections.abc.Iterable, set, frozenset):
        item = get_args(tp)[0] if get_args(tp) else Any
        return _compile_list(item, site, set_like=origin in (set, frozenset))
    if origin in (dict, collections.abc.Mapping):
        key, value = get_args(tp) or (str, Any)
        return _compile_dict(key, value, site)
    if tp is bytes:
        return lambda b: b"data"
    if tp is datetime.datetime:
        return lambda b: datetime.datetime.fromtimestamp(b.now - b.rng.randrange(3600), datetime.timezone.utc)
    if tp is datetime.date:
        return lambda b: datetime.datetime.fromtimestamp(b.now, datetime.timezone.utc).date()
    if inspect.isclass(tp) and issubclass(tp, enum.Enum):
        members = list(tp)
        return lambda b: b.rng.choice(members)
    raise UnsupportedType(tp)


def _compile_model(model: type) -> Gen:
    def nested(b: Build) -> dict[str, Any]:
        return _nested[0](model, b)

    return nested


def _is_literal(tp: Any) -> bool:
    return get_origin(strip_annotated(tp)) is Literal


def _compile_literal(values: tuple[Any, ...], site: Site) -> Gen:
    if len(values) == 1:
        return const(values[0])
    preferred = [v for v in PREFERRED_LITERALS.get(site.name, ()) if v in values]
    if preferred:
        favourite = preferred[0]
        # Favour the common value, still sometimes show the others.
        return lambda b: favourite if b.rng.random() < 0.6 else b.rng.choice(values)
    return lambda b: b.rng.choice(values)


def _variant_models(tp: Any) -> frozenset[type]:
    """Models a variant may nest (directly or as list items): used to stop recursion."""
    tp = strip_annotated(tp)
    if is_model(tp):
        return frozenset({tp})
    found: set[type] = set()
    for arg in get_args(tp):
        if arg is not NoneType and not isinstance(arg, (str, int, bool)):
            found |= _variant_models(arg)
    return frozenset(found)


def _compile_union(args: tuple[Any, ...], site: Site) -> Gen:
    nullable = NoneType in args
    variants = [a for a in args if a is not NoneType]
    if not variants:
        return const(None)
    if all(_is_literal(v) for v in variants):
        # Optional[Literal[...]] is how the SDK tags union members: never None (docs/how-it-works.md, polyfactory and the SDK's models).
        values = tuple(x for v in variants for x in get_args(strip_annotated(v)))
        return _compile_literal(values, site)
    p_none = none_probability(site) if nullable else 0.0
    gens: list[Gen | None] = [None] * len(variants)
    nests = [_variant_models(v) for v in variants]
    nests_models = any(nests)
    # The first variant is usually the common case (a message before a tool call): favour it.
    weights = [0.5] + [0.5 / (len(variants) - 1)] * (len(variants) - 1) if len(variants) > 1 else [1.0]

    def gen(b: Build) -> Any:
        rng = b.rng
        if nullable and b.allow_none and (rng.random() < p_none or (b.deep and nests_models)):
            return None
        index = rng.choices(range(len(variants)), weights)[0]
        if b.stack and nests[index] & set(b.stack):
            # Recursion: take a variant that does not nest a model being built, else None.
            free = [i for i in range(len(variants)) if not (nests[i] & set(b.stack))]
            if free:
                index = free[0] if len(free) == 1 else rng.choice(free)
            elif nullable:
                return None
        variant = gens[index]
        if variant is None:
            variant = gens[index] = compile_type(variants[index], site)
        return variant(b)

    return gen


def _compile_list(item: Any, site: Site, *, set_like: bool) -> Gen:
    item_site = Site(site.owner, site.name, item=True)
    item_gen: list[Gen] = []
    lengths, weights = list_lengths(site)
    nested = _variant_models(item)

    def gen(b: Build) -> Any:
        if not item_gen:
            item_gen.append(compile_type(item, item_site))
        if nested and (b.deep or nested & set(b.stack)):
            return []
        n = b.rng.choices(lengths, weights)[0]
        make = item_gen[0]
        items = [make(b) for _ in range(n)]
        for position, value in enumerate(items):
            # Items that carry their own position (choices, tool call deltas) get the right one.
            if isinstance(value, dict) and type(value.get("index")) is int:
                value["index"] = position
        if set_like:
            unique: list[Any] = []
            for value in items:
                if value not in unique:
                    unique.append(value)
            return unique
        return items

    return gen


def _compile_dict(key: Any, value: Any, site: Site) -> Gen:
    if strip_annotated(value) in (object, Any) or (
        union_args(value) is not None
        and all(strip_annotated(a) in (object, Any, NoneType) for a in union_args(value) or ())
    ):
        return json_gen(site)
    if site.name in ("metadata", "headers", "env", "labels", "tags") and strip_annotated(value) is str:
        return json_gen(site)
    item_site = Site(site.owner, site.name, item=True)
    key_gen = dict_key_gen(site) if strip_annotated(key) is str else compile_type(key, item_site)
    value_gen: list[Gen] = []

    def gen(b: Build) -> dict[Any, Any]:
        if not value_gen:
            value_gen.append(compile_type(value, item_site))
        if b.deep:
            return {}
        n = b.rng.choice((0, 1, 1, 2))
        return {key_gen(b): value_gen[0](b) for _ in range(n)}

    return gen
