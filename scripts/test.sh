#!/usr/bin/env bash
# Set up (if needed), run the static checks (scripts/lint.sh: ruff, mypy, layering), then the whole test suite,
# headless.  Arguments go to pytest.  POLICYDESK_NO_LINT=1 skips the checks for a quick local run (CI never does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ "${POLICYDESK_NO_LINT:-}" = "1" ] || bash scripts/lint.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
