#!/usr/bin/env bash
# Paired A/B of two Ringway builds or JVM option sets: both servers run at once (fresh data directories, warmed with
# one run each), and `ab -k -n N -c 20` runs alternate between them, A B, B A, ... so both see the same moments of
# this VM's noise. Prints both series and the mean of the per-round ratios B/A with its standard error.
#   bench/pair.sh [ROUNDS=10] [N=30000]
#   env: C  clients (default 20), A_HOME / B_HOME  checkouts to run (default: this one), A_OPTS / B_OPTS  extra JVM options (RINGWAY_JAVA_OPTS)
# A difference smaller than about two standard errors is noise; single compare.sh runs move by ±10 % here.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-10}; N=${2:-30000}
command -v ab >/dev/null || { echo "needs ab (apt-get install apache2-utils)"; exit 2; }
W=$(mktemp -d /tmp/ringway-pair.XXXXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
export RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false

start() {  # name home opts port
  local name=$1 home=$2 opts=$3 port=$4 key
  (cd "$home" && RINGWAY_JAVA_OPTS="$opts" exec ./ringway serve --port "$port" --data "$W/$name") >"$W/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 480); do curl -s -o /dev/null "http://127.0.0.1:$port/api/balance" && break; sleep 0.25; done
  key=$(cd "$home" && ./ringway keys create --data "$W/$name" --balance 1000000 --json 2>/dev/null \
        | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
  echo "http://127.0.0.1:$port/api/sms?p=$key&from=12345&to=4915112345678&text=load+test+message" >"$W/$name.url"
}
start A "${A_HOME:-$ROOT}" "${A_OPTS:-}" 18181
start B "${B_HOME:-$ROOT}" "${B_OPTS:-}" 18182
for s in A B; do ab -q -k -n "$N" -c "${C:-20}" "$(cat "$W/$s.url")" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for s in $order; do
    echo "$s $(ab -q -k -n "$N" -c "${C:-20}" "$(cat "$W/$s.url")" | awk '/Requests per second/{print int($4)}')"
  done
done >"$W/runs"
python3 - "$W/runs" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
a = [int(r[1]) for r in rows if r[0] == 'A']; b = [int(r[1]) for r in rows if r[0] == 'B']
d = [y / x - 1 for x, y in zip(a, b)]
print("A:", *a); print("B:", *b)
print(f"median A {st.median(a):.0f}/s, B {st.median(b):.0f}/s; B/A {100 * st.mean(d):+.1f} % ± {100 * st.stdev(d) / len(d) ** 0.5:.1f} % (s.e.)")
PY
