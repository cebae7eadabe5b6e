#!/usr/bin/env bash
# Dump the portal's PostgreSQL database into one compressed file (pg_dump's custom
# format), written under a temporary name and renamed when complete.
#   DATABASE_URL=postgres://... scripts/backup.sh [file]
# The default file is var/backups/egov-<UTC time>.dump. Uploaded files (MEDIA_ROOT)
# are copied separately: docs/operations.md.
set -euo pipefail
: "${DATABASE_URL:?Set DATABASE_URL to the database to back up.}"

file=${1:-var/backups/egov-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$file")"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
echo "$file"
