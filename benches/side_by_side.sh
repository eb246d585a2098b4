#!/usr/bin/env bash
# #13's side-by-side measurement: the whole `eseikyu run` process on N copies of
# scenarios/login/new-office-first-login.yaml against the composite anchor
# (../shared/anchors/smtpbench `scenario PORT WORKERS N ec 0`: per scenario 3 mails over
# new loopback SMTP connections plus one ECDSA client certificate), interleaved round by
# round at 1 and 2 workers, then the medians, the ratio anchor/eseikyu time, and the
# peak RSS of each.
#
#   cargo build --release && benches/side_by_side.sh [N] [ROUNDS]
#
# The anchor is built once into target/anchor (it has its own Cargo.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
rounds=${2:-5}
bin=target/release/eseikyu
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
anchors=${ANCHORS:-../shared/anchors/smtpbench}
anchor=target/anchor/release/scenario
if [ ! -x "$anchor" ]; then
  CARGO_TARGET_DIR=target/anchor cargo build --release --quiet \
    --manifest-path "$anchors/Cargo.toml" --bin scenario
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/s"
src=scenarios/login/new-office-first-login.yaml
for i in $(seq 1 "$n"); do
  sed "s|^id: .*|id: copies/run-$i|" "$src" > "$dir/s/run-$i.yaml"
done
port=25251
measure() { # label, command...: seconds and peak KiB on one line
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$dir/rss" "$@" > /dev/null 2> "$dir/err" || {
    echo "$label failed:" >&2; cat "$dir/err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$label $(echo "$end - $start" | bc -l) $(cat "$dir/rss")" >> "$dir/times"
}
for r in $(seq 1 "$rounds"); do
  for w in 1 2; do
    port=$((port + 1))
    measure "anchor-$w" "$anchor" "$port" "$w" "$n" ec 0
    measure "eseikyu-$w" "$bin" run "$dir/s" --jobs "$w"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "$n runs, $rounds rounds, medians; $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "| workers | eseikyu (s) | anchor (s) | ratio (anchor/eseikyu) | eseikyu peak RSS (MiB) | anchor peak RSS (MiB) | eseikyu user / system CPU (s) | anchor user / system CPU (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for w in 1 2; do
  e=$(grep "^eseikyu-$w " "$dir/times" | cut -d' ' -f2 | median)
  a=$(grep "^anchor-$w " "$dir/times" | cut -d' ' -f2 | median)
  er=$(grep "^eseikyu-$w " "$dir/times" | cut -d' ' -f3 | median)
  ar=$(grep "^anchor-$w " "$dir/times" | cut -d' ' -f3 | median)
  eu=$(grep "^eseikyu-$w " "$dir/times" | cut -d' ' -f4 | median)
  es=$(grep "^eseikyu-$w " "$dir/times" | cut -d' ' -f5 | median)
  au=$(grep "^anchor-$w " "$dir/times" | cut -d' ' -f4 | median)
  as=$(grep "^anchor-$w " "$dir/times" | cut -d' ' -f5 | median)
  printf "| %d | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f |\n" "$w" "$e" "$a" \
    "$(echo "$a / $e" | bc -l)" "$(echo "$er / 1024" | bc -l)" "$(echo "$ar / 1024" | bc -l)" \
    "$eu" "$es" "$au" "$as"
done
