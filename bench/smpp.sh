#!/usr/bin/env bash
# Ringway against Kannel, HTTP accept → durable store → SMPP → the shared smsc-sim (shared/bench/compare.sh smpp).
#   bench/smpp.sh [N=20000] [CONCURRENCY=20] [ROUNDS=3]
# Both connect with window 100 (Kannel: max-pending-submits). As in accept.sh, accounts are created with the reload
# lock off: the load is one URL, the same text to the same number N times.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
cd "${RINGWAY_HOME:-$ROOT}"
export RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false
exec "$SHARED/compare.sh" smpp "${1:-20000}" "${2:-20}" "${3:-3}"
