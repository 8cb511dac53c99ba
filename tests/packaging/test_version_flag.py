"""The version is written once (``openai_fakes.__version__``) and shown by ``python -m openai_fakes --version``."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import openai
import pytest

import openai_fakes
from openai_fakes.__main__ import main

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"
EXPECTED = f"openai-fakes {openai_fakes.__version__} (openai {openai.__version__})\n"


def _project_table() -> str:
    text = PYPROJECT.read_text(encoding="utf-8")
    return text.split("\n[project]\n", 1)[1].split("\n[", 1)[0]


def test_version_flag_prints_both_versions_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == EXPECTED


def test_python_dash_m_shows_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openai_fakes", "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, EXPECTED, "")


def test_the_version_is_written_in_one_place() -> None:
    project = _project_table()
    # pyproject takes it from the package, so the two cannot disagree.
    assert re.search(r'^dynamic = \[.*"version".*\]$', project, re.M)
    assert not re.search(r"^version\s*=", project, re.M)
    assert '[tool.hatch.version]\npath = "src/openai_fakes/__init__.py"' in PYPROJECT.read_text(encoding="utf-8")
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.dev\d+)?", openai_fakes.__version__)


def test_the_installed_metadata_carries_the_same_version() -> None:
    # The build read __version__ into the distribution's metadata (scripts/test.sh reinstalls).
    assert installed_version("openai-fakes") == openai_fakes.__version__
