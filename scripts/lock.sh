#!/usr/bin/env bash
# Lock the pinned requirements with hashes: requirements.lock (development and CI,
# from requirements-dev.txt) and requirements-runtime.lock (the image, from
# requirements.txt, with the same versions). `scripts/lock.sh --check` compiles into
# a scratch copy and fails when the committed locks differ from their inputs.
#
# Deterministic: the committed lock is the preferred solution (uv keeps its
# versions unless an input changed), the target is fixed (Python 3.11 on x86-64
# Linux, like the image) and releases after LOCK_DATE are ignored; move the date to
# take newer releases of unpinned dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK_DATE=${LOCK_DATE:-2026-12-02T08:45:00Z}
uv=$PWD/.venv/bin/uv
compile=("$uv" pip compile --quiet --generate-hashes --python-version 3.11
  --python-platform x86_64-unknown-linux-gnu --exclude-newer "$LOCK_DATE"
  --custom-compile-command "make lock")

lock_in() {
  (cd "$1" && "${compile[@]}" requirements-dev.txt -o requirements.lock \
    && "${compile[@]}" requirements.txt -c requirements.lock \
      -o requirements-runtime.lock)
}

if [ "${1:-}" != "--check" ]; then
  lock_in .
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp requirements.txt requirements-dev.txt "$scratch"/
cp requirements.lock requirements-runtime.lock "$scratch"/ 2>/dev/null || true
lock_in "$scratch"
for lock in requirements.lock requirements-runtime.lock; do
  if ! diff -u "$lock" "$scratch/$lock"; then
    echo "$lock does not match the requirements: run \`make lock\` and commit it." >&2
    exit 1
  fi
done
echo "The locks match the requirements."
