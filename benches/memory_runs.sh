#!/usr/bin/env bash
# Peak memory of `eseikyu run` against the number of runs: N copies of one scenario
# (codes/code-reused, each with its own id), run with --jobs 2 and every report on
# (JSON, JUnit, HTML). Reports keep a line per run, so the peak should grow slowly.
#
#   cargo build --release && benches/memory_runs.sh 10 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/eseikyu
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
src=scenarios/codes/code-reused.yaml
echo "runs | peak RSS (MiB) | seconds"
for n in "${@:-10 1000 10000}"; do
  dir=$(mktemp -d)
  mkdir -p "$dir/s"
  for i in $(seq 1 "$n"); do
    sed "s|^id: .*|id: copies/run-$i|" "$src" > "$dir/s/run-$i.yaml"
  done
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/rss" "$bin" run "$dir/s" --jobs 2 \
    --json "$dir/r.json" --junit "$dir/j.xml" --html "$dir/r.html" > /dev/null
  end=$(date +%s.%N)
  printf "%6d | %8.1f | %6.1f\n" "$n" "$(echo "$(cat "$dir/rss") / 1024" | bc -l)" "$(echo "$end - $start" | bc -l)"
  rm -rf "$dir"
done
