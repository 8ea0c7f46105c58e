#!/usr/bin/env bash
# Ringway against Kannel, HTTP accept → durable store → built-in carrier (shared/bench/compare.sh accept).
#   bench/accept.sh [N=20000] [CONCURRENCY=20] [ROUNDS=3]
# The benchmark sends one URL – the same text to the same number – N times. sms77's reload lock (on by default,
# Kannel has none) would answer all but the first with 402, so accounts are created with the lock off here.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
cd "$ROOT"
export RINGWAY_ACCOUNTS_DEFAULT_RELOAD_LOCK=false
exec "$SHARED/compare.sh" accept "${1:-20000}" "${2:-20}" "${3:-3}"
