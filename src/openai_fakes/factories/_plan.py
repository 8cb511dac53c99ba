"""One model's compiled plan: a generator per field and the fix-ups across its fields."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin

import pydantic

from .._core.ids import IdShape
from .._core.model_fields import is_model, literal_values, strip_annotated, union_args
from ._compile import UnsupportedType, compile_type
from ._fixups import FieldInfo, Fixup, compile_fixups
from ._ids_for import id_shape_of
from ._site import Gen, Site

NoneType = type(None)


class ModelPlan:
    __slots__ = ("aliases", "annotations", "fixups", "gens", "model", "present")

    def __init__(self, model: type[pydantic.BaseModel]) -> None:
        self.model = model
        # Keyed as polyfactory keys a model's fields: by alias where there is one.
        self.gens: dict[str, Gen | None] = {}
        self.annotations: dict[str, Any] = {}
        # Python name -> alias, for the few aliased fields (`schema_` -> `schema`).
        self.aliases: dict[str, str] = {}
        # Compilers of generators that never give None, for fields a rule needs set.
        self.present: dict[str, Callable[[], Gen | None]] = {}
        infos: dict[str, FieldInfo] = {}
        for name, field in model.model_fields.items():
            key = field.alias or name
            if key != name:
                self.aliases[name] = key
            site = Site(model, name)
            self.annotations[key] = field.annotation
            try:
                self.gens[key] = compile_type(field.annotation, site)
            except UnsupportedType:
                self.gens[key] = None  # polyfactory's own generation takes over
            self.present[key] = _present_compiler(field.annotation, site)
            infos[name] = FieldInfo(
                key,
                _kind(field.annotation),
                _nullable(field.annotation),
                self.present[key],
                literal_values(field.annotation),
            )
        id_shape = id_shape_of(model) if "id" in infos else None
        self.fixups: list[Fixup] = compile_fixups(infos, id_shape if isinstance(id_shape, IdShape) else None)


def _nullable(annotation: Any) -> bool:
    args = union_args(annotation)
    return args is not None and NoneType in args


def _kind(annotation: Any) -> str:
    args = union_args(annotation)
    tp = annotation
    if args is not None:
        rest = [a for a in args if a is not NoneType]
        tp = rest[0] if len(rest) == 1 else None
    tp = strip_annotated(tp)
    origin = get_origin(tp)
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    if tp is str or (origin is Literal and all(isinstance(v, str) for v in get_args(tp))):
        return "str"
    if is_model(tp):
        return "model"
    if origin is list:
        return "list"
    return "other"


def _present_compiler(annotation: Any, site: Site) -> Callable[[], Gen | None]:
    """Compiles, on first need, a generator of the field's non-None values."""
    compiled: list[Gen | None] = []

    def present() -> Gen | None:
        if not compiled:
            args = union_args(annotation)
            rest = [a for a in args if a is not NoneType] if args is not None else [annotation]
            try:
                compiled.append(compile_type(rest[0] if len(rest) == 1 else Union[tuple(rest)], site))  # noqa: UP007 (built at run time)
            except UnsupportedType:
                compiled.append(None)
        return compiled[0]

    return present


_PLANS: dict[type, ModelPlan] = {}
_LOCK = threading.Lock()


def plan_for(model: type[pydantic.BaseModel]) -> ModelPlan:
    plan = _PLANS.get(model)
    if plan is None:
        with _LOCK:
            plan = _PLANS.get(model)
            if plan is None:
                plan = _PLANS[model] = ModelPlan(model)
    return plan
