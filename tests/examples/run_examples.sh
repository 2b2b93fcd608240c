#!/usr/bin/env bash
# Runs the integrator's guide's examples (docs/examples/*.sh), in order, against a real
# `takt serve` on a fresh journal with a Sparkplug host on a private mosquitto, and checks that
# every code block the guide marks as taken from an example is still in that example.
#   run_examples.sh TAKT_BINARY DOCS_DIR
# Servers listen on 127.0.0.1 on free ports and are stopped at the end, also on failure.
set -euo pipefail
takt=$1 docs=$2
examples=$docs/examples
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
for tool in curl jq protoc mosquitto_pub mosquitto_sub "$mosquitto"; do
  command -v "$tool" >/dev/null || { echo "run_examples: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

# The guide's marked blocks: a line <!-- example: NAME --> then a fenced block, which must
# appear verbatim in docs/examples/NAME.
check_guide() {
  local guide=$docs/INTEGRATORS_GUIDE.md name="" in_block=0 block="" line n=0
  while IFS= read -r line || [ -n "$line" ]; do
    if [ $in_block = 1 ]; then
      if [ "$line" = '```' ]; then
        in_block=0
        [[ "$(cat "$examples/$name")" == *"$block"* ]] ||
          { echo "run_examples: a block of the guide marked $name is not in $examples/$name:" >&2; echo "$block" >&2; return 1; }
        n=$((n + 1))
        name=""
      else
        block+=${block:+$'\n'}$line
      fi
    elif [[ "$line" =~ ^'<!-- example: '([A-Za-z0-9._-]+)' -->'$ ]]; then
      name=${BASH_REMATCH[1]}
      [ -f "$examples/$name" ] || { echo "run_examples: the guide names $name, which is not in $examples" >&2; return 1; }
    elif [ -n "$name" ] && [[ "$line" == '```'* ]]; then
      in_block=1 block=""
    fi
  done <"$guide"
  [ $n -gt 0 ] || { echo "run_examples: no marked blocks in $guide" >&2; return 1; }
  echo "run_examples: $n blocks of the guide are in the examples"
}
check_guide

dir=$(mktemp -d)
takt_pid="" broker_pid=""
stop() {
  local pid
  for pid in $takt_pid $broker_pid; do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap stop EXIT

# wait_for DESCRIPTION SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds.
wait_for() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { echo "run_examples: timed out waiting for $what" >&2; return 1; }
    sleep 0.1
  done
}
accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { kill -0 "$1" 2>/dev/null; }

# mosquitto cannot pick a free port itself: try random ones until one is ours.
for _ in $(seq 20); do
  port=$((20000 + RANDOM % 40000))
  accepts "$port" && continue
  printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n' "$port" >"$dir/mosquitto.conf"
  "$mosquitto" -c "$dir/mosquitto.conf" >"$dir/mosquitto.log" 2>&1 &
  broker_pid=$!
  if wait_for "mosquitto on $port" 10 bash -c "kill -0 $broker_pid 2>/dev/null || exit 0; (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || exit 1" &&
    alive "$broker_pid" && accepts "$port"; then
    break
  fi
  broker_pid=""
done
[ -n "$broker_pid" ] || { echo "run_examples: no port for mosquitto" >&2; cat "$dir/mosquitto.log" >&2; exit 1; }
mqtt_port=$port

# The first admin comes from the command line, while no server holds the journal.
db="sqlite:$dir/plant.db"
token=$("$takt" user add admin --role admin --db "$db" | tail -n 1)
"$takt" serve --db "$db" --listen 127.0.0.1:0 --mqtt "mqtt://127.0.0.1:$mqtt_port?host_id=takt-guide" \
  >"$dir/takt.log" 2>&1 &
takt_pid=$!
listening() { alive "$takt_pid" && grep -qs 'listening on http://' "$dir/takt.log"; }
wait_for "takt serve" 30 listening || { cat "$dir/takt.log" >&2; exit 1; }
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/takt.log" | tail -n 1)

export TAKT_URL=$url TAKT_TOKEN=$token TAKT_MQTT_HOST=127.0.0.1 TAKT_MQTT_PORT=$mqtt_port TAKT_HOST_ID=takt-guide
ran=0
for script in "$examples"/[0-9][0-9]-*.sh; do
  echo "run_examples: $(basename "$script")"
  if ! bash "$script"; then
    echo "run_examples: $(basename "$script") failed; the server's log:" >&2
    tail -n 40 "$dir/takt.log" >&2
    exit 1
  fi
  ran=$((ran + 1))
done
echo "run_examples: $ran examples passed"
