#!/usr/bin/env bash
# Regenerate requirements.lock (pip-tools) after a dependency changed in pyproject.toml.  Pins already in the lock
# are kept unless they conflict; pass --upgrade (or --upgrade-package NAME) to move them.  The lock covers the
# runtime dependencies and the test and lint extras for CPython 3.11 on Linux x86-64 (CI and the Linux bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pip-compile ] || bash scripts/setup.sh
.venv/bin/pip-compile -q --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
    --extra test --extra lint -o requirements.lock "$@" pyproject.toml
