#!/usr/bin/env bash
# Create .venv and install the locked Python packages (with uv, which takes seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
# A bare Debian (a minimal install, a container image) has no Python at all.
if [ "$python" = python3 ] && ! command -v python3 >/dev/null 2>&1; then
  scripts/apt.sh python3 python3-venv
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2
  exit 1
fi
# A run interrupted while creating the venv leaves .venv/bin/python without pip:
# such a venv cannot install anything, so it is built again.
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "Rebuilding the incomplete .venv."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  # Debian keeps venv's ensurepip in python3-venv, which a bare machine lacks.
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    scripts/apt.sh python3-venv
    "$python" -m venv .venv
  fi
fi
# uv itself comes from the lock, checked against its hashes.
uv_lock=$(mktemp)
trap 'rm -f "$uv_lock"' EXIT
awk '/^uv==/ {keep = 1; print; next} keep && /^ +--hash/ {print; next} {keep = 0}' \
  requirements.lock > "$uv_lock"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  --require-hashes -r "$uv_lock"
# Exactly the locked versions, each checked against its hashes (make lock).
.venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes \
  -r requirements.lock
mkdir -p var/outbox var/media
