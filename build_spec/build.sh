#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/policydesk/{policydesk-gui,policydesk,_internal/}.
#
#   bash build_spec/build.sh            # uses .venv (installs PyInstaller into it if missing)
#   PYTHON=/path/to/python bash build_spec/build.sh
#
# Work files go to build/pyinstaller/, the bundle to dist/policydesk/ (replaced), a tarball to
# dist/policydesk-<version>-linux-<arch>.tar.gz.  Runs niced: it takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PYTHON" ]; then
    echo "no Python at $PYTHON: run scripts/run_sample.sh (or create .venv with 'pip install -e .[build]') first" >&2
    exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    "$PYTHON" -m pip install -q "pyinstaller>=6.5"
fi
nice -n 10 "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist build_spec/policydesk.spec
BUNDLE=dist/policydesk
VERSION="$("$BUNDLE/policydesk" --version | awk '{print $2}')"
echo "built $BUNDLE ($VERSION): $(du -sh "$BUNDLE" | cut -f1)"
if [ "${POLICYDESK_NO_TARBALL:-}" != "1" ]; then
    TARBALL="dist/policydesk-$VERSION-linux-$(uname -m).tar.gz"
    nice -n 10 tar -C dist -czf "$TARBALL" policydesk
    echo "archive $TARBALL: $(du -sh "$TARBALL" | cut -f1)"
fi
