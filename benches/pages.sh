#!/usr/bin/env bash
# Page benchmark: serves a database filled with synthetic reports and loads each page with
# wrk at 64 connections, printing requests/s and p50/p99 per page next to /healthz (the
# machine's ceiling: no database, no template). Rerunnable; see docs/performance.md.
#
#   benches/pages.sh                         # 200 synthetic tenants × 36 months
#   TENANTS=2000 benches/pages.sh            # 10× the data
#   DATABASE_URL=postgres://… benches/pages.sh   # an existing (empty or seeded) database
#
# Settings (environment): TENANTS (200), MONTHS (36), DURATION (10s), CONNECTIONS (64),
# THREADS (2), PORT (3900), PILAR (a prebuilt binary; default: build this checkout), SEED (1; 0 to serve an already seeded DATABASE_URL as it is),
# UNCACHED_LOAD (1; 0 skips the load run without the page cache, keeping its single requests). Without DATABASE_URL the script runs its own private PostgreSQL
# cluster in a temporary directory, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS="${TENANTS:-200}"
MONTHS="${MONTHS:-36}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-3900}"
BASE="http://127.0.0.1:${PORT}"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk" >&2
    exit 1
  fi
fi

# PILAR names a prebuilt binary (e.g. an older commit's, to compare two in one session).
if [ -z "${PILAR:-}" ]; then
  cargo build --release --quiet --bin pilar
  PILAR="$PWD/target/release/pilar"
fi

WORK="$(mktemp -d)"
# The cluster runs as the unprivileged postgres user when we are root: it must reach the dir.
chmod 755 "$WORK"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  export PILAR_DATA_DIR="$WORK/data"
fi
export PILAR_LISTEN="127.0.0.1:${PORT}"
export PILAR_LOG="${PILAR_LOG:-warn}"

if [ "${SEED:-1}" = 1 ]; then
  echo "== seeding: ${TENANTS} synthetic tenants × ${MONTHS} months"
  "$PILAR" seed --synthetic --tenants "$TENANTS" --months "$MONTHS"
fi

start_server() {
  "$PILAR" "$@" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fsS "$BASE/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }
}
stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Signs in through the form and prints the Cookie header of the session.
session_cookie() {
  local jar="$WORK/$1.jar" token
  rm -f "$jar"
  token="$(curl -fsS -c "$jar" -b "$jar" "$BASE/login" |
    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" \
    --data-urlencode "csrf_token=$token" "$BASE/login"
  awk 'BEGIN { ORS = "" } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }
       /^#HttpOnly_/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

# Every page must answer 200 for the signed-in user before it is measured.
check() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $2" "$BASE$1")"
  [ "$code" = 200 ] || { echo "$1 answers $code" >&2; exit 1; }
}

# errors: non-2xx/3xx answers plus timeouts.
run() {
  local path="$1" cookie="$2" out bytes
  check "$path" "$cookie"
  bytes="$(curl -sS -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$BASE$path")"
  # A 30 s timeout, so that slow pages show their real p99 instead of wrk's 2 s cut-off.
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency \
    -H "Cookie: $cookie" "$BASE$path" 2>/dev/null || true)"
  printf '%-34s %12s %10s %10s %8s %10s\n' "$path" \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx/ { n += $5 } /Socket errors/ { n += $10 } END { print n + 0 }' <<<"$out")" \
    "$bytes"
}

# One request at a time: what a reader waits for when the page computes its facts.
single() {
  local path="$1" cookie="$2" times
  check "$path" "$cookie"
  times="$(for _ in 1 2 3; do
    curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$BASE$path"
  done | sort -n | sed -n 2p)"
  printf '%-34s %10.1f ms\n' "$path" "$(awk -v t="$times" 'BEGIN { print t * 1000 }')"
}

PAGES=(/ /pillars/CE /indicators/CE-01 /stakeholders /stakeholders/DEMO-RKEF-A /timeline
  "/reporting?pillar=CE")

measure_all() {
  local viewer tenant
  viewer="$(session_cookie viewer@demo.pilar demo-viewer-pass)"
  tenant="$(session_cookie tenant@demo.pilar demo-tenant-pass)"
  # Signing in hashes a password (Argon2, on purpose slow): let it finish before measuring.
  sleep 2
  printf '\n%-34s %12s %10s %10s %8s %10s\n' page "requests/s" p50 p99 errors bytes
  run /healthz ""
  for page in "${PAGES[@]}"; do run "$page" "$viewer"; done
  run /my "$tenant"
}

echo
echo "== steady state: facts kept in the page cache until the data changes (the default)"
start_server
measure_all
stop_server

echo
echo "== every request computes its facts (--no-page-cache): the cost after each change"
start_server --no-page-cache
VIEWER="$(session_cookie viewer@demo.pilar demo-viewer-pass)"
TENANT="$(session_cookie tenant@demo.pilar demo-tenant-pass)"
printf '\n%-34s %13s\n' page "one request"
for page in "${PAGES[@]}"; do single "$page" "$VIEWER"; done
single /my "$TENANT"
if [ "${UNCACHED_LOAD:-1}" = 1 ]; then
  measure_all
fi
stop_server
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; ${TENANTS} tenants × ${MONTHS} months"
