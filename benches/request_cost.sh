#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind: what one request costs the CPU,
# repeatable to a fraction of a percent whatever else the machine is doing (wrk's requests/s
# move with the machine's load; instruction counts do not). Use it to compare two builds:
#
#   benches/request_cost.sh                          # this checkout's release build
#   PILAR=/path/to/other/pilar benches/request_cost.sh   # another build, same paths
#   PATHS="/healthz /pillars/CE" REQUESTS=2000 benches/request_cost.sh
#   ACCEPT_ENCODING=gzip benches/request_cost.sh     # the API paths as HTTP libraries ask
#   KEEP=/tmp/profiles benches/request_cost.sh       # and keep each path's profile:
#   callgrind_annotate --inclusive=yes /tmp/profiles/_healthz.callgrind | head -60
#
# The server runs on its own private PostgreSQL cluster with the demo data, under callgrind;
# each path is first warmed up, then the counters are zeroed, REQUESTS requests are sent on
# one keep-alive connection (as its reader would send them: see `send`), and the counters
# are dumped.
# Prints, per path, the instructions per request and the bytes of one answer's body as sent. Needs valgrind, curl and python3.
# STARTUP_SECONDS (120): how long the server may take to start under callgrind (more on a
# loaded machine).
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS="${REQUESTS:-1000}"
PORT="${PORT:-3950}"
BASE="http://127.0.0.1:${PORT}"
PATHS="${PATHS:-/healthz / /pillars/CE /indicators/CE-07 /reporting?pillar=CE /api/v1/indicators /api/v1/observations?limit=100 /api/v1/indicators/CE-07/series}"

if [ -z "${PILAR:-}" ]; then
  cargo build --release --quiet --bin pilar
  PILAR="${CARGO_TARGET_DIR:-$PWD/target}/release/pilar"
fi
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }

WORK="$(mktemp -d)"
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

export PILAR_DATA_DIR="$WORK/data" PILAR_LISTEN="127.0.0.1:${PORT}" PILAR_LOG="${PILAR_LOG:-warn}"
# The read token's request budget is not under test (the API paths send over a thousand).
export PILAR_API_RATE_LIMIT="${PILAR_API_RATE_LIMIT:-100000000}"
unset DATABASE_URL
# Load the demo data outside callgrind (slow under it), then serve under it.
"$PILAR" seed --demo >/dev/null
bearer="$("$PILAR" token create --org DEMO-RKEF-A --scope read --name cost | tail -n1)"
valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.%p" --dump-instr=no \
  "$PILAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 "$((${STARTUP_SECONDS:-120} * 5))"); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# The viewer's session (pages need a reader).
jar="$WORK/jar"
token="$(curl -fsS -c "$jar" -b "$jar" "$BASE/login" |
  sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)"
curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=viewer@demo.pilar" \
  --data-urlencode "password=demo-viewer-pass" --data-urlencode "csrf_token=$token" "$BASE/login"
cookie="$(awk 'BEGIN { ORS = "" } NF >= 7 { sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")"

# What a path's reader sends: nothing for /healthz, the bearer token for the API (and
# `Accept-Encoding: $ACCEPT_ENCODING` when it is set: every HTTP library sends gzip; curl
# does not decode it here, the bytes go to /dev/null), the viewer's session cookie for pages.
reader_headers() {
  case "$1" in
    /healthz*) ;;
    /api/*)
      printf '%s\n' -H "Authorization: Bearer $bearer"
      if [ -n "${ACCEPT_ENCODING:-}" ]; then printf '%s\n' -H "Accept-Encoding: $ACCEPT_ENCODING"; fi
      ;;
    *) printf '%s\n' -H "Cookie: $cookie" ;;
  esac
}

# Sends N GETs of one path on one keep-alive connection (curl reuses it within one command),
# with what its reader would send.
send() {
  local path="$1" n="$2" args=() auth=()
  mapfile -t auth < <(reader_headers "$path")
  for _ in $(seq 1 "$n"); do args+=(-o /dev/null "$BASE$path"); done
  curl -sS "${auth[@]}" "${args[@]}"
}

printf '%-34s %14s %10s\n' path "instr/request" "bytes sent"
for path in $PATHS; do
  # Only answers of 200 are worth counting (a refusal costs far less).
  mapfile -t auth < <(reader_headers "$path")
  read -r code bytes < <(curl -sS -o /dev/null -w '%{http_code} %{size_download}\n' "${auth[@]}" "$BASE$path")
  [ "$code" = 200 ] || { echo "$path answers $code" >&2; exit 1; }
  send "$path" 50
  callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
  send "$path" "$REQUESTS"
  rm -f "$WORK"/cg.*.[0-9]*
  callgrind_control -d "$SERVER_PID" >/dev/null 2>&1
  total="$(cat "$WORK"/cg.*.[0-9]* 2>/dev/null | awk '/^summary:/ { s += $2 } /^totals:/ { t += $2 } END { print (s > 0 ? s : t) }')"
  printf '%-34s %14d %10d\n' "$path" "$((total / REQUESTS))" "$bytes"
  # KEEP=dir keeps each path's profile, for callgrind_annotate.
  if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"
    cat "$WORK"/cg.*.[0-9]* >"$KEEP/$(tr -c 'A-Za-z0-9\n' _ <<<"$path").callgrind"
  fi
done
