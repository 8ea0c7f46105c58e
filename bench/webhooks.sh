#!/usr/bin/env bash
# DLR webhooks delivered per second to a local receiver (bench/dlr-receiver.js, node), everything on 127.0.0.1.
#   bench/webhooks.sh [N=20000] [CONCURRENCY=20] [ROUNDS=3] [METHOD=JSON]
# Ringway: one account subscribed to dlr events with METHOD (JSON, POST or GET); `ab -k -n N -c C` sends N SMS to the
# sandbox carrier, which reports TRANSMITTED at once and DELIVERED 100 ms later: 2N events, each committed to the
# outbox in the transaction of its status change before it is sent. events_per_s = 2N / (last event received − start
# of the load). lag = receipt at the receiver − the status change's own timestamp. ringway_cpu_ms_per_1k_events: the
# server's CPU time (user + system) over the measured run per 1000 events delivered (accepting their messages included),
# steadier than the rate on a shared 2-core machine.
# Prints one line per round:  ringway webhooks events_per_s=… accepted_per_s=… lag_p50_ms=… lag_p99_ms=… unique=…
set -u
N=${1:-20000}; C=${2:-20}; ROUNDS=${3:-3}; METHOD=${4:-JSON}; WARMUP=${WARMUP:-60000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
need_apt ab apache2-utils || { echo "cannot install ab"; exit 2; }
need_apt node nodejs || { echo "cannot install node"; exit 2; }
PORT=18077; RPORT=18099

. "$ROOT/bench/rounds.sh"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # user + system CPU of a process

round() {
  local KEY URL T0 T1 BASE
  W=$(mktemp -d /tmp/hooks-bench.XXXXXX)
  wait_quiet 120
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/" || curl -s -o /dev/null "http://127.0.0.1:$RPORT/"; then
    echo "port $PORT or $RPORT is in use (another gateway or receiver still running?)"; return 2
  fi
  (STATS=$W/recv.json PORT=$RPORT exec node "$ROOT/bench/dlr-receiver.js") >"$W/recv.out" 2>&1 & PIDS+=($!)
  (cd "$ROOT" && RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true RINGWAY_TIMEZONE=UTC RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false \
     RINGWAY_SANDBOX_RECEIPT_DELAY_MS=100 exec ./ringway serve --port $PORT --data "$W/data") >"$W/ringway.out" 2>&1 & PIDS+=($!)
  wait_http "http://127.0.0.1:$PORT/api/balance" 120 || { echo "ringway did not start"; tail -5 "$W/ringway.out"; return 2; }
  KEY=$(cd "$ROOT" && RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false ./ringway keys create --data "$W/data" --balance 1000000 --json 2>/dev/null \
        | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])') || { echo "keys create failed"; return 2; }
  curl -s -H "X-Api-Key: $KEY" --data-urlencode "target_url=http://127.0.0.1:$RPORT/dlr" \
       -d "action=subscribe&event_type=dlr&request_method=$METHOD" "http://127.0.0.1:$PORT/api/hooks" | grep -q '"success":true' \
       || { echo "subscribing failed"; return 2; }
  URL="http://127.0.0.1:$PORT/api/sms?p=$KEY&from=12345&to=4915112345678&text=load+test+message"
  case "$(curl -s "$URL")" in 100*) ;; *) echo "ringway refused the request: $(curl -s "$URL")"; return 2;; esac
  # warm-up (counted nowhere): WARMUP messages, twice as many events, so the JIT has compiled the delivery path too
  ab -q -k -n "$WARMUP" -c "$C" "$URL" >/dev/null 2>&1
  for i in $(seq 1 960); do [ "$(received)" -ge $((2 * WARMUP)) ] && break; sleep 0.25; done
  sleep 2
  BASE=$(received)
  JPID=$(pgrep -f "ringway.jar serve --port $PORT" | head -1)
  CPU0=$(cpu_ticks "$JPID")
  T0=$(date +%s%3N)
  timeout 300 ab -q -k -n "$N" -c "$C" "$URL" >"$W/ab.out" 2>&1
  T1=$(date +%s%3N)
  for i in $(seq 1 1200); do [ "$(received)" -ge $((BASE + 2 * N)) ] && break; sleep 0.25; done
  CPU1=$(cpu_ticks "$JPID")
  sleep 1 # duplicates, if any, would come now
  kill -TERM "${PIDS[0]}"; for i in $(seq 1 40); do grep -q '"final"' "$W/recv.json" 2>/dev/null && break; sleep 0.25; done
  python3 - "$W/recv.json" "$BASE" "$N" "$T0" "$T1" "$METHOD" "$((CPU1 - CPU0))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); base, n, t0, t1 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
got = s["received"] - base
span = max(s["last_ms"] - t0, 1)
print(f"ringway webhooks method={sys.argv[6]} events={got}/{2*n} events_per_s={got*1000/span:.0f} accepted_per_s={n*1000/max(t1-t0,1):.0f} "
      f"lag_p50_ms={s['lag_p50_ms']:.0f} lag_p99_ms={s['lag_p99_ms']:.0f} lag_max_ms={s['lag_max_ms']:.0f} "
      f"unique={s['unique']} received_total={s['received']} ringway_cpu_ms_per_1k_events={int(sys.argv[7])*1000/int(sys.argv[8])/max(got,1)*1000:.0f}")
PY
}

for r in $(seq 1 "$ROUNDS"); do round; cleanup; done
