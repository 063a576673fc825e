#!/usr/bin/env bash
# Bulwark's KV store beside a real Redis, measured in the same run by the same redis-benchmark.
#
#   scripts/kv-vs-redis.sh [ROUNDS] [REQUESTS] [PIPELINE]      # defaults: 3 rounds, 200000 requests, -P 16
#
# Boots examples/kv.yaml (on port BULWARK_PORT, default 6390) with ./bulwark run, starts redis-server on
# REDIS_PORT (default 6391; no persistence), and runs, in interleaved rounds (Bulwark, then Redis, each round),
#   redis-benchmark -t set,get -n REQUESTS -P PIPELINE -q                 (one key: every command on one shard)
#   redis-benchmark -t set,get -n REQUESTS -P PIPELINE -q -r 100000       (random keys: spread over the shards)
# after a warm-up of each (not counted), then prints each figure's requests per second for both, their ratio per round, and the median ratio.
# Interleaving puts whatever else the host does on both servers, not on one.
#
# Needs redis-server, redis-benchmark and redis-cli (Debian: apt-get install redis-server redis-tools). They are for this
# benchmark only: the test suite never needs them.
set -euo pipefail

ROUNDS=${1:-3}
REQUESTS=${2:-200000}
PIPELINE=${3:-16}
BULWARK_PORT=${BULWARK_PORT:-6390}
REDIS_PORT=${REDIS_PORT:-6391}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "kv-vs-redis: $tool not found (Debian: apt-get install redis-server redis-tools)" >&2; exit 3; }
done

WORK=$(mktemp -d)
BULWARK_PID="" REDIS_PID=""
cleanup() {
  [ -n "$BULWARK_PID" ] && kill -TERM "$BULWARK_PID" 2>/dev/null && wait "$BULWARK_PID" 2>/dev/null
  [ -n "$REDIS_PID" ] && kill -TERM "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

sed "s/port: 6379/port: $BULWARK_PORT/" "$ROOT/examples/kv.yaml" > "$WORK/kv.yaml"
"$ROOT/bulwark" run --config "$WORK/kv.yaml" > "$WORK/bulwark.log" 2>&1 &
BULWARK_PID=$!
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!

# Both serve once each answers PING (the first ./bulwark may build the jar: allow minutes).
READY=""
for i in $(seq 1 600); do
  if [ "$(redis-cli -p "$BULWARK_PORT" ping 2>/dev/null)" = PONG ] \
      && [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then READY=yes; break; fi
  kill -0 "$BULWARK_PID" 2>/dev/null || { echo "kv-vs-redis: bulwark run ended:" >&2; cat "$WORK/bulwark.log" >&2; exit 1; }
  sleep 0.5   # a script waiting for two servers to listen; not a test
done
[ -n "$READY" ] || { echo "kv-vs-redis: the servers did not answer PING within 5 minutes" >&2; exit 1; }

# requests per second of test $2 ("SET", "GET") from a redis-benchmark run against port $1 with extra args $3...
rps() {
  local port=$1 test=$2; shift 2
  redis-benchmark -p "$port" -t "$(echo "$test" | tr A-Z a-z)" -n "$REQUESTS" -P "$PIPELINE" -q "$@" 2>/dev/null \
    | tr '\r' '\n' | sed -n "s/^$test: \([0-9.]*\) requests per second.*/\1/p" | tail -n 1
}

echo "Bulwark KV (examples/kv.yaml: a front and 4 shards, 5 sandboxes) beside redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'), redis-benchmark -n $REQUESTS -P $PIPELINE, $ROUNDS interleaved rounds"
echo "host: $(nproc) CPUs, $(uname -sr)"
# Warm-up, not counted: the JIT compiles Bulwark's paths during its first hundred thousand commands or so.
for port in "$BULWARK_PORT" "$REDIS_PORT"; do
  redis-benchmark -p "$port" -t set,get -n "$REQUESTS" -P "$PIPELINE" -q -r 100000 >/dev/null 2>&1
done
printf '%-22s %5s %14s %14s %7s\n' figure round bulwark redis ratio
declare -A RATIOS
for round in $(seq 1 "$ROUNDS"); do
  for keys in one random; do
    extra=(); [ "$keys" = random ] && extra=(-r 100000)
    for test in SET GET; do
      b=$(rps "$BULWARK_PORT" "$test" "${extra[@]}")
      r=$(rps "$REDIS_PORT" "$test" "${extra[@]}")
      ratio=$(awk -v b="$b" -v r="$r" 'BEGIN { if (r > 0) printf "%.2f", b / r; else print "-" }')
      if [ "$keys" = random ]; then figure="$test (random keys)"; else figure="$test (one key)"; fi
      printf '%-22s %5d %14s %14s %7s\n' "$figure" "$round" "$b" "$r" "$ratio"
      RATIOS[$figure]+="$ratio "
    done
  done
done
echo
echo "median ratio (bulwark / redis requests per second) over the rounds:"
for figure in "SET (one key)" "GET (one key)" "SET (random keys)" "GET (random keys)"; do
  printf '  %-20s %s\n' "$figure" "$(echo "${RATIOS[$figure]}" | tr ' ' '\n' | grep -v '^$' | sort -n \
    | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
done
