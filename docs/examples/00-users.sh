#!/usr/bin/env bash
# Step 0: users, roles and tokens. The admin whose token is TAKT_TOKEN was made with
#   takt user add admin --role admin --db sqlite:plant.db      (before the server starts)
# Everyone else is made through the API while the server runs.
source "$(dirname "$0")/lib.sh"

# Health needs no token: it says whether the journal is intact and writable.
health=$(curl -sS "$TAKT_URL/api/v1/health")
expect "$health" '.status == "ok" and .chain == "keyed"'
me=$(api GET /api/v1/me 200)
expect "$me" '.role == "admin"'

# One user per person or system. A gateway that posts machine data is an operator; a
# dashboard is a viewer; a planner who releases orders and plans is a supervisor.
gateway=$(api POST /api/v1/users 201 '{"name":"line1-gateway","role":"operator"}')
dashboard=$(api POST /api/v1/users 201 '{"name":"andon-board","role":"viewer"}')
api POST /api/v1/users 201 '{"name":"planner","role":"supervisor"}' >/dev/null
# The token is in this reply and nowhere else (Takt keeps only its hash): hand it over now.
viewer_token=$(jq -r .token <<<"$dashboard")
expect "$gateway" '.token | startswith("takt_")'

# A viewer reads but may not write (403); a request without a valid token gets 401.
TOKEN=$viewer_token api GET /api/v1/me 200 >/dev/null
denied=$(TOKEN=$viewer_token api POST /api/v1/units 403 '{"id":"kg","dimension":"mass"}')
expect "$denied" '.error.code == "permission_denied"'
TOKEN=takt_not-a-token api GET /api/v1/me 401 >/dev/null

# A new token revokes the old one at once; /disable (with a reason) stops a user altogether.
rotated=$(api POST /api/v1/users/andon-board/token 200)
TOKEN=$viewer_token api GET /api/v1/me 401 >/dev/null
TOKEN=$(jq -r .token <<<"$rotated") api GET /api/v1/me 200 >/dev/null
echo "00-users: users line1-gateway (operator), andon-board (viewer), planner (supervisor)"
