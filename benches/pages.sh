#!/usr/bin/env bash
# Page benchmark: serves a database filled with synthetic reports and loads each page with
# wrk at 64 connections, printing requests/s and p50/p99 per page, each as a share of a
# reference app measured in the same run (the machine's load cancels in the ratio), then the
# first request of each page after a change while a writer approves reports. Rerunnable; see
# docs/performance.md.
#
#   benches/pages.sh                         # 200 synthetic tenants × 36 months
#   TENANTS=2000 benches/pages.sh            # 10× the data
#   DATABASE_URL=postgres://… benches/pages.sh   # an existing (empty or seeded) database
#
# The reference (benches/reference, a workspace member built with the same axum, sqlx, askama
# and mimalloc) serves a plain handler and a TechEmpower-style fortunes page (one query of 13
# rows of its own table in the same PostgreSQL, rendered by askama); it is measured first and
# last, and each Pilar figure is printed as a share of the mean: /healthz of the plain handler,
# pages and API reads of fortunes.
#
# Settings (environment): TENANTS (200), MONTHS (36), DURATION (10s), CONNECTIONS (64),
# THREADS (2), PORT (3900; the reference takes PORT+90), PILAR and REFERENCE (prebuilt
# binaries; default: build this checkout), SEED (1; 0 to serve an already seeded DATABASE_URL
# as it is), UNCACHED_LOAD (1; 0 skips the load run without the page cache, keeping its single
# requests), AFTER_CHANGE (1; 0 skips the first requests under writes), SAMPLES (10 loads per
# page after a change). Without DATABASE_URL the script runs its own private PostgreSQL
# cluster in a temporary directory, removed at exit.
#
# SIZES="2000 20000" runs the whole benchmark once per number of tenants, one after the other
# with the same binaries, and then prints one table of both (requests/s, p99, one uncached
# request, the first request after a change, the load time). DATABASE_URL_<n> (e.g.
# DATABASE_URL_20000) names an already seeded database for a size, DATA_DIR_<n> an already
# seeded private cluster's directory; either is served as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${SIZES:-}" ]; then
  if [ -z "${PILAR:-}" ] || [ -z "${REFERENCE:-}" ]; then
    cargo build --release --quiet -p pilar -p bench-reference --bins
  fi
  export PILAR="${PILAR:-${CARGO_TARGET_DIR:-$PWD/target}/release/pilar}"
  export REFERENCE="${REFERENCE:-${CARGO_TARGET_DIR:-$PWD/target}/release/bench_reference}"
  RESULTS="$(mktemp -d)"
  for n in $SIZES; do
    dir_var="DATA_DIR_$n"
    url_var="DATABASE_URL_$n"
    if [ -n "${!url_var:-}" ]; then
      SIZES="" TENANTS="$n" DATABASE_URL="${!url_var}" SEED=0 "$0" | tee "$RESULTS/$n.log"
    elif [ -n "${!dir_var:-}" ]; then
      SIZES="" TENANTS="$n" DATA_DIR="${!dir_var}" SEED=0 "$0" | tee "$RESULTS/$n.log"
    else
      SIZES="" TENANTS="$n" "$0" | tee "$RESULTS/$n.log"
    fi
  done
  python3 benches/sizes_table.py "$RESULTS" $SIZES
  rm -rf "$RESULTS"
  exit 0
fi

TENANTS="${TENANTS:-200}"
MONTHS="${MONTHS:-36}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-3900}"
BASE="http://127.0.0.1:${PORT}"
REFERENCE_BASE="http://127.0.0.1:$((PORT + 90))"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk" >&2
    exit 1
  fi
fi

# PILAR names a prebuilt binary (e.g. an older commit's, to compare two in one session);
# REFERENCE the reference's. Built in one command, so that the two share every dependency's
# build (the same features).
if [ -z "${PILAR:-}" ] || [ -z "${REFERENCE:-}" ]; then
  cargo build --release --quiet -p pilar -p bench-reference --bins
fi
PILAR="${PILAR:-${CARGO_TARGET_DIR:-$PWD/target}/release/pilar}"
REFERENCE="${REFERENCE:-${CARGO_TARGET_DIR:-$PWD/target}/release/bench_reference}"

WORK="$(mktemp -d)"
# The cluster runs as the unprivileged postgres user when we are root: it must reach the dir.
chmod 755 "$WORK"
SERVER_PID=""
REFERENCE_PID=""
cleanup() {
  if [ -n "$REFERENCE_PID" ]; then
    kill -TERM "$REFERENCE_PID" 2>/dev/null || true
    wait "$REFERENCE_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DATA_DIR="${DATA_DIR:-$WORK/data}"
if [ -z "${DATABASE_URL:-}" ]; then
  export PILAR_DATA_DIR="$DATA_DIR"
fi
export PILAR_LISTEN="127.0.0.1:${PORT}"
export PILAR_LOG="${PILAR_LOG:-warn}"
# One token reads the API at full speed: its request budget is not under test.
export PILAR_API_RATE_LIMIT="${PILAR_API_RATE_LIMIT:-100000000}"
# The reference reads the same PostgreSQL: the private cluster's socket, or DATABASE_URL.
REFERENCE_DATABASE_URL="${DATABASE_URL:-postgres://pilar@localhost/pilar?host=$DATA_DIR/run&port=5432}"

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
  # The server's peak resident memory over the phase (the issue's bound: 150 MB).
  echo "pilar's peak memory (VmHWM) in this phase: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo unknown)"
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

start_reference() {
  DATABASE_URL="$REFERENCE_DATABASE_URL" LISTEN="127.0.0.1:$((PORT + 90))" \
    POOL="${PILAR_DB_MAX_CONNECTIONS:-16}" "$REFERENCE" >"$WORK/reference.log" 2>&1 &
  REFERENCE_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "$REFERENCE_BASE/plaintext" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fsS "$REFERENCE_BASE/fortunes" >/dev/null || { cat "$WORK/reference.log"; exit 1; }
}
stop_reference() {
  kill -TERM "$REFERENCE_PID" 2>/dev/null || true
  wait "$REFERENCE_PID" 2>/dev/null || true
  REFERENCE_PID=""
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

# Every address must answer 200 before it is measured. $2: the header to send (a Cookie or an
# Authorization header), or empty; $3: a second one (Accept-Encoding), or none.
check() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' ${2:+-H "$2"} ${3:+-H "$3"} "$1")"
  [ "$code" = 200 ] || { echo "$1 answers $code" >&2; exit 1; }
}

# Requests/s of each measured label, for the shares.
declare -A RPS

# errors: non-2xx/3xx answers plus timeouts. $1: label, $2: full URL, $3: header or empty,
# $4: a second header (Accept-Encoding) or none. bytes: one answer's body as sent (compressed
# when it was: curl does not decode without --compressed).
load() {
  local label="$1" url="$2" header="$3" second="${4:-}" out bytes rps
  check "$url" "$header" "$second"
  bytes="$(curl -sS -o /dev/null -w '%{size_download}' ${header:+-H "$header"} ${second:+-H "$second"} "$url")"
  # A 30 s timeout, so that slow pages show their real p99 instead of wrk's 2 s cut-off.
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency \
    ${header:+-H "$header"} ${second:+-H "$second"} "$url" 2>/dev/null || true)"
  rps="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
  RPS["$label"]="$rps"
  printf '%-38s %12s %10s %10s %8s %10s\n' "$label" "$rps" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx/ { n += $5 } /Socket errors/ { n += $10 } END { print n + 0 }' <<<"$out")" \
    "$bytes"
}

# A Pilar path with the cookie (or empty).
run() {
  load "$1" "$BASE$1" "${2:+Cookie: $2}"
}

# One request at a time: what a reader waits for when the page computes its facts.
single() {
  local path="$1" cookie="$2" times
  check "$BASE$path" "Cookie: $cookie"
  times="$(for _ in 1 2 3; do
    curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$BASE$path"
  done | sort -n | sed -n 2p)"
  printf '%-34s %10.1f ms\n' "$path" "$(awk -v t="$times" 'BEGIN { print t * 1000 }')"
}

PAGES=(/ /pillars/CE /indicators/CE-07 /stakeholders /stakeholders/DEMO-RKEF-A /timeline
  "/reporting?pillar=CE")

API_READS=("/api/v1/observations?limit=100" /api/v1/indicators/CE-07/series /api/v1/indicators)
# Each API read is measured twice: as HTTP libraries ask for it (`Accept-Encoding: gzip`, curl
# --compressed, requests, browsers), labelled PATH[gzip], and without the header (the answer
# as it is, what the earlier runs measured), labelled PATH.
API_GZIP=()
for path in "${API_READS[@]}"; do API_GZIP+=("$path[gzip]"); done

measure_all() {
  local viewer tenant path
  viewer="$(session_cookie viewer@demo.pilar demo-viewer-pass)"
  tenant="$(session_cookie tenant@demo.pilar demo-tenant-pass)"
  # Signing in hashes a password (Argon2, on purpose slow): let it finish before measuring.
  sleep 2
  printf '\n%-38s %12s %10s %10s %8s %10s\n' page "requests/s" p50 p99 errors bytes
  run /healthz ""
  for page in "${PAGES[@]}"; do run "$page" "$viewer"; done
  run /my "$tenant"
  for path in "${API_READS[@]}"; do
    load "$path" "$BASE$path" "Authorization: Bearer $READ_TOKEN"
    load "$path[gzip]" "$BASE$path" "Authorization: Bearer $READ_TOKEN" "Accept-Encoding: gzip"
  done
}

reference() {
  load "reference $1: plain" "$REFERENCE_BASE/plaintext" ""
  load "reference $1: fortunes" "$REFERENCE_BASE/fortunes" ""
}

# Each figure as a share of the reference's mean of its first and last run.
shares() {
  local plain fortunes label
  plain="$(awk -v a="${RPS[reference first: plain]}" -v b="${RPS[reference last: plain]}" 'BEGIN { print (a + b) / 2 }')"
  fortunes="$(awk -v a="${RPS[reference first: fortunes]}" -v b="${RPS[reference last: fortunes]}" 'BEGIN { print (a + b) / 2 }')"
  printf '\n%-38s %12s %22s\n' "share of the reference" "requests/s" "share"
  printf '%-38s %12.0f %22s\n' "reference plain (mean)" "$plain" ""
  printf '%-38s %12.0f %22s\n' "reference fortunes (mean)" "$fortunes" ""
  printf '%-38s %12s %21.1f%%\n' /healthz "${RPS[/healthz]}" \
    "$(awk -v p="${RPS[/healthz]}" -v r="$plain" 'BEGIN { print 100 * p / r }')"
  for label in "${PAGES[@]}" /my "${API_READS[@]}" "${API_GZIP[@]}"; do
    printf '%-38s %12s %21.1f%%\n' "$label" "${RPS[$label]}" \
      "$(awk -v p="${RPS[$label]}" -v r="$fortunes" 'BEGIN { print 100 * p / r }')"
  done
}

echo
echo "== steady state: facts kept in the page cache until the data changes (the default)"
start_server
READ_TOKEN="$("$PILAR" token create --org DEMO-RKEF-A --scope read --name bench-read 2>/dev/null | tail -n1)"
REVIEW_TOKEN="$("$PILAR" token create --org UNIDO --scope write --name bench-review 2>/dev/null | tail -n1)"
start_reference
printf '\n%-38s %12s %10s %10s %8s %10s\n' reference "requests/s" p50 p99 errors bytes
reference first
measure_all
printf '\n%-38s %12s %10s %10s %8s %10s\n' reference "requests/s" p50 p99 errors bytes
reference last
stop_reference
shares
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
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

if [ "${AFTER_CHANGE:-1}" = 1 ]; then
  echo
  echo "== the first request of each page after a change, while a writer approves reports (page cache on)"
  start_server
  VIEWER="$(session_cookie viewer@demo.pilar demo-viewer-pass)"
  TENANT="$(session_cookie tenant@demo.pilar demo-tenant-pass)"
  sleep 2
  BASE="$BASE" COOKIE="$VIEWER" TENANT_COOKIE="$TENANT" REVIEW_TOKEN="$REVIEW_TOKEN" \
    PAGES="${PAGES[*]} /my" SAMPLES="${SAMPLES:-10}" python3 benches/after_change.py
  stop_server
fi
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; ${TENANTS} tenants × ${MONTHS} months"
