"""docs/pytest-plugin.md's project, run as written: its blocks titled with a file name are written
into an empty directory and pytest runs there (its ```python blocks without a title run in
tests/test_docs_examples.py, like every page's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pytest-plugin.md"
# The title is quoted, as the docs site (pymdownx.superfences) reads it: ```python title="summary.py"
_FILE_BLOCK = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```', re.MULTILINE | re.DOTALL)


def _files() -> dict[str, str]:
    return dict(_FILE_BLOCK.findall(PAGE.read_text(encoding="utf-8")))


def _test_count(files: dict[str, str]) -> int:
    return sum(
        len(re.findall(r"^(?:async )?def test_", text, re.MULTILINE))
        for name, text in files.items()
        if name.startswith("test_")
    )


def test_the_page_s_project_passes_as_written(pytester: pytest.Pytester) -> None:
    files = _files()
    assert {
        "pyproject.toml",
        "summary.py",
        "test_summary.py",
        "test_markers.py",
        "test_strict.py",
        "test_async.py",
    } <= set(files)
    for name, text in files.items():
        if name != "pyproject.toml":
            (pytester.path / name).write_text(text, encoding="utf-8")
    # What the page says the ini option is for: without it, the import-time client fails collection.
    unpatched = pytester.runpytest("-p", "no:cacheprovider")
    unpatched.assert_outcomes(errors=1)
    unpatched.stdout.fnmatch_lines(["*Missing credentials*"])

    (pytester.path / "pyproject.toml").write_text(files["pyproject.toml"], encoding="utf-8")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=_test_count(files))
