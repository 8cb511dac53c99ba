#!/usr/bin/env bash
# Builds the documentation site (mkdocs.yml) strictly and offline: a broken link, a missing anchor,
# a page left out of the navigation, a reference entry that cannot be rendered or a public name
# without a docstring (scripts/docs_hooks.py) fails the build.
#   bash scripts/docs.sh            # build into site/ (SITE_DIR=... picks another directory)
#   bash scripts/docs.sh serve      # serve it at http://127.0.0.1:8000, rebuilt on every edit
# Creates .venv if needed and installs the docs extra into it when mkdocs-material or
# mkdocstrings is missing. PYTHON picks the interpreter, VENV the virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
if ! "$VENV/bin/python" -c "import material, mkdocstrings_handlers.python, openai_fakes" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[docs]"
fi
# mkdocs-material prints a banner about its successor on every run; it is not a build warning.
export NO_MKDOCS_2_WARNING=1
if [ "${1:-build}" = "serve" ]; then
    shift
    exec "$VENV/bin/python" -m mkdocs serve --strict "$@"
fi
[ "${1:-}" = "build" ] && shift
exec "$VENV/bin/python" -m mkdocs build --strict --site-dir "${SITE_DIR:-site}" "$@"
