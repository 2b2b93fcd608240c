#!/usr/bin/env bash
# Step 1: units of measure, equipment classes and the equipment hierarchy of one plant,
# Acme Drives' plant in Berlin: two lathes, an assembly station, a packer, two stores.
source "$(dirname "$0")/lib.sh"

# Units: one of a unit is `factor` of its dimension's base unit (the unit with factor 1).
# Units of one dimension convert into each other; across dimensions only a material's own
# conversions do (step 2).
for unit in \
  '{"id":"kg","description":"kilogram","dimension":"mass"}' \
  '{"id":"g","description":"gram","dimension":"mass","factor":0.001}' \
  '{"id":"pcs","description":"pieces","dimension":"count"}' \
  '{"id":"m","description":"metre","dimension":"length"}' \
  '{"id":"mm","description":"millimetre","dimension":"length","factor":0.001}' \
  '{"id":"s","description":"second","dimension":"time"}' \
  '{"id":"min","description":"minute","dimension":"time","factor":60}'; do
  api POST /api/v1/units 201 "$unit" >/dev/null
done

# Equipment classes declare properties (a value is the default) and say how their machines
# count: `state_model` (default `simple`) and the property `ideal_cycle_s` that OEE needs.
api POST /api/v1/equipment-classes 201 - >/dev/null <<'JSON'
{"id":"CNC-LATHE","description":"CNC turning centre","properties":[
  {"id":"max_rpm","type":"number","description":"spindle speed limit"},
  {"id":"ideal_cycle_s","type":"number","uom":"s","value":60,"description":"ideal time of one part"}]}
JSON
api POST /api/v1/equipment-classes 201 - >/dev/null <<'JSON'
{"id":"ASSY-STATION","description":"Manual assembly station","properties":[
  {"id":"ideal_cycle_s","type":"number","uom":"s","value":120}]}
JSON
api POST /api/v1/equipment-classes 201 - >/dev/null <<'JSON'
{"id":"PACKER","description":"Case packer with PackML states","state_model":"packml","properties":[
  {"id":"ideal_cycle_s","type":"number","uom":"s","value":6}]}
JSON

# The hierarchy, top down: each node names its parent, which must exist already.
# enterprise > site > area > work_center > work_unit; storage_zone under a site or an area,
# storage_unit under a storage_zone. A site needs an IANA time zone: shifts, days and weeks
# are reckoned in it.
api POST /api/v1/equipment 201 '{"id":"ACME","description":"Acme Drives","level":"enterprise"}' >/dev/null
api POST /api/v1/equipment 201 - >/dev/null <<'JSON'
{"id":"BERLIN","description":"Berlin plant","level":"site","parent":"ACME","time_zone":"Europe/Berlin"}
JSON
for node in \
  '{"id":"MACHINING","level":"area","parent":"BERLIN"}' \
  '{"id":"ASSEMBLY","level":"area","parent":"BERLIN"}' \
  '{"id":"TURNING","description":"Turning cell","level":"work_center","parent":"MACHINING"}' \
  '{"id":"ASSY-LINE","description":"Assembly line 1","level":"work_center","parent":"ASSEMBLY"}' \
  '{"id":"LATHE-2","level":"work_unit","parent":"TURNING","classes":["CNC-LATHE"]}' \
  '{"id":"ASSY-1","level":"work_unit","parent":"ASSY-LINE","classes":["ASSY-STATION"]}' \
  '{"id":"PACK-1","level":"work_unit","parent":"ASSY-LINE","classes":["PACKER"]}' \
  '{"id":"WH","description":"Raw material store","level":"storage_zone","parent":"BERLIN"}' \
  '{"id":"WH-R01","description":"Rack 1","level":"storage_unit","parent":"WH"}' \
  '{"id":"FG","description":"Finished goods","level":"storage_zone","parent":"ASSEMBLY"}' \
  '{"id":"FG-01","level":"storage_unit","parent":"FG"}'; do
  api POST /api/v1/equipment 201 "$node" >/dev/null
done
# A unit's own property overrides its class's default: this lathe's ideal cycle is 45 s.
api POST /api/v1/equipment 201 - >/dev/null <<'JSON'
{"id":"LATHE-1","description":"Okuma LB3000","level":"work_unit","parent":"TURNING","classes":["CNC-LATHE"],
 "properties":[{"id":"ideal_cycle_s","type":"number","uom":"s","value":45},
               {"id":"serial_number","type":"string","value":"OKU-11872"}]}
JSON

# The rules refuse what does not fit, naming the field.
no_zone=$(api POST /api/v1/equipment 400 '{"id":"HAMBURG","level":"site","parent":"ACME"}')
expect "$no_zone" '.error.field == "time_zone"'
misplaced=$(api POST /api/v1/equipment 422 '{"id":"DRILL-1","level":"work_unit","parent":"MACHINING"}')
expect "$misplaced" '.error.field == "parent"'
mistyped=$(api POST /api/v1/equipment 422 - <<'JSON'
{"id":"LATHE-3","level":"work_unit","parent":"TURNING","classes":["CNC-LATHE"],
 "properties":[{"id":"ideal_cycle_s","type":"string","value":"fast"}]}
JSON
)
expect "$mistyped" '.error.field == "properties[0].type"'
# Nothing is deleted: DELETE retires, and only a node without active children.
in_use=$(api DELETE /api/v1/equipment/TURNING 409)
expect "$in_use" '.error.code == "conflict"'

units=$(api GET '/api/v1/equipment?level=work_unit&parent=TURNING' 200)
expect "$units" '[.items[].id] == ["LATHE-1","LATHE-2"]'
echo "01-hierarchy: site BERLIN with $(api GET '/api/v1/equipment?level=work_unit' 200 | jq '.items | length') work units"
