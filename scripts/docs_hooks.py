"""mkdocs hooks (``hooks:`` in mkdocs.yml): the docs build fails when a public name has no
docstring, since the API reference would show it bare.

Public means: every name in the ``__all__`` of ``openai_fakes``, ``openai_fakes.factories``,
``openai_fakes.replay`` and ``openai_fakes.webhooks``; the classes tests reach as attributes
(``fake.clock``); the public methods and properties the package defines on those classes or on
their own bases (what the SDK, pydantic or polyfactory define is documented there); the pytest
plugin's fixtures. tests/test_docs_site.py runs the same check.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import openai_fakes
import openai_fakes.factories
import openai_fakes.replay
import openai_fakes.webhooks
from openai_fakes import pytest_plugin
from openai_fakes._state.backend import Clock

SRC = Path(__file__).resolve().parent.parent / "src"
PUBLIC_MODULES: tuple[ModuleType, ...] = (
    openai_fakes,
    openai_fakes.factories,
    openai_fakes.replay,
    openai_fakes.webhooks,
)
# Public classes reached as attributes rather than imported, so in no ``__all__``.
REACHED_CLASSES: tuple[type, ...] = (Clock,)


def has_docstring(obj: object) -> bool:
    """Whether ``obj`` has a docstring of its own (a class's is not inherited)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and doc and doc.startswith(f"{obj.__name__}("):
        return False  # the signature @dataclass writes in when the class has no docstring
    return bool(doc and doc.strip())


def public_methods(cls: type) -> Iterator[tuple[str, object]]:
    """``(dotted name, function)`` of each public method and property openai_fakes defines on
    ``cls`` or its bases."""
    seen: set[str] = set()
    for owner in cls.__mro__:
        if not owner.__module__.startswith("openai_fakes."):
            continue
        for name, value in vars(owner).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            elif isinstance(value, property):
                value = value.fget
            elif isinstance(value, functools.cached_property):
                value = value.func
            if inspect.isroutine(value):
                yield f"{owner.__module__}.{owner.__qualname__}.{name}", value


@functools.cache
def _static_package() -> griffe.Module:
    # As mkdocstrings reads the package: the docstring of a type alias or a constant is the
    # string written under it, which only the source holds.
    package = griffe.load("openai_fakes", search_paths=[str(SRC)])
    assert isinstance(package, griffe.Module)
    return package


def plugin_fixtures() -> list[str]:
    """The names of the pytest plugin's fixtures, in source order."""
    tree = ast.parse(Path(pytest_plugin.__file__).read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d).startswith("pytest.fixture") for d in node.decorator_list)
    ]


def undocumented() -> list[str]:
    """The dotted names of the public names without a docstring, sorted."""
    missing: list[str] = []
    classes: list[type] = list(REACHED_CLASSES)
    for module in PUBLIC_MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            where = f"{module.__name__}.{name}"
            if inspect.isclass(obj) or inspect.isroutine(obj):
                if not has_docstring(obj):
                    missing.append(where)
                if inspect.isclass(obj):
                    classes.append(obj)
            else:  # a constant or a type alias
                relative = where.removeprefix("openai_fakes").removeprefix(".")
                if not _static_package()[relative].docstring:
                    missing.append(where)
    missing += [f"{cls.__module__}.{cls.__qualname__}" for cls in REACHED_CLASSES if not has_docstring(cls)]
    for cls in classes:
        missing += [where for where, method in public_methods(cls) if not has_docstring(method)]
    for fixture in plugin_fixtures():
        if not has_docstring(getattr(pytest_plugin, fixture)):
            missing.append(f"{pytest_plugin.__name__}.{fixture}")
    return sorted(set(missing))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Stop the build before any page is rendered if a public name has no docstring."""
    missing = undocumented()
    if missing:
        raise PluginError(
            "public names without a docstring (the API reference would show them bare); write one for each:\n  "
            + "\n  ".join(missing)
        )
    return config
