# Sourced by the benchmark scripts that run rounds of servers beside a receiver: W is the round's work directory,
# PIDS the processes it started; cleanup stops them (TERM, then KILL) and removes W, also on exit.
W=""; PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; sleep 0.5; for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null; [ -n "$W" ] && rm -rf "$W"; W=""; PIDS=()
}
trap cleanup EXIT
received() { sim_field "$W/recv.json" received; }
