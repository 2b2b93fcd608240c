#!/usr/bin/env bash
# Step 6: Sparkplug B. Signal mappings say which metric of which edge node (and device) means
# what for which work unit. Then, when TAKT_MQTT_HOST and TAKT_MQTT_PORT name the broker that
# `takt serve --mqtt mqtt://HOST:PORT?host_id=ID` uses (TAKT_HOST_ID: that ID, default takt),
# this script plays the edge node with mosquitto_pub, its payloads written as protobuf text and
# encoded by protoc with Takt's schema.
source "$(dirname "$0")/lib.sh"

# Edge node Line1-Gateway of group Berlin, device Packer: the packer PACK-1 (PackML states).
# Counts are counter readings unless "cumulative": false; a process value takes its `name`.
for mapping in \
  '{"id":"PACK-1-STATE","group":"Berlin","edge_node":"Line1-Gateway","device":"Packer","metric":"PackML/StateCurrent","work_unit":"PACK-1","signal":"state"}' \
  '{"id":"PACK-1-GOOD","group":"Berlin","edge_node":"Line1-Gateway","device":"Packer","metric":"Counts/Good","work_unit":"PACK-1","signal":"good"}' \
  '{"id":"PACK-1-REJECT","group":"Berlin","edge_node":"Line1-Gateway","device":"Packer","metric":"Counts/Reject","work_unit":"PACK-1","signal":"reject"}' \
  '{"id":"PACK-1-TEMP","group":"Berlin","edge_node":"Line1-Gateway","device":"Packer","metric":"Motor/Temperature","work_unit":"PACK-1","signal":"process_value","name":"motor_temp_c"}'; do
  api POST /api/v1/signal-mappings 201 "$mapping" >/dev/null
done
mappings=$(api GET '/api/v1/signal-mappings?work_unit=PACK-1' 200)
expect "$mappings" '.items | length == 4'
twice=$(api POST /api/v1/signal-mappings 409 \
  '{"id":"PACK-1-GOOD-2","group":"Berlin","edge_node":"Line1-Gateway","device":"Packer","metric":"Counts/Good","work_unit":"PACK-1","signal":"total"}')
expect "$twice" '.error.field == "metric"'
bad=$(api POST /api/v1/signal-mappings 400 \
  '{"id":"X","group":"Berlin/1","edge_node":"N","metric":"m","work_unit":"PACK-1","signal":"state"}')
expect "$bad" '.error.field == "group"'

if [ -z "${TAKT_MQTT_HOST-}" ]; then
  echo "06-sparkplug: mappings made; set TAKT_MQTT_HOST and TAKT_MQTT_PORT to play the edge node too"
  exit 0
fi
mqtt=(-h "$TAKT_MQTT_HOST" -p "${TAKT_MQTT_PORT:-1883}")
proto=${SPARKPLUG_PROTO:-$(dirname "$0")/../../src/connect/sparkplug/sparkplug_b.proto}
# publish TYPE/NODE[/DEVICE] < protobuf text: one Sparkplug message of group Berlin.
publish() {
  protoc --encode=takt.sparkplug.wire.Payload -I "$(dirname "$proto")" "$(basename "$proto")" |
    mosquitto_pub "${mqtt[@]}" -t "spBv1.0/Berlin/$1" -s
}
# until_state STATE: waits (at most 10 s) for PACK-1's machine-state to be STATE.
until_state() {
  local deadline=$((SECONDS + 10))
  until api GET /api/v1/equipment/PACK-1/machine-state 200 | jq -e ".state == \"$1\"" >/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "FAILED: PACK-1 never went $1" >&2; exit 1; }
    sleep 0.1
  done
}

# An edge node waits for its primary host's STATE (retained) to say online before its births.
host_state=$(mosquitto_sub "${mqtt[@]}" -t "spBv1.0/STATE/${TAKT_HOST_ID:-takt}" -C 1 -W 10)
expect "$host_state" '.online == true'

t0=$(($(date +%s%3N) - 20000)) # the edge's clock, in ms; 20 s ago so that every reading is past
# NBIRTH: a new session (bdSeq), seq 0. DBIRTH: every metric of the device with its alias and
# datatype (3 Int32, 8 UInt64, 10 Double). A birth sets the state and the counters' baselines.
publish NBIRTH/Line1-Gateway <<EOF
timestamp: $t0 seq: 0
metrics { name: "bdSeq" datatype: 8 long_value: 0 }
metrics { name: "Node Control/Rebirth" datatype: 11 boolean_value: false }
EOF
publish DBIRTH/Line1-Gateway/Packer <<EOF
timestamp: $t0 seq: 1
metrics { name: "PackML/StateCurrent" alias: 1 datatype: 3 int_value: 6 }
metrics { name: "Counts/Good" alias: 2 datatype: 8 long_value: 5000 }
metrics { name: "Counts/Reject" alias: 3 datatype: 8 long_value: 12 }
metrics { name: "Motor/Temperature" alias: 4 datatype: 10 double_value: 38.5 }
EOF
until_state 6 # PackML 6, Execute: producing
# DDATA by alias, each metric with the time it was read: 60 good, 1 reject, then Held (11).
publish DDATA/Line1-Gateway/Packer <<EOF
timestamp: $((t0 + 6000)) seq: 2
metrics { alias: 2 timestamp: $((t0 + 5000)) long_value: 5060 }
metrics { alias: 3 timestamp: $((t0 + 5000)) long_value: 13 }
metrics { alias: 4 timestamp: $((t0 + 5000)) double_value: 41.5 }
metrics { alias: 1 timestamp: $((t0 + 6000)) int_value: 11 }
EOF
until_state 11
kpi=$(api GET "/api/v1/kpi?equipment=PACK-1&from=$(date -u -d "@$((t0 / 1000 - 1))" +%FT%TZ)" 200)
expect "$kpi" '.counts.good == 60 and .counts.reject == 1'
state=$(api GET /api/v1/equipment/PACK-1/machine-state 200)
expect "$state" '.state_model == "packml" and .element == "ADET" and .process_values.motor_temp_c.value == 41.5'

# The node dies (its Will, or a clean NDEATH with the birth's bdSeq): every unit mapped to it or
# its devices goes no_data, never left "running".
publish NDEATH/Line1-Gateway <<EOF
timestamp: $t0
metrics { name: "bdSeq" datatype: 8 long_value: 0 }
EOF
until_state no_data
# The journal keeps each node's session (its bdSeq), so a restarted Takt can tell a stale Will.
journal=$(api GET '/api/v1/journal?limit=1000' 200)
expect "$journal" '[.events[] | select(.type == "machine_data.session") | .payload] == [{"source":"spb:Berlin/Line1-Gateway","session":0}]'
echo "06-sparkplug: PACK-1 born, 60 good counted, dead: no_data"
