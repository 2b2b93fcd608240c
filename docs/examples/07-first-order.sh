#!/usr/bin/env bash
# Step 7: receive material, make ten drive pulleys on a work order from release to close, and
# read what happened: genealogy, planned against actual, stock, KPIs.
source "$(dirname "$0")/lib.sh"

# Receipts: `quantity` in `uom` (default: the material's), kept in the material's unit. 20 m of
# D20 bar are 49.4 kg. A lot received in quarantine may not be used until released.
bar=$(api POST /api/v1/material-lots 201 - <<'JSON'
{"id":"L-BAR20-001","material":"STEEL-BAR-20","quantity":20,"uom":"m","location":"WH-R01",
 "supplier":"Stahlhandel Nord","supplier_lot":"SN-4471"}
JSON
)
expect "$bar" '.uom == "kg" and .quantity == 49.4 and .status == "available"'
expires=$(date -u -d '+1 year' +%F)
for lot in \
  '{"id":"L-BAR20-002","material":"STEEL-BAR-20","quantity":30,"location":"WH-R01","status":"quarantine"}' \
  '{"id":"L-BAR40-001","material":"STEEL-BAR-40","quantity":40,"location":"WH-R01"}' \
  '{"id":"L-BRG-001","material":"BEARING-6204","quantity":100,"location":"WH-R01"}' \
  "{\"id\":\"L-GREASE-001\",\"material\":\"GREASE\",\"quantity\":1000,\"uom\":\"g\",\"location\":\"WH-R01\",\"expires_at\":\"$expires\"}" \
  '{"id":"L-BOX-001","material":"BOX-S","quantity":50,"location":"WH-R01"}'; do
  api POST /api/v1/material-lots 201 "$lot" >/dev/null
done

# The order copies the product definition's routing and BOM: later edits of the definition do
# not change it. Needs are in the materials' units: 10 x 0.25 m x 2.47 kg/m x 1.02 = 6.2985 kg.
due=$(date -u -d tomorrow +%Y-%m-%dT12:00:00Z)
order=$(api POST /api/v1/work-orders 201 \
  "{\"id\":\"WO-1001\",\"product_definition\":\"PD-DRIVE-PULLEY\",\"quantity\":10,\"due\":\"$due\",\"site\":\"BERLIN\"}")
expect "$order" '.status == "created" and ([.materials[] | .required] == [6.2985, 7.888, 20, 0.05, 10])'
# Release reserves what the order needs from usable stock at its site (and lists shortages).
released=$(api POST /api/v1/work-orders/WO-1001/release 200 '{}')
expect "$released" '.status == "released" and ([.materials[] | .short] | all(. == 0))'

# A plan puts every released operation on a unit, in the units' calendars, with changeovers
# from the setup matrix; the dispatch list shows each unit its work in that order.
plan=$(api POST /api/v1/schedules 201 '{"time_limit_s":1}')
expect "$plan" '(.operations | length) == 4 and .unschedulable == []'
expect "$plan" '([.operations[] | select(.operation == "OP20") | .start] | first) as $s
  | [.operations[] | select(.operation == "OP10" or .operation == "OP15") | .end] | all(. <= $s)'
api GET '/api/v1/dispatch?work_center=TURNING' 200 >/dev/null

ops=/api/v1/work-orders/WO-1001/operations
# Who and where: every operator must hold the step's qualification; the unit must belong to
# the step's work center (or class) at the order's site.
refused=$(api POST $ops/OP10/start 422 '{"work_unit":"LATHE-1","operators":["P-101"]}')
expect "$refused" '.error.field == "operators[0]"'
refused=$(api POST $ops/OP10/start 422 '{"work_unit":"ASSY-1","operators":["P-100"]}')
expect "$refused" '.error.field == "work_unit"'
api POST $ops/OP10/start 200 '{"work_unit":"LATHE-1","operators":["P-100"]}' >/dev/null
# Consumption names the lot, in any unit that converts: 2.5 m of bar are 6.175 kg. A held lot,
# or more than the BOM allows (without a deviation_reason), is refused.
held=$(api POST $ops/OP10/consume 409 '{"lot":"L-BAR20-002","quantity":2.5,"uom":"m"}')
expect "$held" '.error.field == "lot"'
api POST $ops/OP10/consume 200 '{"lot":"L-BAR20-001","quantity":2.5,"uom":"m"}' >/dev/null
api POST $ops/OP10/report 200 '{"good":10}' >/dev/null
api POST $ops/OP10/complete 200 '{}' >/dev/null
# OP15 started a branch: it could have run beside OP10, on any lathe of the site.
api POST $ops/OP15/start 200 '{"work_unit":"LATHE-2","operators":["P-100"]}' >/dev/null
api POST $ops/OP15/consume 200 '{"lot":"L-BAR40-001","quantity":0.8,"uom":"m"}' >/dev/null
api POST $ops/OP15/report 200 '{"good":10}' >/dev/null
api POST $ops/OP15/complete 200 '{}' >/dev/null
# OP20 joins both branches. Its bearings and grease are backflushed when it completes.
api POST $ops/OP20/start 200 '{"work_unit":"ASSY-1","operators":["P-200"]}' >/dev/null
api POST $ops/OP20/report 200 '{"good":10}' >/dev/null
api POST $ops/OP20/complete 200 '{}' >/dev/null
api POST $ops/OP30/start 200 '{"work_unit":"PACK-1","operators":["P-200"]}' >/dev/null
api POST $ops/OP30/report 200 '{"good":10}' >/dev/null
# The output lot; its id comes from the order's output_pattern, {order}-{seq}.
produced=$(api POST $ops/OP30/produce 201 '{"outputs":[{"quantity":10,"location":"FG-01"}]}')
expect "$produced" '[.lots[] | .id] == ["WO-1001-0001"]'
done_order=$(api POST $ops/OP30/complete 200 '{}')
expect "$done_order" '.status == "completed" and .produced == 10'
api POST /api/v1/work-orders/WO-1001/close 200 '{"reason":"delivered to stock"}' >/dev/null

# What it was made of (genealogy), planned against actual, what is left in stock.
trace=$(api GET '/api/v1/material-lots/WO-1001-0001/trace?direction=backward' 200)
expect "$trace" '[.lots[] | .lot] == ["L-BAR20-001","L-BAR40-001","L-BOX-001","L-BRG-001","L-GREASE-001"]'
performance=$(api GET /api/v1/work-orders/WO-1001/performance 200)
expect "$performance" '.status == "closed" and .planned_time_s == 4410'
expect "$performance" '.materials[0] | .consumed == 6.175 and .variance == -0.1235'
bar=$(api GET /api/v1/material-lots/L-BAR20-001 200)
expect "$bar" '.quantity == 43.225 and .consumed == 6.175'
# Incoming inspection passed: release the quarantine (a hold) with a reason.
api POST /api/v1/material-lots/L-BAR20-002/status 200 '{"status":"available","reason":"inspection passed"}' >/dev/null
balances=$(api GET '/api/v1/inventory/balances?by=material&material=STEEL-BAR-20' 200)
expect "$balances" '.items[0].quantity == 73.225 and .items[0].by_status == {"available":73.225}'

# KPIs of the whole site today, with each unit (units=true).
kpi=$(api GET '/api/v1/kpi?equipment=BERLIN&window=day&units=true' 200)
expect "$kpi" '.work_units == 4 and (.units | length) == 4 and .waterfall[0].step == "window"'
echo "07-first-order: WO-1001 closed, lot WO-1001-0001 made of $(jq .count <<<"$trace") lots"
