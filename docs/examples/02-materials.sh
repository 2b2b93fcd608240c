#!/usr/bin/env bash
# Step 2: material classes and material definitions, each with the unit its stock is kept in
# and the conversions particular to it.
source "$(dirname "$0")/lib.sh"

api POST /api/v1/material-classes 201 - >/dev/null <<'JSON'
{"id":"RAW-METAL","description":"Bar stock","properties":[
  {"id":"grade","type":"string"},
  {"id":"certificate_required","type":"boolean","value":true}]}
JSON
for class in '{"id":"PURCHASED","description":"Bought-in parts and consumables"}' \
  '{"id":"FINISHED-GOOD","description":"Sold to customers"}'; do
  api POST /api/v1/material-classes 201 "$class" >/dev/null
done

# `uom` is the unit stock, reservations and BOM needs are kept in. A conversion says what one of
# another unit is in that unit: bar stock is kept in kg, and one metre of D20 bar weighs 2.47 kg.
# Units of the same dimension need no conversion (g to kg comes from the units' factors).
api POST /api/v1/material-definitions 201 - >/dev/null <<'JSON'
{"id":"STEEL-BAR-20","description":"Round bar D20, 42CrMo4","uom":"kg","classes":["RAW-METAL"],
 "properties":[{"id":"grade","type":"string","value":"42CrMo4"}],
 "conversions":[{"uom":"m","factor":2.47}]}
JSON
api POST /api/v1/material-definitions 201 - >/dev/null <<'JSON'
{"id":"STEEL-BAR-40","description":"Round bar D40, 42CrMo4","uom":"kg","classes":["RAW-METAL"],
 "properties":[{"id":"grade","type":"string","value":"42CrMo4"}],
 "conversions":[{"uom":"m","factor":9.86}]}
JSON
for material in \
  '{"id":"BEARING-6204","description":"Ball bearing 6204-2RS","uom":"pcs","classes":["PURCHASED"]}' \
  '{"id":"GREASE","description":"Lithium grease NLGI 2","uom":"kg","classes":["PURCHASED"]}' \
  '{"id":"BOX-S","description":"Cardboard box 200 x 200 x 100","uom":"pcs","classes":["PURCHASED"]}' \
  '{"id":"DRIVE-PULLEY","description":"Drive pulley assembly DP-20","uom":"pcs","classes":["FINISHED-GOOD"]}'; do
  api POST /api/v1/material-definitions 201 "$material" >/dev/null
done

# A reference to something that does not exist is refused with 422, naming the field.
unknown=$(api POST /api/v1/material-definitions 422 \
  '{"id":"WIRE","uom":"kg","conversions":[{"uom":"ft","factor":0.02}]}')
expect "$unknown" '.error.field == "conversions[0].uom"'

bar=$(api GET /api/v1/material-definitions/STEEL-BAR-20 200)
expect "$bar" '.version == 1 and .conversions == [{"uom":"m","factor":2.47}]'
echo "02-materials: $(api GET /api/v1/material-definitions 200 | jq '.items | length') material definitions"
