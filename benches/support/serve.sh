# Sourced by the benchmark scripts: `serve BIN DIR` starts `eseikyu serve` (virtual clock
# at 2026-02-10 10:00 JST) on a free-looking port, logs into DIR/serve.log, stops it and
# removes DIR when the script ends, and returns once it answers; it sets `port` (the
# site; SMTP is port+1, the TLS service port+2) and `server` (its PID).
serve() {
  local bin=$1 dir=$2
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --at 2026-02-10T10:00:00+09:00 --port "$port" --smtp-port $((port + 1)) \
    --service-port $((port + 2)) > "$dir/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "'"$dir"'"' EXIT
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$port/api/v1/info" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "eseikyu serve did not answer:" >&2
  cat "$dir/serve.log" >&2
  return 1
}
