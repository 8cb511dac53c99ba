"""The server sits on top of what it calls (docs/how-it-works.md, One way down): nothing the server
imports, directly or through others, imports the server back, not even under TYPE_CHECKING or
inside a function. Handlers see it only through `openai_fakes._control.context`'s protocols. And the
package is layered (docs/how-it-works.md, Layers): each layer imports only the layers below it."""

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
    assert SERVER in graph["openai_fakes._client.seam"]
    assert "openai_fakes._client.realtime_socket" in graph["openai_fakes._client.seam"]
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
    assert "openai_fakes.handlers.chat.completions" in graph["openai_fakes.handlers"]
    assert "openai_fakes.handlers.vector_stores.vector_stores" in graph["openai_fakes.handlers"]
    cycles = _cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(chain) for chain in cycles)


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The check above must be able to fail: a made-up graph with one loop.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


# --- layers: each imports only from the layers below it ------------------------------------------

LAYERS = (
    "openai_fakes._core",  # exchange/reply vocabulary, errors, ids, schema checks, the SDK reader
    "openai_fakes._sim",  # what the API says, as pure functions: text, tokens, validation, reply rules
    "openai_fakes._state",  # what the fake remembers: backend, collections, lifecycles, call records
    "openai_fakes._control",  # what a test tells the fake: directives, stubs, the Context protocols
    "openai_fakes.factories",  # SDK objects built without a server (public)
    "openai_fakes.handlers",  # the endpoints, on handlers._base (router, adapter, generic/stateful answers)
    "openai_fakes._server",  # the server: routing, scripts, validation, one request at a time
    "openai_fakes._client",  # FakeOpenAI / FakeAsyncOpenAI, the seam into the SDK, realtime sockets
)
"""The layers, bottom up (docs/how-it-works.md, Layers). Anything else is the public top."""

PUBLIC = {
    "openai_fakes",
    "openai_fakes.__main__",
    "openai_fakes.pytest_plugin",
    "openai_fakes.replay",
    "openai_fakes.webhooks",
}
PUBLIC_PACKAGES = ("openai_fakes.serve",)
"""Public packages: the served fake (docs/serving.md) sits on the clients, at the top."""


def _layer(module: str) -> int:
    for index, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return index
    return len(LAYERS)


def _upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) for every import of a module in a higher layer than the importer's."""
    return sorted(
        (module, imported) for module in graph for imported in graph[module] if _layer(imported) > _layer(module)
    )


def test_each_layer_imports_only_the_layers_below_it() -> None:
    graph = _imports()
    assert all(prefix in graph for prefix in LAYERS), "a layer in LAYERS is not a package any more"
    upward = _upward_imports(graph)
    assert upward == [], "imports of a higher layer:\n" + "\n".join(f"{a} -> {b}" for a, b in upward)


def test_every_private_module_belongs_to_a_layer() -> None:
    # A new module at the top of the package would be above every layer, free to import anything.
    unplaced = sorted(
        module
        for module in _imports()
        if _layer(module) == len(LAYERS)
        and module not in PUBLIC
        and not any(module == p or module.startswith(p + ".") for p in PUBLIC_PACKAGES)
    )
    assert unplaced == []


def test_the_layer_check_finds_an_upward_import() -> None:
    # The check above must be able to fail: a made-up graph where the floor imports a handler.
    graph = {
        "openai_fakes._core.ids": {"openai_fakes.handlers.chat"},
        "openai_fakes.handlers.chat": {"openai_fakes._core.ids", "openai_fakes._sim.text"},
        "openai_fakes.replay": {"openai_fakes._client.client"},
    }
    assert _upward_imports(graph) == [("openai_fakes._core.ids", "openai_fakes.handlers.chat")]
