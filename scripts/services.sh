#!/usr/bin/env bash
# Make PostgreSQL and Redis available for the test suite, from DATABASE_URL and
# REDIS_URL. A local server that is stopped is started; one that is missing is
# installed from apt (as root or with sudo); the database role is created.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${REDIS_URL:?REDIS_URL must be set}"

read -r db_host db_port db_user db_password db_name < <(.venv/bin/python - <<'PY'
import os
from urllib.parse import urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
print(url.hostname or "127.0.0.1", url.port or 5432, url.username or "postgres",
      url.password or "-", (url.path or "/egov").lstrip("/") or "egov")
PY
)
read -r redis_host redis_port < <(.venv/bin/python - <<'PY'
import os
from urllib.parse import urlsplit
url = urlsplit(os.environ["REDIS_URL"])
print(url.hostname or "127.0.0.1", url.port or 6379)
PY
)

give_up() {
  echo "$1" >&2
  echo "Start the servers another way, for example: docker compose up -d db redis" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

is_local() { [ "$1" = "127.0.0.1" ] || [ "$1" = "localhost" ] || [ "$1" = "::1" ]; }

listening() {
  .venv/bin/python -c "import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)" "$1" "$2" 2>/dev/null
}

wait_for() {
  for _ in $(seq 1 30); do listening "$1" "$2" && return 0; sleep 1; done
  return 1
}

ensure_postgres() {
  listening "$db_host" "$db_port" && return 0
  is_local "$db_host" || give_up "PostgreSQL at $db_host:$db_port is not reachable."
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; installing it from apt."
    scripts/apt.sh postgresql || give_up "Cannot install PostgreSQL without root or sudo."
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version."
  # apt starts the new cluster itself on a machine with systemd: pg_ctlcluster
  # then exits with 2, "Cluster is already running".
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || [ $? -eq 2 ] \
    || give_up "Cannot start PostgreSQL without root or sudo."
  wait_for "$db_host" "$db_port" || give_up "PostgreSQL did not start."
}

can_connect() {  # $1: database name
  .venv/bin/python - "$1" <<'PY' 2>/dev/null
import os, sys
from urllib.parse import urlsplit, urlunsplit
import psycopg
url = urlsplit(os.environ["DATABASE_URL"])
psycopg.connect(urlunsplit(url._replace(path="/" + sys.argv[1])), connect_timeout=5).close()
PY
}

ensure_database() {
  can_connect "$db_name" && return 0
  if ! can_connect postgres; then
    is_local "$db_host" || give_up "Cannot log in to PostgreSQL as $db_user."
    echo "Creating the PostgreSQL role $db_user."
    password_sql=""
    [ "$db_password" != "-" ] && password_sql=" PASSWORD '$db_password'"
    # From /, which the postgres user can enter (psql warns in /root otherwise).
    (cd / && as_root runuser -u postgres -- psql -qc \
      "CREATE ROLE \"$db_user\" LOGIN CREATEDB$password_sql") \
      || give_up "Cannot create the PostgreSQL role $db_user."
  fi
  echo "Creating the database $db_name."
  .venv/bin/python - "$db_name" <<'PY' || give_up "Cannot create the database $db_name."
import os, sys
from urllib.parse import urlsplit, urlunsplit
import psycopg
url = urlsplit(os.environ["DATABASE_URL"])
with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
    conn.execute(f'CREATE DATABASE "{sys.argv[1]}"')
PY
}

ensure_redis() {
  listening "$redis_host" "$redis_port" && return 0
  is_local "$redis_host" || give_up "Redis at $redis_host:$redis_port is not reachable."
  command -v redis-server >/dev/null 2>&1 || scripts/apt.sh redis-server \
    || give_up "Cannot install Redis without root or sudo."
  echo "Starting Redis."
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" \
    --appendonly no >/dev/null
  wait_for "$redis_host" "$redis_port" || give_up "Redis did not start."
}

ensure_postgres
ensure_database
ensure_redis
