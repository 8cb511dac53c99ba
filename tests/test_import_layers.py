"""The server sits on top of what it calls (docs/how-it-works.md, One way down): nothing the server
imports, directly or through others, imports the server back, not even under TYPE_CHECKING or
inside a function. Handlers see it only through `openai_fakes._control.context`'s protocols."""

from __future__ import annotations

import ast
from pathlib import Path

import openai_fakes

SERVER = "openai_fakes._server.server"
PACKAGE_ROOT = Path(openai_fakes.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["openai_fakes", *path.relative_to(PACKAGE_ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the package -> the package's modules it imports, wherever the import is."""
    files = {_module_name(path): path for path in PACKAGE_ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                prefix = ".".join([*base, *([node.module] if node.module else [])])
                targets = [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                while target and target not in files:  # a name imported from a module: the module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _paths_back(graph: dict[str, set[str]], start: str) -> list[list[str]]:
    """Import chains from ``start`` that lead back to it."""
    found: list[list[str]] = []
    trail = {start: [start]}
    todo = [start]
    while todo:
        module = todo.pop()
        for imported in sorted(graph[module]):
            if imported == start:
                found.append([*trail[module], start])
            elif imported not in trail:
                trail[imported] = [*trail[module], imported]
                todo.append(imported)
    return found


def test_nothing_below_the_server_imports_it() -> None:
    graph = _imports()
    # The walk must see the imports that used to close the loop, or this would pass vacuously:
    # the seam imports the server under TYPE_CHECKING, and its socket module inside a function.
    assert SERVER in graph["openai_fakes._seam"]
    assert "openai_fakes._realtime_socket" in graph["openai_fakes._seam"]
    assert _paths_back(graph, SERVER) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle of the package, as one chain per module that lies on one."""
    found: list[list[str]] = []
    seen_on_a_cycle: set[str] = set()
    for module in sorted(graph):
        if module in seen_on_a_cycle:
            continue
        for chain in _paths_back(graph, module):
            found.append(chain)
            seen_on_a_cycle.update(chain)
            break
    return found


def test_the_package_has_no_import_cycle() -> None:
    graph = _imports()
    # Every handler area is imported by name (no importlib hiding one from this walk).
    assert "openai_fakes.handlers.chat" in graph["openai_fakes.handlers"]
    assert "openai_fakes.handlers.vector_stores" in graph["openai_fakes.handlers"]
    cycles = _cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(chain) for chain in cycles)


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The check above must be able to fail: a made-up graph with one loop.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
