#!/usr/bin/env bash
# Known vulnerabilities of every locked package (pip-audit, PyPI's advisory data).
# Fails when a locked version has a known vulnerability. Packages the service could
# not answer for are listed and counted, never passed over in silence: where only
# the package index is reachable (no per-release JSON, no OSV), nothing is audited
# and the step says so.
set -euo pipefail
cd "$(dirname "$0")/.."

report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
status=0
.venv/bin/pip-audit --disable-pip --require-hashes -r requirements.lock \
  --vulnerability-service pypi --progress-spinner off -f json -o "$report" \
  2>"$errors" || status=$?
if [ ! -s "$report" ]; then
  cat "$errors" >&2
  exit 1
fi
.venv/bin/python - "$report" <<'PY'
import json
import sys

dependencies = json.load(open(sys.argv[1]))["dependencies"]
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if "skip_reason" in d]
for dependency in vulnerable:
    ids = ", ".join(v["id"] for v in dependency["vulns"])
    print(f"VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
audited = len(dependencies) - len(skipped)
print(f"pip-audit: {audited} of {len(dependencies)} packages audited, "
      f"{len(vulnerable)} with known vulnerabilities.")
if skipped:
    print(f"WARNING: {len(skipped)} packages could not be audited "
          "(the advisory service did not answer for them), e.g.:")
    for dependency in skipped[:3]:
        print(f"  {dependency['skip_reason']}")
PY
exit "$status"
