#!/usr/bin/env bash
# #26's explore measurement: journeys a second in process and differentially against
# `eseikyu serve` on the same machine (every move made on the simulator in process and on
# the target over HTTP, their answers compared), interleaved round by round, medians.
#
#   cargo build --release && benches/explore_speed.sh [ROUNDS] [JOURNEYS] [STEPS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
journeys=${2:-1000}
steps=${3:-60}
jobs=${4:-2}
bin=target/release/eseikyu
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
dir=$(mktemp -d)
source benches/support/serve.sh
serve "$bin" "$dir"
# `eseikyu explore` ends with "… in 1.95s (512 journeys/s, seed 2); …".
rate() { sed -n 's/.*(\([0-9.]*\) journeys\/s.*/\1/p' "$dir/out" | tail -1; }
for r in $(seq 1 "$rounds"); do
  "$bin" explore --seed "$r" --journeys "$journeys" --steps "$steps" --jobs "$jobs" \
    > "$dir/out" 2>&1 || { cat "$dir/out" >&2; exit 1; }
  echo "process $(rate)" >> "$dir/rates"
  "$bin" explore --seed "$r" --journeys "$journeys" --steps "$steps" --jobs "$jobs" \
    --target "http://127.0.0.1:$port" > "$dir/out" 2>&1 || { cat "$dir/out" >&2; exit 1; }
  echo "http $(rate)" >> "$dir/rates"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { grep "^$1 " "$dir/rates" | cut -d' ' -f2 | median; }
echo "explore, $journeys journeys of $steps moves, --jobs $jobs, $rounds rounds interleaved \
(seeds 1–$rounds), medians ($(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'))"
echo "| path | journeys/s |"
echo "| --- | --- |"
echo "| in process | $(col process) |"
echo "| differential, against eseikyu serve over HTTP | $(col http) |"
