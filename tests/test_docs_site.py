"""The documentation site (mkdocs.yml): every public name has a docstring for the API reference
to render, the reference lists every public name, and ``mkdocs build --strict`` passes offline,
while a page left out of the navigation or a broken link fails it."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

import openai_fakes.factories
from openai_fakes import pytest_plugin

ROOT = Path(__file__).resolve().parent.parent


def _load_hooks() -> ModuleType:
    # The check lives in the mkdocs hook (scripts/, not a package), so the build and this test
    # share one definition of "public".
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "scripts" / "docs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _load_hooks()

# mkdocs run with every socket refused: a build that reached for the network (web fonts, remote
# inventories, a plugin fetching assets) fails instead of depending on it.
_OFFLINE_MKDOCS = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("the docs build tried to reach the network")

socket.socket.connect = socket.socket.connect_ex = refuse
socket.getaddrinfo = socket.create_connection = refuse
from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""


def _mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            _OFFLINE_MKDOCS,
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        # mkdocs-material's banner about its successor is not a build warning.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_every_public_name_has_a_docstring() -> None:
    assert hooks.plugin_fixtures() == ["fake_openai", "fake_async_openai", "patch_openai"]
    assert hooks.undocumented() == [], "public names without a docstring, which the API reference would show bare"


def test_a_missing_docstring_is_found() -> None:
    class Documented:
        """Has one."""

        def method(self) -> None:
            """Has one too."""

    @dataclasses.dataclass
    class Bare:
        field: int

    assert hooks.has_docstring(Documented) and hooks.has_docstring(Documented.method)
    assert not hooks.has_docstring(Bare)  # the signature @dataclass fills in is not documentation
    assert not hooks.has_docstring(lambda: None)


def test_the_docs_build_stops_on_a_public_name_without_a_docstring(monkeypatch: pytest.MonkeyPatch) -> None:
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == ["scripts/docs_hooks.py"]
    monkeypatch.setattr(openai_fakes.factories.chat_chunks, "__doc__", None)
    with pytest.raises(PluginError, match=r"without a docstring[^\n]*\n  openai_fakes\.factories\.chat_chunks$"):
        hooks.on_config(config)


class _OptionRecorder:
    """Stands in for pytest's parser: records the names of the options the plugin adds."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def addini(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.names.append(name)

    def addoption(self, *flags: str, **kwargs: Any) -> None:
        self.names += flags

    def getgroup(self, name: str, *args: Any, **kwargs: Any) -> _OptionRecorder:
        return self


def test_the_plugin_reference_lists_its_fixtures_marker_and_options(pytestconfig: pytest.Config) -> None:
    page = (ROOT / "docs" / "reference" / "pytest-plugin.md").read_text(encoding="utf-8")
    recorder = _OptionRecorder()
    pytest_plugin.pytest_addoption(cast(pytest.Parser, recorder))
    markers = [line.split("(")[0] for line in pytestconfig.getini("markers") if line.startswith("openai_fakes")]
    assert markers == ["openai_fakes"]
    assert len(recorder.names) >= 4
    missing = [name for name in recorder.names if f"`{name}`" not in page]
    missing += [marker for marker in markers if f"`@pytest.mark.{marker}(" not in page]
    missing += [
        fixture for fixture in hooks.plugin_fixtures() if f"::: openai_fakes.pytest_plugin.{fixture}\n" not in page
    ]
    assert missing == [], "docs/reference/pytest-plugin.md does not list these"


def test_the_readme_says_how_to_serve_the_site() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/docs.sh serve" in readme
    script = (ROOT / "scripts" / "docs.sh").read_text(encoding="utf-8")
    assert "mkdocs serve --strict" in script and "mkdocs build --strict" in script


def _anchors(site: Path) -> set[str]:
    return {
        anchor
        for page in (site / "reference").rglob("index.html")
        for anchor in re.findall(r'id="([\w.]+)"', page.read_text(encoding="utf-8"))
    }


def test_the_site_builds_strictly_offline_with_every_public_name_in_the_reference(tmp_path: Path) -> None:
    built = _mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    anchors = _anchors(tmp_path / "site")
    expected = [f"{module.__name__}.{name}" for module in hooks.PUBLIC_MODULES for name in module.__all__]
    expected += [f"{pytest_plugin.__name__}.{fixture}" for fixture in hooks.plugin_fixtures()]
    expected += [f"{cls.__module__}.{cls.__qualname__}" for cls in hooks.REACHED_CLASSES]
    expected += [
        "openai_fakes.FakeOpenAI.stub",
        "openai_fakes.FakeOpenAI.clock",
        "openai_fakes.CallList.assert_called_with",
    ]
    assert [name for name in expected if name not in anchors] == []
    # Signatures with their types, not bare names.
    stub = (tmp_path / "site" / "reference" / "clients" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"strict.*bool.*False", re.sub(r"<[^>]+>", "", stub))
    # Offline: no web fonts or other assets a page would fetch when opened.
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in index and "fonts.gstatic.com" not in index


def test_a_page_left_out_of_nav_or_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "orphan.md").write_text("# Not in the navigation\n", encoding="utf-8")
    quickstart = docs / "quickstart.md"
    quickstart.write_text(quickstart.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    for key in ("watch", "hooks"):  # paths relative to the config, made absolute
        config[key] = [str(ROOT / path) for path in config.get(key, [])]
    for plugin in config["plugins"]:  # the same configuration, its paths made absolute
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            plugin["mkdocstrings"]["handlers"]["python"]["paths"] = [str(ROOT / "src")]
    (tmp_path / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    built = _mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert built.returncode != 0
    output = built.stdout + built.stderr
    assert "orphan.md" in output
    assert "no-such-page.md" in output
