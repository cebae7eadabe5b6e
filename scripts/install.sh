#!/usr/bin/env bash
# Create .venv and install the locked Python packages (with uv, which takes seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
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
