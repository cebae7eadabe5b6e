#!/usr/bin/env bash
# Fetch axe-core into tests/e2e/assets/axe-core/ (not committed) from the npm
# registry, pinned by version and by the SHA-256 of axe.min.js. `make test` runs it
# when the file is missing; npm comes from apt when the machine has none.
set -euo pipefail
command -v npm >/dev/null 2>&1 || "$(dirname "$0")/apt.sh" npm
VERSION=4.14.1
SHA256=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
DEST="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e/assets/axe-core"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf "axe-core-$VERSION.tgz")
echo "$SHA256  $WORK/package/axe.min.js" | sha256sum --check --quiet
cp "$WORK/package/axe.min.js" "$WORK/package/LICENSE" "$DEST/"
echo "axe-core $VERSION in $DEST"
