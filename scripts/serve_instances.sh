# Sourced by scripts/run.sh: several Rasa instances on loopback behind nginx on
# the public port, one per core, so a turn's CPU work runs on every core.
#
# - Conversation locks and the rate limit live in Redis (a redis-server on
#   loopback started here, unless REDIS_HOST names one): two messages of one
#   conversation are never processed at once, and a sender's limit counts on
#   every instance. The SQL store (SQLite by default) is shared.
# - The website widget's Socket.IO starts on HTTP long-polling, whose requests
#   must reach the instance that holds the session (Rasa documents its
#   Socket.IO channel as one process): nginx sends /socket.io/ by the client's
#   address (consistent hash). REST and the messaging webhooks go to the least
#   busy instance.
# - nginx starts once every instance answers, so the port answers only when
#   the bot can; any process ending stops the run (run.sh's cleanup).
# Needs: the RASA_RUN command, NGINX, BIN and the BACKGROUND array from run.sh.

free_port() {
  "$BIN/python" -c 'from scripts.processes import free_port; print(free_port())'
}

wait_for_http() {  # wait_for_http URL PID: until URL answers 200, or PID ends
  for _ in $(seq 600); do
    "$BIN/python" -c "import urllib.request; urllib.request.urlopen('$1', timeout=2)" 2>/dev/null \
      && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

serve_instances() {  # serve_instances COUNT HOST PORT
  local count=$1 host=$2 port=$3 run_dir
  run_dir=$(mktemp -d -t clinic-run.XXXXXX)
  RUN_DIR=$run_dir  # run.sh's cleanup removes it
  if [ -z "${REDIS_HOST:-}" ]; then
    local redis_port
    redis_port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
      --protected-mode yes >"$run_dir/redis.log" 2>&1 &
    BACKGROUND+=($!)
    export REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port
  fi

  local ports=() pids=() servers="" i instance_port
  for i in $(seq "$count"); do
    instance_port=$(free_port)
    if [ "$i" = 1 ]; then  # the first instance's start-up screen is the one shown
      "${RASA_RUN[@]}" --interface 127.0.0.1 --port "$instance_port" &
    else
      "${RASA_RUN[@]}" --interface 127.0.0.1 --port "$instance_port" >"$run_dir/rasa-$i.log" 2>&1 &
    fi
    BACKGROUND+=($!)
    pids+=($!)
    ports+=("$instance_port")
    servers+="server 127.0.0.1:$instance_port max_fails=0; "
  done
  for i in "${!ports[@]}"; do
    wait_for_http "http://127.0.0.1:${ports[$i]}/" "${pids[$i]}" || {
      echo "Rasa instance $((i + 1)) did not start (log: $run_dir/rasa-$((i + 1)).log)" >&2
      return 1
    }
  done

  # Rasa sees nginx as the caller, so the REST channel's own rule (only this
  # machine unless REST_TOKEN is set) is kept here: without a token, nginx
  # serves REST to loopback callers only.
  local rest_access="allow 127.0.0.0/8; allow ::1; deny all;"
  [ -z "${REST_TOKEN:-}" ] || rest_access=""
  mkdir -p "$run_dir/tmp"
  cat >"$run_dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $run_dir/nginx.pid;
error_log $run_dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;  # request lines and addresses are not kept
    server_tokens off;
    client_body_temp_path $run_dir/tmp/body;
    proxy_temp_path $run_dir/tmp/proxy;
    fastcgi_temp_path $run_dir/tmp/fastcgi;
    uwsgi_temp_path $run_dir/tmp/uwsgi;
    scgi_temp_path $run_dir/tmp/scgi;
    # a chat message is small; a body is kept in memory, never written to disk
    client_max_body_size 1m;
    client_body_buffer_size 1m;
    proxy_buffering off;
    proxy_read_timeout 120s;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream rasa_sticky { hash \$remote_addr consistent; $servers}
    upstream rasa { least_conn; $servers keepalive 32; }
    server {
        listen $host:$port;
        location /socket.io/ {
            proxy_pass http://rasa_sticky;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
        }
        location /webhooks/rest/ {
            $rest_access
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
        location / {
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
  "$NGINX" -e "$run_dir/nginx-error.log" -p "$run_dir" -c "$run_dir/nginx.conf" &
  BACKGROUND+=($!)
  echo "Serving with $count Rasa instances (loopback ports ${ports[*]}) behind nginx on $host:$port;" \
    "locks and the rate limit in Redis at $REDIS_HOST:$REDIS_PORT"
  # Until any process ends (or Ctrl-C); run.sh's cleanup stops the rest.
  wait -n "${BACKGROUND[@]}"
}
