#!/usr/bin/env bash
# Start the action server (and, for the server, the demo page with the chat
# widget) in the background and the Rasa server (or the shell) in the
# foreground; stopping the foreground process stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Rasa's CLI with a readable start-up screen (scripts/rasa_cli.py).
RASA=("$BIN/python" -m scripts.rasa_cli)
MODE=${1:-server}
DEMO_PORT=${DEMO_PORT:-8000}
# The chat accepts only these web origins; by default the demo page's.
export ALLOWED_ORIGINS=${ALLOWED_ORIGINS:-"http://localhost:$DEMO_PORT http://127.0.0.1:$DEMO_PORT"}

# Rasa's HTTP API (trackers, model, events) stays off unless RASA_API=true,
# and then only with a token or a JWT secret: unauthenticated calls get 401.
API_ARGS=()
if [ "${RASA_API:-false}" = true ]; then
  if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
    API_ARGS=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
  elif [ -n "${RASA_JWT_SECRET:-}" ]; then
    API_ARGS=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
  else
    echo "RASA_API=true needs RASA_AUTH_TOKEN or RASA_JWT_SECRET: the API is never open" >&2
    exit 2
  fi
fi

# endpoints.yml names the action server on port 5055; another ACTIONS_PORT
# gets a copy of it that names that port.
ENDPOINTS=endpoints.yml
DEFAULT_ACTIONS_URL="http://localhost:5055/webhook"
if [ "${ACTIONS_PORT:-5055}" != 5055 ]; then
  grep -q "$DEFAULT_ACTIONS_URL" endpoints.yml \
    || { echo "endpoints.yml no longer names $DEFAULT_ACTIONS_URL: update scripts/run.sh" >&2; exit 2; }
  ENDPOINTS=$(mktemp --suffix=.yml)
  sed "s#$DEFAULT_ACTIONS_URL#http://127.0.0.1:$ACTIONS_PORT/webhook#" endpoints.yml >"$ENDPOINTS"
fi

"${RASA[@]}" run actions --actions actions --port "${ACTIONS_PORT:-5055}" &
BACKGROUND=($!)
cleanup() {
  kill "${BACKGROUND[@]}" 2>/dev/null || true
  wait "${BACKGROUND[@]}" 2>/dev/null || true
  [ "$ENDPOINTS" = endpoints.yml ] || rm -f "$ENDPOINTS"
  [ -z "${RUN_DIR:-}" ] || rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM HUP

wait_for_actions() {
  for _ in $(seq 90); do
    "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${ACTIONS_PORT:-5055}/health')" \
      2>/dev/null && return 0
    sleep 1
  done
  echo "the action server did not start" >&2
  return 1
}

if [ "$MODE" = replay ]; then
  wait_for_actions
  "$BIN/python" scripts/replay_conversations.py "${2:?usage: run.sh replay FILE}" \
    --model "${MODEL:-models/clinic.tar.gz}" --actions-url "http://127.0.0.1:${ACTIONS_PORT:-5055}/webhook"
elif [ "$MODE" = shell ]; then
  "${RASA[@]}" shell --model "${MODEL:-models/clinic.tar.gz}" --endpoints "$ENDPOINTS"
else
  "$BIN/python" scripts/serve_demo.py --host "${HOST:-127.0.0.1}" --port "$DEMO_PORT" &
  BACKGROUND+=($!)
  RASA_RUN=("${RASA[@]}" run --model "${MODEL:-models/clinic.tar.gz}" --endpoints "$ENDPOINTS"
    --credentials credentials.yml ${API_ARGS[@]+"${API_ARGS[@]}"})
  # Every core: one Rasa instance per core (RASA_INSTANCES overrides) behind
  # nginx on RASA_PORT, sharing conversation locks and the rate limit in Redis
  # (scripts/serve_instances.sh). Without nginx or redis-server, one instance.
  INSTANCES=${RASA_INSTANCES:-$(nproc 2>/dev/null || echo 1)}
  NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
  if [ "$INSTANCES" -gt 1 ] && { [ -z "$NGINX" ] || ! command -v redis-server >/dev/null; }; then
    echo "Serving with one Rasa process; to use all $INSTANCES cores install nginx and redis-server (Debian: apt-get install nginx redis-server), or set RASA_INSTANCES=1 to hide this line"
    INSTANCES=1
  fi
  echo "Rasa REST webhook: http://${HOST:-127.0.0.1}:${RASA_PORT:-5005}/webhooks/rest/webhook"
  if [ "$INSTANCES" -gt 1 ]; then
    source scripts/serve_instances.sh
    serve_instances "$INSTANCES" "${HOST:-127.0.0.1}" "${RASA_PORT:-5005}"
  else
    "${RASA_RUN[@]}" --interface "${HOST:-127.0.0.1}" --port "${RASA_PORT:-5005}"
  fi
fi
