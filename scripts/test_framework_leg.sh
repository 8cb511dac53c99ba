#!/usr/bin/env bash
# The framework leg: frameworks that build on the openai SDK (tests/framework_leg), each run against
# the fake unchanged. They pull in hundreds of MB between them (numpy, scipy, transformers' tokenizer
# libraries...), so they live in a virtualenv of their own (.venv-frameworks), apart from the
# library's own suite, and CI runs this beside its other legs.
# OPENAI_VERSION as in scripts/test.sh: the version docs/coverage.md documents, the newest supported.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv-frameworks}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
OPENAI_VERSION="${OPENAI_VERSION:-$(sed -n 's/.*over `openai` \([0-9.]*\).*/\1/p' docs/coverage.md)}"
# One resolution for everything, so pip cannot move the SDK off the version under test. The serve
# extra: the realtime agents of openai-agents reach the fake only over a served websocket.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -e ".[serve]" "openai==${OPENAI_VERSION}" -r tests/framework_leg/requirements.txt
"$VENV/bin/python" -c "import openai, sys; print(f'framework leg: openai {openai.__version__} on Python {sys.version.split()[0]}')"
# The leg's directory is collected only with this set (tests/conftest.py): a framework missing here
# fails at import instead of skipping.
OPENAI_FAKES_FRAMEWORK_LEG=1 exec "$VENV/bin/python" -m pytest -p no:cacheprovider tests/framework_leg "$@"
