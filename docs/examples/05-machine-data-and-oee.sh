#!/usr/bin/env bash
# Step 5: what OEE needs, and yesterday's early shift of LATHE-1 sent as machine data, with
# its OEE worked out by hand and checked against Takt's.
source "$(dirname "$0")/lib.sh"

# Downtime reasons form a tree; a reason may move its stops to another time element (and loss).
for reason in \
  '{"id":"MECHANICAL","description":"Mechanical failure"}' \
  '{"id":"TOOL-BREAK","description":"Broken or worn tool","parent":"MECHANICAL"}' \
  '{"id":"CHANGEOVER","description":"Changeover to another part","element":"ASUT"}' \
  '{"id":"MATERIAL","description":"Waiting for material","element":"ADOT","loss":"idle"}'; do
  api POST /api/v1/downtime-reasons 201 "$reason" >/dev/null
done

# A state model says what each state a machine sends counts as. The built-in `simple` and
# `packml` are read only: to add the lathes' stop codes, post a copy under another id.
simple=$(api GET /api/v1/state-models/simple 200)
expect "$simple" '.built_in == true and .minor_stop_s == 120'
api PUT /api/v1/state-models/simple 409 "$simple" >/dev/null
api POST /api/v1/state-models 201 "$(jq '.id = "ACME-LATHE" | .description = "Lathe states and alarm codes"
  | .reason_codes = [{"code":"E-205","reason":"TOOL-BREAK"}]' <<<"$simple")" >/dev/null
lathe=$(api GET /api/v1/equipment-classes/CNC-LATHE 200)
api PUT /api/v1/equipment-classes/CNC-LATHE 200 "$(jq '.state_model = "ACME-LATHE"' <<<"$lathe")" >/dev/null

# The shift calendar of every unit under BERLIN, in the site's time zone: two shifts every day,
# each with a half-hour break. Holidays are local dates on which no shift starts.
holiday=$(TZ=Europe/Berlin date -d '+10 days' +%F)
api POST /api/v1/shift-calendars 201 - >/dev/null <<JSON
{"id":"BERLIN-2X8","description":"Two shifts, every day","scope":"BERLIN","shifts":[
  {"id":"early","days":[1,2,3,4,5,6,7],"start":"06:00","end":"14:00","breaks":[{"start":"10:00","end":"10:30"}]},
  {"id":"late","days":[1,2,3,4,5,6,7],"start":"14:00","end":"22:00","breaks":[{"start":"18:00","end":"18:30"}]}],
 "holidays":["$holiday"]}
JSON
# One calendar per scope; a work center or unit may have its own, which wins below it.
second=$(api POST /api/v1/shift-calendars 409 '{"id":"BERLIN-3X8","scope":"BERLIN","shifts":[]}')
expect "$second" '.error.field == "scope"'

# Machines send readings through a gateway user of their own (an operator). Issue its token:
# this also revokes any earlier one.
gateway_token=$(api POST /api/v1/users/line1-gateway/token 200 | jq -r .token)

# Yesterday's early shift on LATHE-1, Berlin time. `at HH:MM` gives that local time in UTC.
day=$(TZ=Europe/Berlin date -d yesterday +%F)
at() { date -u -d "TZ=\"Europe/Berlin\" $day $1" +%Y-%m-%dT%H:%M:%SZ; }
reading() { # reading HH:MM FIELDS: one reading of LATHE-1
  printf '{"work_unit":"LATHE-1","time":"%s",%s}' "$(at "$1")" "$2"
}
# A state holds from its time until the next state: [s, e). The good parts come from a counter
# (`cumulative`: the machine's running total; its first reading is the baseline), the rejects
# as increments. A count stamped t holds what was made up to t: the 14:00 readings belong to the
# early shift, which ends at 14:00.
readings=(
  "$(reading 06:00 '"state":"setup"')"
  "$(reading 06:00 '"good":1000,"cumulative":true')"
  "$(reading 06:30 '"state":"running"')"
  "$(reading 09:00 '"state":"unplanned_stop","reason":"E-205"')"
  "$(reading 09:00 '"reject":20')"
  "$(reading 09:45 '"state":"running"')"
  "$(reading 10:00 '"state":"planned_stop"')"
  "$(reading 10:00 '"good":1200,"cumulative":true')"
  "$(reading 10:30 '"state":"running"')"
  "$(reading 12:30 '"state":"starved"')"
  "$(reading 12:44 '"state":"running"')"
  "$(reading 13:30 '"state":"idle"')"
  "$(reading 13:31 '"state":"running"')"
  "$(reading 13:59 '"value":41.5,"name":"spindle_temp_c"')"
  "$(reading 14:00 '"good":1405,"cumulative":true')"
  "$(reading 14:00 '"reject":7')"
  "$(reading 14:30 '"good":1450,"cumulative":true')"
)
# `source` and `seq` (one per reading) make a retry harmless: readings already applied are
# skipped and counted as duplicates.
batch=$(printf '%s\n' "${readings[@]}" | jq -s '{source:"line1-gateway", events: [to_entries[] | .value + {seq: (.key + 1)}]}')
first=$(TOKEN=$gateway_token api POST /api/v1/machine-data 200 "$batch")
expect "$first" '.accepted == 17 and .duplicates == 0'
again=$(TOKEN=$gateway_token api POST /api/v1/machine-data 200 "$batch")
expect "$again" '.accepted == 0 and .duplicates == 17'
# The same format written out: one reading of each kind, for LATHE-2, now.
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
raw=$(TOKEN=$gateway_token api POST /api/v1/machine-data 200 - <<JSON
{"source":"line1-gateway","events":[
  {"work_unit":"LATHE-2","time":"$now","state":"running","seq":18},
  {"work_unit":"LATHE-2","time":"$now","good":73110,"cumulative":true,"seq":19},
  {"work_unit":"LATHE-2","time":"$now","reject":1,"seq":20},
  {"work_unit":"LATHE-2","time":"$now","value":38.2,"name":"spindle_temp_c","seq":21}]}
JSON
)
expect "$raw" '.accepted == 4'

# A batch is all or nothing: one bad reading refuses it, named by its index.
bad=$(TOKEN=$gateway_token api POST /api/v1/machine-data 422 \
  "{\"events\":[$(reading 14:10 '"good":5'),$(reading 14:20 '"state":"exploded"')]}")
expect "$bad" '.error.field == "events[1].state"'
# A reading may arrive at most the state model's late_window_s (3600 s) behind its unit's newest.
late=$(TOKEN=$gateway_token api POST /api/v1/machine-data 422 "{\"events\":[$(reading 12:00 '"reject":1')]}")
expect "$late" '.error.field == "events[0].time"'

# The early shift, worked out by hand (seconds):
#   window 06:00-14:00                         28800
#   break 10:00-10:30, machine in planned_stop  1800  planned downtime
#   planned busy time PBT = 28800 - 1800       27000
#   setup 06:00-06:30                           1800  ASUT
#   unplanned_stop 09:00-09:45 (E-205)          2700  ADET, one failure: TOOL-BREAK
#   starved 12:30-12:44                          840  ADOT
#   idle 13:30-13:31 (< minor_stop_s 120)         60  ADOT, a minor stop
#   running APT = 27000 - 1800 - 2700 - 840 - 60  = 21600
#   good 1405 - 1000 = 405, reject 20 + 7 = 27, produced 432; ideal cycle 45 s (LATHE-1's own)
#   availability = APT / PBT = 21600 / 27000            = 0.8
#   effectiveness = 432 x 45 / APT = 19440 / 21600      = 0.9
#   quality = 405 / 432                                 = 0.9375
#   OEE = 405 x 45 / PBT = 18225 / 27000 = 0.8 x 0.9 x 0.9375 = 0.675
kpi=$(api GET "/api/v1/kpi?equipment=LATHE-1&window=shift&at=$(at 10:00)" 200)
expect "$kpi" ".window == {from: \"$(at 06:00)\", to: \"$(at 14:00)\"}"
expect "$kpi" '.time_s.window == 28800 and .elements_s.PBT == 27000 and .elements_s.APT == 21600'
expect "$kpi" '.elements_s.ASUT == 1800 and .elements_s.ADET == 2700 and .elements_s.ADOT == 900'
expect "$kpi" '.counts.produced == 432 and .counts.good == 405 and .counts.reject == 27'
expect "$kpi" '.kpi.availability_iso == 0.8 and .kpi.effectiveness_iso == 0.9 and .kpi.quality_ratio == 0.9375'
expect "$kpi" '.kpi.oee == 0.675 and .kpi.failures == 1 and .kpi.mttr_s == 2700 and .kpi.mtbf_s == 21600'
expect "$kpi" '.time_s.minor_stops == 60 and .pareto[0].reason == "TOOL-BREAK" and .pareto[0].s == 2700'
# The 14:30 counter reading (45 parts) belongs to the late shift; shifts add up to the day.
late_shift=$(api GET "/api/v1/kpi?equipment=LATHE-1&window=shift&at=$(at 15:00)" 200)
expect "$late_shift" '.counts.good == 45'
off_shift=$(api GET "/api/v1/kpi?equipment=LATHE-1&window=shift&at=$(at 23:00)" 404)
expect "$off_shift" '.error.field == "at"'
whole_day=$(api GET "/api/v1/kpi?equipment=BERLIN&window=day&at=$(at 12:00)" 200)
expect "$whole_day" '.counts.good == 450 and .counts.reject == 27 and .work_units == 4'

# The operator says what the setup at 06:00 was: a changeover. Every KPI that touches it changes.
api POST /api/v1/equipment/LATHE-1/stops/classify 200 "{\"start\":\"$(at 06:00)\",\"reason\":\"CHANGEOVER\"}" >/dev/null
stops=$(api GET "/api/v1/equipment/LATHE-1/stops?from=$(at 06:00)&to=$(at 14:00)" 200)
expect "$stops" '[.stops[] | select(.state == "setup") | .reason] == ["CHANGEOVER"]'
kpi=$(api GET "/api/v1/kpi?equipment=LATHE-1&window=shift&at=$(at 10:00)" 200)
expect "$kpi" '[.pareto[] | .reason // .state] == ["TOOL-BREAK","CHANGEOVER","starved","idle"]'

state=$(api GET /api/v1/equipment/LATHE-1/machine-state 200)
expect "$state" '.state == "running" and .state_model == "ACME-LATHE" and .process_values.spindle_temp_c.value == 41.5'
echo "05-machine-data-and-oee: LATHE-1 early shift $day: OEE $(jq .kpi.oee <<<"$kpi")"
