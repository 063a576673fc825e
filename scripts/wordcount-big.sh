#!/usr/bin/env bash
# The word count of examples/wordcount.yaml over a big generated text, timed.
#
#   scripts/wordcount-big.sh [MEGABYTES] [SPLIT]          # defaults: 100 (10^6 bytes each), 1MiB
#
# Makes MEGABYTES of text once, the example's own English-like text over and over, into $BULWARK_WC_DIR
# (default /tmp/bulwark-wordcount), then runs the example's chip over it with ./bulwark run
# (its driver's input device swapped for the big file, splits of SPLIT) and prints the driver's summary line
# (bytes, words, distinct words and the job's time, from the driver's first split to its last total) and the
# whole run's wall time.
set -euo pipefail

MEGABYTES=${1:-100}
SPLIT=${2:-1MiB}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${BULWARK_WC_DIR:-/tmp/bulwark-wordcount}
TEXT=$DIR/words-${MEGABYTES}MB.txt
mkdir -p "$DIR"

if [ ! -s "$TEXT" ]; then   # the example's own text (1 MiB from TextGenerator, seed 2026) over and over
  SOURCE=$ROOT/examples/data/words.txt
  copies=$(( MEGABYTES * 1000000 / $(wc -c < "$SOURCE") + 1 ))
  for _ in $(seq 1 "$copies"); do cat "$SOURCE"; done | head -c "$((MEGABYTES * 1000000))" > "$TEXT"
fi

sed -e "s|file: data/words.txt|file: $TEXT|" -e "s|split: 256KiB|split: $SPLIT|" \
    -e "s|/tmp/bulwark-wordcount-out.txt, size: 4MiB|$DIR/out.txt, size: 16MiB|" \
    "$ROOT/examples/wordcount.yaml" > "$DIR/wordcount.yaml"
start=$(date +%s.%N)
"$ROOT/bulwark" run --config "$DIR/wordcount.yaml" > "$DIR/run.log" 2>&1 || { tail -30 "$DIR/run.log" >&2; exit 1; }
end=$(date +%s.%N)
grep -E 'driver \[tty\] wordcount: [0-9]+ bytes, ' "$DIR/run.log" | sed 's/^ *[0-9.]* ms  driver \[tty\] //'
awk -v s="$start" -v e="$end" 'BEGIN { printf "whole run (JVM start, boot, job, shutdown): %.2f s\n", e - s }'
