"""The factory engine: polyfactory factories for any model of the ``openai`` SDK.

``factory_for(Model)`` gives the curated factory of ``Model`` where one is registered
(``@curated``, in the area modules: ``chat``, ``responses``...), else a cached
``SDKModelFactory[Model]``; ``sample_json(tp, seed=...)`` gives the fake server a realistic JSON
value of any declared return type.

What differs from a plain ``ModelFactory`` and why:

- Values come from plans compiled once per model (``_plan``) with realistic, name-based rules
  (``_rules``) and cross-field fix-ups (``_fixups``); plain polyfactory is ~6 ms per
  ``ChatCompletion`` and gives random letters, ``object()`` values and mismatched ids.
- Every build draws from its own seeded RNG (``handlers._base.stateful``), never from polyfactory's shared
  class-level ``__random__`` / Faker; nothing is registered with polyfactory's global tables.
- Nested models are generated as dicts by their own (cached) factories, so class attributes and
  ``Use`` / ``PostGenerated`` overrides on a factory keep working, and only the outermost model
  is validated.
- Overrides are checked (a name that is no field is an error, not an extra) and partial dicts are
  completed by the factory of the model they stand for, unions included (``_overrides``).
- Curated factories hook in twice per build: ``_prepare`` (shorthands, defaults) before fields
  are drawn, ``_complete`` (rules across fields) after the generic fix-ups.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Collection, Iterator
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, ClassVar, Generic, TypeVar, cast, get_args, get_origin

import pydantic
from faker import Faker
from polyfactory.factories.base import BaseFactory, BuildContext
from polyfactory.factories.pydantic_factory import ModelFactory
from polyfactory.field_meta import FieldMeta, Null
from pydantic_core import PydanticUndefined

from .._core.model_fields import is_model, strip_annotated, union_args
from .._sim.text import paragraph
from ._compile import NoneType, UnsupportedType, compile_type, set_nested_builder
from ._overrides import check_names, complete_override, needs_completion
from ._plan import plan_for
from ._rules import ABSENT_WHEN_UNSET
from ._site import Site
from ._state import ACTIVE_RANDOM, Build, active, current

T = TypeVar("T", bound=pydantic.BaseModel)

# A Faker of our own whose RNG is the current build's: polyfactory's default Faker is shared by
# every factory in the process, and so is the RNG of an unseeded Faker.
_FAKER = Faker()
_FAKER.random = ACTIVE_RANDOM  # type: ignore[attr-defined]  # a property Faker's stubs leave out

# Set while polyfactory's ``coverage()`` runs: it needs polyfactory's full field metadata.
_FULL_METADATA: ContextVar[bool] = ContextVar("openai_fakes_full_metadata", default=False)


class SDKModelFactory(ModelFactory[T], Generic[T]):
    """A polyfactory ``ModelFactory`` for the SDK's models: realistic, seeded, isolated.

    Use it as a ``ModelFactory``: subclass it with a model, set fields as class attributes, call
    ``build(**overrides)``. ``build(random_seed=N)`` gives the same object for the same ``N`` in
    any process; without it, each factory draws from its own stream (``seed_random`` reseeds
    that stream only). Overrides may use a field's Python name or its alias.
    """

    __is_base_factory__ = True
    __faker__ = _FAKER
    __random__ = ACTIVE_RANDOM
    __set_as_default_factory_for_type__ = False

    # Underscored so no SDK field name can collide with them: polyfactory treats any class
    # attribute named like a model field as that field's value.
    _own_random: ClassVar[random.Random | None] = None
    _locked_keys: ClassVar[frozenset[str] | None] = None
    _light_fields: ClassVar[list[FieldMeta] | None] = None
    _shorthands: ClassVar[tuple[str, ...]] = ()
    """Keyword arguments that are not fields (``content=`` on a chat completion), consumed by ``_prepare``."""
    _position_field: ClassVar[str | None] = None
    """A field that is the object's position in the list the API sends it in (an embedding's or a
    choice's ``index``): ``batch`` numbers its objects 0, 1, 2... there unless it was given."""

    @classmethod
    def _init_model(cls) -> None:
        # ModelFactory's version also calls `model_rebuild()`, which builds the validator of
        # every nested model on its own (~2 ms each; the SDK defers them). Only the outermost
        # model is validated, so a rebuild is needed only where field types are unresolved.
        super(ModelFactory, cls)._init_model()
        model = cls.__model__
        if not getattr(model, "__pydantic_fields_complete__", getattr(model, "__pydantic_complete__", False)):
            model.model_rebuild()

    @classmethod
    def get_model_fields(cls) -> list[FieldMeta]:
        """Field metadata: names, annotations and defaults, without polyfactory's per-union tree.

        Values come from compiled plans, so the tree of child metadata polyfactory derives for
        every union (7 ms for ``Response``) is only built for ``coverage()``, which uses it.
        """
        if _FULL_METADATA.get():
            full = super().get_model_fields()
            for meta in full:
                _align_children(meta)
            return full
        fields = cls.__dict__.get("_light_fields")
        if fields is None:
            fields = []
            for name, info in cls.__model__.model_fields.items():
                if callable(info.default_factory):
                    default: Any = info.default_factory
                else:
                    default = Null if info.default is PydanticUndefined else info.default
                fields.append(
                    FieldMeta(name=info.alias or name, annotation=cast(type, info.annotation), default=default)
                )
            cls._light_fields = fields
        return cast("list[FieldMeta]", fields)

    @classmethod
    def coverage(cls, factory_use_construct: bool = False, **kwargs: Any) -> Iterator[T]:
        """polyfactory's ``coverage``: instances that together cover every field's kinds of value."""
        token = _FULL_METADATA.set(True)
        try:
            yield from super().coverage(factory_use_construct, **kwargs)
        finally:
            _FULL_METADATA.reset(token)

    @classmethod
    def seed_random(cls, seed: int) -> None:
        """Reseed this factory's own stream (and nothing else: no shared Faker, no other class)."""
        cls._own_random = random.Random(seed)

    @classmethod
    def _stream(cls) -> random.Random:
        rng = cls.__dict__.get("_own_random")
        if rng is None:
            # A string seed is hashed with SHA-512, so the stream is the same in every process.
            model = cls.__model__
            rng = random.Random(f"{model.__module__}.{model.__qualname__}")
            cls._own_random = rng
        return cast(random.Random, rng)

    @classmethod
    def _new_build(cls, random_seed: int | None) -> Build:
        rng = random.Random(random_seed) if random_seed is not None else cls._stream()
        return Build(rng, allow_none=cls.__allow_none_optionals__)

    @classmethod
    def build(cls, factory_use_construct: bool = False, random_seed: int | None = None, **kwargs: Any) -> T:
        """Build one instance; ``random_seed`` makes it reproducible in any process."""
        if current() is not None and random_seed is None:
            # A nested build (polyfactory's own paths): join the build in progress.
            return super().build(factory_use_construct, **kwargs)
        with active(cls._new_build(random_seed)):
            return super().build(factory_use_construct, **kwargs)

    @classmethod
    def batch(cls, size: int, random_seed: int | None = None, **kwargs: Any) -> list[T]:
        """``size`` different instances; with ``random_seed``, the same list every time."""
        rng = random.Random(random_seed) if random_seed is not None else cls._stream()
        position = cls._position_field
        numbered = position is not None and position not in kwargs and position not in cls._declared_keys()
        built: list[T] = []
        for index in range(size):
            with active(Build(rng, allow_none=cls.__allow_none_optionals__)):
                built.append(super().build(**({**kwargs, position: index} if numbered and position else kwargs)))
        return built

    @classmethod
    def process_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        """polyfactory's hook: the model's field values, from the overrides and realistic defaults."""
        build = current()
        if build is None:
            with active(cls._new_build(None)):
                return cls.process_kwargs(**kwargs)
        model = cls.__model__
        plan = plan_for(model)
        _by_alias(kwargs, plan.aliases)
        given = frozenset(k for k in kwargs if not k.startswith("_"))
        notes = cls._prepare(kwargs, build)
        _by_alias(kwargs, plan.aliases)
        check_names(cls, plan.annotations, plan.aliases, kwargs)
        for key, value in kwargs.items():
            if not key.startswith("_") and needs_completion(value):
                kwargs[key] = complete_override(plan.annotations[key], value, factory_for)
        locked = cls._declared_keys() | given
        build.stack.append(model)
        try:
            result = super().process_kwargs(**kwargs)
        finally:
            build.stack.pop()
        for fixup in plan.fixups:
            fixup(result, locked, build)
        cls._complete(result, locked, notes, build)
        return result

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        """Hook for curated factories, before fields are drawn: turn shorthands into overrides, add
        realistic defaults (``_default``). Returns notes handed to ``_complete``."""
        return None

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        """Hook for curated factories, after the generic fix-ups: rules across fields that only
        this model has. ``data`` is keyed by alias; keys in ``locked`` were given and must stay."""

    @classmethod
    def _draw(cls, key: str, build: Build) -> Any:
        """A value of field ``key`` as the engine draws it, but never ``None``."""
        gen = plan_for(cls.__model__).present[key]()
        return gen(build) if gen is not None else None

    @classmethod
    def _default(cls, kwargs: dict[str, Any], key: str, value: Any) -> None:
        """Give field ``key`` a value unless the caller or a subclass already did.

        A mapping merges under a partial mapping the caller gave (their keys win), so
        ``response={"model": "gpt-4o"}`` still gets the ``status`` an event needs.
        """
        if key in cls._declared_keys():
            return
        if key not in cls.__model__.model_fields:
            return  # a field newer SDK releases have and the installed one lacks: nothing to default
        current_value = kwargs.get(key)
        if key not in kwargs:
            kwargs[key] = value
        elif isinstance(current_value, dict) and isinstance(value, dict):
            kwargs[key] = {**value, **current_value}

    @classmethod
    def _declared_keys(cls) -> frozenset[str]:
        """Fields given a value on the factory class: fix-ups must leave them as declared."""
        keys = cls.__dict__.get("_locked_keys")
        if keys is None:
            keys = frozenset(
                meta.name
                for meta in cls.get_model_fields()
                if hasattr(cls, meta.name) and not hasattr(BaseFactory, meta.name)
            )
            cls._locked_keys = keys
        return cast(frozenset[str], keys)

    @classmethod
    def extract_field_build_parameters(cls, field_meta: FieldMeta, build_args: dict[str, Any]) -> Any:
        """polyfactory's hook: always ``None``, as overrides are already complete (``process_kwargs``)."""
        # Partial overrides are completed in `process_kwargs` before polyfactory sees them, so they
        # must reach the model as they are; skipping its per-field type inspection is ~25% of a build.
        return None

    @classmethod
    def get_field_value(
        cls,
        field_meta: FieldMeta,
        field_build_parameters: Any | None = None,
        build_context: BuildContext | None = None,
    ) -> Any:
        """polyfactory's hook: one field's value, from the field's realistic generator where it has one."""
        build = current()
        gen = plan_for(cls.__model__).gens.get(field_meta.name)
        if build is not None and gen is not None and field_build_parameters is None:
            return gen(build)
        return super().get_field_value(field_meta, field_build_parameters, build_context)

    @classmethod
    def _get_or_create_factory(cls, model: type[Any]) -> type[BaseFactory[Any]]:
        # polyfactory's fallback paths ask for nested factories: give ours, never a new class.
        if is_model(model):
            return factory_for(model)
        return super()._get_or_create_factory(model)


def _shape(tp: Any) -> Any:
    """``List[int]`` and ``list[int]`` alike: what polyfactory's coverage should compare."""
    origin = get_origin(tp)
    return (origin, tuple(_shape(arg) for arg in get_args(tp))) if origin is not None else tp


def _align_children(meta: FieldMeta) -> None:
    """Give a union's child metadata the exact annotation its union member has.

    polyfactory's ``coverage()`` finds a member's metadata by ``==`` on annotations, and the child
    of ``Optional[List[int]]`` is annotated ``list[int]``, unequal to ``typing.List[int]``; it then
    falls back to the union's own metadata and nests the list in a list (495 SDK models, docs/how-it-works.md).
    """
    members = get_args(strip_annotated(meta.annotation)) if union_args(meta.annotation) is not None else ()
    for child in meta.children or ():
        for member in members:
            if child.annotation != member and _shape(child.annotation) == _shape(member):
                child.annotation = member
        _align_children(child)


def _by_alias(kwargs: dict[str, Any], aliases: dict[str, str]) -> None:
    # `schema_=...` would otherwise land silently in the model's extra fields (docs/how-it-works.md, polyfactory and the SDK's models).
    for name, alias in aliases.items():
        if name in kwargs and alias not in kwargs:
            kwargs[alias] = kwargs.pop(name)


# polyfactory appends every base factory to a process-wide list that *users'* factories search
# for nested models. Taking ours out keeps their factories exactly as they were (docs/how-it-works.md, polyfactory and the SDK's models).
if SDKModelFactory in BaseFactory._base_factories:
    BaseFactory._base_factories.remove(SDKModelFactory)


_FACTORIES: dict[type, type[SDKModelFactory[Any]]] = {}
_LOCK = threading.RLock()


F = TypeVar("F", bound="type[SDKModelFactory[Any]]")


def curated(factory: F) -> F:
    """Make ``factory`` the one ``factory_for`` gives for its model (and for nested builds).

    Only this package's curated factories are registered, explicitly; a user's subclass of one
    never is, so customising a factory changes nothing elsewhere.
    """
    model: type = getattr(factory, "__model__")  # read off the class: mypy calls `__model__` ambiguous there
    with _LOCK:
        _FACTORIES[model] = factory
    return factory


def factory_for(model: type[T]) -> type[SDKModelFactory[T]]:
    """The factory for ``model`` (any pydantic model of the SDK): the curated one where there is
    one (``ChatCompletionFactory``), else one made by the engine, once, and cached."""
    factory = _FACTORIES.get(model)
    if factory is None:
        with _LOCK:
            factory = _FACTORIES.get(model)
            if factory is None:
                namespace = {"__model__": model, "__module__": __name__}
                factory = _FACTORIES[model] = cast(
                    "type[SDKModelFactory[Any]]", type(f"{model.__name__}Factory", (SDKModelFactory,), namespace)
                )
    return cast("type[SDKModelFactory[T]]", factory)


def _nested_dict(model: type, build: Build) -> dict[str, Any]:
    return factory_for(cast("type[pydantic.BaseModel]", model)).process_kwargs()


set_nested_builder(_nested_dict)


# --- sample_json: the fake server's source of reply templates -------------------------------


def sample_json(tp: Any, *, seed: int) -> Any:
    """A realistic JSON value (dicts by alias, lists, str, numbers, None) valid for ``tp``.

    ``tp`` is what an SDK method declares it returns: a model class, a page class
    (``SyncCursorPage[FileObject]``: 1-2 items, ``has_more`` false), a (discriminated) union
    (one variant, chosen by the seed), ``List[X]``, ``str`` or ``None``. The same seed gives
    the same value in any process.
    """
    build = Build(random.Random(seed))
    with active(build):
        return _sample(tp, build)


def _sample(tp: Any, build: Build) -> Any:
    tp = strip_annotated(tp)
    if tp is None or tp is NoneType:
        return None
    if is_model(tp):
        instance = factory_for(tp).build()
        return _without_absent(instance, instance.model_dump(mode="json", by_alias=True))
    args = union_args(tp)
    if args is not None:
        variants = [a for a in args if a is not NoneType]
        if not variants:
            return None
        # The first variant is the usual case; the others still come up.
        index = 0 if len(variants) == 1 or build.rng.random() < 0.5 else build.rng.randrange(1, len(variants))
        return _sample(variants[index], build)
    if get_origin(tp) is list and get_args(tp):
        return [_sample(get_args(tp)[0], build) for _ in range(build.rng.choice((1, 2)))]
    if tp is str:
        return paragraph(build.rng, build.rng.choice((1, 2, 3)))
    try:
        value = compile_type(tp, Site(None, ""))(build)
    except UnsupportedType:
        raise TypeError(f"sample_json cannot make a value of {tp!r}") from None
    adapter = _adapter(tp)
    return adapter.dump_python(adapter.validate_python(value), mode="json", by_alias=True)


def _without_absent(instance: Any, dumped: Any) -> Any:
    """``dumped`` (``instance`` as JSON) without the None fields the API leaves out (``ABSENT_WHEN_UNSET``):
    the built instance says which model each nested object is, through unions too."""
    if isinstance(instance, pydantic.BaseModel) and isinstance(dumped, dict):
        absent = ABSENT_WHEN_UNSET.get(type(instance).__name__, frozenset())
        for name, field in type(instance).model_fields.items():
            key = field.alias or name
            if key not in dumped:
                continue
            value = getattr(instance, name, None)
            if value is None and name in absent:
                del dumped[key]
            else:
                _without_absent(value, dumped[key])
    elif isinstance(instance, list) and isinstance(dumped, list):
        for item, shown in zip(instance, dumped):
            _without_absent(item, shown)
    return dumped


@lru_cache(maxsize=256)
def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(tp)
