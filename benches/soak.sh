#!/usr/bin/env bash
# The mixed soak (issue 13, "A reliability suite that stays"; not run by CI): Pilar on a
# private PostgreSQL cluster with the demo data, under signed-in page views, API reads, batch
# writes with idempotency keys (some replayed) and reviews returning submitted reports, for
# DURATION. Prints the request and error counts and the server's resident memory at the start,
# every 30 s, and at the end; exits non-zero when any request failed. See docs/reliability.md.
#
#   benches/soak.sh                       # ten minutes
#   DURATION=2m benches/soak.sh
#   PILAR=target/debug/pilar benches/soak.sh
#
# Settings (environment): DURATION (10m; s, m or h), READERS (reading threads, 3), PILAR (the
# binary: target/release/pilar, built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10m}"
READERS="${READERS:-3}"
case "$DURATION" in
  *h) SECONDS_TOTAL=$(( ${DURATION%h} * 3600 )) ;;
  *m) SECONDS_TOTAL=$(( ${DURATION%m} * 60 )) ;;
  *s) SECONDS_TOTAL=${DURATION%s} ;;
  *) SECONDS_TOTAL=$DURATION ;;
esac

if [ -z "${PILAR:-}" ]; then
  cargo build --release --quiet --bin pilar
  PILAR=target/release/pilar
fi
PILAR="$(cd "$(dirname "$PILAR")" && pwd)/$(basename "$PILAR")"

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

export PILAR_DATA_DIR="$WORK/data"
export PILAR_LISTEN="127.0.0.1:0"
export PILAR_LOG="${PILAR_LOG:-warn}"
# The demo data's "today", as in the tests: periods due and not yet reported exist.
export PILAR_TODAY="${PILAR_TODAY:-2026-11-29}"
# The soak measures endurance, not the token's budget.
export PILAR_API_RATE_LIMIT=1000000
unset DATABASE_URL

"$PILAR" serve >"$WORK/stdout" 2>"$WORK/server.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 240); do
  if line="$(grep -m1 '^Pilar is running at ' "$WORK/stdout" 2>/dev/null)"; then
    BASE="${line##* }"
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
[ -n "$BASE" ] || { cat "$WORK/server.log" >&2; echo "pilar did not listen" >&2; exit 1; }
WRITE_TOKEN="$("$PILAR" token create --org DEMO-RKEF-A --scope write --name soak 2>/dev/null)"
REVIEW_TOKEN="$("$PILAR" token create --org UNIDO --scope write --name soak-review 2>/dev/null)"

echo "== soak: $DURATION against $BASE ($READERS readers, 1 writer with reviews), $(basename "$PILAR") binary"
status=0
BASE="$BASE" WRITE_TOKEN="$WRITE_TOKEN" REVIEW_TOKEN="$REVIEW_TOKEN" SERVER_PID="$SERVER_PID" \
  DURATION_SECONDS="$SECONDS_TOTAL" READERS="$READERS" python3 benches/soak.py || status=$?
errors_logged=$(grep -cE ' ERROR |"level":"ERROR"' "$WORK/server.log" || true)
echo "== server log: $errors_logged ERROR lines"
if [ "$errors_logged" -gt 0 ]; then
  grep -E ' ERROR |"level":"ERROR"' "$WORK/server.log" | head -10
  status=1
fi
exit "$status"
