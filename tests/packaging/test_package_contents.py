"""scripts/package_check/contents.py, which CI runs on the built sdist and wheel, fails when a file
of the package is missing from either (checked here on made-up archives: building needs the network)."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]


def _contents_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_contents", ROOT / "scripts/package_check/contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tracked_package_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "--", "src/openai_fakes/"], cwd=ROOT, capture_output=True, text=True)
    return listing.stdout.split()


def _write_dist(dist: Path, package_files: Iterable[str], *, license_file: bool = True) -> None:
    package_files = list(package_files)
    dist.mkdir()
    with zipfile.ZipFile(dist / "openai_fakes-1.0-py3-none-any.whl", "w") as wheel:
        for name in package_files:
            wheel.writestr(name[len("src/") :], "")
        wheel.writestr(
            "openai_fakes-1.0.dist-info/entry_points.txt", "[pytest11]\nopenai_fakes = openai_fakes.pytest_plugin\n"
        )
        if license_file:
            wheel.writestr("openai_fakes-1.0.dist-info/licenses/LICENSE", "MIT")
    with tarfile.open(dist / "openai_fakes-1.0.tar.gz", "w:gz") as sdist:
        for name in [*package_files, "pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"]:
            sdist.addfile(tarfile.TarInfo(f"openai_fakes-1.0/{name}"), io.BytesIO(b""))


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the checker lists the tracked files with git, from the repository root


@pytest.mark.usefixtures("at_root")
def test_complete_archives_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _tracked_package_files()
    assert "src/openai_fakes/py.typed" in files
    _write_dist(tmp_path / "dist", files)
    assert _contents_checker().main(tmp_path / "dist") == 0
    assert f"all {len(files)} tracked package files" in capsys.readouterr().out


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("left_out", ["src/openai_fakes/py.typed", "src/openai_fakes/_sim/text.py"])
def test_a_package_file_missing_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str], left_out: str) -> None:
    _write_dist(tmp_path / "dist", [name for name in _tracked_package_files() if name != left_out])
    assert _contents_checker().main(tmp_path / "dist") == 1
    errors = capsys.readouterr().err
    assert f"wheel lacks {left_out}" in errors
    assert f"sdist lacks {left_out}" in errors


@pytest.mark.usefixtures("at_root")
def test_a_wheel_without_the_license_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_dist(tmp_path / "dist", _tracked_package_files(), license_file=False)
    assert _contents_checker().main(tmp_path / "dist") == 1
    assert "wheel lacks the LICENSE" in capsys.readouterr().err
