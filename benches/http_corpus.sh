#!/usr/bin/env bash
# #26's conformance-path measurement: the whole corpus in process and over HTTP against
# `eseikyu serve` on the same machine, interleaved round by round, then the medians, the
# ratio HTTP / in process, and the CPU seconds of the runner and of the server.
#
#   cargo build --release && benches/http_corpus.sh [ROUNDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
jobs=${2:-2}
bin=target/release/eseikyu
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
dir=$(mktemp -d)
source benches/support/serve.sh
serve "$bin" "$dir"
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
measure() { # label, command...: wall seconds, runner CPU seconds, server CPU seconds
  local label=$1; shift
  local start end before after
  before=$(ticks)
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$dir/cpu" "$@" > /dev/null 2> "$dir/err" || {
    echo "$label failed:" >&2; cat "$dir/err" >&2; exit 1; }
  end=$(date +%s.%N)
  after=$(ticks)
  echo "$label $(echo "$end - $start" | bc -l) $(awk '{print $1 + $2}' "$dir/cpu") \
$(echo "($after - $before) / $hz" | bc -l)" >> "$dir/times"
}
for _ in $(seq 1 "$rounds"); do
  measure process "$bin" run scenarios/ --jobs "$jobs"
  measure http "$bin" run scenarios/ --jobs "$jobs" --target "http://127.0.0.1:$port"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { grep "^$1 " "$dir/times" | cut -d' ' -f"$2" | median; }
echo "the corpus, --jobs $jobs, $rounds rounds interleaved, medians ($(nproc) cores, \
$(lscpu | sed -n 's/^Model name: *//p'))"
echo "| path | wall (s) | runner CPU (s) | server CPU (s) |"
echo "| --- | --- | --- | --- |"
printf "| in process | %.2f | %.2f | |\n" "$(col process 2)" "$(col process 3)"
printf "| over HTTP | %.2f | %.2f | %.2f |\n" "$(col http 2)" "$(col http 3)" "$(col http 4)"
printf "ratio HTTP / in process: %.2f (goal ≤ 2)\n" "$(echo "$(col http 2) / $(col process 2)" | bc -l)"
