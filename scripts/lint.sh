#!/usr/bin/env bash
# The static checks CI runs before the tests (and the pre-commit hooks run on each commit), ~10 s warm:
#   ruff   — pyflakes, pycodestyle and bugbear rules ([tool.ruff] in pyproject.toml) on src, tests and bench
#   mypy   — the core packages (everything but gui/), zero errors ([tool.mypy] in pyproject.toml)
#   layers — tests/test_architecture.py: only gui/ imports Qt, readers/analysis/compare/draft stay in their layers
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/ruff ] || bash scripts/setup.sh
echo "lint: ruff" >&2
.venv/bin/ruff check --quiet src tests bench
echo "lint: mypy (core)" >&2
.venv/bin/mypy --no-error-summary src/policydesk
echo "lint: layering" >&2
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_architecture.py >/dev/null \
  || { QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_architecture.py; exit 1; }
