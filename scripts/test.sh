#!/usr/bin/env bash
# Sets up a virtualenv (.venv) with openai-fakes and its dev tools, then runs the whole suite:
# ruff (lint and format), mypy --strict on src/ and tests/typing/, strict pyright on tests/typing/,
# and pytest (conformance walk, behaviour, docs examples).
# OPENAI_VERSION=x.y.z picks the SDK version under test (default: the one docs/coverage.md documents,
# so a new SDK release cannot change a run without a regenerated page); PYTHON picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)
"${PIP[@]}" -e ".[dev]"
OPENAI_VERSION="${OPENAI_VERSION:-$(sed -n 's/.*over `openai` \([0-9.]*\).*/\1/p' docs/coverage.md)}"
"${PIP[@]}" "openai==${OPENAI_VERSION}"
# The framework tests (tests/frameworks) need the frameworks; FRAMEWORKS=0 leaves them out.
EXTRA_ARGS=()
if [ "${FRAMEWORKS:-1}" = "1" ]; then
    "${PIP[@]}" -r tests/frameworks/requirements.txt
    "${PIP[@]}" --no-deps "instructor==1.17.0"
else
    EXTRA_ARGS+=(--ignore=tests/frameworks)
fi
# The docs site is built by one interpreter, and its tools need Python 3.11 (pyproject's dev extra):
# the 3.10 leg tests the library, not the site.
if ! "$VENV/bin/python" -c "import sys; sys.exit(sys.version_info < (3, 11))"; then
    EXTRA_ARGS+=(--ignore=tests/test_docs_site.py)
fi
# The official openai npm package for tests/serve/test_js_client.py, into tests/serve/js/node_modules
# (ignored by git), pinned by its package-lock.json. Without npm the test skips and says so.
# NPM_CI=0 reuses what is there: .ci/run's side legs run at once, after the default leg installed
# it, and two `npm ci` in one directory delete each other's files.
if [ "${NPM_CI:-1}" = "1" ] && command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/serve/js --no-audit --no-fund --silent
fi
"$VENV/bin/python" -c "import openai, sys; print(f'openai {openai.__version__} on Python {sys.version.split()[0]}')"
"$VENV/bin/python" -m ruff check src tests benchmarks
"$VENV/bin/python" -m ruff format --check src tests benchmarks
"$VENV/bin/python" -m mypy --strict src tests/typing
# Strict pyright over tests/typing ([tool.pyright]), on this virtualenv's packages. Offline: the
# wheel bundles pyright and a Node.js binary; the variable stops its check for a newer release.
PYRIGHT_PYTHON_IGNORE_WARNINGS=1 "$VENV/bin/pyright" --pythonpath "$VENV/bin/python"
# The suite runs on every core (pytest-xdist; each worker its own fakes, as tests/packaging/
# test_xdist.py shows); PYTEST_WORKERS=0 runs it in one process (CI's side-by-side legs do).
exec "$VENV/bin/python" -m pytest -n "${PYTEST_WORKERS:-auto}" "${EXTRA_ARGS[@]}" "$@"
