"""The SDK's models, found by walking ``openai.types``; lookup by class name, dotted path or ``object`` literal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import typing
from functools import cache, lru_cache

import openai
import openai.types


@lru_cache(maxsize=1)
def all_models() -> tuple[type[openai.BaseModel], ...]:
    """Every ``openai.BaseModel`` subclass defined under ``openai.types``, in a stable order."""
    found: dict[str, type[openai.BaseModel]] = {}
    for info in pkgutil.walk_packages(openai.types.__path__, "openai.types."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, openai.BaseModel) and value.__module__.startswith("openai.types"):
                found.setdefault(f"{value.__module__}.{value.__qualname__}", value)
    return tuple(found[key] for key in sorted(found))


def _object_literal(model: type[openai.BaseModel]) -> str | None:
    field = model.model_fields.get("object")
    if field is None or typing.get_origin(field.annotation) is not typing.Literal:
        return None
    args = typing.get_args(field.annotation)
    return str(args[0]) if len(args) == 1 else None


def _exported(name: str) -> type[openai.BaseModel] | None:
    """The model at a dotted path as people import it (``openai.types.chat.ChatCompletion``)."""
    module_name, _, attribute = name.rpartition(".")
    if not module_name.startswith("openai.types"):
        return None
    try:
        value = getattr(importlib.import_module(module_name), attribute, None)
    except ImportError:
        return None
    return value if inspect.isclass(value) and issubclass(value, openai.BaseModel) else None


def find_model(name: str) -> type[openai.BaseModel]:
    """``ChatCompletion``, ``openai.types.chat.ChatCompletion`` or ``chat.completion``."""
    exported = _exported(name)
    if exported is not None:
        return exported
    models = all_models()
    by_path = [
        m for m in models if f"{m.__module__}.{m.__qualname__}" == name or f"openai.types.{m.__qualname__}" == name
    ]
    by_name = [m for m in models if m.__qualname__ == name.rsplit(".", 1)[-1] and "." not in name]
    by_literal = [m for m in models if _object_literal(m) == name]
    for candidates in (by_path, by_name, by_literal):
        if len(candidates) >= 1:
            # Several classes can share a name across API areas; the shortest module path is the canonical one.
            return min(candidates, key=lambda m: (len(m.__module__), m.__module__))
    raise LookupError(
        f"no SDK model is called {name!r}; try a class name (ChatCompletion) or an object literal (chat.completion)"
    )


@cache
def find_union(name: str) -> object | None:
    """A union the SDK names as a type alias (``ResponseStreamEvent``, ``ConversationItem``), or ``None``."""
    all_models()  # imports every module of openai.types
    short = name.rsplit(".", 1)[-1]
    found = []
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("openai.types") or module is None:
            continue
        value = getattr(module, short, None)
        if typing.get_origin(value) in (typing.Annotated, typing.Union) and (
            "." not in name or name in (f"{module_name}.{short}", f"openai.types.{short}")
        ):
            found.append((len(module_name), module_name, value))
    return min(found, key=lambda item: item[:2])[2] if found else None
