#!/usr/bin/env bash
# `make bench`: HTTP write and read throughput against a real `takt serve`, and restart time.
# Everything listens on 127.0.0.1 and stops when the script ends.
#   BENCH_SECONDS (default 10)   length of each wrk run
#   BENCH_RESTART_EVENTS (default "1000000 10000000")
#   BENCH_GENEALOGY_LOTS (default 10000000)   size of the synthetic genealogy
#   BENCH_ORDERS (default 1000)               work orders of 10 operations through the API
#   BENCH_READINGS (default 2000000)          machine readings posted over HTTP
#   BENCH_MQTT_MESSAGES (default 200000)      Sparkplug B DDATA messages through mosquitto
#   BENCH_PLAN_ORDERS (default 300)           released orders while two plans run (bench_plan_load)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
takt="$build/src/app/takt"
secs=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/takt-bench-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(uname -r); takt $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?')"
db="$work/bench.db"
export TOKEN=$("$takt" user add bench --role admin --db "sqlite:$db" | tail -1)
# Port 0: the server picks a free port and prints it.
"$takt" serve --db "sqlite:$db" --listen "127.0.0.1:0" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log")

curl -sf -X POST -H "Authorization: Bearer $TOKEN" -d '{"id":"kg","dimension":"mass"}' "$url/api/v1/units" > /dev/null

echo "== durable writes over HTTP (POST /api/v1/units, each acknowledged after fsync)"
for clients in 1 8 64; do
  threads=$(( clients < 2 ? 1 : 2 ))
  echo "-- $clients concurrent clients"
  wrk -t"$threads" -c"$clients" -d"${secs}s" -s "$here/post_units.lua" "$url" | grep -E "Requests/sec|Latency|non-201"
done

echo "== simple GETs (GET /api/v1/units/kg with token check)"
for clients in 8 64; do
  echo "-- $clients connections"
  wrk -t2 -c"$clients" -d"${secs}s" -s "$here/get_unit.lua" "$url/api/v1/units/kg" | grep -E "Requests/sec|Latency|non-2xx"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""
"$takt" verify --db "sqlite:$db"

echo "== restart time (snapshot every 100000 events)"
for n in ${BENCH_RESTART_EVENTS:-1000000 10000000}; do
  echo "-- $n events"
  "$build/bench/bench_restart" "$work/restart.db" "$n" 100000
  rm -f "$work"/restart.db*
done

echo "== genealogy traces: our lot graph against recursive CTEs on SQLite (same graph, same run)"
"$build/bench/bench_genealogy" --lots "${BENCH_GENEALOGY_LOTS:-10000000}"

echo "== execution: work orders of 10 operations, end to end through the API"
for clients in 8 32; do
  "$build/bench/bench_production" "${BENCH_ORDERS:-1000}" "$clients"
done

echo "== machine data over HTTP: batches of 10,000 readings, each acknowledged after fsync"
"$build/bench/bench_machine_data" "${BENCH_READINGS:-2000000}" 4 10000 500

echo "== Sparkplug B over MQTT: takt's durable ingestion against mosquitto's own delivery rate"
if [ -x "$build/bench/sparkplug/bench_mqtt" ]; then
  "$build/bench/sparkplug/bench_mqtt" --messages "${BENCH_MQTT_MESSAGES:-200000}"
else
  echo "bench_mqtt not built (mosquitto missing): skipped"
fi

echo "== KPI queries over a year of machine data for 500 work units (tallies against raw records)"
"$build/bench/bench_kpi" 500 365

echo "== plant scheduling: 1,000 open operations (branched routings, 4 setup families) planned, then repaired"
"$build/bench/bench_plan" 100 5 0.5 4

echo "== the API while plans run: GETs every 10 ms from 4 clients, with no plan, then while two 5 s plans of 300 orders run"
"$build/bench/bench_plan_load" "${BENCH_PLAN_ORDERS:-300}" 5 4

# A short pass of the scheduling benchmark; `make bench-schedule` runs the full one (60 s each).
echo "== scheduling engine (${SCHEDULE_SECONDS:-5} s per instance; make bench-schedule for 60 s)"
if [ -d "$here/../../shared/data/jobshop" ]; then
  "$build/bench/bench_schedule" "$here/../../shared/data" "${SCHEDULE_SECONDS:-5}" ${SCHEDULE_FAMILIES:-ft abz orb mk}
else
  echo "../shared/data not found: skipped"
fi

echo "== web UI in headless Chromium (bench/ui): every screen's load time and compressed JS+CSS"
if [ -f "$build/tests/e2e/bench_screens.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_screens.mjs" 10
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi

echo "== genealogy, recall and inventory screens in headless Chromium (bench/ui/genealogy.mjs), with a 401-lot graph"
if [ -f "$build/tests/e2e/bench_genealogy.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_genealogy.mjs" 10 200
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi

echo "== work orders screens (bench/ui/orders.mjs): load times and round trips with 500 more orders"
if [ -f "$build/tests/e2e/bench_orders.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_orders.mjs" 500 10
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi

echo "== plant board in headless Chromium (bench/ui): machine-data POST to the state shown, 200 units live"
if [ -f "$build/tests/e2e/bench_board_live.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_board_live.mjs" 250 200 20
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi

echo "== the operator terminal in headless Chromium (bench/ui/terminal.mjs): JS+CSS gzip, time to a clickable dispatch list"
if [ -f "$build/tests/e2e/bench_terminal.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_terminal.mjs" 10
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi

echo "== the schedule Gantt (bench/ui/gantt.mjs): 1,000 operations on 30 units, render and drag"
if [ -f "$build/tests/e2e/bench_gantt.mjs" ] && [ -x /usr/bin/chromium ]; then
  TAKT="$takt" node "$build/tests/e2e/bench_gantt.mjs" 5
else
  echo "the browser tests' packages or chromium are missing: skipped"
fi
