#!/usr/bin/env bash
# Accepted SMS per second and mean latency of one Ringway server by number of concurrent clients (ab -k).
#   bench/clients.sh [REQUESTS=40000] [CLIENTS="1 5 10 20 40 80"]
# One server on a fresh data directory (default configuration: SQLite, fsync per commit, sandbox carrier), warmed with
# one run at 20 clients first. Same URL as shared/bench/compare.sh accept, so the reload lock is turned off.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-40000}; CLIENTS=${2:-"1 5 10 20 40 80"}; PORT=${PORT:-18079}
command -v ab >/dev/null || { echo "needs ab (apt-get install apache2-utils)"; exit 2; }
DATA=$(mktemp -d /tmp/ringway-clients.XXXXXX); PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
cd "$ROOT"
export RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false
./ringway serve --port "$PORT" --data "$DATA/data" >"$DATA/server.log" 2>&1 & PID=$!
for i in $(seq 1 480); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/balance" && break; sleep 0.25; done
KEY=$(./ringway keys create --data "$DATA/data" --balance 1000000 --json 2>/dev/null | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
URL="http://127.0.0.1:$PORT/api/sms?p=$KEY&from=12345&to=4915112345678&text=load+test+message"
ab -q -k -n "$N" -c 20 "$URL" >/dev/null
printf '%8s %12s %14s\n' clients accepted/s mean_latency_ms
for c in $CLIENTS; do
  ab -q -k -n "$N" -c "$c" "$URL" | awk -v c="$c" '
    /Requests per second/ {r=$4}
    /Time per request/ && /\(mean\)/ {l=$4}
    END {printf "%8d %12.0f %14.3f\n", c, r, l}'
done
