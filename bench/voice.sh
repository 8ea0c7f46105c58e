#!/usr/bin/env bash
# Calls set up per second on the sandbox callee, everything on 127.0.0.1.
#   bench/voice.sh [N=5000] [CONCURRENCY=20] [SPEED=1000]
# One account subscribed to voice_status (JSON) at bench/dlr-receiver.js; `ab -k -n N -c C` places N calls with
# GET /api/voice (a short German text, so the speech cache answers after the first). The sandbox callee runs SPEED
# times faster than real time (ring 3 s -> 3 ms at 1000), so the figure is Ringway's own cost per call: accept
# (fsynced, charged), render, dial, four status changes and events, the final charge. Each call makes 4 events
# (initiated, ringing, in-progress, completed). calls_per_s = N / (last event received - start of the load).
# Prints:  ringway voice accepted_per_s=... calls_per_s=... events=.../... ringway_cpu_ms_per_call=...
set -u
N=${1:-5000}; C=${2:-20}; SPEED=${3:-1000}; WARMUP=${WARMUP:-5000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
need_apt ab apache2-utils || { echo "cannot install ab"; exit 2; }
need_apt node nodejs || { echo "cannot install node"; exit 2; }
PORT=18077; RPORT=18099
. "$ROOT/bench/rounds.sh"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

W=$(mktemp -d /tmp/voice-bench.XXXXXX)
wait_quiet 120
(STATS=$W/recv.json PORT=$RPORT exec node "$ROOT/bench/dlr-receiver.js") >"$W/recv.out" 2>&1 & PIDS+=($!)
(cd "$ROOT" && RINGWAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true RINGWAY_SANDBOX_VOICE_SPEED=$SPEED \
   exec ./ringway serve --port $PORT --data "$W/data") >"$W/ringway.out" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$PORT/api/balance" 120 || { echo "ringway did not start"; tail -5 "$W/ringway.out"; exit 2; }
KEY=$(cd "$ROOT" && ./ringway keys create --data "$W/data" --balance 1000000 --json 2>/dev/null \
      | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])') || { echo "keys create failed"; exit 2; }
curl -s -H "X-Api-Key: $KEY" --data-urlencode "target_url=http://127.0.0.1:$RPORT/voice" \
     -d "action=subscribe&event_type=voice_status&request_method=JSON" "http://127.0.0.1:$PORT/api/hooks" | grep -q '"success":true' \
     || { echo "subscribing failed"; exit 2; }
URL="http://127.0.0.1:$PORT/api/voice?p=$KEY&to=4915112345678&text=Ihr+Termin+ist+morgen+um+zehn+Uhr."
case "$(curl -s "$URL")" in 100*) ;; *) echo "ringway refused the request: $(curl -s "$URL")"; exit 2;; esac
ab -q -k -n "$WARMUP" -c "$C" "$URL" >/dev/null 2>&1
for i in $(seq 1 1200); do [ "$(received)" -ge $((4 * (WARMUP + 1))) ] && break; sleep 0.25; done
sleep 1
BASE=$(received)
JPID=$(pgrep -f "ringway.jar serve --port $PORT" | head -1)
CPU0=$(cpu_ticks "$JPID")
T0=$(date +%s%3N)
timeout 600 ab -q -k -n "$N" -c "$C" "$URL" >"$W/ab.out" 2>&1
T1=$(date +%s%3N)
for i in $(seq 1 2400); do [ "$(received)" -ge $((BASE + 4 * N)) ] && break; sleep 0.25; done
CPU1=$(cpu_ticks "$JPID")
kill -TERM "${PIDS[0]}"; for i in $(seq 1 40); do grep -q '"final"' "$W/recv.json" 2>/dev/null && break; sleep 0.25; done
python3 - "$W/recv.json" "$BASE" "$N" "$T0" "$T1" "$((CPU1 - CPU0))" "$(getconf CLK_TCK)" "$SPEED" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); base, n, t0, t1 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
got = s["received"] - base
span = max(s["last_ms"] - t0, 1)
print(f"ringway voice speed={sys.argv[8]} accepted_per_s={n*1000/max(t1-t0,1):.0f} calls_per_s={got/4*1000/span:.0f} "
      f"events={got}/{4*n} ringway_cpu_ms_per_call={int(sys.argv[6])*1000/int(sys.argv[7])/n:.2f}")
PY
