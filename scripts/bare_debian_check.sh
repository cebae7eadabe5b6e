#!/usr/bin/env bash
# Check the README's promise on a bare Debian 12: with only git and make installed,
# `make run` serves the demo and `make test` installs what it needs and runs.
#
# Without Docker, the bare machine is a debootstrap chroot (minbase: no Python, no
# certificates, nothing but apt). As root on a Debian or Ubuntu host:
#
#   scripts/bare_debian_check.sh                # the current branch, as committed
#   BRANCH=main scripts/bare_debian_check.sh    # another branch
#
# Steps, each timed:
#   1. debootstrap bookworm into $ROOT (a fresh one; debootstrap comes from apt);
#      /proc, /sys, /dev, /dev/pts mounted, resolv.conf copied, the repository's
#      git directory bound read-only at /src/repo.git.
#   2. In the chroot, as a newcomer: `apt-get update && apt-get install -y git make`,
#      `git clone -b $BRANCH`, then `make run` in the background (log:
#      $ROOT/root/run.log); from the host, curl checks that /, /thu-tuc/, /tra-cuu/
#      and /healthz answer 200 and that a demo citizen logs in; then it is stopped.
#   3. `make test PYTEST_ARGS="$TEST_ARGS"` (log: $ROOT/root/test.log); skipped with
#      TEST_ARGS=none.
#      With PRIVATE_NET=1 it runs in a network namespace of its own (unshare -n),
#      where the host's PostgreSQL and Redis are out of sight: services.sh installs,
#      starts and sets up the chroot's own, as on a machine without them. That
#      namespace has no Internet, so axe-core is fetched and the packages of
#      `make test` (APT_TEST, postgresql, redis-server) downloaded beforehand.
# At the end every process left in the chroot is stopped and everything unmounted;
# the chroot is removed unless KEEP=1.
#
# The chroot shares the host's network: port 8000 must be free. If the host already
# serves PostgreSQL or Redis on the ports of DATABASE_URL / REDIS_URL, `make test`
# uses them (scripts/services.sh only installs and starts servers it cannot reach);
# pass DATABASE_URL and REDIS_URL to keep the check off the host's own databases.
# A chroot has no systemd: apt does not start the servers it installs there, and
# services.sh starts them itself. If the host reaches the Internet through a
# TLS-inspecting proxy, SSL_CERT_FILE (its CA bundle) is copied into the chroot and
# given to pip, uv, npm and curl there.
#
# Settings: ROOT (default /var/tmp/bare-bookworm), MIRROR (default
# http://deb.debian.org/debian), BRANCH, TEST_ARGS (default "tests/core -q -x"),
# DATABASE_URL, REDIS_URL, PRIVATE_NET, KEEP, WAIT (seconds for the server,
# default 900).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${ROOT:-/var/tmp/bare-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
BRANCH=${BRANCH:-$(git -C "$here" rev-parse --abbrev-ref HEAD)}
TEST_ARGS=${TEST_ARGS:-tests/core -q -x}
WAIT=${WAIT:-900}
URL=http://127.0.0.1:8000
git_dir=$(git -C "$here" rev-parse --path-format=absolute --git-common-dir)

[ "$(id -u)" -eq 0 ] || { echo "Run as root (debootstrap and chroot need it)." >&2; exit 1; }
if [ -e "$ROOT" ] && [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
  echo "$ROOT exists and is not empty; remove it or set ROOT." >&2
  exit 1
fi
if curl -s -o /dev/null "$URL/"; then
  echo "Something already answers at $URL; stop it first." >&2
  exit 1
fi

timings=()
timed() {  # $1: label; the rest: the command
  local label=$1 start=$SECONDS status=0
  shift
  echo "== $label"
  "$@" || status=$?
  timings+=("$(printf '%-34s %4ss  exit %s' "$label" $((SECONDS - start)) "$status")")
  return "$status"
}

chroot_pids() {
  local pid
  for pid in /proc/[0-9]*; do
    [ "$(readlink "$pid/root" 2>/dev/null)" = "$ROOT" ] && echo "${pid#/proc/}"
  done
  return 0
}

stop_chroot_processes() {
  local pids
  pids=$(chroot_pids)
  [ -z "$pids" ] && return 0
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  sleep 3
  pids=$(chroot_pids)
  # shellcheck disable=SC2086
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
}

cleanup() {
  local status=$?
  stop_chroot_processes
  if mountpoint -q "$ROOT/proc" || grep -q " $ROOT/" /proc/self/mounts; then
    umount -R "$ROOT/src/repo.git" "$ROOT/dev" "$ROOT/sys" "$ROOT/proc" 2>/dev/null || true
  fi
  if grep -q " $ROOT/" /proc/self/mounts; then
    echo "Still mounted under $ROOT; not removing it." >&2
  elif [ "${KEEP:-0}" != 1 ] && [ -d "$ROOT" ]; then
    rm -rf --one-file-system "$ROOT" "$ROOT.debootstrap.log"
  fi
  echo
  echo "Timings:"
  printf '  %s\n' "${timings[@]}"
  exit "$status"
}
trap cleanup EXIT

in_chroot() {  # $1: a bash command line run as root in the chroot
  local env=(HOME=/root TERM=dumb LANG=C.UTF-8
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  if [ -f "$ROOT/root/host-ca.crt" ]; then
    local ca=/root/host-ca.crt
    env+=(SSL_CERT_FILE=$ca PIP_CERT=$ca REQUESTS_CA_BUNDLE=$ca CURL_CA_BUNDLE=$ca
      NODE_EXTRA_CA_CERTS=$ca GIT_SSL_CAINFO=$ca)
  fi
  chroot "$ROOT" /usr/bin/env -i "${env[@]}" bash -c "$1"
}

make_root() {
  command -v debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
  mkdir -p "$ROOT"
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
    || { tail -20 "$ROOT.debootstrap.log" >&2; return 1; }
  mount -t proc proc "$ROOT/proc"
  mount -t sysfs sys "$ROOT/sys"
  mount --bind /dev "$ROOT/dev"
  mount -t devpts devpts "$ROOT/dev/pts" -o newinstance,ptmxmode=0666
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mkdir -p "$ROOT/src/repo.git"
  mount --bind "$git_dir" "$ROOT/src/repo.git"
  mount -o remount,bind,ro "$ROOT/src/repo.git"
  if [ -n "${SSL_CERT_FILE:-}" ] && [ -f "$SSL_CERT_FILE" ]; then
    cp "$SSL_CERT_FILE" "$ROOT/root/host-ca.crt"
  fi
}

serve_and_check() {
  # stderr aside: bash would report the server's SIGTERM as "Terminated".
  in_chroot "cd /root/egov && exec make run >/root/run.log 2>&1" 2>/dev/null &
  local server=$! waited=0
  until curl -s -o /dev/null "$URL/healthz"; do
    if ! kill -0 "$server" 2>/dev/null; then
      echo "make run stopped:" >&2
      tail -30 "$ROOT/root/run.log" >&2
      return 1
    fi
    [ $waited -ge "$WAIT" ] && { echo "No answer after ${WAIT}s." >&2; return 1; }
    sleep 5
    waited=$((waited + 5))
  done
  local failed=0 path code jar token
  for path in / /thu-tuc/ /tra-cuu/ /healthz /dang-nhap/; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$path")
    echo "GET $path -> $code"
    [ "$code" = 200 ] || failed=1
  done
  jar=$(mktemp)
  token=$(curl -s -c "$jar" "$URL/dang-nhap/" \
    | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -n 1)
  code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    -e "$URL/dang-nhap/" --data-urlencode "csrfmiddlewaretoken=$token" \
    --data-urlencode username=068090001234 --data-urlencode 'password=MotCua@2026' \
    "$URL/dang-nhap/")
  echo "POST /dang-nhap/ as 068090001234 -> $code"
  case $code in "302 $URL/bang-dieu-khien/") ;; *) failed=1 ;; esac
  code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$URL/bang-dieu-khien/")
  echo "GET /bang-dieu-khien/ logged in -> $code"
  [ "$code" = 200 ] || failed=1
  rm -f "$jar"
  stop_chroot_processes
  wait "$server" 2>/dev/null || true
  return $failed
}

run_tests() {
  local urls=""
  [ -n "${DATABASE_URL:-}" ] && urls+=" DATABASE_URL=$DATABASE_URL"
  [ -n "${REDIS_URL:-}" ] && urls+=" REDIS_URL=$REDIS_URL"
  local command="cd /root/egov && make test PYTEST_ARGS='$TEST_ARGS'$urls >/root/test.log 2>&1"
  if [ "${PRIVATE_NET:-0}" = 1 ]; then
    in_chroot "cd /root/egov && make -s tests/e2e/assets/axe-core/axe.min.js \
      && apt-get install -y -qq --download-only --no-install-recommends \
        \$(make -s --eval='apt-test: ; @echo \$(APT_TEST)' apt-test) postgresql redis-server"
    export -f in_chroot
    export ROOT
    unshare -n bash -c 'ip link set lo up && in_chroot "$1"' - "$command" \
      || { tail -40 "$ROOT/root/test.log" >&2; return 1; }
  else
    in_chroot "$command" || { tail -40 "$ROOT/root/test.log" >&2; return 1; }
  fi
  # What services.sh did, then pytest's summary.
  grep -E '^(Installing|Starting|Creating|PostgreSQL|Redis|Cannot)' "$ROOT/root/test.log" || true
  tail -n 1 "$ROOT/root/test.log"
  stop_chroot_processes  # a Redis that services.sh started in the chroot
}

timed "debootstrap (minbase bookworm)" make_root
timed "apt-get install git make" in_chroot \
  "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git make >/dev/null"
timed "git clone $BRANCH" in_chroot "git clone -q -b '$BRANCH' /src/repo.git /root/egov"
timed "make run until it answers, checks" serve_and_check
if [ "$TEST_ARGS" != none ]; then
  timed "make test ($TEST_ARGS)" run_tests
fi
echo "The README's commands work on a bare Debian 12 ($BRANCH)."
