#!/usr/bin/env bash
# Step 8: errors. Every refusal has the body {"error":{"code","message","field"}}, `field` being
# the offending field's path in the request (or body, path, a query parameter, method,
# Authorization; null on 403), and changes nothing. Run it last: it retires LATHE-1's state
# model, and ends by tripping the throttle on wrong tokens.
source "$(dirname "$0")/lib.sh"

# error STATUS CODE FIELD METHOD PATH [BODY]: the request fails so, with that code and field
# (- for none: a 403 names no field).
error() {
  local reply field
  reply=$(api "$4" "$5" "$1" "${6-}")
  field=$([ "$3" = - ] && echo null || echo "\"$3\"")
  expect "$reply" ".error.code == \"$2\" and .error.field == $field and (.error.message | length > 0)"
}
error 400 invalid_argument body POST /api/v1/units '{"id":'                      # not JSON
error 400 invalid_argument colour POST /api/v1/units '{"id":"t","dimension":"mass","colour":"red"}'
error 400 invalid_argument dry GET '/api/v1/units?dry=1'                        # unknown parameter
error 400 invalid_argument 'events[0].time' POST /api/v1/machine-data \
  '{"events":[{"work_unit":"LATHE-1","time":"2026-01-01T08:00:00","state":"running"}]}'  # no zone
error 400 invalid_argument routing[0].run_time_per_unit_s POST /api/v1/product-definitions \
  '{"id":"PD-Y","product":"DRIVE-PULLEY","routing":[{"id":"OP10","work_center":"TURNING","run_time_per_unit_s":-1}]}'
TOKEN=takt_wrong error 401 unauthenticated Authorization GET /api/v1/me
auditor=$(api POST /api/v1/users 201 '{"name":"auditor","role":"viewer"}' | jq -r .token)
TOKEN=$auditor error 403 permission_denied - POST /api/v1/work-orders/WO-1001/hold '{"reason":"x"}'
error 404 not_found id GET /api/v1/equipment/LATHE-9
error 404 no_route path GET /api/v1/lathes
error 405 method_not_allowed method DELETE /api/v1/kpi
error 409 conflict id POST /api/v1/units '{"id":"kg","dimension":"mass"}'    # ids are never reused
error 409 conflict status POST /api/v1/work-orders/WO-1001/release '{}'       # closed already
error 413 too_large body POST /api/v1/units "$(head -c 1100000 /dev/zero | tr '\0' ' ')"
error 422 unprocessable parent POST /api/v1/equipment '{"id":"X","level":"area","parent":"TURNING"}'

# Not refused: retiring what others still name (only equipment checks its children). LATHE-1's
# class names ACME-LATHE; retired, its units count in `simple`, history too: E-205 means nothing there.
api DELETE /api/v1/state-models/ACME-LATHE 200 >/dev/null
state=$(api GET /api/v1/equipment/LATHE-1/machine-state 200)
expect "$state" '.state_model == "simple"'
kpi=$(api GET "/api/v1/kpi?equipment=LATHE-1&from=$(date -u -d '3 days ago' +%FT%TZ)" 200)
expect "$kpi" 'any(.pareto[]; .code == "E-205")'

# 429: after 10 wrong tokens in a row from one address, its requests are refused for a while
# (Retry-After, doubling up to 5 minutes), right tokens too; a right token after that clears it.
for _ in $(seq 10); do TOKEN=takt_wrong api GET /api/v1/me 401 >/dev/null; done
error 429 too_many_requests Authorization GET /api/v1/me
deadline=$((SECONDS + 10))
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TAKT_TOKEN" "$TAKT_URL/api/v1/me")" = 200 ]; do
  [ $SECONDS -lt $deadline ] || { echo "FAILED: still throttled" >&2; exit 1; }
  sleep 0.5
done
echo "08-errors: 400 401 403 404 405 409 413 422 429 as documented"
