#!/usr/bin/env bash
# What a user installs, checked: builds the sdist and the wheel (the wheel from the sdist, as an
# installer builds it), checks their metadata (twine check --strict) and contents (every tracked
# file of the package is in both), installs the wheel — not editable — into a clean virtualenv
# outside the checkout, and there runs the demo, a smoke test (every module imports, py.typed,
# the version, a chat call, a factory) and a small user suite through the pytest plugin's entry
# point. So a file missing from the package fails.
# TOOLS_PYTHON: an interpreter with build and twine (default .venv/bin/python, set up by
# scripts/test.sh with the dev extra); PYTHON: the clean virtualenv's interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="${TOOLS_PYTHON:-$ROOT/.venv/bin/python}"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "--- build (sdist, then the wheel from it)"
if ! "$TOOLS" -m build --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1; then
    cat "$WORK/build.log"; exit 1
fi
ls "$WORK/dist"
"$TOOLS" -m twine check --strict "$WORK"/dist/*
"$TOOLS" scripts/package_check/contents.py "$WORK/dist"

echo "--- install the wheel into a clean virtualenv"
"$PYTHON" -m venv "$WORK/venv"
VENV_PYTHON="$WORK/venv/bin/python"
# The SDK release the suite is tested on (docs/coverage.md), as scripts/test.sh installs it; pytest
# for the user suite. The wheel's other requirements resolve as they would for a user.
OPENAI_VERSION="${OPENAI_VERSION:-$(sed -n 's/.*over `openai` \([0-9.]*\).*/\1/p' docs/coverage.md)}"
if ! "$VENV_PYTHON" -m pip install --quiet --disable-pip-version-check "$WORK"/dist/*.whl "openai==$OPENAI_VERSION" pytest \
    >"$WORK/install.log" 2>&1; then
    cat "$WORK/install.log"; exit 1
fi
if "$VENV_PYTHON" -m pip show --files openai-fakes | grep -q "__editable__"; then
    echo "the clean virtualenv has an editable install, not the wheel" >&2; exit 1
fi

# From outside the checkout, so nothing can be imported from src/.
cp scripts/package_check/smoke.py "$WORK/"
cp -r scripts/package_check/suite "$WORK/suite"
cd "$WORK"
echo "--- python -m openai_fakes --version / demo / smoke test / a user suite, from the installed wheel"
"$VENV_PYTHON" -m openai_fakes --version
"$VENV_PYTHON" -m openai_fakes demo >demo.out
for expected in "^isinstance(fake, openai.OpenAI): True$" "NotFoundError 404" "A factory-built object"; do
    if ! grep -q "$expected" demo.out; then
        cat demo.out; echo "the demo's output lacks /$expected/" >&2; exit 1
    fi
done
echo "demo: $(wc -l <demo.out) lines, as expected"
"$VENV_PYTHON" smoke.py
"$VENV_PYTHON" -m pytest -q suite
