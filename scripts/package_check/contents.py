"""Checks that the built sdist and wheel hold what the checkout tracks: every file of the package in
both (the wheel is built from the sdist, as an installer builds it), the license, the pytest
entry point, and the project files in the sdist. A file left out of the package fails here even if
nothing imports it (data files, py.typed).

Usage: python contents.py DIST_DIR  (run from the repository root)
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

PACKAGE = "src/openai_fakes/"
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md")


def tracked(prefix: str) -> set[str]:
    listing = subprocess.run(["git", "ls-files", "-z", "--", prefix], capture_output=True, check=True, text=True)
    return {name for name in listing.stdout.split("\0") if name}


def main(dist: Path) -> int:
    (wheel_path,) = dist.glob("*.whl")
    (sdist_path,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel_path) as wheel:
        in_wheel = set(wheel.namelist())
        entry_points = next(
            (wheel.read(name).decode() for name in in_wheel if name.endswith(".dist-info/entry_points.txt")), ""
        )
    with tarfile.open(sdist_path) as sdist:
        # Members are "<name>-<version>/path"; drop the top folder.
        in_sdist = {member.name.split("/", 1)[1] for member in sdist.getmembers() if "/" in member.name}

    package_files = tracked(PACKAGE)
    problems = [f"wheel lacks {name}" for name in sorted(package_files) if name[len("src/") :] not in in_wheel]
    problems += [f"sdist lacks {name}" for name in sorted(package_files | set(PROJECT_FILES)) if name not in in_sdist]
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in in_wheel):
        problems.append("wheel lacks the LICENSE in its .dist-info/licenses/")
    if "openai_fakes = openai_fakes.pytest_plugin" not in entry_points:
        problems.append("wheel lacks the pytest11 entry point openai_fakes = openai_fakes.pytest_plugin")
    if not package_files:
        problems.append(f"git lists no file under {PACKAGE}: run from the repository root")
    for problem in problems:
        print(f"package contents: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"package contents: {len(in_wheel)} files in {wheel_path.name} (all {len(package_files)} tracked package "
            f"files), {len(in_sdist)} in {sdist_path.name}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
