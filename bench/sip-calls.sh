#!/usr/bin/env bash
# Concurrent SIP calls against sipp on this machine, audio streamed and echoed, everything on 127.0.0.1.
#   bench/sip-calls.sh [CALLS=500] [SPEECH_REPEATS=12] [CPS=50]
# sipp answers every call (scenario src/test/resources/sipp/answer.xml, -rtp_echo: each RTP packet goes back to its
# sender). Ringway places CALLS calls through /api/voice (ab -c 10), each saying one German sentence SPEECH_REPEATS
# times (~4.3 s each, synthesized once, then from the speech cache), so every call streams ~50 s of G.711 both ways.
# While all calls are connected it samples /admin/connectors: the RTP pacer's frames, frames more than a tick (20 ms)
# late, frames it had to skip, and its lateness percentiles (since the start, over every frame of every call).
# Prints (whole run, then the 20 s with every call connected):
#   ringway sip calls=... peak_concurrent=... frames=... late_frames=... skipped_frames=... lateness_p50_us=...
#          lateness_p99_us=... lateness_max_us=... completed=.../... cpu_cores=... echo_received=.../...
set -u
CALLS=${1:-500}; REPEATS=${2:-12}; CPS=${3:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
need_apt ab apache2-utils || { echo "cannot install ab"; exit 2; }
need_apt sipp sip-tester || { echo "cannot install sipp"; exit 2; }
PORT=18077; SIP_PORT=15060; SIPP_PORT=15090; SIPP_MEDIA=16000
. "$ROOT/bench/rounds.sh"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
status() { curl -s "http://127.0.0.1:$PORT/admin/connectors"; }
field() { python3 -c "import json,sys; v=[x for x in json.load(sys.stdin)['voice'] if x['name']==sys.argv[1]][0]; print(v[sys.argv[2]])" "$1" "$2"; }

W=$(mktemp -d /tmp/sip-bench.XXXXXX)
wait_quiet 120
sed -e 's/{{ring}}/200/g; s/{{codec}}/0/g' "$ROOT/src/test/resources/sipp/answer.xml" >"$W/answer.xml"
ulimit -n 65536 2>/dev/null || true
(cd "$W" && exec sipp -sf "$W/answer.xml" -i 127.0.0.1 -p $SIPP_PORT -mi 127.0.0.1 -mp $SIPP_MEDIA -rtp_echo \
   -m "$CALLS" -l $((CALLS + 10)) -nostdin -timeout 900s -trace_err -error_file "$W/sipp.errors") >"$W/sipp.out" 2>&1 & PIDS+=($!)
(cd "$ROOT" && RINGWAY_SIP_HOST=127.0.0.1 RINGWAY_SIP_PORT=$SIP_PORT RINGWAY_SIP_RTP_PORTS=40000-44000 \
   RINGWAY_SERVER_WARMUP_SECONDS=0 RINGWAY_VOICE_DEFAULT_RINGTIME=30 \
   exec ./ringway serve --port $PORT --data "$W/data" --sip "sip://127.0.0.1:$SIPP_PORT?max_calls=$((CALLS + 10))&cps=$CPS") \
   >"$W/ringway.out" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$PORT/api/balance" 120 || { echo "ringway did not start"; tail -5 "$W/ringway.out"; exit 2; }
KEY=$(cd "$ROOT" && ./ringway keys create --data "$W/data" --balance 100000 --json 2>/dev/null \
      | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])') || { echo "keys create failed"; exit 2; }
SENTENCE="Guten Tag, hier ist die Praxis Doktor Berger mit einer Erinnerung an Ihren Termin."
XML="<Response>$(for i in $(seq 1 "$REPEATS"); do printf '<Say language="de">%s</Say>' "$SENTENCE"; done)</Response>"
URL="http://127.0.0.1:$PORT/api/voice?p=$KEY&to=4915112345678&xml=1&text=$(python3 -c 'import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1]))' "$XML")"
JPID=$(pgrep -f "ringway.jar serve --port $PORT" | head -1)
CPU0=$(cpu_ticks "$JPID"); T0=$(date +%s.%N)
ab -q -n "$CALLS" -c 10 "$URL" >"$W/ab.out" 2>&1
PEAK=0
for i in $(seq 1 600); do
  A=$(status | field rtp streams)   # calls answered and streaming
  [ "$A" -gt "$PEAK" ] && PEAK=$A
  [ "$A" -ge "$CALLS" ] && break
  sleep 0.5
done
# all connected (or as many as got through): the pacer's "recent" window restarts now; 20 s later it covers the
# steady part only
status >/dev/null; sleep 20
S=$(status); echo "$S" >"$W/status-steady.json"
for i in $(seq 1 600); do A=$(status | field trunk1 calls_active); [ "$A" -eq 0 ] && break; sleep 0.5; done
CPU1=$(cpu_ticks "$JPID"); T1=$(date +%s.%N)
S=$(status); echo "$S" >"$W/status-end.json"
DONE=$(curl -s "http://127.0.0.1:$PORT/api/journal/voice?p=$KEY&limit=100000" | python3 -c 'import json,sys;print(sum(1 for c in json.load(sys.stdin) if c["status"]=="completed"))')
python3 - "$W/status-end.json" "$PEAK" "$CALLS" "$DONE" "$((CPU1 - CPU0))" "$(getconf CLK_TCK)" "$T0" "$T1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); rtp = [x for x in s['voice'] if x['name'] == 'rtp'][0]
cores = int(sys.argv[5]) / int(sys.argv[6]) / (float(sys.argv[8]) - float(sys.argv[7]))
print(f"ringway sip calls={sys.argv[3]} peak_concurrent={sys.argv[2]} frames={rtp['frames']} late_frames={rtp['late_frames']} "
      f"skipped_frames={rtp.get('skipped_frames', '?')} lateness_p50_us={rtp['lateness_p50_us']} lateness_p99_us={rtp['lateness_p99_us']} "
      f"lateness_max_us={rtp['lateness_max_us']} completed={sys.argv[4]}/{sys.argv[3]} cpu_cores={cores:.2f} "
      f"echo_received={rtp.get('packets_received', '?')}/{rtp.get('packets_sent', '?')} send_dropped={rtp.get('send_dropped', '?')}")
st = [x for x in json.load(open(sys.argv[1].replace('end', 'steady')))['voice'] if x['name'] == 'rtp'][0]['recent']
print(f"ringway sip steady (20 s, all connected) frames={st['frames']} late_frames={st['late_frames']} skipped_frames={st['skipped_frames']} "
      f"lateness_p50_us={st['lateness_p50_us']} lateness_p99_us={st['lateness_p99_us']} lateness_max_us={st['lateness_max_us']}")
PY
