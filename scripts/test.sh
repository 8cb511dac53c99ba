#!/usr/bin/env bash
# Sets up a virtualenv (.venv) with openai-fakes and its dev tools, then runs the whole suite:
# pytest (conformance walk, behaviour, docs examples) and mypy --strict on src/ and tests/typing/.
# OPENAI_VERSION=x.y.z pins the SDK version under test; PYTHON picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)
"${PIP[@]}" -e ".[dev]"
if [ -n "${OPENAI_VERSION:-}" ]; then
    "${PIP[@]}" "openai==${OPENAI_VERSION}"
fi
# The framework tests (tests/frameworks) need the frameworks; FRAMEWORKS=0 leaves them out.
EXTRA_ARGS=()
if [ "${FRAMEWORKS:-1}" = "1" ]; then
    "${PIP[@]}" -r tests/frameworks/requirements.txt
    "${PIP[@]}" --no-deps "instructor==1.17.0"
else
    EXTRA_ARGS+=(--ignore=tests/frameworks)
fi
"$VENV/bin/python" -c "import openai, sys; print(f'openai {openai.__version__} on Python {sys.version.split()[0]}')"
"$VENV/bin/python" -m mypy --strict src tests/typing
exec "$VENV/bin/python" -m pytest "${EXTRA_ARGS[@]}" "$@"
