#!/usr/bin/env bash
# Step 4: how to make the drive pulley: a setup matrix for the lathes, and the product
# definition with its bill of materials (BOM) and its routing, which branches.
source "$(dirname "$0")/lib.sh"

# Changeover times between setup families on a class's units: the most specific rule wins ("*"
# is any family); staying in a family costs nothing unless a rule names it on both sides.
api POST /api/v1/setup-matrices 201 - >/dev/null <<'JSON'
{"id":"SM-LATHE","description":"Lathe changeovers between bar diameters","rules":[
  {"from":"*","to":"BAR-D20","setup_time_s":1200},
  {"from":"*","to":"BAR-D40","setup_time_s":1800},
  {"from":"BAR-D40","to":"BAR-D20","setup_time_s":900}]}
JSON

# To change a resource, PUT the whole document with the version it replaces: GET it, edit it,
# send it back. A stale version gets 409 and changes nothing.
lathe=$(api GET /api/v1/equipment-classes/CNC-LATHE 200)
updated=$(api PUT /api/v1/equipment-classes/CNC-LATHE 200 "$(jq '.setup_matrix = "SM-LATHE"' <<<"$lathe")")
expect "$updated" '.version == 2 and .setup_matrix == "SM-LATHE"'
stale=$(api PUT /api/v1/equipment-classes/CNC-LATHE 409 "$lathe")
expect "$stale" '.error.field == "version"'

# The routing lists its steps in execution order. Each step runs on a unit of one work center
# (`work_center`: the units under it) or of one equipment class (`equipment_class`: any unit of
# the class at the order's site), never both. A step follows the one before unless it lists
# `predecessors`: [] starts a branch, several join branches. Every branch must join before the
# last step. The BOM is per one unit of the product, in any unit that converts to the
# material's; `operation` says which step consumes the line, `backflush` that it is consumed
# by itself when that step completes.
api POST /api/v1/product-definitions 201 - >/dev/null <<'JSON'
{"id":"PD-DRIVE-PULLEY","description":"Turn shaft and hub, assemble, pack","product":"DRIVE-PULLEY",
 "routing":[
  {"id":"OP10","description":"Turn shaft","work_center":"TURNING","setup_family":"BAR-D20",
   "setup_time_s":600,"run_time_per_unit_s":45,"qualification":"CNC"},
  {"id":"OP15","description":"Turn hub","equipment_class":"CNC-LATHE","setup_family":"BAR-D40",
   "setup_time_s":900,"run_time_per_unit_s":90,"qualification":"CNC","predecessors":[]},
  {"id":"OP20","description":"Press bearings, grease, assemble","equipment_class":"ASSY-STATION",
   "setup_time_s":300,"run_time_per_unit_s":120,"qualification":"ASSEMBLY","predecessors":["OP10","OP15"]},
  {"id":"OP30","description":"Pack","equipment_class":"PACKER","run_time_per_unit_s":6}],
 "bom":[
  {"material":"STEEL-BAR-20","quantity":0.25,"uom":"m","scrap_allowance":0.02,"operation":"OP10"},
  {"material":"STEEL-BAR-40","quantity":0.08,"uom":"m","operation":"OP15"},
  {"material":"BEARING-6204","quantity":2,"uom":"pcs","operation":"OP20","backflush":true},
  {"material":"GREASE","quantity":5,"uom":"g","operation":"OP20","backflush":true},
  {"material":"BOX-S","quantity":1,"uom":"pcs","operation":"OP30","backflush":true}]}
JSON

# What the rules refuse: both a work center and a class; a BOM line whose unit does not
# convert to the material's; a predecessor that is not an earlier step.
both=$(api POST /api/v1/product-definitions 400 \
  '{"id":"PD-X","product":"DRIVE-PULLEY","routing":[{"id":"OP10","work_center":"TURNING","equipment_class":"CNC-LATHE"}]}')
expect "$both" '.error.field == "routing[0].equipment_class"'
no_conversion=$(api POST /api/v1/product-definitions 422 \
  '{"id":"PD-X","product":"DRIVE-PULLEY","bom":[{"material":"BEARING-6204","quantity":0.1,"uom":"kg"}]}')
expect "$no_conversion" '.error.field == "bom[0].uom"'
later=$(api POST /api/v1/product-definitions 422 - <<'JSON'
{"id":"PD-X","product":"DRIVE-PULLEY","routing":[
  {"id":"OP10","work_center":"TURNING","predecessors":["OP20"]},{"id":"OP20","work_center":"TURNING"}]}
JSON
)
expect "$later" '.error.field == "routing[0].predecessors[0]"'

pd=$(api GET /api/v1/product-definitions/PD-DRIVE-PULLEY 200)
# Replies list predecessors only where the routing branches.
expect "$pd" '[.routing[] | .predecessors] == [null, [], ["OP10","OP15"], null]'
echo "04-product: PD-DRIVE-PULLEY, $(jq '.routing | length' <<<"$pd") operations, $(jq '.bom | length' <<<"$pd") BOM lines"
