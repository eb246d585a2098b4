#!/usr/bin/env bash
# Schemathesis against the control API of a running `eseikyu serve`.
#
#   harness/tests/clients/schemathesis/run.sh [BASE_URL]      (default http://127.0.0.1:8080)
#
# Loads BASE_URL/_eseikyu/openapi.json and runs every check (`--checks all`) through the
# four phases (examples, coverage, fuzzing, stateful), at most MAX_EXAMPLES cases per
# operation and MAX_TIME seconds for the run (the whole script is cut at MAX_TIME + 180 s),
# one worker, a fixed seed. hooks.py brings schema-valid `count`s of
# POST …/offices/generate above 2,000 down to 2,000 (a larger one stalls the whole server;
# see hooks.py). The worlds the run made are deleted afterwards.
# SLOW_PROBE=1 adds a bounded check of that slow answer: count 200,000 in a fresh world
# must be answered within SLOW_LIMIT seconds and must not stall another world.
#
# Schemathesis comes from $SCHEMATHESIS, or from a venv ($VENV, default
# ~/.cache/eseikyu-schemathesis) made with requirements.txt when missing.
# Reports (JUnit, JSON, NDJSON) go to $REPORT_DIR (default ./schemathesis-report).
# Exits non-zero when any check failed or any request errored.
set -uo pipefail

BASE="${1:-http://127.0.0.1:8080}"
BASE="${BASE%/}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAX_EXAMPLES="${MAX_EXAMPLES:-50}"
MAX_TIME="${MAX_TIME:-300}"
SEED="${SEED:-1}"
REPORT_DIR="${REPORT_DIR:-$PWD/schemathesis-report}"
VENV="${VENV:-$HOME/.cache/eseikyu-schemathesis}"
SLOW_LIMIT="${SLOW_LIMIT:-30}"

if [ -n "${SCHEMATHESIS:-}" ]; then
  ST="$SCHEMATHESIS"
else
  ST="$VENV/bin/schemathesis"
  if ! "$ST" --version >/dev/null 2>&1; then
    echo "installing schemathesis into $VENV" >&2
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$HERE/requirements.txt" || {
      echo "could not install schemathesis" >&2
      exit 2
    }
  fi
fi

if ! curl -sf -m 10 -o /dev/null "$BASE/_eseikyu/openapi.json"; then
  echo "no eseikyu control API at $BASE (start \`eseikyu serve\` first)" >&2
  exit 2
fi

worlds() {
  curl -s -m 30 "$BASE/_eseikyu/worlds" |
    python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["worlds"]))'
}
BEFORE="$(worlds | sort)"

mkdir -p "$REPORT_DIR"
status=0
PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks \
  timeout --kill-after=10 "$((MAX_TIME + 180))" \
  "$ST" run "$BASE/_eseikyu/openapi.json" \
  --url "$BASE" \
  --checks all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$MAX_TIME" \
  --max-response-time 5 \
  --request-timeout 10 \
  --workers 1 \
  --seed "$SEED" \
  --no-color \
  --report junit,json,ndjson --report-dir "$REPORT_DIR" || status=$?
echo "schemathesis exit code: $status"

if [ "${SLOW_PROBE:-0}" = 1 ]; then
  echo "slow probe: POST …/offices/generate {\"count\":200000} in a fresh world (limit ${SLOW_LIMIT}s)"
  W="$(curl -s -m 30 -X POST -H 'content-type: application/json' -d '{}' "$BASE/_eseikyu/worlds" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  (sleep 2; curl -s -o /dev/null -m "$SLOW_LIMIT" -w '%{http_code} %{time_total}\n' \
    "$BASE/_eseikyu/worlds/default/clock" > "$REPORT_DIR/slow-probe-other.txt") &
  took="$(curl -s -o /dev/null -m "$SLOW_LIMIT" -w '%{http_code} %{time_total}' -X POST \
    -H 'content-type: application/json' -d '{"count":200000}' "$BASE/_eseikyu/worlds/$W/offices/generate")"
  wait
  other="$(cat "$REPORT_DIR/slow-probe-other.txt" 2>/dev/null)"
  echo "  generate 200000: ${took} s; GET another world's clock meanwhile: ${other:-none} s"
  case "$took" in 204\ *) ;; *) echo "  FAILED: no 204 within ${SLOW_LIMIT}s"; status=1 ;; esac
  case "$other" in 200\ *) ;; *) echo "  FAILED: the server did not answer another world meanwhile"; status=1 ;; esac
  # Let the server finish before the clean-up below (bounded).
  for _ in $(seq 1 60); do curl -sf -m 5 -o /dev/null "$BASE/_eseikyu/worlds" && break; sleep 3; done
fi

# Delete the worlds the run made (the first world stays).
AFTER="$(worlds | sort)"
made="$(comm -13 <(echo "$BEFORE") <(echo "$AFTER"))"
n=0
for w in $made; do
  curl -s -o /dev/null -m 10 -X DELETE "$BASE/_eseikyu/worlds/$w" && n=$((n + 1))
done
echo "deleted $n worlds made by the run"
exit "$status"
