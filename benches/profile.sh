#!/usr/bin/env bash
# Where eseikyu's time goes, by part (argon2id, YAML, SMTP, screens, HTML, HTTP …): `perf`
# with DWARF call graphs over a release build with line tables (in target/profiling),
# folded by benches/support/categories.py. Needs `perf` (linux-perf). With PROFILE_KEEP=DIR
# the call stacks are kept there as text (`perf script`), to look into.
#
#   benches/profile.sh first-login [JOBS]   # 1,000 first logins in process
#   benches/profile.sh corpus [JOBS]        # the corpus in process
#   benches/profile.sh http [JOBS]          # the corpus over HTTP: the runner, then the server
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-first-login}
jobs=${2:-2}
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release --quiet \
  --target-dir target/profiling
bin=target/profiling/release/eseikyu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fold() { perf script -i "$1" -F comm,tid,ip,sym 2> /dev/null > "$1.txt"
  python3 benches/support/categories.py "$1.txt"
  if [ -n "${PROFILE_KEEP:-}" ]; then mkdir -p "$PROFILE_KEEP"; cp "$1.txt" "$PROFILE_KEEP/"; fi; }
record() { perf record -q -F 4000 --call-graph dwarf,16384 -o "$@" > /dev/null 2>&1; }
case "$what" in
  first-login)
    mkdir -p "$dir/s"
    for i in $(seq 1 1000); do
      sed "s|^id: .*|id: copies/run-$i|" scenarios/login/new-office-first-login.yaml > "$dir/s/run-$i.yaml"
    done
    record "$dir/perf" "$bin" run "$dir/s" --jobs "$jobs" -q
    fold "$dir/perf" ;;
  corpus)
    record "$dir/perf" "$bin" run scenarios/ --jobs "$jobs" -q
    fold "$dir/perf" ;;
  http)
    source benches/support/serve.sh
    serve "$bin" "$dir"
    perf record -q -F 4000 --call-graph dwarf,16384 -p "$server" -o "$dir/server" > /dev/null 2>&1 &
    watcher=$!
    sleep 0.5
    record "$dir/runner" "$bin" run scenarios/ --jobs "$jobs" --target "http://127.0.0.1:$port" -q
    kill -INT "$watcher"; wait "$watcher" 2> /dev/null || true
    echo "== the runner"; fold "$dir/runner"
    echo "== the server"; fold "$dir/server" ;;
  *) echo "first-login, corpus or http" >&2; exit 2 ;;
esac
