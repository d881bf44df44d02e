#!/usr/bin/env bash
# Set up policydesk on a fresh Debian/Ubuntu machine: system packages (as root), a venv in .venv, the package.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PKGS="fonts-noto-cjk libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 \
libxcb-xinerama0 libxcb-xkb1 libglib2.0-0"
missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "缺少系统软件包（需要 root 安装）/ missing system packages:$missing" >&2
  fi
fi
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# Python packages: exactly the versions (and hashes) of requirements.lock — runtime, test and lint tools — then
# policydesk itself, editable, without touching those pins.  Re-run only when the lock or pyproject.toml changed
# (or the venv lost something), so a second run takes a second.
STAMP=.venv/.installed
if [ ! -f "$STAMP" ] || [ requirements.lock -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] \
   || ! .venv/bin/python -c "import policydesk, pytest, pytestqt, ruff, mypy" >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q --require-hashes -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  touch "$STAMP"
fi
