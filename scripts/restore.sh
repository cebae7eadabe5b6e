#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the database of DATABASE_URL, created
# when missing. It refuses a database that already has tables: to replace one, stop
# the portal, drop or rename that database, then restore (docs/operations.md).
#   DATABASE_URL=postgres://.../egov_restored scripts/restore.sh <file>
set -euo pipefail
file=${1:?Usage: DATABASE_URL=... scripts/restore.sh <dump file>}
: "${DATABASE_URL:?Set DATABASE_URL to the database to restore into.}"
[ -r "$file" ] || { echo "Cannot read $file." >&2; exit 1; }

name=${DATABASE_URL##*/}
name=${name%%\?*}
if [[ ! $name =~ ^[A-Za-z0-9_]+$ ]]; then
  echo "Unexpected database name in DATABASE_URL: $name" >&2
  exit 1
fi
server=${DATABASE_URL%/*}/postgres
if [ -z "$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
  psql "$server" -qc "CREATE DATABASE \"$name\""
fi
tables=$(psql "$DATABASE_URL" -tAc \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "Database $name already has $tables tables; restore into an empty one." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$file"
echo "Restored $file into $name."
