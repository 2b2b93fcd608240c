#!/usr/bin/env bash
# Step 3: personnel classes, qualifications and persons with their test results. An operation
# that names a qualification starts only with operators who hold it at that moment.
source "$(dirname "$0")/lib.sh"

api POST /api/v1/personnel-classes 201 '{"id":"OPERATOR","description":"Production operator"}' >/dev/null
# A pass lasts validity_days unless the result gives its own expires_at; 0 or none: no expiry.
api POST /api/v1/qualifications 201 '{"id":"CNC","description":"CNC lathe operation","validity_days":365}' >/dev/null
api POST /api/v1/qualifications 201 '{"id":"ASSEMBLY","description":"Assembly and torque control"}' >/dev/null

tested=$(date -u -d '30 days ago' +%Y-%m-%dT08:00:00Z)
retested=$(date -u -d '2 days ago' +%Y-%m-%dT08:00:00Z)
api POST /api/v1/persons 201 - >/dev/null <<JSON
{"id":"P-100","name":"Anna Schmidt","classes":["OPERATOR"],
 "qualifications":[{"qualification":"CNC","result":"pass","tested_at":"$tested"},
                   {"qualification":"ASSEMBLY","result":"pass","tested_at":"$tested"}]}
JSON
# For each qualification the latest test decides: Jonas failed his retest, so he may not run
# CNC operations any more (step 7 shows the refusal).
api POST /api/v1/persons 201 - >/dev/null <<JSON
{"id":"P-101","name":"Jonas Weber","classes":["OPERATOR"],
 "qualifications":[{"qualification":"CNC","result":"pass","tested_at":"$tested"},
                   {"qualification":"CNC","result":"fail","tested_at":"$retested"}]}
JSON
api POST /api/v1/persons 201 - >/dev/null <<JSON
{"id":"P-200","name":"Mia Fischer","classes":["OPERATOR"],
 "qualifications":[{"qualification":"ASSEMBLY","tested_at":"$tested"}]}
JSON

bad=$(api POST /api/v1/persons 400 '{"id":"P-300","name":"Lena Braun","qualifications":[{"qualification":"CNC"}]}')
expect "$bad" '.error.field == "qualifications[0].tested_at"'
echo "03-people: $(api GET /api/v1/persons 200 | jq '.items | length') persons"
