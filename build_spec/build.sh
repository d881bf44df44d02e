#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/policydesk/{policydesk-gui,policydesk,_internal/}.
#
#   bash build_spec/build.sh            # sets up .venv from requirements.lock (scripts/setup.sh), adds PyInstaller
#   PYTHON=/path/to/python bash build_spec/build.sh   # a Python you prepared yourself (installs nothing but PyInstaller)
#
# Work files go to build/pyinstaller/, the bundle to dist/policydesk/ (replaced), a tarball to
# dist/policydesk-<version>-linux-<arch>.tar.gz.  Runs niced: it takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    bash scripts/setup.sh                # the locked versions the tests ran with go into the bundle
    PYTHON=.venv/bin/python
fi
if [ ! -x "$PYTHON" ]; then
    echo "no Python at $PYTHON" >&2
    exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    # constrained by the lock, so installing PyInstaller cannot move a locked dependency
    mkdir -p build
    grep -v -- "--hash" requirements.lock | sed 's/ \\$//' > build/lock-constraints.txt
    "$PYTHON" -m pip install -q -c build/lock-constraints.txt "pyinstaller>=6.5"
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
