#!/usr/bin/env bash
# Start the action server in the background and the Rasa server (or the
# shell) in the foreground; stopping the foreground process stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MODE=${1:-server}

"$BIN/rasa" run actions --actions actions --port "${ACTIONS_PORT:-5055}" &
ACTIONS_PID=$!
trap 'kill "$ACTIONS_PID" 2>/dev/null || true; wait "$ACTIONS_PID" 2>/dev/null || true' EXIT INT TERM HUP

if [ "$MODE" = shell ]; then
  "$BIN/rasa" shell --model "${MODEL:-models/clinic.tar.gz}" --endpoints endpoints.yml
else
  echo "Rasa REST webhook: http://${HOST:-127.0.0.1}:${RASA_PORT:-5005}/webhooks/rest/webhook"
  "$BIN/rasa" run --model "${MODEL:-models/clinic.tar.gz}" --endpoints endpoints.yml \
    --credentials credentials.yml --interface "${HOST:-127.0.0.1}" --port "${RASA_PORT:-5005}"
fi
