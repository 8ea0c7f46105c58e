#!/usr/bin/env bash
# Kannel's DLR callbacks per second to the same receiver bench/webhooks.sh uses (bench/dlr-receiver.js), the peer
# figure for issue 3. Kannel 1.4.5 (Debian), SMPP to the shared smsc-sim (npm `smpp`, DLR=1: a receipt for every
# submit), sendsms with dlr-mask=9 (delivered + SMSC submit acknowledgement: two callbacks per message, like
# Ringway's TRANSMITTED and DELIVERED) and a dlr-url to the receiver. Everything on 127.0.0.1.
#   bench/kannel-dlr.sh [N=20000] [CONCURRENCY=20] [ROUNDS=3]
# Prints per round:  kannel dlr-callbacks events_per_s=… accepted_per_s=… events=…/2N
# Kannel keeps DLRs in memory (dlr-storage internal) and journals messages without fsync.
set -u
N=${1:-20000}; C=${2:-20}; ROUNDS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
need_apt ab apache2-utils || { echo "cannot install ab"; exit 2; }
need_apt node nodejs npm || { echo "cannot install node"; exit 2; }
need_apt /usr/sbin/bearerbox kannel kannel-extras || { echo "cannot install kannel"; exit 2; }
SIMDIR=${XDG_CACHE_HOME:-$HOME/.cache}/ringway-bench/smsc-sim; mkdir -p "$SIMDIR"
cp "$SHARED/smsc-sim/smsc-sim.js" "$SHARED/smsc-sim/package.json" "$SIMDIR/"
[ -d "$SIMDIR/node_modules/smpp" ] || (cd "$SIMDIR" && npm install --no-audit --no-fund --silent >/dev/null 2>&1)
RPORT=18099; SIMPORT=2775

. "$ROOT/bench/rounds.sh"

round() {
  local URL T0 T1 BASE
  W=$(mktemp -d /tmp/kannel-dlr.XXXXXX)
  wait_quiet 120
  (STATS=$W/recv.json PORT=$RPORT exec node "$ROOT/bench/dlr-receiver.js") >"$W/recv.out" 2>&1 & PIDS+=($!)
  (cd "$SIMDIR" && PORT=$SIMPORT DLR=1 LIFETIME=900 STATS=$W/sim.json exec node smsc-sim.js) >"$W/sim.out" 2>&1 & PIDS+=($!)
  sleep 0.7
  cat >"$W/kannel.conf" <<CONF
group = core
admin-port = 13000
admin-password = bar
status-password = bar
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = 13001
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "$W/bearerbox.log"
log-level = 1
store-type = file
store-location = "$W/kannel.store"
store-dump-freq = 5
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = smpp1
host = 127.0.0.1
port = $SIMPORT
transceiver-mode = true
smsc-username = kannel
smsc-password = secret
system-type = ""
address-range = ""
max-pending-submits = 100
enquire-link-interval = 30
reconnect-delay = 2
msg-id-type = 0x03

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = 13001
sendsms-port = 13013
sendsms-interface = 127.0.0.1
global-sender = 12345
log-file = "$W/smsbox.log"
log-level = 1

group = sendsms-user
username = tester
password = foobar
max-messages = 3
concatenation = true

group = sms-service
keyword = default
text = "No service specified"
CONF
  /usr/sbin/bearerbox -v 1 "$W/kannel.conf" >"$W/bb.out" 2>&1 & PIDS+=($!)
  wait_http "http://127.0.0.1:13000/status.txt?password=bar" 15 || { echo "bearerbox did not start"; return 2; }
  /usr/sbin/smsbox -v 1 "$W/kannel.conf" >"$W/sb.out" 2>&1 & PIDS+=($!)
  wait_http "http://127.0.0.1:13013/" 15 || { echo "smsbox did not start"; return 2; }
  for i in $(seq 1 40); do curl -s "http://127.0.0.1:13000/status.txt?password=bar" | grep -A2 'SMSC connections' | grep -q online && break; sleep 0.5; done
  # dlr-url: %I Kannel's message id, %d the report type (1 delivered, 8 submit acknowledged), URL-encoded once
  local DLRURL; DLRURL=$(python3 -c "import urllib.parse;print(urllib.parse.quote('http://127.0.0.1:$RPORT/dlr?msg_id=%I&status=%d', safe=''))")
  URL="http://127.0.0.1:13013/cgi-bin/sendsms?username=tester&password=foobar&from=12345&to=4915112345678&text=load+test+message&dlr-mask=9&dlr-url=$DLRURL"
  case "$(curl -s "$URL")" in 0:*) ;; *) echo "kannel refused the request: $(curl -s "$URL")"; return 2;; esac
  ab -q -k -n 2000 -c "$C" "$URL" >/dev/null 2>&1
  for i in $(seq 1 240); do [ "$(received)" -ge 4002 ] && break; sleep 0.25; done
  sleep 2
  BASE=$(received)
  T0=$(date +%s%3N)
  timeout 300 ab -q -k -n "$N" -c "$C" "$URL" >"$W/ab.out" 2>&1
  T1=$(date +%s%3N)
  for i in $(seq 1 1200); do [ "$(received)" -ge $((BASE + 2 * N)) ] && break; sleep 0.25; done
  sleep 1
  python3 - "$W/recv.json" "$BASE" "$N" "$T0" "$T1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); base, n, t0, t1 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
got = s["received"] - base
span = max(s["last_ms"] - t0, 1)
print(f"kannel dlr-callbacks events={got}/{2*n} events_per_s={got*1000/span:.0f} accepted_per_s={n*1000/max(t1-t0,1):.0f} "
      f"unique={s['unique']} received_total={s['received']}")
PY
}

for r in $(seq 1 "$ROUNDS"); do round; cleanup; done
