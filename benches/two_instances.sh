#!/usr/bin/env bash
# One instance against two, behind nginx, on one PostgreSQL (docs/scaling.md). Serves the
# demo data from a release build: instance 1 starts its private PostgreSQL cluster, instance 2
# connects to the same cluster through DATABASE_URL (as a second machine would), and nginx
# (Debian's package, run from a temporary directory on loopback) is put in front of the first
# alone, then of both. Each round loads a cached dashboard page, an uncached page (/my, the
# tenant's own), an API read and /healthz with wrk, and prints requests/s, p50, p99 and errors.
#
#   benches/two_instances.sh
#   DURATION=30s CONNECTIONS=128 benches/two_instances.sh
#
# Settings (environment): DURATION (10s), CONNECTIONS (64), THREADS (2), PORT (3950: nginx;
# the instances take the next two), POOL (16: connections per instance), API_RATE_LIMIT
# (10000000: the token's budget is not under test), PILAR (a prebuilt binary). Needs wrk and nginx (installed if missing
# and root). Do not run it on a machine others are measuring on.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-3950}"
POOL="${POOL:-16}"
PORT_A=$((PORT + 1))
PORT_B=$((PORT + 2))
FRONT="http://127.0.0.1:${PORT}"

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
    else
      echo "$tool is missing: apt-get install $tool" >&2
      exit 1
    fi
  fi
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# PILAR names a prebuilt binary; without it the release build of this checkout is used.
if [ -z "${PILAR:-}" ]; then
  cargo build --release --quiet --bin pilar
  PILAR="$PWD/target/release/pilar"
fi

WORK="$(mktemp -d)"
# The cluster runs as the unprivileged postgres user when we are root: it must reach the dir.
chmod 755 "$WORK"
PIDS=()
cleanup() {
  stop_nginx
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
NGINX_PID=""
stop_nginx() {
  if [ -n "$NGINX_PID" ]; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
  fi
}
trap cleanup EXIT

export PILAR_LOG="${PILAR_LOG:-warn}"
export PILAR_DB_MAX_CONNECTIONS="$POOL"
export PILAR_API_RATE_LIMIT="${API_RATE_LIMIT:-10000000}"
# nginx is the only client: let it name the real client (sign-in throttling is per client).
export PILAR_TRUSTED_PROXIES=127.0.0.1

wait_for() {
  for _ in $(seq 1 300); do
    curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$1 never answered" >&2
  cat "$WORK"/*.log >&2
  exit 1
}

# Instance 1 owns the private cluster (unix socket in $WORK/data/run, database "pilar").
PILAR_DATA_DIR="$WORK/data" PILAR_LISTEN="127.0.0.1:${PORT_A}" "$PILAR" serve >"$WORK/a.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:${PORT_A}"
# Instance 2 is another process on the same database, as another machine would be.
DATABASE_URL="postgres://pilar@localhost/pilar?host=$WORK/data/run&port=5432" \
  PILAR_LISTEN="127.0.0.1:${PORT_B}" "$PILAR" serve >"$WORK/b.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:${PORT_B}"

TOKEN="$(PILAR_DATA_DIR="$WORK/data" "$PILAR" token create --org DEMO-RKEF-A --scope read \
  --name "two-instance bench")"

# nginx in front of the given upstream servers (host:port …), in the foreground of a child.
start_nginx() {
  stop_nginx
  local servers="" s
  for s in "$@"; do servers+="server $s; "; done
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/client_body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream pilar { $servers keepalive 64; }
    server {
        listen 127.0.0.1:${PORT};
        location / {
            proxy_pass http://pilar;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # Workers run as nobody: never spill a large answer to a file they cannot write.
            proxy_max_temp_file_size 0;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
  NGINX_PID=$!
  wait_for "$FRONT"
}

# Signs in through the form and prints the Cookie header of the session.
session_cookie() {
  local jar="$WORK/$1.jar" token
  rm -f "$jar"
  token="$(curl -fsS -c "$jar" -b "$jar" "$FRONT/login" |
    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" \
    --data-urlencode "csrf_token=$token" "$FRONT/login"
  awk 'BEGIN { ORS = "" } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }
       /^#HttpOnly_/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

# One wrk run: path, then the header wrk sends (cookie or authorization), may be empty.
run() {
  local label="$1" path="$2" header="$3" code out
  code="$(curl -sS -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$FRONT$path")"
  [ "$code" = 200 ] || { echo "$path answers $code" >&2; exit 1; }
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency \
    ${header:+-H "$header"} "$FRONT$path" 2>/dev/null || true)"
  printf '| %-10s | %-28s | %10s | %8s | %8s | %6s |\n' "$label" "$path" \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx/ { n += $5 } /Socket errors/ { n += $10 } END { print n + 0 }' <<<"$out")"
}

round() {
  local label="$1" viewer tenant
  viewer="$(session_cookie viewer@demo.pilar demo-viewer-pass)"
  tenant="$(session_cookie tenant@demo.pilar demo-tenant-pass)"
  # Signing in hashes a password (Argon2, slow on purpose): let it finish before measuring.
  sleep 2
  run "$label" /healthz ""
  run "$label" /stakeholders/DEMO-RKEF-A "Cookie: $viewer"
  run "$label" / "Cookie: $viewer"
  run "$label" /my "Cookie: $tenant"
  run "$label" /api/v1/me "Authorization: Bearer $TOKEN"
  run "$label" "/api/v1/observations?limit=50" "Authorization: Bearer $TOKEN"
}

printf '\n| %-10s | %-28s | %10s | %8s | %8s | %6s |\n' instances path "requests/s" p50 p99 errors
printf '|%s|%s|%s|%s|%s|%s|\n' ------------ ------------------------------ ------------ ---------- ---------- --------
start_nginx "127.0.0.1:${PORT_A}"
round "one"
start_nginx "127.0.0.1:${PORT_A}" "127.0.0.1:${PORT_B}"
round "two"
stop_nginx

echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; pool ${POOL} per instance;" \
  "${CONNECTIONS} connections, ${DURATION} per row"
